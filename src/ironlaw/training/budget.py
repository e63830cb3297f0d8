"""The run's budget, its price and the memory verdict of a training plan.

    steps     ⌈D/(B·S)⌉ for a token budget D, ⌈E·N/B⌉ for E epochs of N samples, global
              batch B, sequence length S; a decoder with neither trains on the compute-optimal
              D = 20·P tokens (laws.scaling, Hoffmann et al. 2022)
    price     USD per device-hour, given, or the node's (else the device's) price over
              AMORTIZATION_YEARS of continuous use
    verdict   "fits" when memory per device ≤ capacity, else "does not fit" with what to change
"""

from __future__ import annotations

import math

from ironlaw import units
from ironlaw.errors import UserError
from ironlaw.frameworks.graph import Graph
from ironlaw.hardware.schema import Device, Node
from ironlaw.laws import scaling
from ironlaw.training.memory import MemoryBreakdown
from ironlaw.training.tables import AMORTIZATION_YEARS
from ironlaw.units import format as show

HOURS_PER_YEAR = 8766.0  # 365.25 days


def _bytes(value: float) -> str:
    return show(value, "bytes", binary=False)


def price_per_hour(price: float | str | None, device: Device, node: Node | None,
                   assumptions: list[str]) -> tuple[float | None, str]:
    """USD per device-hour: given (a float in $/h, or a string such as "$2.50/h"), else the
    node's or device's price amortized over AMORTIZATION_YEARS."""
    if price is not None:
        value = units.parse(price, "usd_per_time") * 3600.0 if isinstance(price, str) \
            else float(price)
        if not math.isfinite(value) or value <= 0:
            raise UserError(f"--price-per-hour: expected a positive price such as '$2.50/h'; "
                            f"got {price!r}")
        return value, "given"
    hours = AMORTIZATION_YEARS.value * HOURS_PER_YEAR
    if node is not None and node.price is not None:
        value = node.price.value / (node.count * hours)
        assumptions.append(f"price: {node.id}'s ${node.price.value:,.0f} over {node.count} "
                           f"devices and {AMORTIZATION_YEARS.value:g} years = "
                           f"${value:.3g} per device-hour ({AMORTIZATION_YEARS.source.title})")
        return value, "amortized"
    if device.price is not None:
        value = device.price.value / hours
        assumptions.append(f"price: {device.id}'s ${device.price.value:,.0f} over "
                           f"{AMORTIZATION_YEARS.value:g} years = ${value:.3g} per device-hour")
        return value, "amortized"
    return None, "unknown"



def budget(forward: Graph, seq: int | None, params: float, global_batch: int, tokens, epochs,
           samples, assumptions: list[str]) -> tuple[float | None, float | None, float | None]:
    """(tokens, samples, steps) of the run, from tokens or epochs × dataset samples."""
    if tokens is not None and epochs is not None:
        raise UserError("give either --tokens or --epochs with --samples, not both")
    if tokens is not None:
        if seq is None:
            raise UserError(f"--tokens applies to language models; {forward.name} "
                            "takes --epochs and --samples")
        d = units.parse(tokens, "count")
        if not math.isfinite(d) or d <= 0:
            raise UserError(f"--tokens: expected a positive number such as 300e9; got {tokens!r}")
        return d, d / seq, math.ceil(d / (global_batch * seq))
    if epochs is not None or samples is not None:
        if epochs is None or samples is None:
            raise UserError("--epochs and --samples go together: epochs over a data set of "
                            "that many samples")
        e, n = units.parse(epochs, "count"), units.parse(samples, "count")
        if not (math.isfinite(e) and e > 0 and math.isfinite(n) and n >= 1):
            raise UserError(f"--epochs/--samples: expected positive numbers; got {epochs!r}, "
                            f"{samples!r}")
        total = e * n
        return (total * seq if seq else None), total, math.ceil(total / global_batch)
    if seq is not None and forward.meta.get("family") in ("gpt2", "llama"):
        d = float(scaling.compute_optimal_tokens(params))
        assumptions.append(f"no budget given: the compute-optimal {d:.3g} tokens = "
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
                        f"({need / have:.0%}; {share})")
    hints = []
    if memory.states.total > have:
        if zero < 3 and dp > 1:
            hints.append("--zero 3")
        hints.append("more devices (ZeRO-3, tensor or pipeline parallelism)" if devices < 8
                     else "a lighter optimizer (sgd, adafactor) or a smaller model: the model "
                          "states alone exceed the device")
    else:
        if recompute != "full":
            hints.append("--recompute full")
        hints.append("a smaller --micro-batch")
        if zero < 3 and dp > 1:
            hints.append("--zero 3")
    return "does not fit", (f"needs {_bytes(need)} per device but {device.id} has "
                            f"{_bytes(have)} ({share}); try {', '.join(hints)}")
