"""The Lighthouse workloads: six models that each stress a different wall of the stack.

    resnet50      compute          gpt2-xl, llama-3-8b   bandwidth (decode)
    dlrm          capacity         mobilenetv2           mobile latency and power
    ds-cnn        tiny power and memory

Every number in a profile is computed from the model's graph — parameters, FLOPs per
inference (per token for the LLMs), weight bytes per precision, arithmetic intensity at batch
1 — and so is the dominant constraint on a reference device of each class: ``capacity`` when
the model does not fit in the device's memory, else the bottleneck of the cost model
(``compute``, ``bandwidth`` for memory-bound, or ``overhead``). Nothing is typed in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ironlaw.dtypes import element_bytes
from ironlaw.frameworks.cost import analyze
from ironlaw.hardware.catalog import Catalog, open_catalog
from ironlaw.models.zoo import build_model


@dataclass(frozen=True)
class Lighthouse:
    model: str
    stresses: str
    phase: str | None = None
    settings: dict = field(default_factory=dict)  # seq / context for the transformers


LIGHTHOUSES = (
    Lighthouse("resnet50", "compute"),
    Lighthouse("gpt2-xl", "bandwidth", "decode", {"seq": 1, "context": 1024}),
    Lighthouse("llama-3-8b", "bandwidth", "decode", {"seq": 1, "context": 4096}),
    Lighthouse("dlrm", "capacity"),
    Lighthouse("mobilenetv2", "mobile latency and power"),
    Lighthouse("ds-cnn", "tiny power and memory"),
)

# One reference device per class, at the precision such a device runs ML in.
REFERENCES = {"datacenter": ("h100-sxm", "bf16"), "mobile": ("apple-a17-pro", "fp16"),
              "mcu": ("nrf52840", "int8")}
WEIGHT_PRECISIONS = ("fp32", "bf16", "int8", "int4")


def _constraint(lighthouse: Lighthouse, device_id: str, dtype: str, catalog: Catalog) -> str:
    device = catalog.device(device_id)
    graph = build_model(lighthouse.model, phase=lighthouse.phase, batch=1, dtype=dtype,
                        runs=device.peak, **lighthouse.settings)
    result = analyze(graph, device, catalog.efficiency_of(device), "fused")
    if not result.fits:
        return "capacity"
    return {"memory": "bandwidth"}.get(result.bottleneck, result.bottleneck)


def profile(lighthouse: Lighthouse, catalog: Catalog | None = None) -> dict:
    """The computed profile of one Lighthouse workload (keys carry units)."""
    catalog = open_catalog(catalog)
    graph = build_model(lighthouse.model, phase=lighthouse.phase, batch=1, dtype="fp32",
                        **lighthouse.settings)
    per = "token" if lighthouse.phase == "decode" else "inference"
    return {
        "model": lighthouse.model,
        "stresses": lighthouse.stresses,
        "params": graph.params,
        f"flops_per_{per}": graph.flops,
        "weight_bytes": {p: graph.params * element_bytes(p) for p in WEIGHT_PRECISIONS},
        "intensity_flop_per_byte_fp32_batch1": graph.flops / graph.bytes,
        "dominant_constraint": {
            cls: _constraint(lighthouse, device_id, dtype, catalog)
            for cls, (device_id, dtype) in REFERENCES.items()
        },
    }


def profiles(catalog: Catalog | None = None) -> list[dict]:
    return [profile(lighthouse, catalog) for lighthouse in LIGHTHOUSES]
