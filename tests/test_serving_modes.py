"""Serving modes beyond plain continuous batching: speculative decoding (the law of Leviathan et
al., ICML 2023, by hand, and `serve --draft`) and disaggregated prefill/decode on a node."""

import numpy as np
import pytest

from ironlaw.errors import ParameterError
from ironlaw.laws.speedup import speculative_speedup, speculative_tokens
from ironlaw.serving import serve_llm


def test_tokens_per_iteration_by_hand():
    # α = 0.8, γ = 4: (1 − 0.8⁵)/(1 − 0.8) = (1 − 0.32768)/0.2 = 3.3616
    assert speculative_tokens(0.8, 4) == pytest.approx(3.3616)
    assert speculative_tokens(1.0, 4) == 5.0  # every draft accepted, plus the target's own
    assert speculative_tokens(0.0, 4) == 1.0  # none: the target's token alone
    # c = 0.05: S = 3.3616/(4 × 0.05 + 1) = 2.8013
    assert speculative_speedup(0.8, 4, 0.05) == pytest.approx(2.80133, rel=1e-5)
    assert speculative_tokens(np.array([0.5, 0.9]), 2) == pytest.approx([1.75, 2.71])


def test_serve_with_a_draft_composes_the_pass_times():
    plain = serve_llm("llama-3-70b", "dgx-h100", devices=4, batch=8)
    fast = serve_llm("llama-3-70b", "dgx-h100", devices=4, batch=8, draft="llama-3-8b",
                     acceptance=0.8, draft_tokens=4)
    s = fast.speculative
    assert s.tokens == pytest.approx(3.3616)
    assert s.tpot_s == pytest.approx((4 * s.draft_step_s + s.verify_s) / 3.3616)
    assert s.plain_tpot_s == pytest.approx(plain.tpot_s)
    # verifying 5 tokens per sequence reads the weights once, like one step, and costs a little
    # more; an 8B draft step is much cheaper than a 70B step
    assert s.plain_tpot_s <= s.verify_s < 2 * s.plain_tpot_s
    assert s.draft_step_s < 0.5 * s.plain_tpot_s
    assert 1.0 < s.speedup < 3.3616
    # the draft's weights (8.03e9 × 2 B over 4 devices ≈ 4.0 GB each) leave less for the KV cache
    lost = plain.memory["kv_budget_bytes"] - fast.memory["kv_budget_bytes"]
    assert lost == pytest.approx(8.03e9 * 2 / 4, rel=0.01)
    assert "speculative" in fast.to_dict()


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"draft": "llama-3-8b"}, "acceptance"),
    ({"draft": "gpt2", "acceptance": 0.7}, "draft"),
    ({"draft": "llama-3-70b", "acceptance": 0.7}, "draft"),
    ({"draft": "llama-3-8b", "acceptance": 0.7, "draft_tokens": 0}, "draft_tokens"),
])
def test_a_draft_that_cannot_work_is_refused(kwargs, field):
    with pytest.raises(ParameterError) as err:
        serve_llm("llama-3-70b", "dgx-h100", devices=4, **kwargs)
    assert err.value.parameter == field


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"acceptance": 0.5}, "acceptance"),
    ({"draft_tokens": 0}, "draft_tokens"),
    ({"draft_tokens": 4}, "draft_tokens"),  # even the default count, given, applies to nothing
])
def test_draft_settings_without_a_draft_are_refused(kwargs, field):
    with pytest.raises(ParameterError) as err:
        serve_llm("llama-3-8b", "h100", **kwargs)
    assert err.value.parameter == field


@pytest.mark.parametrize(("args", "flag"), [
    (("llama-3-8b", "--acceptance", "0.5"), "--acceptance"),
    (("llama-3-8b", "--draft-tokens", "0"), "--draft-tokens"),
    (("resnet50", "--draft-tokens", "8"), "--draft-tokens"),  # an LLM-only flag
])
def test_cli_draft_flags_without_a_draft_exit_2_with_one_line(args, flag):
    from test_serving import _invoke

    code, message = _invoke(*args, "--on", "h100")
    assert code == 2 and message.startswith(flag) and "\n" not in message


def test_disaggregated_prefill_and_decode_on_a_node():
    result = serve_llm("llama-3-8b", "dgx-h100", batch=64, prompt=512, output=128,
                       disaggregate=True)
    d = result.disaggregated
    # 8 H100s, one instance each; vLLM's 16,384-token budget packs ⌊16384/512⌋ = 32 prompts
    assert (d.instances, d.prompts_per_pass) == (8, 32)
    # one prompt's KV cache: 2·32 layers·8 KV heads·128·2 B = 131,072 B per token × 512 tokens
    assert d.kv_bytes == 131072 * 512
    # sent over NVLink 4 at 18 links × 20.6 GB/s = 370.8 GB/s per direction (NCCL's topology
    # model) plus NCCL's 3.4 µs step: ≈ 184.4 µs
    assert d.transfer_s == pytest.approx(3.4e-6 + 131072 * 512 / 370.8e9, rel=0.02)
    # decode instances run pure decode steps: TPOT is the plain decode step at batch 64
    assert d.decode_s == pytest.approx(result.tpot_s)
    assert d.decode_rate == pytest.approx(64 / (127 * result.tpot_s))
    # the split is the best of the seven possible ones
    rates = [min(p * d.prefill_rate, (8 - p) * d.decode_rate) for p in range(1, 8)]
    assert d.requests_per_s == pytest.approx(max(rates))
    assert d.prefill_instances + d.decode_instances == 8


def test_disaggregation_needs_two_instances_on_a_node():
    for on, devices in (("h100", 1), ("dgx-h100", 8)):
        with pytest.raises(ParameterError) as err:
            serve_llm("llama-3-8b", on, devices=devices, disaggregate=True)
        assert err.value.parameter == "disaggregate"
