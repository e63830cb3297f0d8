"""Issue 13, physics guards: no result exceeds its roof, and every verdict reaches the user.

The roofs are physical, so the tests state them from first principles, not from the code:

    rate      FLOPs / time ≤ R_peak at the op's precision (the datasheet peak in the catalog)
    floor     latency ≥ weight bytes / main-memory bandwidth (every weight is read once a pass)
    Little    throughput ≤ batch / latency; tokens/s ≤ batch · tokens per sequence / latency

checked over the whole built-in catalog × each device's precisions × each model's phases. Weight
bytes per element are the formats' own widths (IEEE 754 binary64/32/16, bfloat16, OCP FP8/FP6/FP4
and int8/int4), written out here.
"""

import json
import math

import numpy as np
import pytest

from ironlaw.errors import UserError
from ironlaw.frameworks.cost import analyze
from ironlaw.hardware.catalog import open_catalog
from ironlaw.models.zoo import MODELS, build_model

CATALOG = open_catalog()
WIDTH = {"fp64": 8, "fp32": 4, "tf32": 4, "bf16": 2, "fp16": 2, "fp8": 1, "int8": 1,
         "fp6": 0.75, "fp4": 0.5, "int4": 0.5}
# Models that read only part of their weights in a pass: Mixtral routes each token to 2 of 8
# experts, Qwen1.5-MoE to 4 of 60, DeepSeek-V3 to 8 of 256; DLRM reads only the embedding rows
# it looks up. Their floor is the bytes the graph says it reads, not all parameters.
SPARSE_READS = {"mixtral-8x7b", "qwen1.5-moe-a2.7b", "deepseek-v3", "dlrm"}
TOLERANCE = 1 + 1e-9
BATCH, SEQ = 4, 256

def _pairs():
    for device in CATALOG.devices.values():
        for precision in device.peak:
            yield pytest.param(device.id, precision, id=f"{device.id}-{precision}")


_GRAPHS: dict = {}


def _graph(spec, phase, precision, runs):
    """The graph as it runs on a device with peaks for ``runs`` (a narrow-format LLM keeps
    its unquantized part in that device's 16-bit float: fp16, else bf16, else whole narrow)."""
    key = (spec.id, phase, precision, tuple(runs))
    if key not in _GRAPHS:
        sizes = {"seq": SEQ} if spec.family == "transformer" else {}
        _GRAPHS[key] = build_model(spec.id, phase=phase, batch=BATCH, dtype=precision,
                                   runs=runs, **sizes)
    return _GRAPHS[key]


def _roof(device, precision):
    """The peak at ``precision``; a precision the device has no figure for is bounded by its
    largest peak (no unit of the chip is faster)."""
    if precision in device.peak:
        return device.peak_rate(precision)
    return max(device.peak_rate(p) for p in device.peak)


@pytest.mark.parametrize(("device_id", "precision"), list(_pairs()))
def test_no_result_exceeds_its_roof(device_id, precision):
    device = CATALOG.device(device_id)
    efficiency = CATALOG.efficiency_of(device)
    bandwidth = device.main_memory.bandwidth.value if device.main_memory.bandwidth else None
    # a device with no memory bandwidth at all cannot be costed: it is refused, never guessed
    uncosted = all(level.bandwidth is None for level in device.memory)
    checked = 0
    for spec in MODELS:
        for phase in spec.phases:
            graph = _graph(spec, phase, precision, device.peak)
            if uncosted:
                with pytest.raises(UserError, match="no memory level has a bandwidth"):
                    analyze(graph, device, efficiency)
                continue
            a = analyze(graph, device, efficiency)
            checked += 1
            where = f"{spec.id} {phase} {precision} on {device_id}"
            peak = device.peak_rate(precision)
            # rates: the whole pass, MFU, and every op at its own precision
            assert graph.flops / a.latency_s <= peak * TOLERANCE, where
            assert 0 <= a.mfu <= TOLERANCE, (where, a.mfu)
            time_s = np.asarray(a.per_op["time_s"], dtype=float)
            for op, t in zip(graph.ops, time_s, strict=True):
                if op.flops > 0 and t > 0:
                    roof = _roof(device, op.dtype)
                    assert op.flops * op.count / t <= roof * TOLERANCE, (where, op.name)
            # Little: batch / latency, tokens per sequence / latency
            assert a.throughput_per_s <= BATCH / a.latency_s * TOLERANCE, where
            if a.tokens_per_s is not None:
                # ViT-B/16 at 224²: (224/16)² patches + a class token = 197 per image
                per_sequence = {"prefill": SEQ, "encoder": SEQ, "decode": 1}.get(phase, 197)
                assert a.tokens_per_s <= BATCH * per_sequence / a.latency_s * TOLERANCE, where
            # the bandwidth floor, for what fits (what does not fit is not run at all)
            if a.fits and bandwidth is not None:
                assert a.latency_s * TOLERANCE >= graph.weight_bytes / bandwidth, where
                if spec.id not in SPARSE_READS:
                    floor = graph.params * WIDTH[precision] / bandwidth
                    assert a.latency_s * TOLERANCE >= floor, where
    assert checked or uncosted, device_id


@pytest.mark.parametrize("model", ["gpt2", "llama-3-8b", "mixtral-8x7b"])
@pytest.mark.parametrize("device", ["h100-sxm", "a100-80gb", "mi300x", "l4", "apple-m4"])
@pytest.mark.parametrize("batch", [1, 64, 100_000])
def test_serving_stays_under_its_roofs(model, device, batch):
    from ironlaw.serving import serve_llm

    r = serve_llm(model, device, batch=batch, prompt=512, output=128, precision="fp16")
    mem = r.memory
    bandwidth = CATALOG.device(device).main_memory.bandwidth.value
    assert mem["kv_budget_bytes"] >= 0  # never a negative budget
    assert r.throughput <= batch / r.tpot_s * TOLERANCE  # tokens/s ≤ B / TPOT
    if model != "mixtral-8x7b":  # a decode step reads every weight once
        assert r.tpot_s * TOLERANCE >= mem["weights_per_device_bytes"] / bandwidth
    # the verdict and the KV budget agree both ways: it fits exactly when the batch's sequences
    # fit in the budget
    assert (r.verdict == "does not fit") == (batch > mem["max_sequences"]), (r.verdict, mem)
    if batch == 100_000:
        # even GPT-2's KV cache is too large: 2 (K, V) × 12 layers × 768 × 2 B (fp16) × 640
        # tokens = 23.6 MB a sequence, × 100,000 = 2.4 TB > the largest memory here (192 GB)
        assert r.verdict == "does not fit"


# --- verdicts reach every command and plot --------------------------------------------------

def _refused(result, *words):
    code, out, err = result
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err, (word, err)


def test_serve_a_batch_that_cannot_fit_is_a_verdict_not_a_negative_budget(cli):
    # Llama 3 8B at batch 400,000: its decode step's LM head alone, reading 400,000 hidden
    # states and writing as many logits (400,000 × 2 × (4,096 + 128,256) B = 105.9 GB),
    # exceeds the 77 GB usable of an H100 (vLLM's default gpu_memory_utilization 0.9 ×
    # 81559 MiB = 0.9 × 85.52 GB); the budget left for a KV cache is none — 0 B, never < 0.
    code, out, err = cli("serve", "llama-3-8b", "--on", "h100", "--batch", "400000",
                         "--format", "json")
    assert code == 1, err  # serve's documented status for 'does not fit'
    result = json.loads(out)
    assert result["verdict"] == "does not fit"
    assert result["memory"]["usable_bytes"] == pytest.approx(0.9 * 81559 * 2**20)
    assert result["memory"]["activations_per_device_bytes"] == 400_000 * 2 * (4096 + 128_256)
    assert result["memory"]["activations_per_device_bytes"] > result["memory"]["usable_bytes"]
    # weights: 8,030,261,248 parameters (Meta's Llama 3 8B: 2 × 128256·4096 embedding and head
    # + 32 × (2·4096² + 2·4096·1024 + 3·4096·14336 + 2·4096) + 4096) × 2 B (bf16); KV a token:
    # 2 (K, V) × 32 layers × 8 KV heads × 128 head dim × 2 B = 131,072 B
    assert result["memory"]["weights_per_device_bytes"] == 8_030_261_248 * 2
    assert result["memory"]["kv_per_token_bytes"] == 2 * 32 * 8 * 128 * 2
    assert result["memory"]["kv_budget_bytes"] == 0
    assert "batch 400000" in result["reason"]
    code, text, _ = cli("serve", "llama-3-8b", "--on", "h100", "--batch", "400000")
    assert "does not fit" in text and "−" not in text.split("KV budget per device")[1][:40]
    assert "-1" not in text.split("KV budget per device")[1][:40]


@pytest.mark.parametrize("kind", ["terms", "roofline"])
def test_a_plot_of_a_model_that_does_not_fit_says_so(cli, tmp_path, kind):
    # Llama 2 70B: 68.98e9 parameters × 2 B (bf16) = 138 GB of weights > an H100's 85.5 GB
    # (81559 MiB as nvidia-smi reports it; the datasheet's "80 GB").
    out = tmp_path / f"{kind}.png"
    code, stdout, err = cli("plot", kind, "llama-2-70b", "--on", "h100", "-o", str(out),
                            "--format", "json")
    assert code == 0 and out.stat().st_size > 0, err
    record = json.loads(stdout)
    assert record["does_not_fit"] == ["llama-2-70b does not fit on h100-sxm: needs 138 GB of "
                                      "85.5 GB"]
    assert record["does_not_fit"][0] in record["notes"]
    assert [s["fits"] for s in record["series"]] == [False]
    assert err.startswith("warning: llama-2-70b does not fit on h100-sxm")
    # what fits draws without a word
    code, stdout, err = cli("plot", kind, "llama-3-8b", "--on", "h100", "-o", str(out),
                            "--format", "json")
    assert code == 0 and err == "" and json.loads(stdout)["does_not_fit"] == []


def test_the_roofline_figure_carries_the_verdict(tmp_path, cli):
    out = tmp_path / "roofline.svg"
    code, _, _ = cli("plot", "roofline", "llama-2-70b", "--on", "h100", "-o", str(out))
    assert code == 0
    assert "DOES NOT FIT" in out.read_text()


def test_cost_refuses_a_node_of_another_accelerator(cli):
    # DGX A100 holds eight A100 40GB, not H100s: its price per device is not an H100's
    _refused(cli("cost", "llama-3-8b", "--on", "h100", "--node", "dgx-a100"),
             "--node", "dgx-a100", "a100-40gb", "h100-sxm")


def test_cost_with_the_node_of_its_accelerator_is_priced(cli):
    code, out, err = cli("cost", "llama-3-8b", "--on", "a100-40gb", "--node", "dgx-a100",
                         "--capex", "$20000", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["cost"]["capex_per_device_usd"] == 20000


@pytest.mark.parametrize("years", ["0", "-1", "nan", "inf"])
def test_cost_lifetime_must_be_positive(cli, years):
    _refused(cli("cost", "llama-3-8b", "--on", "h100", "--lifetime-years", years),
             "--lifetime-years")


# --- integer sizes: bounded before anything overflows ---------------------------------------

@pytest.mark.parametrize(("args", "flag", "limit"), [
    (("sweep", "--model", "llama-3-8b", "--device", "h100", "--batch", str(2**62)),
     "--batch", "1048576"),
    (("sweep", "--model", "llama-3-8b", "--device", "h100", "--batch", "1..1e15x10"),
     "--batch", "1048576"),
    (("sweep", "--model", "llama-3-8b", "--device", "h100", "--seq", str(2**24 + 1)),
     "--seq", "16777216"),
    (("analyze", "llama-3-8b", "--on", "h100", "--batch", str(2**62)), "--batch", "1048576"),
    (("analyze", "llama-3-8b", "--on", "h100", "--seq", str(2**62)), "--seq", "16777216"),
    (("analyze", "llama-3-8b", "--on", "h100", "--phase", "decode", "--context", str(2**40)),
     "--context", "16777216"),
    (("analyze", "resnet50", "--on", "h100", "--batch", str(2**21)), "--batch", "1048576"),
    (("serve", "llama-3-8b", "--on", "h100", "--batch", str(2**62)), "--batch", "1048576"),
    (("serve", "llama-3-8b", "--on", "h100", "--prompt", str(2**30)), "--prompt", "16777216"),
    (("plot", "batch", "gpt2", "--on", "h100", "--batches", "1,1e12", "-o", "x.png"),
     "--batches", "1048576"),
    (("cost", "llama-3-8b", "--on", "h100", "--batch", str(2**62)), "--batch", "1048576"),
])
def test_sizes_above_their_limit_are_refused_naming_the_flag(cli, args, flag, limit):
    _refused(cli(*args), flag, limit)


def test_a_sweep_at_the_size_limits_agrees_with_analyze():
    # batch 2^20 × seq 2^24: products such as batch·seq² reach 2^68 — beyond int64. The sweep
    # (arrays) and analyze (one point) must still agree; once they differed 615-fold.
    from ironlaw.explore import sweep

    batch, seq = 2**20, 2**24
    ds = sweep(model="llama-3-8b", device="h100", batch=batch, seq=seq)
    device = CATALOG.device("h100")
    a = analyze(build_model("llama-3-8b", batch=batch, seq=seq), device,
                CATALOG.efficiency_of(device))
    assert ds.latency_s.item() == pytest.approx(a.latency_s, rel=1e-9)
    assert ds.memory_bytes.item() == pytest.approx(a.memory_bytes, rel=1e-9)
    # and it does not fit: 2^20 · 2^24 tokens × 4096 hidden × 2 B of activations alone
    assert not ds.feasible.item() and a.memory_bytes > 2**44 * 4096 * 2
    assert math.isfinite(ds.latency_s.item())


@pytest.mark.parametrize("argv", [
    ("--batch", "1..10000", "--seq", "1..10000"),  # 10^8 points: once killed for ~24 GB
    ("--batch", "1..10000", "--seq", "1..10000", "--context", "1..10000"),  # 10^12
])
def test_a_sweep_too_large_for_memory_is_refused_before_it_allocates(cli, argv):
    code, _, err = cli("sweep", "--model", "llama-3-8b", "--device", "h100", "--phase",
                       "decode", *argv)
    assert code == 2
    assert err.count("\n") == 1 and "at most 2e+07" in err and "10000 batch" in err
