"""The worked derivation of a :class:`~ironlaw.training.plan.TrainingPlan` (``--explain``):
each headline number as formula, substitution and result. It reads the plan's fields and
imports nothing from ``plan`` (which imports it)."""

from __future__ import annotations

from ironlaw.derive import Line, Worked
from ironlaw.frameworks.parallel import SOURCES
from ironlaw.laws import scaling
from ironlaw.table import Fact, Table, facts
from ironlaw.training.tables import FRAGMENTATION, PRECISIONS, ZERO
from ironlaw.units import format as show
from ironlaw.units import format_interval as between
from ironlaw.units import per_second


def _b(x: float) -> str:
    return show(x, "bytes")


def _t(x: float) -> str:
    return show(x, "time")


def _memory_lines(p) -> list[Line]:
    m, s = p.memory, p.memory.states
    spec = PRECISIONS[p.precision]
    n1, n2, n3 = (p.dp if p.zero >= k else 1 for k in (1, 2, 3))
    params = s.weights * n3 / spec.weight_bytes  # the heaviest stage's parameters
    lines = [Line(
        f"model states per device (ZeRO stage {p.zero} over {p.dp} data-parallel devices)",
        "w·P/N₃ + g·P/N₂ + (m·P + S_opt)/N₁",
        f"{spec.weight_bytes:g} B × {show(params, 'count')}/{n3} + {spec.gradient_bytes:g} B × "
        f"{show(params, 'count')}/{n2} + ({spec.master_bytes:g} B × {show(params, 'count')} + "
        f"{_b(s.optimizer * n1)})/{n1}",
        _b(s.total))]
    lines.append(Line(
        f"activations per device (recompute {p.recompute}, {m.in_flight:g} micro-batch"
        f"{'es' if m.in_flight > 1 else ''} in flight)",
        "saved per micro-batch × in flight (+ one recomputed layer)",
        f"{_b(m.saved_per_micro_batch)} × {m.in_flight:g}"
        + (f" + {_b(m.working)}" if p.recompute == "full" else ""),
        _b(m.activations)))
    lines.append(Line(
        "memory per device",
        "(states + activations + transient + ZeRO-3 buffer) × (1 + f_frag) + context",
        f"({_b(s.total)} + {_b(m.activations)} + {_b(m.transient)} + {_b(m.zero3_buffer)}) × "
        f"{1 + FRAGMENTATION.value:g} + {_b(m.runtime)}",
        f"{_b(m.total)} of {_b(m.capacity) if m.capacity else '?'} → {p.verdict}"))
    if p.largest_micro_batch is not None:
        fixed = m.total - p.memory_per_sample_bytes * p.micro_batch
        lines.append(Line(
            "largest micro-batch", "b* = ⌊(C − fixed)/per-sample⌋",
            f"⌊({_b(m.capacity)} − {_b(fixed)}) / {_b(p.memory_per_sample_bytes)}⌋",
            f"{p.largest_micro_batch} (power of two: {p.largest_micro_batch_pow2})"))
    return lines


def _time_lines(p) -> list[Line]:
    t, mb = p.step, p.step.stage
    lines = [Line(
        "one micro-batch on the slowest stage",
        "forward + backward + recompute + TP all-reduces + pipeline sends",
        f"{_t(mb.forward_s)} + {_t(mb.backward_s)} + {_t(mb.recompute_s)} + "
        f"{_t(mb.tensor_parallel_s)} + {_t(mb.pipeline_p2p_s)}", _t(mb.total_s))]
    if p.tp > 1 and "tp" in p.links:
        link = p.links["tp"]
        lines.append(Line(
            f"tensor-parallel all-reduces per micro-batch over {p.tp} devices ({link.name})",
            "count · min(min_p (a_p + 2(N−1)·α_p + 2(N−1)/N · M/(s_p·β)), NVLS a + M/(e·β))",
            f"{mb.tp_allreduces:g} × all-reduce({_b(mb.tp_allreduce_bytes)}) over "
            f"{show(link.bandwidth, 'bandwidth')}, "
            f"NCCL picks {link.protocol('all-reduce', mb.tp_allreduce_bytes)}",
            _t(mb.tensor_parallel_s)))
    v = p.virtual_stages
    lines.append(Line(
        f"pipeline of {p.pp} stage{'s' if p.pp > 1 else ''}, {p.micro_batches} micro-batches"
        + (f", interleaved ({v} chunks per device)" if v > 1 else ""),
        "(m + (p − 1)/v) · t_mb;  bubble (p − 1)/(v·m + p − 1)" if v > 1 else
        "(m + p − 1) · t_mb;  bubble (p − 1)/(m + p − 1)",
        (f"({p.micro_batches} + ({p.pp} − 1)/{v}) × {_t(mb.total_s)}" if v > 1 else
         f"({p.micro_batches} + {p.pp} − 1) × {_t(mb.total_s)}")
        + f";  bubble {show(t.bubble_fraction, 'share')}", _t(t.pipeline_s)))
    if "dp" in p.links:
        link = p.links["dp"]
        formula = ("min_p (a_p + 2(N−1)·α_p + 2(N−1)/N · Ψ/(s_p·β))" if p.zero < 3 else
                   "m · (2·all-gather(W) + reduce-scatter(Ψ)), each min_p (a_p + (N−1)·α_p + "
                   "(N−1)/N · M/(s_p·β))")
        lines.append(Line(
            f"data-parallel gradient communication over {p.dp} devices ({link.name})", formula,
            f"N = {p.dp}, Ψ = {_b(p.memory.states.gradients * (p.dp if p.zero >= 2 else 1))}, "
            f"β = {show(link.bandwidth, 'bandwidth')}, α = {_t(link.latency)}",
            _t(t.data_parallel_s)))
        lines.append(Line(
            "exposed data-parallel communication", "T_dp − min(overlap · T_dp, hideable)",
            f"{_t(t.data_parallel_s)} − min({p.overlap:g} × {_t(t.data_parallel_s)}, "
            f"{_t(t.hideable_s)})", _t(t.data_parallel_exposed_s)))
    if t.memory_bandwidth:
        lines.append(Line(
            "optimizer update (memory-bound)",
            "(2·(m + s) + g + w) B × P/N₁ / (BW · f_mem)",
            f"{t.optimizer_bytes_per_param:.3g} B × {show(t.optimizer_params, 'count')} / "
            f"{show(t.memory_bandwidth, 'bandwidth')}", _t(t.optimizer_s)))
    lines.append(Line("step time", "pipeline + exposed communication + optimizer",
                      f"{_t(t.pipeline_s)} + {_t(t.data_parallel_exposed_s)} + "
                      f"{_t(t.optimizer_s)}", _t(p.step_s)))
    rate = (per_second(p.tokens_per_s, "tokens") if p.tokens_per_s is not None
            else per_second(p.samples_per_s, "samples"))
    per = f"{p.global_batch} × {p.seq}" if p.seq else f"{p.global_batch}"
    lines.append(Line("throughput", "global batch (× seq) / step", f"{per} / {_t(p.step_s)}",
                      rate))
    lines.append(Line("MFU", "model FLOPs per step / (step · N · R)",
                      f"{show(p.model_flops_per_step, 'flops')} / ({_t(p.step_s)} × "
                      f"{p.devices} × {show(p.peak_flop_per_s, 'flop_rate')})",
                      f"{show(p.mfu, 'share')} (with recomputation, HFU "
                      f"{show(p.hfu, 'share')})"))
    return lines


def _budget_lines(p) -> list[Line]:
    lines: list[Line] = []
    if p.time_to_train_s is None:
        return lines
    what = (f"{show(p.tokens_total, 'count')} tokens" if p.tokens_total is not None
            else f"{show(p.samples_total, 'count')} samples")
    lines.append(Line(f"time to train on {what}", "steps × step time",
                      f"{show(p.steps_total, 'count')} × {_t(p.step_s)}",
                      _t(p.time_to_train_s)))
    if p.tokens_total is not None and p.seq is not None:
        flops = scaling.training_flops(p.params, p.tokens_total)
        napkin = scaling.time_to_train(flops, p.devices, p.peak_flop_per_s, p.mfu)
        lines.append(Line("napkin check: 6·P·D at this MFU", "T = 6·P·D / (N·R·η)",
                          f"6 × {show(p.params, 'count')} × {show(p.tokens_total, 'count')} / "
                          f"({p.devices} × {show(p.peak_flop_per_s, 'flop_rate')} × "
                          f"{show(p.mfu, 'share')})", _t(napkin)))
    if p.cost_usd is not None:
        lines.append(Line("cost", "C = N · T · p (device time × price per device)",
                          f"{p.devices} × {_t(p.time_to_train_s)} × "
                          f"{show(p.price_usd_per_s, 'usd_per_time')} ({p.price_basis})",
                          show(p.cost_usd, "usd")))
    return lines


def worked(plan) -> Worked:
    """Memory, step time, throughput, MFU, time to train and cost, worked out."""
    title = (f"Training {plan.model} on {plan.devices} × {plan.device}"
             f"{f' ({plan.node})' if plan.node else ''}: dp {plan.dp} · tp {plan.tp} · "
             f"pp {plan.pp}, micro-batch {plan.micro_batch}, global batch {plan.global_batch}"
             f"{f', seq {plan.seq}' if plan.seq else ''}, {plan.precision}, {plan.optimizer}, "
             f"ZeRO {plan.zero}, recompute {plan.recompute}")
    lines = _memory_lines(plan) + _time_lines(plan) + _budget_lines(plan)
    notes = (f"verdict: {plan.verdict}: {plan.reason}", *plan.assumptions,
             f"Sources: {ZERO.title}; {SOURCES['thakur2005'].title}; "
             f"{SOURCES['megatron'].title}; {SOURCES['narayanan2021'].title}")
    return Worked(title, tuple(lines), notes)


def table(p) -> Table:
    """The plan's headline facts for people (``rows()``)."""
    data = p.to_dict()
    mem, time = data["memory"], data["time"]
    mb = time["per_micro_batch"]
    rows: list[Fact] = [
        ("verdict", f"{p.verdict}: {p.reason}"),
        ("parallelism", f"dp {p.dp} × tp {p.tp} × pp {p.pp} = {p.devices} devices"),
        ("batch", f"micro-batch {p.micro_batch} × {p.micro_batches} micro-batches × "
                  f"dp {p.dp} = global {p.global_batch}"
                  + (f" × seq {p.seq}" if p.seq else "")),
        ("parameters", p.params, "count"),
    ]
    for key, label in (("weights_bytes", "weights"), ("gradients_bytes", "gradients"),
                       ("master_weights_bytes", "fp32 master weights"),
                       ("optimizer_state_bytes", "optimizer state"),
                       ("activations_bytes", "activations"), ("transient_bytes", "transient peak"),
                       ("zero3_gather_buffer_bytes", "ZeRO-3 gather buffer"),
                       ("fragmentation_bytes", "allocator fragmentation"),
                       ("runtime_context_bytes", "runtime context"),
                       ("total_bytes", "memory per device"),
                       ("capacity_bytes", "memory on device")):
        rows.append((label, _b(mem[key])))
    if p.largest_micro_batch is not None:
        rows.append(("largest micro-batch", f"{p.largest_micro_batch} (power of two: "
                                            f"{p.largest_micro_batch_pow2})"))
    for key, label in (("forward_s", "forward (per micro-batch)"),
                       ("backward_s", "backward (per micro-batch)"),
                       ("recompute_s", "recompute (per micro-batch)"),
                       ("tensor_parallel_comm_s", "tensor-parallel all-reduces"),
                       ("pipeline_p2p_s", "pipeline sends")):
        rows.append((label, mb[key], "time"))
    rows += [
        ("pipeline bubble",
         f"{_t(time['bubble_s'])} ({show(time['bubble_fraction'], 'share')})"),
        ("data-parallel comm (exposed)", f"{_t(time['data_parallel_comm_s'])} "
                                         f"({_t(time['data_parallel_exposed_s'])}, "
                                         f"overlap {p.overlap:g})"),
        ("optimizer step", time["optimizer_s"], "time"),
        ("step time", between(p.step_s, p.intervals.get("step_s"), "time")),
        ("throughput", per_second(p.samples_per_s, "samples")
         + (f" ({per_second(p.tokens_per_s, 'tokens', p.intervals.get('tokens_per_s'))})"
            if p.tokens_per_s else "")),
        ("MFU (HFU)", f"{show(p.mfu, 'share')} ({show(p.hfu, 'share')})"),
    ]
    if p.time_to_train_s is not None:
        budget = (f"{show(p.tokens_total, 'count')} tokens" if p.tokens_total
                  else f"{show(p.samples_total, 'count')} samples")
        took = between(p.time_to_train_s, p.intervals.get("time_to_train_s"), "time")
        rows.append(("time to train", f"{took} for {budget} "
                                      f"({show(p.steps_total, 'count')} steps)"))
        rows.append(("device time", p.device_time_s, "time"))
    if p.cost_usd is not None:
        rows.append(("cost", f"{between(p.cost_usd, p.intervals.get('cost_usd'), 'usd')} at "
                             f"{show(p.price_usd_per_s, 'usd_per_time')} per device "
                             f"({p.price_basis})"))
    title = (f"Training {p.model} on {p.devices} × {p.device}"
             f"{' (' + p.node + ')' if p.node else ''} · {p.precision} · "
             f"{p.optimizer} · ZeRO {p.zero} · recompute {p.recompute}")
    spread = (("[low–high]: the efficiency parameters at the ends of their stated ranges",)
              if p.intervals else ())
    return facts(title, rows, p.assumptions + spread)

