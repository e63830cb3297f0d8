"""The sweep spec file (``ironlaw sweep --spec sweep.yaml``): its keys, their shapes and what
they mean, as one pydantic model. It checks the file's shape (known keys, ``model`` and
``device`` present, each value a scalar, a list or a range string) and gives the JSON Schema
``ironlaw schema sweep`` prints; the values themselves (names, sizes, quantities) are checked by
:func:`ironlaw.explore.spec.make_space`, as for the same keyword arguments given in Python.
``docs/sweep.yaml`` is a worked example.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ironlaw.errors import ParameterError

Scalar = int | float | str
Values = Scalar | list[Scalar]  # one value, a list, or a range string such as "1..256x2"
Names = str | list[str]

_SIZES = "a whole number, a list, or a range: 1,8,64 · 1..256x2 · 128..4096:128"


def _values(meaning: str) -> Any:
    return Field(None, description=f"{meaning}: {_SIZES}")


class SweepSpec(BaseModel):
    """A design space: every combination of the values given is evaluated."""

    model_config = ConfigDict(extra="forbid", title="ironlaw sweep spec")

    method: Literal["graph", "closed-form", "serving"] = Field(
        "graph", description="graph: per-operator cost; closed-form: whole-model napkin "
        "model; serving: TTFT/TPOT, KV fit and replicas")
    model: Names = Field(description="Models: built-in IDs or aliases, Hugging Face ids in the "
                         "local cache, or config.json paths (relative to this file), e.g. "
                         "[llama-3-8b, resnet50, mine/config.json]")
    device: Names = Field(description="Device IDs or aliases, e.g. [h100, mi300x]")
    count: Values = _values("Data-parallel replicas, one model copy per device")
    tp: Values = _values("Tensor-parallel devices per replica (serving method)")
    batch: Values = _values("Batch sizes (serving: concurrent sequences)")
    seq: Values = _values("Sequence lengths in tokens (graph and closed-form methods)")
    context: Values = _values("Tokens a decode step attends to (decode phase)")
    precision: Names = Field(None, description="Precisions, e.g. [bf16, fp8, int8]")
    kv_precision: Names = Field(None, description="KV cache precisions (serving models "
                                "with attention), e.g. [bf16, fp8]; default: the precision "
                                "the model computes in")
    kv_heads: Values = _values("Key/value heads (serving; MHA → GQA → MQA what-ifs; each "
                               "must divide every model's query heads)")
    kv_reads: Names = Field(None, description="How the decode kernel reads a grouped K/V "
                            "cache (serving): grouped (each K/V head once) or per-head (once "
                            "per query head: TensorRT-LLM before v0.8), e.g. [grouped, "
                            "per-head]; default grouped")
    shared_prefix: Values = _values("Prompt tokens every request shares (serving; prefix "
                                    "caching, fewer than every prompt; 0: none)")
    prefix_hit: Values = Field(None, description="Share of requests finding the shared prefix "
                               "cached (serving; 0 to 1, default 1; needs shared_prefix), e.g. "
                               "[0.5, 0.9, 1]")
    phase: Names = Field(None, description="Phases: forward, prefill, decode, encoder, train; "
                         "default each model's first")
    mode: Names = Field(None, description="Execution modes: eager (per-op launch overhead) "
                        "or fused")
    region: Names = Field(None, description="Grid regions for carbon, e.g. [us-average, "
                          "france]")
    price: float | str | dict[str, float | str] = Field(
        None, description="Price per device: a string with its unit ('$4.50/h'), a number "
        "in USD per device-second, a mapping device → price, or "
        "'cloud' for the instance table; absent: owned hardware amortized")
    prompt: Values = _values("Prompt tokens per request (serving)")
    output: Values = _values("Output tokens per request (serving)")
    rate: Values = Field(None, description="Arrival rates (serving), e.g. ['5 /s', '20 /s']")
    slo_ttft: Values = Field(None, description="TTFT SLOs (serving), e.g. '500 ms'")
    slo_tpot: Values = Field(None, description="TPOT SLOs (serving), e.g. '50 ms'")
    percentile: float = Field(None, gt=0, lt=1, description="SLO percentile (serving; 0.99)")
    catalog: str = Field(None, description="A YAML file of your own devices")
    chunk: int = Field(None, ge=1, description="Configurations evaluated per chunk")
    where: str | list[str] = Field(None, description="Constraints, e.g. 'fits' or "
                                   "'latency_s <= 0.2'")
    objective: str = Field(None, description="Rank by a metric, e.g. 'min:latency_s'")
    pareto: str | list[str] = Field(None, description="Pareto front of 2-3 metrics, e.g. "
                                    "'cost_per_million_tokens_usd,tpot_s'")


def load_spec(spec: str | Path) -> dict[str, Any]:
    """The keys a sweep spec file sets (those it leaves out are absent), its shape checked;
    a mistake names the file and the key."""
    from pydantic import ValidationError

    from ironlaw.files import read_yaml

    path = Path(spec)
    data = read_yaml(path, "sweep spec")
    if not isinstance(data, dict):
        raise ParameterError("spec", f"{path} must be a mapping of sweep keys (model, device, ...)")
    data = {str(k).replace("-", "_"): v for k, v in data.items()}
    try:
        SweepSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else "spec"
        if first["type"] == "extra_forbidden":
            known = ", ".join(SweepSpec.model_fields)
            raise ParameterError("spec", f"{path}: unknown key {key!r}; known: {known}") from None
        if first["type"] == "missing":
            raise ParameterError("spec", f"{path}: missing {key!r}") from None
        field = SweepSpec.model_fields.get(key)
        if field is None or field.description is None:
            raise ParameterError("spec", f"{path}: {key}: {first['msg']}") from None
        shown = repr(data[key])
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        bound = first["type"] in ("greater_than", "less_than", "greater_than_equal",
                                  "less_than_equal")
        why = first["msg"].lower() if bound else "expected"
        raise ParameterError("spec", f"{path}: {key}: got {shown}; {why}: "
                             f"{field.description}") from None
    if "model" in data:  # a config.json path is relative to the spec file
        from ironlaw.models.zoo import relative_to
        from ironlaw.ranges import expand, text

        data["model"] = [relative_to(name, path.parent)
                         for name in expand(data["model"], "model", text("model"))]
    return data
