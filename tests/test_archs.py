"""Qwen1.5-MoE-A2.7B, DeepSeek-V3, Mixtral-8x7B and Mamba: parameter counts by hand from each
config.json and against the published totals; MLA's latent KV cache and absorbed decode;
Mamba's fixed state.

Every expected number is written out below from the config values (quoted with their source)
or the published figure; none is read from the code under test.
"""

import json
import subprocess
import sys

import pytest

from ironlaw.models.transformer import parse_config
from ironlaw.models.zoo import build_model, config_of, get_model

# --- Qwen1.5-MoE-A2.7B ------------------------------------------------------------------------
# config.json (https://huggingface.co/Qwen/Qwen1.5-MoE-A2.7B): hidden 2048, 24 layers, 16 heads
# (MHA) of 128 with q/k/v biases, 60 experts of 1408 (top-4), a shared expert of 5632 with a
# sigmoid gate (Linear(2048, 1)), vocab 151936, untied head.
QD, QV, QL, QE, QK, QF, QS = 2048, 151936, 24, 60, 4, 1408, 5632
Q_ATTN = 3 * (QD * QD + QD) + QD * QD  # q, k, v with bias; o without
Q_SHARED = 3 * QD * QS + QD  # gate, up, down + the sigmoid gate's 2048 weights
Q_LAYER = Q_ATTN + 2 * QD + QD * QE + QE * 3 * QD * QF + Q_SHARED  # + 2 RMSNorms, router
Q_TOTAL = QL * Q_LAYER + 2 * QV * QD + QD  # embedding, LM head, final norm
Q_ACTIVE = QL * (Q_ATTN + 2 * QD + QD * QE + QK * 3 * QD * QF + Q_SHARED) + 2 * QV * QD + QD

# --- DeepSeek-V3 ------------------------------------------------------------------------------
# config.json (https://huggingface.co/deepseek-ai/DeepSeek-V3) and arXiv:2412.19437 §4.2: hidden
# 7168, 61 layers (the first 3 dense, MLP 18432), 128 heads, q_lora_rank 1536, kv_lora_rank 512,
# qk_nope 128, qk_rope 64, v 128; 256 routed experts of 2048 (top-8) + 1 shared, a 256-entry
# routing bias (e_score_correction_bias) per MoE layer; vocab 129280, untied head. The
# multi-token-prediction module (num_nextn_predict_layers 1) is not counted: the README's
# "671B main model weights + 14B MTP module weights" (685B on Hugging Face).
DD, DV, DL, DDENSE, DH = 7168, 129280, 61, 3, 128
DQ, DC, DN, DR, DVH, DF, DE, DK, DFE = 1536, 512, 128, 64, 128, 18432, 256, 8, 2048
D_ATTN = (DD * DQ + DQ  # W_DQ and its RMSNorm
          + DQ * DH * (DN + DR)  # W_UQ (q_C and q_R of every head)
          + DD * (DC + DR) + DC  # W_DKV (c_KV and the shared k_R) and its RMSNorm
          + DC * DH * (DN + DVH)  # W_UK and W_UV
          + DH * DVH * DD)  # W_O
D_DENSE = D_ATTN + 2 * DD + 3 * DD * DF
D_MOE = D_ATTN + 2 * DD + DD * DE + DE + (DE + 1) * 3 * DD * DFE  # router, bias, experts, shared
D_TOTAL = DDENSE * D_DENSE + (DL - DDENSE) * D_MOE + 2 * DV * DD + DD
D_MOE_ACTIVE = D_ATTN + 2 * DD + DD * DE + DE + (DK + 1) * 3 * DD * DFE
D_ACTIVE = DDENSE * D_DENSE + (DL - DDENSE) * D_MOE_ACTIVE + 2 * DV * DD + DD

# --- Mixtral-8x7B -----------------------------------------------------------------------------
# config.json (https://huggingface.co/mistralai/Mixtral-8x7B-v0.1): hidden 4096, 32 layers, 32
# query heads and 8 KV heads of 128 (no biases), 8 experts of 14336 (SwiGLU: w1, w3, w2), top-2,
# router Linear(4096, 8) without bias, 2 RMSNorms per layer, vocab 32000, untied head.
# Published: 46,702,792,704 parameters (the Hugging Face safetensors total, "46.7B"); Mistral AI
# ("Mixtral of experts" announcement, Dec 2023): "46.7B total parameters but only uses 12.9B
# parameters per token".
MD, MV, ML, MH, MKV, MHD, MF, ME, MK = 4096, 32000, 32, 32, 8, 128, 14336, 8, 2
M_ATTN = MD * MH * MHD + 2 * MD * MKV * MHD + MH * MHD * MD  # q; k and v; o
M_EXPERT = 3 * MD * MF  # w1 (gate), w3 (up), w2 (down)
M_LAYER = M_ATTN + 2 * MD + MD * ME + ME * M_EXPERT  # + 2 RMSNorms, router, experts
M_TOTAL = ML * M_LAYER + 2 * MV * MD + MD  # embedding, LM head, final norm
M_ACTIVE = ML * (M_ATTN + 2 * MD + MD * ME + MK * M_EXPERT) + 2 * MV * MD + MD

# --- Mamba ------------------------------------------------------------------------------------
# config.json of state-spaces/mamba-2.8b(-hf): d_model 2560, 64 layers, d_inner 5120 (expand 2),
# d_state 16, d_conv 4, dt_rank ceil(2560/16) = 160, conv bias, no projection biases, vocab 50277
# padded to 50280, tied embedding. mamba-130m: d_model 768, 24 layers, dt_rank 48.


def mamba_params(d, layers, vocab=50280, n=16, k=4):
    """Per layer: in_proj d·2d_i, conv1d d_i·K + d_i, x_proj d_i·(R + 2N), dt_proj R·d_i + d_i,
    A_log d_i·N, D d_i, out_proj d_i·d, RMSNorm d; plus the tied embedding V·d and the final
    norm d (mamba_ssm.modules.mamba_simple.Mamba, MixerModel)."""
    di, r = 2 * d, -(-d // 16)
    layer = (d * 2 * di + di * k + di + di * (r + 2 * n) + r * di + di + di * n + di + di * d
             + d)
    return layers * layer + vocab * d + d


def test_hand_counts_equal_the_published_totals():
    assert Q_TOTAL == 14_315_784_192  # model card: "14.3B in total"
    assert round(Q_TOTAL / 1e9, 1) == 14.3
    assert Q_ACTIVE == 2_689_173_504  # model card: "2.7B activated"
    assert round(Q_ACTIVE / 1e9, 1) == 2.7
    assert D_ATTN == 187_107_328
    assert D_TOTAL == 671_026_419_200  # README: 671B main model weights
    assert round(D_TOTAL / 1e9) == 671
    # README: "37B activated for each token"; 37.55B with both vocabulary tables, 36.6B
    # with the input embedding's one looked-up row instead of its table
    assert D_ACTIVE == 37_552_297_472
    assert round((D_ACTIVE - DV * DD) / 1e9) == 37
    # Mixtral: 32 × (41,943,040 + 8,192 + 32,768 + 8 × 176,160,768) + 262,144,000 + 4,096
    assert M_TOTAL == 46_702_792_704  # the published total (HF), "46.7B"
    # 32 × (41,943,040 + 8,192 + 32,768 + 2 × 176,160,768) + 262,144,000 + 4,096, with both
    # vocabulary tables whole; Mistral's "12.9B"
    assert M_ACTIVE == 12_879_925_248
    assert round(M_ACTIVE / 1e9, 1) == 12.9
    assert mamba_params(2560, 64) == 2_768_345_600  # "2.8B"
    assert mamba_params(768, 24) == 129_135_360  # "130M"


@pytest.mark.parametrize(("name", "total", "active"), [
    ("qwen1.5-moe-a2.7b", Q_TOTAL, Q_ACTIVE),
    ("deepseek-v3", D_TOTAL, D_ACTIVE),
    ("mamba-2.8b", mamba_params(2560, 64), None),
    ("mamba-130m", mamba_params(768, 24), None),
    ("mixtral-8x7b", M_TOTAL, M_ACTIVE),
])
def test_graph_parameters_equal_the_hand_counts(name, total, active):
    for phase in ("prefill", "decode"):
        graph = build_model(name, phase=phase, seq=16, context=64)
        assert graph.params == total
        assert graph.meta.get("active_params") == active


@pytest.mark.parametrize(("name", "embedding", "active"), [
    ("qwen1.5-moe-a2.7b", QV * QD, Q_ACTIVE),
    ("deepseek-v3", DV * DD, D_ACTIVE),
])
def test_one_token_reads_exactly_its_active_weights(name, embedding, active):
    """A decode step of one sequence touches k experts (E·(1 − (1 − k/E)¹) = k) and one row of
    the embedding table: the active parameters less the table plus the row, 2 B each (bf16)."""
    d = {"qwen1.5-moe-a2.7b": QD, "deepseek-v3": DD}[name]
    graph = build_model(name, phase="decode", batch=1, context=100, dtype="bf16")
    assert graph.weight_bytes == 2 * (active - embedding + d)


@pytest.mark.parametrize("alias", ["Qwen/Qwen1.5-MoE-A2.7B", "deepseek-ai/DeepSeek-V3",
                                   "state-spaces/mamba-2.8b", "state-spaces/mamba-2.8b-hf",
                                   "state-spaces/mamba-130m"])
def test_resolvable_by_hugging_face_id_offline(alias):
    spec = get_model(alias)
    source = config_of(spec)["_source"]["repo_id"].lower()
    assert source.startswith(alias.lower())


def test_mla_caches_one_latent_per_token_and_layer():
    # DeepSeek-V2 §2.1.2 / Table 1: (d_c + d_R)·l elements per token = (512 + 64) × 61
    arch = parse_config(config_of(get_model("deepseek-v3")))
    from ironlaw.models.transformer import kv_cache_bytes

    assert kv_cache_bytes(arch, 1, 1, "bf16") == (512 + 64) * 61 * 2
    assert kv_cache_bytes(arch, 4, 1000, "fp8") == 576 * 61 * 4 * 1000 * 1
    # K and V of 128 heads (192 and 128 wide) would be 128 × (192 + 128) = 40960 per layer:
    # the same layers without the latent cache 40960/576 = 71.1× more
    from ironlaw.laws.memory import kv_cache_bytes as law

    mha = law(61, DH, DN + DR, 1, 1, 2, v_head_dim=DVH)  # keys 192 wide, values 128
    assert mha == 40960 * 61 * 2
    assert mha / kv_cache_bytes(arch, 1, 1, "bf16") == pytest.approx(40960 / 576)


def test_mla_decode_absorbs_the_up_projections():
    """A decode step at batch B, context C, per layer: queries into the latent space
    2·B·h·d_n·d_c, attention over the latent 2·B·h·C·((d_c + d_R) + d_c) + 5·B·h·C (softmax),
    outputs back 2·B·h·d_c·d_v; the cache read once: C·(d_c + d_R)·b per sequence."""
    b, c = 2, 1000
    graph = build_model("deepseek-v3", phase="decode", batch=b, context=c, dtype="bf16")
    layer = next(i for i in graph.items if getattr(i, "name", "") == "layers")
    by_name = {op.name: op for op in layer.ops}
    assert by_name["attn.k_b"].flops == 2 * b * DH * DN * DC
    assert by_name["attn.v_b"].flops == 2 * b * DH * DC * DVH
    sdpa = by_name["attn.sdpa"]
    assert sdpa.flops == 2 * b * DH * c * (DC + DR + DC) + 5 * b * DH * c
    q_bytes = b * DH * (DC + DR) * 2
    assert sdpa.input_bytes == q_bytes + b * c * (DC + DR) * 2
    # the absorbed weights are the same W_UK, W_UV parameters as the prefill's
    assert by_name["attn.k_b"].params + by_name["attn.v_b"].params == DC * DH * (DN + DVH)
    assert graph.workload.kv_cache_bytes == DL * (DC + DR) * c * b * 2


def test_tensor_parallel_devices_each_read_the_whole_latent():
    """Split 8 ways, each device computes 128/8 = 16 heads and reads their queries
    (B·16·(d_c + d_R)·2 B), but every head reads the one latent, so each device reads all of
    it, B·C·(d_c + d_R)·2 B — not an eighth (which is why DeepSeek-V3 serves its attention with
    only 4-way tensor parallelism and data parallelism beyond it: arXiv:2412.19437 §3.4)."""
    from ironlaw.frameworks.parallel import tensor_parallel

    b, c = 2, 1000
    graph = build_model("deepseek-v3", phase="decode", batch=b, context=c, dtype="bf16")
    split = tensor_parallel(graph, 8)
    layer = next(i for i in split.items if getattr(i, "name", "") == "layers")
    sdpa = next(op for op in layer.ops if op.name == "attn.sdpa")
    assert sdpa.input_bytes == b * (DH // 8) * (DC + DR) * 2 + b * c * (DC + DR) * 2
    assert sdpa.flops == (2 * b * DH * c * (DC + DR + DC) + 5 * b * DH * c) / 8
    # all of a device's 16 heads read the one latent: they are 16 rows of one GEMM per sequence
    whole = next(op for op in next(i for i in graph.items if getattr(i, "name", "") == "layers")
                 .ops if op.name == "attn.sdpa")
    assert (whole.kv_group, sdpa.kv_group) == (DH, DH // 8)


def test_deepseek_keeps_its_first_three_layers_dense():
    graph = build_model("deepseek-v3", phase="prefill", seq=8)
    blocks = {i.name: i.count for i in graph.items if hasattr(i, "ops")}
    assert blocks == {"layers.dense": 3, "layers": 58}


def test_mamba_state_does_not_grow_with_context():
    # 64 layers × d_inner 5120 × (d_state 16 + d_conv 4) × 2 B (bf16) per sequence
    state = 64 * 5120 * (16 + 4) * 2
    assert state == 13_107_200
    short = build_model("mamba-2.8b", phase="decode", batch=3, context=10)
    long = build_model("mamba-2.8b", phase="decode", batch=3, context=100_000)
    assert short.workload.kv_cache_bytes == long.workload.kv_cache_bytes == 3 * state
    assert short.flops == long.flops and short.bytes == long.bytes
    assert not any(op.kind == "attention" for op in short.ops)
    # a decode step reads every weight (the LM head reads the tied embedding) + 1 row, and the
    # state; it writes the state back
    assert short.weight_bytes == 2 * (mamba_params(2560, 64) + 3 * 2560)


def test_serve_reports_the_state_not_a_kv_cache():
    from ironlaw.serving import serve_llm

    r = serve_llm("mamba-2.8b", "h100-sxm", batch=8, prompt=512, output=128)
    assert r.memory["ssm_state_per_sequence_bytes"] == 13_107_200
    assert r.memory["kv_per_token_bytes"] == 0
    longer = serve_llm("mamba-2.8b", "h100-sxm", batch=8, prompt=8192, output=128)
    assert longer.memory["kv_per_sequence_bytes"] == 13_107_200
    titles = [row["quantity"] for row in r.rows()[0].records]
    assert "SSM state per sequence (no KV cache)" in titles
    assert "KV cache per sequence" not in titles


# state-spaces/mamba-2.8b(-hf) config.json: 64 layers, intermediate_size (d_inner) 5120,
# state_size (N) 16, conv_kernel (K) 4. A sequence's state is the recurrence d_inner × N and
# the convolution's last K inputs d_inner × K in every layer, in the precision the model
# computes in (vLLM's mamba_ssm_cache_dtype defaults to the model's dtype):
STATE_BF16 = 64 * 5120 * (16 + 4) * 2  # 2 B per element: 13,107,200 B
STATE_FP8 = 64 * 5120 * (16 + 4) * 1  # 1 B per element: 6,553,600 B


def _state_written(graph, batch, b, tokens=1):
    """The state a Mamba pass leaves, per sequence, from its ops: the scan writes y
    (B·T × d_inner elements of b bytes) and the recurrence, the convolution its output
    (B·T × d_inner) and the window; T new tokens a sequence (1 in a decode step)."""
    layers = next(i for i in graph.items if getattr(i, "name", "") == "layers")
    by_name = {op.name: op for op in layers.ops}
    written = sum(by_name[name].output_bytes - batch * tokens * 5120 * b
                  for name in ("ssm.scan", "ssm.conv1d"))
    return layers.count * written / batch


@pytest.mark.parametrize(("precision", "b", "state"), [
    ("bf16", 2, STATE_BF16), ("fp8", 2, STATE_BF16),
    ("int4", 2, STATE_BF16)])  # int4 weights are served W4A16: fp16 activations and state;
#                              fp8 W8A8 in the linear layers only: the scan and state 16-bit
def test_the_memory_plan_and_the_decode_step_size_one_state(precision, b, state):
    from ironlaw.serving import serve_llm

    assert STATE_BF16 == 13_107_200
    r = serve_llm("mamba-2.8b", "h100-sxm", precision=precision, batch=8, prompt=512,
                  output=128)
    assert r.memory["kv_per_sequence_bytes"] == state
    compute = "fp16" if precision in ("int4", "fp8") else precision
    step = build_model("mamba-2.8b", phase="decode", batch=8, context=576, dtype=compute)
    assert _state_written(step, 8, b) == state
    # a prefill leaves the same state for the first decode step: the recurrence and the window
    prefill = build_model("mamba-2.8b", phase="prefill", batch=8, seq=512, dtype=compute)
    assert _state_written(prefill, 8, b, tokens=512) == state
    assert step.workload.kv_cache_bytes == 8 * state


def test_a_mamba_graph_built_in_fp8_is_the_served_one_and_whole_fp8_is_a_what_if():
    """Built at fp8 is served at fp8 (one rule, models.compress.run_at): W8A8 in the linear
    layers, the scan and its state 16-bit, 2 B an element. Every tensor in fp8 is the
    whole-network what-if (compress.quantize): the state at 1 B an element."""
    from ironlaw.models.compress import quantize

    step = build_model("mamba-2.8b", phase="decode", batch=8, context=576, dtype="fp8")
    assert _state_written(step, 8, 2) == STATE_BF16
    wide = build_model("mamba-2.8b", phase="decode", batch=8, context=576, dtype="fp16")
    assert _state_written(quantize(wide, "fp8"), 8, 1) == STATE_FP8 == 6_553_600


def test_a_kv_precision_for_mamba_is_refused(cli):
    from ironlaw.errors import ParameterError
    from ironlaw.serving import serve_llm

    with pytest.raises(ParameterError) as err:
        serve_llm("mamba-2.8b", "h100-sxm", kv_precision="fp8")
    assert err.value.parameter == "kv_precision" and "state-space" in err.value.message
    with pytest.raises(ParameterError) as err:
        build_model("mamba-2.8b", phase="decode", kv_precision="fp8")
    assert err.value.parameter == "kv_precision"
    for args in (("serve", "mamba-2.8b", "--on", "h100", "--kv-precision", "fp8"),
                 ("sweep", "--model", "llama-3-8b,mamba-2.8b", "--device", "h100",
                  "--method", "serving", "--kv-precision", "bf16,fp8")):
        code, out, err = cli(*args)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1
        assert "--kv-precision" in err and "state-space" in err


def test_serve_deepseek_plans_the_latent_cache():
    from ironlaw.serving import serve_llm

    r = serve_llm("deepseek-v3", "dgx-b200", devices=8, precision="fp8", batch=16,
                  prompt=512, output=128)
    # fp8: 1 B per element; 640 tokens = 40 blocks of 16
    assert r.memory["kv_per_token_bytes"] == 61 * 576
    assert r.memory["kv_per_sequence_bytes"] == 61 * 576 * 640
    # every tensor-parallel device holds the whole latent (all heads read it)
    assert r.memory["kv_per_sequence_per_device_bytes"] == 61 * 576 * 640


def _run(*args):
    return subprocess.run([sys.executable, "-m", "ironlaw", *args], capture_output=True,
                          text=True, timeout=600)


@pytest.mark.parametrize(("args", "word"), [
    (("serve", "mamba-2.8b", "--on", "dgx-h100", "-n", "2"), "state-space"),
    (("serve", "deepseek-v3", "--on", "dgx-b200", "-n", "8", "--kv-heads", "8"), "latent"),
])
def test_refusals_exit_2_with_one_line(args, word):
    done = _run(*args)
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert word in done.stderr


def test_analyze_and_train_take_the_new_models_by_hf_id():
    done = _run("analyze", "state-spaces/mamba-130m", "--on", "h100", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["model"] == "mamba-130m"
    done = _run("train", "Qwen/Qwen1.5-MoE-A2.7B", "--on", "dgx-h100", "--zero", "3",
                "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["params"] == Q_TOTAL


def test_the_kv_law_takes_mla_latent():
    from ironlaw.laws.memory import latent_cache_bytes, ssm_state_bytes

    # L·(d_c + d_R)·T·B·b: DeepSeek-V3's 61 layers of 512 + 64, 1000 tokens, 2 sequences, 1 B
    assert latent_cache_bytes(61, 576, 1000, 2, 1.0) == 61 * 576 * 1000 * 2
    assert ssm_state_bytes(64, 5120, 16, 4, 3, 2.0) == 64 * 5120 * 20 * 3 * 2


def test_mamba_decode_flops_by_hand():
    """Per layer at batch B: the four projections 2·B·(d·2d_i + d_i·(R + 2N) + R·d_i + d_i·d);
    the scan 9·N + 2 FLOPs per channel (module docstring of models.mamba)."""
    b, d, di, n, r = 4, 768, 1536, 16, 48
    graph = build_model("mamba-130m", phase="decode", batch=b, context=50)
    layer = next(i for i in graph.items if getattr(i, "name", "") == "layers")
    matmuls = sum(op.flops for op in layer.ops if op.kind == "matmul")
    assert matmuls == 2 * b * (d * 2 * di + di * (r + 2 * n) + r * di + di * d)
    scan = next(op for op in layer.ops if op.name == "ssm.scan")
    assert scan.flops == b * di * (9 * n + 2)
    # it reads x and Δ, B and C, and the state; writes y and the state (bf16)
    state = b * di * n * 2
    assert scan.input_bytes == 2 * b * di * 2 + 2 * b * n * 2 + state
    assert scan.output_bytes == b * di * 2 + state
