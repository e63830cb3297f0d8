"""Activation memory of a transformer layer: Korthikanti et al. 2022, "Reducing Activation
Recomputation in Large Transformer Models" (arXiv:2205.05198), §4, reproduced by hand.

Configuration: the paper's GPT-3 175B row (Table 3): a = 96 heads, h = 12288, s = 2048,
micro-batch b = 1, tensor parallel t = 8; 16-bit activations, 1-byte dropout masks, a GeLU
MLP of width 4h. Then s·b·h = 2048 · 1 · 12288 = 25,165,824 and 5·a·s/h = 5·96·2048/12288 = 80.
"""

import pytest

from ironlaw.errors import ParameterError
from ironlaw.training import memory as mem
from ironlaw.training import plan_training

GPT3 = mem.LayerShape(seq=2048, hidden=12288, heads=96, kv_heads=96, ffn=4 * 12288,
                      dropout=True, bytes=2.0)
SBH = 2048 * 1 * 12288  # 25,165,824


def bytes_(**kw):
    return mem.layer_activation_bytes(GPT3, 1, **kw)


def test_no_parallelism_is_sbh_times_34_plus_5as_over_h():
    # eq. (1): s·b·h·(34 + 5·a·s/h) = 25,165,824 · (34 + 80) = 2,868,903,936 B
    assert bytes_(attention="materialized") == 2_868_903_936


def test_tensor_parallel_splits_all_but_ten_sbh():
    # eq. (2): s·b·h·(10 + 24/t + 5·a·s/(h·t)) = 25,165,824 · (10 + 3 + 10) = 578,813,952 B
    assert bytes_(attention="materialized", tp=8) == 578_813_952


def test_sequence_parallel_splits_everything():
    # eq. (4): s·b·h/t·(34 + 5·a·s/h) = 25,165,824 · 114 / 8 = 358,612,992 B
    assert bytes_(attention="materialized", tp=8, sequence_parallel=True) == 358_612_992


def test_selective_recomputation_keeps_34_sbh_over_t():
    # eq. (6): 34·s·b·h/t = 34 · 25,165,824 / 8 = 106,954,752 B
    assert bytes_(attention="materialized", tp=8, sequence_parallel=True,
                  recompute="selective") == 106_954_752


def test_full_recomputation_keeps_the_layer_input():
    # §4.3: 2·s·b·h per layer = 50,331,648 B; split over t = 8 with sequence parallelism
    assert bytes_(tp=8, recompute="full") == 2 * SBH
    assert bytes_(tp=8, sequence_parallel=True, recompute="full") == 2 * SBH / 8


def test_flash_attention_removes_the_score_term_keeping_its_statistics():
    # no 5·a·s/h term: 34·s·b·h = 855,638,016 B, plus the fp32 log-sum-exp per head and token
    # FlashAttention keeps for backward: 4 · a·s·b = 4 · 96 · 2048 = 786,432 B
    assert bytes_(attention="flash") == 34 * SBH + 786_432


def test_without_dropout_the_masks_and_the_dropout_output_go():
    # masks after attention and MLP (2·s·b·h at 1 B), the score mask (a·s²·b at 1 B) and the
    # dropout output (2·a·s²·b) are not stored: 32·s·b·h + 2·a·s²·b
    # = 805,306,368 + 2 · 96 · 2048² = 805,306,368 + 805,306,368 = 1,610,612,736 B
    no_dropout = mem.LayerShape(2048, 12288, 96, 96, 4 * 12288, dropout=False)
    assert mem.layer_activation_bytes(no_dropout, 1, attention="materialized") == 1_610_612_736


def test_it_broadcasts_over_micro_batch():
    import numpy as np

    got = mem.layer_activation_bytes(GPT3, np.array([1, 2, 4]), attention="materialized")
    assert got.tolist() == [2_868_903_936 * b for b in (1, 2, 4)]


def test_train_counts_layers_by_the_formula():
    # gpt2 (12 layers, h = 768, a = 12), s = 1024, b = 1, bf16, flash, no dropout, one device:
    # per layer 34·s·b·h − 2·s·b·h (no masks) + 4·a·s·b = 32 · 786,432 + 49,152 = 25,214,976 B
    plan = plan_training("gpt2", "h100-sxm", micro_batch=1, seq=1024)
    flash = plan.memory.activations
    plan_m = plan_training("gpt2", "h100-sxm", micro_batch=1, seq=1024,
                           attention="materialized", dropout=True)
    # materialized with dropout adds per layer: 2·s·b·h of masks (1,572,864 B)
    # + 5·a·s²·b (62,914,560 B) − the flash statistics (49,152 B), times 12 layers
    assert plan_m.memory.activations - flash == pytest.approx(
        12 * (1_572_864 + 62_914_560 - 49_152))
    plan_sp = plan_training("gpt2", "h100-sxm", 2, tp=2, micro_batch=1, seq=1024,
                            sequence_parallel=True)
    plan_tp = plan_training("gpt2", "h100-sxm", 2, tp=2, micro_batch=1, seq=1024)
    # without masks 8·s·b·h bytes per layer are replicated under tensor parallelism (the two
    # norms' inputs and the QKV and first-MLP inputs, 2 B each); sequence parallelism halves
    # them over t = 2: 12 layers · 4·s·b·h = 12 · 4 · 786,432 = 37,748,736 B
    assert plan_tp.memory.activations - plan_sp.memory.activations == pytest.approx(
        37_748_736)
    assert plan_sp.to_dict()["sequence_parallel"] is True
    assert any("Korthikanti" in a for a in plan.assumptions)


def test_unknown_attention_names_the_parameter():
    with pytest.raises(ParameterError, match="attention"):
        plan_training("gpt2", "h100-sxm", attention="sparse")
