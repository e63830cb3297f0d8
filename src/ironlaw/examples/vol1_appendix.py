"""The book's worked examples from the 2026 edition's first volume (vol1): its Algorithm
Foundations, Foundations, Mathematical Foundations and Historical appendices, as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. Each appendix file was read at the
commit ``COMMITS`` names; the quoted sentence sits beside each example. Where a number comes
from an inline ``{python}`` cell, it was worked out by hand from the cell's code and
``mlsysim/core/constants.py`` (read at 098f8728: A100_FLOPS_FP16_TENSOR = 312 TFLOP/s,
A100_MEM_BW = 2,039 GB/s, A100_MEM_CAPACITY = 80 GiB, GPT2_PARAMS = 1.5e9, GPT2_LAYERS = 48,
GPT2_HIDDEN_DIM = 1600, BYTES_FP16 = 2, BYTES_FP32 = BYTES_INT32 = 4), with the arithmetic
beside it.

Read, all four to their end:

- Algorithm Foundations at 02f1a630 (39,927 characters; the index's listed version, 5376f1ff,
  is an earlier one of the same text, still importing ``physx``).
- Foundations ("System Foundations") at 1c90693c (35,925 characters): an older copy of the
  appendix that the book later split into Machine, Data and Algorithm Foundations; the index's
  listed 273b4b14 is a shorter version of it (without the worked Amdahl, Gustafson, sparse and
  bandwidth-latency examples). Its A100 analysis, Amdahl, Gustafson, Little's law and
  bandwidth-latency examples are the passages the gallery already holds from the Machine
  Foundations appendix (:mod:`ironlaw.examples.vol1_more`), and its sparse embedding example
  is the Algorithm appendix's below, so only the passages the gallery lacked are added here.
  (This copy prints the A100's ridge as 312/2.0 = 156 where the current one prints 153; the
  gallery holds 156 from the training chapter.)
- Mathematical Foundations at 74a6c4d7 (37,306 characters, the index's listed version): an
  even older predecessor of the same appendix; read_file without a commit gives 0af7f377, a
  shorter version (30,679 characters) whose worked numbers all appear in 74a6c4d7 but for the
  CSR caption below. Its "10% serial caps the speedup at 10x" is in the gallery already
  (``book.py``).
- Historical Foundations at d94aada8 (9,877 characters, the only stored version): it stops
  after the Classical Machine Learning section and prints no worked numbers (its 4 and 15 mph
  are a decision tree's thresholds), so it adds no example.

Left out: the tensor-primitive table's formulas and the broadcast of (32, 1, 64) with
(1, 128, 64) (shapes, not quantities); the Checkpoint's training-memory questions (no printed
answer); the FP16/FP32/INT8 ranges of the numeric-format table (table constants, not worked
calculations); 0af7f377's CSR caption "avoids storing the 12 zero values" of a 4 × 4 matrix
with 4 nonzeros (a count of cells).
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, backmatter_file, sections
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio
from ironlaw.examples.gallery import weights_only as _weights

# the version of each appendix file that was read (harvard-edge/cs249r_book)
COMMITS = {
    "appendix_algorithm": "02f1a630b6b89cc48a248842b6c44985b563fde2",
    "appendix_foundations": "1c90693c570298f94b1abbb8935a15e1b333333b",
    "appendix_math_foundations": "74a6c4d760ca962e2c4df0138dbeae2b6a2c5813",
    "appendix_historical": "d94aada87fd08b96480f6708b0fd984c97ea2d19",
}
KB, MB, GB, TB = 1e3, 1e6, 1e9, 1e12
GIB = 2.0**30
MS = 1e-3


# the Algorithm Foundations, (System) Foundations and Mathematical Foundations appendices
algorithm = sections(backmatter_file("vol1", "appendix_algorithm"),
                     COMMITS["appendix_algorithm"], "sec-algorithm-foundations-")
foundations = sections(backmatter_file("vol1", "appendix_foundations"),
                       COMMITS["appendix_foundations"], "sec-system-foundations-")
math_foundations = sections(backmatter_file("vol1", "appendix_math_foundations"),
                            COMMITS["appendix_math_foundations"], "sec-appendix-")


# ── Algorithm Foundations ─────────────────────────────────────────────────────────────────
# Cell appendix-algorithm-setup: small_intensity = 64/3 = 21.33 → int → "21";
# a100_ridge = int(312 / 2.039) = int(153.02) = 153; small_efficiency_pct = 21.33/153 × 100
# = 13.94 → int → "13"; total_elements = 100,000 × 10,000 = 10⁹ → "1"; dense = 10⁹ × 4 B
# = 4 GB; nonzeros = int(10⁹ × 1/100) = 10⁷ → "10"; sparse = 10⁷ × (4 + 4) B = 80 MB;
# reduction_factor = int(4 × 10⁹/8 × 10⁷) = 50.
GEMM = algorithm("general-matrix-multiply-gemm-b55d")
SPARSE = algorithm("sparse-matrix-formats-0bd0")
_TRUNCATED = "the cell truncates with int()"

ALGORITHM_GEMM: tuple[Example, ...] = (
    # "A 64 × 64 GEMM has intensity 64/3 ≈ 21 FLOP/byte, well below the ridge point (153),
    # achieving only ~13 percent of peak throughput."
    Example(
        "v1app-gemm-64-intensity", "roofline", "A 64 × 64 FP16 GEMM's arithmetic intensity",
        GEMM, "≈ 21 FLOP/byte", 21.0, law="dense",
        inputs=(("batch", "64"), ("in_features", "64"), ("out_features", "64"),
                ("precision", "fp16")), result="intensity",
        note="2 × 64³ FLOPs over three 64² FP16 matrices: n/3 = 21.3, which "
             f"{_TRUNCATED}; the dense layer's 128 B bias leaves 21.2."),
    Example(
        "v1app-a100-ridge", "roofline", "The A100's FP16 ridge point, against which the 64 × 64 "
        "GEMM is set", GEMM, "the ridge point (153)", 153.0, law="ridge-point",
        inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "2039 GB/s")), result="ridge",
        note=f"312 TFLOP/s over 2,039 GB/s = 153.0; {_TRUNCATED}."),
    Example(
        "v1app-gemm-64-fraction-of-peak", "roofline",
        "A 64 × 64 FP16 GEMM on an A100: the share of peak it reaches", GEMM,
        "only ~13 percent of peak throughput", 0.13, law="roofline",
        inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "2039 GB/s"), ("flops", "524288"),
                ("bytes", "24576 B")), result="fraction", tolerance=0.01,
        note="2 × 64³ = 524,288 FLOPs over 3 × 64² × 2 B = 24,576 B: 21.3 FLOP/B × 2,039 GB/s "
             f"= 43.5 TFLOP/s, 13.9% of 312 (the cell's 21.33/153); {_TRUNCATED}, so this "
             "example allows a point."),
)

ALGORITHM_SPARSE: tuple[Example, ...] = (
    # "consider a vocabulary embedding matrix of size 100,000 × 10,000 (1 billion parameters)"
    _arithmetic("v1app-embedding-elements", "training",
                "Elements of a 100,000 × 10,000 embedding matrix", SPARSE,
                "1 billion parameters", 1e9, "100000 * 10000"),
    # "Dense (FP32): 1 × 10^9 × 4 bytes = 4 GB."
    Example(
        "v1app-embedding-dense-fp32", "training", "The embedding matrix dense in FP32", SPARSE,
        "4 GB", 4 * GB, law="model-states", inputs=_weights("1e9", "4"), result="total",
        note="10⁹ × 4 B."),
    # "Sparse (1 percent density): Storing only nonzeros requires roughly 10 × 10^6 × (4 bytes
    # value + 4 bytes index) ≈ 80 MB."
    _arithmetic("v1app-embedding-nonzeros", "training",
                "Nonzeros of the embedding matrix at 1% density", SPARSE, "10 × 10^6", 1e7,
                "100000 * 10000 * [1%]"),
    _arithmetic("v1app-embedding-csr-bytes", "training",
                "The nonzeros stored sparsely: a 4 B value and a 4 B index each", SPARSE,
                "≈ 80 MB", 80 * MB, "1e7 * ([4 B] + [4 B])",
                note="10⁷ × 8 B (the row pointers, 100,001 of them, add 0.4 MB more)."),
    # "Result: A 50× reduction in memory footprint"
    _ratio("v1app-embedding-sparse-reduction", "training",
           "The dense embedding matrix against its sparse storage", SPARSE,
           "A 50× reduction", 50.0, "4 GB", "80 MB", note="4 GB/80 MB = 50."),
)

# Cell gpt2-training-memory: weights = grads = 1.5e9 × 2/1e9 = 3.0 GB ("{:.1f}"); optim =
# 1.5e9 × 12/1e9 = 18.0 GB; model_state = 24 GB ("{:.0f}"); accel_gb = 80 GiB in GB =
# 85.89934592, printed with f"{accel_gb}"; remaining = 85.899 − 24 = 61.9 → "62";
# act_small = 48 × 12 × 8 × 1024 × 1600 × 2 B = 15,099,494,400 B = 15.1 GB → "15";
# total_small = 24 + 15.1 = 39.1 → "~39"; act_large = 48 × 12 × 64 × 1024 × 1600 × 2 B
# = 120,795,955,200 B → "~121".
GPT2 = algorithm("true-cost-training-memory-e54e")
_GPT2_STATE = "Model state: BF16 weights and gradients, FP32 master, momentum and variance"

ALGORITHM_GPT2: tuple[Example, ...] = (
    # "Weights (BF16): 1.5 × 10^9 × 2 bytes = 3.0 GB"
    Example(
        "v1app-gpt2-weights-bf16", "training", "GPT-2 XL (1.5B): weights in BF16", GPT2,
        "3.0 GB", 3 * GB, law="model-states", inputs=_weights("1.5e9", "2"), result="total",
        note="1.5 × 10⁹ × 2 B (the training chapter's own GPT-2 box has the same product)."),
    # "Gradients (BF16): 1.5 × 10^9 × 2 bytes = 3.0 GB"
    # (model-states needs weights, w > 0, so the gradients and the optimizer alone are
    # products in `arithmetic`)
    _arithmetic("v1app-gpt2-gradients-bf16", "training", "GPT-2 XL (1.5B): gradients in BF16",
                GPT2, "3.0 GB", 3 * GB, "1.5e9 * [2 B]", note="One BF16 gradient a parameter."),
    # "Optimizer (FP32 master + momentum + variance): 1.5 × 10^9 × 12 bytes = 18.0 GB"
    _arithmetic("v1app-gpt2-optimizer-fp32", "training",
                "GPT-2 XL (1.5B): FP32 master weights, momentum and variance", GPT2,
                "18.0 GB", 18 * GB, "1.5e9 * ([4 B] + [4 B] + [4 B])",
                note="Three FP32 values a parameter: 12 B."),
    # "Total model state: 24 GB—fits on an A100/H100 (85.89934592 GB), but leaves only 62 GB
    # for activations."
    Example(
        "v1app-gpt2-model-state", "training", f"GPT-2 XL (1.5B): {_GPT2_STATE}", GPT2,
        "24 GB", 24 * GB, law="model-states", inputs=(("params", "1.5e9"),), result="total",
        note="1.5 × 10⁹ × (2 + 2 + 12) B = 16 B a parameter."),
    _arithmetic("v1app-a100-capacity-in-gb", "training",
                "An A100's 80 GiB in decimal gigabytes, as the callout prints it", GPT2,
                "85.89934592 GB", 80 * GIB, "[80 GiB]",
                note="The cell prints A100_MEM_CAPACITY (80 GiB) converted to GB without "
                     "rounding: 80 × 2³⁰ B = 85,899,345,920 B."),
    _arithmetic("v1app-gpt2-memory-left", "training",
                "An 80 GiB accelerator less GPT-2's 24 GB of model state", GPT2,
                "leaves only 62 GB for activations", 62 * GB, "[80 GiB] - [24 GB]",
                note="85.9 GB − 24 GB = 61.9 GB."),
    # "48 × 12 × 8 × 1024 × 1600 × 2 bytes ≈ 15 GB"
    _arithmetic("v1app-gpt2-activations-batch-8", "training",
                "GPT-2 XL activations: 48 layers × 12·B·S·d at batch 8, 1,024 tokens, BF16",
                GPT2, "≈ 15 GB", 15 * GB, "48 * 12 * 8 * 1024 * 1600 * [2 B]",
                note="15,099,494,400 B = 15.1 GB."),
    # "Total: ~39 GB—fits on one 85.89934592 GB accelerator."
    _arithmetic("v1app-gpt2-total-batch-8", "training",
                "GPT-2 XL at batch 8: model state and activations", GPT2, "~39 GB", 39 * GB,
                "[24 GB] + 48 * 12 * 8 * 1024 * 1600 * [2 B]", note="24 + 15.1 = 39.1 GB."),
    # "increase the batch to 64 and activations grow to ~121 GB, exceeding the remaining
    # capacity"
    _arithmetic("v1app-gpt2-activations-batch-64", "training",
                "GPT-2 XL activations at batch 64", GPT2, "~121 GB", 121 * GB,
                "48 * 12 * 64 * 1024 * 1600 * [2 B]",
                note="120,795,955,200 B = 120.8 GB, eight times batch 8's; more than the "
                     "62 GB left."),
)

# Cell appendix-algorithm-setup: bytes_fp16_str = "2", optimizer_overhead_str = "8–12".
PITFALLS = algorithm("fallacies-pitfalls-ae60")
ALGORITHM_PITFALLS: tuple[Example, ...] = (
    # "the non-activation overhead alone is roughly 2 + 2 + 8–12 = 12–16 bytes per parameter"
    Example(
        "v1app-adam-bytes-per-param-low", "training",
        "Adam in mixed precision without an FP32 master copy: bytes per parameter", PITFALLS,
        "12", 12.0, law="model-states",
        inputs=(("params", "1"), ("w", "2"), ("g", "2"), ("m", "0"), ("s", "8")),
        result="per_param", note="The range's low end: 2 + 2 + 8 (momentum and variance)."),
    Example(
        "v1app-adam-bytes-per-param-high", "training",
        "Adam in mixed precision with an FP32 master copy: bytes per parameter", PITFALLS,
        "16 bytes per parameter", 16.0, law="model-states", inputs=(("params", "1"),),
        result="per_param", note="The range's high end: 2 + 2 + 12 (master, momentum, variance)."),
)

# ── Foundations (an older copy of the Machine, Data and Algorithm appendices) ──────────────
FOUNDATIONS: tuple[Example, ...] = (
    # "A "P99" (99th percentile) latency of 500ms means 1% of your users experience extreme
    # slowness, which at scale (1M users) is 10,000 unhappy people."
    _arithmetic("v1app-p99-unhappy-users", "serving",
                "The 1% of a million users past the P99 latency",
                foundations("distributions-long-tail-37cc"), "10,000 unhappy people", 1e4,
                "1e6 * [1%]"),
    # "In row formats, you must read the entire 1KB row just to extract the 4-byte integer,
    # wasting 99% of I/O bandwidth."
    _arithmetic("v1app-row-format-projection-waste", "data movement",
                "Reading a 1 KB row for one 4-byte column: the bytes wasted",
                foundations("algebra-data-7b3d"), "wasting 99% of I/O bandwidth", 0.99,
                "1 - [4 B] / [1 KB]", tolerance=0.01,
                note="1 − 4/1000 = 99.6%, which the book truncates (this example allows a "
                     "point)."),
    # "Joining two 1 TB tables requires moving ~2 TB over the network."
    _arithmetic("v1app-shuffle-join-traffic", "data movement",
                "A shuffle join of two 1 TB tables: data over the network",
                foundations("algebra-data-7b3d"), "~2 TB", 2 * TB, "[1 TB] + [1 TB]",
                note="Both tables are repartitioned by key; in the worst case every byte moves."),
    # "If serving one request requires 1 GB of temporary memory (KV cache, activations),
    # handling 50 concurrent requests requires 50 GB of memory."
    _arithmetic("v1app-littles-50-requests-memory", "serving",
                "Memory for 50 concurrent requests at 1 GB each",
                foundations("littles-law-9c4c"), "requires 50 GB of memory", 50 * GB,
                "50 * [1 GB]",
                note="The 50 concurrent requests are Little's law's 1,000 QPS × 50 ms."),
)

# ── Mathematical Foundations (the oldest copy) ────────────────────────────────────────────
HIERARCHY = math_foundations("memory-hierarchy")
BACKPROP = math_foundations("backprop")

MATH_FOUNDATIONS: tuple[Example, ...] = (
    # "to sustain 1,000 queries per second (QPS) with 20ms average latency, your system must
    # handle 1000 × 0.02 = 20 concurrent requests."
    Example(
        "v1app-littles-1000-qps-20ms", "serving", "Little's law: 1,000 QPS at 20 ms",
        math_foundations("little"), "= 20 concurrent requests", 20.0, law="littles-law",
        inputs=(("arrival_rate", "1000 /s"), ("time", "20 ms")), result="n",
        note="L = λW = 1,000 × 0.02."),
    # The latency table: "| Registers | ~1 ns | 1x |", "| L1 Cache | ~4 ns | 4x |",
    # "| L2 Cache | ~20 ns | 20x |", "| HBM | ~100 ns | 100x |", "| SSD | ~100 us | 100,000x |";
    # and "If those vectors fit in registers, each dot product takes about 1 nanosecond. If
    # they must be fetched from HBM on every iteration, each access takes roughly 100
    # nanoseconds. That is a 100x difference in memory access time alone."
    *(_ratio(f"v1app-{key}-vs-register-latency", "data movement",
             f"{level} latency against a register's (~1 ns)", HIERARCHY, printed, value,
             latency, "1 ns")
      for key, level, printed, value, latency in (
          ("l1", "L1 cache", "4x", 4.0, "4 ns"),
          ("l2", "L2 cache", "20x", 20.0, "20 ns"),
          ("hbm", "HBM", "100x", 100.0, "100 ns"),
          ("ssd", "SSD", "100,000x", 1e5, "100 us"))),
    # "If your training loop reads each batch from SSD, you pay 100 microseconds per access.
    # At 1,000 batches per epoch, that is 100 milliseconds of I/O per epoch"
    Example(
        "v1app-ssd-batch-reads-per-epoch", "data movement",
        "1,000 SSD batch reads at 100 µs each: I/O time per epoch", HIERARCHY,
        "100 milliseconds", 100 * MS, law="resource-time",
        inputs=(("count", "1000"), ("each", "100 us")), result="total",
        note="1,000 × 100 µs, paid on the training loop's critical path without prefetching."),
    # "A single access to CPU memory over PCIe takes roughly 1 microsecond." ... "If you can keep
    # the optimizer state in HBM rather than swapping to CPU, you avoid the 10x latency penalty
    # of crossing the PCIe bus."
    _ratio("v1app-pcie-vs-hbm-latency", "data movement",
           "A CPU-memory access over PCIe (~1 µs) against an HBM access (~100 ns)", HIERARCHY,
           "the 10x latency penalty", 10.0, "1 us", "100 ns"),
    # "For a transformer processing a 4096-token sequence with hidden dimension 4096, a single
    # layer's activations consume 4096 × 4096 × 4 bytes ≈ 67 MB in FP32. Multiply by 100
    # layers: 6.7 GB just for activations"
    _arithmetic("v1app-layer-activations-4096", "training",
                "One layer's activations: 4,096 tokens × 4,096 hidden, FP32", BACKPROP,
                "≈ 67 MB", 67 * MB, "4096 * 4096 * [4 B]",
                note="16,777,216 values × 4 B = 67,108,864 B."),
    _arithmetic("v1app-100-layer-activations-4096", "training",
                "The same activations for 100 layers", BACKPROP, "6.7 GB", 6.7 * GB,
                "100 * 4096 * 4096 * [4 B]", note="100 × 67.1 MB = 6.71 GB."),
    # "For a 100-layer network with checkpointing every 10 layers, you store only 10
    # activations instead of 100, reducing activation memory by 10x"
    _ratio("v1app-checkpoint-every-10-layers", "training",
           "Gradient checkpointing every 10th of 100 layers: activations kept", BACKPROP,
           "reducing activation memory by 10x", 10.0, "100", "10"),
    # "After pruning 90% of weights, you have 10x fewer values to store and 10x fewer
    # multiplications to perform"
    _arithmetic("v1app-pruning-90-percent", "training",
                "Values left after pruning 90% of the weights: the reduction",
                math_foundations("sparse"), "10x fewer values", 10.0, "1 / (1 - 0.90)",
                note="10% of the weights remain: 1/0.1."),
)

EXAMPLES: tuple[Example, ...] = (ALGORITHM_GEMM + ALGORITHM_SPARSE + ALGORITHM_GPT2
                                 + ALGORITHM_PITFALLS + FOUNDATIONS + MATH_FOUNDATIONS)
