"""The book's worked examples from the 2026 edition's vol1 Model Compression chapter, as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. The chapter was read at
``COMPRESSION_COMMIT``; the quoted sentence sits beside each example. Most printed values come
from inline ``{python}`` cells of the book's ``mlsysim`` package; each was worked out by hand from
the cell's code and the registry constants it reads (``mlsysim/hardware/data/tech/*.yaml`` and
``mlsysim/models/data/*.yaml`` of the same repository, read at a later stored version: the
chapter's own ``check()`` guards pin the values used here — a DRAM access of 640 pJ that is a
32-bit read at 160 pJ/B; Horowitz's 45 nm FP32 multiply-add 3.7 pJ, FP32 add 0.9 pJ, INT8
multiply-add 0.2 pJ, INT8 add 0.03 pJ; Llama-2-7B 7 × 10⁹ and GPT-3 175 × 10⁹ parameters,
MobileNetV2 3,504,872; system memory 50 GB/s), with the arithmetic beside it.
"""

from __future__ import annotations

from ironlaw.examples.gallery import CatalogValue, Example, chapter_file, sections
from ironlaw.examples.gallery import weights_only as _weights

COMPRESSION_COMMIT = "beb78e08867d378b5fe9c5c8854dc8776cd0f50e"

MS, MB, GB = 1e-3, 1e6, 1e9
HOUR = 3600.0
DAY = 24 * HOUR
PJ = 1e-12


compression = sections(chapter_file("vol1", "model_compression"), COMPRESSION_COMMIT,
                       "sec-model-compression-")


_FRAMEWORK: tuple[Example, ...] = (
    # CompressionDeploymentScale: llm_7b_mem_fp16_gb = 7 (Bparam) × BYTES_FP16 2 = 14,
    # fmt(precision=0) "14"; the sentence prints the bare number where it means GB.
    Example(
        "compr-llama2-7b-fp16-weights", "training",
        "A 7-billion-parameter language model's weights in FP16",
        compression("optimization-framework-9e21"),
        "requires 14 merely to store its weights in FP16", 14 * GB, law="train-memory",
        inputs=(("params", "7e9"), ("precision", "fp16"), ("optimizer", "sgd")),
        result="weights_only",
        note="7 × 10⁹ × 2 B = 14 GB (Llama-2-7B in the book's registry: 7.0 × 10⁹ "
             "parameters); the cell's string has no unit, so the page reads 'requires 14'."),
    # CompressionDeploymentScale / CompressionIronLawQuant: 175 × 2 = 350 (GB), fmt "350".
    Example(
        "compr-gpt3-fp16-weights", "training", "GPT-3's 175 billion parameters in FP16",
        compression("optimization-framework-9e21"),
        "consumes over 350 in FP16 representation alone", 350 * GB, law="train-memory",
        inputs=(("params", "175e9"), ("precision", "fp16"), ("optimizer", "sgd")),
        result="weights_only", note="175 × 10⁹ × 2 B = 350 GB."),
    # CompressionIronLawQuant: llm_175b_mem_int8_gb = 175 × BYTES_INT8 1 = 175, fmt "175".
    Example(
        "compr-gpt3-int8-weights", "training", "GPT-3's weights quantized to INT8",
        compression("optimization-framework-9e21"),
        "cuts weight memory from 350 (FP16) to 175", 175 * GB, law="model-states",
        inputs=_weights("175e9", "1"), result="total",
        note="175 × 10⁹ × 1 B (model-states with 1 byte of weights and no training state: "
             "train-memory's recipes have no INT8)."),
    # CompressionIronLawQuant: llm_175b_fp16_int8_reduction = 350/175 = 2 (checked == 2).
    Example(
        "compr-gpt3-fp16-int8-reduction", "data movement",
        "GPT-3 FP16 → INT8: the reduction in weight bytes moved",
        compression("optimization-framework-9e21"), "a 2× reduction in D_vol", 2.0,
        law="ratio", inputs=(("a", "350 GB"), ("b", "175 GB")), result="ratio",
        note="2 B per weight over 1 B per weight."),
    # NASCostCalc: gpu_days = 800 × 28 = 22,400 (checked); gpu_hours = 22,400 × 24 = 537,600.
    Example(
        "compr-nas-gpu-days", "training", "Zoph and Le's NAS: 800 GPUs for 28 days",
        compression("optimization-framework-9e21"), "a cost of 22,400 GPU-days", 22400 * DAY,
        law="resource-time", inputs=(("count", "800"), ("each", "28 day")),
        result="total", note="800 GPUs × 28 days = 22,400 GPU-days."),
    Example(
        "compr-nas-gpu-hours", "training", "Zoph and Le's NAS in GPU-hours",
        compression("optimization-framework-9e21"), "equivalent to 537,600 GPU-hours",
        537600 * HOUR, law="resource-time", inputs=(("count", "800"), ("each", "28 day")),
        result="total", note="800 GPUs × 28 × 24 h = 800 × 672 h = 537,600 GPU-hours."),
    # QuantizationEnergyPhysics: energy_dram = HBM3.energy_per_access 640 pJ, fmt "640";
    # energy_dram_per_byte = 160 pJ/B, fmt "160"; energy_dram_read_bits = 640/160 × 8 = 32
    # (checked); energy_flop_fp32 = 3.7, fmt(precision=1) "3.7"; energy_op_int8 = 0.2 "0.2";
    # energy_float_add_ratio = 0.9/0.03 = 30 "30"; energy_dram_read_ratio = 640/0.03 =
    # 21,333.3 (fmt precision=1, commas).
    Example(
        "compr-dram-32bit-read-energy", "energy", "Fetching a 32-bit float from DRAM",
        compression("optimization-framework-9e21"), "costs ≈ 640 pJ", 640 * PJ,
        law="energy-ratio", inputs=(("a", "dram-32bit"), ("b", "fp32-mult")), result="e_a",
        note="Han et al.'s 45 nm 32-bit DRAM access, the book's 'DRAM access' energy."),
    Example(
        "compr-fp32-op-energy", "energy", "A 32-bit floating-point operation (45 nm)",
        compression("optimization-framework-9e21"), "A 32-bit FLOP costs ≈ 3.7 pJ", 3.7 * PJ,
        law="energy-ratio", inputs=(("a", "fp32-mult"), ("b", "int8-mult")), result="e_a",
        note="Horowitz's 3.7 pJ is the FP32 multiply; the book's registry names it an FP32 "
             "multiply-add. Per FLOP of a multiply-add it is (3.7 + 0.9)/2 = 2.3 pJ "
             "(`calc energy`)."),
    Example(
        "compr-int8-op-energy", "energy", "An INT8 operation (45 nm)",
        compression("optimization-framework-9e21"), "An INT8 operation costs ≈ 0.2 pJ",
        0.2 * PJ, law="energy-ratio", inputs=(("a", "int8-mult"), ("b", "int8-add")),
        result="e_a", note="Horowitz's 8-bit integer multiply."),
    Example(
        "compr-float-add-vs-int8-add", "energy",
        "The energy hierarchy: a 32-bit float add against an 8-bit integer add",
        compression("optimization-framework-9e21"), "30×", 30.0, law="energy-ratio",
        inputs=(("a", "fp32-add"), ("b", "int8-add")), result="ratio",
        note="0.9 pJ / 0.03 pJ."),
    Example(
        "compr-dram-read-vs-int8-add", "energy",
        "The energy hierarchy: a 32-bit DRAM read against an 8-bit integer add",
        compression("optimization-framework-9e21"), "21,333.3×", 21333.3,
        law="energy-ratio", inputs=(("a", "dram-32bit"), ("b", "int8-add")), result="ratio",
        note="640 pJ / 0.03 pJ: more than four orders of magnitude."),
    Example(
        "compr-fp32-int8-memory", "data movement", "FP32 → INT8: bytes per weight",
        compression("optimization-framework-9e21"), "saves 4× memory", 4.0, law="ratio",
        inputs=(("a", "4 B"), ("b", "1 B")), result="ratio",
        # QuantizationEnergyPhysics: mem_reduction_ratio = BYTES_FP32/BYTES_INT8 = 4/1
        note="4 bytes per FP32 weight over 1 byte per INT8 weight."),
    # QuantizationSpeedup: params_b = 7; fp16_size_gb = 7 × 2 = 14; fp16_total_gb = 14 + 1 =
    # 15; mem_bw_gbs = SystemMemory 50 GB/s; fp16_latency_ms = 14/50 × 1000 = 280;
    # fp16_toks = 1000/280 = 3.57 → "3.6 tokens/s"; int4_size_gb = 7 × 0.5 = 3.5;
    # int4_latency_ms = 3.5/50 × 1000 = 70; int4_toks = 1000/70 = 14.3 → fmt_int "14";
    # speedup = 14.29/3.57 = 4 → "4".
    Example(
        "compr-7b-fp16-token-latency", "data movement",
        "Reading 14 GB of FP16 weights per token at 50 GB/s",
        compression("optimization-framework-9e21"), "takes 280 per token", 280 * MS,
        law="transfer-time", inputs=(("data", "14 GB"), ("bandwidth", "50 GB/s")),
        result="time",
        note="14 GB/50 GB/s = 0.28 s (the cell's unitless '280' is milliseconds); 50 GB/s is "
             "the book's system-memory (DDR4/5) bandwidth."),
    Example(
        "compr-7b-fp16-tokens-per-s", "serving", "Tokens per second at 280 ms a token",
        compression("optimization-framework-9e21"), "That is 3.6 tokens/s", 3.6,
        law="littles-law-rate", inputs=(("n", "1"), ("time", "280 ms")), result="rate",
        note="One token per weight read: 1/0.28 s = 3.57 tokens/s."),
    Example(
        "compr-7b-int4-size", "training", "The 7B model's weights in INT4",
        compression("optimization-framework-9e21"), "7 × 10^9 × 0.5 = 3.5", 3.5 * GB,
        law="model-states", inputs=_weights("7e9", "0.5"), result="total",
        note="7 × 10⁹ × 0.5 B = 3.5 GB."),
    Example(
        "compr-7b-int4-token-latency", "data movement",
        "Reading 3.5 GB of INT4 weights per token at 50 GB/s",
        compression("optimization-framework-9e21"), "takes 70", 70 * MS, law="transfer-time",
        inputs=(("data", "3.5 GB"), ("bandwidth", "50 GB/s")), result="time",
        note="3.5 GB/50 GB/s = 0.07 s."),
    Example(
        "compr-7b-int4-tokens-per-s", "serving", "Tokens per second at 70 ms a token",
        compression("optimization-framework-9e21"), "Speed jumps to 14 tokens/s", 14.0,
        law="littles-law-rate", inputs=(("n", "1"), ("time", "70 ms")), result="rate",
        tolerance=0.5, note="1/0.07 s = 14.3 tokens/s, printed as an integer."),
    Example(
        "compr-7b-int4-speedup", "speedup", "INT4 against FP16 when decoding is bandwidth-bound",
        compression("optimization-framework-9e21"), "a 4× Linear Speedup", 4.0, law="ratio",
        inputs=(("a", "280 ms"), ("b", "70 ms")), result="ratio",
        note="The time per token falls with the bytes read: 2 B/0.5 B."),
)

_DEPLOYMENT: tuple[Example, ...] = (
    # ModelDeviceComparison: gpt2_mem = GPT2.size_in_bytes(BYTES_FP32) = 1.5e9 × 4 = 6 GB;
    # mobilenet_mem = 3,504,872 × 4 = 14.02 MB → fmt(precision=0) "14 MB"; mobilenet_int8_mem
    # = 3,504,872 × 1 = 3.50 MB → "3.5 MB".
    Example(
        "compr-gpt2-xl-fp32-size", "training", "GPT-2 XL (1.5B) in FP32: the deployment gap",
        compression("deployment-context-0d88"), "6 GB", 6 * GB, law="train-memory",
        inputs=(("params", "1.5e9"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only", note="1.5 × 10⁹ × 4 B."),
    Example(
        "compr-mobilenetv2-fp32-size", "training", "MobileNetV2 in FP32: the deployment gap",
        compression("deployment-context-0d88"), "14 MB", 14 * MB, law="train-memory",
        inputs=(("params", "3504872"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only", note="3,504,872 × 4 B = 14.02 MB."),
    Example(
        "compr-mobilenetv2-int8-size", "training", "MobileNetV2 in INT8: the deployment gap",
        compression("deployment-context-0d88"), "3.5 MB", 3.5 * MB, law="model-states",
        inputs=_weights("3504872", "1"), result="total", note="3,504,872 × 1 B = 3.50 MB."),
)

_STRUCTURAL: tuple[Example, ...] = (
    Example(
        "compr-resnet50-90pct-pruned-params", "training",
        "ResNet-50's 25.6M parameters pruned by 90 percent",
        compression("structural-optimization-ee93"), "fewer than 3M parameters", 3e6,
        law="ratio", inputs=(("a", "25.6e6"), ("b", "10")), result="ratio", tolerance=0.5e6,
        # "ResNet-50's 25.6M parameters can be pruned by 90 percent with less than 2 percent
        # accuracy loss, implying that fewer than 3M parameters carry the task-relevant
        # information. This roughly 10× redundancy ratio ..."
        note="25.6M × (1 − 0.9) = 25.6M/10 = 2.56M, under the printed bound of 3M (the "
             "tolerance of half a million admits it); keeping a tenth is the '10× redundancy'."),
    Example(
        "compr-efficientnet-b7-over-b0-flops", "training",
        "EfficientNet-B7's 37 billion FLOPs against B0's 390 million",
        compression("structural-optimization-ee93"), "a 95× compute increase", 95.0,
        law="ratio", inputs=(("a", "37e9"), ("b", "390e6")), result="ratio",
        # "B0 (77.1 percent accuracy, 390 million FLOPs) to B7 (84.4 percent, 37 billion
        # FLOPs)—a 95× compute increase for 7.3 percentage points of accuracy"
        note="37 × 10⁹/390 × 10⁶ = 94.9×."),
    # MobileNetCompressionAnchor: pruning_pct = (1 − 2/14) × 100 = 85.71, fmt(precision=1)
    # "85.7%" (checked 80–90).
    Example(
        "compr-mobilenet-pruning-fraction", "training",
        "A 14 MB MobileNet pruned to fit 2 MB of flash",
        compression("pruning-d1cb"), "about 85.7% of the model's weights", -0.857,
        law="ratio", inputs=(("a", "2 MB"), ("b", "14 MB")), result="change",
        note="2/14 − 1 = −85.7%: the share of weights (by size) removed."),
    Example(
        "compr-iterative-pruning-channels", "training",
        "Iterative pruning: six of twenty-two channels removed",
        compression("iterative-pruning-ee12"), "27 percent fewer channels", -0.27,
        law="ratio", inputs=(("a", "16"), ("b", "22")), result="change",
        # fig-iterative-pruning caption: "each removing two of the original twenty-two
        # channels ... a 0.4 percent loss with 27 percent fewer channels"
        note="3 cycles × 2 channels = 6 of 22: 16/22 − 1 = −27.3%."),
    Example(
        "compr-iterative-pruning-accuracy", "training",
        "Iterative pruning: accuracy from 0.995 to 0.991",
        compression("iterative-pruning-ee12"), "only a 0.4 percent reduction", -0.004,
        law="ratio", inputs=(("a", "0.991"), ("b", "0.995")), result="change",
        note="0.991/0.995 − 1 = −0.40% (relative; also 0.4 points)."),
    Example(
        "compr-oneshot-pruning-accuracy", "training",
        "One-shot pruning: accuracy from 0.995 to 0.943 after fine-tuning",
        compression("oneshot-pruning-12a1"), "a 5 percent degradation", -0.05,
        law="ratio", inputs=(("a", "0.943"), ("b", "0.995")), result="change",
        note="0.943/0.995 − 1 = −5.2% (5.2 points)."),
    Example(
        "compr-distilbert-memory", "training", "DistilBERT's memory: 1.35 GB to 0.81 GB",
        compression("efficiency-gains-tradeoffs-fb5b"),
        "proportional to the 60 percent parameter scale", 0.60, law="ratio",
        inputs=(("a", "0.81 GB"), ("b", "1.35 GB")), result="ratio",
        # "memory drops from 1.35 GB to 0.81 GB (proportional to the 60 percent parameter
        # scale) and latency from 85 ms to 34 ms"
        note="0.81/1.35 = 0.60, as 66M/110M = 0.60 parameters (optimizations-distilbert-"
             "params)."),
    Example(
        "compr-distilbert-latency", "speedup", "DistilBERT's latency: 85 ms to 34 ms",
        compression("efficiency-gains-tradeoffs-fb5b"), "60 percent faster inference", -0.60,
        law="ratio", inputs=(("a", "34 ms"), ("b", "85 ms")), result="change",
        note="34/85 − 1 = −60% of the time: a 2.5× speedup, which the book calls 60 percent "
             "faster."),
    Example(
        "compr-rank-128-parameter-fraction", "training",
        "A 4096×4096 matrix of effective rank 128",
        compression("efficiency-gains-tradeoffs-fb5b"), "only 6.25 percent as many parameters",
        0.0625, law="ratio", inputs=(("a", "1048576"), ("b", "16777216")), result="ratio",
        # "A 4096×4096 weight matrix in a transformer layer may have an effective rank of only
        # 128—meaning it can be approximated with only 6.25 percent as many parameters"
        note="2 × 4096 × 128 = 1,048,576 against 4096² = 16,777,216 (dense-params "
             "'4096, 128, 4096' against '4096, 4096', no biases)."),
    # LowRankFactorization: full_mb = 4096² × 4 B = 67,108,864 B = 67.1 MB (fmt precision=1);
    # factored_mb = 2 × 4096 × 128 × 4 = 4,194,304 B = 4.2 MB; data_reduction = 16 "16".
    Example(
        "compr-lowrank-full-fp32", "data movement", "A 4096×4096 FP32 weight matrix",
        compression("lowrank-factorization-955e"), "requires 67.1 (at FP32)", 67.1 * MB,
        law="dense-params", inputs=(("widths", "4096, 4096"), ("bias", "no"),
                                    ("precision", "fp32")), result="memory",
        note="4096² × 4 B = 67,108,864 B (decimal MB; the cell's string carries no unit)."),
    Example(
        "compr-lowrank-factored-fp32", "data movement",
        "Its rank-128 factors, 4096×128 and 128×4096, in FP32",
        compression("lowrank-factorization-955e"), "totaling only 4.2", 4.2 * MB,
        law="dense-params", inputs=(("widths", "4096, 128, 4096"), ("bias", "no"),
                                    ("precision", "fp32")), result="memory",
        note="2 × 4096 × 128 × 4 B = 4,194,304 B: the factors as two dense layers through a "
             "128-wide bottleneck."),
    Example(
        "compr-lowrank-data-reduction", "data movement",
        "Rank-128 factorization of a 4096×4096 matrix: bytes moved",
        compression("lowrank-factorization-955e"), "a 16× reduction in data movement", 16.0,
        law="ratio", inputs=(("a", "67.108864 MB"), ("b", "4.194304 MB")), result="ratio",
        note="4096²/(2 × 4096 × 128) = 4096/256 = 16."),
)

_PRECISION: tuple[Example, ...] = (
    # QuantizationMemoryAnchor repeats 7 × 2 = 14 (compr-llama2-7b-fp16-weights).
    # EnergyCosts: the registry's Horowitz adds printed raw (f"{x}"): AddInt32 0.1, AddInt8
    # 0.03, AddFp32 0.9, AddFp16 0.4 pJ.
    *(Example(
        f"compr-{event}-energy", "energy", f"{title} (45 nm)", compression("energy-costs-d1d5"),
        printed, value * PJ, law="energy-ratio", inputs=(("a", event), ("b", "int8-add")),
        result="e_a", note="Horowitz, ISSCC 2014.")
      for event, title, printed, value in (
          ("int32-add", "A 32-bit integer addition", "costs 0.1 pJ", 0.1),
          ("int8-add", "An 8-bit integer addition", "is just 0.03 pJ", 0.03),
          ("fp32-add", "A 32-bit floating-point addition", "approximately 0.9 pJ", 0.9),
          ("fp16-add", "A 16-bit floating-point addition", "requires 0.4 pJ", 0.4))),
    Example(
        "compr-int32-mult-energy", "energy", "A 32-bit integer multiply (45 nm)",
        compression("energy-costs-d1d5"), "INT32 multiply: 3.10 pJ", 3.10 * PJ,
        law="energy-ratio", inputs=(("a", "int32-mult"), ("b", "int8-mult")), result="e_a",
        note="fig-quantized-energy's bar, Horowitz's 3.1 pJ."),
    # EnergyDividend: e_int8_mac = OpInt8 0.2 + AddInt8 0.03 = 0.23 pJ;
    # dram_read_vs_int8_mac = 640/0.23 = 2,782.6 (fmt precision=1, commas).
    Example(
        "compr-dram-read-vs-int8-mac", "energy",
        "A 32-bit DRAM read against an INT8 multiply-accumulate",
        compression("energy-dividend"), "roughly 2,782.6× the energy", 2782.6, law="ratio",
        inputs=(("a", "640 pJ"), ("b", "0.23 pJ")), result="ratio",
        note="640 pJ/(0.2 + 0.03) pJ = 2,782.6. The 0.23 pJ MAC is `calc energy --flops 2 "
             "--precision int8` (int8 at (0.2 + 0.03)/2 pJ a FLOP)."),
    Example(
        "compr-dlrm-embedding-int4", "data movement",
        "DLRM embedding tables FP32 → INT4: bytes per value",
        compression("energy-dividend"), "reduces memory footprint by 4--8×", 8.0, law="ratio",
        inputs=(("a", "4 B"), ("b", "0.5 B")), result="ratio",
        # "Quantizing embedding tables from FP32 to INT8 (or INT4) reduces memory footprint by
        # 4--8×" — the INT8 end is compr-fp32-int8-memory's 4 B/1 B.
        note="4 B/0.5 B: the upper end of the range."),
    Example(
        "compr-dscnn-battery-int8", "energy",
        "A coin-cell DS-CNN: one month on FP32, with 4× less energy per inference on INT8",
        compression("energy-dividend"), "might last four months on INT8", 4 * 30.44 * 86400,
        law="battery-life", inputs=(("capacity", "1 J"), ("power", "0.25 J/month")),
        result="runtime", tolerance=86400.0,
        # "this 4× energy difference translates directly to battery life: a device that lasts
        # one month on FP32 might last four months on INT8"
        note="t = E/P: a battery that P_FP32 drains in a month lasts 4 months at P_FP32/4 "
             "(capacity normalized to 1 J)."),
    # QuantizationSavings: params_b = round(8.03) = 8; fp16_size_gb = 8 × 2 = 16 (fmt_int);
    # int4_size_gb = 8 × 0.5 = 4; ratio = 4 (checked).
    Example(
        "compr-llama3-8b-fp16-size", "training", "Llama 3 8B in FP16",
        compression("performance-gains-0656"), "8 × 10^9 × 2 bytes (16-bit) = 16", 16 * GB,
        law="train-memory", inputs=(("params", "8e9"), ("precision", "fp16"),
                                    ("optimizer", "sgd")), result="weights_only",
        note="The cell rounds Llama-3.1-8B's 8.03 × 10⁹ parameters to 8 first."),
    Example(
        "compr-llama3-8b-int4-size", "training", "Llama 3 8B in INT4",
        compression("performance-gains-0656"), "8 × 10^9 × 0.5 bytes (INT4) = 4", 4 * GB,
        law="model-states", inputs=_weights("8e9", "0.5"), result="total",
        note="8 × 10⁹ × 0.5 B; fits an 8 GB GPU."),
    Example(
        "compr-llama3-8b-fp16-int4-ratio", "data movement", "Llama 3 8B: FP16 over INT4",
        compression("performance-gains-0656"), "4× compression", 4.0, law="ratio",
        inputs=(("a", "16 GB"), ("b", "4 GB")), result="ratio", note="2 B/0.5 B."),
    # SIMDThroughput: register_bits 512 (AVX-512); ops_fp32 = 512 // 32 = 16; ops_int8 =
    # 512 // 8 = 64; gain = 64 // 16 = 4 (checked).
    *(Example(
        f"compr-simd-{key}", "speedup", title, compression("performance-gains-0656"),
        printed, value, law="ratio", inputs=(("a", a), ("b", b)), result="ratio",
        note=note)
      for key, title, printed, value, a, b, note in (
          ("fp32-lanes", "FP32 elements in a 512-bit AVX-512 register", "512/32 = 16", 16.0,
           "512", "32", "512 bits over 32 bits per element."),
          ("int8-lanes", "INT8 elements in a 512-bit AVX-512 register", "512/8 = 64", 64.0,
           "512", "8", "512 bits over 8 bits per element."),
          ("int8-gain", "INT8 over FP32 elements per vector instruction", "64/16 = 4×", 4.0,
           "64", "16", "The same register holds four times the elements."))),
    # A100Int8Speedup: a100_tflops_fp16 = 312 (peak_flops), a100_tops_int8 = 624;
    # a100_int8_speedup = int(624/312) = 2.
    Example(
        "compr-a100-int8-over-fp16", "speedup", "A100 Tensor Cores: INT8 TOPS against FP16",
        compression("performance-gains-0656"), "a 2× peak throughput increase", 2.0,
        law="ratio", inputs=(("a", "624 TFLOP/s"), ("b", "312 TFLOP/s")), result="ratio",
        note="624 dense INT8 TOPS over 312 dense FP16 TFLOP/s (the A100 datasheet's dense "
             "figures)."),
    Example(
        "compr-fp32-int4-storage", "data movement", "INT4 storage against FP32",
        compression("numerical-format-comparison-8fa2"), "8× smaller", 8.0, law="ratio",
        inputs=(("a", "4 B"), ("b", "0.5 B")), result="ratio",
        note="32 bits over 4 bits (tbl-numerics)."),
    Example(
        "compr-fp32-binary-storage", "data movement", "Binary weights against FP32",
        compression("numerical-format-comparison-8fa2"), "16--32× smaller", 32.0, law="ratio",
        inputs=(("a", "32"), ("b", "1")), result="ratio",
        note="32 bits over 1 bit; ternary (2 bits) is the 16× end."),
)

US = 1e-6
_V100 = (CatalogValue("v100-sxm2", "bandwidth", "900 GB/s", "HBM2, the same figure"),
         CatalogValue("v100-sxm2", "peak:fp32", "15.7 TFLOP/s", "the same FP32 peak"))

# The second half of the chapter (from sec-model-compression-numerical-format-comparison on).
# Printed there but not computable by one law, so left out: ConvFusionCalc's "4 × 256 × 28 ×
# 28 × 4 bytes ≈ 3.2 MB" (a tensor's bytes times four: no tensor-size law), FusionCalc's BN
# "1.6" and ReLU "1.6" and total "7.2" (sums of transfers), QuantizationMathCalc's zero point
# "64" (a rounding) and "2^8 − 1 = 255" (a power), TheoryPracticeSpeedup's "2 × 3 = 6×" and
# FallaciesAnalysis's "4 × 2 = 8×" (products of speedups: no law multiplies speedups), and
# ResNet50Int8Metrics' latency, size and energy (mlsysim's Engine.solve, not a closed form).
_LATER: tuple[Example, ...] = (
    # EnergyRatio: fp32_mac_pj = FlopFp32 3.7 + AddFp32 0.9 = 4.6; int8_mac_pj = OpInt8 0.2 +
    # AddInt8 0.03 = 0.23; ratio = 4.6/0.23 = 20, fmt(precision=0) "20".
    Example(
        "compr-int8-vs-fp32-mac-energy", "energy",
        "An FP32 multiply-accumulate against an INT8 one (45 nm)",
        compression("energy-efficiency-sustainability-7150"),
        "uses roughly 20× less energy", 20.0, law="energy-ratio",
        inputs=(("a", "4.6 pJ"), ("b", "0.23 pJ")), result="ratio",
        note="(3.7 + 0.9) pJ / (0.2 + 0.03) pJ: Horowitz's multiply plus add at each "
             "precision."),
    # QuantizationMathCalc: alpha = −1, beta = 3, bits 8; int_steps = 2^8 − 1 = 255; scale =
    # 4/255 = 0.0156863 → fmt(precision=4) "0.0157"; zp_quotient = 1/scale = 255/4 = 63.75
    # → "63.75"; zero_point = round(63.75) = 64.
    Example(
        "compr-affine-scale", "data movement",
        "Affine UINT8 quantization of [−1, 3]: the scale",
        compression("tuning-quantization-ranges-439d"), "≈ 0.0157", 0.0157,
        law="ratio", inputs=(("a", "4"), ("b", "255")), result="ratio",
        note="s = (β − α)/(2^b − 1) = (3 − (−1))/255 = 0.015686."),
    Example(
        "compr-affine-zero-point-quotient", "data movement",
        "Affine UINT8 quantization of [−1, 3]: −α/s before rounding",
        compression("tuning-quantization-ranges-439d"), "round(63.75)", 63.75, law="ratio",
        inputs=(("a", "255"), ("b", "4")), result="ratio",
        note="−α/s = 1/(4/255) = 255/4 = 63.75 (the cell divides by the unrounded scale; "
             "1/0.0157 would give 63.69); rounded, the zero point is 64."),
    # TheoryPracticeSpeedup: theoretical = 2 × 3 = 6; measured 1.5; realized_fraction_pct =
    # 1.5/6 × 100 = 25, fmt(precision=0) "25" (the page prints no percent sign).
    Example(
        "compr-theory-practice-realized-fraction", "speedup",
        "A measured 1.5× against the paper's 6× (50% pruning × INT8)",
        compression("challenges-limitations-a99c"), "roughly 25 of the paper speedup", 0.25,
        law="ratio", inputs=(("a", "1.5"), ("b", "6")), result="ratio",
        note="1.5/6 = 25% (the cell's string has no unit; the 6× is 2× pruning × 3× INT8)."),
    # ConvFusionCalc: transfer_reduction = 6/2 = 3 (checked), fmt "3".
    Example(
        "compr-fusion-transfer-reduction", "data movement",
        "Conv-BN-ReLU fusion: memory transfers, unfused against fused",
        compression("operator-fusion-ac1d"), "(3× reduction)", 3.0,
        law="ratio", inputs=(("a", "6"), ("b", "2")), result="ratio",
        note="Three kernels each read and write (6) against one read and one write (2)."),
    # FusionCalc: feat_map_mb = 256 × 28 × 28 × 4/10⁶ = 0.802816 → feat_map_kb "802.8";
    # weights_mb = 2.4 (a constant, "2.4"); unfused_conv_mb = 2 × 0.802816 + 2.4 = 4.005632,
    # fmt_int(round()) "4"; total_fused_mb = the same 4.005632 → "4 MB"; unfused_bn_mb =
    # 1.605632 + 0.002 = 1.607632; unfused_relu_mb = 1.605632; total_unfused_mb = 7.218896 →
    # "7.2"; bandwidth_reduction_pct = (1 − 4.005632/7.218896) × 100 = 44.51 → "44.5";
    # V100 900 GB/s: unfused_time_us = 7.218896/900 × 1000 = 8.02 → "8"; fused_time_us =
    # 4.005632/900 × 1000 = 4.45 → "4.5"; fusion_speedup = 8.021/4.451 = 1.802 → "1.80";
    # saved_latency_ms = (159 − 53) × 10 µs/1000 = 1.06 → "1.1".
    Example(
        "compr-fusion-feature-map", "data movement", "A 28×28×256 FP32 feature map",
        compression("operator-fusion-ac1d"), "(802.8)", 802.8e3,
        law="conv", inputs=(("batch", "1"), ("c_in", "256"), ("size", "28"), ("c_out", "256"),
                            ("kernel", "3"), ("padding", "1"), ("precision", "fp32")),
        result="inputs",
        note="256 × 28 × 28 × 4 B = 802,816 B: the convolution's input (the cell's string is "
             "kilobytes with no unit)."),
    Example(
        "compr-fusion-conv-weights", "data movement",
        "The convolution's weights: 256 → 256 channels, FP32",
        compression("operator-fusion-ac1d"), "plus weights (2.4)", 2.4 * MB, law="conv",
        inputs=(("batch", "1"), ("c_in", "256"), ("size", "28"), ("c_out", "256"),
                ("kernel", "3"), ("padding", "1"), ("precision", "fp32")), result="weights",
        note="The book states 2.4 MB without a kernel size; a 3×3 kernel gives 256 × 256 × 9 "
             "× 4 B = 2,359,296 B = 2.36 MB, which rounds to it."),
    Example(
        "compr-fusion-unfused-conv-traffic", "data movement",
        "Unfused Conv: read the input and weights, write the output",
        compression("operator-fusion-ac1d"), "totaling 4", 4 * MB, law="conv",
        inputs=(("batch", "1"), ("c_in", "256"), ("size", "28"), ("c_out", "256"),
                ("kernel", "3"), ("padding", "1"), ("precision", "fp32")), result="data",
        note="0.80 + 2.36 + 0.80 MB = 3.96 MB (the cell: 2 × 0.802816 + 2.4 = 4.006 MB, "
             "printed as an integer without a unit)."),
    Example(
        "compr-fusion-fused-traffic", "data movement",
        "Fused Conv-BN-ReLU: input and weights read once, output written once",
        compression("operator-fusion-ac1d"), "requiring only 4 MB", 4 * MB, law="conv",
        inputs=(("batch", "1"), ("c_in", "256"), ("size", "28"), ("c_out", "256"),
                ("kernel", "3"), ("padding", "1"), ("precision", "fp32")), result="data",
        note="The fused kernel moves exactly one convolution's bytes: 3.96 MB (the book's "
             "2 × 0.803 + 2.4 = 4.006 MB)."),
    Example(
        "compr-fusion-bandwidth-reduction", "data movement",
        "Conv-BN-ReLU fusion: 7.2 MB of traffic down to 4 MB",
        compression("operator-fusion-ac1d"), "a 44.5 bandwidth reduction", -0.445,
        law="ratio", inputs=(("a", "4.005632 MB"), ("b", "7.218896 MB")), result="change",
        note="4.006/7.219 − 1 = −44.5% (unfused: Conv 4.006 + BN 1.608 + ReLU 1.606 MB; the "
             "cell's string has no percent sign)."),
    Example(
        "compr-fusion-unfused-time", "data movement",
        "Unfused Conv-BN-ReLU on a V100: 7.2 MB at 900 GB/s",
        compression("operator-fusion-ac1d"), "approximately 8 microseconds", 8 * US,
        law="transfer-time", inputs=(("data", "7.218896 MB"), ("bandwidth", "900 GB/s")),
        result="time", catalog=_V100,
        note="7.219 MB/900 GB/s = 8.02 µs: memory-bound (the compute is the same fused or "
             "not)."),
    Example(
        "compr-fusion-fused-time", "data movement",
        "Fused Conv-BN-ReLU on a V100: 4 MB at 900 GB/s",
        compression("operator-fusion-ac1d"), "approximately 4.5 microseconds", 4.5 * US,
        law="transfer-time", inputs=(("data", "4.005632 MB"), ("bandwidth", "900 GB/s")),
        result="time", catalog=_V100, note="4.006 MB/900 GB/s = 4.45 µs."),
    Example(
        "compr-fusion-speedup", "speedup", "Conv-BN-ReLU fusion's speedup when memory-bound",
        compression("operator-fusion-ac1d"), "1.80× speedup", 1.80, law="ratio",
        inputs=(("a", "7.218896 MB"), ("b", "4.005632 MB")), result="ratio",
        note="At one bandwidth the time ratio is the byte ratio: 8.021 µs/4.451 µs = 1.802."),
    Example(
        "compr-fusion-launch-overhead", "serving",
        "ResNet-50: 159 unfused kernel launches against 53 fused, at 10 µs each",
        compression("operator-fusion-ac1d"), "saving approximately 1.1 millisecond", 1.1 * MS,
        law="resource-time", inputs=(("count", "106"), ("each", "10 us")), result="total",
        note="(159 − 53) = 106 launches saved × 10 µs = 1.06 ms."),
    Example(
        "compr-switch-transformer-active-fraction", "training",
        "Switch Transformer: parameters active per token",
        compression("gatebased-computation-cf6b"), "0.13 percent of total", 0.0013, law="ratio",
        inputs=(("a", "2e9"), ("b", "1.6e12")), result="ratio", tolerance=0.6e-4,
        # fn-switch-transformer-scaling: "scales to 1.6 trillion parameters while activating
        # only two billion per token (0.13 percent of total)"
        note="2 × 10⁹/1.6 × 10¹² = 0.125%, which the book rounds up to 0.13 (the tolerance "
             "admits the half-unit)."),
    Example(
        "compr-dense-4x4-matvec-mults", "roofline",
        "A dense 4×4 matrix times a vector: multiplications",
        compression("sparsity-utilization-methods-04c3"), "requires 16 multiplications", 16.0,
        law="dense", inputs=(("batch", "1"), ("in_features", "4"), ("out_features", "4")),
        result="macs",
        note="4 × 4 multiply-accumulates; the sparse example's 6 nonzeros need 6."),
    Example(
        "compr-lowrank-1000-dense-params", "training", "A 1000×1000 weight matrix",
        compression("sparsity-utilization-methods-04c3"),
        "1000×1000 with one million parameters", 1e6, law="dense-params",
        inputs=(("widths", "1000, 1000"), ("bias", "no")), result="params", tolerance=0.5,
        note="1000 × 1000 (the book writes the count in words)."),
    Example(
        "compr-lowrank-1000-rank50-params", "training",
        "Its rank-50 factors, 1000×50 and 50×1000",
        compression("sparsity-utilization-methods-04c3"),
        "results in only 100,000 parameters", 1e5, law="dense-params",
        inputs=(("widths", "1000, 50, 1000"), ("bias", "no")), result="params",
        note="2 × 1000 × 50 = 100,000: the factors as two dense layers through a 50-wide "
             "bottleneck."),
    # AmdahlCompression: model_fraction 0.20; max_speedup = 1/(1 − 0.2) = 1.25 (checked),
    # fmt(precision=2) "1.25".
    Example(
        "compr-amdahl-model-fraction", "speedup",
        "Model inference at 20% of end-to-end latency, optimized perfectly",
        compression("profiling-opportunity-analysis-477f"),
        "at most 1.25× overall speedup", 1.25, law="amdahl",
        inputs=(("p", "0.2"), ("s", "1e6")), result="limit",
        note="1/(1 − 0.2): the other 80% (loading, pre- and postprocessing) is untouched."),
    Example(
        "compr-fp32-vs-bf16-bandwidth", "data movement", "FP32 against BF16: bytes per value",
        compression("fallacies-pitfalls-1b5e"), "2× the memory bandwidth of BF16", 2.0,
        law="ratio", inputs=(("a", "4 B"), ("b", "2 B")), result="ratio",
        note="4 bytes over 2 bytes per value moved."),
    Example(
        "compr-csr-break-even-density", "data movement",
        "CSR storage (FP32 values, INT32 indices) against dense FP32",
        compression("fallacies-pitfalls-1b5e"), "breaks even at roughly 50 percent density",
        0.50, law="ratio", inputs=(("a", "4 B"), ("b", "8 B")), result="ratio",
        note="Dense costs 4 B an element, CSR 4 + 4 B a nonzero: equal at density 4/8, before "
             "the row pointers."),
    Example(
        "compr-coo-break-even-density", "data movement",
        "COO storage (FP32 values, two INT32 indices) against dense FP32",
        compression("fallacies-pitfalls-1b5e"), "COO at roughly 33 percent density", 0.33,
        law="ratio", inputs=(("a", "4 B"), ("b", "12 B")), result="ratio",
        note="4 B against 4 + 4 + 4 B a nonzero (row, column, value): 1/3."),
)

EXAMPLES: tuple[Example, ...] = (_FRAMEWORK + _DEPLOYMENT + _STRUCTURAL + _PRECISION
                                 + _LATER)
