"""A framework's flash-attention kernel in eager mode: η(n) = f · n/(n + n½) of the dense peak.

The independent reference is the FlashAttention-3 paper (Shah et al., arXiv:2407.08608,
Figures 5-6): FlashAttention-2 on an H100 80GB SXM5, BF16, head dim 128, 16 heads (2048
hidden), batch × seqlen = 16k tokens. The TFLOP/s the paper prints:

    seqlen                    512   1k    2k    4k    8k    16k
    forward, causal mask      191   260   298   319   333   335
    backward                  214   260   291   310   318   322
"""

import pytest

from ironlaw.frameworks import ops
from ironlaw.frameworks.autodiff import training_step
from ironlaw.frameworks.cost import analyze, flash_efficiency
from ironlaw.frameworks.graph import Graph
from ironlaw.hardware.catalog import builtin

CATALOG = builtin()
H100 = CATALOG.device("h100-sxm")
PEAK = 989.4e12  # H100 SXM dense BF16, FLOP/s (datasheet: half the 1,979 sparse)
SEQS = (512, 1024, 2048, 4096, 8192, 16384)
FORWARD_CAUSAL = (191, 260, 298, 319, 333, 335)  # TFLOP/s, the paper's Figure 5
BACKWARD = (214, 260, 291, 310, 318, 322)  # TFLOP/s, the paper's Figure 6


def one_attention(seq: int, causal: bool) -> Graph:
    batch = 16384 // seq
    return Graph("attention", (ops.attention("a", batch, 16, seq, seq, 128, "bf16",
                                             causal=causal),), "bf16")


def paper_flops(seq: int, causal: bool) -> float:
    """The benchmark's own count: 4 · b · s² · h · d forward, halved under the causal mask."""
    return 4.0 * (16384 // seq) * seq**2 * 16 * 128 / (2.0 if causal else 1.0)


def test_formula_by_hand():
    """η(n) = f·n/(n + n½) with the catalog's H100 fit (f 0.354, n½ 202 forward; 0.333, 273
    backward): n = 2048.5 keys forward → 0.354 × 2048.5/2250.5 = 0.32223; n = 4096 backward →
    0.333 × 4096/4369 = 0.31219."""
    kernel = CATALOG.efficiency_of(H100).flash_attention
    assert flash_efficiency(kernel, 2048.5, False) == pytest.approx(0.32223, rel=1e-4)
    assert flash_efficiency(kernel, 4096.0, True) == pytest.approx(0.31219, rel=1e-4)


def test_one_causal_forward_op_by_hand():
    """b = 4, h = 16, s = 4096, d = 128, causal: each query sees (4096 + 1)/2 = 2048.5 keys;
    matrix FLOPs 2 · (4·16·4096·2048.5) · (128 + 128) = 2.7494 × 10¹¹; at 0.32223 of
    989.4 TFLOP/s that is 2.7494e11 / 3.1882e14 = 862.4 µs."""
    a = analyze(one_attention(4096, True), H100, CATALOG.efficiency_of(H100), "eager")
    assert a.per_op["compute_s"][0] == pytest.approx(862.4e-6, rel=1e-3)


@pytest.mark.parametrize(("seq", "published"), list(zip(SEQS, FORWARD_CAUSAL, strict=True)))
def test_forward_matches_the_paper(seq, published):
    """The op's compute time reproduces FlashAttention-2's measured causal forward rate on an
    H100 within 5% (the fit's residuals are ≤ 3.3%; ironlaw counts (s + 1)/2 keys a query,
    the benchmark s/2)."""
    a = analyze(one_attention(seq, True), H100, CATALOG.efficiency_of(H100), "eager")
    rate = paper_flops(seq, True) / a.per_op["compute_s"][0]
    assert rate == pytest.approx(published * 1e12, rel=0.05)


@pytest.mark.parametrize(("seq", "published"), list(zip(SEQS, BACKWARD, strict=True)))
def test_backward_matches_the_paper(seq, published):
    """The gradient op (2.5 × the forward matrix FLOPs, as the benchmark counts them) runs at
    FlashAttention-2's measured backward rate within 2%."""
    step = training_step(one_attention(seq, False))
    a = analyze(step, H100, CATALOG.efficiency_of(H100), "eager")
    backward = [i for i, op in enumerate(step.ops) if op.gradient and op.kind == "attention"]
    rate = 2.5 * paper_flops(seq, False) / a.per_op["compute_s"][backward[0]]
    assert rate == pytest.approx(published * 1e12, rel=0.02)


def test_only_where_measured_and_only_eager():
    """Fused mode (engines' own kernels) and a materialized attention keep the tiled-GEMM
    path; so does a GPU with no measured kernel (A100: FlashAttention-2's 50-73% of peak,
    Dao 2023, is already near what the GEMM path gives)."""
    graph = one_attention(4096, True)
    eager = analyze(graph, H100, CATALOG.efficiency_of(H100), "eager").per_op["compute_s"][0]
    fused = analyze(graph, H100, CATALOG.efficiency_of(H100), "fused").per_op["compute_s"][0]
    assert fused < eager  # the GEMM path: 0.8 × 128/(128 + 64) ≈ 0.53 of the peak, not 0.32
    math = Graph("math", (ops.attention("a", 4, 16, 4096, 4096, 128, "bf16", causal=True,
                                        flash=False),), "bf16")
    materialized = analyze(math, H100, CATALOG.efficiency_of(H100), "eager").per_op
    assert materialized["compute_s"][0] == pytest.approx(fused, rel=1e-9)
    wide = Graph("wide", (ops.attention("a", 4, 16, 4096, 4096, 576, "bf16", causal=True),),
                 "bf16")  # a head of 576 (MLA's absorbed latent): beyond FA2's 256
    eager_wide, fused_wide = (analyze(wide, H100, CATALOG.efficiency_of(H100), m)
                              .per_op["compute_s"][0] for m in ("eager", "fused"))
    assert eager_wide == pytest.approx(fused_wide, rel=1e-9)
    a100 = CATALOG.device("a100-80gb")
    assert CATALOG.efficiency_of(a100).flash_attention is None


def test_sweeps_broadcast():
    """A graph built from an array of sequence lengths costs each as the scalar graph does."""
    import numpy as np

    seqs = np.array([1024.0, 8192.0])
    swept = Graph("a", (ops.attention("a", 2, 16, seqs, seqs, 128, "bf16", causal=True),),
                  "bf16")
    times = analyze(swept, H100, CATALOG.efficiency_of(H100), "eager").per_op["compute_s"][0]
    for s, t in zip((1024, 8192), times, strict=True):
        one = Graph("a", (ops.attention("a", 2, 16, s, s, 128, "bf16", causal=True),), "bf16")
        scalar = analyze(one, H100, CATALOG.efficiency_of(H100), "eager").per_op["compute_s"][0]
        assert t == pytest.approx(scalar, rel=1e-12)


def test_the_h200s_own_flash_runs_agree_with_the_fit():
    """The H200 run of benchmarks/gpu_validate.py (2026-12-04) timed torch SDPA's flash backend
    (FlashAttention-2) on the same GH100 compute: causal, batch 1, 32 heads of 128, at 1k, 4k
    and 16k tokens. The fit (from the FA3 paper's 16k-token batches) predicts each within 25%,
    closest at 16k; on the tiled-GEMM path the predictions were 25–39% short."""
    import json
    from pathlib import Path

    record = json.loads((Path(__file__).parents[1] / "benchmarks" / "gpu"
                         / "gpu-2026-12-04-h200.json").read_text())
    h200 = CATALOG.device("h200")
    runs = [r for r in record["attention"]
            if r["backend"] == "FLASH_ATTENTION" and r["phase"] == "prefill"]
    assert [r["q_len"] for r in runs] == [1024, 4096, 16384]
    for r in runs:
        graph = Graph("a", (ops.attention("a", r["batch"], r["heads"], r["q_len"], r["kv_len"],
                                          r["head_dim"], "bf16", causal=r["causal"]),), "bf16")
        predicted = analyze(graph, h200, CATALOG.efficiency_of(h200), "eager").latency_s
        assert predicted == pytest.approx(r["time_s"], rel=0.25), r["q_len"]
