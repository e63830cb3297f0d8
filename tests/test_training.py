"""The training layer: bytes per parameter, ZeRO, recomputation, step time, budgets, the CLI."""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ironlaw.errors import UserError
from ironlaw.frameworks import ops
from ironlaw.frameworks.graph import Graph
from ironlaw.models.transformer import build
from ironlaw.models.zoo import config_of, get_model
from ironlaw.training import memory as mem
from ironlaw.training import plan_training
from ironlaw.training.tables import FRAGMENTATION, RUNTIME_CONTEXT

LLAMA2_7B = 6_738_415_616  # parameters of Llama-2-7b-hf (PEFT "all params")
LLAMA2_70B = 68_976_648_192


# --- bytes per parameter ----------------------------------------------------------------------

def test_adam_mixed_precision_is_16_bytes_per_parameter():
    # ZeRO §3.1: fp16 weights 2 + fp16 gradients 2 + fp32 master 4 + momentum 4 + variance 4
    assert mem.bytes_per_parameter("bf16", "adam") == 2 + 2 + 4 + 4 + 4
    assert mem.bytes_per_parameter("fp16", "adamw") == 16
    assert mem.bytes_per_parameter("fp32", "adam") == 4 + 4 + 8  # no master copy in fp32
    assert mem.bytes_per_parameter("bf16", "sgd") == 2 + 2 + 4
    assert mem.bytes_per_parameter("bf16", "momentum") == 2 + 2 + 4 + 4


def test_zero_stages_shard_what_the_paper_says():
    # ZeRO §5 with Ψ parameters, K = 12, N_d = 8: stage 1 4Ψ + 12Ψ/8, stage 2 2Ψ + 14Ψ/8,
    # stage 3 16Ψ/8.
    p, n = 1e9, 8
    adam = 8 * p
    assert mem.model_states(p, "bf16", adam, 0, n).total == 16e9
    assert mem.model_states(p, "bf16", adam, 1, n).total == pytest.approx(4e9 + 12e9 / 8)
    assert mem.model_states(p, "bf16", adam, 2, n).total == pytest.approx(2e9 + 14e9 / 8)
    assert mem.model_states(p, "bf16", adam, 3, n).total == pytest.approx(16e9 / 8)


def test_adafactor_factors_each_weight_matrix():
    # Shazeer & Stern 2018: a 4096×1024 weight keeps a row and a column accumulator,
    # 4·(4096 + 1024) B in fp32, not 4·4096·1024; its bias (1024) stays a full vector.
    fc = ops.linear("fc", 8, 4096, 1024, "bf16")
    graph = Graph("g", (fc,), "bf16")
    assert mem.optimizer_state_bytes(graph, "adafactor") == 4 * (4096 + 1024) + 4 * 1024
    assert mem.optimizer_state_bytes(graph, "adamw") == 8 * (4096 * 1024 + 1024)
    with pytest.raises(ValueError):
        mem.bytes_per_parameter("bf16", "adafactor")


# --- activations and recomputation -----------------------------------------------------------

def _gpt2(batch, seq):
    return build(config_of(get_model("gpt2")), batch=batch, seq=seq, all_logits=True)


def test_full_recomputation_keeps_layer_inputs():
    # Korthikanti et al. 2022: full recomputation keeps 2·s·b·h per layer (16-bit); outside
    # the 12 layers the final norm and the LM head keep their inputs (2·s·b·h each); while a
    # layer is recomputed its 32·s·b·h of saved tensors are live (flash, no dropout).
    s, b, h = 512, 2, 768
    full = mem.activations(_gpt2(b, s), "full")
    assert full.saved == (12 + 2) * 2 * s * b * h
    assert full.working == 32 * s * b * h
    none = mem.activations(_gpt2(b, s), "none")
    assert none.saved == 12 * 32 * s * b * h + 2 * 2 * s * b * h


def test_selective_recomputation_saves_nothing_with_flash_attention():
    none, selective = (mem.activations(_gpt2(1, 256), p) for p in ("none", "selective"))
    assert selective.saved == none.saved and "flash" in selective.note


@pytest.mark.parametrize("model, device", [("llama-3-8b", "h100"), ("gpt2", "a100-80gb"),
                                           ("vit-b-16", "h100")])
def test_recomputation_trades_memory_for_time(model, device):
    plans = {r: plan_training(model, device, micro_batch=4, recompute=r)
             for r in ("none", "selective", "full")}
    memory = [plans[r].memory.total for r in ("full", "selective", "none")]
    time = [plans[r].step_s for r in ("none", "selective", "full")]
    assert memory == sorted(memory) and time == sorted(time)
    assert plans["full"].memory.total < plans["none"].memory.total
    # full recomputation reruns every layer's forward once (Korthikanti et al. 2022): at
    # least its GEMMs' 2 FLOPs per weight per token at the bf16 peak, and no more than the
    # whole forward (which also runs the embeddings and the head); it adds to the step
    stage = plans["full"].step.stage
    assert RECOMPUTE_FLOOR_S[model] <= stage.recompute_s <= stage.forward_s
    assert plans["full"].step_s - plans["none"].step_s == pytest.approx(stage.recompute_s)


# The layers' GEMM weights per token, 2 FLOPs each, for micro-batch 4, over the bf16 peak:
# Llama 3 8B: 32 × (2 × 4,096² + 2 × 4,096 × 1,024 + 3 × 4,096 × 14,336) = 6,979,321,856
#   weights × 4 × 2,048 tokens on an H100 (989.4 TFLOP/s) = 115.6 ms;
# GPT-2: 12 × 12 × 768² = 84,934,656 weights × 4 × 1,024 tokens on an A100 (312 TFLOP/s)
#   = 2.23 ms; ViT-B/16: the same 84,934,656 × 4 × 197 tokens (196 patches + class) on an
#   H100 = 0.135 ms
RECOMPUTE_FLOOR_S = {"llama-3-8b": 2 * 6_979_321_856 * 4 * 2048 / 989.4e12,
                     "gpt2": 2 * 84_934_656 * 4 * 1024 / 312e12,
                     "vit-b-16": 2 * 84_934_656 * 4 * 197 / 989.4e12}


# --- memory verdicts --------------------------------------------------------------------------

def test_zero3_model_states_are_16_p_over_n():
    plan = plan_training("llama-2-7b", "dgx-h100", zero=3)  # 8 × H100, dp 8
    assert plan.dp == 8
    assert plan.memory.states.total == pytest.approx(16 * LLAMA2_7B / 8)
    assert plan.memory.total > plan.memory.states.total + plan.memory.activations


def test_llama2_70b_full_fine_tune_does_not_fit_one_a100():
    # 16 B/param × 68.98 G parameters = 1.10 TB of model states against 85.9 GB (the A100's
    # "80GB" is 80 GiB: nvidia-smi reports 81920 MiB).
    plan = plan_training("llama-2-70b", "a100-80gb", seq=4096)
    assert plan.verdict == "does not fit" and not plan.fits
    assert plan.memory.states.total == pytest.approx(16 * LLAMA2_70B)
    assert "85.9 GB" in plan.reason and "model states" in plan.reason
    assert plan.largest_micro_batch == 0 and plan.largest_micro_batch_pow2 == 0
    assert plan.step_s > 0  # the time is still computed


def test_memory_total_adds_overheads_by_hand():
    plan = plan_training("gpt2", "a100-80gb", micro_batch=8, seq=1024)
    m = plan.memory
    live = m.states.total + m.activations + m.transient + m.zero3_buffer
    assert m.total == pytest.approx(live * (1 + FRAGMENTATION.value) + RUNTIME_CONTEXT.value)
    assert RUNTIME_CONTEXT.value == 400e6 and FRAGMENTATION.source.kind == "estimate"


def test_largest_micro_batch_is_the_exact_memory_bound():
    base = plan_training("gpt2", "t4", precision="fp16", seq=1024)
    bound = base.largest_micro_batch
    assert bound >= 2 and base.largest_micro_batch_pow2 == 2 ** int(math.log2(bound))
    assert plan_training("gpt2", "t4", precision="fp16", seq=1024, micro_batch=bound).fits
    assert not plan_training("gpt2", "t4", precision="fp16", seq=1024,
                             micro_batch=bound + 1).fits


@settings(max_examples=25, deadline=None)
@given(model=st.sampled_from(["gpt2", "llama-2-7b"]), devices=st.integers(1, 7),
       more=st.integers(1, 7), micro=st.sampled_from([1, 2]),
       recompute=st.sampled_from(["none", "full"]))
def test_more_devices_never_raise_memory_under_zero3(model, devices, more, micro, recompute):
    kwargs = dict(zero=3, micro_batch=micro, recompute=recompute, seq=512)
    few = plan_training(model, "dgx-h100", devices, **kwargs)
    many = plan_training(model, "dgx-h100", min(devices + more, 8), **kwargs)
    assert many.memory.total <= few.memory.total


# --- step time --------------------------------------------------------------------------------

def test_gradient_all_reduce_by_hand():
    # 8 × H100 (NVLink 4: 18 links × 20.6 GB/s = 370.8 GB/s per direction in NCCL's topology
    # model), bf16 gradients Ψ = 2 × 6.738 G = 13.48 GB. NCCL's Simple ring (the fastest ring
    # protocol for so large a message: LL128 moves 0.92 of β, LL a quarter):
    # 8.4 µs + 14 steps × 3.4 µs + 2·7/8 · 13.48e9/370.8e9 = 56 µs + 63.60 ms; but the NVSwitch
    # of an HGX H100 reduces (NVLS, NCCL 2.30: 25 µs, 0.85 of β):
    # 25 µs + 13.48e9/(0.85 × 370.8e9) = 25 µs + 42.76 ms, the faster
    plan = plan_training("llama-2-7b", "dgx-h100", seq=2048)
    grad = 2 * LLAMA2_7B
    beta = 18 * 20.6e9
    ring = 8.4e-6 + 14 * 3.4e-6 + 1.75 * grad / beta
    assert plan.step.data_parallel_s == pytest.approx(25e-6 + grad / (0.85 * beta))
    assert plan.step.data_parallel_s < ring
    hidden = min(0.8 * plan.step.data_parallel_s, plan.step.stage.backward_s)
    assert plan.step.data_parallel_exposed_s == pytest.approx(plan.step.data_parallel_s - hidden)


def test_pipeline_bubble_in_the_step():
    # pp 4, dp 2, micro-batch 1, global batch 16 → m = 8 micro-batches: bubble 3/11
    plan = plan_training("llama-2-7b", "dgx-a100", pp=4, global_batch=16, seq=1024)
    t = plan.step
    assert (plan.dp, plan.micro_batches) == (2, 8)
    assert t.bubble_fraction == pytest.approx(3 / 11)
    assert t.pipeline_s == pytest.approx(11 * t.stage.total_s)
    assert t.bubble_s == pytest.approx(3 * t.stage.total_s)
    assert plan.memory.in_flight == 4  # 1F1B: the first stage holds p micro-batches


def test_step_time_adds_up_and_mfu_is_model_flops_over_peak():
    plan = plan_training("llama-2-7b", "dgx-h100", tp=2, zero=1, micro_batch=2, seq=2048)
    t = plan.step
    assert plan.step_s == pytest.approx(t.pipeline_s + t.data_parallel_exposed_s + t.optimizer_s)
    tokens = plan.global_batch * 2048
    assert plan.tokens_per_s == pytest.approx(tokens / plan.step_s)
    # model FLOPs per token ≈ 6·P (Kaplan et al. 2020), plus causal attention
    assert plan.model_flops_per_step / tokens == pytest.approx(6 * LLAMA2_7B, rel=0.1)
    assert plan.mfu == pytest.approx(plan.model_flops_per_step
                                     / (plan.step_s * 8 * 989.4e12))
    assert 0 < plan.mfu <= plan.hfu < 1
    # tensor parallelism over 2 H100s: each all-reduce carries micro-batch 2 × 2,048 tokens ×
    # 4,096 features × 2 B = 33,554,432 B. Megatron (Shoeybi et al. 2019) all-reduces twice
    # forward and twice backward per layer: 32 × 4 = 128, plus the vocabulary-parallel
    # embedding's output (forward) and the LM head's input gradient (backward): 130. Each on
    # NVLink 4 (NCCL's β = 18 × 20.6 GB/s = 370.8 GB/s; tests/nccl_reference.py) takes, with
    # Simple, 8.4 + 2 × 3.4 = 15.2 µs + 33,554,432 B / 370.8 GB/s = 90.49 µs → 105.69 µs
    # (LL128 112.2 µs, LL 366.5 µs); 130 × 105.69 µs = 13.74 ms
    from nccl_reference import nvlink_ring

    one = nvlink_ring(2 * 2048 * 4096 * 2, 2, 370.8e9)["best"]
    assert one == pytest.approx(105.69e-6, rel=1e-4)
    assert (t.stage.tp_allreduces, t.stage.tp_allreduce_bytes) == (130, 33_554_432)
    assert t.stage.tensor_parallel_s == pytest.approx(130 * one, rel=1e-9)


# --- budgets and cost -------------------------------------------------------------------------

def test_time_to_train_from_tokens_and_cost_from_a_price():
    plan = plan_training("llama-2-7b", "dgx-h100", zero=1, seq=2048, tokens=1e9,
                         price="$2.50/h")
    assert plan.steps_total == math.ceil(1e9 / (8 * 2048))  # 61,036 steps of 8 × 2048 tokens
    assert plan.time_to_train_s == pytest.approx(61036 * plan.step_s)
    assert plan.price_usd_per_s == pytest.approx(2.5 / 3600)  # $2.50 per device-hour
    # 8 devices × T hours × $2.50 per device-hour
    assert plan.cost_usd == pytest.approx(8 * plan.time_to_train_s / 3600 * 2.5)
    assert plan.device_time_s == pytest.approx(8 * plan.time_to_train_s)
    # the same price in SI (USD per device-second) costs the same
    si = plan_training("llama-2-7b", "dgx-h100", zero=1, seq=2048, tokens=1e9,
                       price=2.5 / 3600)
    assert si.cost_usd == pytest.approx(plan.cost_usd)
    with pytest.raises(UserError, match="^price: "):
        plan_training("llama-2-7b", "dgx-h100", zero=1, seq=2048, price="$2.50/GB")


def test_epochs_over_a_data_set_and_amortized_node_price():
    # ResNet-50, 90 epochs of ImageNet-1k's 1,281,167 training images, global batch 8 × 64
    from ironlaw.operations.cost import owned_price

    plan = plan_training("resnet50", "dgx-a100", micro_batch=64, epochs=90,
                         dataset_samples=1_281_167, price=owned_price)
    assert plan.steps_total == math.ceil(90 * 1_281_167 / 512)
    assert plan.seq is None and plan.tokens_per_s is None
    # DGX A100 list price $199,000 over 8 GPUs and a 5-year service life of 8766 h (Amazon
    # 10-K FY2024), plus 6.5 kW / 8 for an hour at PUE 1.58 (Uptime 2023) and $0.0806/kWh
    # (EIA 2023, US industrial), per device-hour; the plan holds it per device-second
    assert plan.price_usd_per_s * 3600 == pytest.approx(
        199_000 / (8 * 5 * 8766) + 6.5 / 8 * 1.58 * 0.0806)
    assert plan.price_basis == "owned"
    # the training layer prices nothing by itself: without a price there is no cost
    assert plan_training("resnet50", "dgx-a100", micro_batch=64).cost_usd is None


def test_a_decoder_without_a_budget_trains_compute_optimally():
    plan = plan_training("llama-2-7b", "dgx-h100", zero=3)
    assert plan.tokens_total == pytest.approx(20 * LLAMA2_7B)  # Hoffmann et al. 2022
    assert any("compute-optimal" in a for a in plan.assumptions)


@pytest.mark.parametrize("kwargs, match", [
    (dict(devices=6, tp=4), "does not divide 6"),
    (dict(optimizer="lion"), "^optimizer: expected one of"),
    (dict(zero=4), "^zero"),
    (dict(recompute="some"), "^recompute"),
    (dict(global_batch=10), "^global_batch"),
    (dict(precision="int8"), "^precision: expected one of"),
    (dict(epochs=3), "go together"),
    (dict(devices=9), "^devices"),
    (dict(tp=8), "attention heads"),
])
def test_user_errors_name_the_parameter(kwargs, match):
    with pytest.raises(UserError, match=match):
        plan_training("gpt2", "dgx-h100", **kwargs)


def test_tokens_are_for_language_models():
    with pytest.raises(UserError, match="^tokens"):
        plan_training("resnet50", "h100", tokens=1e9)


# --- the CLI ----------------------------------------------------------------------------------

@pytest.fixture
def train(cli):
    """`ironlaw train ...` through the real entry point."""
    return lambda *args: cli("train", *args)


def test_cli_json_and_table(train):
    code, out, _ = train("llama-2-7b", "--on", "dgx-h100", "--zero", "3", "--recompute",
                         "full", "--tokens", "1e9", "--price-per-hour", "$2.50/h", "--format",
                         "json")
    data = json.loads(out)
    assert code == 0 and data["verdict"] == "fits" and data["devices"] == 8
    assert data["memory"]["model_states_bytes"] == pytest.approx(16 * LLAMA2_7B / 8)
    assert data["links"]["dp"]["kind"] == "nvlink"
    # 1e9 tokens in steps of 8 sequences × 2,048 tokens: ⌈1e9 / 16,384⌉ = 61,036 steps. A
    # step does at least 6·P FLOPs per token (Kaplan et al. 2020): 6 × 6,738,415,616 × 16,384
    # = 662.4 TFLOP over 8 × 989.4 TFLOP/s ≥ 83.7 ms; full recomputation adds a forward, so
    # within 3× of that floor (this test's band: MFU ≥ 1/3 for a 7B model on 8 H100s)
    steps = -(-10**9 // (8 * 2048))
    floor = 6 * LLAMA2_7B * 8 * 2048 / (8 * 989.4e12)
    assert steps == 61_036 and floor == pytest.approx(83.7e-3, rel=1e-3)
    assert floor <= data["step_s"] <= 3 * floor
    assert data["time_to_train_s"] == pytest.approx(steps * data["step_s"])
    # cost = price × devices × hours: $2.50/h × 8 × time / 3,600 s/h
    assert data["cost_usd"] == pytest.approx(2.50 * 8 * data["time_to_train_s"] / 3600)
    code, out, _ = train("gpt2", "--on", "h100", "--micro-batch", "4", "--seq", "1024")
    assert code == 0 and "step time" in out and "MFU" in out


def test_cli_explain_csv_and_markdown(train):
    code, out, _ = train("gpt2", "--on", "h100", "--seq", "512", "--explain")
    assert code == 0 and "2(N−1)" not in out and "(m + p − 1)" in out
    code, out, _ = train("gpt2", "--on", "dgx-h100", "--seq", "512", "--explain", "--format",
                         "json")
    steps = json.loads(out)["explain"]["steps"]
    assert code == 0 and any("2(N−1)/N" in s["formula"] for s in steps)
    code, out, _ = train("gpt2", "--on", "h100", "--seq", "512", "--format", "csv")
    assert code == 0 and out.startswith("model,") and "step_s" in out.splitlines()[0]
    code, out, _ = train("gpt2", "--on", "h100", "--seq", "512", "--format", "markdown")
    assert code == 0 and "| quantity | value |" in out


def test_cli_user_errors_exit_2(train):
    code, _, err = train("gpt2", "--on", "h100", "--zero", "5")
    assert code == 2 and "--zero" in err
    code, _, err = train("gpt2", "--on", "h100", "--tokens", "lots")
    assert code == 2 and "--tokens" in err
    code, _, err = train("gpt2", "--on", "nonexistent-gpu")
    assert code == 2 and "unknown" in err


def test_the_step_time_broadcasts_over_batch_and_sequence():
    """One graph built from arrays of (micro-batch, seq) gives each element's scalar step
    terms: the same functions, no sweep-only copy."""
    import numpy as np

    from ironlaw.frameworks.autodiff import training_step
    from ironlaw.frameworks.cost import analyze
    from ironlaw.frameworks.parallel import tensor_parallel
    from ironlaw.hardware.catalog import builtin
    from ironlaw.hardware.links import link_for
    from ironlaw.models.zoo import build_model
    from ironlaw.training import memory as mem
    from ironlaw.training import step as st

    cat = builtin()
    device = cat.device("h100-sxm")
    eff, link = cat.efficiency_of(device), link_for(device, 2)
    batch, seq = np.array([1, 2, 4]), np.array([256, 512, 512])

    def terms(b, s):
        forward = tensor_parallel(build_model("gpt2", phase="prefill", batch=b, seq=s,
                                              dtype="bf16"), 2, heads=12, kv_heads=12)
        t = st.stage_time(forward, analyze(training_step(forward), device, eff),
                          mem.activations(forward, "selective"), 2, 1, link, None)
        return t.forward_s, t.backward_s, t.recompute_s, t.tensor_parallel_s, t.total_s

    together = terms(batch, seq)
    for k in range(3):
        for array, one in zip(together, terms(int(batch[k]), int(seq[k])), strict=True):
            assert array[k] == pytest.approx(one, rel=1e-12)
    # exposed data-parallel time: 1 s of communication, 80% hideable behind 0.5 s or 2 s
    np.testing.assert_allclose(st.exposed_comm(1.0, 0.8, np.array([0.5, 2.0])), [0.5, 0.2])


def test_interleaved_pipeline_bubble_and_memory_by_hand():
    from ironlaw.frameworks.parallel import pipeline_bubble, pipeline_in_flight

    # Narayanan et al. SC'21 §2.2.2: p = 4 stages, m = 16 micro-batches. 1F1B idles
    # (p−1)/(m+p−1) = 3/19; with v = 2 chunks per device the fill and drain halve: 3/(32+3).
    assert pipeline_bubble(4, 16) == pytest.approx(3 / 19)
    assert pipeline_bubble(4, 16, 2) == pytest.approx(3 / 35)
    # Megatron-LM's interleaved warm-up on stage i: 2(p−i−1) + (v−1)p chunks, +1 running, each
    # 1/v of the stage. Stage 0: (6 + 4 + 1)/2 = 5.5 micro-batches (1F1B: 4); the last: 2.5.
    assert pipeline_in_flight(0, 4, 16) == 4.0
    assert pipeline_in_flight(0, 4, 16, 2) == pytest.approx(5.5)
    assert pipeline_in_flight(3, 4, 16, 2) == pytest.approx(2.5)
    assert pipeline_in_flight(0, 4, 2, 2) == pytest.approx(2.0)  # at most all m·v = 4 chunks


def test_interleaving_shortens_the_step_and_holds_more_activations():
    base = dict(tp=2, pp=4, global_batch=16)
    plain = plan_training("llama-3-8b", "dgx-h100", **base)
    inter = plan_training("llama-3-8b", "dgx-h100", virtual_stages=2, **base)
    t = inter.step
    # pipeline = (m + (p−1)/v) · t_mb, the per-micro-batch stage time
    assert t.pipeline_s == pytest.approx((16 + 3 / 2) * t.stage.total_s)
    assert t.bubble_fraction == pytest.approx(3 / 35)
    # each micro-batch crosses v = 2 chunk boundaries per device each way: twice the sends
    assert t.stage.pipeline_p2p_s == pytest.approx(2 * plain.step.stage.pipeline_p2p_s)
    assert t.pipeline_s < plain.step.pipeline_s
    assert inter.memory.in_flight == pytest.approx(5.5) and plain.memory.in_flight == 4


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"virtual_stages": 2}, "pp ≥ 2"),
    ({"pp": 4, "tp": 2, "global_batch": 6, "virtual_stages": 2}, "multiple of pp"),
    ({"pp": 4, "tp": 2, "global_batch": 16, "virtual_stages": 3}, "equal chunks"),
])
def test_interleaving_refuses_what_megatron_cannot_run(kwargs, says):
    from ironlaw.errors import ParameterError

    with pytest.raises(ParameterError, match=says):
        plan_training("llama-3-8b", "dgx-h100" if "pp" in kwargs else "h100", **kwargs)


def test_the_fp32_loss_is_the_transient_peak_of_a_language_model():
    plan = plan_training("gpt2", "h100", seq=1024)
    # GPT-2's 50,257-token vocabulary over 1,024 tokens: 51.46 M logits. bf16 logits (2 B), an
    # fp32 copy (4 B) and the fp32 log-softmax (4 B) are alive together: 10 B each, 514.6 MB,
    # far above the LM head's own working set (1,024 × 768 × 2 B in + 102.9 MB out).
    assert plan.memory.transient == pytest.approx(1024 * 50257 * 10)


def test_a_fused_cross_entropy_keeps_the_logits_their_gradient_and_12_bytes_a_token():
    # flash-attention's fused kernel: bf16 logits (2 B) and their bf16 gradient (2 B) per
    # logit, and loss, log-sum-exp and z-loss in fp32 per token (12 B):
    # 1,024 × 50,257 × 4 + 1,024 × 12 = 205,865,984 B, against 514,631,680 B upcast to fp32
    plan = plan_training("gpt2", "h100", seq=1024, loss="fused")
    assert plan.memory.transient == pytest.approx(1024 * 50257 * 4 + 1024 * 12)
    assert plan.to_dict()["loss"] == "fused"


def test_llm_foundrys_micro_batch_fits_with_its_fused_loss():
    # MPT-760M (24 layers, hidden 1536, vocab 50368) at 512 tokens, micro-batch 96, ZeRO-3 on
    # 8 A100 80GB, no recomputation: llm-foundry ran it (29,446 tokens/s per GPU). Its
    # 96 × 512 = 49,152 tokens make 2,475,687,936 logits: 24.76 GB upcast to fp32 (10 B each)
    # tipped the plan over the 80 GiB, 9.90 GB with the fused kernel (4 B each + 12 B a token)
    from ironlaw.models.zoo import shape_model

    model = shape_model(24, 1536, 12, 50368, 512).id
    plans = {loss: plan_training(model, "a100-80gb", 8, micro_batch=96, global_batch=1536,
                                 seq=512, zero=3, recompute="none", loss=loss)
             for loss in ("fp32", "fused")}
    logits = 96 * 512 * 50368
    assert plans["fp32"].memory.transient == pytest.approx(logits * 10)
    assert plans["fused"].memory.transient == pytest.approx(logits * 4 + 96 * 512 * 12)
    assert not plans["fp32"].fits and plans["fused"].fits


def test_an_unknown_loss_is_refused_naming_the_flag(cli):
    code, out, err = cli("train", "gpt2", "--on", "h100", "--loss", "fp16")
    assert code == 2 and "--loss" in err and "fused" in err and "Traceback" not in out + err


def test_a_plan_is_costed_once_with_a_user_catalog_or_host_profile_too(tmp_path):
    # the costed step graphs are cached by the files the catalog was opened from, so a
    # catalog merged with a user's file (or a measured host profile) answers a new token
    # budget from the cache, as the built-in one does (it recosted every call: 4x the time)
    from ironlaw.training.plan import _costed_cached

    mine = tmp_path / "mine.yaml"
    mine.write_text("sources:\n  s: {kind: estimate, title: my guess, checked: 2026-12-06}\n"
                    "devices:\n- id: my-gpu\n  name: G\n  vendor: V\n  kind: gpu\n"
                    "  release_year: {value: 2024, source: s}\n"
                    "  peak: {bf16: {dense: {value: 100 TFLOP/s, source: s}}}\n"
                    "  memory: [{level: hbm, capacity: {value: 80 GB, source: s}, "
                    "bandwidth: {value: 2 TB/s, source: s}}]\n"
                    "  power: {tdp: {value: 400 W, source: s}}\n")
    first = plan_training("llama-2-7b", "h100", catalog=str(mine), tokens=1e12)
    hits = _costed_cached.cache_info().hits
    second = plan_training("llama-2-7b", "h100", catalog=str(mine), tokens=2e12)
    assert _costed_cached.cache_info().hits == hits + 1
    assert second.step_s == first.step_s  # the same step; twice the tokens, twice the time
    assert second.time_to_train_s == pytest.approx(2 * first.time_to_train_s, rel=1e-9)
    # and the built-in catalog's plan of the same built-in device is the same
    assert plan_training("llama-2-7b", "h100", tokens=1e12).step_s == first.step_s
