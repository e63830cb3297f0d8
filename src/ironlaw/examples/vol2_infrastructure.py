"""The book's worked examples from the 2026 edition's second volume (vol2): its infrastructure
chapters (Compute Infrastructure, Network Fabrics, Data Storage), as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. Each chapter file was read at the commit
``COMMITS`` names; the quoted sentence sits beside each example. Where the book prints a value
from an inline ``{python}`` cell, the value was worked out by hand from the cell's code and the
book's constants (``book/quarto/mlsys/constants.py``: H100_MEM_BW = 3.35 TB/s, H100_TDP = 700 W,
H100_MEM_CAPACITY = 80 GiB, INFINIBAND_NDR_BW = 400 Gbps, NVLINK_H100_BW = 900 GB/s,
CLOUD_ELECTRICITY_PER_KWH = $0.12/kWh, GPT3_PARAMS = 175 B; the chapter's own cell sets the
H100's FP16 peak to 1979 TFLOP/s), with the arithmetic beside it. All three chapters
were read whole (Compute Infrastructure's last 42,000 characters, from its Emerging Technologies
section, and Data Storage's last 41,500, from its Egress Tax notebook, in a second pass).
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, chapter_file, sections
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio
from ironlaw.examples.gallery import weights_only as _weights

# the version of each chapter file that was read (harvard-edge/cs249r_book)
COMMITS = {
    "compute_infrastructure": "c9959e4689c3d6c804cfae5de2600a39e93c4ddc",
    "network_fabrics": "b1d7fa677883809bdf5f4d9ef0611af44e44c967",
    "data_storage": "a392f073af43a82e8b4bae25ad6538b7373c4da1",
}
GIB = 2.0**30
KB, MB, GB, TB = 1e3, 1e6, 1e9, 1e12
MS, US, HOUR, DAY = 1e-3, 1e-6, 3600.0, 86400.0
KW, MW = 1e3, 1e6


compute = sections(chapter_file("vol2", "compute_infrastructure"),
                   COMMITS["compute_infrastructure"], "sec-compute-")


H100 = "1979 TFLOP/s"  # the chapter's FP16 peak (InfraSetup.h100_flops: 1979 TFLOPs/second)

COMPUTE: tuple[Example, ...] = (
    # "In standard half-precision (FP16), the model's weights alone occupy 350 GB of memory."
    Example(
        "v2compute-gpt3-weights-fp16", "training", "The 175B running example's weights in FP16",
        compute("introduction"), "350 GB", 350 * GB, law="train-memory",
        inputs=(("params", "175e9"), ("precision", "fp16"), ("optimizer", "adam")),
        result="weights_only", note="175 × 10⁹ × 2 B."),
    # "provides 80 GB of High Bandwidth Memory. The model is more than 4× larger than the hardware"
    _ratio("v2compute-gpt3-vs-h100-hbm", "training", "350 GB of weights against one H100's 80 GB",
           compute("introduction"), "more than 4×", 4.375, "350 GB", "80 GB", tolerance=0.375,
           note="350/80 = 4.375; 'more than 4×' allows 4 to 4.75."),
    # "Even with an aggressive 64-core server running at 2 TFLOPS aggregate, the computation would
    # take over 5 years." (GPT-3: "approximately 3.1 × 10²³ FLOPs")
    Example(
        "v2compute-gpt3-on-a-cpu-server", "training", "GPT-3's 3.1 × 10²³ FLOPs on a 2 TFLOPS CPU",
        compute("accelerator-core"), "over 5 years", 5 * 365 * DAY, law="time-to-train",
        inputs=(("flops", "3.1e23"), ("devices", "1"), ("peak", "2 TFLOP/s"),
                ("utilization", "1")), result="time",
        disputed="3.1 × 10²³ / 2 × 10¹² FLOP/s = 1.55 × 10¹¹ s = about 4,900 years, not 5: the "
                 "text is off by a factor of about a thousand.",
        hand_value=3.1e23 / 2e12),
    # "TPU v1 deployed a 256×256 array (65,536 MACs)"
    _arithmetic("v2compute-tpu-v1-systolic-macs", "roofline", "TPU v1's 256×256 systolic array",
                compute("accelerator-spectrum"), "65,536 MACs", 65536.0, "[256] * [256]"),
    # "The H100's 1979 TFLOPS of FP16 Tensor Core throughput at 700 W represents a 6.8×
    # efficiency improvement over V100" (V100: "125 TFLOPS of FP16 ... at 300 W")
    _arithmetic("v2compute-h100-vs-v100-tflops-per-watt", "energy",
                "H100 against V100: FP16 TFLOPS per watt", compute("accelerator-spectrum"),
                "6.8×", 6.8, "([1979 TFLOP/s] / [700 W]) / ([125 TFLOP/s] / [300 W])",
                note="2.827 / 0.4167 TFLOPS/W = 6.79."),
    # fig-accelerator-efficiency-wall: "Raw throughput has grown 236× from the P100 to the B200,
    # but efficiency (TFLOPS per watt) has grown only 70×" (cell: P100 21.2 TFLOPS at 300 W,
    # B200 5000 TFLOPS at 1000 W)
    _ratio("v2compute-p100-to-b200-throughput", "roofline", "FP16 TFLOPS, P100 to B200",
           compute("accelerator-spectrum"), "236×", 236.0, "5000 TFLOP/s", "21.2 TFLOP/s",
           note="The figure's data: 5000/21.2 = 235.8."),
    _arithmetic("v2compute-p100-to-b200-efficiency", "energy", "TFLOPS per watt, P100 to B200",
                compute("accelerator-spectrum"), "70×", 70.0,
                "([5000 TFLOP/s] / [1000 W]) / ([21.2 TFLOP/s] / [300 W])",
                tolerance=1.0, note="5.0 / 0.0707 TFLOPS/W = 70.75; the book truncates to 70."),
    # "An A100 with 80 GB of HBM2e can hold only 23% of our 175B model's weights (at FP16). An
    # H100 with 80 GB of HBM3 can hold the same fraction but deliver the data 65% faster. A B200
    # with 192 GB of HBM3e can hold 55% of the weights"
    _ratio("v2compute-a100-holds-share-of-gpt3", "training", "An A100's 80 GB against 350 GB",
           compute("hbm"), "23%", 0.23, "80 GB", "350 GB"),
    _ratio("v2compute-hbm3-vs-hbm2e", "data movement", "HBM3 (~3.3 TB/s) against HBM2e (~2.0 TB/s)",
           compute("hbm"), "65% faster", 0.65, "3.3 TB/s", "2.0 TB/s", result="change",
           note="The table's bandwidths: 3.3/2.0 − 1 = 0.65."),
    _ratio("v2compute-b200-holds-share-of-gpt3", "training", "A B200's 192 GB against 350 GB",
           compute("hbm"), "55%", 0.55, "192 GB", "350 GB"),
    # "The same 175B model quantized to INT8 requires only 175 GB ... Quantized to INT4, it
    # requires only 87.5 GB, fitting in a single H100."
    Example(
        "v2compute-gpt3-weights-int8", "serving", "The 175B model's weights in INT8",
        compute("hbm"), "175 GB", 175 * GB, law="model-states", inputs=_weights("175e9", "1"),
        result="total", note="175 × 10⁹ × 1 B."),
    Example(
        "v2compute-gpt3-weights-int4", "serving", "The 175B model's weights in INT4",
        compute("hbm"), "87.5 GB", 87.5 * GB, law="model-states",
        inputs=_weights("175e9", "0.5"), result="total", note="175 × 10⁹ × 0.5 B."),
    _ratio("v2compute-gpt3-int4-vs-one-h100", "serving",
           "The INT4 weights (87.5 GB) against one H100's 80 GB", compute("hbm"),
           "fitting in a single H100", 1.0, "87.5 GB", "80 GB",
           disputed="87.5 GB is 1.09 times an H100's 80 GB: it does not fit in one. The "
                    "chapter's quantization paragraph later says the same weights fit 'on two "
                    "GPUs'.", hand_value=87.5 / 80),
    # "A 70B model on an A100 (2.0 TB/s HBM2e bandwidth) generates tokens at roughly 70 GB /
    # 2.0 TB/s = 35 ms per token. The same model on an H100 (3.35 TB/s HBM3) generates tokens at
    # 70 GB / 3.35 TB/s = 20.9 ms per token, a 1.67× improvement. On a B200 (4.8 TB/s HBM3e),
    # latency drops further to 70 GB / 4.8 TB/s = 14.6 ms per token."
    *(Example(
        f"v2compute-70gb-token-{name}", "serving", f"Streaming 70 GB of weights from {label}",
        compute("hbm"), printed, value, law="transfer-time",
        inputs=(("data", "70 GB"), ("bandwidth", bandwidth)), result="time",
        note=f"One decode step reads every weight once: 70 GB / {bandwidth}.")
      for name, label, bandwidth, printed, value in (
          ("a100", "an A100's HBM2e", "2.0 TB/s", "35 ms per token", 35 * MS),
          ("h100", "an H100's HBM3", "3.35 TB/s", "20.9 ms per token", 20.9 * MS),
          ("b200", "a B200's HBM3e", "4.8 TB/s", "14.6 ms per token", 14.6 * MS))),
    _ratio("v2compute-70gb-token-h100-vs-a100", "serving", "H100 against A100 per-token latency",
           compute("hbm"), "a 1.67× improvement", 1.67, "35 ms", "20.9 ms",
           note="35/20.9 = 1.675 (3.35/2.0 exactly)."),
    # "serving such a model at batch size 1 would produce tokens at 2,000 GB / 4.8 TB/s = 417 ms
    # per token ... HBM4 at 6 TB/s would reduce this to 333 ms"
    Example(
        "v2compute-1t-model-token-hbm3e", "serving", "2 TB of weights per token from HBM3e",
        compute("hbm"), "417 ms per token", 417 * MS, law="transfer-time",
        inputs=(("data", "2000 GB"), ("bandwidth", "4.8 TB/s")), result="time"),
    Example(
        "v2compute-1t-model-token-hbm4", "serving", "2 TB of weights per token from HBM4",
        compute("hbm"), "333 ms", 333 * MS, law="transfer-time",
        inputs=(("data", "2000 GB"), ("bandwidth", "6 TB/s")), result="time"),
    # "The H100 has 5 HBM3 stacks, each providing approximately 670 GB/s, for a total of 3.35 TB/s"
    _arithmetic("v2compute-h100-hbm-stacks", "data movement", "Five HBM3 stacks at 670 GB/s",
                compute("hbm"), "3.35 TB/s", 3.35 * TB, "[5] * [670 GB/s]"),
    # nb-token-latency: "Generating one token for Llama-3 70B (140 GB weights in FP16) on an NVIDIA
    # H100. ... 2 × 70B = 1.4 × 10¹¹ floating-point operations. At 1979 TFLOPS ... Loading 140 GB
    # of weights from HBM at 3.35 TB/s". Cell TokenLatency: t_comp_ms = 1.4e11/1979e12 s =
    # 0.0707 ms -> "0.07"; t_mem_ms = 140e9/3.35e12 s = 41.79 ms -> "41.8"; mem_dominance =
    # 41.79/(41.79 + 0.0707) = 99.83 % -> "99.8".
    *(Example(
        f"v2compute-token-latency-{name}", "serving",
        f"Llama-3 70B decode step on an H100: {label}", compute("hbm"), printed, value,
        law="iron-law", inputs=(("data", "140 GB"), ("bandwidth", "3.35 TB/s"),
                                ("flops", "1.4e11"), ("peak", H100)), result=result,
        note=note)
      for name, label, printed, value, result, note in (
          ("compute", "the arithmetic", "0.07 ms", 0.07 * MS, "compute",
           "1.4 × 10¹¹ FLOP / 1979 TFLOP/s = 70.7 µs."),
          ("memory", "streaming the weights", "41.8 ms", 41.8 * MS, "transfer",
           "140 GB / 3.35 TB/s."))),
    _arithmetic("v2compute-token-latency-memory-share", "serving",
                "Share of the decode step spent waiting on memory", compute("hbm"),
                "99.8%", 0.998, "([140 GB] / [3.35 TB/s]) / ([140 GB] / [3.35 TB/s] + "
                "[1.4e11 FLOP] / [1979 TFLOP/s])",
                note="41.79 / (41.79 + 0.0707) = 0.9983 (cell TokenLatency.mem_dominance)."),
    # fig-compute-memory-divergence: "compute throughput has grown 36× from V100 to B200, while
    # memory bandwidth has grown only 9×" (cell: 125 -> 4500 TFLOPS, 900 -> 8000 GB/s)
    _ratio("v2compute-v100-to-b200-compute", "roofline", "FP16 Tensor TFLOPS, V100 to B200",
           compute("hbm"), "36×", 36.0, "4500 TFLOP/s", "125 TFLOP/s"),
    _ratio("v2compute-v100-to-b200-bandwidth", "roofline", "HBM bandwidth, V100 to B200",
           compute("hbm"), "9×", 9.0, "8000 GB/s", "900 GB/s",
           note="8000/900 = 8.9, which the book rounds to 9."),
    # "The ridge point is 591 FLOP/byte." (cell: h100_ridge = 1979 TFLOPs / 3.35 TB/s = 590.7)
    Example(
        "v2compute-h100-ridge-fp16", "roofline", "The H100's ridge point at 1979 TFLOPS",
        compute("roofline"), "591 FLOP/byte", 591.0, law="ridge-point",
        inputs=(("peak", H100), ("bandwidth", "3.35 TB/s")), result="ridge",
        note="1979 TFLOP/s / 3.35 TB/s = 590.7 FLOP/B."),
    # footnote: "For an H100 (989 TFLOPS FP16, 3.35 TB/s HBM), the ridge point is ~295 FLOP/byte"
    Example(
        "v2compute-h100-ridge-dense-fp16", "roofline",
        "The H100's ridge point at its 989 TFLOPS dense FP16", compute("roofline"),
        "~295 FLOP/byte", 295.0, law="ridge-point",
        inputs=(("peak", "989 TFLOP/s"), ("bandwidth", "3.35 TB/s")), result="ridge",
        note="989/3.35 = 295.2. The chapter elsewhere uses 1979 TFLOPS (the sparse figure) as "
             "the FP16 peak, hence its 591."),
    # Roofline Analysis: "The achievable throughput is 3.35 TFLOPS, which is less than 0.2% of the
    # H100's peak 1979 TFLOPS."
    Example(
        "v2compute-decode-roofline-attainable", "roofline",
        "Batch-1 decode (1 FLOP/byte) on the H100 roofline", compute("roofline"),
        "3.35 TFLOPS", 3.35e12, law="roofline",
        inputs=(("peak", H100), ("bandwidth", "3.35 TB/s"), ("intensity", "1")),
        result="attainable", note="min(1979, 3.35 × 1) TFLOP/s."),
    Example(
        "v2compute-decode-roofline-fraction", "roofline",
        "Batch-1 decode: share of the H100's peak", compute("roofline"),
        "less than 0.2%", 0.0017, law="roofline",
        inputs=(("peak", H100), ("bandwidth", "3.35 TB/s"), ("intensity", "1")),
        result="fraction", tolerance=0.0003,
        note="3.35/1979 = 0.17 %; 'less than 0.2%' allows 0.14–0.2 %."),
    # "each Tensor Core computes a 16×16×16 MMA per cycle, producing 4,096 multiply-accumulate
    # results ... This is equivalent to 8× what an entire CPU can produce per cycle" ("With 32
    # cores, a high-end server CPU achieves approximately 512 MACs per cycle")
    _arithmetic("v2compute-tensor-core-macs", "roofline", "One H100 Tensor Core's 16×16×16 MMA",
                compute("tensor-cores"), "4,096 multiply-accumulate results", 4096.0,
                "[16] * [16] * [16]"),
    _arithmetic("v2compute-cpu-macs-per-cycle", "roofline", "32 AVX-512 cores at 16 FP32 lanes",
                compute("tensor-cores"), "approximately 512 MACs per cycle", 512.0,
                "[32] * [16]"),
    _ratio("v2compute-tensor-core-vs-cpu", "roofline", "One Tensor Core against a whole CPU",
           compute("tensor-cores"), "8×", 8.0, "4096", "512"),
    # "With 528 Tensor Cores across the chip (4 per SM, 132 SMs), the H100 can execute over 2
    # million MACs per cycle"
    _arithmetic("v2compute-h100-macs-per-cycle", "roofline", "528 Tensor Cores × 4,096 MACs",
                compute("tensor-cores"), "over 2 million MACs per cycle", 2e6,
                "[4] * [132] * [4096]", tolerance=0.5e6,
                note="4 × 132 × 4096 = 2,162,688; 'over 2 million' allows 2.0–2.5 M."),
    # "At 2,000 W per accelerator, a single 8-GPU node would consume 16 kW of GPU power alone"
    _arithmetic("v2compute-2kw-gpu-node", "energy", "Eight 2,000 W accelerators",
                compute("tdp"), "16 kW", 16 * KW, "[8] * [2000 W]"),
    # "at 1,000 W ... the total energy that must be removed per package increases by 43%"
    _ratio("v2compute-b200-vs-h100-heat", "energy", "B200 (1,000 W) against H100 (700 W)",
           compute("tdp"), "increases by 43%", 0.43, "1000 W", "700 W", result="change"),
    # "At rack scale, four nodes of eight such chips each generate 27 kW" (cell: rack_power_kw =
    # 700 W × 8 × 4 × 1.2 = 26.88 kW -> "27")
    _arithmetic("v2compute-rack-power", "energy", "Four 8-GPU H100 nodes with 20% overhead",
                compute("tdp"), "27 kW", 27 * KW, "[700 W] * [8] * [4] * [1.2]",
                note="Cell InfraSetup.rack_power_kw: 22.4 kW × 1.2 = 26.88 kW."),
    # "For a 10,000-GPU cluster, the difference between BF16 and FP8 training is equivalent to
    # adding 10,000 more GPUs, a savings of roughly $3.5 billion in hardware cost."
    Example(
        "v2compute-10k-h100-hardware-cost", "operations",
        "10,000 more H100s at the book's DGX price ($350,000 per 8 GPUs)",
        compute("accelerator-selection"), "roughly $3.5 billion", 3.5e9, law="total-cost",
        inputs=(("items", "10000"), ("price", "$43750")), result="cost",
        disputed="The chapter prices a DGX H100 node (8 GPUs) at $350,000 and its own "
                 "10,000-GPU notebook totals $437.5M of hardware; $3.5 billion prices each GPU "
                 "as a whole node. 10,000 × $350,000/8 = $437.5M.",
        hand_value=10000 * 350e3 / 8),
    # notebook "The Energy Cost of Data Movement": "350 GB × 8 bits/byte × 4 pJ/bit ≈ 11.2 Joules"
    # "350 × 10⁹ MACs × 1 pJ/MAC ≈ 0.35 Joules" "consumes 32× more energy"
    *(Example(
        f"v2compute-gpt3-token-energy-{name}", "energy",
        f"One 175B decode step: {label}", compute("accelerator-selection"), printed, value,
        law="energy", inputs=(("flops", "7e11"), ("data", "350 GB"),
                              ("op_energy", "0.5 pJ"), ("byte_energy", "32 pJ/B")),
        result=result, note="350 × 10⁹ MACs = 7 × 10¹¹ FLOPs at 1 pJ per MAC (0.5 pJ/FLOP); "
                            "4 pJ/bit = 32 pJ/B from HBM.")
      for name, label, printed, value, result in (
          ("movement", "moving the weights from HBM", "11.2 Joules", 11.2, "movement"),
          ("compute", "the multiply-adds", "0.35 Joules", 0.35, "compute"))),
    _ratio("v2compute-gpt3-token-energy-ratio", "energy", "Moving the weights against the math",
           compute("accelerator-selection"), "32×", 32.0, "11.2 J", "0.35 J"),
    # "Reading a single FP16 operand (16 bits) from HBM consumes roughly 4 pJ per bit, totaling
    # 64 pJ. Reading that same operand from off-package DRAM costs approximately 20 pJ per bit,
    # or 320 pJ."
    _arithmetic("v2compute-fp16-operand-hbm", "energy", "One 16-bit operand from HBM",
                compute("accelerator-selection"), "64 pJ", 64e-12, "[16 bit] * [4 pJ/bit]"),
    _arithmetic("v2compute-fp16-operand-dram", "energy", "One 16-bit operand from DRAM",
                compute("accelerator-selection"), "320 pJ", 320e-12, "[16 bit] * [20 pJ/bit]"),
    # "The Adam optimizer maintains two additional copies of every parameter (first and second
    # moments), adding another 700 GB in FP32 precision. Gradients require another 350 GB. The
    # total is approximately 1.4 TB"
    Example(
        "v2compute-gpt3-adam-state-node", "training", "Adam's two FP32 moments for 175B",
        compute("node"), "another 700 GB in FP32", 700 * GB, law="train-memory",
        inputs=(("params", "175e9"), ("precision", "fp16"), ("optimizer", "adam")),
        result="optimizer_state",
        disputed="Two FP32 moments are 175 × 10⁹ × 2 × 4 B = 1,400 GB (as tbl-memory-breakdown "
                 "itself prints); 700 GB is one moment. The '1.4 TB' total then counts weights, "
                 "gradients and half the optimizer state.", hand_value=1400 * GB),
    # tbl-memory-breakdown: "adding 175 × 10⁹ × 4 × 2 = 1,400 GB"
    Example(
        "v2compute-gpt3-adam-state", "training", "Adam's two FP32 moments for 175B",
        compute("node-memory"), "1,400 GB", 1400 * GB, law="train-memory",
        inputs=(("params", "175e9"), ("precision", "fp16"), ("optimizer", "adam")),
        result="optimizer_state", note="175 × 10⁹ × (4 + 4) B."),
    # "reducing per-GPU weights to 350/8 = 43.75 GB"; "approximately 700/128 = 5.5 GB of
    # optimizer state"
    _arithmetic("v2compute-gpt3-tp8-weights", "training", "350 GB of weights over 8-way TP",
                compute("node-memory"), "43.75 GB", 43.75 * GB, "[350 GB] / [8]"),
    _arithmetic("v2compute-gpt3-zero1-128", "training", "700 GB of optimizer state over 128 ranks",
                compute("node-memory"), "5.5 GB", 5.5 * GB, "[700 GB] / [128]",
                note="700/128 = 5.47 GB (the book's 700 GB, itself one moment: see "
                     "v2compute-gpt3-adam-state-node)."),
    # Memory Budget example: "Each GPU stores the full optimizer state for its TP shard: 43.75 GB
    # × 4 (FP32 m and v) = 175 GB." "Total: ~113 GB"
    _arithmetic("v2compute-tp-shard-adam", "training", "Adam state for one 43.75 GB TP shard",
                compute("node-memory"), "175 GB", 175 * GB, "[43.75 GB] * [4]",
                note="The FP16 shard's 21.9 B parameters × 8 B of moments = 4 × its 2-byte "
                     "weights."),
    _arithmetic("v2compute-tp-shard-hbm-total", "training",
                "Per-GPU HBM: weights, activations, gradients, buffers",
                compute("node-memory"), "~113 GB", 113 * GB,
                "[43.75 GB] + [20 GB] + [43.75 GB] + [5 GB]", tolerance=0.5 * GB,
                note="112.5 GB, which the book rounds up."),
    # nb-comm-overhead: "T_intra = 1 GB / 900 GB/s ≈ 1.1 ms"; "T_inter = 1 GB / 50 GB/s ≈ 20 ms";
    # "increases communication time by approximately 18×" (ib_bw_gbs = 400 Gbps / 8 = 50)
    Example(
        "v2compute-1gb-over-nvlink", "data movement", "A 1 GB gradient buffer over NVLink",
        compute("node-memory"), "1.1 ms", 1.1 * MS, law="transfer-time",
        inputs=(("data", "1 GB"), ("bandwidth", "900 GB/s")), result="time"),
    Example(
        "v2compute-1gb-over-infiniband", "data movement",
        "A 1 GB gradient buffer over InfiniBand NDR", compute("node-memory"), "20 ms", 20 * MS,
        law="transfer-time", inputs=(("data", "1 GB"), ("bandwidth", "400 Gbit/s")),
        result="time", note="400 Gbps = 50 GB/s (cell: ib_bw_gbs)."),
    _ratio("v2compute-nvlink-vs-infiniband", "data movement", "Crossing the node boundary",
           compute("node-memory"), "approximately 18×", 18.0, "900 GB/s", "50 GB/s"),
    # "the activation tensor at each stage boundary is approximately 4 × 2,048 × 12,288 × 2 bytes
    # (FP16) ≈ 200 MB"
    Example(
        "v2compute-pipeline-boundary-activations", "training",
        "A 4 × 2,048-token microbatch of 12,288-wide FP16 activations",
        compute("bandwidth-hierarchy"), "≈ 200 MB", 200 * MB, law="model-states",
        inputs=_weights("100663296", "2"), result="total", tolerance=5 * MB,
        note="4 × 2048 × 12288 = 100,663,296 values × 2 B = 201.3 MB."),
    # "A fully connected mesh ... requires N × (N-1) / 2 = 28 links for 8 GPUs"
    Example(
        "v2compute-8gpu-full-mesh-links", "data movement", "Links of a full mesh of 8 GPUs",
        compute("dense-nodes"), "28 links", 28.0, law="pair-count", inputs=(("n", "8"),),
        result="pairs"),
    # "each of the 8 GPUs holds a 12,288 × 1,536 slice of the weight matrix"
    _arithmetic("v2compute-tp8-weight-slice", "training", "A 12,288-wide matrix split 8 ways",
                compute("dense-nodes"), "12,288 × 1,536 slice", 1536.0, "[12288] / [8]"),
    # "approximately 2 × batch_size × 12,288 × 2 bytes (FP16) ... For a typical microbatch size of
    # 4 sequences, this is roughly 200 KB per AllReduce"
    Example(
        "v2compute-tp-allreduce-payload", "data movement",
        "A layer's tensor-parallel AllReduce payload at microbatch 4", compute("dense-nodes"),
        "roughly 200 KB", 200 * KB, law="model-states", inputs=_weights("98304", "2"),
        result="total", tolerance=5 * KB,
        note="2 × 4 × 12,288 = 98,304 values × 2 B = 196.6 KB."),
    # war story: "A model with 96 layers generates 96 AllReduce operations per forward pass and
    # another 96 during the backward pass, totaling 192 ... each AllReduce ... approximately
    # 4 ms, accumulating to 768 ms ... Switching to NVLink reduced each AllReduce to 0.2 ms,
    # bringing total communication overhead to 38 ms"
    Example(
        "v2compute-tp-over-pcie-per-step", "data movement",
        "192 AllReduces of 4 ms each over PCIe", compute("dense-nodes"), "768 ms", 768 * MS,
        law="resource-time", inputs=(("count", "192"), ("each", "4 ms")), result="total"),
    Example(
        "v2compute-tp-over-nvlink-per-step", "data movement",
        "192 AllReduces of 0.2 ms each over NVLink", compute("dense-nodes"), "38 ms", 38 * MS,
        law="resource-time", inputs=(("count", "192"), ("each", "0.2 ms")), result="total",
        tolerance=0.5 * MS, note="192 × 0.2 ms = 38.4 ms."),
    # "a single 8-GPU node can hold 1,536 GB of HBM" (MI300X: 192 GB each)
    _arithmetic("v2compute-mi300x-node-hbm", "training", "Eight MI300X at 192 GB",
                compute("dense-nodes"), "1,536 GB", 1536 * GB, "[8] * [192 GB]"),
    # "the expected number of node failures during a 336-hour training run across 128 nodes is
    # 128 × 336 / 1,000 ≈ 43 failures"
    _arithmetic("v2compute-node-failures-two-weeks", "operations",
                "Node failures: 128 nodes, 336 h, MTBF 1,000 h", compute("dense-nodes"),
                "≈ 43 failures", 43.0, "[128] * [336 h] / [1000 h]",
                note="128 × 336 / 1000 = 43.0 expected failures."),
    # "If the cluster processes 500,000 tokens per second and each token requires 2 bytes of input
    # data (token ID), the raw data ingestion rate is only 1 MB/s"
    _arithmetic("v2compute-token-ingest-rate", "data movement",
                "500,000 tokens/s of 2-byte token IDs", compute("data-loading"), "1 MB/s",
                1 * MB, "[500000 tokens/s] * [2 B]"),
    # "local NVMe creates an aggregate read bandwidth of 3.2 TB/s (128 × 25 GB/s)"
    _arithmetic("v2compute-local-nvme-aggregate", "data movement", "128 nodes of 25 GB/s NVMe",
                compute("data-loading"), "3.2 TB/s", 3.2 * TB, "[128] * [25 GB/s]"),
    # "training across 1,024 GPUs requires approximately 128 racks" (the rack: "four DGX H100
    # nodes ... 32 GPUs")
    _arithmetic("v2compute-1024-gpu-racks", "operations", "1,024 GPUs in racks of 32",
                compute("rack"), "approximately 128 racks", 128.0, "[1024] / [32]",
                disputed="With four 8-GPU nodes (32 GPUs) per rack, 1,024 GPUs fill 32 racks, "
                         "as the chapter's planning example says ('128 nodes ... requires 32 "
                         "racks'); 128 is the node count.", hand_value=32.0),
    # "For a 33 kW rack, a 3% efficiency improvement saves approximately 1 kW of power per rack.
    # Across a facility with 300 racks, this saves 300 kW ... Over a 3-year lifecycle at
    # $0.07/kWh, the efficiency improvement saves approximately $550,000"
    Example(
        "v2compute-48v-dc-savings", "operations", "300 kW saved for 3 years at $0.07/kWh",
        compute("power-delivery"), "approximately $550,000", 550e3, law="power-energy",
        inputs=(("power", "300 kW"), ("time", "26280 h"), ("price", "$0.07/kWh")),
        result="cost", note="300 kW × 3 × 8,760 h × $0.07 = $551,880."),
    # tbl-rack-power: 22.4 + 3.2 + 1.6 + 0.8 + 2.8 + 2.7 = 33.5 kW; GPUs "67%"
    _arithmetic("v2compute-rack-gpu-power", "energy", "32 GPUs at 700 W",
                compute("power-delivery"), "22.4", 22.4 * KW, "[32] * [700 W]"),
    _arithmetic("v2compute-rack-power-total", "energy", "The four-node rack's power budget",
                compute("power-delivery"), "33.5", 33.5 * KW,
                "[22.4 kW] + [3.2 kW] + [1.6 kW] + [0.8 kW] + [2.8 kW] + [2.7 kW]"),
    _ratio("v2compute-rack-gpu-share", "energy", "GPU share of the rack's power",
           compute("power-delivery"), "67%", 0.67, "22.4 kW", "33.5 kW"),
    # "The power delta is 300 W × 1,024 = 307 kW, and this transition occurs in approximately 100
    # microseconds. The rate of power change is therefore 307 kW / 100 μs = 3.07 GW/s."
    _arithmetic("v2compute-power-ramp-delta", "energy", "1,024 GPUs stepping up by 300 W",
                compute("power-delivery"), "307 kW", 307 * KW, "[300 W] * [1024]"),
    # "A 100,000-GPU cluster at 700 W per GPU consumes 70 MW of IT power"
    _arithmetic("v2compute-100k-gpu-power", "energy", "100,000 GPUs at 700 W",
                compute("power-delivery"), "70 MW", 70 * MW, "[100000] * [700 W]"),
    # "A 100 MW training facility operating at full capacity for one year consumes 876 GWh ...
    # (at 30% capacity factor, a wind farm produces about 263 GWh per year, so the training
    # facility would require the equivalent of approximately 3.3 large wind farms)"
    Example(
        "v2compute-100mw-year-energy", "energy", "A 100 MW facility for a year",
        compute("power-delivery"), "876 GWh", 876e9 * 3600, law="power-energy",
        inputs=(("power", "100 MW"), ("time", "8760 h")), result="energy"),
    Example(
        "v2compute-100mw-wind-farm-year", "energy", "A 100 MW wind farm at 30% capacity factor",
        compute("power-delivery"), "about 263 GWh per year", 263e9 * 3600, law="power-energy",
        inputs=(("power", "30 MW"), ("time", "8760 h")), result="energy",
        note="The farm's average output: 100 MW × 0.30 = 30 MW; 30 MW × 8,760 h = 262.8 GWh."),
    _ratio("v2compute-wind-farms-per-facility", "energy", "876 GWh over 263 GWh",
           compute("power-delivery"), "approximately 3.3", 3.3, "876 GWh", "263 GWh"),
    # "consuming approximately 1,287 MWh, implies a carbon impact ranging from 64 tonnes to 515
    # tonnes depending solely on location -- an 8× variance" (50 g and 400 g CO2/kWh)
    _arithmetic("v2compute-gpt3-carbon-hydro", "operations", "1,287 MWh at 50 g CO₂/kWh",
                compute("power-delivery"), "64 tonnes", 64e3, "[1287 MWh] * [0.05 kg/kWh]",
                note="1,287,000 kWh × 0.05 kg = 64,350 kg (64 t)."),
    _arithmetic("v2compute-gpt3-carbon-coal", "operations", "1,287 MWh at 400 g CO₂/kWh",
                compute("power-delivery"), "515 tonnes", 515e3, "[1287 MWh] * [0.4 kg/kWh]",
                note="1,287,000 kWh × 0.4 kg = 514,800 kg (515 t)."),
    # "At the scale of a 10,000-GPU cluster consuming 7 MW of IT power, the difference between PUE
    # 1.5 and PUE 1.1 is 2.8 MW of wasted power, costing approximately $1.7 million per year"
    _arithmetic("v2compute-pue-gap-power", "energy", "7 MW of IT at PUE 1.5 against 1.1",
                compute("cooling"), "2.8 MW", 2.8 * MW, "[7 MW] * (1.5 - 1.1)"),
    Example(
        "v2compute-pue-gap-cost", "operations", "2.8 MW for a year at $0.07/kWh",
        compute("cooling"), "approximately $1.7 million per year", 1.7e6, law="power-energy",
        inputs=(("power", "2.8 MW"), ("time", "8760 h"), ("price", "$0.07/kWh")),
        result="cost", note="2,800 kW × 8,760 h × $0.07 = $1.717M (the chapter's $0.07/kWh)."),
    # footnote: "reducing PUE from 1.58 to 1.10 saves 3.4 MW of cooling overhead -- roughly $2.1
    # million per year"
    _arithmetic("v2compute-pue-average-vs-google", "energy", "7 MW of IT at PUE 1.58 against 1.10",
                compute("cooling"), "3.4 MW", 3.4 * MW, "[7 MW] * (1.58 - 1.10)",
                note="7 × 0.48 = 3.36 MW."),
    Example(
        "v2compute-pue-average-vs-google-cost", "operations", "3.36 MW for a year at $0.07/kWh",
        compute("cooling"), "roughly $2.1 million per year", 2.1e6, law="power-energy",
        inputs=(("power", "3.36 MW"), ("time", "8760 h"), ("price", "$0.07/kWh")),
        result="cost", note="3,360 kW × 8,760 h × $0.07 = $2.06M."),
    # notebook "The Cooling Tax": 1,000 × 700 W = 700 kW; × 1.5 = 1,050 kW (350 kW overhead);
    # × 1.08 = 756 kW (56 kW); "Liquid cooling saves 294 kW ... annual savings are approximately
    # $180,000 ... over a 3-year hardware lifecycle ... $540,000"
    _arithmetic("v2compute-cooling-tax-air", "energy", "700 kW of IT at PUE 1.5",
                compute("cooling"), "1,050 kW", 1050 * KW, "[1000] * [700 W] * 1.5"),
    _arithmetic("v2compute-cooling-tax-liquid", "energy", "700 kW of IT at PUE 1.08",
                compute("cooling"), "756 kW", 756 * KW, "[1000] * [700 W] * 1.08"),
    _arithmetic("v2compute-cooling-tax-savings", "energy", "Air (PUE 1.5) against liquid (1.08)",
                compute("cooling"), "294 kW", 294 * KW, "[1050 kW] - [756 kW]"),
    Example(
        "v2compute-cooling-tax-annual", "operations", "294 kW for a year at $0.07/kWh",
        compute("cooling"), "approximately $180,000", 180e3, law="power-energy",
        inputs=(("power", "294 kW"), ("time", "8760 h"), ("price", "$0.07/kWh")),
        result="cost", note="294 × 8,760 × 0.07 = $180,281."),
    Example(
        "v2compute-cooling-tax-3-years", "operations", "294 kW for three years at $0.07/kWh",
        compute("cooling"), "$540,000", 540e3, law="power-energy",
        inputs=(("power", "294 kW"), ("time", "26280 h"), ("price", "$0.07/kWh")),
        result="cost", tolerance=1e3, note="$540,842: three years of $180,281."),
    # "The value of a single rack of DGX H100 nodes ($1.4 million in hardware alone)"
    Example(
        "v2compute-dgx-rack-value", "operations", "Four DGX H100 nodes at $350,000",
        compute("rack-design"), "$1.4 million", 1.4e6, law="total-cost",
        inputs=(("items", "4"), ("price", "$350000")), result="cost"),
    # "A Tier III facility offers N+1 redundancy ... 99.982%, translating to roughly 1.6 hours of
    # unplanned downtime per year. Tier IV ... 99.995% (approximately 26 minutes ...)"
    _arithmetic("v2compute-tier3-downtime", "operations", "A year at 99.982% uptime",
                compute("rack-design"), "roughly 1.6 hours", 1.6 * HOUR,
                "(1 - 0.99982) * [8760 h]", note="0.00018 × 8,760 h = 1.58 h."),
    _arithmetic("v2compute-tier4-downtime", "operations", "A year at 99.995% uptime",
                compute("rack-design"), "approximately 26 minutes", 26 * 60.0,
                "(1 - 0.99995) * [8760 h]", tolerance=30.0,
                note="0.00005 × 8,760 h = 0.438 h = 26.3 min."),
    # "Each DGX H100 node weighs approximately 130 kg (287 pounds), so 1,024 nodes weigh over 133
    # metric tons."
    _arithmetic("v2compute-1024-node-weight", "operations", "1,024 DGX H100 nodes at 130 kg",
                compute("pod"), "over 133 metric tons", 133e3, "[1024] * [130 kg]",
                tolerance=0.5e3, note="133,120 kg."),
    # "At 1.3 EFLOPS, this takes approximately 3.15 × 10²³ / 1.3 × 10¹⁸ ≈ 242,000 seconds, or
    # roughly 67 hours" (pod_flops_math: 6 × 175 × 10⁹ × 300 × 10⁹ ≈ 3.15 × 10²³)
    Example(
        "v2compute-gpt3-training-flops", "training", "GPT-3: 175 B parameters, 300 B tokens",
        compute("pod"), "3.15 × 10²³", 3.15e23, law="training-flops",
        inputs=(("parameters", "175e9"), ("tokens", "300e9")), result="flops"),
    Example(
        "v2compute-gpt3-at-1.3-eflops", "training", "3.15 × 10²³ FLOPs at 1.3 EFLOPS sustained",
        compute("pod"), "approximately ... 242,000 seconds", 242e3, law="time-to-train",
        inputs=(("flops", "3.15e23"), ("devices", "1"), ("peak", "1.3 EFLOP/s"),
                ("utilization", "1")), result="time", tolerance=500.0,
        note="3.15 × 10²³ / 1.3 × 10¹⁸ = 242,308 s = 67.3 h."),
    # notebook "Training Time for 175B": "8,192 × 1979 × 10¹² × 0.45 ≈ 7.3 EFLOPS sustained";
    # "3.15 × 10²³ / 7.3 × 10¹⁸ ≈ 43,150 seconds ≈ 12 hours"; multipliers to "17.6 hours"
    _arithmetic("v2compute-8192-h100-sustained", "training", "8,192 H100s at 45% MFU",
                compute("pod"), "≈ 7.3 EFLOPS", 7.3e18, "[8192] * [1979 TFLOP/s] * 0.45",
                note="7.295 × 10¹⁸ FLOP/s."),
    Example(
        "v2compute-gpt3-on-8192-h100", "training", "GPT-3 on 8,192 H100s at 45% MFU",
        compute("pod"), "≈ 12 hours", 12 * HOUR, law="time-to-train",
        inputs=(("flops", "3.15e23"), ("devices", "8192"), ("peak", H100),
                ("utilization", "0.45")), result="time",
        note="3.15 × 10²³ / 7.295 × 10¹⁸ FLOP/s = 43,180 s = 12.0 h."),
    _arithmetic("v2compute-gpt3-real-world-multipliers", "training",
                "12 hours through the notebook's five overheads", compute("pod"),
                "17.6 hours", 17.6 * HOUR, "[12 h] / 0.85 * 1.05 * 1.03 * 1.10 * 1.05",
                note="12 / 0.85 = 14.1; × 1.05 = 14.8; × 1.03 = 15.3; × 1.10 = 16.8; × 1.05 = "
                     "17.6 h."),
    # "A cluster of 10,000 GPUs, each with a mean time between failures (MTBF) of approximately
    # 10,000 hours, will experience a GPU failure roughly once per hour" ... "we should expect
    # approximately 336 individual GPU failures"
    _arithmetic("v2compute-10k-gpu-failures-two-weeks", "operations",
                "GPU failures: 10,000 GPUs, 336 h, MTBF 10,000 h", compute("wsc-principles"),
                "approximately 336", 336.0, "[10000] * [336 h] / [10000 h]"),
    # "The total is approximately 1.75 TB per checkpoint. ... this write operation must complete
    # in under 30 seconds, demanding a sustained aggregate write bandwidth of approximately
    # 60 GB/s."
    _arithmetic("v2compute-gpt3-checkpoint-size", "training",
                "A 175B checkpoint: FP16 weights plus Adam's moments", compute("wsc-principles"),
                "approximately 1.75 TB", 1.75 * TB, "[350 GB] + [1400 GB]",
                note="The book's sum; a mixed-precision recipe would also save the 700 GB FP32 "
                     "master copy."),
    _arithmetic("v2compute-checkpoint-burst-bandwidth", "data movement",
                "1.75 TB written in 30 s", compute("wsc-principles"),
                "approximately 60 GB/s", 60 * GB, "[1.75 TB] / [30 s]",
                note="58.3 GB/s."),
    # "Checkpoints per run: (14 days × 24 hours × 6 per hour) = 2,016 checkpoints"; "Total
    # checkpoint data: 2,016 × 1.75 TB = 3,528 TB"; "1.75 TB every 10 minutes, or approximately
    # 3 GB/s"
    _arithmetic("v2compute-checkpoints-per-run", "operations",
                "Checkpoints every 10 minutes for 14 days", compute("wsc-principles"),
                "2,016 checkpoints", 2016.0, "[14 days] / [10 min]"),
    _arithmetic("v2compute-checkpoint-data-per-run", "data movement",
                "2,016 checkpoints of 1.75 TB",
                compute("wsc-principles"), "3,528 TB", 3528 * TB, "[2016] * [1.75 TB]"),
    _arithmetic("v2compute-checkpoint-write-rate", "data movement", "1.75 TB every 10 minutes",
                compute("wsc-principles"), "approximately 3 GB/s", 3 * GB,
                "[1.75 TB] / [10 min]", note="2.92 GB/s."),
    # "the communication time is approximately 2 × (N-1)/N × 350 GB / (50 GB/s), which for large N
    # approaches 2 × 350 / 50 ≈ 14 seconds. If the compute time per step is 20 seconds, the total
    # step time is 34 seconds, yielding a scaling efficiency of 20/34 ≈ 0.59."
    _arithmetic("v2compute-ring-allreduce-350gb", "data movement",
                "Ring AllReduce of 350 GB at 50 GB/s (large N)", compute("scaling-efficiency"),
                "≈ 14 seconds", 14.0, "2 * [350 GB] / [50 GB/s]",
                note="Each byte crosses a link twice (reduce-scatter, then all-gather)."),
    _ratio("v2compute-dp-scaling-efficiency", "speedup", "20 s compute in a 34 s step",
           compute("scaling-efficiency"), "≈ 0.59", 0.59, "20 s", "34 s"),
    # notebook "Scaling Efficiency for a 175B Model": "C = 6 × 175 × 10⁹ × 2 × 10⁶ = 2.1 × 10¹⁸";
    # "T_compute = 2.1 × 10¹⁸ / (1024 × 1979 × 10¹² × 0.5) ≈ 2.1"; "T_comm ≈ 0.5 × 350 / 50 ≈ 3.5";
    # "η = 2.1 / 5.6 ≈ 0.375"
    Example(
        "v2compute-step-flops-2m-tokens", "training", "One 2M-token step of the 175B model",
        compute("scaling-efficiency"), "2.1 × 10¹⁸", 2.1e18, law="training-flops",
        inputs=(("parameters", "175e9"), ("tokens", "2e6")), result="flops"),
    Example(
        "v2compute-step-compute-1024-h100", "training",
        "2.1 × 10¹⁸ FLOPs on 1,024 H100s at 50%", compute("scaling-efficiency"), "≈ 2.1",
        2.1, law="time-to-train",
        inputs=(("flops", "2.1e18"), ("devices", "1024"), ("peak", H100),
                ("utilization", "0.5")), result="time",
        note="2.1 × 10¹⁸ / (1024 × 1979 × 10¹² × 0.5) = 2.07 s."),
    _arithmetic("v2compute-step-comm-half-overlapped", "data movement",
                "Half of a 350 GB AllReduce at 50 GB/s left exposed",
                compute("scaling-efficiency"), "≈ 3.5", 3.5, "0.5 * [350 GB] / [50 GB/s]"),
    _ratio("v2compute-dp1024-scaling-efficiency", "speedup", "2.1 s of compute in a 5.6 s step",
           compute("scaling-efficiency"), "≈ 0.375", 0.375, "2.1 s", "5.6 s"),
    # Configuration B: "The inter-node AllReduce time drops from 14 seconds to approximately 1.75
    # seconds. ... the efficiency improves to 2.1 / (2.1 + 1.75) ≈ 54.5%"
    _arithmetic("v2compute-tp8-allreduce", "data movement",
                "Ring AllReduce of a 43.75 GB shard at 50 GB/s", compute("scaling-efficiency"),
                "approximately 1.75 seconds", 1.75, "2 * [43.75 GB] / [50 GB/s]"),
    _ratio("v2compute-tp8-dp128-efficiency", "speedup", "2.1 s of compute in a 3.85 s step",
           compute("scaling-efficiency"), "≈ 54.5%", 0.545, "2.1 s", "3.85 s"),
    # "junction temperatures sampled every second across 10,000 GPUs alone produce 864 million
    # data points daily"
    _arithmetic("v2compute-telemetry-points-per-day", "operations",
                "10,000 GPUs sampled every second for a day", compute("fleet-monitoring"),
                "864 million data points", 864e6, "[10000] * [1 day] / [1 s]"),
    # "Even with a high-performance parallel filesystem capable of 100 GB/s write throughput,
    # committing this state [approaches 2 TB] ... takes approximately δ ≈ 20 seconds. In a cluster
    # ... where the system-wide MTBF is approximately 1 hour, the formula [√(2δM)] yields an
    # optimal checkpoint interval of roughly 8.5 minutes."
    Example(
        "v2compute-checkpoint-write-2tb", "data movement", "2 TB to a 100 GB/s filesystem",
        compute("fleet-monitoring"), "δ ≈ 20 seconds", 20.0, law="transfer-time",
        inputs=(("data", "2 TB"), ("bandwidth", "100 GB/s")), result="time"),
    _arithmetic("v2compute-young-daly-interval", "operations",
                "Young/Daly interval for δ = 20 s, MTBF = 1 h", compute("fleet-monitoring"),
                "roughly 8.5 minutes", 8.5 * 60, "sqrt(2 * [20 s] * [1 h])",
                disputed="√(2 × 20 s × 3,600 s) = √144,000 s² = 379 s = 6.3 minutes; 8.5 "
                         "minutes (510 s) would need δ ≈ 36 s.",
                hand_value=(2 * 20 * 3600) ** 0.5),
    # "A TPU v5p pod can scale to 8,960 chips in a single torus, providing an aggregate of
    # approximately 459 PFLOPS of BF16 throughput." (TPU v5p: "459 TFLOPS of BF16 compute")
    _arithmetic("v2compute-tpu-v5p-pod-peak", "roofline", "8,960 TPU v5p chips at 459 TFLOPS",
                compute("fleet-case-studies"), "approximately 459 PFLOPS", 459e15,
                "[8960] * [459 TFLOP/s]",
                disputed="8,960 × 459 TFLOPS = 4.11 × 10¹⁸ FLOP/s = 4,113 PFLOPS (about 4.1 "
                         "EFLOPS); 459 PFLOPS is 1,000 chips' worth.", hand_value=8960 * 459e12),
    # "The hardware CapEx dominates at $43.75 million ($350,000 per node)" (125 nodes); "bringing
    # the three-year total to roughly $63 million. If this dedicated cluster only trains six
    # frontier models per year, the effective cost per run is $3.5 million. ... at $4.00 per
    # GPU-hour with 80% utilization would cost approximately $1.075 million per run"
    Example(
        "v2compute-125-node-capex", "operations", "125 DGX H100 nodes at $350,000",
        compute("tco-breakdown"), "$43.75 million", 43.75e6, law="total-cost",
        inputs=(("items", "125"), ("price", "$350000")), result="cost"),
    _arithmetic("v2compute-125-node-tco-3-years", "operations",
                "Hardware, network, facility and three years of operations",
                compute("tco-breakdown"), "roughly $63 million", 63e6,
                "[$43750000] + [$5000000] + [$10000000] + 3 * [$1500000]",
                note="$43.75M + $5M + $10M + 3 × $1.5M = $63.25M."),
    _arithmetic("v2compute-125-node-cost-per-run", "operations", "$63M over 18 training runs",
                compute("tco-breakdown"), "$3.5 million", 3.5e6, "[$63000000] / [18]",
                note="Six runs a year for three years: $63M / 18 = $3.5M."),
    _arithmetic("v2compute-cloud-cost-per-run", "operations",
                "1,000 GPUs for two weeks at $4.00/GPU-hour, 80% utilization",
                compute("tco-breakdown"), "approximately $1.075 million per run", 1.075e6,
                "[1000] * [$4/h] * [336 h] * 0.8", tolerance=1e3,
                note="1,000 × $4 × 336 h × 0.8 = $1,075,200 (two weeks, the lower end of the "
                     "'2--4 weeks')."),
    # Build vs Buy: "a single 8-GPU node running at 80% utilization costs $224,256 per year"
    # (cell: cloud_node_annual = 4.0 × 8 × 8760 × 0.80); "electricity costs of $6,216 per node per
    # year" (annual_elec_cost = 700 W × 8 / 1000 × 1.2 kW × 8760 × 0.80 × $0.12 × 1.10);
    # "approximately $122,882 per node" (350,000 / 3 + 6,216)
    _arithmetic("v2compute-cloud-node-annual", "operations",
                "An 8-GPU cloud node at $4/GPU-hour, 80% of the year", compute("build-vs-buy"),
                "$224,256", 224256.0, "[$4/h] * [8] * [8760 h] * 0.8"),
    _arithmetic("v2compute-onprem-node-electricity", "operations",
                "An 8-GPU node's electricity (1.2× the GPUs' TDP, PUE 1.1, $0.12/kWh)",
                compute("build-vs-buy"), "$6,216", 6216.0,
                "[8] * [700 W] * 1.2 * [8760 h] * 0.8 * [$0.12/kWh] * 1.1",
                note="6.72 kW × 7,008 h × $0.12 × 1.1 = $6,215.6."),
    _arithmetic("v2compute-onprem-node-annual", "operations",
                "A $350,000 node over three years plus its electricity", compute("build-vs-buy"),
                "$122,882", 122882.0, "[$350000] / [3] + [$6215.6]"),
    # "A popular LLM serving 10 million queries per day, with each query generating an average of
    # 500 tokens, processes 5 billion tokens daily. At an inference cost of $2.00 per million
    # tokens on H100 hardware, the daily serving cost is $10,000, or approximately $3.6 million
    # per year."
    _arithmetic("v2compute-daily-tokens", "serving", "10 million queries of 500 tokens",
                compute("build-vs-buy"), "5 billion tokens daily", 5e9, "[10e6] * [500]"),
    Example(
        "v2compute-daily-serving-cost", "operations", "5 billion tokens at $2 per million",
        compute("build-vs-buy"), "$10,000", 10e3, law="total-cost",
        inputs=(("items", "5e9"), ("price", "$0.000002")), result="cost"),
    _arithmetic("v2compute-annual-serving-cost", "operations", "$10,000 a day for a year",
                compute("build-vs-buy"), "approximately $3.6 million per year", 3.6e6,
                "[$10000] * [365]", tolerance=0.06e6, note="$3.65M, which the book truncates."),
    # notebook "The 10,000-GPU Cluster": "1,250 nodes × $350,000 = $437.5M"; "10,000 GPUs × 700 W
    # × PUE 1.1 × 8,760 h × $0.07/kWh = $4.7M/year"; "$537.5M + 3 × $9.7M = ~$567M"; "10,000 GPUs
    # × $4.00/hr × 8,760 h × 0.80 = $280M/year"; "~$840M"; "saves approximately $273M"
    Example(
        "v2compute-10k-cluster-hardware", "operations", "1,250 DGX H100 nodes at $350,000",
        compute("build-vs-buy"), "$437.5M", 437.5e6, law="total-cost",
        inputs=(("items", "1250"), ("price", "$350000")), result="cost"),
    Example(
        "v2compute-10k-cluster-electricity", "operations",
        "10,000 H100s at 700 W and PUE 1.1 for a year at $0.07/kWh", compute("build-vs-buy"),
        "$4.7M/year", 4.7e6, law="power-energy",
        inputs=(("power", "7.7 MW"), ("time", "8760 h"), ("price", "$0.07/kWh")),
        result="cost", note="10,000 × 700 W × 1.1 = 7.7 MW; × 8,760 h × $0.07 = $4.72M."),
    _arithmetic("v2compute-10k-cluster-onprem-3-years", "operations",
                "CapEx plus three years of electricity and staff", compute("build-vs-buy"),
                "~$567M", 567e6,
                "[$437500000] + [$25000000] + [$75000000] + 3 * ([$4700000] + [$5000000])",
                tolerance=0.5e6, note="$537.5M + $29.1M = $566.6M."),
    _arithmetic("v2compute-10k-cluster-cloud-annual", "operations",
                "10,000 cloud GPUs at $4/hour, 80% of the year", compute("build-vs-buy"),
                "$280M/year", 280e6, "[10000] * [$4/h] * [8760 h] * 0.8",
                tolerance=0.5e6, note="$280.3M."),
    _arithmetic("v2compute-10k-cluster-savings", "operations", "Cloud ($840M) less on-premises",
                compute("build-vs-buy"), "approximately $273M", 273e6,
                "[$840000000] - [$567000000]"),
    # "An organization operating V100 GPUs in 2024 ... receiving only 1/15 the throughput per watt
    # compared to H100s."
    _arithmetic("v2compute-v100-throughput-per-watt", "energy",
                "V100 against H100: FP16 TFLOPS per watt", compute("depreciation"), "1/15",
                1 / 15, "([125 TFLOP/s] / [300 W]) / ([1979 TFLOP/s] / [700 W])",
                disputed="With the chapter's own figures, 0.417 against 2.83 TFLOPS/W is 1/6.8 "
                         "(tbl-power-efficiency prints 6.8×); 1/15 is the ratio of raw "
                         "throughput (125 against 1,979 TFLOPS, 1/15.8).",
                hand_value=(125 / 300) / (1979 / 700)),
    # tbl-power-efficiency: A100 "1.9×", B200 "10.8×" relative to V100
    _arithmetic("v2compute-a100-relative-efficiency", "energy", "A100 against V100, TFLOPS/W",
                compute("power-efficiency"), "1.9×", 1.9,
                "([312 TFLOP/s] / [400 W]) / ([125 TFLOP/s] / [300 W])", note="0.78/0.417 = 1.87."),
    _arithmetic("v2compute-b200-relative-efficiency", "energy", "B200 against V100, TFLOPS/W",
                compute("power-efficiency"), "10.8×", 10.8,
                "([4500 TFLOP/s] / [1000 W]) / ([125 TFLOP/s] / [300 W])"),
    # "Replacing them with 1,000 H100 GPUs ... delivers 1,979,000 TFLOPS, a 15.8× throughput
    # increase for a 2.3× power increase. ... match the V100 fleet's throughput with roughly 63
    # H100 GPUs, consuming only 44 kW and freeing 256 kW ... it can only install 43% as many GPUs"
    _ratio("v2compute-refresh-throughput", "roofline", "1,000 H100s against 1,000 V100s",
           compute("power-efficiency"), "15.8×", 15.8, "1979000 TFLOP/s", "125000 TFLOP/s"),
    _ratio("v2compute-refresh-power", "energy", "700 kW against 300 kW",
           compute("power-efficiency"), "2.3×", 2.3, "700 kW", "300 kW"),
    _ratio("v2compute-refresh-matching-h100s", "roofline", "H100s matching 125,000 TFLOPS",
           compute("power-efficiency"), "roughly 63 H100 GPUs", 63.0, "125000 TFLOP/s", H100,
           note="125,000 / 1,979 = 63.2."),
    _arithmetic("v2compute-refresh-matching-power", "energy", "63 H100s at 700 W",
                compute("power-efficiency"), "only 44 kW", 44 * KW, "[63] * [700 W]",
                note="44.1 kW."),
    _ratio("v2compute-refresh-gpus-per-power", "energy", "GPUs in 300 kW: H100 against V100",
           compute("power-efficiency"), "43% as many GPUs", 0.43, "300 W", "700 W"),
    # "When electricity costs $0.07/kWh, the V100 training run costs approximately $120,000"
    # (300 kW for "roughly 8 months")
    Example(
        "v2compute-v100-run-electricity", "operations", "300 kW for 8 months at $0.07/kWh",
        compute("power-efficiency"), "approximately $120,000", 120e3, law="power-energy",
        inputs=(("power", "300 kW"), ("time", "5840 h"), ("price", "$0.07/kWh")),
        result="cost", note="8 months = 8/12 × 8,760 h = 5,840 h; 300 × 5,840 × 0.07 = "
                            "$122,640."),
    # "At a 70% discount, spot H100 instances cost approximately $1.20 per GPU-hour instead of
    # $4.00. For our 175B model requiring approximately 25,000 GPU-hours of training, the savings
    # are substantial: $30,000 on spot versus $100,000 on demand." "checkpoint every 10 minutes,
    # and each checkpoint takes 30 seconds, approximately 5%"
    Example(
        "v2compute-spot-training-cost", "operations", "25,000 GPU-hours at $1.20",
        compute("cloud-options"), "$30,000 on spot", 30e3, law="total-cost",
        inputs=(("items", "25000"), ("price", "$1.20")), result="cost"),
    Example(
        "v2compute-on-demand-training-cost", "operations", "25,000 GPU-hours at $4.00",
        compute("cloud-options"), "$100,000 on demand", 100e3, law="total-cost",
        inputs=(("items", "25000"), ("price", "$4.00")), result="cost"),
    _ratio("v2compute-spot-checkpoint-tax", "operations", "30 s of checkpoint every 10 minutes",
           compute("cloud-options"), "approximately 5%", 0.05, "30 s", "10 min"),
    # planning walk-through: "each GPU delivers 1,979 × 10¹² × 0.45 ≈ 891 TFLOPS sustained. With
    # 1,024 GPUs, the cluster delivers 891 × 1,024 ≈ 912 PFLOPS sustained, completing training in
    # 3.15 × 10²³ / 9.12 × 10¹⁷ ≈ 345,000 seconds or roughly 4 days"
    _arithmetic("v2compute-plan-h100-sustained", "training", "An H100 at 45% MFU",
                compute("planning"), "≈ 891 TFLOPS", 891e12, "[1979 TFLOP/s] * 0.45",
                note="890.6 TFLOP/s."),
    _arithmetic("v2compute-plan-cluster-sustained", "training", "1,024 GPUs at 891 TFLOPS",
                compute("planning"), "≈ 912 PFLOPS", 912e15, "[1024] * [891 TFLOP/s]"),
    Example(
        "v2compute-plan-time-to-train", "training", "GPT-3 on 1,024 H100s at 45% MFU",
        compute("planning"), "≈ 345,000 seconds", 345e3, law="time-to-train",
        inputs=(("flops", "3.15e23"), ("devices", "1024"), ("peak", H100),
                ("utilization", "0.45")), result="time", tolerance=1e3,
        note="3.15 × 10²³ / (1024 × 890.6 TFLOP/s) = 345,400 s = 4.0 days."),
    # exercise: "Compute budget: 6 × 70 × 10⁹ × 10¹² = 4.2 × 10²³ FLOPs"
    Example(
        "v2compute-plan-70b-1t-tokens", "training", "A 70B model on 1 trillion tokens",
        compute("planning"), "4.2 × 10²³ FLOPs", 4.2e23, law="training-flops",
        inputs=(("parameters", "70e9"), ("tokens", "1e12")), result="flops"),
    # --- the chapter's tail (character 384,000 to the end) ---
    # "CXL 3.0 over a PCIe Gen5 x16 link provides approximately 64 GB/s of read bandwidth, which
    # is roughly 50× slower than HBM3 (3.35 TB/s)"
    _ratio("v2compute-hbm3-vs-cxl", "data movement", "HBM3 (3.35 TB/s) against CXL 3.0 (64 GB/s)",
           compute("cxl"), "roughly 50×", 50.0, "3.35 TB/s", "64 GB/s", tolerance=3.0,
           note="3,350/64 = 52.3."),
    # "B200 GPUs (4,500 TFLOPS peak) ... The B200's memory bandwidth (8 TB/s) is only 2.4× higher
    # than the H100's (3.35 TB/s), so the workload runs only 2.4× faster despite the 2.3× higher
    # peak FLOPS"
    _ratio("v2compute-b200-vs-h100-bandwidth", "roofline", "8 TB/s against 3.35 TB/s",
           compute("fallacies-pitfalls"), "2.4×", 2.4, "8 TB/s", "3.35 TB/s", tolerance=0.015,
           note="8/3.35 = 2.39."),
    _ratio("v2compute-b200-vs-h100-peak", "roofline", "4,500 TFLOPS against the H100's 1,979",
           compute("fallacies-pitfalls"), "2.3×", 2.3, "4500 TFLOP/s", H100, tolerance=0.03,
           note="4,500/1,979 = 2.27."),
    # "An H100 GPU-hour delivers 6.3× the TFLOPS of an A100 GPU-hour and 15.8× the TFLOPS of a
    # V100 GPU-hour. A training run that takes 10,000 V100 GPU-hours would require only
    # approximately 630 H100 GPU-hours" (tbl-power-efficiency: A100 312, V100 125 TFLOPS)
    _ratio("v2compute-h100-vs-a100-tflops", "roofline", "1,979 against the A100's 312 TFLOPS",
           compute("fallacies-pitfalls"), "6.3×", 6.3, H100, "312 TFLOP/s", tolerance=0.05,
           note="1,979/312 = 6.34."),
    _arithmetic("v2compute-v100-hours-as-h100-hours", "operations",
                "10,000 V100 GPU-hours of work on H100s", compute("fallacies-pitfalls"),
                "approximately 630 H100 GPU-hours", 630 * HOUR,
                "[10000 h] * [125 TFLOP/s] / [1979 TFLOP/s]", tolerance=5 * HOUR,
                note="10,000 / 15.83 = 631.6 h."),
    # "If the compute time per training step is 20 seconds and the communication time is 2
    # seconds ... doubling the network speed reduces total step time from 22 to 21 seconds, a
    # mere 4.5% improvement."
    _arithmetic("v2compute-faster-network-gain", "speedup",
                "Halving 2 s of communication in a 22 s step", compute("fallacies-pitfalls"),
                "a mere 4.5% improvement", 0.045,
                "([20 s] + [2 s] - ([20 s] + [2 s] / 2)) / ([20 s] + [2 s])", tolerance=0.001,
                note="1/22 = 4.55%."),
    # "Option (a) ... the model requires only 140 GB in FP16 ... delivers tokens at 140 GB / 2.0
    # TB/s = 70 ms per token. Option (b) ... 70 GB / 3.35 TB/s = 21 ms per token, which is 3.3×
    # faster."
    Example(
        "v2compute-70b-weights-fp16", "serving", "A 70B model's FP16 weights",
        compute("fallacies-pitfalls"), "140 GB", 140 * GB, law="model-states",
        inputs=_weights("70e9", "2"), result="total", note="70 × 10⁹ × 2 B."),
    Example(
        "v2compute-140gb-token-hbm2e", "serving", "Streaming 140 GB from 2.0 TB/s HBM2e",
        compute("fallacies-pitfalls"), "70 ms per token", 70 * MS, law="transfer-time",
        inputs=(("data", "140 GB"), ("bandwidth", "2.0 TB/s")), result="time"),
    _ratio("v2compute-int8-h100-vs-fp16-hbm2e", "serving", "70 ms against 21 ms per token",
           compute("fallacies-pitfalls"), "3.3× faster", 3.3, "70 ms", "21 ms",
           tolerance=0.05, note="70/21 = 3.33 (with the unrounded 20.9 ms, 3.35)."),
    # summary: "processing a single token requires 350 billion floating-point operations ...
    # streaming this volume at 3.35 TB/s creates a hard latency floor of over 100 ms per token"
    _arithmetic("v2compute-gpt3-flops-per-token", "serving", "2 FLOPs per parameter, 175B",
                compute("summary"), "350 billion floating-point operations", 350e9,
                "2 * [175e9]"),
    Example(
        "v2compute-gpt3-token-floor", "serving", "Streaming 350 GB of weights at 3.35 TB/s",
        compute("summary"), "over 100 ms per token", 104.5 * MS, law="transfer-time",
        inputs=(("data", "350 GB"), ("bandwidth", "3.35 TB/s")), result="time",
        tolerance=4.5 * MS, note="350/3.35 = 104.5 ms; 'over 100' allows 100–109 ms."),
)


net = sections(chapter_file("vol2", "network_fabrics"), COMMITS["network_fabrics"],
               "sec-network-fabrics-")


NETWORK: tuple[Example, ...] = (
    # "the available bandwidth drops by a factor of 18×, from 900 GB/s (NVLink) to 50 GB/s (NDR
    # InfiniBand per port)" (cell: nvlink_to_ib_ratio = 900 / (400 Gbps / 8) = 18)
    _ratio("v2net-nvlink-vs-ndr", "data movement", "NVLink (900 GB/s) against NDR InfiniBand",
           net("introduction"), "18×", 18.0, "900 GB/s", "400 Gbit/s",
           note="400 Gbps = 50 GB/s; 900/50 = 18."),
    # fig-bandwidth-cliff-gantt: forward 100 ms + backward 100 ms, then "AR (1 ms)" → "99.5%
    # util." and "AllReduce (30 ms)" → "87% util."
    _ratio("v2net-gantt-intra-node-utilization", "speedup",
           "200 ms of compute and a 1 ms NVLink AllReduce", net("introduction"), "99.5%",
           0.995, "200 ms", "201 ms", note="200/201 = 0.9950."),
    _ratio("v2net-gantt-inter-node-utilization", "speedup",
           "200 ms of compute and a 30 ms InfiniBand AllReduce", net("introduction"), "87%",
           0.87, "200 ms", "230 ms", note="200/230 = 0.8696."),
    # "A 10,000-GPU cluster requires ~20,000 optical links at the spine layer alone. At $500 each
    # with 10 W per link, that represents $10 million in cabling and 200 kW of continuous power"
    Example(
        "v2net-spine-optics-cost", "operations", "20,000 optical links at $500",
        net("copper-optics"), "$10 million", 10e6, law="total-cost",
        inputs=(("items", "20000"), ("price", "$500")), result="cost"),
    _arithmetic("v2net-spine-optics-power", "energy", "20,000 optical links at 10 W",
                net("copper-optics"), "200 kW", 200 * KW, "[20000] * [10 W]"),
    # "roughly 3,000 high-speed links. If each 400 Gbps port consumes 25 W ... the interconnect
    # alone draws 75 kW continuously"
    _arithmetic("v2net-serdes-power", "energy", "3,000 links at 25 W", net("serdes"), "75 kW",
                75 * KW, "[3000] * [25 W]"),
    # "the budget might be 30 dB. If a 3-meter DAC cable introduces 18 dB of loss and the
    # connectors add another 2 dB, 10 dB of margin remains"
    _arithmetic("v2net-link-budget-margin", "data movement", "A 30 dB budget less 18 + 2 dB",
                net("serdes"), "10 dB of margin", 10.0, "[30] - [18] - [2]",
                note="Decibels subtract: 30 − 18 − 2 = 10 dB."),
    # "For NDR InfiniBand with α ≈ 1.5 μs and β ≈ 50 GB/s, the crossover point n* = αβ ≈ 75 KB."
    Example(
        "v2net-alpha-beta-crossover-ndr", "data movement", "α-β crossover for NDR InfiniBand",
        net("performance-model"), "≈ 75 KB", 75 * KB, law="crossover-size",
        inputs=(("latency", "1.5 us"), ("bandwidth", "50 GB/s")), result="crossover",
        note="1.5 × 10⁻⁶ s × 50 × 10⁹ B/s = 75,000 B."),
    # "For InfiniBand, the crossover occurs at approximately 50 KB" (figure cell: alpha_ib = 1e-6,
    # beta_ib = 50e9)
    Example(
        "v2net-alpha-beta-crossover-figure", "data movement",
        "α-β crossover in the figure (α = 1 µs, β = 50 GB/s)", net("performance-model"),
        "approximately 50 KB", 50 * KB, law="crossover-size",
        inputs=(("latency", "1 us"), ("bandwidth", "50 GB/s")), result="crossover"),
    # "T(4 KB) = 1.5 μs + 4 KB / 50 GB/s ≈ 1.5 μs + 0.08 μs = 1.58 μs. The bandwidth term
    # contributes only 5% of the total. Doubling the link speed to 100 GB/s would save a
    # negligible 0.04 μs."
    Example(
        "v2net-alpha-beta-4kb", "data movement", "A 4 KB control message over NDR",
        net("performance-model"), "1.58 μs", 1.58 * US, law="transfer-time",
        inputs=(("data", "4 KB"), ("bandwidth", "50 GB/s"), ("latency", "1.5 us")),
        result="time"),
    _ratio("v2net-alpha-beta-4kb-bandwidth-share", "data movement",
           "The bandwidth term's share of the 4 KB message", net("performance-model"),
           "only 5%", 0.05, "0.08 us", "1.58 us", note="0.08/1.58 = 5.1 %."),
    _arithmetic("v2net-alpha-beta-4kb-faster-link", "data movement",
                "Doubling the link to 100 GB/s for 4 KB", net("performance-model"),
                "a negligible 0.04 μs", 0.04 * US, "[4 KB] / [50 GB/s] - [4 KB] / [100 GB/s]"),
    # "T(350 MB) = 1.5 μs + 350 MB / 50 GB/s ≈ 0.0015 ms + 7.0 ms = 7.0 ms ... Doubling bandwidth
    # to 100 GB/s would halve this to 3.5 ms"
    Example(
        "v2net-alpha-beta-350mb", "data movement", "A 350 MB gradient shard over NDR",
        net("performance-model"), "7.0 ms", 7.0 * MS, law="transfer-time",
        inputs=(("data", "350 MB"), ("bandwidth", "50 GB/s"), ("latency", "1.5 us")),
        result="time"),
    Example(
        "v2net-alpha-beta-350mb-faster-link", "data movement",
        "A 350 MB gradient shard at 100 GB/s", net("performance-model"), "3.5 ms", 3.5 * MS,
        law="transfer-time",
        inputs=(("data", "350 MB"), ("bandwidth", "100 GB/s"), ("latency", "1.5 us")),
        result="time"),
    # nb-allreduce-bottleneck: "With p = 1,024 and m = 4 × 10⁹ bytes: T_ring ≈ 163 ms"; "70
    # billion parameters (280 GB of gradients) ... T_ring ≈ 11192 ms" (cell: 2(p−1)α +
    # 2(p−1)/p · m/β with α = 1.5 µs, β = 50 GB/s)
    _arithmetic("v2net-ring-allreduce-1b", "data movement",
                "Ring AllReduce of 4 GB over 1,024 GPUs (α = 1.5 µs, β = 50 GB/s)",
                net("performance-model"), "T_ring ≈ 163 ms", 163 * MS,
                "2 * (1024 - 1) * [1.5 us] + 2 * (1023 / 1024) * [4 GB] / [50 GB/s]",
                note="3.07 ms of latency + 159.8 ms of bandwidth = 162.9 ms (cell "
                     "AllReduceBottleneck.t_comm_small_s)."),
    _arithmetic("v2net-ring-allreduce-70b", "data movement",
                "Ring AllReduce of 280 GB over 1,024 GPUs (α = 1.5 µs, β = 50 GB/s)",
                net("performance-model"), "T_ring ≈ 11192 ms", 11192 * MS,
                "2 * (1024 - 1) * [1.5 us] + 2 * (1023 / 1024) * [280 GB] / [50 GB/s]",
                note="3.07 ms + 11,189 ms = 11,192 ms."),
    # nb-bisection-bottleneck: "Bisection bandwidth = 128 × 50 = 6,400 GB/s"; "6,400 / 4 = 1,600
    # GB/s"; 100 GB over each: cell time_a_ms = 100/6400 s -> "16", time_b_ms = 100/1600 s ->
    # "62" (Python rounds 62.5 to even); waste = (1 − 1/(0.7 + 0.3 × 4)) × $300M -> "$142 million"
    _arithmetic("v2net-bisection-nonblocking", "data movement", "128 nodes injecting 50 GB/s",
                net("dragonfly"), "6,400 GB/s", 6400 * GB, "[128] * [50 GB/s]"),
    Example(
        "v2net-bisection-allreduce-1to1", "data movement",
        "100 GB across a 6.4 TB/s bisection", net("dragonfly"), "16 ms", 16 * MS,
        law="transfer-time", inputs=(("data", "100 GB"), ("bandwidth", "6.4 TB/s")),
        result="time", note="15.6 ms, printed as a whole number."),
    Example(
        "v2net-bisection-allreduce-4to1", "data movement",
        "100 GB across a 4:1-oversubscribed 1.6 TB/s bisection", net("dragonfly"), "62 ms",
        62 * MS, law="transfer-time", inputs=(("data", "100 GB"), ("bandwidth", "1.6 TB/s")),
        result="time", tolerance=0.6 * MS,
        note="62.5 ms; the cell's f\"{62.5:.0f}\" prints 62 (round half to even), so this "
             "example allows the half millisecond and a hair."),
    _arithmetic("v2net-oversubscription-waste", "operations",
                "Idle share of a $300M cluster at 0.526 relative throughput", net("dragonfly"),
                "approximately $142 million", 142e6, "(1 - 1 / (0.7 + 0.3 * 4)) * [$300000000]",
                note="0.4737 × $300M = $142.1M."),
    # "A fat-tree built from switches with radix k supports N = k³/4 hosts. In a two-tier network
    # using radix-64 switches, a single pod can support up to 1,024 GPUs ... enabling the fabric
    # to reach 65,536 hosts ... a non-blocking k=64 tree requires 4,096 switches"
    _arithmetic("v2net-fat-tree-hosts-k64", "data movement", "Hosts of a radix-64 fat-tree",
                net("fat-tree"), "65,536 hosts", 65536.0, "[64] * [64] * [64] / [4]"),
    _arithmetic("v2net-fat-tree-pod-k64", "data movement", "Hosts in one radix-64 pod",
                net("fat-tree"), "up to 1,024 GPUs", 1024.0, "[64] * [64] / [4]",
                note="A pod of a k-ary fat-tree holds (k/2)² hosts."),
    _arithmetic("v2net-fat-tree-switches-k64", "operations", "Switches of a radix-64 fat-tree",
                net("fat-tree"), "4,096 switches", 4096.0,
                "[64] * [64] / [4] + [64] * [64]",
                disputed="A three-tier k-ary fat-tree has (k/2)² core switches plus k pods of "
                         "k switches (k/2 edge, k/2 aggregation): 1,024 + 4,096 = 5,120 for "
                         "k = 64 (Al-Fares et al., SIGCOMM 2008); 4,096 leaves out the core.",
                hand_value=5120.0),
    # "For our 1,000-GPU cluster spanning 125 nodes, this creates 8 parallel networks of 125 GPUs"
    _arithmetic("v2net-rail-nodes", "data movement", "1,000 GPUs in 8-GPU nodes",
                net("rail-optimized"), "125 nodes", 125.0, "[1000] / [8]"),
    # "For a 175B-parameter model using expert parallelism with 64 experts, this generates a dense
    # 64 × 64 traffic matrix—4,096 simultaneous flows."
    _arithmetic("v2net-moe-alltoall-flows", "data movement", "AllToAll among 64 experts",
                net("adaptive-routing"), "4,096 simultaneous flows", 4096.0, "[64] * [64]"),
    # "Across a standard scalable unit of 32 nodes (256 GPUs), this yields an aggregate injection
    # bandwidth of 12.8 TB/s (256 × 50 GB/s)" ... "approximately four SuperPOD units"
    _arithmetic("v2net-superpod-injection", "data movement", "256 GPUs injecting 50 GB/s",
                net("dgx-superpod"), "12.8 TB/s", 12.8 * TB, "[256] * [50 GB/s]"),
    _arithmetic("v2net-superpods-for-1024", "data movement", "1,024 GPUs in 256-GPU units",
                net("dgx-superpod"), "approximately four SuperPOD units", 4.0, "[1024] / [256]",
                tolerance=0.5),
    # "A $300 million supercomputer that sits 30% idle ... represents a $90 million waste"
    Example(
        "v2net-idle-supercomputer", "operations", "30% of a $300 million cluster",
        net("virtualization"), "$90 million", 90e6, law="total-cost",
        inputs=(("items", "0.3"), ("price", "$300000000")), result="cost"),
    # "eight VFs sharing a 400 Gbps NIC will each be capped at 50 Gbps"
    _arithmetic("v2net-sriov-vf-share", "data movement", "A 400 Gbps NIC split into 8 VFs",
                net("sriov"), "50 Gbps", 50e9 / 8, "[400 Gbit/s] / [8]",
                note="50 Gbps = 6.25 GB/s."),
    # "this bursty 100 GB write—which takes just 2 seconds at full 400 Gbps line rate"
    Example(
        "v2net-checkpoint-burst", "data movement", "A 100 GB checkpoint at 400 Gbps",
        net("qos"), "just 2 seconds", 2.0, law="transfer-time",
        inputs=(("data", "100 GB"), ("bandwidth", "400 Gbit/s")), result="time"),
    # "Over a 30-day training run on 1,000 GPUs, this invisible drag accumulates to over 72,000
    # wasted GPU-hours" (a 10% reduction)
    _arithmetic("v2net-silent-waste-gpu-hours", "operations", "10% of 1,000 GPUs for 30 days",
                net("monitoring"), "over 72,000 wasted GPU-hours", 72000 * HOUR,
                "[1000] * [30 days] * 0.1", tolerance=0.5 * HOUR,
                note="1,000 × 720 h × 0.1 = 72,000 GPU-hours (a time, summed over GPUs)."),
    # "In a 1,000-GPU cluster with over 3,000 links, even a 0.1% component failure rate guarantees
    # that approximately 3 links are degraded"
    _arithmetic("v2net-degraded-links", "operations", "0.1% of 3,000 links",
                net("link-telemetry"), "approximately 3 links", 3.0, "[3000] * 0.001"),
    # bandwidth-fallacy cell: alpha 1.5 µs, 10 KB = 10 × 1024 B; t_hdr = 1.5 + 10240/25e3 =
    # 1.9096 -> "1.91"; t_ndr = 1.5 + 10240/50e3 = 1.7048 -> "1.70"; speedup = 1 − 1.7048/1.9096
    # = 10.72 % -> "10.7"
    *(Example(
        f"v2net-fallacy-10kb-{name}", "data movement", f"A 10 KB message over {label}",
        net("fallacies"), printed, value, law="transfer-time",
        inputs=(("data", "10 KiB"), ("bandwidth", bandwidth), ("latency", "1.5 us")),
        result="time", note="The cell's 10 KB is 10 × 1024 B.")
      for name, label, bandwidth, printed, value in (
          ("hdr", "HDR InfiniBand (200 Gbps)", "200 Gbit/s", "1.91 μs", 1.91 * US),
          ("ndr", "NDR InfiniBand (400 Gbps)", "400 Gbit/s", "1.70 μs", 1.70 * US))),
    _arithmetic("v2net-fallacy-10kb-improvement", "data movement",
                "NDR against HDR for a 10 KB message", net("fallacies"),
                "a measly 10.7% improvement", 0.107,
                "1 - ([1.5 us] + [10240 B] / [400 Gbit/s]) / ([1.5 us] + [10240 B] / "
                "[200 Gbit/s])", note="1 − 1.7048/1.9096 = 0.1072."),
    # checkpoint "Diagnosing a Training Slowdown": "from 4.2 seconds to 4.8 seconds (a 14%
    # slowdown)"
    _ratio("v2net-iteration-slowdown", "speedup", "Iteration time 4.8 s against 4.2 s",
           net("debug-workflow"), "a 14% slowdown", 0.14, "4.8 s", "4.2 s", result="change",
           note="4.8/4.2 − 1 = 0.143."),
)


store = sections(chapter_file("vol2", "data_storage"), COMMITS["data_storage"], "sec-storage-")


STORAGE: tuple[Example, ...] = (
    # "Between 2018 and 2025, accelerator compute throughput grew by roughly 10× (V100 at 125
    # TFLOPS to B200 at 2,250 TFLOPS in FP8). ... NVMe sequential bandwidth grew by roughly 2×
    # (3.5 GB/s to 7 GB/s per drive)."
    _ratio("v2store-v100-to-b200-compute", "roofline", "V100 (125 TFLOPS) to B200 (2,250 TFLOPS)",
           store("workload-inversion"), "roughly 10×", 10.0, "2250 TFLOP/s", "125 TFLOP/s",
           disputed="2,250/125 = 18×, not 10×; with NVMe's 2× the compute-to-storage ratio "
                    "worsens 9×, not the 5× the box goes on to state.", hand_value=18.0),
    _ratio("v2store-nvme-growth", "data movement", "NVMe 3.5 GB/s to 7 GB/s",
           store("workload-inversion"), "roughly 2×", 2.0, "7 GB/s", "3.5 GB/s"),
    # fig-storage-compute-chasm: "GPU throughput has grown 236× while storage bandwidth has grown
    # only 4×" (cell: 21.2 -> 5000 TFLOPS, 3.5 -> 14 GB/s); "The nearly 60× ratio"
    _ratio("v2store-nvme-gen3-to-gen5", "data movement", "NVMe Gen3 (3.5 GB/s) to Gen5 (14 GB/s)",
           store("workload-inversion"), "only 4×", 4.0, "14 GB/s", "3.5 GB/s"),
    _ratio("v2store-chasm-ratio", "roofline", "GPU growth (236×) over storage growth (4×)",
           store("workload-inversion"), "nearly 60×", 59.0, "236", "4", tolerance=1.0,
           note="236/4 = 59."),
    # "a modern NVMe drive delivers 3.5 GB/s for sequential reads but only 0.5 GB/s for 4 KB
    # random reads, a 7× penalty"
    _ratio("v2store-nvme-random-penalty", "data movement", "Sequential against 4 KB random reads",
           store("workload-inversion"), "a 7× penalty", 7.0, "3.5 GB/s", "0.5 GB/s"),
    # "If 1,024 nodes each write 4 GB, the parallel file system receives 4 TB of writes"
    _arithmetic("v2store-checkpoint-storm", "data movement", "1,024 nodes writing 4 GB each",
                store("workload-inversion"), "4 TB of writes", 4 * TB, "[1024] * [4 GB]",
                tolerance=0.1 * TB, note="4,096 GB, which the book rounds to 4 TB."),
    # "A 175B parameter model in FP16 occupies 350 GB; loading it from NVMe at 14 GB/s takes 25
    # seconds, while loading from a parallel file system at 4 GB/s per node takes nearly 90
    # seconds." "100 replicas ... requires 35 TB of model weights"
    Example(
        "v2store-cold-start-nvme", "serving", "Loading 350 GB of weights from NVMe at 14 GB/s",
        store("workload-inversion"), "25 seconds", 25.0, law="transfer-time",
        inputs=(("data", "350 GB"), ("bandwidth", "14 GB/s")), result="time"),
    Example(
        "v2store-cold-start-pfs", "serving", "Loading 350 GB of weights from a PFS at 4 GB/s",
        store("workload-inversion"), "nearly 90 seconds", 90.0, law="transfer-time",
        inputs=(("data", "350 GB"), ("bandwidth", "4 GB/s")), result="time", tolerance=3.0,
        note="87.5 s; 'nearly 90' allows 87–90 s."),
    _arithmetic("v2store-rollout-volume", "serving", "100 replicas of 350 GB",
                store("workload-inversion"), "35 TB", 35 * TB, "[100] * [350 GB]"),
    # fig-access-patterns-vol2: "at 4 KB, sequential reads outperform random reads by 10×"
    # (plot: 2 GB/s against 0.2 GB/s)
    _ratio("v2store-4kb-sequential-vs-random", "data movement", "4 KB reads: 2 against 0.2 GB/s",
           store("workload-inversion"), "10×", 10.0, "2 GB/s", "0.2 GB/s"),
    # tbl-storage-hierarchy-merged caption: "The 300,000× bandwidth gap between HBM and object
    # storage" (table: 3.35 TB/s against "100 GB/s aggregate")
    _ratio("v2store-hbm-vs-object-storage", "data movement",
           "HBM (3.35 TB/s) against object storage (100 GB/s aggregate)", store("hierarchy"),
           "300,000×", 300000.0, "3.35 TB/s", "100 GB/s",
           disputed="With the table's own bandwidths the gap is 3.35 TB/s / 100 GB/s = 33.5×; "
                    "even against the archive tier's 1 GB/s it is 3,350×.", hand_value=33.5),
    # "Between HBM and host DRAM, the ratio is roughly 17× (3.35 TB/s versus ~200 GB/s). Between
    # host DRAM and NVMe, the ratio is roughly 15× (200 GB/s versus ~14 GB/s ...) ... if a 1 TB/s
    # aggregate PFS serves 256 nodes, each node receives roughly 4 GB/s, a 3.5× reduction"
    _ratio("v2store-cliff-hbm-dram", "data movement", "HBM against host DRAM",
           store("bandwidth-cliffs"), "roughly 17×", 17.0, "3.35 TB/s", "200 GB/s",
           note="16.75."),
    _ratio("v2store-cliff-dram-nvme", "data movement", "Host DRAM against a 4-drive NVMe RAID-0",
           store("bandwidth-cliffs"), "roughly 15×", 15.0, "200 GB/s", "14 GB/s",
           tolerance=1.0, note="14.3; 'roughly 15' allows 14–16."),
    _arithmetic("v2store-pfs-per-node", "data movement", "1 TB/s of PFS over 256 nodes",
                store("bandwidth-cliffs"), "roughly 4 GB/s", 4 * GB, "[1 TB/s] / [256]",
                tolerance=0.1 * GB, note="3.9 GB/s."),
    _ratio("v2store-cliff-nvme-pfs", "data movement", "Local NVMe (14 GB/s) against 4 GB/s",
           store("bandwidth-cliffs"), "a 3.5× reduction", 3.5, "14 GB/s", "4 GB/s"),
    # "HBM can be emptied in under 50 ms but takes 400 ms to refill from host DRAM"
    Example(
        "v2store-hbm-refill", "data movement", "Refilling 80 GB of HBM from 200 GB/s host DRAM",
        store("bandwidth-cliffs"), "400 ms", 400 * MS, law="transfer-time",
        inputs=(("data", "80 GB"), ("bandwidth", "200 GB/s")), result="time"),
    # "A cluster of 10,000 nodes needs 40 to 400 TB/s." (4 to 40 GB/s per node)
    _arithmetic("v2store-10k-nodes-demand", "data movement", "10,000 nodes at 40 GB/s",
                store("bandwidth-cliffs"), "400 TB/s", 400 * TB, "[10000] * [40 GB/s]"),
    # notebook "Text vs. Image Bandwidth": "2,048 GPUs × 4,096 tokens/GPU × 4 bytes/token ÷ 0.2s ≈
    # 160 MB/s"; "2,048 GPUs × 256 images/GPU × 150 KB/image ÷ 0.2s ≈ 393 GB/s"; "over 2,400×"
    _arithmetic("v2store-text-bandwidth", "data movement",
                "2,048 GPUs of 4,096 4-byte tokens per 0.2 s",
                store("bandwidth-cliffs"), "≈ 160 MB/s", 160 * 2.0**20,
                "[2048] * [4096] * [4 B] / [0.2 s]",
                note="33,554,432 B / 0.2 s = 167.8 × 10⁶ B/s = 160 MiB/s: the book's MB is "
                     "binary here."),
    _arithmetic("v2store-image-bandwidth", "data movement",
                "2,048 GPUs of 256 150 KB images per 0.2 s", store("bandwidth-cliffs"),
                "≈ 393 GB/s", 393 * GB, "[2048] * [256] * [150 KB] / [0.2 s]",
                note="78.6 GB / 0.2 s = 393.2 GB/s (decimal KB and GB here)."),
    _ratio("v2store-image-vs-text", "data movement", "393 GB/s against 160 MB/s",
           store("bandwidth-cliffs"), "over 2,400×", 2456.0, "393 GB/s", "160 MB/s",
           tolerance=56.0, note="The book's rounded figures: 393,000/160 = 2,456."),
    # "An H100 provides 80 GB of HBM, enough to hold a 40-billion parameter model in FP16" "The
    # total memory footprint exceeds 2 TB, roughly 25× the capacity of a single H100's HBM"
    _arithmetic("v2store-h100-fp16-params", "training", "Parameters that fit 80 GB at 2 B each",
                store("tier0-hbm"), "a 40-billion parameter model", 40e9, "[80 GB] / [2 B]"),
    _ratio("v2store-training-footprint-vs-h100", "training", "2 TB against one H100's 80 GB",
           store("tier0-hbm"), "roughly 25×", 25.0, "2 TB", "80 GB"),
    # "A training node with four 7.68 TB NVMe drives provides approximately 30 TB"
    _arithmetic("v2store-node-nvme-capacity", "data movement", "Four 7.68 TB NVMe drives",
                store("tier2-nvme"), "approximately 30 TB", 30 * TB, "[4] * [7.68 TB]",
                tolerance=1 * TB, note="30.72 TB."),
    # "Each open() system call has a fixed overhead of roughly 10 to 50 μs ... At 8,000 images per
    # second, the overhead alone consumes 80 to 400 ms of CPU time per second."
    *(Example(
        f"v2store-open-overhead-{name}", "data movement",
        f"8,000 open() calls a second at {each}", store("tier2-nvme"), printed, value,
        law="resource-time", inputs=(("count", "8000"), ("each", each)), result="total",
        note="CPU time per second of wall clock.")
      for name, each, printed, value in (("low", "10 us", "80", 80 * MS),
                                         ("high", "50 us", "400 ms", 400 * MS))),
    # "On a 14 GB/s NVMe RAID array, zstd-1 delivers an effective throughput of 42 GB/s of
    # uncompressed data, while zstd-9 delivers 56 GB/s"
    _arithmetic("v2store-zstd1-effective", "data movement", "14 GB/s of 3:1-compressed data",
                store("tier2-nvme"), "42 GB/s", 42 * GB, "[14 GB/s] * 3"),
    _arithmetic("v2store-zstd9-effective", "data movement", "14 GB/s of 4:1-compressed data",
                store("tier2-nvme"), "56 GB/s", 56 * GB, "[14 GB/s] * 4"),
    # notebook "The ImageNet Bottleneck Analysis": "1,000 images/s × 150 KB/image = 146 MB/s"
    # (cell: raw_bw_mbs = 1000 × 150 / 1024); "you need 10× more IOPS" (1000/100)
    _arithmetic("v2store-imagenet-raw-bandwidth", "data movement", "1,000 images/s of 150 KB",
                store("tier2-nvme"), "146 MB/s", 146 * 2.0**20,
                "[1000 images/s] * [150 KiB]",
                note="The cell divides 150,000 'KB' by 1024: 146.5 MiB/s with KB = KiB."),
    _ratio("v2store-imagenet-hdd-iops", "data movement", "1,000 reads/s against 100 HDD IOPS",
           store("tier2-nvme"), "10×", 10.0, "1000", "100"),
    # "A 175B parameter checkpoint of 1,750 GB writes to local NVMe in approximately 0.5 seconds,
    # compared to 1.7 seconds if written directly to a parallel file system" (cell: 350 + 1,400 GB
    # over 256 nodes, at 14 GB/s and 4 GB/s per node)
    _arithmetic("v2store-checkpoint-size", "training", "FP16 weights plus 8 B/param of Adam state",
                store("tier2-nvme"), "1,750 GB", 1750 * GB, "[175e9] * [2 B] + [175e9] * [8 B]"),
    _arithmetic("v2store-checkpoint-nvme-write", "data movement",
                "A 256-node checkpoint shard to local NVMe at 14 GB/s", store("tier2-nvme"),
                "approximately 0.5 seconds", 0.5, "[1750 GB] / [256] / [14 GB/s]",
                note="6.84 GB per node / 14 GB/s = 0.488 s."),
    _arithmetic("v2store-checkpoint-pfs-write", "data movement",
                "A 256-node checkpoint shard to a PFS at 4 GB/s per node", store("tier2-nvme"),
                "1.7 seconds", 1.7, "[1750 GB] / [256] / [4 GB/s]", note="1.709 s."),
    # "For a 7.68 TB drive at 1 DWPD ... roughly 14 PB total over its lifetime" "if each node
    # saves a 4 GB checkpoint shard every 10 minutes, that is 576 GB per day"
    _arithmetic("v2store-nvme-endurance", "data movement", "7.68 TB a day for five years",
                store("tier2-nvme"), "roughly 14 PB", 14e15, "[7.68 TB] * 5 * 365",
                tolerance=0.5e15, note="7.68 TB × 1,825 days = 14.0 PB."),
    _arithmetic("v2store-checkpoint-writes-per-day", "data movement",
                "A 4 GB shard every 10 minutes for a day", store("tier2-nvme"), "576 GB per day",
                576 * GB, "[4 GB] * [1 day] / [10 min]"),
    # "A Lustre deployment with 100 OSS nodes, each providing 10 GB/s, delivers an aggregate
    # 1 TB/s." "a 4 GB file striped at 1 MB across 100 OSS nodes places 40 MB on each node"
    _arithmetic("v2store-lustre-aggregate", "data movement", "100 OSS nodes at 10 GB/s",
                store("tier3-pfs"), "an aggregate 1 TB/s", 1 * TB, "[100] * [10 GB/s]"),
    _arithmetic("v2store-stripe-per-oss", "data movement", "A 4 GB file over 100 OSS nodes",
                store("tier3-pfs"), "40 MB on each node", 40 * MB, "[4 GB] / [100]"),
    # "the probability that both replicas are slow is 0.01² = 0.0001"
    _arithmetic("v2store-hedged-both-slow", "operations", "Both replicas slow at 1% each",
                store("tier3-pfs"), "0.0001", 1e-4, "0.01 * 0.01"),
    # "a PFS with 1 TB/s aggregate bandwidth, shared across 10 concurrent training jobs, provides
    # only 100 GB/s per job ... If one job's checkpoint storm consumes 400 GB/s ..., the remaining
    # nine jobs share 600 GB/s -- a 33% reduction"
    _arithmetic("v2store-pfs-per-job", "data movement", "1 TB/s over 10 jobs",
                store("tier3-pfs"), "only 100 GB/s per job", 100 * GB, "[1 TB/s] / [10]"),
    _arithmetic("v2store-noisy-neighbor-reduction", "data movement",
                "Nine jobs sharing 600 GB/s instead of 100 GB/s each", store("tier3-pfs"),
                "a 33% reduction", 0.33, "1 - ([600 GB/s] / [9]) / [100 GB/s]",
                note="66.7 GB/s per job against 100: 33 % less."),
    # "at roughly $0.02/GB/month, it is 750× cheaper per byte than HBM and 5× cheaper than local
    # NVMe. For a 100 TB training dataset, object storage costs roughly $24,000 per year, compared
    # to $120,000 for local NVMe." (cell: 100 × 1000 GB × $0.02 × 12, × $0.10 × 12)
    _ratio("v2store-hbm-vs-object-cost", "operations", "HBM ($15/GB) against object ($0.02/GB)",
           store("tier4-object"), "750×", 750.0, "$15", "$0.02"),
    _ratio("v2store-nvme-vs-object-cost", "operations", "NVMe ($0.10/GB) against object ($0.02)",
           store("tier4-object"), "5×", 5.0, "$0.10", "$0.02"),
    *(Example(
        f"v2store-100tb-annual-{name}", "operations", f"100 TB for a year on {label}",
        store("tier4-object" if name != "glacier" else "tier5-archive"), printed, value,
        law="total-cost", inputs=(("items", "1200000"), ("price", price)), result="cost",
        note=f"100,000 GB × 12 months = 1.2 M GB-months at {price} per GB-month.")
      for name, label, price, printed, value in (
          ("s3", "object storage", "$0.02", "$24,000", 24000.0),
          ("nvme", "local NVMe", "$0.10", "$120,000", 120000.0),
          ("glacier", "archive storage", "$0.004", "$4,800", 4800.0))),
    # "archive storage costs roughly $4,800 per year for 100 TB, which is 20× cheaper than
    # standard object storage"
    _ratio("v2store-glacier-vs-s3", "operations", "Object ($0.02/GB) against archive ($0.004/GB)",
           store("tier5-archive"), "20× cheaper", 20.0, "$24000", "$4800",
           disputed="$24,000 against $4,800 a year (or $0.02 against $0.004 per GB-month) is 5×, "
                    "not 20×.", hand_value=5.0),
    # "Over a two-year retention period, this archive costs roughly $960 (100 TB at $0.004/GB/month
    # × 24 months)"
    Example(
        "v2store-archive-two-years", "operations", "100 TB archived for 24 months at $0.004/GB",
        store("tier5-archive"), "roughly $960", 960.0, law="total-cost",
        inputs=(("items", "2400000"), ("price", "$0.004")), result="cost",
        disputed="100,000 GB × $0.004 × 24 months = $9,600; $960 is ten times too small.",
        hand_value=9600.0),
    # "Training on 256 GPUs with ImageNet-scale images, 200 ms iterations, and 80% target
    # utilization requires 37.5 GB/s" (cell: 256 × 256 × 0.8 × (150/1024/1024) / 0.2)
    _arithmetic("v2store-pipeline-bandwidth-imagenet", "data movement",
                "B = N·U·S/T: 256 GPUs, 80%, 256 × 150 KB batches, 200 ms",
                store("pipeline-equation"), "37.5 GB/s", 37.5 * GIB,
                "[256] * 0.8 * [256] * [150 KiB] / [0.2 s]",
                note="The cell's units are binary: 7.5 GiB per 0.2 s = 37.5 GiB/s (40.3 GB/s)."),
    # notebook "The Data Stall Ratio": "T_step = 250 + 200 = 450 ms"; "Stall % = 250/450 =
    # 55.6%"; "T_step = max(200, 250) = 250 ms"; "(250 − 200)/250 = 20%"
    _ratio("v2store-stall-sequential", "speedup", "250 ms of I/O in a 450 ms step",
           store("pipeline-equation"), "55.6%", 0.556, "250 ms", "450 ms"),
    _ratio("v2store-stall-pipelined", "speedup", "50 ms of stall in a 250 ms step",
           store("pipeline-equation"), "20%", 0.20, "50 ms", "250 ms"),
    # "An undetected 5% increase in data stall ratio across a 1,000-GPU cluster for just one week
    # wastes over $168,000 in idle compute (1,000 GPUs × $2/GPU-hour × 168 hours × 5%)"
    _arithmetic("v2store-stall-week-cost", "operations",
                "5% of 1,000 GPUs at $2/hour for a week", store("pipeline-equation"),
                "over $168,000", 168000.0, "[1000] * [$2/h] * [168 h] * 0.05",
                disputed="1,000 × $2 × 168 h × 0.05 = $16,800: the printed $168,000 drops the "
                         "5% factor's tenfold (it is 50% of the GPUs' cost).",
                hand_value=16800.0),
    # "If I/O at the 99th percentile takes 200 ms and compute takes 100 ms, then D_min = 2"
    _ratio("v2store-prefetch-depth", "data movement", "P99 I/O of 200 ms over 100 ms of compute",
           store("pipelining"), "D_min = 2 batches", 2.0, "200 ms", "100 ms",
           note="⌈200/100⌉ = 2; the quotient is whole here."),
    # "at 40 MB per batch, a depth-5 prefetch buffer per GPU consumes 200 MB, and 8 GPUs per node
    # consume 1.6 GB. At 40 MB per batch with a depth of 1, the same node needs only 320 MB."
    _arithmetic("v2store-prefetch-depth5-gpu", "data movement", "Five 40 MB batches",
                store("pipelining"), "200 MB", 200 * MB, "[5] * [40 MB]"),
    _arithmetic("v2store-prefetch-depth5-node", "data movement", "Eight GPUs of five 40 MB batches",
                store("pipelining"), "1.6 GB", 1.6 * GB, "[8] * [5] * [40 MB]"),
    _arithmetic("v2store-prefetch-depth1-node", "data movement", "Eight GPUs of one 40 MB batch",
                store("pipelining"), "only 320 MB", 320 * MB, "[8] * [40 MB]"),
    # "A batch of 256 images at 224 × 224 × 3 bytes (after decoding) occupies roughly 37 MB."
    _arithmetic("v2store-decoded-image-batch", "data movement", "256 decoded 224×224×3 images",
                store("pipelining"), "roughly 37 MB", 37 * 2.0**20, "[256] * 224 * 224 * 3 * [1 B]",
                note="38,535,168 B = 36.75 MiB: the book's MB is binary here.",
                tolerance=0.5 * 2.0**20),
    # "a shuffle buffer of 10,000 sequences at 2,048 tokens each, with each token represented as
    # a 4-byte integer, consumes roughly 80 MB" "a shuffle buffer of 10,000 images consumes 1.5 GB"
    _arithmetic("v2store-text-shuffle-buffer", "data movement", "10,000 sequences of 2,048 tokens",
                store("multi-worker"), "roughly 80 MB", 80 * MB, "[10000] * [2048] * [4 B]",
                tolerance=2 * MB, note="81.9 MB."),
    _arithmetic("v2store-image-shuffle-buffer", "data movement", "10,000 images of 150 KB",
                store("multi-worker"), "1.5 GB", 1.5 * GB, "[10000] * [150 KB]"),
    # "For our 3 TB dataset distributed across 256 nodes, each node is responsible for
    # approximately 12 GB ... At a typical PFS read speed of 4 GB/s, this staging takes 3 seconds.
    # ... in a 10,000-node cluster experiencing 10 node failures per day, locality-aware
    # scheduling saves 30 seconds of staging time per failure, or 5 minutes per day"
    _arithmetic("v2store-shard-per-node", "data movement", "3 TB over 256 nodes",
                store("data-locality"), "approximately 12 GB", 12 * GB, "[3 TB] / [256]",
                tolerance=0.5 * GB, note="11.7 GB."),
    Example(
        "v2store-restage-after-failure", "data movement", "Staging 12 GB from a 4 GB/s PFS",
        store("data-locality"), "3 seconds", 3.0, law="transfer-time",
        inputs=(("data", "12 GB"), ("bandwidth", "4 GB/s")), result="time"),
    Example(
        "v2store-locality-savings-per-day", "operations",
        "Staging saved by 10 failures a day", store("data-locality"), "5 minutes per day",
        300.0, law="resource-time", inputs=(("count", "10"), ("each", "3 s")), result="total",
        disputed="The section's own staging time is 3 s per failure (12 GB at 4 GB/s), so 10 "
                 "failures save 30 s a day; '30 seconds per failure, or 5 minutes' is ten times "
                 "that.", hand_value=30.0),
    # notebook "The CPU Bypass Dividend": "At 64,000 images/second with 120 μs of CPU time per
    # image, the CPU spends 7.68 seconds of CPU time per wall-clock second" ... "At 30 μs ...
    # 1.92 seconds"
    *(Example(
        f"v2store-gds-cpu-{name}", "data movement", f"64,000 images/s at {each} of CPU each",
        store("gds"), printed, value, law="resource-time",
        inputs=(("count", "64000"), ("each", each)), result="total",
        note="CPU seconds per wall-clock second.")
      for name, each, printed, value in (("traditional", "120 us", "7.68 seconds", 7.68),
                                         ("gds", "30 us", "1.92 seconds", 1.92))),
    # "With a roughly 1,050 GB checkpoint created every 10 minutes ... for 30 days, the system
    # produces approximately 4,320 checkpoints, totaling over 4.3 petabytes"
    _arithmetic("v2store-checkpoints-30-days", "operations", "A checkpoint every 10 minutes",
                store("complete-path"), "approximately 4,320 checkpoints", 4320.0,
                "[30 days] / [10 min]"),
    _arithmetic("v2store-checkpoint-volume-30-days", "data movement",
                "4,320 checkpoints of 1,050 GB", store("complete-path"),
                "over 4.3 petabytes", 4.3e15, "[4320] * [1050 GB]", tolerance=0.3e15,
                note="4.54 PB; 'over 4.3' allows 4.3–4.6 PB. The chapter's own cell sizes the "
                     "checkpoint at 1,750 GB (350 GB weights + 1,400 GB Adam state), which "
                     "would give 7.6 PB."),
    # "The 3,750× cost difference between HBM and archive storage" (cell: 15.00 / 0.004);
    # "Reading the 100 TB dataset from S3 ... incurs an egress charge of $9,000. For multi-epoch
    # training that reads the dataset 10 times, the egress cost alone exceeds $90,000"
    _ratio("v2store-hbm-vs-archive-cost", "operations", "HBM ($15/GB) against archive ($0.004)",
           store("economics"), "3,750×", 3750.0, "$15", "$0.004"),
    Example(
        "v2store-egress-100tb", "operations", "Egress of 100 TB at $0.09/GB", store("economics"),
        "$9,000", 9000.0, law="egress-cost",
        inputs=(("data", "100 TB"), ("price", "$0.09/GB")), result="cost"),
    Example(
        "v2store-egress-10-epochs", "operations", "Egress of 100 TB, ten times, at $0.09/GB",
        store("economics"), "exceeds $90,000", 90000.0, law="egress-cost",
        inputs=(("data", "1000 TB"), ("price", "$0.09/GB")), result="cost"),
    # "A 1,000-GPU cluster at $2/GPU/hour costs $48,000 per day. If an undersized storage system
    # reduces accelerator utilization from 90% to 70%, the organization loses $9,600 per day ...
    # Over a 30-day training run, this amounts to $288,000"
    _arithmetic("v2store-cluster-cost-per-day", "operations", "1,000 GPUs at $2/hour for a day",
                store("economics"), "$48,000 per day", 48000.0, "[1000] * [$2/h] * [24 h]"),
    _arithmetic("v2store-utilization-loss-per-day", "operations",
                "20 points of utilization of a $48,000/day cluster", store("economics"),
                "$9,600 per day", 9600.0, "[$48000] * (0.90 - 0.70)"),
    _arithmetic("v2store-utilization-loss-30-days", "operations", "$9,600 a day for 30 days",
                store("economics"), "$288,000", 288000.0, "[$9600] * [30]"),
    # iceberg: "A dataset of 100 million individual files, read once, costs $40,000 in request
    # fees" ($0.0004 per GET); "the lost compute costs $13,000/day"; "Restoring a 100 TB dataset
    # from Glacier costs $2,000 in retrieval fees"
    Example(
        "v2store-get-request-fees", "operations", "100 million GETs at $0.0004",
        store("economics"), "$40,000", 40000.0, law="total-cost",
        inputs=(("items", "100e6"), ("price", "$0.0004")), result="cost"),
    _arithmetic("v2store-iceberg-idle-cost", "operations",
                "1,000 GPUs at $2/hour losing 20 points of utilization for a day",
                store("economics"), "$13,000/day", 13000.0,
                "[1000] * [$2/h] * [24 h] * (0.90 - 0.70)",
                disputed="The same scenario earlier in the section costs 1,000 × $2 × 24 h × 0.2 "
                         "= $9,600 a day, not $13,000.", hand_value=9600.0),
    Example(
        "v2store-glacier-retrieval", "operations", "Retrieving 100 TB from Glacier at $0.02/GB",
        store("economics"), "$2,000", 2000.0, law="egress-cost",
        inputs=(("data", "100 TB"), ("price", "$0.02/GB")), result="cost",
        note="A per-GB retrieval fee, computed like egress: D·p."),
    # notebook "The Egress Tax" (50 TB, 20 epochs, 4 runs a year)
    Example(
        "v2store-egress-tax-s3-storage", "operations", "50 TB in S3 for a year at $0.023/GB",
        store("economics"), "$13,800/year", 13800.0, law="total-cost",
        inputs=(("items", "600000"), ("price", "$0.023")), result="cost",
        note="50,000 GB × 12 months at $0.023 per GB-month."),
    Example(
        "v2store-egress-tax-per-run", "operations", "Streaming 50 TB for 20 epochs",
        store("economics"), "$90,000 per training run", 90000.0, law="egress-cost",
        inputs=(("data", "1000 TB"), ("price", "$0.09/GB")), result="cost",
        note="50 TB × 20 epochs = 1,000 TB."),
    _arithmetic("v2store-egress-tax-option-a", "operations", "Storage plus four runs' egress",
                store("economics"), "$373,800/year", 373800.0, "[$13800] + 4 * [$90000]"),
    Example(
        "v2store-egress-tax-nvme", "operations", "50 TB of NVMe for a year at $0.10/GB-month",
        store("economics"), "$60,000/year", 60000.0, law="total-cost",
        inputs=(("items", "600000"), ("price", "$0.10")), result="cost"),
    Example(
        "v2store-egress-tax-staging", "operations", "Staging 50 TB once per run, four runs",
        store("economics"), "$18,000/year", 18000.0, law="egress-cost",
        inputs=(("data", "200 TB"), ("price", "$0.09/GB")), result="cost"),
    _arithmetic("v2store-egress-tax-option-b", "operations", "S3, NVMe and staging egress",
                store("economics"), "$91,800/year", 91800.0, "[$13800] + [$60000] + [$18000]"),
    _arithmetic("v2store-egress-tax-savings", "operations", "Option A less option B",
                store("economics"), "saves $282,000/year", 282000.0, "[$373800] - [$91800]"),
    # --- the chapter's tail (character 160,000 to the end) ---
    # "Storing 1 PB in a cloud object store at $0.02/GB/month costs $240,000 per year for storage
    # alone. However, ... reading that petabyte just ten times in a year adds over $900,000"
    Example(
        "v2store-1pb-object-storage-year", "operations", "1 PB for a year at $0.02/GB-month",
        store("economics"), "$240,000 per year", 240000.0, law="total-cost",
        inputs=(("items", "12e6"), ("price", "$0.02")), result="cost",
        note="1,000,000 GB × 12 months = 12 × 10⁶ GB-months at $0.02."),
    Example(
        "v2store-1pb-ten-reads-egress", "operations", "Reading 1 PB ten times at $0.09/GB",
        store("economics"), "over $900,000", 900000.0, law="egress-cost",
        inputs=(("data", "10 PB"), ("price", "$0.09/GB")), result="cost",
        note="The egress price the chapter uses throughout: 10⁷ GB × $0.09."),
    # "Staging a 10 TB dataset across 256 nodes, where each node copies its assigned shards at
    # 500 MB/s from the parallel file system, takes roughly 80 seconds per node."
    _arithmetic("v2store-prestaging-per-node", "data movement",
                "A 256th of 10 TB copied at 500 MB/s", store("tiering"), "roughly 80 seconds",
                80.0, "([10 TB] / [256]) / [500 MB/s]", tolerance=2.5,
                note="39.06 GB / 0.5 GB/s = 78.1 s."),
    # "Loading from a shared PFS at a per-node rate of 4 GB/s takes nearly 88 seconds. From
    # object storage at 1 GB/s, the delay approaches six minutes."
    Example(
        "v2store-cold-start-object-storage", "serving", "Loading 350 GB from object storage",
        store("inference"), "approaches six minutes", 360.0, law="transfer-time",
        inputs=(("data", "350 GB"), ("bandwidth", "1 GB/s")), result="time", tolerance=15.0,
        note="350 s = 5.8 min; 'approaches six' allows 345–375 s."),
    # "If the 350 GB model is striped across 8 NVMe drives, each loading a 43.75 GB shard at
    # 3.5 GB/s, the total load time drops to 12.5 seconds."
    _arithmetic("v2store-model-shard-size", "serving", "350 GB striped over 8 drives",
                store("inference"), "43.75 GB", 43.75 * GB, "[350 GB] / [8]"),
    Example(
        "v2store-sharded-cold-start", "serving", "One 43.75 GB shard at 3.5 GB/s",
        store("inference"), "12.5 seconds", 12.5, law="transfer-time",
        inputs=(("data", "43.75 GB"), ("bandwidth", "3.5 GB/s")), result="time"),
    # notebook "The Checkpoint Storm" (256 nodes, 4 GB each, every 10 minutes)
    Example(
        "v2store-storm-local-nvme-write", "data movement", "4 GB to four NVMe drives at 14 GB/s",
        store("checkpointing"), "0.29 seconds", 0.29, law="transfer-time",
        inputs=(("data", "4 GB"), ("bandwidth", "14 GB/s")), result="time", tolerance=0.005,
        note="4/14 = 0.286 s."),
    _arithmetic("v2store-storm-total", "data movement", "256 nodes × 4 GB",
                store("checkpointing"), "1,024 GB total", 1024 * GB, "[256] * [4 GB]"),
    Example(
        "v2store-storm-pfs-drain", "data movement", "1,024 GB into a 1 TB/s PFS",
        store("checkpointing"), "roughly 1 second", 1.0, law="transfer-time",
        inputs=(("data", "1024 GB"), ("bandwidth", "1 TB/s")), result="time", tolerance=0.05,
        note="1.024 s."),
    _arithmetic("v2store-storm-per-node-pfs-share", "data movement", "1 TB/s shared by 256 nodes",
                store("checkpointing"), "3.9 GB/s", 3.9 * GB, "[1000 GB/s] / [256]",
                tolerance=0.01 * GB, note="3.906 GB/s."),
    Example(
        "v2store-storm-per-node-copy", "data movement", "4 GB at 3.9 GB/s",
        store("checkpointing"), "1.03 seconds", 1.03, law="transfer-time",
        inputs=(("data", "4 GB"), ("bandwidth", "3.9 GB/s")), result="time", tolerance=0.005,
        note="4/3.9 = 1.026 s (with the unrounded 3.906 GB/s, 1.024 s)."),
    _ratio("v2store-storm-overhead", "operations", "A 0.29 s pause every 600 s",
           store("checkpointing"), "0.05%", 0.0005, "0.29 s", "600 s", tolerance=0.00002,
           note="0.29/600 = 0.048%."),
    # "copies every 100th checkpoint to object storage ... while preserving 43 historical
    # snapshots" (4,320 checkpoints over 30 days)
    _arithmetic("v2store-retained-snapshots", "operations", "Every 100th of 4,320 checkpoints",
                store("checkpointing"), "43 historical snapshots", 43.0, "floor([4320] / [100])"),
    # "The full checkpoint ... includes 350 GB of FP16 model weights and roughly 700 GB of Adam
    # optimizer state" (the notebook table below it: "Optimizer state (FP32) 1,400 GB")
    _arithmetic(
        "v2store-adam-state-175b", "training", "Adam's two FP32 moments for 175B parameters",
        store("distributed-checkpoint"), "roughly 700 GB", 700 * GB,
        "[175e9] * ([4 B] + [4 B])",
        disputed="Momentum and variance in FP32 are 175 × 10⁹ × (4 + 4) B = 1,400 GB, the "
                 "value the chapter's own footprint table prints; 700 GB is one of the two.",
        hand_value=1400 * GB),
    # "A training job that reads a 100 TB dataset from object storage 10 times incurs $90,000 in
    # egress fees, far exceeding the annual storage cost of $27,600."
    Example(
        "v2store-100tb-storage-year", "operations", "100 TB for a year at $0.023/GB-month",
        store("fallacies"), "$27,600", 27600.0, law="total-cost",
        inputs=(("items", "1.2e6"), ("price", "$0.023")), result="cost",
        note="100,000 GB × 12 months at $0.023."),
    # "For a 10 TB dataset ... A 5% change between versions stores 9.5 TB of redundant data ...
    # reduces the storage cost of a new version from 10 TB to roughly 500 GB, a 20× reduction."
    _arithmetic("v2store-version-redundant", "operations", "The unchanged 95% of 10 TB",
                store("fallacies"), "9.5 TB of redundant data", 9.5 * TB, "[0.95] * [10 TB]"),
    _arithmetic("v2store-version-delta", "operations", "The changed 5% of 10 TB",
                store("fallacies"), "roughly 500 GB", 500 * GB, "[0.05] * [10 TB]"),
    _ratio("v2store-version-reduction", "operations", "A full copy against the delta",
           store("fallacies"), "a 20× reduction", 20.0, "10 TB", "500 GB"),
)

EXAMPLES: tuple[Example, ...] = COMPUTE + NETWORK + STORAGE
