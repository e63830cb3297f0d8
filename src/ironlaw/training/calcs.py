"""Worked calculations that need the layers above the laws: one layer's cost (from the op
vocabulary, :mod:`ironlaw.frameworks.ops`) and training memory by recipe (from
:mod:`ironlaw.training.tables`). The laws they apply live in :mod:`ironlaw.laws`.
:func:`calc` evaluates any of them or any law (``ironlaw.calc``, ``ironlaw calc``).

    FLOPs  O = the op's count (a multiply-add is 2 FLOP; MACs = O/2)
    bytes  D = weights + inputs + outputs read and written once, at the precision's width b
    I = O/D;  P = min(R, I·BW);  T = max(O/R, D/BW)       (roofline, given R and BW)

    dense      O = 2·B·n_in·n_out                 D = (n_in·n_out + n_out + B·n_in + B·n_out)·b
    qkv        a dense layer d → (h + 2·h_kv)·d_h  (Q for every head, K and V per KV head)
    conv       O = 2·B·H_out·W_out·C_out·C_in·k²  D = (C_out·C_in·k² + B·C_in·H·W
                                                       + B·C_out·H_out·W_out)·b
    attention  O = 4·B·h·q·kv·d + 5·B·h·q·kv      (QKᵀ and PV: MACs = 2·B·h·q·kv·d; softmax)
    embedding  O = 0; D = (min(T, V) + T)·d·b     (rows gathered, rows written)
    training   M = P·(w + g + m + s)               (laws.memory.model_state_bytes)
    collective T = min_p (a_p + steps·α_p + M·steps/(s_p·β·N))   NCCL's protocols on a link
               (laws.collectives.tuned over hardware.links.PROTOCOLS), and a + M/(e·β) for
               an all-reduce in an NVLink SHARP switch
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ironlaw import dtypes
from ironlaw.derive import Derivation, calcs, derive, get_calc
from ironlaw.errors import ParameterError
from ironlaw.frameworks import ops
from ironlaw.hardware.links import NVLS_ARCHITECTURE, candidates, nvls_efficiency
from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws.collectives import candidate_times, tuned
from ironlaw.laws.iron import iron_law_overlapped
from ironlaw.laws.memory import model_state_bytes
from ironlaw.laws.roofline import roofline
from ironlaw.training.tables import OPTIMIZERS, PRECISIONS

_PRECISION = Symbol("precision", "p", "text", "precision", default="bf16",
                    choices=tuple(dtypes.DTYPES))
_PEAK = Symbol("peak", "R", "flop_rate", "peak compute rate (for the roofline)", optional=True)
_BW = Symbol("bandwidth", "BW", "bandwidth", "memory bandwidth (for the roofline)",
             optional=True)


def _int(name: str, symbol: str, meaning: str, **kw) -> Symbol:
    return Symbol(name, symbol, "count", meaning, domain="integer", **kw)


_COST = (
    Symbol("flops", "O", "flops", "FLOPs"),
    Symbol("macs", "O/2", "count", "multiply-accumulates (MACs)"),
    Symbol("weights", "D_W", "bytes", "weights read", latex="D_W"),
    Symbol("inputs", "D_in", "bytes", "activations read", latex="D_{in}"),
    Symbol("outputs", "D_out", "bytes", "activations written", latex="D_{out}"),
    Symbol("data", "D", "bytes", "bytes moved"),
    Symbol("intensity", "I", "intensity", "arithmetic intensity O/D"),
    Symbol("ridge", "I*", "intensity", "ridge point R/BW", latex="I^*"),
    Symbol("attainable", "P", "flop_rate", "attainable rate"),
    Symbol("bound", "", "text", "binding roof"),
    Symbol("time", "T", "time", "time max(O/R, D/BW)"),
)
# D's terms, each named: a layer without weights or inputs (attention, a gather) says so
_DATA = "D = {weights} (weights) + {inputs} (inputs) + {outputs} (outputs) = {data}"
_STEPS = ("I = {flops} / {data} = {intensity}",
          "P = min({peak}, {intensity} × {bandwidth}) = {attainable}, {bound} (I* = {ridge})",
          "T = max({flops}/{peak}, {data}/{bandwidth}) = {time}")
_RESULTS = ("flops", "macs", "data", "intensity", "bound", "attainable", "time")
# D prints with enough figures that its smallest term shows (33.6 MB + 8.19 kB: 33.579 MB)
_SUMS = (("data", ("weights", "inputs", "outputs")),)


def _cost(op: ops.Op, peak, bandwidth) -> dict:
    """An op's FLOPs, MACs, bytes and intensity; its roofline position given R and BW."""
    if (peak is None) != (bandwidth is None):
        missing = "bandwidth" if bandwidth is None else "peak"
        raise ParameterError(missing, "the roofline needs both peak and bandwidth")
    out = {"flops": op.flops, "macs": op.flops / 2.0, "weights": op.weight_bytes,
           "inputs": op.input_bytes, "outputs": op.output_bytes, "data": op.bytes,
           "intensity": op.flops / op.bytes, "ridge": None, "attainable": None, "bound": None,
           "time": None}
    if peak is not None:
        r = roofline(out["intensity"], peak, bandwidth)
        out.update(ridge=r.ridge_flop_per_byte, attainable=r.attainable_flop_per_s,
                   bound=f"{r.bound}-bound",
                   time=iron_law_overlapped(op.bytes, bandwidth, op.flops, peak).total_s)
    return out


def _layer(name, title, inputs, flops_steps, formula, compute, note="", outputs=(),
           data_step=_DATA, results=_RESULTS):
    """A layer law: its FLOPs steps, then D term by term, I, and the roofline. ``outputs``
    add to (or, by name, replace) the shared cost symbols."""
    own = {s.name for s in outputs}
    flops_steps = (flops_steps,) if isinstance(flops_steps, str) else flops_steps
    return Calc(name=name, title=title, inputs=(*inputs, _PRECISION, _PEAK, _BW),
                outputs=(*(s for s in _COST if s.name not in own), *outputs), formula=formula,
                steps=(*flops_steps, data_step, *_STEPS), compute=compute,
                results=results, notes=(note,) if note else (), sums=_SUMS,
                source="ironlaw.frameworks.ops (the op costs every model is built from); "
                       "roofline: Williams, Waterman & Patterson, CACM 52(4), 2009")


def _dense(batch, in_features, out_features, precision, peak, bandwidth):
    op = ops.linear("dense", batch, int(in_features), int(out_features), precision)
    return _cost(op, peak, bandwidth)


def _qkv(tokens, d_model, heads, kv_heads, head_dim, precision, peak, bandwidth):
    kv_heads = heads if kv_heads is None else kv_heads
    if head_dim is None:
        if d_model % heads:
            raise ParameterError("head_dim", f"d_model {d_model:g} is not a multiple of "
                                             f"{heads:g} heads; give head_dim")
        head_dim = d_model // heads
    width = (heads + 2 * kv_heads) * head_dim
    op = ops.linear("qkv", tokens, int(d_model), int(width), precision, bias=False)
    return {**_cost(op, peak, bandwidth), "width": width, "head_dim_used": head_dim}


def _conv(batch, c_in, size, c_out, kernel, stride, padding, precision, peak, bandwidth):
    op = ops.conv2d("conv", int(batch), int(c_in), int(size), int(size), int(c_out),
                    int(kernel), precision, stride=int(stride), padding=int(padding))
    return {**_cost(op, peak, bandwidth), "h_out": op.shape[2]}


def _attention(batch, heads, seq, context, head_dim, kv_heads, causal, precision, peak,
               bandwidth):
    op = ops.attention("attention", int(batch), int(heads), int(seq),
                       int(seq if context is None else context), int(head_dim), precision,
                       kv_heads=None if kv_heads is None else int(kv_heads),
                       causal=causal == "yes")
    # MACs count the matrix products only (QKᵀ and PV); the softmax's FLOPs are no MACs
    return {**_cost(op, peak, bandwidth), "visible": op.n, "matmul": op.tensor_flops,
            "softmax": op.flops - op.tensor_flops, "macs": op.tensor_flops / 2.0}


def _embedding(tokens, vocab, dim, precision, peak, bandwidth):
    out = _cost(ops.embedding("embedding", tokens, int(vocab), int(dim), precision), peak,
                bandwidth)
    return out


_DENSE_FLOPS = "O = 2 × {batch} × {in_features} × {out_features} = {flops} ({macs} MACs)"

LAYER_CALCS = (
    _layer("dense", "One dense (fully connected) layer at batch B",
           (Symbol("batch", "B", "count", "batch (rows, or tokens)"),
            _int("in_features", "n_in", "input features", latex="n_{in}"),
            _int("out_features", "n_out", "output features", latex="n_{out}")),
           _DENSE_FLOPS, "O = 2·B·n_in·n_out;  I = O/D", _dense,
           "Weights are read once per batch: intensity grows with B until the layer is "
           "compute-bound.",
           data_step="D = {weights} (weights, bias) + {inputs} (inputs) + {outputs} (outputs) "
                     "= {data}"),
    Calc(name="qkv", title="QKV projection of attention (MHA, GQA, MQA)",
         inputs=(Symbol("tokens", "T", "count", "tokens (batch × sequence)"),
                 _int("d_model", "d", "model width"),
                 _int("heads", "h", "query heads"),
                 _int("kv_heads", "h_kv", "key/value heads (default: h)", optional=True,
                      latex="h_{kv}"),
                 _int("head_dim", "d_h", "head dimension (default: d/h)", optional=True,
                      latex="d_h"),
                 _PRECISION, _PEAK, _BW),
         outputs=(*_COST, Symbol("width", "n_out", "count", "output width (h + 2·h_kv)·d_h"),
                  Symbol("head_dim_used", "d_h", "count", "head dimension")),
         formula="O = 2·T·d·(h + 2·h_kv)·d_h;  I = O/D",
         steps=("n_out = ({heads} + 2 × {kv_heads}) × {head_dim_used} = {width}",
                "O = 2 × {tokens} × {d_model} × {width} = {flops} ({macs} MACs)", _DATA,
                *_STEPS),
         compute=_qkv, results=_RESULTS, sums=_SUMS,
         source="ironlaw.frameworks.ops.linear; Ainslie et al., EMNLP 2023 (GQA)"),
    _layer("conv", "One 2-D convolution (square image and kernel)",
           (_int("batch", "B", "images"), _int("c_in", "C_in", "input channels",
                                               latex="C_{in}"),
            _int("size", "H", "image height = width"),
            _int("c_out", "C_out", "output channels", latex="C_{out}"),
            _int("kernel", "k", "kernel size"),
            _int("stride", "s", "stride", default=1),
            Symbol("padding", "pad", "count", "padding", default=0, domain="nonnegative")),
           "O = 2 × {batch} × {h_out}² × {c_out} × {c_in} × {kernel}² = {flops} ({macs} MACs)",
           "O = 2·B·H_out·W_out·C_out·C_in·k²;  I = O/D", _conv,
           outputs=(Symbol("h_out", "H_out", "count", "output height = width",
                           latex="H_{out}"),)),
    _layer("attention", "Attention scores and mixing (QKᵀ, softmax, PV)",
           (_int("batch", "B", "sequences"), _int("heads", "h", "query heads"),
            _int("seq", "q", "query tokens"),
            _int("context", "kv", "keys attended (default: q)", optional=True),
            _int("head_dim", "d_h", "head dimension", latex="d_h"),
            _int("kv_heads", "h_kv", "key/value heads (default: h)", optional=True,
                 latex="h_{kv}"),
            Symbol("causal", "mask", "text", "causal mask", default="no", choices=("no", "yes"))),
           ("O_mm = 4 × {head_dim} × {batch} × {heads} × {seq} × {visible} = {matmul} "
            "(QKᵀ and PV: {macs} MACs)",
            "O_sm = 5 × {batch} × {heads} × {seq} × {visible} = {softmax} (softmax)",
            "O = {matmul} + {softmax} = {flops}"),
           "O = O_mm + O_sm = 4·B·h·q·kv·d_h + 5·B·h·q·kv;  MACs = O_mm/2;  I = O/D",
           _attention,
           "Flash attention: the q×kv scores never reach memory. Causal: kv is the mean "
           "number of keys a query sees. MACs count the matrix products only.",
           outputs=(Symbol("visible", "kv", "count", "keys per query (mean)"),
                    Symbol("matmul", "O_mm", "flops", "matrix-product FLOPs (QKᵀ, PV)",
                           latex=r"O_{mm}"),
                    Symbol("softmax", "O_sm", "flops", "softmax FLOPs", latex=r"O_{sm}"),
                    Symbol("macs", "O_mm/2", "count", "multiply-accumulates (MACs) of "
                           "QKᵀ and PV", latex=r"O_{mm}/2")),
           data_step="D = {inputs} (queries, keys, values read) + {outputs} (output written) "
                     "= {data}",
           results=(*_RESULTS[:1], "matmul", "softmax", *_RESULTS[1:])),
    _layer("embedding", "Embedding lookup",
           (Symbol("tokens", "T", "count", "tokens looked up"),
            _int("vocab", "V", "vocabulary size"), _int("dim", "d", "embedding width")),
           "O = 0 (a gather) = {flops}", "D = (min(T, V) + T)·d·b;  O = 0", _embedding,
           "A gather does no arithmetic: the layer is bound by memory at any batch.",
           data_step="D = {weights} (min(T, V) rows gathered) + {outputs} (T rows written) "
                     "= {data}"),
)


# Training recipes: a precision of training.tables, or a pure 16-bit one that keeps no fp32
# master copy (weights and gradients 2 B, master 0).
_PURE = {f"{p}-pure": replace(PRECISIONS[p], name=f"{p}-pure", master_bytes=0.0)
         for p in ("bf16", "fp16")}
TRAINING_PRECISIONS = {**PRECISIONS, **_PURE}
FIXED_STATE = tuple(name for name, o in OPTIMIZERS.items() if o.state_bytes is not None)


def _train_memory(params, precision, optimizer):
    p, o = TRAINING_PRECISIONS[precision], OPTIMIZERS[optimizer]
    w, g, m, s = p.weight_bytes, p.gradient_bytes, p.master_bytes, o.state_bytes
    return {"w": w, "g": g, "m": m, "s": s, "per_param": w + g + m + s,
            "total": model_state_bytes(params, w, g, m, s), "weights_only": params * w,
            "optimizer_state": params * s, "without_gradients": params * (w + m + s)}


TRAINING_CALCS = (
    Calc(
        name="train-memory",
        title="Training memory from a parameter count and a recipe",
        inputs=(Symbol("params", "P", "count", "parameters"),
                Symbol("precision", "p", "text", "weights and gradients (…-pure: no fp32 "
                       "master copy)", default="bf16", choices=tuple(TRAINING_PRECISIONS)),
                Symbol("optimizer", "opt", "text", "optimizer", default="adam",
                       choices=FIXED_STATE)),
        outputs=(Symbol("w", "w", "bytes", "weights per parameter"),
                 Symbol("g", "g", "bytes", "gradients per parameter"),
                 Symbol("m", "m", "bytes", "fp32 master copy per parameter"),
                 Symbol("s", "s", "bytes", "optimizer state per parameter"),
                 Symbol("per_param", "w+g+m+s", "bytes", "bytes per parameter"),
                 Symbol("total", "M", "bytes", "model states"),
                 Symbol("weights_only", "P·w", "bytes", "the weights alone (inference)"),
                 Symbol("optimizer_state", "P·s", "bytes", "the optimizer's state alone"),
                 Symbol("without_gradients", "P·(w+m+s)", "bytes",
                        "weights and optimizer state, no gradients (between steps)")),
        formula="M = P·(w + g + m + s)",
        latex=r"M = P\,(w + g + m + s)",
        steps=("{params} × ({w} + {g} + {m} + {s})", "{params} × {per_param}", "{total}"),
        compute=_train_memory,
        results=("total", "per_param", "weights_only", "optimizer_state",
                 "without_gradients"),
        notes=("Model states only: activations, buffers and fragmentation come on top "
               "(`ironlaw train` adds them for a built-in model).",),
        source="Rajbhandari et al., 'ZeRO', 2020, §3.1; Dettmers et al., ICLR 2022 (8-bit "
               "Adam); PyTorch SGD/AdamW state",
    ),
)

def _collective(collective, size, devices, bandwidth, link, nvls):
    n = int(devices)
    if nvls != "none" and (link != "nvlink" or collective != "all-reduce"):
        raise ParameterError("nvls", f"{nvls}: NVLink SHARP reduces an all-reduce over "
                             "NVLink only; expected none here")
    menu = candidates(link, collective, nvls_efficiency(NVLS_ARCHITECTURE.get(nvls)))
    out = {"steps": 2.0 * (n - 1) if collective == "all-reduce" else n - 1.0,
           "ll": None, "ll128": None, "simple": None, "nvls_time": None}
    for (name, algorithm, *_), t in zip(menu, candidate_times(collective, size, n, bandwidth,
                                                              menu), strict=True):
        out["nvls_time" if algorithm == "nvls" else name.lower()] = float(t)
    time, best = tuned(collective, size, n, bandwidth, menu)
    out["chosen"], out["time"] = menu[int(best)][0], float(time)
    return out


COLLECTIVE_CALCS = (
    Calc(
        name="collective",
        title="A collective as NCCL runs it: the fastest protocol's ring, or NVLS",
        inputs=(Symbol("collective", "op", "text", "collective", default="all-reduce",
                       choices=("all-reduce", "all-gather", "reduce-scatter", "all-to-all")),
                Symbol("size", "M", "bytes", "message size (all-reduce: each device's buffer)"),
                _int("devices", "N", "devices in the group"),
                Symbol("bandwidth", "β", "bandwidth", "link bandwidth per direction per device",
                       latex=r"\beta"),
                Symbol("link", "link", "text", "link kind (its latencies and protocols)",
                       default="nvlink",
                       choices=("nvlink", "pcie", "roce", "infinity-fabric", "ici")),
                Symbol("nvls", "switch", "text", "NVLink SHARP in the switch (all-reduce): "
                       "none, hopper (NVSwitch gen 3) or blackwell", default="none",
                       choices=("none", *NVLS_ARCHITECTURE))),
        outputs=(Symbol("steps", "steps", "count", "ring steps: 2(N−1) all-reduce, N−1 else"),
                 Symbol("ll", "T_LL", "time", "LL: 4 of 8 bytes data, lowest latency",
                        optional=True),
                 Symbol("ll128", "T_LL128", "time", "LL128: 120 of 128 bytes data (NVLink)",
                        optional=True),
                 Symbol("simple", "T_Simple", "time", "Simple: full bandwidth, most latency"),
                 Symbol("nvls_time", "T_NVLS", "time", "NVLS: a + M/(e·β), reduced in the switch",
                        optional=True),
                 Symbol("chosen", "", "text", "protocol NCCL picks"),
                 Symbol("time", "T", "time", "time of the collective")),
        formula="T = min(min_p (a_p + steps·α_p + M·steps/(s_p·β·N)), a + M/(e·β))",
        latex=r"T = \min\left(\min_p \left(a_p + \mathrm{steps}\,\alpha_p + "
              r"\frac{M\,\mathrm{steps}}{s_p\,\beta\,N}\right), a + \frac{M}{e\,\beta}\right)",
        steps=("steps = {steps} over {devices} devices",
               "LL {ll};  LL128 {ll128};  Simple {simple}",
               "NVLS {nvls_time} ({nvls} switch)",
               "T = {time} ({chosen})"),
        compute=_collective,
        results=("time", "chosen", "ll", "ll128", "simple", "nvls_time"),
        notes=("a_p, α_p and s_p from NCCL's tuning model (hardware.links.PROTOCOLS, "
               "`ironlaw sources PROTOCOLS`); NVLS's a and e from NCCL 2.30 "
               "(hardware.links.NVLS_LATENCY, NVLS_EFFICIENCY). Ring only: NCCL's tree "
               "algorithm is not modeled.",),
        source="NCCL src/graph/tuning.cc (ncclTopoTuneModel, ncclTopoGetAlgoTime)",
    ),
)

CALCS = LAYER_CALCS + TRAINING_CALCS + COLLECTIVE_CALCS


def every_calc() -> dict[str, Calc]:
    """The laws of :mod:`ironlaw.laws` and the worked calculations above, by name."""
    return {**calcs(), **{c.name: c for c in CALCS}}


def calc(name: str, binary: bool | None = None, **params: Any) -> Derivation:
    """Law or layer calculation ``name`` on ``params`` (SI floats or unit strings), worked:
    ``calc("dense", batch=8, in_features=4096, out_features=4096).text()``."""
    return derive(get_calc(name, every_calc()), binary, **params)
