"""The scalar closed-form solve (explore.closed_form.solve): the sweep's numbers at one point,
and a hand count of what a Llama-3-8B decode step reads."""

import pytest

from ironlaw.errors import ParameterError
from ironlaw.explore import sweep
from ironlaw.explore.closed_form import device_numbers, model_row, solve
from ironlaw.hardware.catalog import open_catalog


def _numbers(device: str, precision: str = "bf16", mode: str = "fused") -> dict:
    cat = open_catalog()
    dev = cat.device(device)
    return device_numbers(dev, cat.efficiency_of(dev), precision, mode)


@pytest.mark.parametrize("phase,batch,seq,context,mode", [
    ("decode", 8, 1, 4096, "fused"), ("prefill", 2, 1024, 512, "eager"),
    ("decode", 256, 1, 32768, "eager")])
def test_solve_agrees_with_the_sweep(phase, batch, seq, context, mode):
    _, row = model_row("llama-3-8b", phase)
    one = solve(row, _numbers("h100", mode=mode), batch, seq, context)
    ds = sweep(model="llama-3-8b", device="h100", phase=phase, precision="bf16", mode=mode,
               method="closed-form", batch=batch, seq=seq, context=context)
    for key in ("latency_s", "compute_bound_s", "memory_bound_s", "overhead_s", "mfu", "flops",
                "memory_bytes"):
        assert one[key] == pytest.approx(float(ds[key].values), rel=1e-12), key
    assert one["bottleneck"] == str(ds["bottleneck"].values)
    assert one["fits"] == bool(ds["fits"].values)


def test_solve_decode_reads_weights_and_kv_cache():
    # Llama-3-8B (Meta's model card and config.json): 8.03e9 parameters; KV cache per token
    # 2 (K and V) x 32 layers x 8 KV heads x 128 head dim = 65,536 elements = 131,072 bytes in
    # bf16. Batch 8 at context 4096: 2 x 8.03e9 + 131,072 x 4096 x 8 = 20.35e9 bytes.
    _, row = model_row("llama-3-8b", "decode")
    one = solve(row, _numbers("h100"), batch=8, context=4096)
    assert one["memory_bytes"] == pytest.approx(2 * 8.03e9 + 131_072 * 4096 * 8, rel=2e-3)
    assert one["bottleneck"] == "memory"  # 16 FLOPs per byte, far below the H100's ridge


def test_solve_names_bad_inputs():
    with pytest.raises(ParameterError) as err:
        _numbers("h100", precision="fp4")
    assert err.value.parameter == "precision"
    with pytest.raises(ParameterError) as err:
        _numbers("h100", mode="lazy")
    assert err.value.parameter == "mode"
    _, row = model_row("gpt2-xl", "prefill")
    with pytest.raises(ParameterError) as err:
        solve(row, _numbers("h100"), batch=1, seq=4096)
    assert err.value.parameter == "seq"
