"""Training memory per device: model states, activations, recomputation, ZeRO, overheads.

Model states for P parameters on a device (ZeRO, Rajbhandari et al. 2020, §3.1 and §5):

    weights  w·P     gradients  g·P     master  m·P     optimizer  s·P
    mixed precision (bf16/fp16): w = g = 2, m = 4;  fp32: w = g = 4, m = 0
    s: SGD 0, momentum 4, Adam/AdamW 8 (Adam mixed precision: 2 + 2 + 4 + 8 = 16 B/param);
       Adafactor 4·(rows + columns) per weight matrix (factored second moment)
    ZeRO over N_dp data-parallel devices: stage 1 shards master + optimizer, stage 2 also the
    gradients, stage 3 also the weights: (w + g + m + s)·P/N_dp at stage 3.

Activations of one transformer layer (Korthikanti et al. 2022, "Reducing Activation
Recomputation in Large Transformer Models", §4), s tokens, micro-batch b, hidden h, a heads,
e bytes per activation (2 in 16-bit), dropout masks 1 byte per element:

    no parallelism            s·b·h·(34 + 5·a·s/h)          (e = 2, with dropout, GPT MLP 4h)
    tensor parallel t         s·b·h·(10 + 24/t + 5·a·s/(h·t))
    + sequence parallel       s·b·h·(34/t + 5·a·s/(h·t))
    flash attention           the 5·a·s/h term (scores, their dropout mask and output) is never
                              stored; the kernel keeps its fp32 softmax statistics, 4·a·s·b B
    selective recomputation   drops the same s² term (core attention is recomputed)
    full recomputation        the layer's input only: e·s·b·h (÷ t with sequence parallelism)

:func:`layer_activation_bytes` writes these out term by term (so GQA, a gated MLP of width f
and experts per token generalize them; the 10 replicated s·b·h are the two norms' inputs, the
QKV and first-MLP inputs and the two dropout masks). Other ops (embedding, final norm, head)
keep what autodiff.saved_bytes says; a graph without a layer shape (a CNN) uses saved_bytes
throughout:

    none       every op's saved tensors
    selective  minus the attention-score (s²) tensors (softmax outputs)
    full       only each layer's input, plus one layer's saved tensors while it is recomputed;
               the layers' forward runs twice

Total per device = (model states + in-flight activations + transient peak) × (1 + f_frag)
+ runtime context, with f_frag and the context size from :mod:`ironlaw.training.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ironlaw import checks
from ironlaw.dtypes import element_bytes
from ironlaw.frameworks.autodiff import saved_bytes
from ironlaw.frameworks.graph import Block, Graph
from ironlaw.frameworks.ops import Op
from ironlaw.laws.memory import model_state_bytes
from ironlaw.training.tables import (
    FRAGMENTATION,
    FUSED_LOSS_ROW_BYTES,
    LOSS_FP32_BYTES,
    OPTIMIZERS,
    PRECISIONS,
    RUNTIME_CONTEXT,
    OptimizerSpec,
    PrecisionSpec,
)

RECOMPUTE = ("none", "selective", "full")
ATTENTION = ("flash", "materialized")
LOSSES = ("fp32", "fused")  # cross entropy upcast to fp32 (PyTorch), or a fused kernel
MASK_BYTES = 1.0  # a dropout mask element (Korthikanti et al. 2022, §4.1)
STATS_BYTES = 4.0  # flash attention's fp32 softmax statistic per (head, token)


@dataclass(frozen=True)
class LayerShape:
    """What one transformer layer's saved activations depend on (module docstring)."""

    seq: int
    hidden: int
    heads: int
    kv_heads: int
    ffn: int  # width of the MLP's hidden layer (per expert)
    gated: bool = False  # SwiGLU: the activation keeps gate and up projections
    experts_per_token: int = 1
    dropout: bool = False
    bytes: float = 2.0  # per activation element


def layer_activation_bytes(layer: LayerShape, batch, *, tp: int = 1,
                           sequence_parallel: bool = False, attention: str = "flash",
                           recompute: str = "none"):
    """Bytes one transformer layer keeps for backward per micro-batch of ``batch`` sequences
    on one of ``tp`` tensor-parallel devices (Korthikanti et al. 2022, §4; module docstring).
    Broadcasts over ``batch``."""
    checks.choice(attention, "attention", ATTENTION)
    checks.choice(recompute, "recompute", RECOMPUTE)
    s, b, h, e = layer.seq, batch, layer.hidden, layer.bytes
    sbh = s * b * h
    shared = float(tp) if sequence_parallel else 1.0  # ÷ t only with sequence parallelism
    if recompute == "full":
        return e * sbh / shared
    d = h / layer.heads
    kv = layer.kv_heads * d
    mask = MASK_BYTES if layer.dropout else 0.0
    replicated = (2 * e * sbh  # the two norms' inputs
                  + e * sbh + e * sbh  # the QKV projection's and the first MLP linear's inputs
                  + 2 * mask * sbh)  # dropout masks after attention and after the MLP
    f = layer.ffn * layer.experts_per_token
    split = (e * s * b * (h + kv)  # Q and K for Q·Kᵀ
             + e * s * b * kv  # V
             + e * sbh  # the attention output projection's input
             + e * s * b * f * (2 if layer.gated else 1)  # the activation's input(s)
             + e * s * b * f)  # the second MLP linear's input
    a_s2_b = layer.heads * s * s * b
    if recompute == "selective":
        scores = 0.0
    elif attention == "materialized":  # softmax output, its dropout mask and dropout output
        scores = e * a_s2_b + (mask + e) * a_s2_b * (1 if layer.dropout else 0)
    else:
        scores = STATS_BYTES * layer.heads * s * b
    return replicated / shared + (split + scores) / tp


def precision_spec(precision: str) -> PrecisionSpec:
    return PRECISIONS[checks.choice(precision, "precision", PRECISIONS)]


def optimizer_spec(optimizer: str) -> OptimizerSpec:
    return OPTIMIZERS[checks.choice(optimizer.strip().lower(), "optimizer", OPTIMIZERS)]


def bytes_per_parameter(precision: str, optimizer: str) -> float:
    """w + g + m + s [B/param]: 16 for Adam in bf16/fp16 (ZeRO §3.1). Adafactor has no fixed
    figure (its state depends on the weights' shapes) and raises ValueError."""
    p, o = precision_spec(precision), optimizer_spec(optimizer)
    if o.state_bytes is None:
        raise ValueError(f"{o.name}: state depends on the weight shapes; "
                         "use optimizer_state_bytes(graph, ...)")
    return model_state_bytes(1.0, p.weight_bytes, p.gradient_bytes, p.master_bytes,
                             o.state_bytes)


def _adafactor_state(op: Op) -> float:
    """4·(rows + columns) per weight matrix, 4 B per element of vectors (biases, norms)."""
    if op.params <= 0:
        return 0.0
    if op.kind == "embedding" and op.shape:
        dim = float(op.shape[-1])
        return 4.0 * (op.params / dim + dim)
    k, n = op.k, op.n
    if op.kind in ("matmul", "conv2d") and k and n:
        groups = op.batch if op.kind == "conv2d" else 1.0
        matrix = k * n * groups  # a convolution as C_out × (C_in/g·kh·kw)
        matrices = max(1.0, float(op.params // matrix))  # MoE: one matrix per expert
        vectors = max(op.params - matrices * matrix, 0.0)
        return 4.0 * (matrices * (k + n * groups) + vectors)
    return 4.0 * op.params


def optimizer_state_bytes(graph: Graph, optimizer: str) -> float:
    """Optimizer state for the parameters of ``graph`` [B] (master copy not included)."""
    spec = optimizer_spec(optimizer)
    if spec.state_bytes is not None:
        return spec.state_bytes * graph.params
    return sum(_adafactor_state(op) * op.count for op in graph.ops)


@dataclass(frozen=True)
class ModelStates:
    """Per-device bytes of weights, gradients, fp32 master weights and optimizer state."""

    weights: float
    gradients: float
    master: float
    optimizer: float

    @property
    def total(self) -> float:
        return self.weights + self.gradients + self.master + self.optimizer


def model_states(params: float, precision: str, optimizer_bytes: float, zero: int = 0,
                 dp: int = 1) -> ModelStates:
    """Model states of ``params`` parameters with ``optimizer_bytes`` of optimizer state, ZeRO
    stage ``zero`` over ``dp`` data-parallel devices (ZeRO §5: P_os, P_os+g, P_os+g+p)."""
    zero = checks.whole(zero, "zero", 0, 3)
    p = precision_spec(precision)
    shard = lambda stage: dp if zero >= stage else 1  # noqa: E731
    return ModelStates(weights=p.weight_bytes * params / shard(3),
                       gradients=p.gradient_bytes * params / shard(2),
                       master=p.master_bytes * params / shard(1),
                       optimizer=optimizer_bytes / shard(1))


@dataclass(frozen=True)
class Activations:
    """Activation bytes one micro-batch keeps for backward under a recomputation policy, and
    the forward ops recomputed in the backward pass."""

    policy: str
    saved: float  # bytes kept per in-flight micro-batch
    working: float  # bytes of one layer rematerialized at a time (full recomputation)
    recomputed: tuple[Op, ...] = field(default=(), compare=False)
    note: str = ""


def activations(forward: Graph, policy: str = "none", layer: LayerShape | None = None, *,
                tp: int = 1, sequence_parallel: bool = False,
                attention: str = "flash") -> Activations:
    """What one micro-batch of ``forward`` (a ``tp``-way split stage) saves for backward under
    ``policy``: its repeated layers by :func:`layer_activation_bytes` when ``layer`` is
    given, everything else by autodiff.saved_bytes (module docstring)."""
    checks.choice(policy, "recompute", RECOMPUTE)
    blocks = [item for item in forward.items if isinstance(item, Block)]
    rest = sum(saved_bytes(item) * item.count for item in forward.items
               if not isinstance(item, Block))

    def per_layer(block: Block, recompute: str) -> float:
        if layer is None:
            return _graph_layer_bytes(block, recompute)
        return layer_activation_bytes(layer, forward.workload.batch, tp=tp,
                                      sequence_parallel=sequence_parallel,
                                      attention=attention, recompute=recompute)

    kept = rest + sum(per_layer(b, policy) * b.count for b in blocks)
    if policy == "none":
        return Activations(policy, kept, 0.0)
    if policy == "selective":
        softmax = tuple(op for op in forward.ops if op.kind == "softmax")
        scores = bool(softmax) if layer is None else attention == "materialized"
        note = "" if scores else ("no attention-score tensors are stored (flash attention): "
                                  "selective recomputation saves (almost) nothing here")
        return Activations(policy, kept, 0.0, softmax, note)
    if not blocks:
        return Activations(policy, kept, 0.0, (), "no repeated layers: full recomputation "
                                                  "saves nothing here")
    working = max(per_layer(b, "none") for b in blocks)
    recomputed = tuple(op.times(b.count) for b in blocks for op in b.ops)
    return Activations(policy, kept, working, recomputed)


def _graph_layer_bytes(block: Block, recompute: str) -> float:
    """One repeated layer's saved bytes read off its ops (a graph without a layer shape)."""
    if recompute == "full":
        first = next((op for op in block.ops if op.kind != "view"), block.ops[0])
        return first.input_bytes
    dropped = "softmax" if recompute == "selective" else None
    return sum(saved_bytes(op) for op in block.ops if op.kind != dropped)


def transient_bytes(step: Graph, loss: str = "fp32") -> float:
    """The largest working set of one op in a training step (inputs + outputs) [B], or the
    loss of a language model if larger, allocated on top of what is kept. With N logits
    (T tokens × vocabulary/t) of e bytes:

    fp32    the logits, an fp32 copy of them and the fp32 log-softmax the cross-entropy keeps
            for backward are alive together: N·(e + 4 + 4) B (:data:`LOSS_FP32_BYTES`)
    fused   a fused kernel keeps the logits and 12 B per token, and writes the gradient in
            the logits' dtype: N·2e + 12·T B (:data:`FUSED_LOSS_ROW_BYTES`)"""
    checks.choice(loss, "loss", LOSSES)
    columns = step.columns()
    largest = float(max(columns["input_bytes"] + columns["output_bytes"], default=0.0))
    for op in step.ops:
        if op.tp_role == "head" and op.output_bytes > 0:
            e = element_bytes(op.dtype)
            logits = op.output_bytes / e
            held = (logits * LOSS_FP32_BYTES.value if loss == "fp32" else
                    op.output_bytes + op.m * FUSED_LOSS_ROW_BYTES.value)
            largest = max(largest, op.output_bytes + held)
    return largest


@dataclass(frozen=True)
class MemoryBreakdown:
    """Bytes per device, the heaviest pipeline stage's, and whether they fit."""

    states: ModelStates
    activations: float  # saved activations × micro-batches in flight (+ one recomputed layer)
    transient: float
    zero3_buffer: float  # one layer's gathered weights (ZeRO-3)
    fragmentation: float
    runtime: float
    capacity: float | None
    in_flight: float  # micro-batches through the whole stage (interleaving: fractions)
    saved_per_micro_batch: float = 0.0
    working: float = 0.0  # one recomputed layer's saved tensors (full recomputation)

    @property
    def total(self) -> float:
        return (self.states.total + self.activations + self.transient + self.zero3_buffer
                + self.fragmentation + self.runtime)

    @property
    def fits(self) -> bool:
        return self.capacity is None or self.total <= self.capacity

    def to_dict(self) -> dict:
        return {"weights_bytes": self.states.weights, "gradients_bytes": self.states.gradients,
                "master_weights_bytes": self.states.master,
                "optimizer_state_bytes": self.states.optimizer,
                "model_states_bytes": self.states.total, "activations_bytes": self.activations,
                "transient_bytes": self.transient, "zero3_gather_buffer_bytes": self.zero3_buffer,
                "fragmentation_bytes": self.fragmentation, "runtime_context_bytes": self.runtime,
                "total_bytes": self.total, "capacity_bytes": self.capacity,
                "micro_batches_in_flight": self.in_flight, "fits": self.fits}


def memory_breakdown(states: ModelStates, kept: Activations, in_flight: float, transient: float,
                     zero3_buffer: float, capacity: float | None) -> MemoryBreakdown:
    """Assemble the per-device total: (states + activations + transient + ZeRO-3 buffer)
    × (1 + f_frag) + runtime context."""
    acts = kept.saved * in_flight + kept.working
    live = states.total + acts + transient + zero3_buffer
    return MemoryBreakdown(states, acts, transient, zero3_buffer, FRAGMENTATION.value * live,
                           RUNTIME_CONTEXT.value, capacity, in_flight, kept.saved, kept.working)


def largest_micro_batch(fixed: float, per_sample: float, capacity: float | None
                        ) -> tuple[int | None, int | None]:
    """(exact bound, largest power of two) for memory = fixed + b·per_sample ≤ capacity:
    b* = ⌊(C − fixed)/per_sample⌋. (None, None) without a capacity; (0, 0) if none fits."""
    if capacity is None or per_sample <= 0:
        return None, None
    bound = int((capacity - fixed) // per_sample) if capacity > fixed else 0
    power = 1 << (bound.bit_length() - 1) if bound >= 1 else 0
    return bound, power
