"""``plan_training``: does a training run fit on one node, how fast does it step, what does it
cost. Devices = dp·tp·pp; every number is in the :class:`TrainingPlan` with its derivation.

    graph      forward of one micro-batch (transformers with logits at every position),
               split tp ways (Megatron-LM) and into pp stages, then autodiff.training_step
    memory     training.memory, on the heaviest stage, with 1F1B's min(p − i, m) micro-batches
               in flight on stage i (Narayanan et al. 2021); a transformer's layers keep
               Korthikanti et al.'s activations (memory.layer_activation_bytes: sequence
               parallelism, flash or materialized attention, dropout masks)
    time       training.step, on the slowest stage; MFU = model FLOPs / (step · N · R)
    budget     tokens (steps = D/(B·S)) or epochs × samples; a decoder without either trains
               on the compute-optimal D = 20·P tokens (laws.scaling)
    cost       N · T · p: devices × time to train [s] × price per device-second [USD/s]
               (given, or priced by the caller)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ironlaw import checks
from ironlaw.derive import Worked
from ironlaw.dtypes import element_bytes
from ironlaw.errors import ParameterError
from ironlaw.frameworks.autodiff import training_step
from ironlaw.frameworks.cost import MODES, Analysis, analyze
from ironlaw.frameworks.graph import Block, Graph
from ironlaw.frameworks.parallel import (
    pipeline_bubble,
    pipeline_in_flight,
    pipeline_stages,
    tensor_parallel,
)
from ironlaw.hardware.catalog import Catalog, open_catalog, reopen
from ironlaw.hardware.links import Link, link_for
from ironlaw.hardware.schema import Device, Node
from ironlaw.laws.cost import resource_time, total_cost
from ironlaw.table import Shown, Table
from ironlaw.training import budget
from ironlaw.training import memory as mem
from ironlaw.training import step as st
from ironlaw.training.explain import worked
from ironlaw.training.tables import (
    FRAGMENTATION,
    OVERLAP,
    PIPELINE_MICRO_BATCHES,
    RUNTIME_CONTEXT,
)
from ironlaw.uncertainty import cached_per_end, with_bounds

DEFAULT_SEQ = 2048


# --- inputs ----------------------------------------------------------------------------------

# --- graphs (cached for the built-in catalog) --------------------------------------------------

@dataclass(frozen=True)
class _Costed:
    """The graphs and analyses a plan needs, independent of ZeRO, optimizer and recompute."""

    forward: Graph  # unsplit, one micro-batch
    model_step_flops: float  # unsplit training step FLOPs, one micro-batch
    stages: tuple[Graph, ...]  # tp-split forward graph of each pipeline stage
    steps: tuple[Analysis, ...]  # each stage's training step on the device
    seq: int | None
    notes: tuple[str, ...]
    layer: mem.LayerShape | None = None  # a transformer layer's shape (activation memory)


def _forward(model: str, batch: int, seq: int | None, precision: str):
    from ironlaw.models.zoo import architecture, build_model, get_model

    spec = get_model(model)
    notes: list[str] = []
    if spec.family != "transformer":
        graph = build_model(spec.id, batch=batch, seq=seq, dtype=precision)
        return graph, None, None, None, None, notes
    from ironlaw.models.transformer import build

    arch = architecture(spec.id)
    if seq is None:
        seq = min(DEFAULT_SEQ, arch.positions) if arch.learned_positions else DEFAULT_SEQ
        capped = "" if seq == DEFAULT_SEQ else \
            f" {DEFAULT_SEQ}, capped at {spec.id}'s {arch.positions} learned positions"
        notes.append(f"sequence length {seq} (the default{capped})")
    phase = "prefill" if arch.decoder else "encoder"
    if not arch.decoder:
        notes.append(f"{spec.id}: the graph has the pooler head, not a pre-training (MLM) head")
    graph = build(arch, phase, batch=batch, seq=seq, dtype=precision, name=spec.id,
                  all_logits=True)
    layer = mem.LayerShape(
        seq, arch.hidden, arch.heads, arch.kv_heads, arch.expert_ffn or arch.ffn,
        gated=arch.family == "llama", experts_per_token=arch.experts_per_token,
        bytes=element_bytes(precision))
    if arch.ssm is not None:
        return graph, seq, None, None, None, notes
    return graph, seq, arch.heads, arch.kv_heads, layer, notes


def _costed(model: str, device: Device, efficiency, batch: int, seq: int | None,
            precision: str, tp: int, pp: int, mode: str) -> _Costed:
    forward, seq, heads, kv_heads, layer, notes = _forward(model, batch, seq, precision)
    split = tensor_parallel(forward, tp, heads, kv_heads)
    stages = pipeline_stages(split, pp)
    steps = tuple(analyze(training_step(s), device, efficiency, mode) for s in stages)
    return _Costed(forward, training_step(forward).flops, stages, steps, seq, tuple(notes),
                   layer)


@cached_per_end(maxsize=256)
def _costed_cached(files: tuple, model: str, device_id: str, batch: int, seq: int | None,
                   precision: str, tp: int, pp: int, mode: str) -> _Costed:
    """_costed on the catalog opened from ``files`` (``Catalog.files``: the built-in one, or it
    merged with a host profile or a user's file), once per configuration and efficiency end
    (the catalog reads the efficiency at the ``uncertainty.END`` in force)."""
    cat = reopen(files)
    device = cat.devices[device_id]
    return _costed(model, device, cat.efficiency_of(device), batch, seq, precision, tp, pp, mode)


# --- the plan ----------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class TrainingPlan(Shown):
    """A training run on one node: memory per device, step time, throughput, time and cost.

    Times in s, sizes in bytes, rates per second, money in USD. ``verdict`` is "fits" or
    "does not fit", with ``reason``; the times are computed either way.
    """

    model: str
    device: str
    node: str | None
    devices: int
    dp: int
    tp: int
    pp: int
    micro_batch: int
    global_batch: int
    micro_batches: int
    seq: int | None
    precision: str
    optimizer: str
    zero: int
    recompute: str
    overlap: float
    mode: str
    params: float
    links: dict[str, Link]
    memory: mem.MemoryBreakdown
    memory_per_sample_bytes: float
    largest_micro_batch: int | None
    largest_micro_batch_pow2: int | None
    step: st.StepTime
    model_flops_per_step: float
    hardware_flops_per_step: float
    peak_flop_per_s: float
    tokens_total: float | None
    samples_total: float | None
    steps_total: float | None
    price_usd_per_s: float | None  # per device-second
    price_basis: str
    verdict: str
    reason: str
    assumptions: tuple[str, ...] = field(default_factory=tuple)
    sequence_parallel: bool = False
    attention: str = "flash"
    dropout: bool = False
    virtual_stages: int = 1  # model chunks per device (interleaved 1F1B when > 1)
    loss: str = "fp32"  # the cross entropy's kernel: fp32 (upcast) | fused
    # [low, high] per to_dict key (step_s, ...): the plan evaluated with the efficiency
    # parameters at the ends of their stated ranges (train)
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)

    # --- derived numbers
    @property
    def fits(self) -> bool:
        return self.memory.fits

    @property
    def step_s(self) -> float:
        return self.step.step_s

    @property
    def samples_per_s(self) -> float:
        return self.global_batch / self.step_s

    @property
    def tokens_per_s(self) -> float | None:
        return None if self.seq is None else self.samples_per_s * self.seq

    @property
    def mfu(self) -> float:
        return self.model_flops_per_step / (self.step_s * self.devices * self.peak_flop_per_s)

    @property
    def hfu(self) -> float:
        return self.hardware_flops_per_step / (self.step_s * self.devices * self.peak_flop_per_s)

    @property
    def time_to_train_s(self) -> float | None:
        return None if self.steps_total is None else self.steps_total * self.step_s

    @property
    def device_time_s(self) -> float | None:
        """N · T: device-seconds of the run [s] (laws.cost.resource_time)."""
        t = self.time_to_train_s
        return None if t is None else resource_time(self.devices, t)

    @property
    def cost_usd(self) -> float | None:
        """C = N · T · p [USD]."""
        if self.device_time_s is None or self.price_usd_per_s is None:
            return None
        return total_cost(self.device_time_s, self.price_usd_per_s)

    def to_dict(self) -> dict[str, Any]:
        return with_bounds({
            "model": self.model, "device": self.device, "node": self.node,
            "devices": self.devices, "dp": self.dp, "tp": self.tp, "pp": self.pp,
            "micro_batch": self.micro_batch, "global_batch": self.global_batch,
            "micro_batches": self.micro_batches, "seq": self.seq, "precision": self.precision,
            "optimizer": self.optimizer, "zero": self.zero, "recompute": self.recompute,
            "overlap": self.overlap, "mode": self.mode, "params": self.params,
            "sequence_parallel": self.sequence_parallel, "attention": self.attention,
            "dropout": self.dropout, "virtual_stages": self.virtual_stages, "loss": self.loss,
            "verdict": self.verdict, "reason": self.reason, "fits": self.fits,
            "memory": self.memory.to_dict(),
            "memory_per_sample_bytes": self.memory_per_sample_bytes,
            "largest_micro_batch": self.largest_micro_batch,
            "largest_micro_batch_pow2": self.largest_micro_batch_pow2,
            "links": {role: link.to_dict() for role, link in self.links.items()},
            "time": self.step.to_dict(),
            "step_s": self.step_s, "samples_per_s": self.samples_per_s,
            "tokens_per_s": self.tokens_per_s, "mfu": self.mfu, "hfu": self.hfu,
            "model_flops_per_step": self.model_flops_per_step,
            "hardware_flops_per_step": self.hardware_flops_per_step,
            "peak_flop_per_s": self.peak_flop_per_s,
            "tokens_total": self.tokens_total, "samples_total": self.samples_total,
            "steps_total": self.steps_total, "time_to_train_s": self.time_to_train_s,
            "device_time_s": self.device_time_s, "price_usd_per_s": self.price_usd_per_s,
            "price_basis": self.price_basis, "cost_usd": self.cost_usd,
            "assumptions": list(self.assumptions),
        }, self.intervals)

    def explain(self) -> Worked:
        return worked(self)

    def rows(self) -> list[Table]:
        from ironlaw.training.explain import table

        return [table(self)]


def plan_training(model: str, device: str | None = None, devices: int | None = None, *,
                  on: str | None = None, tp: int = 1, pp: int = 1, micro_batch: int = 1,
                  global_batch: int | None = None,
                  seq: int | None = None, precision: str = "bf16", optimizer: str = "adamw",
                  zero: int = 0, recompute: str = "none", tokens: float | None = None,
                  epochs: float | None = None, dataset_samples: float | None = None,
                  price: float | str | Callable | None = None,
                  catalog: Catalog | str | Path | None = None, overlap: float = OVERLAP.value,
                  mode: str = "fused", sequence_parallel: bool = False,
                  attention: str = "flash", dropout: bool = False,
                  virtual_stages: int = 1, loss: str = "fp32") -> TrainingPlan:
    """Plan training ``model`` on ``device`` (a device, or a node: its accelerators and links).

    ``devices`` = dp·tp·pp (default: the node's count, or 1); ``micro_batch`` samples per
    device per pass; ``global_batch`` samples per step (default micro_batch·dp, or 4·pp
    micro-batches with a pipeline); ``seq`` tokens per sample (transformers; default 2048);
    ``zero`` 0–3; ``recompute`` none | selective | full; ``tokens`` or ``epochs`` ×
    ``dataset_samples`` the training budget; ``price`` per device-second (a float in USD/s,
    a string such as "$2.50/h", or a function of (device, node) returning (price, note), e.g.
    ``operations.cost.owned_price``; None: no cost); ``overlap`` the fraction of
    data-parallel communication hidden behind backward (default 0.8, an estimate); ``mode``
    eager | fused; ``sequence_parallel`` splits the norms, dropouts and layer inputs over the
    tp devices too (Korthikanti et al. 2022); ``attention`` flash | materialized and
    ``dropout`` (masks kept for backward) set a transformer layer's activation memory;
    ``virtual_stages`` v > 1 runs the interleaved 1F1B schedule (v chunks of layers per
    device: a v-fold smaller bubble, v-fold more pipeline sends, more activations in flight);
    ``loss`` fp32 | fused: a language model's cross entropy upcast to fp32 (PyTorch's) or a
    fused kernel (flash-attention's, llm-foundry's default), which sets the loss's transient
    memory (``training.memory.transient_bytes``). The device may be given as ``on=``, as
    ``analyze`` takes it.
    """
    device = checks.device_given(device, on)
    assumptions: list[str] = []
    cat = open_catalog(catalog)
    accel, node = cat.accelerator(device)
    count, dp, tp, pp, b, m = _layout(devices, node, tp, pp, micro_batch, global_batch,
                                      assumptions)
    mem.precision_spec(precision)  # checks it
    optimizer = mem.optimizer_spec(optimizer).name
    zero = checks.whole(zero, "zero", 0, 3)
    checks.choice(recompute, "recompute", mem.RECOMPUTE)
    overlap = checks.fraction(overlap, "overlap", open_low=False)
    checks.choice(mode, "mode", MODES)
    checks.choice(attention, "attention", mem.ATTENTION)
    checks.choice(loss, "loss", mem.LOSSES)
    seq = None if seq is None else checks.whole(seq, "seq")
    virtual = _virtual_stages(virtual_stages, pp, m)

    if cat.files is not None:  # opened from files: cached by their stamps
        costed = _costed_cached(cat.files, model.strip().lower(), accel.id, b, seq, precision,
                                tp, pp, mode)
    else:
        costed = _costed(model, accel, cat.efficiency_of(accel), b, seq, precision, tp, pp, mode)
    assumptions += costed.notes
    _check_chunks(costed.stages, virtual)
    groups = {"tp": (tp, tp), "dp": (dp, dp), "pp": (pp, 2)}  # degree, devices talking at once
    links = {role: link_for(accel, size) for role, (degree, size) in groups.items() if degree > 1}
    for used in links.values():
        assumptions += [a for a in used.assumptions if a not in assumptions]
    if node is None and count > 1:
        assumptions.append(f"{count} × {accel.id} in one node, joined by their "
                           f"{next(iter(links.values())).name}")

    layer = None if costed.layer is None else replace(costed.layer, dropout=bool(dropout))

    def kept(stage: Graph) -> mem.Activations:
        return mem.activations(stage, recompute, layer, tp=tp,
                               sequence_parallel=bool(sequence_parallel), attention=attention)

    assumptions += _activation_notes(layer, tp, sequence_parallel, attention, dropout)
    if any(op.tp_role == "head" for stage in costed.stages for op in stage.ops):
        assumptions.append(
            "the loss's transient memory: cross entropy upcast to fp32 (logits + fp32 copy + "
            "fp32 log-softmax; --loss fused for a fused kernel)" if loss == "fp32" else
            "the loss's transient memory: a fused cross-entropy kernel (logits + their "
            "gradient + 12 B a token; flash-attention's)")
    fit = _fit(costed, accel, precision, optimizer, zero, kept, dp, b, m, virtual, loss,
               assumptions)
    stage_time = max((st.stage_time(stage, analysis, kept(stage), tp, pp,
                                    links.get("tp"), links.get("pp"), virtual)
                      for stage, analysis in zip(costed.stages, costed.steps, strict=True)),
                     key=lambda t: t.total_s)
    step = _step(costed, accel, cat, stage_time, precision, optimizer, zero, dp, pp, m, virtual,
                 overlap, links.get("dp"), assumptions)
    assumptions += _notes(costed, tp, dp, pp, zero, overlap, assumptions)

    g = b * dp * m
    params = costed.forward.params
    tokens_total, samples_total, steps_total = budget.budget(
        costed.forward, costed.seq, params, g, tokens, epochs, dataset_samples, assumptions)
    per_s, basis = budget.device_price(price, accel, node, assumptions)
    worst, per_sample, largest, largest_pow2 = fit
    verdict, reason = budget.verdict(worst, accel, count, zero, dp, recompute)
    hardware_flops = sum(_stage_flops(s, a, kept) for s, a in
                         zip(costed.stages, costed.steps, strict=True)) * tp * m * dp
    return TrainingPlan(
        model=costed.forward.name, device=accel.id, node=node.id if node else None,
        devices=count, dp=dp, tp=tp, pp=pp, micro_batch=b, global_batch=g, micro_batches=m,
        seq=costed.seq, precision=precision, optimizer=optimizer, zero=zero,
        recompute=recompute, overlap=float(overlap), mode=mode, params=params, links=links,
        memory=worst, memory_per_sample_bytes=per_sample, largest_micro_batch=largest,
        largest_micro_batch_pow2=largest_pow2, step=step,
        model_flops_per_step=costed.model_step_flops * m * dp,
        hardware_flops_per_step=hardware_flops,
        peak_flop_per_s=costed.steps[0].peak_flop_per_s, tokens_total=tokens_total,
        samples_total=samples_total, steps_total=steps_total, price_usd_per_s=per_s,
        price_basis=basis, verdict=verdict, reason=reason, assumptions=tuple(assumptions),
        sequence_parallel=bool(sequence_parallel), attention=attention, dropout=bool(dropout),
        virtual_stages=virtual, loss=loss)


def _virtual_stages(virtual, pp: int, m: int) -> int:
    """v checked: 1, or v > 1 with a pipeline whose micro-batches per step are a multiple of
    its stages (the interleaved schedule's condition in Megatron-LM)."""
    v = checks.whole(virtual, "virtual_stages", 1, 64)
    if v > 1 and pp < 2:
        raise ParameterError("virtual_stages", f"{v}: interleaving needs a pipeline (pp ≥ 2)")
    if v > 1 and m % pp:
        raise ParameterError("virtual_stages", f"{v}: the interleaved schedule needs the "
                             f"micro-batches per step ({m}) to be a multiple of pp ({pp})")
    return v


def _check_chunks(stages: tuple[Graph, ...], virtual: int) -> None:
    """Each stage's layers split into ``virtual`` equal chunks, or a ParameterError."""
    for stage in stages:
        layers = sum(i.count for i in stage.items if isinstance(i, Block))
        if layers % virtual:
            raise ParameterError("virtual_stages", f"{virtual}: a pipeline stage of "
                                 f"{layers} layers does not split into {virtual} equal chunks")


def _layout(devices, node: Node | None, tp, pp, micro_batch, global_batch,
            assumptions: list[str]) -> tuple[int, int, int, int, int, int]:
    """(devices, dp, tp, pp, micro-batch, micro-batches per step), checked."""
    count = checks.whole(devices if devices is not None else
                         (node.count if node is not None else 1), "devices", 1,
                         node.count if node is not None else 8)
    tp, pp = checks.whole(tp, "tp", 1, 8), checks.whole(pp, "pp", 1, 8)
    if count % (tp * pp):
        raise ParameterError("devices", f"{count} must be dp × tp × pp; tp × pp = "
                             f"{tp * pp} does not divide {count}")
    dp = count // (tp * pp)
    b = checks.whole(micro_batch, "micro_batch")
    if global_batch is None:
        m = 1 if pp == 1 else int(PIPELINE_MICRO_BATCHES.value) * pp
        if pp > 1:
            assumptions.append(f"{m} micro-batches per step "
                               f"({PIPELINE_MICRO_BATCHES.source.title})")
        return count, dp, tp, pp, b, m
    g = checks.whole(global_batch, "global_batch")
    if g % (b * dp):
        raise ParameterError("global_batch", f"{g} must be a multiple of micro-batch × dp "
                             f"= {b} × {dp} = {b * dp}")
    return count, dp, tp, pp, b, g // (b * dp)


def _fit(costed: _Costed, accel: Device, precision: str, optimizer: str, zero: int,
         kept_of: Callable[[Graph], mem.Activations], dp: int, b: int, m: int, virtual: int,
         loss: str, assumptions: list[str]):
    """(the heaviest stage's memory, its bytes per sample, largest micro-batch, its power of
    two). Stage i of p holds min(p − i, m) micro-batches (1F1B; interleaved: see
    ``pipeline_in_flight``); the in-flight count is held fixed when the micro-batch bound is
    solved: fixed + b·per_sample ≤ capacity."""
    capacity = accel.main_memory.capacity.value
    pp, wb = len(costed.stages), mem.precision_spec(precision).weight_bytes
    worst, per_sample, bounds = None, 0.0, []
    for i, (stage, analysis) in enumerate(zip(costed.stages, costed.steps, strict=True)):
        kept = kept_of(stage)
        if kept.note and kept.note not in assumptions:
            assumptions.append(kept.note)
        in_flight = pipeline_in_flight(i, pp, m, virtual)
        states = mem.model_states(stage.params, precision,
                                  mem.optimizer_state_bytes(stage, optimizer), zero, dp)
        transient = mem.transient_bytes(analysis.graph, loss)
        buffer = _largest_unit_params(stage) * wb if zero == 3 and dp > 1 else 0.0
        breakdown = mem.memory_breakdown(states, kept, in_flight, transient, buffer, capacity)
        sample = (1.0 + FRAGMENTATION.value) * (kept.saved * in_flight + kept.working
                                                + transient) / b
        bounds.append(mem.largest_micro_batch(breakdown.total - sample * b, sample, capacity))
        if worst is None or breakdown.total > worst.total:
            worst, per_sample = breakdown, sample
    exact = [x for x, _ in bounds if x is not None]
    largest = min(exact) if exact else None
    pow2 = None if largest is None else (1 << (largest.bit_length() - 1) if largest else 0)
    return worst, per_sample, largest, pow2


def _step(costed: _Costed, accel: Device, cat: Catalog, stage_time: st.StageTime,
          precision: str, optimizer: str, zero: int, dp: int, pp: int, m: int, virtual: int,
          overlap: float, link_dp: Link | None, assumptions: list[str]) -> st.StepTime:
    """Pipeline + exposed data-parallel communication + optimizer update (training.step)."""
    spec = mem.precision_spec(precision)
    heavy = max(costed.stages, key=lambda s: s.params)
    dp_s = st.data_parallel_comm(heavy.params * spec.gradient_bytes,
                                 heavy.params * spec.weight_bytes, dp, zero, m, link_dp)
    hideable = (m * (stage_time.forward_s + stage_time.backward_s) if zero == 3
                else stage_time.backward_s)
    state = (mem.optimizer_state_bytes(heavy, optimizer) / heavy.params if heavy.params
             else 0.0)
    moved = st.optimizer_bytes_per_parameter(spec.weight_bytes, spec.gradient_bytes,
                                             spec.master_bytes, state)
    updated = heavy.params / (dp if zero >= 1 else 1)
    bandwidth = accel.main_memory.bandwidth
    sustained = (None if bandwidth is None
                 else bandwidth.value * cat.efficiency_of(accel).memory_fraction.value)
    if sustained is None:
        assumptions.append(f"{accel.id}: main-memory bandwidth unknown; optimizer step not timed")
    optimizer_s = 0.0 if sustained is None else moved * updated / sustained
    fill = (pp - 1) / virtual * stage_time.total_s  # the bubble: fill and drain
    return st.StepTime(stage_time, m, pp, m * stage_time.total_s + fill, fill,
                       float(pipeline_bubble(pp, m, virtual)), dp_s,
                       st.exposed_comm(dp_s, overlap, hideable), optimizer_s, hideable, moved,
                       updated, sustained)


def _notes(costed: _Costed, tp: int, dp: int, pp: int, zero: int, overlap: float,
           already: list[str]) -> list[str]:
    """The modeling assumptions this configuration rests on."""
    notes = []
    if tp > 1:
        notes.append("tensor-parallel all-reduces are on the critical path (not overlapped)")
    if dp > 1:
        notes.append(f"data-parallel overlap {overlap:g}: that fraction of the gradient "
                     f"communication hides behind backward ({OVERLAP.source.title})")
        if zero == 3:
            notes.append("ZeRO-3 gathers the weights in forward and backward of every "
                         "micro-batch and reduce-scatters gradients every micro-batch")
    if pp > 1 and costed.forward.meta.get("family") == "gpt2":
        notes.append("tied embeddings: the last stage's copy of the embedding for the LM head "
                     "is not counted")
    if pp > 1 and len({s.meta.get("layers") for s in costed.stages}) > 1:
        notes.append("layers do not divide evenly over the stages; the slowest sets the pace")
    from ironlaw.units import format as show

    notes.append(f"runtime context {show(RUNTIME_CONTEXT.value, 'bytes')} per device "
                 f"({RUNTIME_CONTEXT.source.title}); allocator fragmentation "
                 f"{FRAGMENTATION.value:.0%} ({FRAGMENTATION.source.title})")
    for analysis in costed.steps:
        notes += [a for a in analysis.assumptions if a not in notes]
    return [n for n in notes if n not in already]


def _activation_notes(layer: mem.LayerShape | None, tp: int, sequence_parallel: bool,
                      attention: str, dropout: bool) -> list[str]:
    """How a transformer layer's activations were counted, and what the time model keeps."""
    if layer is None:
        return []
    notes = [f"activations per layer: Korthikanti et al. 2022 with {attention} attention, "
             f"{'dropout masks kept' if dropout else 'no dropout'}"
             f"{', sequence parallel over ' + str(tp) if sequence_parallel and tp > 1 else ''}"]
    if attention == "materialized":
        notes.append("materialized attention changes the activation memory only: the step "
                     "time keeps the graph's fused attention kernel")
    if sequence_parallel and tp > 1:
        notes.append("sequence parallelism moves the same bytes as the all-reduces it "
                     "replaces (reduce-scatter + all-gather); the split norm and dropout "
                     "compute is not subtracted from the step time")
    return notes


def _largest_unit_params(stage: Graph) -> float:
    """Parameters of the largest unit ZeRO-3 gathers at once: one layer, or a lone op."""
    units_ = [sum(op.params for op in item.ops) if isinstance(item, Block) else item.params
              for item in stage.items]
    return max(units_, default=0.0)


def _stage_flops(stage: Graph, analysis: Analysis,
                 kept_of: Callable[[Graph], mem.Activations]) -> float:
    kept = kept_of(stage)
    return analysis.graph.flops + sum(op.flops * op.count for op in kept.recomputed)


def train(model: str, device: str | None = None, devices: int | None = None, *,
          on: str | None = None, **options: Any) -> TrainingPlan:
    """:func:`plan_training` (same arguments) with the intervals of its times, rates and cost
    (every unit-carrying key of its ``to_dict``): the plan evaluated again with every
    efficiency parameter at the fast and at the slow end of its stated range
    (ironlaw.uncertainty)."""
    from ironlaw.uncertainty import intervals

    device = checks.device_given(device, on)
    plan, bounds = intervals(lambda: plan_training(model, device, devices, **options))
    return replace(plan, intervals=bounds)
