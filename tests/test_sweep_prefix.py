"""Prefix caching in the serving sweep: shared_prefix and prefix_hit dimensions evaluated through
serve's own functions (a point equals serve_llm and ``ironlaw serve``), the KV side by hand, and
bad input refused naming the flag or spec field."""

import json

import numpy as np
import pytest

pytest.importorskip("xarray")

from ironlaw.errors import ParameterError  # noqa: E402
from ironlaw.explore import sweep  # noqa: E402

KV_TOKEN = 32 * 8 * 128 * 2 * 2  # Llama-3-8B, bf16: layers × KV heads × head dim × (K, V) × B


@pytest.fixture(scope="module")
def grid():
    return sweep(model="llama-3-8b", device="h100", method="serving", tp=[1, 2],
                 batch=[8, 64, 512], prompt=[2048, 4096], output=128,
                 shared_prefix=[0, 1000, 1536], prefix_hit=[0, 0.5, 1], squeeze=False)


@pytest.mark.parametrize(("tp", "batch", "prompt", "shared", "hit"), [
    (1, 64, 2048, 1536, 1.0), (1, 8, 4096, 1000, 0.5), (2, 512, 2048, 1536, 0.5),
    (2, 64, 4096, 1536, 0.0), (1, 512, 2048, 1000, 1.0)])
def test_a_sweep_point_equals_serve_llm(grid, tp, batch, prompt, shared, hit):
    from ironlaw.serving import serve_llm

    point = grid.sel(tp=tp, batch=batch, prompt=prompt, shared_prefix=shared,
                     prefix_hit=hit).squeeze()
    r = serve_llm("llama-3-8b", "h100", devices=tp, prompt=prompt, output=128, batch=batch,
                  shared_prefix=shared, prefix_hit=hit)
    assert point.ttft_s.item() == pytest.approx(r.ttft_s, rel=1e-9)
    assert point.tpot_s.item() == pytest.approx(r.tpot_s, rel=1e-9)
    assert point.tokens_per_s.item() == pytest.approx(r.throughput, rel=1e-9)
    assert point.requests_per_s.item() == pytest.approx(r.requests_per_s, rel=1e-9)
    assert point.max_sequences.item() == r.memory["max_sequences"]
    assert point.fits.item() == (r.verdict != "does not fit")
    kv = point.memory_bytes.item() - r.memory["weights_per_device_bytes"] \
        - r.memory["activations_per_device_bytes"]
    assert kv == pytest.approx(r.memory["kv_for_batch_per_device_bytes"], rel=1e-9)


def test_replicas_for_a_rate_use_the_mean_ttft_as_serve_does():
    from ironlaw.serving import serve_llm

    ds = sweep(model="llama-3-8b", device="h100", method="serving", batch=64, prompt=2048,
               output=128, shared_prefix=1536, prefix_hit=[0.5, 1], rate=20, slo_ttft="1 s",
               squeeze=False)
    for hit in (0.5, 1.0):
        point = ds.sel(prefix_hit=hit).squeeze()
        r = serve_llm("llama-3-8b", "h100", prompt=2048, output=128, batch=64,
                      arrival_rate=20.0, slo_ttft=1.0, shared_prefix=1536, prefix_hit=hit)
        assert point.replicas.item() == r.replicas
        assert point.p99_ttft_s.item() == pytest.approx(r.tail_s, rel=1e-9)
        assert point.p99_latency_s.item() == pytest.approx(r.latency_tail_s, rel=1e-9)


def test_no_prefix_is_the_sweep_without_one(grid):
    plain = sweep(model="llama-3-8b", device="h100", method="serving", tp=[1, 2],
                  batch=[8, 64, 512], prompt=[2048, 4096], output=128, squeeze=False)
    for hit in (0, 0.5, 1):
        none = grid.sel(shared_prefix=0, prefix_hit=hit)
        for name in ("ttft_s", "tpot_s", "max_sequences", "memory_bytes"):
            np.testing.assert_allclose(none[name].values.squeeze(),
                                       plain[name].values.squeeze(), rtol=1e-12)


def test_the_cli_sweep_equals_ironlaw_serve_json(cli):
    args = ("--batch", "64", "--prompt", "2048", "--output", "128", "--shared-prefix", "1536",
            "--prefix-hit", "0.9", "-f", "json")
    code, out, err = cli("sweep", "--method", "serving", "--model", "llama-3-8b",
                         "--device", "h100", *args)
    assert code == 0, err
    (row,) = json.loads(out)["rows"]
    code, out, err = cli("serve", "llama-3-8b", "--on", "h100", *args)
    assert code == 0, err
    served = json.loads(out)
    assert row["ttft_s"] == pytest.approx(served["ttft_s"], rel=1e-9)
    assert row["max_sequences"] == served["memory"]["max_sequences"]
    assert (row["shared_prefix"], row["prefix_hit"]) == (1536, 0.9)


def test_the_kv_side_by_hand(grid):
    """Llama-3-8B in bf16 keeps 131,072 B of KV per token. With 16-token blocks a 1536-token
    shared prefix (96 whole blocks) of a 2048-token prompt with 128 output tokens, at hit 1,
    takes 1536 tokens off each sequence (⌈2176/16⌉·16 − 1536 = 640 tokens, 83,886,080 B) and
    is held once (1536 × 131,072 = 201,326,592 B): at batch B the KV cache shrinks by
    (B − 1) × 201,326,592 B; at hit 0.5 each sequence saves half, (B/2 − 1) × 201,326,592 B."""
    from ironlaw.serving import kv
    from ironlaw.serving.phases import arch_of

    assert KV_TOKEN == 131_072
    held = 1536 * KV_TOKEN
    assert held == 201_326_592
    mem = kv.plan(arch_of("llama-3-8b"), 2048 + 128, "bf16", 80e9, 16e9, 1e9, 1, 0.9, 16,
                  shared=1536, hit=1.0)
    assert mem.kv_per_token_bytes == KV_TOKEN
    assert mem.prefix_tokens == 1536 and mem.prefix_bytes == held
    assert mem.kv_per_sequence_bytes == 640 * KV_TOKEN == 83_886_080
    point = grid.sel(tp=1, prompt=2048).squeeze()
    for batch in (8, 64):
        at = point.sel(batch=batch)
        plain = at.memory_bytes.sel(shared_prefix=0, prefix_hit=1).item()
        assert plain - at.memory_bytes.sel(shared_prefix=1536, prefix_hit=1).item() \
            == (batch - 1) * held
        assert plain - at.memory_bytes.sel(shared_prefix=1536, prefix_hit=0.5).item() \
            == (batch / 2 - 1) * held
    # the plan above: a budget of 0.9 × 80e9 − 16e9 − 1e9 = 55e9 B holds
    # ⌊(55e9 − 201,326,592)/83,886,080⌋ = ⌊653.25⌋ sequences sharing, ⌊55e9/285,212,672⌋ =
    # ⌊192.84⌋ without
    assert mem.max_sequences == (55e9 - held) // 83_886_080 == 653
    # the sweep's budget at batch 64: 0.9 of the H100's capacity less its weights and
    # activations, which are the plain point's memory less its 64 × 285,212,672 B of KV
    # (2176 tokens of 131,072 B each, nothing shared)
    at = point.sel(batch=64)
    plain = at.sel(shared_prefix=0, prefix_hit=1)
    budget = 0.9 * plain.memory_capacity_bytes.item() - (
        plain.memory_bytes.item() - 64 * 2176 * KV_TOKEN)
    assert plain.max_sequences.item() == budget // (2176 * KV_TOKEN)
    assert at.max_sequences.sel(shared_prefix=1536, prefix_hit=1).item() == \
        (budget - held) // 83_886_080


SERVING = dict(model="llama-3-8b", device="h100", method="serving", prompt=[512, 2048])


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"shared_prefix": 1024, "prefix_hit": 1.5}, "prefix_hit"),
    ({"shared_prefix": 1024, "prefix_hit": "0.5,-0.1"}, "prefix_hit"),
    ({"shared_prefix": "256,512"}, "shared_prefix"),  # not fewer than the 512-token prompt
    ({"prefix_hit": 0.5}, "prefix_hit"),  # a hit share without a prefix
    ({"shared_prefix": -1}, "shared_prefix"),
])
def test_bad_prefix_input_names_the_field(kwargs, field):
    with pytest.raises(ParameterError) as info:
        sweep(**SERVING, **kwargs)
    assert info.value.parameter == field


def test_the_prefix_applies_to_the_serving_method_only():
    with pytest.raises(ParameterError, match="^shared_prefix: does not apply"):
        sweep(model="llama-3-8b", device="h100", shared_prefix=128)


@pytest.mark.parametrize(("args", "flag"), [
    (["--shared-prefix", "1024", "--prefix-hit", "1.5"], "--prefix-hit"),
    (["--shared-prefix", "2048"], "--shared-prefix"),
    (["--shared-prefix", "0,8"], "--shared-prefix"),  # 8 tokens: not one whole 16-token block
    (["--prefix-hit", "0.5"], "--prefix-hit"),
])
def test_the_cli_refuses_bad_prefixes_with_exit_2(cli, args, flag):
    code, out, err = cli("sweep", "--method", "serving", "--model", "llama-3-8b", "--device",
                         "h100", "--prompt", "512,2048", *args)
    assert code == 2 and err.startswith(f"error: {flag}:"), err
    assert len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize(("lines", "key"), [
    ("shared_prefix: 1024\nprefix_hit: 2\n", "prefix_hit"),
    ("shared_prefix: 4096\n", "shared_prefix"),
    ("prefix_hit: [0.5, 1]\n", "prefix_hit"),
])
def test_a_spec_file_with_a_bad_prefix_names_its_field(cli, tmp_path, lines, key):
    spec = tmp_path / "sweep.yaml"
    spec.write_text("method: serving\nmodel: llama-3-8b\ndevice: h100\nprompt: 2048\n" + lines)
    code, out, err = cli("sweep", "--spec", str(spec))
    assert code == 2 and err.startswith(f"error: {spec}: {key}:"), err
    assert len(err.strip().splitlines()) == 1, err


def test_a_spec_file_sweeps_the_prefix(cli, tmp_path):
    spec = tmp_path / "sweep.yaml"
    spec.write_text("method: serving\nmodel: llama-3-8b\ndevice: h100\nbatch: 64\n"
                    "prompt: 2048\nshared_prefix: 0..1536:512\nprefix_hit: [0.5, 1]\n")
    code, out, err = cli("sweep", "--spec", str(spec), "-f", "json")
    assert code == 0, err
    rows = json.loads(out)["rows"]
    assert sorted({r["shared_prefix"] for r in rows}) == [0, 512, 1024, 1536]
    assert len(rows) == 8


@pytest.mark.parametrize(("model", "device", "batch", "held"), [
    ("mamba-2.8b", "l4", 4096, "SSM state"),  # a state per sequence, no KV cache
    ("llama-3-8b", "h100", 512, "KV cache"),
    ("llama-3-70b", "l4", 8, "leave no room"),  # ~141 GB of bf16 weights on a 24 GB card
])
def test_a_sweep_point_that_does_not_fit_says_why_as_serve_does(model, device, batch, held):
    from ironlaw.serving import serve_llm

    point = sweep(model=model, device=device, method="serving", batch=[batch], prompt=2048,
                  output=128)
    r = serve_llm(model, device, batch=batch, prompt=2048, output=128)
    assert r.verdict == "does not fit" and held in r.reason
    # the same words; serve adds how many fit beside their own activations, which a sweep
    # point (planned at its batch only) does not search
    assert f"does not fit: {r.reason}".startswith(point.infeasible_reason.item())


def test_a_fractional_share_of_computed_tokens_schedules_as_serve_does():
    """A hit share of 0.3 on a 1536-token prefix of 2048: P_c = 2048 − 0.3 × 1536 = 1587.2
    tokens computed on average, C = 2048 − 1587.2 = 460.8 → 461 cached, chunks of up to 1587
    tokens. The sweep and serve take the chunked schedule from one function
    (serving.schedules.at_batch), so the fraction is rounded the same way in both."""
    from ironlaw.serving import serve_llm

    point = sweep(model="llama-3-8b", device="h100", method="serving", batch=64, prompt=2048,
                  output=128, shared_prefix=1536, prefix_hit=0.3).squeeze()
    r = serve_llm("llama-3-8b", "h100", prompt=2048, output=128, batch=64, shared_prefix=1536,
                  prefix_hit=0.3)
    assert r.running.name == "chunked" and r.running.chunk_tokens == 1588  # ⌈1587.2⌉
    assert point.ttft_running_s.item() == pytest.approx(r.running.ttft_s, rel=1e-12)
    assert point.tpot_mean_s.item() == pytest.approx(r.running.tpot_mean_s, rel=1e-12)
