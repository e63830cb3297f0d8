"""Scenarios: a workload on a system against requirements, judged across every layer.

A scenario (YAML, see ``applications/scenarios/``) names a task — ``inference`` (any model),
``llm-serving`` (prefill/decode with SLOs) or ``training`` — a model, a system (a device or a
node, a region for carbon) and requirements such as ``{metric: p99_ttft_s, max: "500 ms"}``.
Evaluating it runs the layers the task needs (cost model, serving, training, operations),
collects every number they report into one flat table of metrics (keys carry units), and
judges each requirement:

    margin = bound / value − 1   for a maximum      (≥ 0 passes)
    margin = value / bound − 1   for a minimum

The binding constraint is the requirement with the smallest margin: the first to fail as the
workload grows, or the one that fails worst. A workload that cannot run at all (it does not
fit, an SLO no batch size meets) is a verdict with its reason, never an exception.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from ironlaw import units
from ironlaw.errors import UserError
from ironlaw.table import Shown, Table, columns

SCENARIO_DIR = Path(__file__).with_name("scenarios")
TEMPLATE = Path(__file__).with_name("template.yaml")  # `ironlaw scenario template`


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _positive(value: str | float | None, dim: str) -> str | float | None:
    """Check a unit string up front (kept as written): a positive quantity of ``dim``."""
    if value is not None and not units.parse(value, dim) > 0:
        raise ValueError(f"expected {units.DIMENSIONS[dim].meaning} above 0, like "
                         f"{units.DIMENSIONS[dim].example!r}; got {value!r}")
    return value


class Workload(_Strict):
    task: Literal["inference", "llm-serving", "training"]
    model: str
    precision: str = "bf16"
    batch: int = Field(1, ge=1)
    seq: int | None = Field(None, ge=1)
    phase: str | None = None
    context: int | None = Field(None, ge=1)
    prompt: int = Field(512, ge=1)
    output: int = Field(128, ge=1)
    kv_precision: str | None = None  # KV cache (llm-serving; default: compress.cache_precision)
    kv_heads: int | None = Field(None, ge=1)  # key/value heads (llm-serving; a what-if)
    kv_reads: str | None = None  # decode reads of a grouped cache (llm-serving; ops.KV_READS)
    shared_prefix: int | None = Field(None, ge=1)  # prompt tokens shared, cached (llm-serving)
    prefix_hit: float | None = Field(None, ge=0, le=1)  # share finding it cached (default 1)
    arrival_rate: str | float | None = None  # requests per second, e.g. "5 /s"
    duty_rate: str | float | None = None  # inferences per second for average power
    percentile: float = Field(0.99, gt=0, lt=1)
    # training
    tokens: float | None = Field(None, gt=0)
    epochs: float | None = Field(None, gt=0)
    dataset_samples: float | None = Field(None, gt=0)
    micro_batch: int = Field(1, ge=1)
    global_batch: int | None = Field(None, ge=1)
    optimizer: str = "adamw"
    zero: int = Field(0, ge=0, le=3)
    recompute: str = "none"
    tp: int = Field(1, ge=1, le=8)
    pp: int = Field(1, ge=1, le=8)

    _rates = field_validator("arrival_rate", "duty_rate")(
        classmethod(lambda cls, value: _positive(value, "rate")))

    @model_validator(mode="after")
    def _kv_for_llms(self) -> Workload:
        for name in ("kv_precision", "kv_heads", "kv_reads", "shared_prefix", "prefix_hit"):
            if getattr(self, name) is not None and self.task != "llm-serving":
                raise ValueError(f"{name} applies to llm-serving tasks, not to {self.task}")
        return self


class System(_Strict):
    device: str  # a device or a node
    devices: int = Field(1, ge=1, le=8)
    region: str = "us-average"
    pue: float | None = Field(None, ge=1.0)
    price: str | float | None = None  # per device: "$2.50/h", or a number in USD/s

    _price = field_validator("price")(
        classmethod(lambda cls, value: _positive(value, "usd_per_time")))


class Requirement(_Strict):
    metric: str
    max: str | float | None = None
    min: str | float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Requirement:
        if (self.max is None) == (self.min is None):
            raise ValueError("give exactly one of 'max' or 'min'")
        key = "max" if self.min is None else "min"
        try:
            units.parse(getattr(self, key), units.dimension_of(self.metric))
        except units.UnitError as exc:
            raise ValueError(f"{self.metric} {key}: {exc}") from None
        return self


class Scenario(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str
    description: str = ""
    workload: Workload
    system: System
    requirements: tuple[Requirement, ...] = Field(min_length=1)
    _source: str = PrivateAttr("scenario")  # the file it came from, for messages

    def label_of(self, parameter: str) -> str:
        """Where a domain ``parameter`` was set: ``file.yaml: workload.arrival_rate``."""
        section = next((name for name, part in (("workload", Workload), ("system", System))
                        if parameter in part.model_fields), None)
        return f"{self._source}: {section}.{parameter}" if section else \
            f"{self._source}: {parameter}"


metric_dimension = units.dimension_of  # p99_ttft_s -> time


@dataclass(frozen=True)
class Judgement:
    metric: str
    kind: str  # max | min
    bound: float
    value: float | None
    passed: bool
    margin: float | None  # ≥ 0 passes; None when the metric could not be computed
    dimension: str
    # the metric's interval (the efficiency parameters at the ends of their ranges), and
    # whether the requirement holds at both of its ends
    interval: tuple[float, float] | None = None
    passed_across_interval: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "kind": self.kind, "bound": self.bound,
                "value": self.value, "passed": self.passed, "margin": self.margin,
                "interval": None if self.interval is None else list(self.interval),
                "passed_across_interval": self.passed_across_interval}


@dataclass(frozen=True, repr=False)
class Verdict(Shown):
    scenario: Scenario
    metrics: dict[str, Any]
    judgements: tuple[Judgement, ...]
    feasible: bool
    reason: str | None
    explanations: tuple = field(default_factory=tuple)
    assumptions: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return self.feasible and all(j.passed for j in self.judgements)

    @property
    def binding(self) -> Judgement | None:
        judged = [j for j in self.judgements if j.margin is not None]
        return min(judged, key=lambda j: j.margin) if judged else None

    def to_dict(self) -> dict[str, Any]:
        binding = self.binding
        return {"scenario": self.scenario.id, "title": self.scenario.title,
                "passed": self.passed, "feasible": self.feasible, "reason": self.reason,
                "binding": binding.metric if binding else None,
                "requirements": [j.to_dict() for j in self.judgements],
                "metrics": self.metrics, "assumptions": list(self.assumptions)}

    def rows(self) -> list[Table]:
        """Each requirement with its value, margin and verdict; the binding one marked."""
        binding = self.binding
        records = tuple(
            {"requirement": f"{j.metric} {'≤' if j.kind == 'max' else '≥'} "
                            f"{units.format(j.bound, j.dimension)}",
             "value": units.format_interval(j.value, j.interval, j.dimension),
             "margin": "—" if j.margin is None else f"{j.margin:+.0%}",
             "verdict": ("PASS" if j.passed else "FAIL")
             + ("" if j.passed_across_interval in (None, j.passed) else
                " (FAIL at the interval's slow end)" if j.passed else
                " (PASS at the interval's fast end)")
             + ("  ← binding" if binding is not None and j is binding else "")}
            for j in self.judgements)
        notes = ((f"cannot run: {self.reason}",) if self.reason else ()) + tuple(
            f"assumption: {a}" for a in self.assumptions)
        return [Table(f"{self.scenario.title} — {'PASS' if self.passed else 'FAIL'}",
                      columns(*((k, k) for k in ("requirement", "value", "margin", "verdict"))),
                      records, notes)]

    def records(self) -> list[dict[str, Any]]:
        """CSV: one line per requirement."""
        return [j.to_dict() for j in self.judgements]

    def explain(self) -> list:
        return list(self.explanations)


def judge(requirement: Requirement, metrics: dict[str, Any]) -> Judgement:
    dim = metric_dimension(requirement.metric)
    kind = "max" if requirement.max is not None else "min"
    raw = requirement.max if kind == "max" else requirement.min
    try:
        bound = units.parse(raw, dim)
    except UserError as exc:
        raise UserError(f"requirement {requirement.metric}: {exc}") from None
    value = metrics.get(requirement.metric)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Judgement(requirement.metric, kind, bound, None, False, None, dim)
    value = float(value)
    if kind == "max":
        margin = math.inf if value == 0 else bound / value - 1.0
    else:
        margin = -1.0 if bound == 0 and value < 0 else (value / bound - 1.0 if bound else math.inf)
    low, high = (metrics.get(f"{requirement.metric}_{end}") for end in ("low", "high"))
    interval = (float(low), float(high)) if isinstance(low, float) and \
        isinstance(high, float) else None
    across = None if interval is None else all(
        (x <= bound) if kind == "max" else (x >= bound) for x in interval)
    return Judgement(requirement.metric, kind, bound, value, margin >= 0, margin, dim,
                     interval, across)


def flatten(prefix: str, data: dict[str, Any]) -> dict[str, Any]:
    """Numbers and strings of a result's to_dict(), nested keys joined with ``_``."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(f"{name}_", value))
        elif isinstance(value, (int, float, str, bool)) or value is None:
            out[name] = value
    return out


def load(source: str | Path) -> Scenario:
    """A scenario by built-in name or from a YAML file; errors name the file and field."""
    from pydantic import ValidationError

    from ironlaw.files import read_yaml

    path = Path(source)
    if not path.suffix:
        builtin = SCENARIO_DIR / f"{source}.yaml"
        if not builtin.exists():
            import difflib

            names = [p.stem for p in SCENARIO_DIR.glob("*.yaml")]
            close = difflib.get_close_matches(str(source), names, n=3, cutoff=0.5)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise UserError(f"unknown scenario {source!r}{hint} (see `ironlaw scenario list`)")
        path = builtin
    data = read_yaml(path, "scenario file")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise UserError(f"{path}: {where}: {message}") from None
    from ironlaw.models.zoo import relative_to  # a config.json path is relative to the file

    model = relative_to(scenario.workload.model, path.parent)
    scenario = scenario.model_copy(update={
        "workload": scenario.workload.model_copy(update={"model": model})})
    scenario._source = str(path)
    return scenario


def builtin_scenarios() -> list[Scenario]:
    return [load(p) for p in sorted(SCENARIO_DIR.glob("*.yaml"))]
