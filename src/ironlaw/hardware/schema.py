"""The catalog schema: devices and nodes, every number with its provenance.

A catalog file (YAML) holds ``sources`` (keyed references) and lists of ``devices`` and/or
``nodes``. Every number is written as ``{value: "3.35 TB/s", source: key}``, optionally with
``kind`` (overriding the source's kind, e.g. ``derived`` for a value computed from a datasheet
figure, stated in ``note``). Strings with units are parsed once, here, into SI floats.

Conventions: peak rates are per precision, ``dense`` always and ``sparse`` only where the device
has structured-sparsity hardware (flagged separately, never mixed); memory levels are listed from
fastest to slowest; link bandwidths are per direction; GB is 1e9 B and GiB 2**30 B.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ironlaw import dtypes, units
from ironlaw.errors import UserError
from ironlaw.provenance import Kind as ProvenanceKind
from ironlaw.provenance import Source

PRECISIONS: tuple[str, ...] = dtypes.NAMES
Precision = Literal[PRECISIONS]  # type: ignore[valid-type]  # the names of ironlaw.dtypes
DeviceKind = Literal["gpu", "tpu", "npu", "cpu", "soc", "mcu", "accelerator"]
MemoryLevelKind = Literal["register", "l1", "l2", "l3", "sram", "hbm", "dram", "flash"]
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Strict):
    """A finite number in SI units with its provenance. Subclasses fix the dimension and the
    range: positive, and at most ``most``."""

    dimension: ClassVar[str] = "count"
    most: ClassVar[float] = math.inf

    value: float
    source: Source
    kind: ProvenanceKind | None = None
    note: str | None = None
    # the spread its source states (a datasheet's "70-85%", a calibration's residuals):
    # [low, high] around the value, in the same units; prediction intervals come from it, so
    # it is accepted on the efficiency parameters only (CatalogFile._ranges_only_where_read)
    range: tuple[float, float] | None = None

    @property
    def provenance_kind(self) -> str:
        return self.kind or self.source.kind

    @field_validator("range", mode="before",
                     json_schema_input_type=tuple[float | str, float | str] | None)
    @classmethod
    def _parse_range(cls, raw: Any) -> Any:
        if raw is None:
            return None
        if not isinstance(raw, (list, tuple)) or len(raw) != 2:
            raise ValueError(f"expected [low, high]; got {raw!r}")
        return tuple(cls._parse_value(x) for x in raw)

    @model_validator(mode="after")
    def _range_holds_value(self) -> Sourced:
        if self.range is not None and not self.range[0] <= self.value <= self.range[1]:
            raise ValueError(f"range {list(self.range)} must hold the value {self.value:g} "
                             "(low <= value <= high)")
        return self

    @field_validator("value", mode="before", json_schema_input_type=float | str)
    @classmethod
    def _parse_value(cls, raw: Any) -> float:
        value = units.parse(raw, cls.dimension)  # refuses .inf and .nan
        if not value > 0:
            raise ValueError(f"must be positive, got {raw!r}")
        if value > cls.most:
            raise ValueError(f"must be a fraction in (0, {cls.most:g}], got {raw!r}")
        return value

    @field_validator("source", mode="before", json_schema_input_type=str | Source)
    @classmethod
    def _resolve_source(cls, raw: Any, info: ValidationInfo) -> Any:
        if isinstance(raw, str):
            sources = (info.context or {}).get("sources", {})
            if raw not in sources:
                known = ", ".join(sorted(sources)) or "none defined"
                raise ValueError(f"unknown source {raw!r}; the file's sources are: {known}")
            return sources[raw]
        return raw


def _sourced(dim: str, most: float = math.inf, name: str | None = None) -> type[Sourced]:
    meaning = "a fraction in (0, 1]" if most == 1.0 else units.DIMENSIONS[dim].meaning
    example = "0.8" if most == 1.0 else units.DIMENSIONS[dim].example
    doc = (f"{meaning[0].upper()}{meaning[1:]} with its source: {{value: {example!r}, "
           "source: KEY}, KEY one of the file's sources")
    return type(name or f"Sourced_{dim}", (Sourced,),
                {"dimension": dim, "most": most, "__doc__": doc})


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


class PeakClock(Frequency):  # type: ignore[valid-type,misc]
    """The clock the datasheet's peak rates assume, and what kind of clock it is: ``boost``
    (the highest clock, which dense matrix work does not hold: AMD's "peak theoretical" is
    computed at the max boost clock), ``sustained`` (a clock held under full load) or ``fixed``
    (the device has one clock). The gap to what GEMMs sustain is the efficiency's business."""

    basis: Literal["boost", "sustained", "fixed"]


class Peak(Strict):
    """Peak rate at one precision: dense, and sparse where the hardware exploits sparsity."""

    dense: FlopRate
    sparse: FlopRate | None = None

    @model_validator(mode="after")
    def _sparse_not_below_dense(self) -> Peak:
        if self.sparse is not None and self.sparse.value < self.dense.value:
            raise ValueError("sparse peak is below dense peak; expected sparse >= dense")
        return self


class MemoryLevel(Strict):
    """One level of the memory hierarchy, as seen by the compute units; every level has a
    capacity (the working sets that fit are what the level is for)."""

    level: MemoryLevelKind
    name: str | None = None
    capacity: Bytes
    bandwidth: Bandwidth | None = None
    latency: Time | None = None


class HostLink(Strict):
    """The link to the host (PCIe or an on-chip fabric); bandwidth per direction."""

    kind: Literal["pcie", "on-chip", "usb", "other"]
    generation: int | None = None
    lanes: int | None = None
    bandwidth_per_direction: Bandwidth


class ScaleUpLink(Strict):
    """The device-to-device fabric inside a node (NVLink, Infinity Fabric, ICI, ...)."""

    name: str
    bandwidth_per_direction: Bandwidth
    links: int | None = None


class DevicePower(Strict):
    tdp: Power
    idle: Power | None = None


Ident = Annotated[str, Field(pattern=ID_PATTERN)]


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
                        AfterValidator(_needs_other(what))]
    return Annotated[Annotated[one, Tag("one")] | Annotated[mapping, Tag("mapping")],
                     Discriminator(_fraction_shape)]


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
                                              "gemv_memory_fraction")
    FASTER_LOW: ClassVar[tuple[str, ...]] = ("k_half", "eager_overhead", "fused_overhead")

    def at(self, end: Literal["fast", "slow"]) -> Efficiency:
        """These parameters with each one that has a ``range`` at the end of it that makes
        predictions fast (high fractions, low k_half and overheads) or slow; the parameters
        without a range keep their value. Latency falls monotonically in every fraction and
        rises in k_half and the overheads, so the two ends bound every prediction."""
        def moved(x: Sourced | None, high: bool) -> Sourced | None:
            if x is None or x.range is None:
                return x
            return x.model_copy(update={"value": x.range[1 if high else 0]})

        update: dict[str, Any] = {}
        for name in self.FASTER_HIGH + self.FASTER_LOW:
            high = (name in self.FASTER_HIGH) == (end == "fast")
            x = getattr(self, name)
            update[name] = ({p: moved(v, high) for p, v in x.items()} if isinstance(x, dict)
                            else moved(x, high))
        return self.model_copy(update=update)

    @property
    def has_spread(self) -> bool:
        """Whether any parameter states a range (else both ends equal the value)."""
        return any((v.range is not None for v in x.values()) if isinstance(x, dict)
                   else x is not None and x.range is not None
                   for x in (getattr(self, n) for n in self.FASTER_HIGH + self.FASTER_LOW))


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


class Device(Strict):
    """An accelerator, CPU, SoC or microcontroller."""

    id: Ident
    name: str
    vendor: str
    kind: DeviceKind
    aliases: tuple[str, ...] = ()
    release_year: Count
    peak: dict[Precision, Peak]
    memory: tuple[MemoryLevel, ...] = Field(min_length=1)
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

    @field_validator("peak")
    @classmethod
    def _some_peak(cls, peak: dict) -> dict:
        if not peak:
            raise ValueError("at least one precision is needed, e.g. bf16: {dense: ...}")
        return peak

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


class HostCpu(Strict):
    device: Ident
    count: int = Field(ge=1, le=8)


class HostMemory(Strict):
    capacity: Bytes
    bandwidth: Bandwidth | None = None


class Storage(Strict):
    capacity: Bytes
    read_bandwidth: Bandwidth | None = None


class Nic(Strict):
    """Network interfaces for scale-out; bandwidth per port, per direction."""

    name: str | None = None
    ports: int = Field(ge=1)
    bandwidth_per_port: Bandwidth


class Node(Strict):
    """One machine: 1–8 identical accelerators, a host, storage and a network."""

    id: Ident
    name: str
    aliases: tuple[str, ...] = ()
    accelerator: Ident
    count: int = Field(ge=1, le=8)
    host_cpu: HostCpu | None = None
    host_memory: HostMemory | None = None
    storage: Storage | None = None
    nic: Nic | None = None
    power: Power
    price: Usd | None = None
    embodied_carbon: Mass | None = None
    release_year: Count | None = None
    notes: str | None = None


class CatalogFile(Strict):
    """One YAML file: its sources, then devices and/or nodes that cite them by key."""

    sources: dict[str, Source] = Field(default_factory=dict)
    devices: tuple[Device, ...] = ()
    nodes: tuple[Node, ...] = ()
    efficiency: dict[DeviceKind, Efficiency] = Field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Any) -> CatalogFile:
        """Validate raw YAML data, resolving each value's ``source`` key against ``sources``."""
        if not isinstance(data, dict):
            raise ValueError("a catalog file must be a mapping with 'sources', 'devices', 'nodes'")
        raw_sources = data.get("sources") or {}
        if not isinstance(raw_sources, dict):
            raise ValueError("sources: expected a mapping of key: {kind, title, url, checked}; "
                             f"got a {type(raw_sources).__name__}")
        sources = _SOURCES.validate_python({"sources": raw_sources})["sources"]
        return cls.model_validate(data, context={"sources": sources})

    @model_validator(mode="after")
    def _ranges_only_where_read(self) -> CatalogFile:
        """A ``range`` is read only on the efficiency parameters that bound predictions
        (``Efficiency.at``); anywhere else it would be silently ignored, so it is refused."""
        read = Efficiency.FASTER_HIGH + Efficiency.FASTER_LOW
        # (label, model, the path prefix its efficiency parameters sit under; None: none)
        where = [(f"devices.{d.id}", d, "efficiency.") for d in self.devices]
        where += [(f"nodes.{n.id}", n, None) for n in self.nodes]
        where += [(f"efficiency.{k}", e, "") for k, e in self.efficiency.items()]
        for label, model, prefix in where:
            for path, x in iter_sourced(model):
                if x.range is None or (prefix is not None and path.startswith(prefix)
                                       and path[len(prefix):].split(".")[0] in read):
                    continue
                raise ValueError(
                    f"{label}.{path}: range is read only on the efficiency parameters that "
                    f"set prediction intervals ({', '.join(read)}); here it would be ignored "
                    "— remove it")
        return self


_SOURCES = TypeAdapter(dict[str, dict[str, Source]])  # {"sources": ...}, so errors name it


def iter_sourced(model: BaseModel, path: str = ""):
    """Yield ``(dotted.path, Sourced)`` for every number in a device or node."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, Sourced):
            yield here, value
        elif isinstance(value, BaseModel):
            yield from iter_sourced(value, here)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, Sourced):
                    yield f"{here}.{key}", item
                elif isinstance(item, BaseModel):
                    yield from iter_sourced(item, f"{here}.{key}")
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    label = getattr(item, "level", None) or str(index)
                    yield from iter_sourced(item, f"{here}.{label}")
