"""The run's budget, its price and the memory verdict of a training plan.

    steps     ⌈D/(B·S)⌉ for a token budget D, ⌈E·N/B⌉ for E epochs of N samples, global
              batch B, sequence length S; a decoder with neither trains on the compute-optimal
              D = 20·P tokens (laws.scaling, Hoffmann et al. 2022)
    price     USD per device-second, given, or priced by the caller's function (owned
              hardware: operations.cost.owned_price)
    verdict   "fits" when memory per device ≤ capacity, else "does not fit" with what to change
"""

from __future__ import annotations

import math

from ironlaw import checks, units
from ironlaw.errors import ParameterError
from ironlaw.frameworks.graph import Graph
from ironlaw.hardware.schema import Device, Node
from ironlaw.laws import scaling
from ironlaw.ranges import positive
from ironlaw.training.memory import MemoryBreakdown
from ironlaw.units import format as show


def _bytes(value: float) -> str:
    return show(value, "bytes")


def device_price(price, device: Device, node: Node | None,
                 assumptions: list[str]) -> tuple[float | None, str]:
    """USD per device-second: given (an SI float in USD/s, or a string such as "$2.50/h"), or
    from ``price(device, node)`` → (USD per device-second or None, note), the pricing an upper
    layer passes in (``operations.cost.owned_price`` for owned hardware); none when None."""
    if price is None:
        return None, "unknown"
    if callable(price):
        value, note = price(device, node)
        assumptions.append(note)
        return value, "owned" if value is not None else "unknown"
    return positive("price", "usd_per_time", "$2.50/h")(price), "given"


def budget(forward: Graph, seq: int | None, params: float, global_batch: int, tokens, epochs,
           samples, assumptions: list[str]) -> tuple[float | None, float | None, float | None]:
    """(tokens, samples, steps) of the run, from tokens or epochs × dataset samples."""
    if tokens is not None and epochs is not None:
        raise ParameterError("tokens", "give either tokens or epochs with dataset_samples, "
                             "not both")
    if tokens is not None:
        if seq is None:
            raise ParameterError("tokens", f"applies to language models; {forward.name} "
                                 "takes epochs and dataset_samples")
        d = checks.positive(units.parse(tokens, "count"), "tokens",
                            "a positive number such as 300e9")
        return d, d / seq, math.ceil(d / (global_batch * seq))
    if epochs is not None or samples is not None:
        if epochs is None or samples is None:
            raise ParameterError("epochs", "epochs and dataset_samples go together: epochs "
                                 "over a data set of that many samples")
        e = checks.positive(units.parse(epochs, "count"), "epochs")
        n = checks.positive(units.parse(samples, "count"), "dataset_samples")
        total = e * n
        return (total * seq if seq else None), total, math.ceil(total / global_batch)
    if seq is not None and forward.meta.get("family") in ("gpt2", "llama"):
        d = float(scaling.compute_optimal_tokens(params))
        assumptions.append(f"no budget given: the compute-optimal {show(d, 'count')} tokens = "
                           f"{scaling.CHINCHILLA_TOKENS_PER_PARAMETER:g} × P (Hoffmann et al. "
                           "2022, laws.scaling)")
        return d, d / seq, math.ceil(d / (global_batch * seq))
    return None, None, None


def verdict(memory: MemoryBreakdown, device: Device, devices: int, zero: int, dp: int,
            recompute: str) -> tuple[str, str]:
    """("fits" | "does not fit", why, and what to change when it does not)."""
    need, have = memory.total, memory.capacity
    if have is None:
        return "fits", f"{device.id} has no memory capacity in the catalog; not checked"
    share = (f"model states {_bytes(memory.states.total)}, activations "
             f"{_bytes(memory.activations)}")
    if memory.fits:
        return "fits", (f"needs {_bytes(need)} of {_bytes(have)} per {device.id} "
                        f"({show(need / have, 'share')}; {share})")
    hints = []
    if memory.states.total > have:
        if zero < 3 and dp > 1:
            hints.append("ZeRO stage 3")
        hints.append("more devices (ZeRO-3, tensor or pipeline parallelism)" if devices < 8
                     else "a lighter optimizer (sgd, adafactor) or a smaller model: the model "
                          "states alone exceed the device")
    else:
        if recompute != "full":
            hints.append("full recomputation")
        hints.append("a smaller micro-batch")
        if zero < 3 and dp > 1:
            hints.append("ZeRO stage 3")
    return "does not fit", (f"needs {_bytes(need)} per device but {device.id} has "
                            f"{_bytes(have)} ({share}); try {', '.join(hints)}")
