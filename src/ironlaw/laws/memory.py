"""Memory napkin math: a dense network's parameters, the KV cache of a transformer and the
model states of training.

    dense network P = Σ_i n_i·n_{i+1}  +  Σ_i n_{i+1}                  [parameters]
                  the weights of each fully connected layer from width n_i to n_{i+1}, plus
                  one bias per output (784-128-10: 100,352 + 1,280 weights, 138 biases);
                  its weights take M = P·b [B] at b bytes per parameter

    KV cache      M_kv = 2 · L · h_kv · d · T · B · b        [B]
                  K and V (2), every layer L, h_kv key/value heads of head dimension d, T tokens
                  of context, batch B, b bytes per element. Multi-head attention (MHA) keeps
                  h_kv = h; grouped-query (GQA) h_kv < h; multi-query (MQA) h_kv = 1: the cache
                  shrinks by h/h_kv (Ainslie et al., 'GQA', EMNLP 2023).
                  Multi-head latent attention (MLA) caches one compressed latent of d_c and a
                  shared RoPE key of d_R per token and layer instead: M_kv = L·(d_c + d_R)·T·B·b
                  (DeepSeek-V2, arXiv:2405.04434, §2.1.2 and Table 1: (d_c + d_R)·l elements
                  per token).
    SSM state     M_ssm = L · d_inner · (N + K) · B · b             [B]
                  a selective state-space model (Mamba) keeps, per layer and sequence, the
                  d_inner × N recurrent state and the last K inputs of its causal convolution,
                  whatever the context length (Gu & Dao, arXiv:2312.00752, §3.3 and the
                  reference implementation's inference cache: conv_state d_inner × d_conv,
                  ssm_state d_inner × d_state).
    MLP training  M_train = P·b·(2 + k)  +  B·Σ_i n_i·b            [B]
                  a dense network of widths n_i (input first) trained in one precision of b
                  bytes: its weights and their gradients (P·b each), k optimizer states per
                  parameter (Adam's two moments: k = 2; SGD with momentum 1; plain SGD 0) and
                  every layer's values, the input's included, for a batch of B;
                  M_infer = P·b + B_i·Σ_i n_i·b serves a batch of B_i (1: one example)
    model states  M = P · (w + g + m + s)                    [B]
                  P parameters; bytes per parameter of weights w, gradients g, fp32 master copy
                  m and optimizer state s: Adam in mixed precision 2 + 2 + 4 + 8 = 16 B/param
                  (Rajbhandari et al., 'ZeRO', 2020, §3.1).

Every argument broadcasts. Which recipe has which w, g, m, s is the training layer's table
(``ironlaw.training.tables``); the ``train-memory`` worked calculation reads it.
"""

from __future__ import annotations

from ironlaw import dtypes
from ironlaw.errors import ParameterError
from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real


def linear_parameters(n_in: Real, n_out: Real, bias: bool = True) -> tuple[Real, Real]:
    """(n_in·n_out, n_out): the weights and biases of one fully connected layer y = Wx + b
    (the biases 0 when ``bias`` is False)."""
    return n_in * n_out, (n_out if bias else 0)


def dense_parameters(widths, biases: bool = True) -> tuple[float, float]:
    """(Σ n_i·n_{i+1}, Σ n_{i+1}): the weights and biases of fully connected layers of the
    given widths, input first (784, 128, 10); the biases are 0 when ``biases`` is False. A
    ParameterError naming ``widths`` for fewer than two."""
    if len(widths) < 2:
        raise ParameterError("widths", "give at least two layer widths, input first, like "
                                       "'784, 128, 10'")
    layers = [linear_parameters(n_in, n_out, biases)
              for n_in, n_out in zip(widths[:-1], widths[1:], strict=True)]
    return float(sum(w for w, _ in layers)), float(sum(b for _, b in layers))


def mlp_activation_values(widths, batch: Real) -> Real:
    """B·Σ n_i: the values a batch of B keeps of every layer of a dense network, the input
    layer's included (784-128-64-10 at B = 32: 32 × 986 = 31,552)."""
    return batch * float(sum(widths))


def kv_cache_bytes(layers: Real, kv_heads: Real, head_dim: Real, tokens: Real, batch: Real,
                   element_bytes: Real, v_head_dim: Real | None = None) -> Real:
    """M_kv = 2·L·h_kv·d·T·B·b [B]: keys and values of every layer, head, token and sequence;
    with a value head size d_v ≠ d, L·h_kv·(d + d_v)·T·B·b."""
    if v_head_dim is None:
        return 2.0 * layers * kv_heads * head_dim * tokens * batch * element_bytes
    return layers * kv_heads * (head_dim + v_head_dim) * tokens * batch * element_bytes


def latent_cache_bytes(layers: Real, latent_dim: Real, tokens: Real, batch: Real,
                       element_bytes: Real) -> Real:
    """M_latent = L·(d_c + d_R)·T·B·b [B]: multi-head latent attention's cache, one latent of
    ``latent_dim`` = d_c + d_R elements per token and layer that every head reads (DeepSeek-V2
    §2.1); the heads and head sizes do not enter."""
    return layers * latent_dim * tokens * batch * element_bytes


def ssm_state_bytes(layers: Real, inner: Real, state: Real, conv: Real, batch: Real,
                    element_bytes: Real) -> Real:
    """M_ssm = L·d_inner·(N + K)·B·b [B]: the recurrent state (d_inner × N) and the causal
    convolution's window (d_inner × K) of every layer and sequence; no term in the context."""
    return layers * inner * (state + conv) * batch * element_bytes


def model_state_bytes(params: Real, weight_bytes: Real, gradient_bytes: Real,
                      master_bytes: Real, optimizer_bytes: Real) -> Real:
    """M = P·(w + g + m + s) [B]: weights, gradients, master copy and optimizer state."""
    return params * (weight_bytes + gradient_bytes + master_bytes + optimizer_bytes)


def _attention_kind(heads, kv_heads) -> str:
    if heads is None:
        return None
    if kv_heads == heads:
        return "MHA (every head keeps its own K and V)"
    if kv_heads == 1:
        return "MQA (one K and V head shared by all)"
    return f"GQA ({heads / kv_heads:g} query heads share each K and V head)"


def _kv(layers, kv_heads, head_dim, precision, tokens, batch, heads):
    if heads is not None and (kv_heads > heads or heads % kv_heads):
        raise ParameterError("kv_heads", f"must divide the {heads:g} query heads")
    b = dtypes.element_bytes(precision)
    per_token = kv_cache_bytes(layers, kv_heads, head_dim, 1.0, 1.0, b)
    total = kv_cache_bytes(layers, kv_heads, head_dim, tokens, batch, b)
    mha = None if heads is None else kv_cache_bytes(layers, heads, head_dim, tokens, batch, b)
    return {"b": b, "per_token": per_token, "total": total, "mha": mha,
            "saving": None if heads is None else heads / kv_heads,
            "kind": _attention_kind(heads, kv_heads)}


def _kv_latent(layers, kv_rank, rope_dim, precision, tokens, batch, heads, head_dim):
    if (heads is None) != (head_dim is None):
        raise ParameterError("heads" if heads is None else "head_dim",
                             "give both heads and head_dim to compare with MHA, or neither")
    b = dtypes.element_bytes(precision)
    latent = kv_rank + rope_dim
    per_token = latent_cache_bytes(layers, latent, 1.0, 1.0, b)
    total = latent_cache_bytes(layers, latent, tokens, batch, b)
    mha = None if heads is None else kv_cache_bytes(layers, heads, head_dim, tokens, batch, b)
    return {"b": b, "latent": latent, "per_token": per_token, "total": total, "mha": mha,
            "saving": None if mha is None else mha / total}


def _dense(widths, bias, precision):
    weights, biases = dense_parameters(widths, bias == "yes")
    b = None if precision is None else dtypes.element_bytes(precision)
    params = weights + biases
    return {"weights": weights, "biases": biases, "params": params, "b": b,
            "memory": None if b is None else params * b}


def _mlp(widths, batch, precision, states, bias, serve_batch):
    params = sum(dense_parameters(widths, bias == "yes"))
    b = dtypes.element_bytes(precision)
    values = mlp_activation_values(widths, batch)
    activations = values * b
    weights = params * b
    # weights, gradients and k optimizer states, all at b bytes: the model-states law
    states_bytes = model_state_bytes(params, b, b, 0.0, states * b)
    training = states_bytes + activations
    inference = weights + mlp_activation_values(widths, serve_batch) * b
    return {"params": params, "b": b, "weights": weights, "gradients": params * b,
            "optimizer": states * params * b, "width_sum": float(sum(widths)),
            "values": values, "activations": activations,
            "training": training, "inference": inference, "ratio": training / inference}


def _states(params, w, g, m, s):
    per = w + g + m + s
    return {"per_param": per, "total": model_state_bytes(params, w, g, m, s)}


_PRECISION = Symbol("precision", "b", "text", "precision of the cached K and V", default="fp16",
                    choices=tuple(dtypes.DTYPES))
# the inputs and outputs both KV-cache calcs share
_LAYERS = Symbol("layers", "L", "count", "transformer layers", domain="integer")
_TOKENS = Symbol("tokens", "T", "count", "tokens of context per sequence", domain="integer")
_BATCH = Symbol("batch", "B", "count", "sequences in the batch", default=1, domain="integer")
_PER_TOKEN = Symbol("per_token", "M_tok", "bytes", "KV bytes per token", latex="M_{tok}")
_TOTAL = Symbol("total", "M_kv", "bytes", "KV cache", latex="M_{kv}")

CALCS = (
    Calc(
        name="dense-params",
        title="Parameters of a dense network (an MLP) from its layer widths",
        inputs=(
            Symbol("widths", "n_i", "count", "layer widths, input first ('784, 128, 10')",
                   domain="integer", many=True, latex="n_i", joined="–"),
            Symbol("bias", "bias", "text", "one bias per output unit", default="yes",
                   choices=("yes", "no")),
            Symbol("precision", "b", "text", "precision of the weights (for their memory)",
                   optional=True, choices=tuple(dtypes.DTYPES)),
        ),
        outputs=(
            Symbol("weights", "Σ n_i·n_{i+1}", "count", "weights",
                   latex=r"\sum n_i n_{i+1}"),
            Symbol("biases", "Σ n_{i+1}", "count", "biases", latex=r"\sum n_{i+1}"),
            Symbol("params", "P", "count", "parameters"),
            Symbol("b", "b", "count", "bytes per parameter"),
            Symbol("memory", "M", "bytes", "memory of the parameters"),
        ),
        formula="P = Σ n_i·n_{i+1} + Σ n_{i+1};  M = P·b",
        latex=r"P = \sum_i n_i n_{i+1} + \sum_i n_{i+1}, \quad M = P\,b",
        steps=("P = {weights} weights + {biases} biases = {params}",
               "M = {params} × {b} B = {memory}"),
        compute=_dense,
        results=("params", "weights", "biases", "memory"),
        notes=("A layer from n_i to n_{i+1} units holds an n_i × n_{i+1} weight matrix and "
               "n_{i+1} biases; give the widths without thousands commas (784, 1000, 10).",),
        source="Definition of a fully connected layer y = Wx + b (W: n_out × n_in)",
    ),
    Calc(
        name="mlp-memory",
        title="Memory of training a dense network (an MLP), against serving it",
        inputs=(
            Symbol("widths", "n_i", "count", "layer widths, input first ('784, 128, 64, 10')",
                   domain="integer", many=True, latex="n_i", joined="–"),
            Symbol("batch", "B", "count", "training batch", domain="integer"),
            Symbol("precision", "b", "text", "precision of weights, gradients, states and "
                   "activations", default="fp32", choices=tuple(dtypes.DTYPES)),
            Symbol("states", "k", "count", "optimizer states per parameter (Adam 2, SGD with "
                   "momentum 1, SGD 0)", default=2.0, domain="nonnegative"),
            Symbol("bias", "bias", "text", "one bias per output unit", default="yes",
                   choices=("yes", "no")),
            Symbol("serve_batch", "B_i", "count", "inference batch", default=1.0,
                   domain="integer", latex="B_i"),
        ),
        outputs=(
            Symbol("params", "P", "count", "parameters (weights and biases)"),
            Symbol("b", "b", "count", "bytes per value"),
            Symbol("weights", "P·b", "bytes", "weights", latex=r"P\,b"),
            Symbol("gradients", "P·b", "bytes", "gradients", latex=r"P\,b"),
            Symbol("optimizer", "k·P·b", "bytes", "optimizer states", latex=r"k\,P\,b"),
            Symbol("width_sum", "Σ n_i", "count", "values of one example, every layer",
                   latex=r"\sum n_i"),
            Symbol("values", "B·Σ n_i", "count", "activation values kept (every layer)",
                   latex=r"B \sum n_i"),
            Symbol("activations", "B·Σ n_i·b", "bytes", "activations",
                   latex=r"B \sum n_i\,b"),
            Symbol("training", "M_train", "bytes", "training memory", latex=r"M_{train}"),
            Symbol("inference", "M_infer", "bytes", "inference memory", latex=r"M_{infer}"),
            Symbol("ratio", "M_train/M_infer", "factor", "training over inference",
                   latex=r"M_{train}/M_{infer}"),
        ),
        formula="M_train = P·b·(2 + k) + B·Σ n_i·b;  M_infer = P·b + B_i·Σ n_i·b",
        latex=(r"M_{train} = P\,b\,(2 + k) + B \sum_i n_i\,b, \quad "
               r"M_{infer} = P\,b + B_i \sum_i n_i\,b"),
        steps=("P = {params} parameters × {b} B = {weights} (weights; gradients the same)",
               "optimizer: {states} × {weights} = {optimizer}",
               "activations: {batch} × {width_sum} = {values} values × {b} B = {activations}",
               "M_train = {weights} + {gradients} + {optimizer} + {activations} = {training}",
               "M_infer = {weights} + {serve_batch} × {width_sum} × {b} B = {inference}",
               "M_train/M_infer = {ratio}"),
        compute=_mlp,
        results=("training", "inference", "ratio", "activations", "values", "optimizer",
                 "weights"),
        sums=(("training", ("weights", "gradients", "optimizer", "activations")),),
        notes=("Every layer's output is kept for the backward pass, and the input's; the "
               "pre-activation values and masks a framework may also keep are not counted, "
               "nor a mixed-precision master copy (`ironlaw calc model-states`).",),
        source="Backpropagation keeps each layer's values for its gradients; Adam keeps two "
               "moments per parameter (Kingma & Ba, ICLR 2015)",
    ),
    Calc(
        name="kv-cache",
        title="KV cache size (MHA, GQA, MQA)",
        inputs=(
            _LAYERS,
            Symbol("kv_heads", "h_kv", "count", "key/value heads (= h for MHA, 1 for MQA)",
                   domain="integer", latex="h_{kv}"),
            Symbol("head_dim", "d", "count", "dimension of one head", domain="integer"),
            _PRECISION,
            _TOKENS,
            _BATCH,
            Symbol("heads", "h", "count", "query heads (to compare with MHA)", optional=True,
                   domain="integer"),
        ),
        outputs=(
            Symbol("b", "b", "count", "bytes per element"),
            _PER_TOKEN,
            _TOTAL,
            Symbol("mha", "M_MHA", "bytes", "the same cache with h K/V heads (MHA)",
                   latex="M_{MHA}"),
            Symbol("saving", "h/h_kv", "count", "times smaller than MHA", latex="h/h_{kv}"),
            Symbol("kind", "", "text", "attention"),
        ),
        formula="M_kv = 2·L·h_kv·d·T·B·b",
        latex=r"M_{kv} = 2 \cdot L \cdot h_{kv} \cdot d \cdot T \cdot B \cdot b",
        steps=("2 × {layers} × {kv_heads} × {head_dim} × {b} B = {per_token} per token",
               "{per_token} × {tokens} × {batch} = {total}"),
        compute=_kv,
        results=("total", "per_token", "kind", "mha", "saving"),
        source="Vaswani et al. 2017 (K, V per layer); Shazeer 2019 (MQA); Ainslie et al., "
               "EMNLP 2023 (GQA)",
    ),
    Calc(
        name="kv-cache-mla",
        title="KV cache of multi-head latent attention (MLA: DeepSeek-V2/V3)",
        inputs=(
            _LAYERS,
            Symbol("kv_rank", "d_c", "count", "compressed KV latent per token and layer",
                   domain="integer", latex="d_c"),
            Symbol("rope_dim", "d_R", "count", "decoupled RoPE key per token and layer",
                   domain="integer", latex="d_R"),
            _PRECISION,
            _TOKENS,
            _BATCH,
            Symbol("heads", "n_h", "count", "attention heads (to compare with MHA)",
                   optional=True, domain="integer", latex="n_h"),
            Symbol("head_dim", "d_h", "count", "per-head dimension of that MHA", optional=True,
                   domain="integer", latex="d_h"),
        ),
        outputs=(
            Symbol("b", "b", "count", "bytes per element"),
            Symbol("latent", "d_c+d_R", "count", "cached elements per token and layer",
                   latex="d_c + d_R"),
            _PER_TOKEN,
            _TOTAL,
            Symbol("mha", "M_MHA", "bytes", "the same context in MHA, 2·n_h·d_h per layer",
                   latex="M_{MHA}"),
            Symbol("saving", "M_MHA/M_kv", "count", "times smaller than MHA",
                   latex="M_{MHA}/M_{kv}"),
        ),
        formula="M_kv = L·(d_c + d_R)·T·B·b",
        latex=r"M_{kv} = L \cdot (d_c + d_R) \cdot T \cdot B \cdot b",
        steps=("{layers} × ({kv_rank} + {rope_dim}) × {b} B = {per_token} per token",
               "{per_token} × {tokens} × {batch} = {total}"),
        compute=_kv_latent,
        results=("total", "per_token", "mha", "saving"),
        notes=("Every head reads the one cached latent c_KV (and the shared RoPE key k_R); "
               "keys and values are decompressed, or absorbed into the query and output "
               "projections, at attention time.",),
        source="DeepSeek-AI, 'DeepSeek-V2', arXiv:2405.04434, 2024, §2.1 and Table 1 (MLA "
               "caches (d_c + d_R)·l elements per token against MHA's 2·n_h·d_h·l)",
    ),
    Calc(
        name="model-states",
        title="Training memory: model states per parameter",
        inputs=(
            Symbol("params", "P", "count", "parameters"),
            Symbol("w", "w", "bytes", "bytes per parameter of the weights", default=2.0),
            Symbol("g", "g", "bytes", "bytes per parameter of the gradients", default=2.0,
                   domain="nonnegative"),
            Symbol("m", "m", "bytes", "bytes per parameter of the fp32 master copy",
                   default=4.0, domain="nonnegative"),
            Symbol("s", "s", "bytes", "bytes per parameter of optimizer state", default=8.0,
                   domain="nonnegative"),
        ),
        outputs=(
            Symbol("per_param", "w+g+m+s", "bytes", "bytes per parameter", latex="w+g+m+s"),
            Symbol("total", "M", "bytes", "model states"),
        ),
        formula="M = P·(w + g + m + s)",
        latex=r"M = P\,(w + g + m + s)",
        steps=("{params} × ({w} + {g} + {m} + {s})", "{params} × {per_param}", "{total}"),
        compute=_states,
        results=("total", "per_param"),
        notes=("Defaults are Adam in mixed precision: 2 + 2 + 4 + 8 = 16 B per parameter; "
               "`ironlaw calc train-memory` takes a recipe by name.",),
        source="Rajbhandari et al., 'ZeRO', arXiv:1910.02054, 2020, §3.1",
    ),
)
