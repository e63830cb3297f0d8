"""The built-in catalog: coverage, provenance on every number, and datasheet spot checks.

The expected figures below are typed from the vendors' datasheets (named per line), not read
back from the catalog files.
"""

import dataclasses
import datetime
import re

import pytest

from ironlaw.hardware.catalog import builtin, get_device
from ironlaw.hardware.schema import ID_PATTERN, iter_sourced

REQUIRED_DEVICES = [
    "v100", "a100-40gb", "a100-80gb", "h100-sxm", "h100-pcie", "h200", "b200", "l4", "t4",
    "mi250x", "mi300x", "tpu-v4", "tpu-v5e", "tpu-v5p", "gaudi2", "gaudi3",
    "xeon-8480", "epyc-9654", "apple-m3-max", "jetson-agx-orin", "jetson-orin-nx",
    "jetson-orin-nano", "apple-a17-pro", "snapdragon-8-gen-3", "tensor-g3", "coral-edge-tpu",
    "raspberry-pi-5", "esp32-s3", "nrf52840", "stm32h743",
]
REQUIRED_NODES = ["dgx-a100", "dgx-h100", "dgx-b200", "mi300x-platform", "tpu-v5p-host",
                  "workstation-1gpu", "workstation-4gpu"]


@pytest.fixture(scope="module")
def catalog():
    return builtin()


def test_coverage(catalog):
    assert len(catalog.devices) >= 35
    missing = [d for d in REQUIRED_DEVICES if d not in catalog.devices]
    assert not missing
    assert not [n for n in REQUIRED_NODES if n not in catalog.nodes]
    kinds = {d.kind for d in catalog.devices.values()}
    assert {"gpu", "tpu", "cpu", "soc", "mcu"} <= kinds
    # a Jetson dev kit, a phone and an MCU board are among the nodes
    accelerators = {n.accelerator for n in catalog.nodes.values()}
    assert "jetson-agx-orin" in accelerators
    assert accelerators & {"apple-a17-pro", "tensor-g3", "snapdragon-8-gen-3"}
    assert accelerators & {"nrf52840", "esp32-s3", "stm32h743"}


def test_every_number_has_provenance(catalog):
    for item in (*catalog.devices.values(), *catalog.nodes.values()):
        numbers = list(iter_sourced(item))
        assert numbers, item.id
        for path, value in numbers:
            source = value.source
            assert value.provenance_kind in ("datasheet", "paper", "measured", "derived",
                                             "estimate"), (item.id, path)
            assert len(source.title) >= 3, (item.id, path)
            assert datetime.date(2020, 1, 1) <= source.checked <= datetime.date.today()
            assert source.url is None or re.match(r"https?://", source.url), (item.id, path)
            if value.provenance_kind in ("derived", "estimate"):
                assert value.note or source.kind == value.provenance_kind, (item.id, path)


def test_sparse_is_never_below_dense(catalog):
    for device in catalog.devices.values():
        for precision, peak in device.peak.items():
            if peak.sparse is not None:
                assert peak.sparse.value >= peak.dense.value, (device.id, precision)


def test_ids_are_well_formed_and_every_alias_resolves_to_its_owner(catalog):
    for item in (*catalog.devices.values(), *catalog.nodes.values()):
        assert re.match(ID_PATTERN, item.id)
        for alias in (item.id, *item.aliases):
            assert catalog.resolve(alias) == item.id
            assert catalog.resolve(alias.upper()) == item.id


@pytest.mark.parametrize(("alias", "ident"), [
    ("H100", "h100-sxm"), ("h100 sxm5", "h100-sxm"), ("MI300X", "mi300x"),
    ("A100", "a100-80gb"), ("tpu_v5p", "tpu-v5p"), ("Gaudi3", "gaudi3"),
])
def test_common_aliases(catalog, alias, ident):
    assert catalog.resolve(alias) == ident


def test_nodes_refer_to_devices_and_draw_at_least_their_accelerators(catalog):
    for node in catalog.nodes.values():
        device = catalog.devices[node.accelerator]
        assert node.power.value >= node.count * device.power.tdp.value * 0.99, node.id
        if node.host_cpu:
            assert catalog.devices[node.host_cpu.device].kind == "cpu"


# (device, precision, dense peak FLOP/s, main-memory bandwidth B/s, capacity B, TDP W, source)
DATASHEET = [
    # "80GB" as nvidia-smi reports it on an H100 SXM: 81559 MiB (public nvidia-smi -q output)
    ("h100-sxm", "bf16", 989.4e12, 3.35e12, 81559 * 2**20, 700,
     "NVIDIA H100 datasheet (1979 sparse)"),
    ("h100-pcie", "bf16", 756e12, 2.0e12, 80e9, 350, "NVIDIA H100 datasheet, PCIe column"),
    # The page's "141GB" is binary: nvidia-smi on an H200 reports 143771 MiB (140.4 GiB).
    ("h200", "bf16", 989.4e12, 4.8e12, 141 * 2**30, 700, "NVIDIA H200 product page"),
    # the A100's "80GB" is binary: nvidia-smi reports 81920 MiB = 80 GiB
    ("a100-80gb", "bf16", 312e12, 2.039e12, 80 * 2**30, 400, "NVIDIA A100 datasheet, SXM4 80GB"),
    # and its "40GB" too: nvidia-smi on an A100-SXM4-40GB reports 40960 MiB = 40 GiB
    ("a100-40gb", "bf16", 312e12, 1.555e12, 40 * 2**30, 400, "NVIDIA A100 datasheet, SXM4 40GB"),
    ("v100", "fp16", 125e12, 900e9, 32e9, 300, "NVIDIA V100 datasheet, SXM2"),
    ("t4", "fp16", 65e12, 320e9, 16e9, 70, "NVIDIA T4 product page"),
    ("l4", "fp16", 121e12, 300e9, 24e9, 72, "NVIDIA L4 datasheet (242 with sparsity)"),
    # AMD's "192 GB" is 192 GiB (ROCm spec table; HIP reports 196592 MiB)
    ("mi300x", "bf16", 1307.4e12, 5.3e12, 192 * 2**30, 750, "AMD Instinct MI300X datasheet"),
    ("tpu-v5e", "bf16", 197e12, 819e9, 16e9, None, "Google Cloud TPU v5e documentation"),
    ("tpu-v4", "bf16", 275e12, 1.2e12, 32 * 2**30, None, "Google Cloud TPU v4 documentation"),
    ("gaudi3", "bf16", 1835e12, 3.7e12, 128e9, None, "Intel Gaudi 3 white paper"),
]


@pytest.mark.parametrize("row", DATASHEET, ids=[r[0] for r in DATASHEET])
def test_datasheet_figures(row):
    ident, precision, peak, bandwidth, capacity, tdp, _source = row
    device = get_device(ident)
    assert device.peak_rate(precision) == pytest.approx(peak, rel=0.005)
    main = device.main_memory
    assert main.bandwidth.value == pytest.approx(bandwidth, rel=0.01)
    assert main.capacity.value == pytest.approx(capacity, rel=0.01)
    if tdp is not None:
        assert device.power.tdp.value == pytest.approx(tdp)


def test_h100_sparse_is_twice_dense():
    # NVIDIA quotes 2:4 structured sparsity at exactly twice the dense rate.
    h100 = get_device("h100-sxm")
    assert h100.peak_rate("fp8", sparse=True) == pytest.approx(2 * h100.peak_rate("fp8"))


def test_unsupported_precision_is_an_error_not_a_fallback():
    from ironlaw.errors import UserError

    with pytest.raises(UserError, match="v100 has no bf16 peak"):
        get_device("v100").peak_rate("bf16")  # Volta has no bf16 tensor cores


def test_microcontrollers_are_tiny(catalog):
    # nRF52840 product specification: 64 MHz Cortex-M4F, 256 KB RAM, 1 MB flash.
    nrf = get_device("nrf52840")
    assert nrf.kind == "mcu" and nrf.clock.value == pytest.approx(64e6)
    sram = next(m for m in nrf.memory if m.level == "sram")
    assert sram.capacity.value == pytest.approx(256 * 1024, rel=0.03)
    # STM32H743: 480 MHz Cortex-M7 (ST datasheet DS12110)
    assert get_device("stm32h743").clock.value == pytest.approx(480e6)
    # ESP32-S3: up to 240 MHz Xtensa LX7 (Espressif ESP32-S3 datasheet)
    assert get_device("esp32-s3").clock.value == pytest.approx(240e6)
    for ident in ("nrf52840", "stm32h743", "esp32-s3"):
        assert get_device(ident).power.tdp.value < 1.0  # well under a watt


def test_h200_efficiency_is_its_recorded_micro_benchmarks():
    """The H200's own efficiency parameters come from benchmarks/gpu (gpu_validate.py on an
    H200): sustained large 16-bit GEMMs over the datasheet's 989.4 TFLOP/s, STREAM copy and
    triad over 4.8 TB/s, per-kernel launch times. Parameters it does not set keep the gpu kind's."""
    import json
    from pathlib import Path

    from ironlaw.hardware.catalog import builtin

    runs = sorted((Path(__file__).parents[1] / "benchmarks" / "gpu").glob("gpu-*-h200*.json"))
    records = [json.loads(p.read_text()) for p in runs]
    assert len(records) == 2
    big = [r["flop_per_s"] for rec in records for r in rec["gemm"]
           if r["dtype"] in ("bf16", "fp16") and r["m"] >= 8192]
    stream = [r["bytes_per_s"] for rec in records for r in rec["bandwidth"]]
    launch = {mode: [r["per_kernel_s"] for rec in records for r in rec["launch"]
                     if r["mode"] == mode] for mode in ("eager", "cuda-graph")}
    catalog = builtin()
    device = catalog.device("h200")
    own = catalog.efficiency_of(device)
    assert own.gemm_fraction("bf16") == pytest.approx(sum(big) / len(big) / 989.4e12, abs=0.01)
    # each precision over its own dense datasheet peak (H200 page: fp32 67, tf32 494.7 dense,
    # fp8 1978.9 dense TFLOP/s), GEMMs of 8192 and up, where the size no longer matters
    for precision, peak in (("fp32", 67e12), ("tf32", 494.7e12), ("fp16", 989.4e12),
                            ("fp8", 1978.9e12)):
        rates = [r["flop_per_s"] for rec in records for r in rec["gemm"]
                 if r["dtype"] == precision and r["m"] >= 8192]
        assert own.gemm_fraction(precision) == pytest.approx(sum(rates) / len(rates) / peak,
                                                             abs=0.01), precision
    # the brief's summary of the runs: fp32 0.76, tf32 0.73, fp8 0.66-0.69
    assert (own.gemm_fraction("fp32"), own.gemm_fraction("tf32")) == (0.76, 0.73)
    assert 0.66 <= own.gemm_fraction("fp8") <= 0.69
    assert own.memory_fraction.value == pytest.approx(sum(stream) / len(stream) / 4.8e12,
                                                      abs=0.01)
    assert own.eager_overhead.value == pytest.approx(sum(launch["eager"]) / 2, rel=0.02)
    assert own.fused_overhead.value == pytest.approx(sum(launch["cuda-graph"]) / 2, rel=0.02)
    kind = catalog.efficiency["gpu"]
    assert own.tile_m == kind.tile_m and own.k_half == kind.k_half
    assert own.vector_peak_fraction == kind.vector_peak_fraction
    # the H100 SXM's only own parameter is the FlashAttention-2 fit (test_flash_attention)
    h100 = catalog.efficiency_of(catalog.device("h100-sxm"))
    assert h100.flash_attention == own.flash_attention is not None
    assert dataclasses.replace(h100, flash_attention=None) == kind


def test_mi300x_gemm_efficiency_is_amds_measured_max_achievable_flops():
    """AMD's max-achievable-FLOPs GEMMs (ROCm blog, 'Measuring Max-Achievable FLOPs - Part 2',
    28 Feb 2025, Table 1): hipBLASLt, m=4096 n=4864 k=32896 in bf16 and fp16, n=3648 in fp8.
    MI300X measured 708 (bf16), 654 (fp16) and 1273 (fp8) TFLOP/s against datasheet peaks of
    1307.4 and 2614.9 TFLOP/s at the 2.1 GHz boost clock: the gpu kind's 0.8 would predict
    them about 50% too fast. The shape fills 304 CUs in whole waves of 128x128 tiles
    (32 x 38 = 1216 = 4 x 304), so the prediction is the measured rate within 1%. AMD's fp8
    shape (n = 3648 = 19 x 192) is cut for 192-wide tiles, which the 128x128 tile model does
    not know: there the fraction itself is checked."""
    from ironlaw.frameworks import ops
    from ironlaw.frameworks.cost import analyze
    from ironlaw.frameworks.graph import Graph

    catalog = builtin()
    mi300x = catalog.device("mi300x")
    # AMD: peak = max boost clock x CUs x FLOP per CU per cycle = 2.1 GHz x 304 x 2048
    assert mi300x.peak_clock.basis == "boost"
    assert mi300x.peak_clock.value * 304 * 2048 == pytest.approx(1307.4e12, rel=0.001)
    assert catalog.efficiency_of(mi300x).gemm_fraction("fp8") == pytest.approx(
        1273 / 2614.9, abs=0.005)
    for precision, n, measured in (("bf16", 4864, 708e12), ("fp16", 4864, 654e12)):
        m, k = 4096, 32896
        graph = Graph("maf", (ops.matmul("maf", 1, m, n, k, precision),), precision)
        result = analyze(graph, mi300x, catalog.efficiency_of(mi300x), "fused")
        assert 2 * m * n * k / result.latency_s == pytest.approx(measured, rel=0.01), precision


# New devices, figures typed from their sources (named per line), not read from the YAML.
NEW_DEVICES = [
    # AWS Neuron docs, Trainium2 Architecture: 667 BF16 / 1,299 FP8 / 181 FP32 TFLOPS dense,
    # 2,563 sparse TFLOPS, 96 GiB at 2.9 TB/s, eight NeuronCore-v3
    ("trainium2", {"bf16": 667e12, "fp8": 1299e12, "fp32": 181e12}, 96 * 2**30, 2.9e12, 8),
    # Groq (via TechPowerUp): 750 TOPS INT8, 188 TFLOPS FP16, 230 MB SRAM at 80 TB/s
    ("groq-lpu", {"int8": 750e12, "fp16": 188e12}, 230e6, 80e12, None),
    # Cerebras (via Tom's Hardware / The Next Platform): 125 PFLOPS FP16, 44 GB SRAM, 21 PB/s
    ("cerebras-wse-3", {"fp16": 125e15}, 44e9, 21e15, None),
    # GB200 NVL72: 720 PFLOPS FP8 per 72-GPU rack with sparsity -> 5 PFLOPS dense per GPU;
    # 186 GB HBM3e per GPU (MLPerf system description); 148 SMs as the B200 (pytorch/ao #4002)
    ("gb200", {"fp8": 720e15 / 72 / 2, "bf16": 720e15 / 72 / 4}, 186e9, 7.7e12, 148),
]


@pytest.mark.parametrize("row", NEW_DEVICES, ids=[r[0] for r in NEW_DEVICES])
def test_new_devices_match_their_sources(row):
    ident, peaks, capacity, bandwidth, units = row
    device = get_device(ident)
    for precision, rate in peaks.items():
        assert device.peak_rate(precision) == pytest.approx(rate, rel=0.005), precision
    assert device.main_memory.capacity.value == pytest.approx(capacity, rel=0.001)
    assert device.main_memory.bandwidth.value == pytest.approx(bandwidth, rel=0.001)
    assert (device.compute_units.value if device.compute_units else None) == units


def test_tpu_v6e_matches_the_cloud_tpu_documentation():
    # Cloud TPU v6e documentation: 918 TFLOPS bf16 and 1,836 TOPS int8 per chip, 32 GB of HBM
    # (decimal) at 1,638 GB/s (older versions of the page: 1,640), 800 GB/s bidirectional ICI
    from ironlaw.hardware.describe import device_summary

    v6e = get_device("trillium")
    assert v6e.id == "tpu-v6e" and v6e.kind == "tpu"
    assert v6e.peak_rate("bf16") == pytest.approx(918e12)
    assert v6e.peak_rate("int8") == pytest.approx(1836e12)
    assert v6e.main_memory.capacity.value == pytest.approx(32e9)
    assert v6e.main_memory.bandwidth.value == pytest.approx(1638e9)
    assert v6e.scale_up.bandwidth_per_direction.value == pytest.approx(800e9 / 2)
    # ridge point I* = R / BW by hand: 918e12 / 1638e9 = 560.44 FLOP/B (bf16), 1120.88 (int8)
    ridge = device_summary(v6e)["ridge_flop_per_byte"]
    assert ridge["bf16"] == pytest.approx(560.4396, rel=1e-6)
    assert ridge["int8"] == pytest.approx(1120.8791, rel=1e-6)


def test_trainium2_sparse_peak_is_the_one_published_figure():
    # AWS gives one sparse figure, 2,563 TFLOPS, for FP8/FP16/BF16/TF32
    trn2 = get_device("trn2")
    for precision in ("fp8", "bf16", "fp16", "tf32"):
        assert trn2.peak_rate(precision, sparse=True) == pytest.approx(2563e12)


def test_sram_only_chips_fit_a_model_only_in_their_sram(cli):
    # Llama 3 8B in fp16: 8.03e9 parameters x 2 B = 16.1 GB > the LPU's 230 MB, < the WSE-3's 44 GB
    import json

    code, out, err = cli("analyze", "llama-3-8b", "--on", "groq-lpu", "--precision", "fp16",
                         "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["memory_capacity_bytes"] == pytest.approx(230e6)
    assert result["fits"] is False
    code, out, err = cli("analyze", "llama-3-8b", "--on", "cerebras-wse-3", "--precision", "fp16",
                         "--format", "json")
    assert code == 0, err
    assert json.loads(out)["fits"] is True


# Published SM / CU counts, typed from the vendors' documents (named per line).
PUBLISHED_COMPUTE_UNITS = [
    # NVIDIA H100 Tensor Core GPU Architecture whitepaper: the H100 SXM5 product has 132 SMs
    ("h100-sxm", 132),
    # the catalog's plain 'h100' is an alias of the SXM5 part (not the PCIe card), so 132 too
    ("h100", 132),
    # same whitepaper: the H100 PCIe product has 114 SMs
    ("h100-pcie", 114),
    # H200 is the same GH100 configuration as H100 SXM5 (NVIDIA H200 datasheet: 132 SMs)
    ("h200", 132),
    # NVIDIA A100 Tensor Core GPU Architecture whitepaper: A100 has 108 SMs (of GA100's 128)
    ("a100-40gb", 108),
    ("a100-80gb", 108),
    # B200: 148 SMs (CUDA multiProcessorCount of a B200, pytorch/ao PR 4002; 2 dies x 74);
    # GB200's Blackwell GPU is the same die pair, 148 SMs
    ("b200", 148),
    ("gb200", 148),
    # AMD Instinct MI300X data sheet: 304 compute units (8 XCDs x 38)
    ("mi300x", 304),
    # NVIDIA L4 datasheet: 7,424 CUDA cores / 128 per Ada SM = 58 SMs
    ("l4", 58),
    # NVIDIA L40S datasheet: 18,176 CUDA cores / 128 per Ada SM = 142 SMs
    ("l40s", 142),
]


@pytest.mark.parametrize("ident,units", PUBLISHED_COMPUTE_UNITS,
                         ids=[r[0] for r in PUBLISHED_COMPUTE_UNITS])
def test_compute_units_are_the_published_counts(catalog, ident, units):
    assert catalog.device(ident).compute_units.value == units


def test_plain_h100_denotes_the_sxm5_part(catalog):
    # 'h100' with no form factor is the SXM5 module (132 SMs), not the 114-SM PCIe card
    assert catalog.device("h100").id == "h100-sxm"


def test_gpu_and_accelerator_compute_units_and_l2_where_published(catalog):
    """Every datacenter GPU has an L2 (B200 and L40S lacked one); counts are checked above."""
    for ident in ("b200", "gb200", "h100-sxm", "h200", "a100-80gb", "mi300x", "l4", "l40s"):
        device = catalog.devices[ident]
        assert any(m.level == "l2" for m in device.memory), ident
    # as CUDA reports them: H100 52428800 B = 50 MiB (deviceQuery), B200 126.5 MiB
    assert next(m for m in catalog.device("h100").memory if m.level == "l2").capacity.value == \
        52428800
    assert next(m for m in catalog.device("b200").memory if m.level == "l2").capacity.value == \
        pytest.approx(126.5 * 2**20)


@pytest.mark.parametrize(("ident", "cycles"), [
    ("h100-sxm", {"l1": 40, "l2": 291, "hbm": 700}),  # markdewing/AI_kernels latency/README.md
    ("a100-80gb", {"l1": 39, "l2": 210, "hbm": 550}),
])
def test_memory_latencies_are_the_sourced_cycles_at_the_device_clock(ident, cycles):
    """The catalog stores pointer-chase latencies in seconds, derived from the source's clock
    cycles at the device's boost clock: latency × clock gives the cycles back, so a change of
    either figure alone is caught."""
    device = get_device(ident)
    latency = {m.level: m.latency.value for m in device.memory if m.latency is not None}
    clock = device.clock.value
    for level, count in cycles.items():  # stored to 3 figures: 354 ns × 1.98 GHz = 700.9
        assert latency[level] * clock == pytest.approx(count, rel=0.005), level
