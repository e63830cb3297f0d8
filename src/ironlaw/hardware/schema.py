"""The catalog schema: devices and nodes, every number with its provenance.

A catalog file (YAML) holds ``sources`` (keyed references) and lists of ``devices`` and/or
``nodes``. Every number is written as ``{value: "3.35 TB/s", source: key}``, optionally with
``kind`` (overriding the source's kind, e.g. ``derived`` for a value computed from a datasheet
figure, stated in ``note``). Strings with units are parsed once, here, into SI floats.

Conventions: peak rates are per precision, ``dense`` always and ``sparse`` only where the device
has structured-sparsity hardware (flagged separately, never mixed); memory levels are listed from
fastest to slowest; link bandwidths are per direction; GB is 1e9 B and GiB 2**30 B.

The classes are frozen stdlib dataclasses, and importing this module imports no pydantic: a
command answered from the parsed-catalog cache (``hardware.catalog``) never needs it. A file is
validated by pydantic all the same (``CatalogFile.from_data``, through :func:`adapter`, built on
first use): a field's rules are ``Annotated`` metadata, ``Pydantic("Field", ge=1)`` standing for
``pydantic.Field(ge=1)`` (made only when pydantic builds the validator), and the rules between
fields (sparse >= dense, a range holds its value, ...) are ``__post_init__`` checks, which
pydantic reports as errors of the class they are in.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from ironlaw import dtypes, units
from ironlaw.errors import UserError
from ironlaw.provenance import Kind as ProvenanceKind
from ironlaw.provenance import Source
from ironlaw.table import Shown, Table, columns

if TYPE_CHECKING:
    from ironlaw.derive import Worked

PRECISIONS: tuple[str, ...] = dtypes.NAMES
Precision = Literal[PRECISIONS]  # type: ignore[valid-type]  # the names of ironlaw.dtypes
DeviceKind = Literal["gpu", "tpu", "npu", "cpu", "soc", "mcu", "accelerator"]
MemoryLevelKind = Literal["register", "l1", "l2", "l3", "sram", "hbm", "dram", "flash"]
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Pydantic:
    """``Annotated`` metadata that stands for pydantic's own: ``Pydantic("Field", ge=1)`` is
    ``pydantic.Field(ge=1)``, made when pydantic builds a validator of the field, so that
    defining the field imports no pydantic."""

    def __init__(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.name, self.args, self.kwargs = name, args, kwargs

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        import pydantic

        made = getattr(pydantic, self.name)(*self.args, **self.kwargs)
        if hasattr(made, "__get_pydantic_core_schema__"):  # a validator, Tag, Discriminator
            return made.__get_pydantic_core_schema__(source, handler)
        # a Field (alone in its Annotated): pydantic applies its constraints to the type
        return handler(Annotated[source, made])


@cache
def adapter(kind: Any) -> Any:
    """pydantic's ``TypeAdapter`` of ``kind`` (``CatalogFile``, say), built on first use: it
    validates raw data into the dataclasses and gives their JSON Schema."""
    from pydantic import TypeAdapter

    return TypeAdapter(kind)


class Strict:
    """The base of the catalog's classes: pydantic refuses a key a class has no field for."""

    __pydantic_config__: ClassVar[dict] = {"extra": "forbid"}


# every class is frozen; keyword-only, as in the files (a field with a default may come first)
frozen = dataclass(frozen=True, kw_only=True)


def _resolve_source(raw: Any, info: Any) -> Any:
    """A value's ``source``: a key of the file's sources (the validation context), or a
    source itself."""
    if isinstance(raw, str):
        sources = (info.context or {}).get("sources", {})
        if raw not in sources:
            known = ", ".join(sorted(sources)) or "none defined"
            raise ValueError(f"unknown source {raw!r}; the file's sources are: {known}")
        return sources[raw]
    return raw


@frozen
class Sourced(Strict):
    """A finite number in SI units with its provenance. Subclasses fix the dimension and the
    range: positive, and at most ``most``."""

    dimension: ClassVar[str] = "count"
    most: ClassVar[float] = math.inf

    # value and range are declared again, read in the dimension's units, by each subclass
    # (_sourced)
    value: float
    source: Annotated[Source, Pydantic("BeforeValidator", _resolve_source,
                                       json_schema_input_type=str | Source)]
    kind: ProvenanceKind | None = None
    note: str | None = None
    # the spread its source states (a datasheet's "70-85%", a calibration's residuals):
    # [low, high] around the value, in the same units; prediction intervals come from it, so
    # it is accepted on the efficiency parameters only (CatalogFile's check)
    range: tuple[float, float] | None = None

    @property
    def provenance_kind(self) -> str:
        return self.kind or self.source.kind

    def __post_init__(self) -> None:
        if self.range is not None and not self.range[0] <= self.value <= self.range[1]:
            raise ValueError(f"range {list(self.range)} must hold the value {self.value:g} "
                             "(low <= value <= high)")


def _sourced(dim: str, most: float = math.inf, name: str | None = None) -> type[Sourced]:
    """The class of a number of dimension ``dim``, positive and at most ``most``: its value
    (and range) written as a number in SI units or a string with a unit, ``units.parse``."""
    meaning = "a fraction in (0, 1]" if most == 1.0 else units.DIMENSIONS[dim].meaning
    example = "0.8" if most == 1.0 else units.DIMENSIONS[dim].example
    doc = (f"{meaning[0].upper()}{meaning[1:]} with its source: {{value: {example!r}, "
           "source: KEY}, KEY one of the file's sources")

    def parse(raw: Any) -> float:
        value = units.parse(raw, dim)  # refuses .inf and .nan
        if not value > 0:
            raise ValueError(f"must be positive, got {raw!r}")
        if value > most:
            raise ValueError(f"must be a fraction in (0, {most:g}], got {raw!r}")
        return value

    def parse_range(raw: Any) -> Any:
        if raw is None:
            return None
        if not isinstance(raw, (list, tuple)) or len(raw) != 2:
            raise ValueError(f"expected [low, high]; got {raw!r}")
        return tuple(parse(x) for x in raw)

    read = {"value": Annotated[float, Pydantic("BeforeValidator", parse,
                                               json_schema_input_type=float | str)],
            "range": Annotated[tuple[float, float] | None, Pydantic(
                "BeforeValidator", parse_range,
                json_schema_input_type=tuple[float | str, float | str] | None)]}
    name = name or f"Sourced_{dim}"
    cls = frozen(type(name, (Sourced,), {"dimension": dim, "most": most, "__doc__": doc,
                                         "__annotations__": read, "range": None,
                                         "__module__": __name__}))
    globals()[name] = cls  # pickle (the parsed-catalog cache) finds a class by module and name
    return cls


FlopRate = _sourced("flop_rate")
Bandwidth = _sourced("bandwidth")
Bytes = _sourced("bytes")
Time = _sourced("time")
Power = _sourced("power")
Usd = _sourced("usd")
Mass = _sourced("mass")
Count = _sourced("count")
Frequency = _sourced("frequency")
Fraction = _sourced("count", most=1.0, name="Sourced_fraction")


@frozen
class PeakClock(Frequency):  # type: ignore[valid-type,misc]
    """The clock the datasheet's peak rates assume, and what kind of clock it is: ``boost``
    (the highest clock, which dense matrix work does not hold: AMD's "peak theoretical" is
    computed at the max boost clock), ``sustained`` (a clock held under full load) or ``fixed``
    (the device has one clock). The gap to what GEMMs sustain is the efficiency's business."""

    basis: Literal["boost", "sustained", "fixed"]


@frozen
class Peak(Strict):
    """Peak rate at one precision: dense, and sparse where the hardware exploits sparsity."""

    dense: FlopRate
    sparse: FlopRate | None = None

    def __post_init__(self) -> None:
        if self.sparse is not None and self.sparse.value < self.dense.value:
            raise ValueError("sparse peak is below dense peak; expected sparse >= dense")


@frozen
class MemoryLevel(Strict):
    """One level of the memory hierarchy, as seen by the compute units; every level has a
    capacity (the working sets that fit are what the level is for)."""

    level: MemoryLevelKind
    name: str | None = None
    capacity: Bytes
    bandwidth: Bandwidth | None = None
    latency: Time | None = None


@frozen
class HostLink(Strict):
    """The link to the host (PCIe or an on-chip fabric); bandwidth per direction."""

    kind: Literal["pcie", "on-chip", "usb", "other"]
    generation: int | None = None
    lanes: int | None = None
    bandwidth_per_direction: Bandwidth


@frozen
class ScaleUpLink(Strict):
    """The device-to-device fabric inside a node (NVLink, Infinity Fabric, ICI, ...)."""

    name: str
    bandwidth_per_direction: Bandwidth
    links: int | None = None


@frozen
class DevicePower(Strict):
    tdp: Power
    idle: Power | None = None


Ident = Annotated[str, Pydantic("Field", pattern=ID_PATTERN)]


def _needs_other(what: str):
    """A validator: a mapping by ``what`` (precision, op kind) must name 'other', the value
    for the keys it does not name."""
    def check(mapping: dict) -> dict:
        if "other" not in mapping:
            raise ValueError(f"a per-{what} mapping needs an 'other' entry for the {what}s it "
                             "does not name, e.g. other: {value: ..., source: KEY}")
        return mapping
    return check


def _fraction_shape(raw: Any) -> str:
    """'one' for a single sourced value ({value, source}), 'mapping' for a mapping."""
    if isinstance(raw, dict) and "value" not in raw and "source" not in raw:
        return "mapping"
    return "one"


def _one_or_mapping(one, keys: tuple[str, ...], what: str):
    """A field that is one sourced value or a mapping {key: value, other: value}."""
    mapping = Annotated[dict[Literal[(*keys, "other")], one],  # type: ignore[misc]
                        Pydantic("AfterValidator", _needs_other(what))]
    return Annotated[Annotated[one, Pydantic("Tag", "one")]
                     | Annotated[mapping, Pydantic("Tag", "mapping")],
                     Pydantic("Discriminator", _fraction_shape)]


def _pick(field, key: str):
    """The sourced value of ``field`` (one value or a mapping) for ``key``: its own entry,
    else 'other'; None where a mapping names neither."""
    if isinstance(field, dict):
        return field.get(key) or field.get("other")
    return field


GemmFraction = _one_or_mapping(Fraction, PRECISIONS, "precision")
# the op kinds of frameworks.ops (the hardware layer cannot import it; a test keeps them equal)
OP_KINDS = ("matmul", "conv2d", "attention", "elementwise", "norm", "softmax", "pool", "reduce",
            "embedding", "copy", "cast", "concat", "gather", "view", "collective")
LaunchTime = _one_or_mapping(Time, OP_KINDS, "op kind")
KindFraction = _one_or_mapping(Fraction, OP_KINDS, "op kind")
UNION_TAGS = ("one", "mapping")  # left out of error paths (catalog._describe)


@frozen
class FlashAttention(Strict):
    """A framework's flash-attention kernel as a micro-benchmark measured it: per pass, the
    fraction of the dense peak it sustains on long sequences, f, and the keys per query at
    which it reaches half of that, n½. An attention op whose queries each see n keys runs at

        η(n) = f · n / (n + n½)          (dimensionless; n the mean keys a query sees)

    of the peak on its matrix FLOPs (the kernel's softmax hides inside: the benchmarks count
    only 4·b·h·s·n·d FLOPs, as ``frameworks.ops.attention``'s ``tensor_flops`` does);
    ``frameworks.cost.flash_efficiency`` computes it."""

    forward: Fraction
    backward: Fraction
    forward_kv_half: Count
    backward_kv_half: Count


@frozen
class Efficiency(Strict):
    """How close a device family gets to its datasheet peaks, and what each op costs to launch.

    GEMM efficiency = peak_fraction(p) · wave · tile · k/(k + k_half), where tiles of
    tile_m × tile_n spread over the device's compute units in waves (design.md §4), and
    peak_fraction(p) is one fraction for every precision p or a mapping {p: fraction, other:
    fraction} where micro-benchmarks measured each precision apart.
    """

    tile_m: Count
    tile_n: Count
    k_half: Count
    gemm_peak_fraction: GemmFraction
    vector_peak_fraction: KindFraction
    memory_fraction: Fraction
    eager_overhead: LaunchTime
    fused_overhead: Time
    # measured where a probe ran them (measure host): direct convolution kernels (oneDNN,
    # cuDNN) at a fraction of the peak, and GEMVs (one row tile: m ≤ tile_m/8) streaming
    # their weights at a fraction of the bandwidth; None: not modeled apart
    conv_peak_fraction: Fraction | None = None
    gemv_memory_fraction: Fraction | None = None
    # measured where a framework's own attention kernel ran (torch SDPA, flash backend): in
    # eager mode an attention op streams its K/V at this fraction of the bandwidth; None: at
    # memory_fraction (and in fused mode, where engines run their own kernels, always)
    attention_memory_fraction: Fraction | None = None
    # measured where a framework's flash-attention kernel ran (FlashAttention-2 in PyTorch):
    # in eager mode a flash attention op runs at η(n) of the dense peak (FlashAttention);
    # None: on the tiled-GEMM path (and in fused mode, where engines run their own kernels)
    flash_attention: FlashAttention | None = None

    def gemm_fraction(self, precision: str) -> float:
        """The GEMM peak fraction at ``precision`` (dimensionless, in (0, 1])."""
        return _pick(self.gemm_peak_fraction, precision).value

    def vector_fraction(self, kind: str) -> float:
        """The fraction of the vector rate R_vec that ops of ``kind`` reach off the matrix
        units (dimensionless, in (0, 1]): the kind's own where a probe measured it apart
        (a framework's pooling kernel may run far slower than its elementwise ones), else
        'other', or the one fraction for every kind."""
        return _pick(self.vector_peak_fraction, kind).value

    def eager_launch(self, kind: str) -> float:
        """Seconds of framework dispatch and launch an op of ``kind`` costs in eager mode: the
        kind's own where measured apart, else 'other'; a view pays only its own entry (0 when
        none: a view launches no kernel)."""
        t = self.eager_overhead
        if kind == "view":
            own = t.get("view") if isinstance(t, dict) else None
            return 0.0 if own is None else own.value
        return _pick(t, kind).value

    # parameters that make a prediction faster as they grow; the rest (k_half, overheads)
    # make it slower. Tiles have no direction: they are a menu, not a spread.
    FASTER_HIGH: ClassVar[tuple[str, ...]] = ("gemm_peak_fraction", "vector_peak_fraction",
                                              "memory_fraction", "conv_peak_fraction",
                                              "gemv_memory_fraction",
                                              "attention_memory_fraction")
    FASTER_LOW: ClassVar[tuple[str, ...]] = ("k_half", "eager_overhead", "fused_overhead")

    def at(self, end: Literal["fast", "slow"]) -> Efficiency:
        """These parameters with each one that has a ``range`` at the end of it that makes
        predictions fast (high fractions, low k_half and overheads) or slow; the parameters
        without a range keep their value. Latency falls monotonically in every fraction and
        rises in k_half and the overheads, so the two ends bound every prediction."""
        def moved(x: Sourced | None, high: bool) -> Sourced | None:
            if x is None or x.range is None:
                return x
            return replace(x, value=x.range[1 if high else 0])

        update: dict[str, Any] = {}
        for name in self.FASTER_HIGH + self.FASTER_LOW:
            high = (name in self.FASTER_HIGH) == (end == "fast")
            x = getattr(self, name)
            update[name] = ({p: moved(v, high) for p, v in x.items()} if isinstance(x, dict)
                            else moved(x, high))
        return replace(self, **update)

    @property
    def has_spread(self) -> bool:
        """Whether any parameter states a range (else both ends equal the value)."""
        return any((v.range is not None for v in x.values()) if isinstance(x, dict)
                   else x is not None and x.range is not None
                   for x in (getattr(self, n) for n in self.FASTER_HIGH + self.FASTER_LOW))


@frozen
class EfficiencyOverride(Strict):
    """A device's own efficiency parameters (measured by micro-benchmarks): each one given
    replaces its kind's, each one left out keeps the kind's."""

    tile_m: Count | None = None
    tile_n: Count | None = None
    k_half: Count | None = None
    gemm_peak_fraction: GemmFraction | None = None
    vector_peak_fraction: KindFraction | None = None
    memory_fraction: Fraction | None = None
    eager_overhead: LaunchTime | None = None
    fused_overhead: Time | None = None
    conv_peak_fraction: Fraction | None = None
    gemv_memory_fraction: Fraction | None = None
    attention_memory_fraction: Fraction | None = None
    flash_attention: FlashAttention | None = None


def _some_peak(peak: dict) -> dict:
    if not peak:
        raise ValueError("at least one precision is needed, e.g. bf16: {dense: ...}")
    return peak


@dataclass(frozen=True, kw_only=True, repr=False)  # repr=False: Shown's one line
class Device(Shown, Strict):
    """An accelerator, CPU, SoC or microcontroller."""

    # (The docstring is the JSON Schema's description of a catalog file's device.) In Python a
    # Device shows itself as its sheet does (`ironlaw hw show`): a one-line repr (name, ID,
    # headline peak, main memory), the sheet's table in Jupyter and for rich.print, to_dict(),
    # explain() (its ridge points), to_frame() and to_dataset().

    id: Ident
    name: str
    vendor: str
    kind: DeviceKind
    aliases: tuple[str, ...] = ()
    release_year: Count
    peak: Annotated[dict[Precision, Peak], Pydantic("AfterValidator", _some_peak)]
    memory: Annotated[tuple[MemoryLevel, ...], Pydantic("Field", min_length=1)]
    power: DevicePower
    clock: Frequency | None = None
    peak_clock: PeakClock | None = None  # the clock behind the peak rates, boost or sustained
    compute_units: Count | None = None  # SMs, CUs, MXUs ...: what GEMM tiles are spread over
    host_link: HostLink | None = None
    scale_up: ScaleUpLink | None = None
    price: Usd | None = None
    embodied_carbon: Mass | None = None
    efficiency: EfficiencyOverride | None = None  # this device's own (calibrated) parameters
    notes: str | None = None

    @property
    def main_memory(self) -> MemoryLevel:
        """The largest device memory (HBM/DRAM, or flash on a microcontroller's weights)."""
        candidates = [m for m in self.memory if m.level in ("hbm", "dram")] or self.memory
        return max(candidates, key=lambda m: m.capacity.value)

    @property
    def model_capacity(self) -> float:
        """Bytes a model may occupy [B]: every level together on a microcontroller (weights
        in flash, activations in SRAM), else the main memory's capacity."""
        if self.kind == "mcu":
            return sum(m.capacity.value for m in self.memory)
        return self.main_memory.capacity.value

    def peak_rate(self, precision: str, sparse: bool = False) -> float:
        """Peak FLOP/s (or OP/s) at ``precision``; an unsupported precision is an error."""
        if precision not in self.peak:
            supported = ", ".join(self.peak)
            raise UserError(f"{self.id} has no {precision} peak; it supports: {supported}")
        entry = self.peak[precision]
        if sparse:
            if entry.sparse is None:
                raise UserError(f"{self.id} has no sparse {precision} peak")
            return entry.sparse.value
        return entry.dense.value

    @property
    def sheet(self) -> Sheet:
        """Every number of this device with its provenance, as ``ironlaw hw show`` prints it."""
        return Sheet(self, device_summary(self))

    def to_dict(self) -> dict[str, Any]:
        return self.sheet.to_dict()

    def rows(self) -> list[Table]:
        return self.sheet.rows()

    def records(self) -> list[dict[str, Any]]:
        return self.sheet.records()

    def explain(self) -> Worked:
        return self.sheet.explain()

    def _one_line(self) -> str:
        return self.sheet._one_line()


@frozen
class HostCpu(Strict):
    device: Ident
    count: Annotated[int, Pydantic("Field", ge=1, le=8)]


@frozen
class HostMemory(Strict):
    capacity: Bytes
    bandwidth: Bandwidth | None = None


@frozen
class Storage(Strict):
    """A node's local storage; ``kind`` (nvme, emmc, flash ...) where the source names it."""

    capacity: Bytes
    read_bandwidth: Bandwidth | None = None
    kind: Literal["nvme", "sata-ssd", "emmc", "flash", "hdd"] | None = None


@frozen
class Nic(Strict):
    """Network interfaces for scale-out; bandwidth per port, per direction."""

    name: str | None = None
    ports: Annotated[int, Pydantic("Field", ge=1)]
    bandwidth_per_port: Bandwidth


@frozen
class Node(Strict):
    """One machine: 1–8 identical accelerators, a host, storage and a network."""

    id: Ident
    name: str
    aliases: tuple[str, ...] = ()
    accelerator: Ident
    count: Annotated[int, Pydantic("Field", ge=1, le=8)]
    host_cpu: HostCpu | None = None
    host_memory: HostMemory | None = None
    storage: Storage | None = None
    nic: Nic | None = None
    power: Power
    price: Usd | None = None
    embodied_carbon: Mass | None = None
    release_year: Count | None = None
    notes: str | None = None


@frozen
class CatalogFile(Strict):
    """One YAML file: its sources, then devices and/or nodes that cite them by key."""

    sources: dict[str, Source] = field(default_factory=dict)
    devices: tuple[Device, ...] = ()
    nodes: tuple[Node, ...] = ()
    efficiency: dict[DeviceKind, Efficiency] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Any) -> CatalogFile:
        """Validate raw YAML data, resolving each value's ``source`` key against ``sources``
        (pydantic's ``ValidationError``, or ``ValueError``, where it does not hold)."""
        if not isinstance(data, dict):
            raise ValueError("a catalog file must be a mapping with 'sources', 'devices', 'nodes'")
        raw_sources = data.get("sources") or {}
        if not isinstance(raw_sources, dict):
            raise ValueError("sources: expected a mapping of key: {kind, title, url, checked}; "
                             f"got a {type(raw_sources).__name__}")
        # validated as {"sources": ...}, so that errors name it
        sources = adapter(dict[str, dict[str, Source]]).validate_python(
            {"sources": raw_sources})["sources"]
        return adapter(cls).validate_python(data, context={"sources": sources})

    def __post_init__(self) -> None:
        """A ``range`` is read only on the efficiency parameters that bound predictions
        (``Efficiency.at``); anywhere else it would be silently ignored, so it is refused."""
        read = Efficiency.FASTER_HIGH + Efficiency.FASTER_LOW
        # (label, item, the path prefix its efficiency parameters sit under; None: none)
        where = [(f"devices.{d.id}", d, "efficiency.") for d in self.devices]
        where += [(f"nodes.{n.id}", n, None) for n in self.nodes]
        where += [(f"efficiency.{k}", e, "") for k, e in self.efficiency.items()]
        for label, item, prefix in where:
            for path, x in iter_sourced(item):
                if x.range is None or (prefix is not None and path.startswith(prefix)
                                       and path[len(prefix):].split(".")[0] in read):
                    continue
                raise ValueError(
                    f"{label}.{path}: range is read only on the efficiency parameters that "
                    f"set prediction intervals ({', '.join(read)}); here it would be ignored "
                    "— remove it")


def iter_sourced(item: Strict, path: str = ""):
    """Yield ``(dotted.path, Sourced)`` for every number in a device or node."""
    for f in fields(item):  # type: ignore[arg-type]
        value = getattr(item, f.name)
        here = f"{path}.{f.name}" if path else f.name
        if isinstance(value, Sourced):
            yield here, value
        elif isinstance(value, Strict):
            yield from iter_sourced(value, here)
        elif isinstance(value, dict):
            for key, entry in value.items():
                if isinstance(entry, Sourced):
                    yield f"{here}.{key}", entry
                elif isinstance(entry, Strict):
                    yield from iter_sourced(entry, f"{here}.{key}")
        elif isinstance(value, tuple):
            for index, entry in enumerate(value):
                if isinstance(entry, Strict):
                    label = getattr(entry, "level", None) or str(index)
                    yield from iter_sourced(entry, f"{here}.{label}")


def to_json(item: Any) -> Any:
    """A catalog object as JSON data (what pydantic's ``model_dump(mode="json")`` gave): a
    dataclass as a mapping of its fields in order, a tuple as a list, a date in ISO form."""
    if is_dataclass(item):
        return {f.name: to_json(getattr(item, f.name)) for f in fields(item)}
    if isinstance(item, dict):
        return {key: to_json(value) for key, value in item.items()}
    if isinstance(item, (tuple, list)):
        return [to_json(value) for value in item]
    if isinstance(item, datetime.date):
        return item.isoformat()
    return item


# How a device or node shows itself: ``ironlaw hw show``, and a Device in Python (Jupyter, rich).
# Here rather than in hardware.describe, so that Device can use it without a circle of imports.

HEADLINE_ORDER = ("bf16", "fp16", "fp8", "int8", "fp32", "tf32", "fp64", "int4", "fp4", "fp6")


def rate_dimension(precision: str) -> str:
    """``"op_rate"`` for integer precisions (shown as TOPS), ``"flop_rate"`` otherwise."""
    return "op_rate" if precision.startswith("int") else "flop_rate"


def headline_precision(device: Device) -> str:
    """The precision a device is usually quoted at for ML: bf16, else fp16, int8, fp32 ..."""
    return next(p for p in HEADLINE_ORDER if p in device.peak)


def _opt(value) -> float | None:
    return value.value if value is not None else None


def device_summary(device: Device) -> dict[str, Any]:
    """Every number of a device in SI, keys carrying their unit; ridge points per precision."""
    from ironlaw.laws.roofline import ridge_point

    main = device.main_memory
    bandwidth = _opt(main.bandwidth)
    peak = {
        p: {"dense": device.peak[p].dense.value, "sparse": _opt(device.peak[p].sparse)}
        for p in PRECISIONS if p in device.peak
    }
    return {
        "id": device.id,
        "name": device.name,
        "vendor": device.vendor,
        "kind": device.kind,
        "aliases": list(device.aliases),
        "release_year": int(device.release_year.value),
        "peak_flop_per_s": peak,
        "ridge_flop_per_byte": {
            p: ridge_point(v["dense"], bandwidth) if bandwidth else None for p, v in peak.items()
        },
        "memory": [
            {
                "level": m.level,
                "name": m.name,
                "capacity_bytes": _opt(m.capacity),
                "bandwidth_bytes_per_s": _opt(m.bandwidth),
                "latency_s": _opt(m.latency),
            }
            for m in device.memory
        ],
        "main_memory_bytes": _opt(main.capacity),
        "main_memory_bandwidth_bytes_per_s": bandwidth,
        "tdp_w": device.power.tdp.value,
        "idle_power_w": _opt(device.power.idle),
        "clock_hz": _opt(device.clock),
        "peak_clock_hz": _opt(device.peak_clock),
        "peak_clock_basis": device.peak_clock.basis if device.peak_clock else None,
        "host_link_bandwidth_bytes_per_s": _opt(device.host_link.bandwidth_per_direction)
        if device.host_link else None,
        "scale_up_bandwidth_bytes_per_s": _opt(device.scale_up.bandwidth_per_direction)
        if device.scale_up else None,
        "price_usd": _opt(device.price),
        "embodied_carbon_kg": _opt(device.embodied_carbon),
    }


def provenance_rows(item: Device | Node) -> list[dict[str, Any]]:
    """One row per number: field path, SI value, dimension, provenance kind, source, URL, date."""
    return [
        {
            "field": path,
            "value": sourced.value,
            "dimension": sourced.dimension,
            "kind": sourced.provenance_kind,
            "source": sourced.source.title,
            "url": sourced.source.url,
            "checked": sourced.source.checked.isoformat(),
            "note": "; ".join(filter(None, (getattr(sourced, "basis", None), sourced.note)))
            or None,
        }
        for path, sourced in iter_sourced(item)
    ]


@dataclass(frozen=True, repr=False)
class Sheet(Shown):
    """Every number of one device or node with its provenance (``hw show``); ``explain()``
    derives the figures the catalog does not store: ridge points I* = R/BW, node totals.
    ``summary`` is ``device_summary`` or ``hardware.describe.node_summary``."""

    item: Device | Node
    summary: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary, "provenance": provenance_rows(self.item)}

    def rows(self) -> list[Table]:
        records = tuple({**r, "shown": units.format(r["value"], r["dimension"])}
                        for r in provenance_rows(self.item))
        return [Table(f"{self.item.name} ({self.item.id})",
                      columns(("field", "field"), ("shown", "value"), ("kind", "kind"),
                              ("source", "source"), ("note", "note")), records)]

    def records(self) -> list[dict[str, Any]]:
        """CSV: one line per number, SI value and its provenance."""
        keys = ("field", "value", "dimension", "kind", "source", "url", "checked", "note")
        return [{k: r[k] for k in keys} for r in provenance_rows(self.item)]

    def _one_line(self) -> str:
        """Name and ID, the headline peak and the main memory (a node: its accelerators and
        their total peak)."""
        s = self.summary
        if s["kind"] == "node":
            p = s["headline_precision"]
            total = units.format(s["total_peak_flop_per_s"], rate_dimension(p))
            return f"{s['name']} ({s['id']}); {s['count']} × {s['accelerator']}, {p} {total}"
        p = headline_precision(self.item)
        peak = units.format(s["peak_flop_per_s"][p]["dense"], rate_dimension(p))
        main = self.item.main_memory
        memory = f"{units.format(s['main_memory_bytes'], 'bytes')} {main.level.upper()}"
        if s["main_memory_bandwidth_bytes_per_s"] is not None:
            memory += f" at {units.format(s['main_memory_bandwidth_bytes_per_s'], 'bandwidth')}"
        return f"{s['name']} ({s['id']}); {p} {peak} dense, {memory}"

    def explain(self) -> Worked:
        from ironlaw.derive import Line, Worked

        s, lines = self.summary, []
        if s["kind"] == "node":
            lines.append(Line(f"total {s['headline_precision']} peak", "count × R",
                              f"{s['count']} × {s['accelerator']}",
                              units.format(s["total_peak_flop_per_s"],
                                           rate_dimension(s["headline_precision"]))))
        else:
            bw = s["main_memory_bandwidth_bytes_per_s"]
            for p, ridge in s["ridge_flop_per_byte"].items():
                if ridge is not None:
                    rate = rate_dimension(p)
                    lines.append(Line(f"{p} ridge point", "I* = R / BW",
                                      f"{units.format(s['peak_flop_per_s'][p]['dense'], rate)}"
                                      f" / {units.format(bw, 'bandwidth')}",
                                      units.format(ridge, "intensity")))
        return Worked(f"{self.item.name} ({self.item.id}): derived figures", tuple(lines),
                      ("Below the ridge point an op is memory-bound, above it compute-bound.",))
