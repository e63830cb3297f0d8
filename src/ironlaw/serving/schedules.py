"""The admission schedules at batch B, costed on the graph, for one configuration or arrays of
them (a sweep): prefill-first, chunked prefill with its mixed pass, and the engine's iteration.

The formulas are :mod:`~ironlaw.serving.batching`'s; the passes :mod:`~ironlaw.serving.phases`'.
A mixed pass carries B decode rows and c prompt tokens (``batching.iteration_tokens``), packed
as chunks of the P_c tokens each prompt computes (``batching.pack``), each chunk attending to
its mean context (``batching.chunk_context``) after the C = P − P_c cached ones.
"""

from __future__ import annotations

import numpy as np

from ironlaw.serving import batching, phases
from ironlaw.serving.kv import KvLayout
from ironlaw.serving.target import Target


def mixed_pass(model: str, target: Target, batch, context, tokens, prompt, computed,
               precision: str, layout: KvLayout) -> phases.PassCost:
    """One iteration: ``batch`` decode rows at ``context`` and ``tokens`` prompt tokens packed
    as chunks of the prompts' ``computed`` tokens (P_c; the other P − P_c of each prompt, C
    whole tokens, cached). Broadcasts."""
    cached = np.rint(np.asarray(prompt) - computed).astype(np.int64)
    cached = cached if cached.ndim else int(cached)
    pieces, size = batching.pack(tokens, np.asarray(prompt) - cached)
    return phases.mixed(model, target, batch, context, size,
                        batching.chunk_context(prompt, size, cached), precision, pieces,
                        kv=layout)


def at_batch(model: str, target: Target, batch, decode_s, prefill_s, context, prompt, output,
             computed, budget, precision: str, layout: KvLayout):
    """(prefill-first, chunked prefill, the chunked schedule's mixed pass) at ``batch``, from
    its decode step's and the prefill's times, under the engine's token ``budget``; the mixed
    pass is None for one configuration whose decodes fill the budget. Broadcasts."""
    c = batching.iteration_tokens(budget, batch, computed, output)
    room = np.asarray(c) >= 1
    mixed = mixed_pass(model, target, batch, context, np.maximum(c, 1), prompt, computed,
                       precision, layout) if np.any(room) else None
    t_mixed = np.where(room, mixed.time_s, np.nan) if mixed is not None else np.nan
    if np.ndim(t_mixed) == 0:  # one configuration: a float, as the scalar schedule keeps it
        t_mixed = float(t_mixed)
    return (batching.prefill_first(decode_s, prefill_s, batch, output, prompt),
            batching.chunked(decode_s, t_mixed, batch, prompt, output, c, computed), mixed)
