"""A model on a device in one call — what ``ironlaw analyze`` does, for Python:

    >>> import ironlaw
    >>> ironlaw.analyze("resnet50", "h100", batch=32)          # doctest: +SKIP
    <Analysis: resnet50 on h100-sxm · ...>

The model is a built-in name or a :class:`~ironlaw.frameworks.graph.Graph` (from
``build_model``, ``load_config``/``build_transformer``, ``load_onnx``, ``load_torch``); the
device an ID or alias of the catalog, or a :class:`~ironlaw.hardware.schema.Device`. With
``tp`` > 1 the per-device graph of a Megatron-LM split is costed with its collectives. The cost
itself is :func:`ironlaw.frameworks.cost.analyze`, the one per-op core.
"""

from __future__ import annotations

from pathlib import Path

from ironlaw import checks
from ironlaw.frameworks.cost import Analysis
from ironlaw.frameworks.cost import analyze_bounded as cost
from ironlaw.frameworks.graph import Graph
from ironlaw.hardware.catalog import Catalog, open_catalog
from ironlaw.hardware.schema import Device, Efficiency


def analyze(model: str | Graph, on: str | Device | None = None,
            efficiency: Efficiency | None = None, mode: str = "fused", *,
            device: str | Device | None = None, batch: int = 1, seq: int | None = None,
            context: int | None = None, phase: str | None = None, precision: str = "bf16",
            kv_precision: str | None = None, kv_heads: int | None = None,
            kv_reads: str | None = None, tp: int = 1,
            catalog: Catalog | str | Path | None = None) -> Analysis:
    """Latency (with its interval), throughput, Iron Law terms, bottleneck, MFU and memory of
    ``model`` on ``on``.

    ``batch``/``seq``/``context``/``phase``/``precision`` build a built-in model's graph, an
    LLM's KV cache in ``kv_precision`` with ``kv_heads`` heads read by decode as ``kv_reads``
    says (``build_model``; a Graph given is used as it is, and refuses them); ``efficiency``
    defaults to the catalog's for the device;
    ``mode`` eager | fused; ``tp`` tensor-parallel devices. The device may be given as
    ``device=`` too, as every other call takes it.
    """
    on = checks.device_given(device, on)
    cat = open_catalog(catalog)
    device = on if isinstance(on, Device) else cat.device(on)
    if isinstance(model, Graph):
        checks.not_given("builds a model's graph; a Graph given is used as it is",
                         kv_precision=kv_precision, kv_heads=kv_heads, kv_reads=kv_reads)
        graph = model
    else:
        from ironlaw.models.zoo import build_model

        graph = build_model(model, phase=phase, batch=batch, seq=seq, context=context,
                            dtype=precision, kv_precision=kv_precision, kv_heads=kv_heads,
                            kv_reads=kv_reads, runs=device.peak)
    if tp != 1:
        from ironlaw.frameworks.parallel import tensor_parallel, with_collectives

        graph = with_collectives(tensor_parallel(graph, tp), tp)
    return cost(graph, device, efficiency or cat.efficiency_of(device), mode)
