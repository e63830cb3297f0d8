"""The book's worked examples from the 2026 edition's second volume (vol2): the rest of its
Performance Engineering chapter (from character 32,000; the start is in vol2_inference), as
data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. The chapter file was read at the commit
``COMMITS`` names (the index's listed version is a stub; this is the stored full version); the
quoted sentence sits beside each example. Where the book prints a value from an inline
``{python}`` cell, the value was worked out by hand from the cell's code and the book's mlsysim
constants, with the arithmetic beside it: H100 989 TFLOP/s FP16 (no "fp16" entry in its
``precision_flops``, so the dense peak), 3.35 TB/s HBM, NVLink 900 GB/s; Llama-2-70B 70 × 10⁹
parameters, 80 layers, hidden 8,192, 64 heads, 8 KV heads (head dim 128); Llama-3.1-8B
8.03 × 10⁹ parameters; training MFU (0.30 + 0.50)/2 = 0.40; the precision-dividend profile:
context 4,096 tokens, tensor parallelism 8, policy batches 4 → 32, speculation below 16.
Read: Performance Engineering from character 32,000 to its end (243,591 characters), in
sections Roofline through Summary. Ridge points already in vol2_inference (``v2perf-*``: H100
FP16 295, FP8 590.7, A100 153) are not repeated.
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, chapter_file, sections
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio
from ironlaw.examples.gallery import weights_only as _weights

# the version of each chapter file that was read (harvard-edge/cs249r_book)
COMMITS = {
    "performance_engineering": "00219d318157abc13f86bdb3b0d8b536c058fe80",
}
KB, MB, GB = 1e3, 1e6, 1e9
KIB, MIB = 1024.0, 2.0**20
MS, US, NS = 1e-3, 1e-6, 1e-9


perf = sections(chapter_file("vol2", "performance_engineering"), COMMITS["performance_engineering"],
                "sec-performance-engineering-")


PLACEMENT = perf("workload-placement")
BATCH = perf("batch-size")
PREFILL = perf("prefill-decode")
LAUNCH = perf("kernel-launch")
CATEGORIES = perf("fusion-categories")
GRAPHS = perf("cuda-graphs")
FLASH = perf("flashattention")
BLOCK = perf("block-quant")
QUANT = perf("quant-strategies")
TRITON = perf("triton")
OVERLAP = perf("overlap")
QUANTIFY = perf("overlap-quantify")
METRICS = perf("metrics")
DIAGNOSIS = perf("roofline-diagnosis")
PATTERNS = perf("bottleneck-patterns")
AT_SCALE = perf("profiling-scale")
FLEET = perf("fleet-efficiency-metric-dff4")
BASELINE = perf("case-baseline")
ROUND3 = perf("case-round3")

_GEMM_4096 = (("batch", "4096"), ("in_features", "4096"), ("out_features", "4096"),
              ("precision", "fp16"))

ROOFLINE: tuple[Example, ...] = (
    # workload-intensity-calc: gemm_flops = 2·4096³ = 137,438,953,472; gemm_bytes = 3·4096²·2 B
    # = 100,663,296 B; intensity = 4096/3 = 1365.3. "performs approximately 137 billion FLOPs
    # while loading roughly 100 MB of data" (tbl-arithmetic-intensity: "~1,365 FLOP/byte")
    Example(
        "v2perf2-gemm-4096-flops", "roofline", "A 4096 × 4096 × 4096 FP16 GEMM's FLOPs",
        PLACEMENT, "approximately 137 billion FLOPs", 137e9, law="dense", inputs=_GEMM_4096,
        result="flops", note="2 × 4096³ = 1.374 × 10¹¹."),
    Example(
        "v2perf2-gemm-4096-bytes", "data movement", "Its operands and result in FP16",
        PLACEMENT, "roughly 100 MB", 100 * MB, law="dense", inputs=_GEMM_4096, result="data",
        note="3 × 4096² × 2 B = 100.7 MB (the layer's 8 KB bias adds nothing visible)."),
    Example(
        "v2perf2-gemm-4096-intensity", "roofline", "Its arithmetic intensity", PLACEMENT,
        "~1,365 FLOP/byte", 1365.0, law="dense", inputs=_GEMM_4096, result="intensity",
        note="2n³ FLOPs over 3n² two-byte values: n/3 = 1365.3 (1365.2 with the bias); far "
             "above the H100's 295, so compute-bound."),
    # elem_intensity = 5 FLOPs per element / (load + store of 2 B) = 1.25
    _arithmetic("v2perf2-gelu-intensity", "roofline",
                "GELU: about 5 operations per FP16 element loaded and stored", PLACEMENT,
                "approximately 1.2 FLOP/byte", 1.2, "[5 FLOP] / (2 * [2 B])",
                tolerance=0.06,
                note="5/(2 × 2) = 1.25 exactly; the cell's f-string with one decimal prints "
                     "1.2 (round half to even), so the printed digit allows 0.06 here."),
    # decode_intensity = 2·4096² / ((4096² + 4096)·2 B) = 0.99976 -> "1.0"
    Example(
        "v2perf2-decode-4096-intensity", "roofline",
        "One request's decode step through a 4096 × 4096 FP16 weight matrix", PLACEMENT,
        "approximately 1.0 FLOP/byte", 1.0, law="dense",
        inputs=(("batch", "1"), ("in_features", "4096"), ("out_features", "4096"),
                ("precision", "fp16")), result="intensity",
        note="2 × 4096² FLOPs over 4096² weights and a 4096-wide input in FP16: 4096/4097 = "
             "0.9998 (0.9993 counting the output and bias)."),
    # "At batch size 1, ... I ≈ 2/b_param ≈ 1 FLOP/byte for FP16. At batch size 256, ... I ≈ 2 ×
    # 256/b_param ≈ 256 FLOP/byte"
    _arithmetic("v2perf2-decode-batch1-intensity", "roofline",
                "Decode at batch 1: two FLOPs per FP16 weight read", BATCH,
                "≈ 1 FLOP/byte", 1.0, "[2 FLOP] / [2 B]",
                note="The weight term only, 2/b_param."),
    _arithmetic("v2perf2-decode-batch256-intensity", "roofline",
                "Decode at batch 256: FP16 weights amortized over 256 requests", BATCH,
                "≈ 256 FLOP/byte", 256.0, "[2 FLOP] * 256 / [2 B]",
                note="The weight term only, 2B/b_param; the activations add B·d·b to the bytes."),
    # "2 percent utilization at batch size 1 may achieve 60 percent utilization at batch size
    # 256 ... the cost per token decreases by 30×"
    _ratio("v2perf2-batch256-cost-per-token", "operations",
           "Utilization at batch 256 over batch 1: the cost per token falls as much", BATCH,
           "30×", 30.0, "60%", "2%"),
    # "For a prompt of 1024 tokens ... approximately 2 × 1024/2 = 1024 FLOP/byte"
    _arithmetic("v2perf2-prefill-1024-intensity", "roofline",
                "Prefill of a 1024-token prompt over FP16 weights", PREFILL,
                "1024 FLOP/byte", 1024.0, "[2 FLOP] * 1024 / [2 B]"),
)

# nbk-performance-engineering-roofline-diagnostic (cell roofline-diagnostic): 70B on 8 H100s,
# params_per_gpu = 70e9/8 = 8.75e9
ROOFLINE_DIAGNOSTIC: tuple[Example, ...] = (
    # weight_qty = 8.75e9 × 2 B = 17.5 GB
    Example(
        "v2perf2-diagnostic-shard-weights", "serving",
        "A 70B model's FP16 weight shard on each of 8 GPUs", PREFILL, "17.5 GB", 17.5 * GB,
        law="model-states", inputs=_weights("8.75e9", "2"), result="total",
        note="70 × 10⁹/8 = 8.75 × 10⁹ parameters × 2 B."),
    # flops = 2 × 8.75e9 = 17.5e9 -> fmt_count(scale="B", precision=1) "17.5 B FLOP"
    Example(
        "v2perf2-diagnostic-decode-flops", "roofline", "One decode step's FLOPs on that shard",
        PREFILL, "17.5 B FLOP", 17.5e9, law="inference-flops",
        inputs=(("parameters", "8.75e9"),), result="flops", note="2 × 8.75 × 10⁹."),
    _arithmetic("v2perf2-diagnostic-intensity", "roofline",
                "Its arithmetic intensity: 17.5 GFLOP over 17.5 GB", PREFILL,
                "1.0 FLOP/byte", 1.0, "[17.5 GFLOP] / [17.5 GB]"),
    # decode_time = 17.5 GB / 3.35 TB/s = 5.224 ms -> "≈ 5.2 ms per token"
    Example(
        "v2perf2-diagnostic-decode-time", "serving",
        "Streaming the 17.5 GB shard from HBM once per token", PREFILL,
        "≈ 5.2 ms per token", 5.2 * MS, law="transfer-time",
        inputs=(("data", "17.5 GB"), ("bandwidth", "3.35 TB/s")), result="time",
        note="17.5 GB / 3.35 TB/s = 5.224 ms."),
    # tokens_per_sec = 1/5.2239 ms = 191.43 -> fmt_rate(precision=1) "191.4 tokens/s"
    _arithmetic("v2perf2-diagnostic-tokens-per-second", "serving",
                "The bandwidth-bound token rate", PREFILL, "191.4 tokens/s", 191.4,
                "[3.35 TB/s] / [17.5 GB]", note="3.35 × 10¹²/17.5 × 10⁹ = 191.43 per second."),
    # achieved_fp16_util = (17.5e9 FLOP / 5.224 ms) / 989 TFLOP/s = 3.35 TFLOP/s / 989 = 0.00339
    # -> fmt_percent(precision=1) "0.3 percent"
    _arithmetic("v2perf2-diagnostic-fp16-utilization", "roofline",
                "The share of the H100's FP16 peak in use at batch 1", PREFILL,
                "about 0.3 percent", 0.003,
                "([17.5 GFLOP] / ([17.5 GB] / [3.35 TB/s])) / [989 TFLOP/s]",
                note="17.5 GFLOP in 5.224 ms is 3.35 TFLOP/s: 3.35/989 = 0.34%."),
)

BATCH_MEMORY: tuple[Example, ...] = (
    # "A 70B model with 140 GB of weights in FP16 ... on an 8-GPU node that leaves about 62.5 GB
    # per GPU for KV cache before overhead"
    _arithmetic("v2perf2-70b-kv-room-fp16", "serving",
                "An 80 GB H100's room after its eighth of 140 GB of FP16 weights", BATCH,
                "about 62.5 GB", 62.5 * GB, "[80 GB] - [140 GB] / 8",
                note="80 − 17.5 = 62.5 GB."),
    # "INT4 weight quantization reduces the per-GPU weight footprint to about 4.4 GB and frees
    # roughly 13 GB per GPU"
    Example(
        "v2perf2-70b-int4-shard-weights", "serving", "The INT4 weight shard on each of 8 GPUs",
        BATCH, "about 4.4 GB", 4.4 * GB, law="model-states", inputs=_weights("8.75e9", "0.5"),
        result="total", note="8.75 × 10⁹ × 0.5 B = 4.375 GB."),
    _arithmetic("v2perf2-70b-int4-freed", "serving",
                "Memory freed per GPU by INT4 weights", BATCH, "roughly 13 GB", 13 * GB,
                "[140 GB] / 8 - [35 GB] / 8", note="17.5 − 4.375 = 13.1 GB."),
    # "If the maximum is 4,096 tokens but the average is 500, approximately 88 percent of the
    # allocated memory is wasted"
    _arithmetic("v2perf2-kv-preallocation-waste", "serving",
                "KV memory wasted by preallocating 4,096 tokens for 500 used", BATCH,
                "approximately 88 percent", 0.88, "1 - [500] / [4096]",
                note="1 − 500/4096 = 0.878."),
)

FUSION: tuple[Example, ...] = (
    # fusion-traffic-calc: tensor = 4096 × 2048 × 2 B = 16,777,216 B -> "16.8 MB";
    # materialized = 2 tensors = 33.6 MB; traffic = written and reread = 67.1 MB;
    # 80 layers: 5,368,709,120 B -> "5.4 GB"
    _arithmetic("v2perf2-fusion-intermediate-tensor", "data movement",
                "One FP16 intermediate, hidden 4096 × batch 2048", LAUNCH, "16.8 MB",
                16777216.0, "4096 * 2048 * [2 B]"),
    _arithmetic("v2perf2-fusion-materialized", "data movement",
                "Two such intermediates materialized in HBM", LAUNCH, "33.6 MB",
                33554432.0, "2 * 4096 * 2048 * [2 B]"),
    _arithmetic("v2perf2-fusion-intermediate-traffic", "data movement",
                "Writing and rereading both intermediates", LAUNCH, "67.1 MB", 67108864.0,
                "2 * 2 * 4096 * 2048 * [2 B]"),
    _arithmetic("v2perf2-fusion-traffic-80-layers", "data movement",
                "That traffic over 80 layers per forward pass", CATEGORIES, "about 5.4 GB",
                5368709120.0, "80 * 2 * 2 * 4096 * 2048 * [2 B]",
                note="80 × 67.1 MB = 5.37 GB."),
    # "fusion reduces HBM round-trips from six to two per layer, a roughly 3× reduction"
    _ratio("v2perf2-fusion-round-trips", "data movement",
           "HBM round-trips unfused over fused (GEMM, GELU, LayerNorm)", LAUNCH,
           "a roughly 3× reduction", 3.0, "6", "2"),
    # "roughly 50 separate kernel launches. If each launch incurs a 10-microsecond overhead,
    # the system spends 500 microseconds ... the launch overhead consumes 20 percent"
    Example(
        "v2perf2-launch-overhead-layer", "serving", "50 kernel launches at 10 µs each",
        LAUNCH, "500 microseconds", 500 * US, law="resource-time",
        inputs=(("count", "50"), ("each", "10 us")), result="total"),
    _arithmetic("v2perf2-launch-overhead-share", "serving",
                "500 µs of launches beside 2 ms of arithmetic", LAUNCH, "20 percent", 0.2,
                "[500 us] / ([2 ms] + [500 us])", note="0.5/(2 + 0.5) = one fifth."),
    # "30+ kernels ... (typically 5--10 µs per launch) accumulates to 150--300 µs per layer.
    # For a 70-layer model, kernel launch overhead alone contributes 10--20 ms"
    Example(
        "v2perf2-cuda-graphs-launch-low", "serving", "30 launches at 5 µs: one layer",
        GRAPHS, "150 µs", 150 * US, law="resource-time",
        inputs=(("count", "30"), ("each", "5 us")), result="total"),
    Example(
        "v2perf2-cuda-graphs-launch-high", "serving", "30 launches at 10 µs: one layer",
        GRAPHS, "300 µs", 300 * US, law="resource-time",
        inputs=(("count", "30"), ("each", "10 us")), result="total"),
    Example(
        "v2perf2-cuda-graphs-70-layers-low", "serving", "70 layers at 150 µs",
        GRAPHS, "10 ms", 10 * MS, law="resource-time",
        inputs=(("count", "70"), ("each", "150 us")), result="total", tolerance=1.5 * MS,
        note="70 × 150 µs = 10.5 ms; the book gives the range '10–20 ms' in round tens "
             "(tolerance 1.5 ms)."),
    Example(
        "v2perf2-cuda-graphs-70-layers-high", "serving", "70 layers at 300 µs",
        GRAPHS, "20 ms", 20 * MS, law="resource-time",
        inputs=(("count", "70"), ("each", "300 us")), result="total", tolerance=1.5 * MS,
        note="70 × 300 µs = 21 ms, the top of the book's round '10–20 ms' (tolerance 1.5 ms)."),
)

FLASHATTENTION: tuple[Example, ...] = (
    # "For S = 8192 and FP16 precision, this matrix alone consumes 8192 × 8192 × 2 ≈ 134 MB per
    # attention head. At 32 heads, ... approximately 4.3 GB per layer"
    _arithmetic("v2perf2-attention-score-matrix-8k", "data movement",
                "An 8192 × 8192 FP16 score matrix, one head", FLASH, "≈ 134 MB",
                134217728.0, "8192 * 8192 * [2 B]"),
    _arithmetic("v2perf2-attention-score-matrix-32-heads", "data movement",
                "The score matrices of 32 heads", FLASH, "approximately 4.3 GB",
                4294967296.0, "32 * 8192 * 8192 * [2 B]", note="32 × 134.2 MB = 4.29 GB."),
    # flash-attention-savings-refactor (Llama-2-70B: 64 heads, head_dim 8192/64 = 128):
    # naive per head = 4·8192²·2 + 4·8192·128·2 = 536,870,912 + 8,388,608 = 545,259,520 B
    # -> "545.3 MB"; × 64 = 34,896,609,280 B -> "34896.6 MB"; flash per head = 4·8192·128·2 =
    # 8,388,608 B -> "8.4 MB"; × 64 = 536,870,912 B -> "536.9 MB"; ratio = 65.0 -> "65×"
    _arithmetic("v2perf2-naive-attention-state-head", "data movement",
                "Naive attention's HBM-visible state per head (S = 8192, d = 128)", FLASH,
                "545.3 MB", 545259520.0, "4 * 8192 * 8192 * [2 B] + 4 * 8192 * 128 * [2 B]",
                note="Score and probability matrices each written and read (4 S²) plus Q, K, V "
                     "and the output (4 S·d), in FP16."),
    _arithmetic("v2perf2-naive-attention-state-layer", "data movement",
                "The same over 64 heads", FLASH, "34896.6 MB", 34896609280.0,
                "64 * (4 * 8192 * 8192 * [2 B] + 4 * 8192 * 128 * [2 B])"),
    _arithmetic("v2perf2-flash-attention-state-head", "data movement",
                "FlashAttention's persistent Q, K, V and output per head", FLASH, "8.4 MB",
                8388608.0, "4 * 8192 * 128 * [2 B]"),
    _arithmetic("v2perf2-flash-attention-state-layer", "data movement",
                "The same over 64 heads", FLASH, "536.9 MB", 536870912.0,
                "64 * 4 * 8192 * 128 * [2 B]"),
    _ratio("v2perf2-flash-attention-state-reduction", "data movement",
           "Naive over FlashAttention HBM-visible attention state", FLASH, "65×", 65.0,
           "545259520 B", "8388608 B", note="545.26 MB / 8.39 MB = 65.0."),
    # "Q, K, V matrices are each 8192×128 in FP16, occupying 8192 × 128 × 2 = 2 MB each ...
    # The total input/output data is therefore 8 MB per head" ... "approximately 545 MB per head"
    _arithmetic("v2perf2-attention-qkv-one-matrix", "data movement",
                "One 8192 × 128 FP16 matrix (Q, K, V or the output)", FLASH, "2 MB",
                2097152.0, "8192 * 128 * [2 B]", note="2,097,152 B = 2 MiB (2.1 MB)."),
    _arithmetic("v2perf2-attention-naive-traffic-head", "data movement",
                "Naive traffic per head: Q, K, V read, A written and read, A_prob written and "
                "read, Y written", FLASH, "approximately 545 MB", 545259520.0,
                "3 * 8192 * 128 * [2 B] + 4 * 8192 * 8192 * [2 B] + 8192 * 128 * [2 B]",
                note="6.3 MB + 4 × 134.2 MB + 2.1 MB = 545.3 MB."),
    # "a block of Q (128 × 128 × 2 ≈ 33 KB) ... totaling approximately 98 KB"
    _arithmetic("v2perf2-flash-tile-block", "data movement", "One 128 × 128 FP16 tile",
                FLASH, "≈ 33 KB", 32768.0, "128 * 128 * [2 B]"),
    _arithmetic("v2perf2-flash-tile-qkv", "data movement",
                "A Q, a K and a V tile, against 228 KB of shared memory per SM", FLASH,
                "approximately 98 KB", 98304.0, "3 * 128 * 128 * [2 B]"),
    # fig-flashattention-memory-savings: ratio = S·2/4 (S² × 2 B against S × 4 B per head)
    _arithmetic("v2perf2-flash-workspace-ratio-8k", "data movement",
                "Quadratic score workspace over linear running statistics at 8K", FLASH,
                "4,096×", 4096.0, "(8192 * 8192 * [2 B]) / (8192 * [4 B])"),
    _arithmetic("v2perf2-flash-workspace-ratio-64k", "data movement",
                "The same at 64K", FLASH, "32,768×", 32768.0,
                "(65536 * 65536 * [2 B]) / (65536 * [4 B])"),
)

PRECISION: tuple[Example, ...] = (
    # dfn block-wise quantization: "With block size 64 and b = 4 bits, weights compress from 16
    # bits to 4 bits (a 4× memory reduction) while each FP16 scale adds 16/64 = 0.25 bits per
    # weight. This yields an effective bit-width of 4.25 bits per weight: 6.25 percent overhead
    # relative to the INT4 payload, or about 1.6 percent of the original FP16 weight size."
    _ratio("v2perf2-int4-compression", "data movement", "FP16 over INT4 weights", BLOCK,
           "a 4× memory reduction", 4.0, "16 bit", "4 bit"),
    _arithmetic("v2perf2-block64-scale-bits", "data movement",
                "One FP16 scale shared by 64 weights", BLOCK, "0.25 bits per weight", 0.25,
                "[16] / [64]"),
    _arithmetic("v2perf2-block64-effective-bits", "data movement",
                "INT4 payload plus the block-64 scale", BLOCK, "4.25 bits per weight", 4.25,
                "[4] + [16] / [64]"),
    _arithmetic("v2perf2-block64-overhead-vs-int4", "data movement",
                "The scale's overhead against the INT4 payload", BLOCK, "6.25 percent",
                0.0625, "([16] / [64]) / [4]"),
    _arithmetic("v2perf2-block64-overhead-vs-fp16", "data movement",
                "The scale's overhead against the FP16 weight", BLOCK, "about 1.6 percent",
                0.016, "([16] / [64]) / [16]", tolerance=0.0005,
                note="0.25/16 = 1.5625%, printed to one decimal (tolerance 0.05 points)."),
    # "At G = 16, the scale adds 1 bit per weight: 25 percent overhead relative to the INT4
    # payload, or 6.25 percent of the original FP16 weight size."
    _arithmetic("v2perf2-block16-overhead-vs-int4", "data movement",
                "A block-16 FP16 scale against the INT4 payload", BLOCK, "25 percent", 0.25,
                "([16] / [16]) / [4]"),
    _arithmetic("v2perf2-block16-overhead-vs-fp16", "data movement",
                "A block-16 FP16 scale against the FP16 weight", BLOCK, "6.25 percent",
                0.0625, "([16] / [16]) / [16]"),
    # "Storing one FP32 scale (32 bits) for every block of 128 INT8 weights (1024 bits)
    # increases total model size by only 3 percent."
    _ratio("v2perf2-int8-block128-fp32-scale", "data movement",
           "A 32-bit scale per 128 INT8 weights", BLOCK, "only 3 percent", 0.03,
           "32 bit", "1024 bit", tolerance=0.002,
           note="32/1024 = 3.125%, printed as a whole percent (tolerance 0.2 points)."),
    # "it reduces the weight memory footprint by 16× relative to FP16 (32× relative to FP32)"
    _ratio("v2perf2-binary-vs-fp16", "data movement", "FP16 over 1-bit weights", BLOCK,
           "16×", 16.0, "16 bit", "1 bit"),
    _ratio("v2perf2-binary-vs-fp32", "data movement", "FP32 over 1-bit weights", BLOCK,
           "32×", 32.0, "32 bit", "1 bit"),
)

# nbk-performance-engineering-precision-dividend (cell kv-cache-size): Llama-2-70B, 4,096
# tokens, TP 8. The cell's memory budget (PrecisionDividendGpuMemoryBudget) was not found in
# the stored mlsysim; 80 GB is the value the same chapter's prose uses ("leaves about 62.5 GB
# per GPU") and the callout prints ("80 GB").
# kv fp16 = 2·80·8·128·4096·2 B = 1,342,177,280 B -> "1.34 GB"; /8 = 167,772,160 B -> "0.17 GB"
# kv int8 = 671,088,640 B -> "0.67 GB"; /8 = 83,886,080 B -> "0.08 GB"
# max batch fp16 = int((80 − 17.5) GB / 0.16777 GB) = int(372.5) = 372
# max batch int8 = int((80 − 4.375) GB / 0.083886 GB) = int(901.5) = 901; 901/372 = 2.42
_KV_70B = (("layers", "80"), ("head_dim", "128"), ("tokens", "4096"))
PRECISION_DIVIDEND: tuple[Example, ...] = (
    Example(
        "v2perf2-dividend-kv-fp16-request", "serving",
        "Llama-2-70B's FP16 KV cache for one 4,096-token request", QUANT, "1.34 GB",
        1.34 * GB, law="kv-cache",
        inputs=(*_KV_70B, ("kv_heads", "8"), ("precision", "fp16")), result="total",
        note="2 × 80 layers × 8 KV heads × 128 × 4096 × 2 B = 1.342 GB."),
    Example(
        "v2perf2-dividend-kv-fp16-per-gpu", "serving",
        "Its share on each of 8 tensor-parallel GPUs (one KV head each)", QUANT,
        "approximately 0.17 GB", 0.17 * GB, law="kv-cache",
        inputs=(*_KV_70B, ("kv_heads", "1"), ("precision", "fp16")), result="total",
        note="8 KV heads over 8 GPUs: 1.342 GB/8 = 0.168 GB."),
    Example(
        "v2perf2-dividend-kv-int8-request", "serving", "The INT8 KV cache for one request",
        QUANT, "approximately 0.67 GB", 0.67 * GB, law="kv-cache",
        inputs=(*_KV_70B, ("kv_heads", "8"), ("precision", "int8")), result="total",
        note="Half the FP16 cache: 0.671 GB."),
    Example(
        "v2perf2-dividend-kv-int8-per-gpu", "serving", "Its share on each of 8 GPUs", QUANT,
        "0.08 GB", 0.08 * GB, law="kv-cache",
        inputs=(*_KV_70B, ("kv_heads", "1"), ("precision", "int8")), result="total",
        note="0.671 GB/8 = 0.0839 GB."),
    _arithmetic("v2perf2-dividend-max-batch-fp16", "serving",
                "Requests that fit in 80 − 17.5 GB at 0.168 GB each", QUANT,
                "approximately 372 requests", 372.0,
                "floor(([80 GB] - [17.5 GB]) / (2 * 80 * 1 * 128 * 4096 * [2 B]))",
                note="62.5 GB / 0.16777 GB = 372.5, truncated."),
    _arithmetic("v2perf2-dividend-room-int4", "serving",
                "Room for KV cache beside the 4.4 GB INT4 shard", QUANT, "75.6 GB",
                75.625 * GB, "[80 GB] - [35 GB] / 8", note="80 − 4.375 = 75.625 GB."),
    _arithmetic("v2perf2-dividend-max-batch-int8", "serving",
                "Requests that fit in 75.6 GB at 0.084 GB each", QUANT,
                "approximately 901 requests", 901.0,
                "floor(([80 GB] - [35 GB] / 8) / (2 * 80 * 1 * 128 * 4096 * [1 B]))",
                note="75.625 GB / 0.083886 GB = 901.5, truncated."),
    _ratio("v2perf2-dividend-batch-ratio", "serving",
           "Maximum batch after (INT4 weights, INT8 KV) over before", QUANT, "2.4×", 2.4,
           "901", "372", note="901/372 = 2.42."),
)

# nbk-performance-engineering-compilation-dividend (cell compilation-dividend): 120 tokens/s;
# _tpt = round(1000/120, 2) = 8.33 ms; gemm = 8.33 × 0.50 = 4.165; elem = 8.33 × 0.35 × 0.30
# = 0.8747; launch = 8.33 × 0.15 × 0.20 = 0.2499; new = 5.2896 ms -> "5.29 ms";
# new_tps = 1000/5.2896 = 189.05 -> round -> "189 tokens/s"; speedup = 189.05/120 = 1.5754
# -> "1.58×"; gemm share = 4.165/5.2896 = 78.7% -> "79 percent"
_COMPILED = "[8.33 ms] * 0.50 + [8.33 ms] * 0.35 * 0.30 + [8.33 ms] * 0.15 * 0.20"
COMPILATION: tuple[Example, ...] = (
    # "A Triton kernel that implements y = LayerNorm(GELU(x)) ... Without fusion, this sequence
    # requires three HBM round-trips: read x, write GELU(x), read GELU(x), write norm_input, read
    # norm_input, write y. The fused kernel reduces HBM traffic by 3×"
    _ratio("v2perf2-triton-fused-traffic", "data movement",
           "Six HBM transfers unfused against read x, write y fused", TRITON, "3×", 3.0, "6",
           "2"),
    _arithmetic("v2perf2-compile-time-per-token", "speedup",
                "Eager time per token at 120 tokens/s", TRITON, "8.33 ms", 8.33 * MS,
                "1 / [120 /s]"),
    _arithmetic("v2perf2-compile-gemm-time", "speedup", "GEMM: half of 8.33 ms, unchanged",
                TRITON, "4.17 ms", 4.17 * MS, "[8.33 ms] * 0.50", tolerance=0.006 * MS,
                note="8.33 × 0.50 = 4.165, which the cell's two-decimal format prints as 4.17 "
                     "(the float lies a hair above the half); tolerance 0.006 ms."),
    _arithmetic("v2perf2-compile-elementwise-time", "speedup",
                "Element-wise kernels: 35% of the step, 70% of it fused away", TRITON,
                "0.87 ms", 0.87 * MS, "[8.33 ms] * 0.35 * 0.30", note="8.33 × 0.105 = 0.875."),
    _arithmetic("v2perf2-compile-launch-time", "speedup",
                "Launch overhead: 15% of the step, 80% of it removed", TRITON, "0.25 ms",
                0.25 * MS, "[8.33 ms] * 0.15 * 0.20", note="8.33 × 0.03 = 0.250."),
    _arithmetic("v2perf2-compile-new-time", "speedup",
                "GEMM unchanged, element-wise 70% faster, launches 80% fewer", TRITON,
                "5.29 ms", 5.29 * MS, _COMPILED, note="4.165 + 0.875 + 0.250 = 5.290 ms."),
    _arithmetic("v2perf2-compile-new-throughput", "speedup", "Tokens a second after compiling",
                TRITON, "approximately 189 tokens/s", 189.0, f"1 / ({_COMPILED})",
                note="1/5.2896 ms = 189.05 per second."),
    _arithmetic("v2perf2-compile-speedup", "speedup", "torch.compile's speedup", TRITON,
                "1.58×", 1.58, f"(1 / ({_COMPILED})) / [120 /s]",
                note="The cell divides the new 189.05 tokens/s by 120: 1.5754. (The rounded "
                     "8.33 ms over 5.2896 ms would give 1.5748, which prints 1.57.)"),
    _arithmetic("v2perf2-compile-gemm-share", "speedup", "GEMM's share of the compiled step",
                TRITON, "79 percent", 0.79, f"([8.33 ms] * 0.50) / ({_COMPILED})",
                note="4.165/5.2896 = 78.7%."),
)

OVERLAP_EXAMPLES: tuple[Example, ...] = (
    # "At batch size 1, the data volume is 2 × 8192 × 1 × 2 = 32 KB per AllReduce. At 900 GB/s
    # NVLink bandwidth, this transfer takes approximately 36 ns."
    _arithmetic("v2perf2-tp-allreduce-bytes-batch1", "data movement",
                "A 70B layer's tensor-parallel AllReduce payload at batch 1", OVERLAP, "32 KB",
                32 * KIB, "2 * 8192 * 1 * [2 B]", note="32,768 B: the book's KB is 1,024 B."),
    Example(
        "v2perf2-tp-allreduce-time-batch1", "data movement", "32 KB over 900 GB/s NVLink",
        OVERLAP, "approximately 36 ns", 36 * NS, law="transfer-time",
        inputs=(("data", "32 KB"), ("bandwidth", "900 GB/s")), result="time",
        note="32 kB/900 GB/s = 35.6 ns (36.4 ns for 32 KiB)."),
    # "the AllReduce launch overhead (approximately 5 µs) dominates the actual data transfer
    # time by 100×"
    _ratio("v2perf2-tp-allreduce-launch-vs-transfer", "data movement",
           "A 5 µs AllReduce launch against a 36 ns transfer", OVERLAP, "by 100×", 100.0,
           "5 us", "35.6 ns", disputed="5 µs / 35.6 ns = 140× (139× against the printed 36 "
           "ns): well over the 100× printed; the point, launch latency dominates, stands.",
           hand_value=5e-6 / 35.6e-9),
    # "At batch size 64, the data volume per AllReduce grows to 2 × 8192 × 64 × 2 = 2 MB, taking
    # approximately 2.2 µs at NVLink bandwidth ... the compute time exceeds the communication
    # time by about 9×" (20 µs of attention and FFN)
    _arithmetic("v2perf2-tp-allreduce-bytes-batch64", "data movement",
                "The payload at batch 64", OVERLAP, "2 MB", 2 * MIB, "2 * 8192 * 64 * [2 B]",
                note="2,097,152 B = 2 MiB."),
    Example(
        "v2perf2-tp-allreduce-time-batch64", "data movement", "2 MB over 900 GB/s NVLink",
        OVERLAP, "approximately 2.2 µs", 2.2 * US, law="transfer-time",
        inputs=(("data", "2 MB"), ("bandwidth", "900 GB/s")), result="time",
        note="2 MB/900 GB/s = 2.22 µs; the exact 2 MiB would take 2.33 µs."),
    _ratio("v2perf2-tp-compute-over-comm-batch64", "data movement",
           "20 µs of layer compute against 2.2 µs of AllReduce", OVERLAP, "about 9×", 9.0,
           "20 us", "2.2 us", note="20/2.2 = 9.1."),
)

# overlap-calc: Llama-3.1-8B (8.03e9 parameters) on 8 H100s, NVLink 900 GB/s, MFU 0.40,
# 2,048 tokens per GPU. gradient = 8.03e9 × 2 B = 16.06 GB -> "16.1 GB";
# ring factor 2·7/8 = 1.75; AllReduce = 1.75 × 16.06 GB / 900 GB/s = 31.23 ms -> "31.2 ms";
# forward = 2·8.03e9·2048 = 3.289e13 FLOP; backward = 6.578e13 FLOP / (989e12 × 0.4) = 166.3
# ms; forward 83.1 ms; no overlap 83.14 + 166.28 + 31.23 = 280.65 -> "280.7 ms";
# overlapped 83.14 + max(166.28, 31.23) = 249.43 -> "249.4 ms"; 280.65/249.43 = 1.125 -> "1.13×"
_FWD = "2 * 8.03e9 * 2048 * [1 FLOP] / ([989 TFLOP/s] * 0.4)"
_BWD = "4 * 8.03e9 * 2048 * [1 FLOP] / ([989 TFLOP/s] * 0.4)"
_AR = "2 * (8 - 1) / 8 * 8.03e9 * [2 B] / [900 GB/s]"
GRADIENT_OVERLAP: tuple[Example, ...] = (
    _arithmetic("v2perf2-overlap-gradient-bytes", "training", "An 8B model's FP16 gradients",
                QUANTIFY, "16.1 GB", 16.1 * GB, "8.03e9 * [2 B]",
                note="8.03 × 10⁹ × 2 B = 16.06 GB (the cell uses Llama-3.1-8B for its '7B' "
                     "model)."),
    _arithmetic("v2perf2-overlap-ring-factor", "training", "The ring AllReduce's volume factor",
                QUANTIFY, "1.75×", 1.75, "2 * (8 - 1) / 8"),
    Example(
        "v2perf2-overlap-allreduce-time", "training",
        "Ring AllReduce of 16.06 GB over 8 GPUs at 900 GB/s", QUANTIFY,
        "approximately 31.2 ms", 31.2 * MS, law="all-reduce",
        inputs=(("size", "16.06 GB"), ("devices", "8"), ("bandwidth", "900 GB/s")),
        result="ring", note="2·7/8 × 16.06 GB / 900 GB/s = 31.23 ms."),
    Example(
        "v2perf2-overlap-backward-time", "training",
        "The backward pass: 2 × 2 × 8.03 × 10⁹ × 2048 FLOPs at 40% of 989 TFLOP/s", QUANTIFY,
        "approximately 166.3 ms", 166.3 * MS, law="time-to-train",
        inputs=(("flops", "6.578176e13"), ("devices", "1"), ("peak", "989 TFLOP/s"),
                ("utilization", "0.4")), result="time",
        note="Backward = 2 × forward = 4 × 8.03 × 10⁹ × 2048 = 6.578 × 10¹³ FLOP; "
             "/ 395.6 TFLOP/s = 166.3 ms."),
    _arithmetic("v2perf2-overlap-step-serial", "training",
                "Forward + backward + AllReduce, one after another", QUANTIFY, "280.7 ms",
                280.7 * MS, f"{_FWD} + {_BWD} + {_AR}",
                note="83.14 + 166.28 + 31.23 = 280.65 ms."),
    _arithmetic("v2perf2-overlap-step-overlapped", "training",
                "The AllReduce hidden under the backward pass", QUANTIFY, "249.4 ms",
                249.4 * MS, f"{_FWD} + {_BWD}",
                note="83.14 + max(166.28, 31.23) = 249.43 ms: the backward pass is longer, so "
                     "the AllReduce is fully hidden."),
    _arithmetic("v2perf2-overlap-speedup", "training", "Serial over overlapped step time",
                QUANTIFY, "1.13×", 1.13,
                "(6 * 8.03e9 * 2048 * [1 FLOP] / ([989 TFLOP/s] * 0.4) + 1.75 * 8.03e9 * [2 B] "
                "/ [900 GB/s]) / (6 * 8.03e9 * 2048 * [1 FLOP] / ([989 TFLOP/s] * 0.4))",
                note="Forward and backward are 2PD + 4PD = 6PD FLOPs: 280.65/249.43 = 1.125."),
)

PROFILING: tuple[Example, ...] = (
    # "ITL should be below 50 ms (20 tokens/second)"
    _arithmetic("v2perf2-itl-50ms-rate", "serving", "Tokens a second at 50 ms inter-token",
                METRICS, "20 tokens/second", 20.0, "1 / [50 ms]"),
    # LayerNormRoofline: 15 TFLOP/s / 2.8 TB/s = 5.357 -> "5.4"; "(84 percent of the H100's
    # 3.35 TB/s peak bandwidth)"
    _arithmetic("v2perf2-layernorm-achieved-intensity", "roofline",
                "A LayerNorm kernel's 15 TFLOP/s over its 2.8 TB/s", DIAGNOSIS,
                "≈ 5.4 FLOP/byte", 5.4, "[15 TFLOP/s] / [2.8 TB/s]", note="15/2.8 = 5.36."),
    _ratio("v2perf2-layernorm-bandwidth-share", "roofline",
           "2.8 TB/s achieved against the H100's 3.35 TB/s", DIAGNOSIS, "84 percent", 0.84,
           "2.8 TB/s", "3.35 TB/s", note="2.8/3.35 = 0.836."),
    # ProfilerDetective: 45 tokens/s observed; "after budgeting roughly 35 GB of total per-token
    # traffic ... the bandwidth-limited full-decode ceiling is approximately 96 tokens/s. Where
    # is the remaining 53 percent"; GEMM 2.8 TB/s of 3.35 -> 84 percent; GEMM 42 percent of the
    # step, "The remaining 58 percent"
    _arithmetic("v2perf2-detective-decode-ceiling", "serving",
                "35 GB of traffic per token at 3.35 TB/s", PATTERNS,
                "approximately 96 tokens/s", 96.0, "[3.35 TB/s] / [35 GB]",
                note="3,350/35 = 95.7 per second."),
    _arithmetic("v2perf2-detective-hidden-share", "serving",
                "The ceiling not reached at 45 of 96 tokens/s", PATTERNS, "53 percent", 0.53,
                "1 - [45] / [96]", note="1 − 45/96 = 0.531."),
    _ratio("v2perf2-detective-gemm-efficiency", "roofline",
           "The GEMM kernel's 2.8 TB/s against the 3.35 TB/s peak", PATTERNS, "84 percent",
           0.84, "2.8 TB/s", "3.35 TB/s", note="2.8/3.35 = 0.836."),
    _arithmetic("v2perf2-detective-non-gemm-share", "serving",
                "The step outside GEMM kernels", PATTERNS, "58 percent", 0.58, "1 - 0.42",
                note="Attention 28 + norms and activations 12 + sampling 8 + launch gaps 10."),
    # "a 5-second Nsight Systems trace for one GPU is approximately 500 MB; the same trace for
    # 1,000 GPUs would be 500 GB"
    _arithmetic("v2perf2-trace-volume-1000-gpus", "data movement",
                "A 500 MB trace from each of 1,000 GPUs", AT_SCALE, "500 GB", 500 * GB,
                "1000 * [500 MB]"),
    # "a 1 percent improvement in MFU across a 10,000-GPU cluster reduces cost by the
    # equivalent of 100 GPUs"
    _arithmetic("v2perf2-mfu-point-in-gpus", "operations",
                "One point of MFU on a 10,000-GPU cluster", FLEET, "100 GPUs", 100.0,
                "0.01 * 10000"),
    # fleet-efficiency-calc: local = 6·70e9·2204 / (8 × 989e12 × 0.180 s) = 9.2568e14 /
    # 1.42416e15 = 0.650 -> "65 percent"; global = 6·70e9·35446 / (128 × 989e12 × 0.245 s) =
    # 1.48873e16 / 3.10150e16 = 0.480 -> "48 percent"; tax = 1 − 0.480/0.650 = 0.2615 -> "26.2"
    _arithmetic("v2perf2-scaling-tax-local-mfu", "training",
                "70B on one 8-GPU node: 2,204 tokens a 180 ms step", FLEET, "65 percent", 0.65,
                "6 * 70e9 * 2204 * [1 FLOP] / (8 * [989 TFLOP/s] * [180 ms])",
                note="Useful 6PD FLOPs over peak × time: 9.257 × 10¹⁴ / 1.424 × 10¹⁵ = 0.650."),
    _arithmetic("v2perf2-scaling-tax-fleet-mfu", "training",
                "The same model on 128 GPUs: 35,446 tokens a 245 ms step", FLEET, "48 percent",
                0.48, "6 * 70e9 * 35446 * [1 FLOP] / (128 * [989 TFLOP/s] * [245 ms])",
                note="1.4887 × 10¹⁶ / 3.1015 × 10¹⁶ = 0.480."),
    _arithmetic("v2perf2-scaling-tax", "training", "The MFU lost scaling from 8 to 128 GPUs",
                FLEET, "26.2 percent", 0.262,
                "1 - (6 * 70e9 * 35446 / (128 * [989 TFLOP/s] * [245 ms])) "
                "/ (6 * 70e9 * 2204 / (8 * [989 TFLOP/s] * [180 ms]))",
                note="1 − 0.4800/0.6500 = 0.2615."),
)

CASE_STUDY: tuple[Example, ...] = (
    # "The GPU achieves 2.7 TB/s effective bandwidth (80 percent of peak)"
    _ratio("v2perf2-case-baseline-bandwidth-share", "roofline",
           "2.7 TB/s achieved against the H100's 3.35 TB/s", BASELINE, "80 percent", 0.8,
           "2.7 TB/s", "3.35 TB/s",
           disputed="2.7/3.35 = 80.6%, which rounds to 81 percent.", hand_value=2.7 / 3.35),
    # "Speculative decoding with a 1.5B draft model ... generates 5 candidate tokens in 4 ms ...
    # At an average acceptance rate of 0.78, the expected tokens per round is approximately
    # 3.5. ITL_effective = (4 + 32)/3.5 ≈ 10.3 ms per token ... a 3.1× improvement over the
    # Round 2 ITL of 32 ms."
    # "Speculative decoding with a 1.5B draft model (AWQ INT4 quantized to 0.75 GB)"
    Example(
        "v2perf2-case-draft-model-int4", "serving", "A 1.5B draft model's INT4 weights",
        ROUND3, "0.75 GB", 0.75 * GB, law="model-states", inputs=_weights("1.5e9", "0.5"),
        result="total", note="1.5 × 10⁹ × 0.5 B."),
    Example(
        "v2perf2-case-speculative-tokens-per-round", "serving",
        "Tokens a round with 5 drafted at acceptance 0.78", ROUND3, "approximately 3.5", 3.5,
        law="speculative-decoding",
        inputs=(("acceptance", "0.78"), ("draft_tokens", "5"), ("cost_ratio", "0.025")),
        result="tokens",
        note="(1 − 0.78⁶)/(1 − 0.78) = 3.52; the cost ratio (0.8 ms a draft token over 32 ms "
             "a target step) does not enter the expected count."),
    _arithmetic("v2perf2-case-speculative-itl", "serving",
                "4 ms of drafting and 32 ms of verifying per 3.5 tokens", ROUND3,
                "≈ 10.3 ms per token", 10.3 * MS, "([4 ms] + [32 ms]) / 3.5",
                note="36/3.5 = 10.29 ms."),
    _ratio("v2perf2-case-speculative-itl-gain", "serving", "32 ms ITL over 10.3 ms", ROUND3,
           "a 3.1× improvement", 3.1, "32 ms", "10.3 ms", note="32/10.3 = 3.11."),
)

EXAMPLES: tuple[Example, ...] = (ROOFLINE + ROOFLINE_DIAGNOSTIC + BATCH_MEMORY + FUSION
                                 + FLASHATTENTION + PRECISION + PRECISION_DIVIDEND
                                 + COMPILATION + OVERLAP_EXAMPLES + GRADIENT_OVERLAP + PROFILING
                                 + CASE_STUDY)
