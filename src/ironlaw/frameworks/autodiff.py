"""The backward pass of a graph, and a training step (forward + backward).

Each forward op gets one backward op, in reverse order, with the same count:

    op                 backward FLOPs              reads                       writes
    matmul / conv      2× forward (dX and dW)      dY, W, saved X              dX, dW
    attention (flash)  2.5× forward matmul FLOPs   Q, K, V, O, dO              dQ, dK, dV
                       (recomputes S, then dV, dP, dQ, dK: 5 products vs 2)
    norm, softmax      2× forward                  dY, saved input/output      dX (+ dγ, dβ)
    elementwise, pool  1× forward                  dY, saved input             dX
    embedding          1 add per gathered element  dY                          rows of dW
    copy, cast, ...    1× forward (the gradient moves back the same bytes)
    view               free

Saved activations (kept from forward to backward): the input of every op except adds, the
output of a softmax, Q, K and V of flash attention (its output is the next op's saved input).
For a GPT layer in 16-bit that is 32·s·b·h bytes: Korthikanti et al., "Reducing Activation
Recomputation in Large Transformer Models" (arXiv:2205.05198), 34·s·b·h + 5·a·s²·b, less the
two s·b·h dropout masks and, with flash attention, the 5·a·s²·b of attention matrices.
With all FLOPs counted a training step is ≈ 3× the forward pass: the 6·P·D rule.
"""

from __future__ import annotations

from dataclasses import replace

from ironlaw.dtypes import element_bytes
from ironlaw.frameworks.graph import Block, Graph
from ironlaw.frameworks.ops import MOVE_KINDS, Op


def saved_bytes(op: Op) -> float:
    """Activation bytes op keeps for its backward pass."""
    if (op.kind in ("view", "embedding", "collective") or op.kind in MOVE_KINDS
            or not op.saves_input):
        return 0.0
    if op.kind == "softmax":
        return op.output_bytes
    if op.kind == "attention":  # Q, K, V (O is saved as the next op's input); no S×S matrix
        return op.input_bytes - op.score_bytes / 2
    return op.input_bytes


def backward_op(op: Op) -> Op:
    """The gradient computation of one forward op (see the module table)."""
    name = f"{op.name}.grad"
    grads_in, grads_out = op.output_bytes, op.input_bytes  # read dY, write dX
    if op.kind in ("matmul", "conv2d"):  # dX and dW: two GEMMs the size of the forward one
        # (sibling GEMMs' gradients are costed apart: each reads its own dY, only X is shared)
        return replace(op, name=name, gradient=True, flops=2.0 * op.flops, params=0.0,
                       weight_bytes=2.0 * op.weight_bytes,  # read W, write dW
                       input_bytes=grads_in + op.input_bytes, output_bytes=grads_out,
                       batch=2.0 * op.batch, dequant_flops=2.0 * op.dequant_flops,
                       sibling=None)
    if op.kind == "attention":
        tensor = op.matrix_flops
        qkv, out = op.input_bytes - op.score_bytes / 2, op.output_bytes - op.score_bytes / 2
        return replace(op, name=name, gradient=True,
                       flops=2.5 * tensor + 2.0 * (op.flops - tensor),
                       input_bytes=qkv + 2.0 * out, output_bytes=qkv,  # read Q,K,V,O,dO
                       tensor_flops=2.5 * tensor, score_bytes=0.0, batch=2.5 * op.batch)
    if op.kind in ("norm", "softmax"):
        return replace(op, name=name, gradient=True, flops=2.0 * op.flops, params=0.0,
                       weight_bytes=2.0 * op.weight_bytes,
                       input_bytes=grads_in + saved_bytes(op), output_bytes=grads_out)
    if op.kind == "embedding":  # scatter-add: one add per gathered element
        return replace(op, name=name, gradient=True, kind="elementwise",
                       flops=op.output_bytes / element_bytes(op.dtype),
                       params=0.0, weight_bytes=op.weight_bytes, input_bytes=grads_in,
                       output_bytes=0.0)
    if op.kind in ("elementwise", "pool", "reduce") or op.kind in MOVE_KINDS:
        return replace(op, name=name, gradient=True, input_bytes=grads_in + saved_bytes(op),
                       output_bytes=grads_out)
    return replace(op, name=name, gradient=True)  # view, collective: no work of their own here


def backward(graph: Graph) -> Graph:
    """The backward graph: each item's gradient ops in reverse order, blocks kept as blocks."""
    items = []
    for item in reversed(graph.items):
        if isinstance(item, Block):
            ops = tuple(backward_op(op) for op in reversed(item.ops))
            items.append(Block(f"{item.name}.grad", ops, item.count))
        else:
            items.append(backward_op(item))
    saved = sum(saved_bytes(op) * op.count for op in graph.ops)
    meta = {**graph.meta, "saved_activation_bytes": saved}
    return Graph(f"{graph.name}.backward", tuple(items), graph.dtype, meta,
                 replace(graph.workload, phase="backward"))


def training_step(graph: Graph) -> Graph:
    """Forward then backward in one graph; meta records the saved activation bytes."""
    back = backward(graph)
    meta = {**graph.meta, "saved_activation_bytes": back.meta["saved_activation_bytes"]}
    return Graph(f"{graph.name}.train", graph.items + back.items, graph.dtype, meta,
                 replace(graph.workload, phase="train"))
