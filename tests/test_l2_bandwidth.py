"""GPU L2 bandwidths in the catalog, each against its source's printed figure, and the cost
model charging an op whose working set fits the L2 at the L2's bandwidth.

Semantics (the catalog files' headers say the same): a level's bandwidth is its peak where the
vendor states one (bytes per clock × clock, as for Ampere and AMD), else a micro-benchmark's
sustained read bandwidth, a lower bound of the peak. The cost model charges every level at the
device's memory_fraction of its bandwidth.
"""

import pytest

from ironlaw.frameworks import ops
from ironlaw.frameworks.cost import analyze
from ironlaw.frameworks.graph import Graph
from ironlaw.hardware.catalog import builtin

CATALOG = builtin()


def l2(ident):
    return next(m for m in CATALOG.device(ident).memory if m.level == "l2")


@pytest.mark.parametrize(("ident", "expected", "kind"), [
    # NVIDIA A100 whitepaper: "The A100 L2 read bandwidth is 5120 Bytes/clk, compared to V100 L2
    # cache read bandwidth of 2048 Bytes/clk"; times the boost clock:
    ("v100", 2048 * 1.53e9, "derived"),       # 2048 B × 1.53 GHz = 3133.44 GB/s
    ("a100-40gb", 5120 * 1.41e9, "derived"),  # 5120 B × 1.41 GHz = 7219.2 GB/s
    ("a100-80gb", 5120 * 1.41e9, "derived"),
    # te42kyfo/gpu-benches gpu-l2-cache, 'Eff. bw' at the 19968 kB data set:
    ("h200", 9885.0e9, "measured"),           # h200.txt: 9885.0 GB/s
    ("h100-sxm", 9885.0e9, "derived"),        # the H200's figure: the same GH100, SMs and clock
    ("h100-pcie", 6874.1e9, "measured"),      # h100_pcie.txt: 6874.1 GB/s
    ("l40s", 5216.3e9, "derived"),            # l40.txt: 5216.3 GB/s (an L40: the same AD102)
    ("rtx-6000-ada", 5216.3e9, "derived"),    # the same: AD102 with 142 SMs and 96 MiB of L2
    # L4 (AD104): the L40's figure × 48/96 MiB of L2 (half the slices, beside half the memory
    # interface) × 2.04/2.49 GHz; the L40's clock from its datasheet, 90.5 TFLOP/s FP32 /
    # (2 × 18,176 cores) = 2.4895 GHz: 5216.3 × 0.5 × 2.04 / 2.49 = 2136.8 GB/s, rounded
    ("l4", 2137e9, "derived"),
    # Chips and Cheese: B200 L2 "21 TB/s" in the local partition (16.8 TB/s across);
    # RTX 4090 "a staggering 5 TB/s" with all SMs
    ("b200", 21e12, "measured"),
    ("gb200", 21e12, "derived"),
    ("rtx-4090", 5e12, "measured"),
    # AMD: CDNA 2 GCD L2 of 32 slices × 128 B/clk, two GCDs at 1.7 GHz: 2 × 4096 × 1.7e9;
    # CDNA 3 XCD L2 of 16 slices × 128 B/clk, eight XCDs at 2.1 GHz: 8 × 2048 × 2.1e9
    ("mi250x", 2 * 32 * 128 * 1.7e9, "derived"),   # 13926.4 GB/s
    ("mi300x", 8 * 16 * 128 * 2.1e9, "derived"),   # 34406.4 GB/s (4.3 TB/s per XCD)
    ("mi325x", 8 * 16 * 128 * 2.1e9, "derived"),
])
def test_l2_bandwidth_is_the_sourced_figure(ident, expected, kind):
    bandwidth = l2(ident).bandwidth
    assert bandwidth.value == pytest.approx(expected, rel=1e-9)
    assert bandwidth.provenance_kind == kind


def test_per_clock_figures_are_the_devices_own_clock():
    """The bytes/clock figures were multiplied by the clock the catalog itself lists, so a change
    of either is caught: V100 2048 B/clk, A100 5120 B/clk, MI300X 8 × 2048 B/clk."""
    for ident, per_clock in (("v100", 2048), ("a100-80gb", 5120), ("mi250x", 2 * 4096),
                             ("mi300x", 8 * 2048), ("mi325x", 8 * 2048)):
        device = CATALOG.device(ident)
        assert l2(ident).bandwidth.value == pytest.approx(per_clock * device.clock.value,
                                                          rel=1e-9), ident


def test_the_l4_figure_is_its_derivation():
    assert 90.5e12 / (2 * 18176) == pytest.approx(2.49e9, rel=1e-3)  # the L40's boost clock
    assert 5216.3e9 * (48 / 96) * (2.04 / 2.49) == pytest.approx(l2("l4").bandwidth.value,
                                                                rel=1e-3)
    assert l2("l4").capacity.value == 48 * 2**20
    assert CATALOG.device("l4").clock.value == 2.04e9


def test_gpus_without_a_sourced_l2_bandwidth():
    # no L2 read bandwidth was found for TU104 (T4) or the Jetson AGX Orin's GPU
    for ident in ("t4", "jetson-agx-orin"):
        assert l2(ident).bandwidth is None, ident


def add(elements):
    """A bf16 add of two tensors: reads 2 × 2 B and writes 2 B per element."""
    return Graph("add", (ops.elementwise("add", elements, "bf16", inputs=2),), "bf16")


def memory_seconds(graph, ident):
    device = CATALOG.device(ident)
    result = analyze(graph, device, CATALOG.efficiency_of(device), "eager")
    return result.per_op["memory_s"][0], result.bytes_by_level()


def test_a_working_set_that_fits_l2_is_charged_at_l2_bandwidth():
    # H100 SXM: 8e6 elements → 6 B × 8e6 = 48e6 B ≤ 50 MiB = 52,428,800 B, so the activations
    # sit in L2: 48e6 B / (9885.0e9 B/s × 0.85) = 5.713 µs (HBM would take 48e6 / (3.35e12 ×
    # 0.85) = 16.86 µs)
    seconds, moved = memory_seconds(add(8e6), "h100-sxm")
    assert seconds == pytest.approx(48e6 / (9885.0e9 * 0.85), rel=1e-9)
    assert moved == {"l2": pytest.approx(48e6)}


def test_a_working_set_past_l2_is_charged_at_hbm_bandwidth():
    # 9e6 elements → 54e6 B > 52,428,800 B: from HBM, 54e6 / (3.35e12 × 0.85) = 18.96 µs
    seconds, moved = memory_seconds(add(9e6), "h100-sxm")
    assert seconds == pytest.approx(54e6 / (3.35e12 * 0.85), rel=1e-9)
    assert moved == {"hbm": pytest.approx(54e6)}


def test_the_fastest_level_that_holds_the_working_set_serves_it():
    # MI300X: L2 32 MiB at 34406.4 GB/s, Infinity Cache 256 MiB at 17.2 TB/s, memory_fraction
    # 0.85. 4e6 elements → 24e6 B fits the L2; 2e7 → 120e6 B fits only the Infinity Cache.
    seconds, moved = memory_seconds(add(4e6), "mi300x")
    assert seconds == pytest.approx(24e6 / (34406.4e9 * 0.85), rel=1e-9)
    assert moved == {"l2": pytest.approx(24e6)}
    seconds, moved = memory_seconds(add(2e7), "mi300x")
    assert seconds == pytest.approx(120e6 / (17.2e12 * 0.85), rel=1e-9)
    assert moved == {"l3": pytest.approx(120e6)}


def test_without_an_l2_bandwidth_a_working_set_that_fits_l2_streams_from_dram():
    # T4 (no bf16: an fp16 add): 3e6 B fits its 4 MiB L2, but the L2 has no bandwidth, so the
    # bytes are charged at GDDR6's 320 GB/s × its memory_fraction
    device = CATALOG.device("t4")
    f_mem = CATALOG.efficiency_of(device).memory_fraction.value
    fp16_add = Graph("add", (ops.elementwise("add", 5e5, "fp16", inputs=2),), "fp16")
    seconds, moved = memory_seconds(fp16_add, "t4")
    assert seconds == pytest.approx(3e6 / (320e9 * f_mem), rel=1e-9)
    assert moved == {"dram": pytest.approx(3e6)}

