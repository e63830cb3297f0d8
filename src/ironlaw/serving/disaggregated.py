"""Disaggregated prefill and decode: a node's replicas split into prefill instances and decode
instances, the KV cache of each prompt sent from one to the other (DistServe, Zhong et al.,
OSDI 2024; Splitwise, Patel et al., ISCA 2024).

Per instance of tp devices, every pass time from the per-op core:

    prefill    k = max(1, ⌊K/P⌋) prompts packed into one pass under the token budget K:
               X_p = k / T_prefill(k prompts of P)                      requests/s
    decode     pure decode at batch B, context C = P + O/2 (no prefill chunk in the way):
               X_d = B / ((O − 1) · T_decode(B, C))                    requests/s
    transfer   the prompt's KV cache, each device its share over the node's link:
               T_kv = α + (KV(P)/tp)/β                                  (adds to TTFT)
    split      n_p prefill + n_d decode instances, n_p + n_d = ⌊devices/tp⌋, chosen to
               maximize min(n_p·X_p, n_d·X_d) requests/s

TTFT = T_prefill + T_kv and TPOT = T_decode (no queueing); the transfer overlaps other
instances' work, so it costs latency, not throughput.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ironlaw.derive import Line, Worked
from ironlaw.errors import ParameterError
from ironlaw.laws.collectives import send_receive
from ironlaw.serving import kv, phases
from ironlaw.serving.target import Target
from ironlaw.table import Shown, Table, facts
from ironlaw.units import format as show


@dataclass(frozen=True, repr=False)
class Disaggregation(Shown):
    """The best prefill/decode split of a node, and colocated serving beside it."""

    node: str
    instances: int  # replicas of tp devices on the node
    tp: int
    prompts_per_pass: int  # k
    prefill_s: float  # T_prefill(k)
    prefill_rate: float  # X_p, requests/s per prefill instance
    decode_s: float  # T_decode(B, C)
    decode_rate: float  # X_d, requests/s per decode instance
    kv_bytes: float  # one prompt's KV cache, all devices
    transfer_s: float
    prefill_instances: int
    decode_instances: int
    colocated_requests_per_s: float | None  # every instance running both, at batch B
    output: int

    @property
    def requests_per_s(self) -> float:
        return min(self.prefill_instances * self.prefill_rate,
                   self.decode_instances * self.decode_rate)

    @property
    def ttft_s(self) -> float:
        return self.prefill_s + self.transfer_s

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "instances": self.instances,
                "prefill_instances": self.prefill_instances,
                "decode_instances": self.decode_instances,
                "prompts_per_prefill_pass": self.prompts_per_pass,
                "prefill_pass_s": self.prefill_s, "prefill_requests_per_s": self.prefill_rate,
                "decode_step_s": self.decode_s, "decode_requests_per_s": self.decode_rate,
                "kv_transfer_bytes": self.kv_bytes, "kv_transfer_s": self.transfer_s,
                "ttft_s": self.ttft_s, "tpot_s": self.decode_s,
                "requests_per_s": self.requests_per_s,
                "output_tokens_per_s": self.requests_per_s * self.output,
                "colocated_requests_per_s": self.colocated_requests_per_s}

    def rows(self) -> list[Table]:
        colocated = ([("colocated, same node and batch", self.colocated_requests_per_s,
                       "rate")]
                     if self.colocated_requests_per_s else [])
        return [facts(f"Disaggregated prefill/decode on {self.node} ({self.instances} "
                      f"instances of {self.tp})", [
                          ("split", f"{self.prefill_instances} prefill + "
                                    f"{self.decode_instances} decode instances"),
                          ("requests per node", self.requests_per_s, "rate"),
                          *colocated,
                          ("TTFT (prefill + KV transfer, no queue)", self.ttft_s, "time"),
                          ("TPOT (pure decode)", self.decode_s, "time"),
                          ("KV transfer per prompt", self.transfer_s, "time")])]

    def explain(self) -> Worked:
        return Worked(f"Disaggregated prefill/decode on {self.node}", (
            Line("prefill instance", "X_p = k / T_prefill(k)",
                 f"{self.prompts_per_pass} / {show(self.prefill_s, 'time')}",
                 show(self.prefill_rate, "rate")),
            Line("decode instance", "X_d = B / ((O − 1)·T_decode)",
                 f"B / ({self.output - 1} × {show(self.decode_s, 'time')})",
                 show(self.decode_rate, "rate")),
            Line("split", "max over n_p of min(n_p·X_p, n_d·X_d)",
                 f"min({self.prefill_instances} × {show(self.prefill_rate, 'rate')}, "
                 f"{self.decode_instances} × {show(self.decode_rate, 'rate')})",
                 show(self.requests_per_s, "rate")),
            Line("KV transfer", "α + (KV(P)/tp)/β",
                 f"{show(self.kv_bytes, 'bytes')} over {self.tp} device(s)",
                 show(self.transfer_s, "time"))),
            ("Source: Zhong et al., 'DistServe', OSDI 2024; Patel et al., 'Splitwise', ISCA "
             "2024",
             "Assumption: the KV transfer overlaps the other instances' work (TTFT only)"))


def disaggregate(model: str, target: Target, prompt: int, output: int, batch: int,
                 context: int, precision: str, budget: int,
                 colocated_requests_per_s: float | None,
                 layout: kv.KvLayout = kv.PLAIN) -> Disaggregation:
    """The best split of ``target``'s node into prefill and decode instances (module doc)."""
    if target.node is None or (target.replicas_per_node or 0) < 2:
        where = (f"{target.device.id} is one device" if target.node is None else
                 f"{target.node.id} holds {target.replicas_per_node} instance(s) of "
                 f"{target.tp}")
        raise ParameterError("disaggregate", "splits a node's instances into prefill and "
                             f"decode ones and needs at least two; {where} (give a node such "
                             "as dgx-h100, and a smaller --devices)")
    k = max(1, budget // prompt)
    pre = phases.prefill(model, target, prompt, precision, batch=k, kv=layout)
    dec = phases.decode(model, target, batch, context, precision, kv=layout)
    x_p = k / float(pre.time_s)
    x_d = batch / ((output - 1) * float(dec.time_s))
    arch = phases.arch_of(model, layout.heads)
    cache = layout.dtype_for(precision, arch, target.device.peak)
    kv_bytes = float(kv.kv_bytes_per_sequence(arch, prompt, cache, None))
    from ironlaw.hardware.links import link_for

    link = link_for(target.device, 2)
    transfer = float(send_receive(kv_bytes / target.tp, link.bandwidth, link.latency))
    n = target.replicas_per_node
    best = max(range(1, n), key=lambda p: (min(p * x_p, (n - p) * x_d), -p))
    return Disaggregation(target.node.id, n, target.tp, k, float(pre.time_s), x_p,
                          float(dec.time_s), x_d, kv_bytes, transfer, best, n - best,
                          colocated_requests_per_s, output)
