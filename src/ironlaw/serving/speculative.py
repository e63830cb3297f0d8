"""Speculative decoding on a served LLM: a small draft model proposes γ tokens per sequence,
the target verifies them in one pass (Leviathan et al., ICML 2023; Chen et al. 2023).

Per iteration at batch B and context C, every time from the per-op core on the device:

    T_draft    γ decode steps of the draft at batch B       (phases.decode, draft model)
    T_verify   one target pass of B·(γ + 1) tokens: the decode rows plus B chunks of γ
               drafted tokens attending to C + γ            (phases.mixed, pieces = B)
    E          (1 − α^(γ+1))/(1 − α) tokens per sequence    (laws.speedup.speculative_tokens)
    TPOT_eff   (γ·T_draft + T_verify)/E;  speedup = TPOT / TPOT_eff

The draft's weights (and its KV cache, ∝ its layers and KV heads) share the device with the
target's; the acceptance rate α depends on how well the draft matches the target on the
traffic, so it is an input, never assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ironlaw import checks
from ironlaw.derive import Line, Worked
from ironlaw.errors import ParameterError
from ironlaw.laws.speedup import speculative_tokens
from ironlaw.serving import phases
from ironlaw.serving.kv import PLAIN, KvLayout
from ironlaw.serving.target import Target
from ironlaw.table import Shown, Table, facts
from ironlaw.units import format as show


@dataclass(frozen=True, repr=False)
class Speculation(Shown):
    """Speculative decoding at batch B, per replica. Times in s."""

    model: str
    draft: str
    batch: int
    context: int
    draft_tokens: int  # γ
    acceptance: float  # α
    tokens: float  # E per sequence per iteration
    draft_step_s: float
    verify_s: float
    plain_tpot_s: float
    draft_weight_bytes: float  # per device

    @property
    def iteration_s(self) -> float:
        return self.draft_tokens * self.draft_step_s + self.verify_s

    @property
    def tpot_s(self) -> float:
        return self.iteration_s / self.tokens

    @property
    def speedup(self) -> float:
        return self.plain_tpot_s / self.tpot_s

    def to_dict(self) -> dict[str, Any]:
        return {"draft": self.draft, "draft_tokens": self.draft_tokens,
                "acceptance": self.acceptance, "tokens_per_iteration": self.tokens,
                "draft_step_s": self.draft_step_s, "verify_s": self.verify_s,
                "iteration_s": self.iteration_s, "tpot_s": self.tpot_s,
                "plain_tpot_s": self.plain_tpot_s, "speedup": self.speedup,
                "output_tokens_per_s": self.batch / self.tpot_s,
                "draft_weights_per_device_bytes": self.draft_weight_bytes}

    def rows(self) -> list[Table]:
        return [facts(f"Speculative decoding: {self.draft} drafts {self.draft_tokens} tokens "
                      f"for {self.model} (α = {self.acceptance:g})", [
                          ("tokens per iteration", self.tokens, "count"),
                          ("draft step", self.draft_step_s, "time"),
                          ("verify pass", self.verify_s, "time"),
                          ("effective TPOT", self.tpot_s, "time"),
                          ("speedup over plain decoding", f"{self.speedup:.2f}×"),
                          ("draft weights per device", self.draft_weight_bytes, "bytes")])]

    def explain(self) -> Worked:
        g, a = self.draft_tokens, self.acceptance
        return Worked(f"Speculative decoding, batch {self.batch}, context {self.context}", (
            Line("tokens per iteration", "E = (1 − α^(γ+1))/(1 − α)",
                 f"(1 − {a:g}^{g + 1})/(1 − {a:g})", f"{self.tokens:.3g}"),
            Line("iteration", "γ·T_draft + T_verify",
                 f"{g} × {show(self.draft_step_s, 'time')} + {show(self.verify_s, 'time')}",
                 show(self.iteration_s, "time")),
            Line("effective TPOT", "(γ·T_draft + T_verify)/E",
                 f"{show(self.iteration_s, 'time')} / {self.tokens:.3g}",
                 show(self.tpot_s, "time")),
            Line("speedup", "TPOT / TPOT_eff",
                 f"{show(self.plain_tpot_s, 'time')} / {show(self.tpot_s, 'time')}",
                 f"{self.speedup:.3g}×")),
            ("Source: Leviathan, Kalman & Matias, ICML 2023, Theorem 3.8",
             "Assumption: each drafted token is accepted independently with probability α"))


def speculate(model: str, draft: str, target: Target, batch: int, context: int,
              draft_tokens: int, acceptance: float, precision: str,
              layout: KvLayout = PLAIN) -> Speculation:
    """Speculative decoding of ``model`` with ``draft`` on ``target`` (module docstring)."""
    from ironlaw.models.zoo import get_model

    g = checks.whole(draft_tokens, "draft_tokens", 1, 64)
    a = checks.fraction(acceptance, "acceptance", open_low=False)
    draft_id = get_model(draft).id
    if draft_id == model:
        raise ParameterError("draft", f"the draft must be a smaller model than {model}")
    if phases.arch_of(draft_id).vocab != phases.arch_of(model).vocab:
        raise ParameterError("draft", f"{draft_id} and {model} must share a vocabulary to "
                             "verify each other's tokens")
    small = phases.decode(draft_id, target, batch, context, precision)
    verify = phases.mixed(model, target, batch, context, g, context + g, precision, pieces=batch,
                          kv=layout)
    plain = phases.decode(model, target, batch, context, precision, kv=layout)
    return Speculation(model, draft_id, batch, context, g, float(a),
                       float(speculative_tokens(a, g)), float(small.time_s),
                       float(verify.time_s), float(plain.time_s), float(small.param_bytes))
