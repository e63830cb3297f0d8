"""The book's worked examples from the 2026 edition's second volume (vol2): the Inference at Scale
and Performance Engineering chapters, as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. The chapter file was read at the commit
``COMMITS`` names; the quoted sentence sits beside each example. Where the book prints a value
from an inline ``{python}`` cell, the value was worked out by hand from the cell's code and the
book's constants (mlsysim: ``DAYS_PER_YEAR`` = 365, ``SEC_PER_DAY`` = 86,400,
``Pricing.Cloud.GpuTrainingUtilityScenarioPerHour`` = $3/h, A100 PCIe Gen4 x16 = 32 GB/s, A100
NVLink 3.0 = 600 GB/s), with the arithmetic beside it.
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, chapter_file, sections
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio
from ironlaw.examples.gallery import weights_only as _weights

# the version of each chapter file that was read (harvard-edge/cs249r_book); Inference at Scale
# was read to its end (462,236 characters), Performance Engineering to offset 32,000 of 243,591
COMMITS = {
    "inference": "00219d318157abc13f86bdb3b0d8b536c058fe80",
    "performance_engineering": "00219d318157abc13f86bdb3b0d8b536c058fe80",
}
GB, MS, US = 1e9, 1e-3, 1e-6


inf = sections(chapter_file("vol2", "inference"), COMMITS["inference"], "sec-inference-")
perf = sections(chapter_file("vol2", "performance_engineering"),
                COMMITS["performance_engineering"], "sec-performance-engineering-")

SINGLE = inf("scale-singlemachine-serving-insufficient-3f13")
TAX = inf("scale-serving-tax-overhead-distribution-5ef3")
COST = inf("scale-serving-cost-dominates-training-cost-576a")
TOPOLOGY = inf("scale-tensorrtllm-architecture-2794")
KNEE = inf("scale-physics-batching-efficiency-curve-021c")
VISION = inf("scale-static-dynamic-batching-vision-models-4623")
CONTINUOUS = inf("scale-continuous-batching-llm-inference-f8e6")
GAIN = inf("scale-continuous-batching-throughput-analysis-ecd2")
WORKED = inf("scale-worked-example-llm-serving-variablelength-outputs-5e38")
TRADITIONAL = inf("scale-traditional-batching-analysis-372e")
CONT_ANALYSIS = inf("scale-continuous-batching-analysis-2846")
BENEFIT = inf("scale-continuous-batching-provides-maximum-benefit-a406")
DEBUG_P99 = inf("scale-implementation-complexity-tradeoffs-e055")
RECSYS = inf("scale-featureparallel-batching-recommendation-systems-2a3f")
STREAMING = inf("scale-streaming-inference-realtime-applications-906c")

ECONOMICS: tuple[Example, ...] = (
    # "A 70-billion parameter model requires approximately 140 GB of memory in FP16"
    Example(
        "v2inf-70b-weights-fp16", "serving", "A 70 B-parameter model's weights in FP16", SINGLE,
        "approximately 140 GB", 140 * GB, law="model-states", inputs=_weights("70e9", "2"),
        result="total", note="70 × 10⁹ parameters × 2 B."),
    # Checkpoint: "A 13B model (26 GB weights) fits on a single A100."
    Example(
        "v2inf-13b-weights-fp16", "serving", "A 13 B-parameter model's weights in FP16", SINGLE,
        "26 GB weights", 26 * GB, law="model-states", inputs=_weights("13e9", "2"),
        result="total", note="13 × 10⁹ parameters × 2 B (FP16, as the chapter assumes)."),
    # "For models under 15--20 billion parameters (30--40 GB in FP16)"
    *(Example(
        f"v2inf-{params}b-weights-fp16", "serving",
        f"The single-GPU bound: {params} B parameters in FP16", TOPOLOGY, f"{gb} GB", gb * GB,
        law="model-states", inputs=_weights(f"{params}e9", "2"), result="total",
        note=f"{params} × 10⁹ parameters × 2 B.")
      for params, gb in ((15, 30), (20, 40))),
    # "A model sharded across 8 machines with 4 synchronization points per inference adds 200
    # microseconds to 2 milliseconds of network latency" (round trips of 50–500 µs)
    _arithmetic("v2inf-serving-tax-sync-low", "serving",
                "Four synchronization points at a 50 µs round trip", TAX,
                "200 microseconds", 200 * US, "4 × [50 us]",
                note="The low end of the 50–500 µs data-center round trip, paid 4 times."),
    _arithmetic("v2inf-serving-tax-sync-high", "serving",
                "Four synchronization points at a 500 µs round trip", TAX,
                "2 milliseconds", 2 * MS, "4 × [500 us]",
                note="The high end of the 50–500 µs data-center round trip, paid 4 times."),
    # Notebook "The serving cost multiplier" (cell serving-cost-multiplier-simple):
    # annual_reqs = 1,000,000 × 50 × 365 = 1.825e10 → "18.25 Billion requests/year"
    _arithmetic("v2inf-annual-requests", "operations",
                "Requests a year: 1 M daily users making 50 requests a day", COST,
                "18.25 Billion requests/year", 18.25e9, "[1e6] × 50 × 365",
                note="Users × requests a user a day × 365 days."),
    # annual_serving_cost = 1.825e10 × $0.001 = $18,250,000
    Example(
        "v2inf-annual-serving-cost", "operations",
        "A year of serving 18.25 B requests at $0.001 each", COST, "$18,250,000", 18.25e6,
        law="total-cost", inputs=(("items", "18.25e9"), ("price", "$0.001")), result="cost",
        note="1.825 × 10¹⁰ requests × $0.001 a request."),
    # serving_training_ratio = 18,250,000 / 2,000,000 = 9.125 → fmt_multiple(precision=1): "9.1×"
    _ratio("v2inf-serving-over-training", "operations",
           "The first year's serving cost over a $2,000,000 training run", COST,
           "9.1× more than training", 9.125, "$18,250,000", "$2,000,000",
           note="$18.25 M / $2 M = 9.125, printed to one decimal."),
    # efficiency_savings = 18,250,000 × 0.10 = $1,825,000 → "$1.8M"
    _arithmetic("v2inf-ten-percent-savings", "operations",
                "A 10% serving-efficiency gain on a $18.25 M serving bill", COST,
                "about $1.8M", 1.825e6, "0.10 × [$18,250,000]",
                note="$18.25 M × 0.10 = $1.825 M, printed $1.8M."),
    # cell inference-economics-refactor: lifetime_queries = 10,000 × 86,400 × 730 = 6.3072e11
    # → "6.31 × 10^11"
    _arithmetic("v2inf-dlrm-lifetime-queries", "operations",
                "Queries served at 10,000 QPS for 730 days", COST, "6.31 × 10^11",
                6.3072e11, "[10000 /s] × [86400 s] × 730",
                note="QPS × seconds a day × 730 days = 6.3072 × 10¹¹."),
    # serving_total = 6.3072e11 × $1e-5 = $6,307,200 ("$10 per million queries")
    Example(
        "v2inf-dlrm-serving-cost", "operations",
        "Two years of DLRM serving at $10 per million queries", COST, "$6,307,200", 6307200.0,
        law="total-cost", inputs=(("items", "6.3072e11"), ("price", "$0.00001")),
        result="cost", note="6.3072 × 10¹¹ queries × $10/10⁶."),
    # training_total = 1,000 GPU-hours × $3/h × (1 + 3.0) = $12,000 → "$12,000"
    _arithmetic("v2inf-dlrm-training-cost", "operations",
                "1,000 GPU-hours at $3/GPU-hour with a 3× engineering overhead", COST,
                "$12,000", 12000.0, "[1000 h] × [$3/h] × (1 + 3)",
                note="The hardware ($3,000) times 1 + the 3× overhead for data and "
                     "experimentation."),
    # leverage = 6,307,200 / 12,000 = 525.6 → "525.6×"
    _ratio("v2inf-dlrm-serving-leverage", "operations",
           "DLRM: serving cost over training cost", COST, "525.6× leverage", 525.6,
           "$6,307,200", "$12,000", note="$6,307,200 / $12,000."),
)

BATCHING: tuple[Example, ...] = (
    # Notebook "The batching efficiency curve": "Knee: B ≈ 2 ms/1 ms = 2"; "B ≈ 40 ms/0.5 ms
    # = 80"
    _ratio("v2inf-vision-batching-knee", "serving", "The vision model's batching knee", KNEE,
           "2", 2.0, "2 ms", "1 ms", note="T_fixed / T_variable: where B·T_var reaches T_fixed."),
    _ratio("v2inf-llm-batching-knee", "serving", "The 70 B LLM decode's batching knee", KNEE,
           "80", 80.0, "40 ms", "0.5 ms",
           note="T_fixed / T_variable: the weight load (40 ms) over the per-request cost."),
    # Footnote Little's Law: "if a GPU can handle 32 concurrent requests and each takes 100 ms,
    # the maximum arrival rate is 320 req/s"
    Example(
        "v2inf-littles-law-32-concurrent", "serving",
        "32 concurrent requests of 100 ms each: the arrival rate", KNEE, "320 req/s", 320.0,
        law="littles-law-rate", inputs=(("n", "32"), ("time", "100 ms")), result="rate",
        note="λ = N/T = 32/0.1 s."),
    # Theorem "Little's Law for inference": "Q_req = 1000 × 0.1 = 100 concurrent requests"
    Example(
        "v2inf-littles-law-concurrency", "serving",
        "Concurrency at 1,000 requests/s and a 100 ms SLO", KNEE, "100 concurrent requests",
        100.0, law="littles-law", inputs=(("arrival_rate", "1000/s"), ("time", "100 ms")),
        result="n", note="N = λ·T = 1000/s × 0.1 s."),
    # "Replica Throughput = 8/0.08 = 100 req/s"
    Example(
        "v2inf-littles-law-replica-throughput", "serving",
        "A replica serving batches of 8 in 80 ms", KNEE, "100 req/s", 100.0,
        law="littles-law-rate", inputs=(("n", "8"), ("time", "80 ms")), result="rate",
        note="8 requests / 0.08 s."),
    # "Replicas Needed = 1000 divided by 100 = 10 replicas"
    Example(
        "v2inf-littles-law-replicas", "serving", "Replicas for 1,000 requests/s at 100 each",
        KNEE, "10 replicas", 10.0, law="capacity-plan",
        inputs=(("arrival_rate", "1000/s"), ("rho", "1"), ("device_rate", "100/s")),
        result="devices", note="⌈1000 / 100⌉ at full utilization, as the book counts."),
    # "Total system concurrency = 10 replicas × 8 batch = 80"
    _arithmetic("v2inf-littles-law-total-concurrency", "serving",
                "In service at once: 10 replicas × a batch of 8", KNEE, "80", 80.0, "10 × 8",
                note="20 short of the 100 Little's law requires: those 20 wait in queues."),
    # Example "Dynamic batching for ResNet-50": "ρ = 500 × 0.005 = 2.5"
    _arithmetic("v2inf-resnet-no-batching-utilization", "serving",
                "ResNet-50 unbatched: 500 QPS at 5 ms each", VISION, "2.5", 2.5,
                "[500 /s] × [5 ms]", note="ρ = λ·T_svc > 1: the replica cannot keep up."),
    # "E[B] = λ × T_window = 500 × 0.01 = 5"; "E[B] = 500 × 0.02 = 10"
    *(Example(
        f"v2inf-resnet-window-{ms}ms-batch", "serving",
        f"ResNet-50: requests per {ms} ms window at 500 QPS", VISION, str(n), float(n),
        law="batch-window", inputs=(("window", f"{ms} ms"), ("arrival_rate", "500/s")),
        result="mean_batch", note=f"λT = 500/s × {ms} ms.")
      for ms, n in ((10, 5), (20, 10))),
    # "Per-request compute: 8 ms/5 = 1.6 ms"; "12 ms/10 = 1.2 ms"
    *(_arithmetic(f"v2inf-resnet-batch-{b}-per-request", "serving",
                  f"ResNet-50: a batch of {b} in {t} ms, per request", VISION,
                  f"{per} ms", per * MS, f"[{t} ms] / {b}", note=f"{t} ms shared by {b}.")
      for b, t, per in ((5, 8, 1.6), (10, 12, 1.2))),
    # "ρ = 500 × 0.0016 = 0.8"; "ρ = 500 × 0.0012 = 0.6"
    *(_arithmetic(f"v2inf-resnet-batch-{b}-utilization", "serving",
                  f"ResNet-50: utilization with batches of {b}", VISION, printed, rho,
                  f"[500 /s] × [{per} ms]", note=f"λ × the per-request compute {per} ms.")
      for b, per, printed, rho in ((5, 1.6, "0.8", 0.8), (10, 1.2, "0.6", 0.6))),
    # "Option C achieves about 33 percent higher per-replica capacity, or 25 percent lower
    # utilization"
    _ratio("v2inf-resnet-capacity-gain", "serving",
           "ResNet-50: capacity of Option C over Option B", VISION,
           "about 33 percent higher", 1 / 3, "1.6 ms", "1.2 ms", result="change",
           tolerance=0.005, note="Capacity ∝ 1/(per-request compute): 1.6/1.2 − 1 = 33.3%."),
    _arithmetic("v2inf-resnet-utilization-drop", "serving",
                "ResNet-50: Option C's utilization below Option B's", VISION,
                "25 percent lower utilization", 0.25, "1 - 0.6 / 0.8",
                note="1 − 0.6/0.8."),
    # "If one sequence completes after 10 tokens while others require 100 tokens ...
    # Wasted compute = (100 − 10) × 1 / (100 × 8) = 11.25%"
    _arithmetic("v2inf-static-batch-waste-one-short", "serving",
                "A batch of 8 where one sequence stops at 10 of 100 tokens", CONTINUOUS,
                "11.25%", 0.1125, "(100 - 10) × 1 / (100 × 8)",
                note="90 idle slot-iterations of the 800 the batch runs."),
    # "Throughput gain ≈ 1 + CV²/2 ... With typical LLM output lengths having CV ≈ 1.0,
    # continuous batching achieves approximately 1.5× throughput improvement"
    _arithmetic("v2inf-continuous-gain-cv1", "serving",
                "Continuous batching's gain at a coefficient of variation of 1", GAIN,
                "approximately 1.5×", 1.5, "1 + 1.0^2 / 2", note="1 + CV²/2 at CV = 1."),
    # tbl-inference-continuous-batching-throughput: static 400, continuous 1,200 tokens/s;
    # "the 3× throughput improvement from continuous batching"
    _ratio("v2inf-vllm-continuous-over-static", "serving",
           "Llama-2 70B on 8× A100: continuous over static batching", GAIN, "3×", 3.0,
           "1200", "400", note="1,200 / 400 tokens/s."),
)

WASTE: tuple[Example, ...] = (
    # Notebook "Scaling reasoning depth" (cell logic-scaling-calc): t_reasoning = 100 ms × 128
    # = 12.8 s → "12.8 seconds"
    Example(
        "v2inf-reasoning-128-steps", "serving",
        "128 thinking tokens at 100 ms each before the answer", inf("logic-wall"),
        "12.8 seconds", 12.8, law="resource-time",
        inputs=(("count", "128"), ("each", "100 ms")), result="total",
        note="128 sequential decode steps × 100 ms: the reasoning latency."),
    # cell batching-worked-example: mean_output = (50 + 200 + 100 + 150)/4 = 125 → "125 tokens"
    _arithmetic("v2inf-worked-mean-output", "serving",
                "Mean output length of R1–R4", WORKED, "125 tokens", 125.0,
                "(50 + 200 + 100 + 150) / 4", note="The four output lengths averaged."),
    # "Total batch time: 200 × 20 ms = 4,000 ms"
    _arithmetic("v2inf-worked-static-batch-time", "serving",
                "Static batch: 200 iterations at 20 ms", TRADITIONAL, "4,000 ms", 4.0,
                "200 × [20 ms]", note="Every request waits for R2's 200 tokens."),
    # "W = 1 − 125/200 = 1 − 0.625 = 37.5%"
    _arithmetic("v2inf-worked-waste-ratio", "serving",
                "Static batch of R1–R4: the waste ratio", TRADITIONAL, "37.5%", 0.375,
                "1 - 125 / 200", note="W = 1 − S̄/S_max."),
    # "The GPU performs 4 × 200 = 800 'sequence-iterations' but only 500 are useful."
    _arithmetic("v2inf-worked-sequence-iterations", "serving",
                "Static batch: sequence-iterations performed", TRADITIONAL, "800", 800.0,
                "4 × 200", note="4 slots × 200 iterations."),
    _arithmetic("v2inf-worked-useful-iterations", "serving",
                "Static batch: sequence-iterations that produce tokens", TRADITIONAL, "500",
                500.0, "50 + 200 + 100 + 150", note="The sum of the output lengths."),
    # "R1: 50 × 20 ms = 1,000 ms"; "R3: 100 × 20 ms = 2,000"; "R4: 150 × 20 ms = 3,000"
    *(_arithmetic(f"v2inf-worked-continuous-{r.lower()}", "serving",
                  f"Continuous batching: {r}'s latency", CONT_ANALYSIS, printed, tokens * 0.020,
                  f"{tokens} × [20 ms]", note=f"{tokens} tokens × 20 ms an iteration.")
      for r, tokens, printed in (("R1", 50, "1,000 ms"), ("R3", 100, "2,000"),
                                 ("R4", 150, "3,000"))),
    # "(4× improvement over traditional)", "(2× improvement)", "(1.33× improvement)"
    *(_ratio(f"v2inf-worked-improvement-{r.lower()}", "serving",
             f"Continuous batching: {r}'s latency improvement", CONT_ANALYSIS, printed, value,
             "4000 ms", f"{ms} ms", note=f"4,000 ms / {ms:,} ms.")
      for r, ms, printed, value in (("R1", 1000, "4×", 4.0), ("R3", 2000, "2×", 2.0),
                                    ("R4", 3000, "1.33×", 4 / 3))),
    # "Continuous: (1,000 + 2000 + 3000 + 4000) / 4 = 2,500"
    _arithmetic("v2inf-worked-continuous-mean", "serving",
                "Continuous batching: mean latency of R1–R4", CONT_ANALYSIS, "2,500", 2.5,
                "([1000 ms] + [2000 ms] + [3000 ms] + [4000 ms]) / 4",
                note="The four completion times averaged (ms)."),
    # "a 37.5% reduction in average latency, exactly matching the waste ratio"
    _arithmetic("v2inf-worked-latency-reduction", "serving",
                "Continuous batching: mean latency reduction", CONT_ANALYSIS, "37.5%", 0.375,
                "1 - [2500 ms] / [4000 ms]", note="1 − 2,500/4,000."),
    # tbl-continuous-batching-benefit (cell continuous-batching-benefit): waste = 1 − 1/speedup
    *(_arithmetic(f"v2inf-effective-waste-{key}", "serving",
                  f"Effective waste of static batching: {label}", BENEFIT, printed, value,
                  f"1 - 1 / {speedup}", note=f"W = 1 − 1/{speedup}× realized speedup.")
      for key, label, speedup, printed, value in (
          ("code", "code completion", "1.2", "16.7%", 1 - 1 / 1.2),
          ("chat", "chat", "1.5", "33.3%", 1 - 1 / 1.5),
          ("text", "general text generation", "2.0", "50%", 0.5),
          ("creative", "creative writing", "2.8", "64.3%", 1 - 1 / 2.8),
          ("rag", "RAG with variable documents", "3.5", "71.4%", 1 - 1 / 3.5))),
    # Example "Debugging high P99 latency" (cell a100-hardware-scenario): 100 MB / 32 GB/s =
    # 3.125 ms → "3.1 ms" over PCIe; 100 MB / 600 GB/s = 0.1667 ms → "0.17 ms" over NVLink
    Example(
        "v2inf-p99-activation-pcie", "data movement",
        "A 100 MB activation transfer over A100 PCIe Gen4", DEBUG_P99, "3.1 ms", 3.1 * MS,
        law="transfer-time", inputs=(("data", "100 MB"), ("bandwidth", "32 GB/s")),
        result="time", note="100 MB / 32 GB/s = 3.125 ms."),
    Example(
        "v2inf-p99-activation-nvlink", "data movement",
        "A 100 MB activation transfer over A100 NVLink", DEBUG_P99, "0.17 ms", 0.17 * MS,
        law="transfer-time", inputs=(("data", "100 MB"), ("bandwidth", "600 GB/s")),
        result="time",
        note="100 MB / 600 GB/s = 0.167 ms. The 600 GB/s is NVLink 3.0's two directions "
             "together; one way at 300 GB/s the copy takes 0.33 ms."),
)

RECSYS_STREAMING: tuple[Example, ...] = (
    # tbl-inference-recsys-latency-breakdown: 0.2 + 0.5 + 2.0 + 1.0 + 1.5 = 5.2 ms
    _arithmetic("v2inf-recsys-latency-total", "serving",
                "A recommender request's latency, phase by phase", RECSYS, "5.2 ms", 5.2 * MS,
                "[0.2 ms] + [0.5 ms] + [2 ms] + [1 ms] + [1.5 ms]",
                note="Routing, batch accumulation, embedding lookup, features, ranking."),
    # "Total per request: 5,000 embedding lookups" (100 items × 50 lookups)
    _arithmetic("v2inf-recsys-lookups-per-request", "serving",
                "Embedding lookups of one request: 100 candidates × 50", RECSYS,
                "5,000 embedding lookups", 5000.0, "100 × 50",
                note="Candidates ranked × sparse features a candidate."),
    # "the rate is 50 million lookups per second per shard" (10 M QPS × 5,000 / 1,000 shards)
    _arithmetic("v2inf-recsys-lookups-per-shard", "serving",
                "Lookups per shard: 10 M QPS × 5,000 over 1,000 shards", RECSYS,
                "50 million lookups", 50e6, "[10e6 /s] × 5000 / 1000",
                note="QPS × lookups a request / shards."),
    # "a batch accumulation window of 1 ms, which yields batches of 10,000 requests"
    Example(
        "v2inf-recsys-requests-per-window", "serving",
        "Requests per 1 ms accumulation window at 10 M QPS", RECSYS, "10,000 requests", 1e4,
        law="batch-window", inputs=(("window", "1 ms"), ("arrival_rate", "10e6/s")),
        result="mean_batch", note="λT = 10⁷/s × 1 ms."),
    # "about 50K lookups per shard per batch"
    _arithmetic("v2inf-recsys-lookups-per-shard-batch", "serving",
                "Lookups a shard serves per 1 ms batch", RECSYS, "about 50K lookups", 50e3,
                "[50e6 /s] × [1 ms]", note="50 M lookups/s × 1 ms."),
    # tbl-inference-streaming-speech-pipeline: 0 + 20 + 5 + 30 + 15 + 5 + 15 = 90 ms
    _arithmetic("v2inf-streaming-speech-total", "serving",
                "A streaming speech pipeline's latency, stage by stage", STREAMING, "90 ms",
                90 * MS, "[0 ms] + [20 ms] + [5 ms] + [30 ms] + [15 ms] + [5 ms] + [15 ms]",
                note="Capture, network, features, encoder, decoder, formatting, network."),
    # "Latency budget: 100 ms end-to-end (5 frames of delay)" with 20 ms frames
    _ratio("v2inf-streaming-budget-frames", "serving",
           "A 100 ms budget in 20 ms audio frames", STREAMING, "5 frames", 5.0, "100 ms",
           "20 ms", note="100 ms / 20 ms."),
)

KV_ESTIMATOR = inf("scale-kv-cache-wall")
KV_COMPRESSION = inf("scale-kv-cache-compression-943a")


def _kv(layers: str, kv_heads: str, tokens: str, precision: str = "fp16",
        batch: str = "1") -> tuple[tuple[str, str], ...]:
    """kv-cache's inputs for a 128-dimension-head model."""
    return (("layers", layers), ("kv_heads", kv_heads), ("head_dim", "128"),
            ("precision", precision), ("tokens", tokens), ("batch", batch))


KV_CACHE: tuple[Example, ...] = (
    # Example "KV-cache capacity estimator" (cell kv-cache-capacity-estimator; Llama-3-70B: 80
    # layers, 8 KV heads, d_head = 8192/64 = 128): "2 × 80 × 8 × 128 × 2 = 327,680 bytes"
    Example(
        "v2inf-llama3-70b-kv-per-token", "serving", "Llama-3-70B (GQA): KV bytes per token",
        KV_ESTIMATOR, "327,680 bytes", 327680.0, law="kv-cache",
        inputs=_kv("80", "8", "1"), result="per_token",
        note="2 (K and V) × 80 layers × 8 KV heads × 128 × 2 B."),
    # "131,072 tokens × 0.33 MB/token ≈ 42.9 GB/request" (327,680 × 131,072 = 4.295e10 B)
    Example(
        "v2inf-llama3-70b-kv-128k", "serving", "Llama-3-70B (GQA): one 128K-token request's KV",
        KV_ESTIMATOR, "42.9 GB/request", 42.9 * GB, law="kv-cache",
        inputs=_kv("80", "8", "131072"), result="total",
        note="327,680 B × 131,072 tokens = 42.95 GB."),
    # "Available Memory for KV = 640 GB (Total) - 140.0 GB (Weights) - 20 GB (System) = 480.0"
    _arithmetic("v2inf-llama3-70b-kv-budget", "serving",
                "8× H100: HBM left for KV after 70 B FP16 weights and 20 GB reserve",
                KV_ESTIMATOR, "480.0 GB", 480 * GB, "8 × [80 GB] - [140 GB] - [20 GB]",
                note="8 × 80 GB (the vendor's H100 budget) − 70 × 10⁹ × 2 B − 20 GB; the "
                     "margin figure's 480 GB budget."),
    # Fragmentation: "If maximum length is 4,096 but average output is 100 tokens, 97.5 percent
    # of allocated memory is wasted."
    _arithmetic("v2inf-prealloc-waste-4096", "serving",
                "Preallocating 4,096 tokens for 100-token outputs: memory wasted",
                inf("scale-fragmentation-problem-28be"), "97.5 percent", 0.975,
                "1 - 100 / 4096", tolerance=0.001,
                note="1 − 100/4,096 = 97.56%, which the book truncates (this example allows "
                     "0.1 percentage point)."),
    # Example "Prefix caching at scale" (cell prefix-caching-calc; Llama-2-70B: 80 layers,
    # hidden 8,192): "2000 + 500 (avg response) = 2,500 tokens"
    _arithmetic("v2inf-prefix-tokens-per-user", "serving",
                "Prefix caching: tokens each user holds without sharing",
                inf("scale-prefix-caching-8e8b"), "2,500 tokens", 2500.0, "2000 + 500",
                note="The 2,000-token system prompt plus a 500-token response."),
    # "2,500 tokens × 1000 × 2 × 80 × 8192 × 2 = 6.6 TB" (6.5536e12 B)
    Example(
        "v2inf-prefix-kv-no-sharing", "serving",
        "KV cache of 1,000 users at 2,500 tokens each, unshared",
        inf("scale-prefix-caching-8e8b"), "6.6 TB", 6.6e12, law="kv-cache",
        inputs=_kv("80", "64", "2500", batch="1000"), result="total",
        note="2 × 80 layers × 8,192 (64 heads × 128) × 2 B = 2.62 MB a token, × 2.5 × 10⁶ "
             "tokens = 6.55 TB. The book counts the full hidden width (MHA); Llama-2-70B's "
             "8 GQA KV heads would hold 1/8 of it."),
    # "Total: (2000 × 1) + (500 × 1000) = 502,000"
    _arithmetic("v2inf-prefix-tokens-shared", "serving",
                "Prefix caching: tokens held with the prompt shared",
                inf("scale-prefix-caching-8e8b"), "502,000", 502000.0, "2000 × 1 + 500 × 1000",
                note="The prompt once plus each user's response."),
    # "Memory: 502,000 × 2 × 80 × 8192 × 2 = 1.3 TB" (1.316e12 B)
    Example(
        "v2inf-prefix-kv-shared", "serving", "KV cache of 502,000 tokens with the prefix shared",
        inf("scale-prefix-caching-8e8b"), "1.3 TB", 1.3e12, law="kv-cache",
        inputs=_kv("80", "64", "502000"), result="total",
        note="2.62 MB a token × 502,000 tokens = 1.32 TB."),
    # "Prefix caching yields a 79.9% memory reduction ..., enabling 5× more concurrent users"
    _arithmetic("v2inf-prefix-memory-reduction", "serving",
                "Prefix caching's KV memory reduction", inf("scale-prefix-caching-8e8b"),
                "79.9%", 0.7992, "1 - 502000 / 2500000",
                note="1 − 502,000/2,500,000 = 79.92% (the bytes a token cancel)."),
    _ratio("v2inf-prefix-concurrency-gain", "serving",
           "Prefix caching: concurrent users gained", inf("scale-prefix-caching-8e8b"), "5×",
           2500000 / 502000, "2500000", "502000", tolerance=0.5,
           note="2,500,000/502,000 = 4.98, which the book rounds to a whole 5× (this example "
                "allows 0.5)."),
    # cell kv-cache-calc-inf (70 B MHA baseline: 80 layers, 64 heads, d = 128, 4,096 tokens):
    # "2 × 80 × 64 × 128 × 4096 × 2 ≈ 10.7 GB (FP16)" (1.0737e10 B)
    Example(
        "v2inf-70b-mha-kv-4k-fp16", "serving", "A 70 B MHA model's KV cache at 4,096 tokens",
        KV_COMPRESSION, "10.7 GB (FP16)", 10.7 * GB, law="kv-cache",
        inputs=_kv("80", "64", "4096"), result="total",
        note="2 × 80 × 64 × 128 × 4,096 × 2 B = 10.74 GB."),
    # "For a batch of 8 concurrent requests, the KV cache would require 85.9 GB"
    Example(
        "v2inf-70b-mha-kv-batch8", "serving", "The same KV cache for 8 concurrent requests",
        KV_COMPRESSION, "85.9 GB", 85.9 * GB, law="kv-cache",
        inputs=_kv("80", "64", "4096", batch="8"), result="total",
        note="8 × 10.74 GB = 85.9 GB."),
    # "Compressing the KV cache to INT4 reduces it to approximately 2.7 GB per request, a 4×
    # reduction"
    Example(
        "v2inf-70b-mha-kv-4k-int4", "serving", "The 70 B MHA KV cache quantized to INT4",
        inf("scale-kv-quantization"), "approximately 2.7 GB", 2.7 * GB, law="kv-cache",
        inputs=_kv("80", "64", "4096", "int4"), result="total",
        note="Half a byte a value: 10.74 GB / 4 = 2.68 GB."),
    _ratio("v2inf-kv-int4-compression", "serving", "KV cache FP16 over INT4",
           inf("scale-kv-quantization"), "a 4× reduction", 4.0, "16", "4",
           note="16 bits over 4 bits a cached value."),
    # "switching from MHA (64 KV heads) to GQA with 8 KV heads ... 2 × 80 × 8 × 128 × 4096 × 2
    # ≈ 1.3 GB (FP16)"
    Example(
        "v2inf-70b-gqa-kv-4k-fp16", "serving", "The 70 B model's KV cache with 8 GQA KV heads",
        inf("scale-gqa"), "1.3 GB", 1.3 * GB, law="kv-cache", inputs=_kv("80", "8", "4096"),
        result="total", note="2 × 80 × 8 × 128 × 4,096 × 2 B = 1.34 GB: 1/8 of MHA's."),
    # Notebook "The precision dividend" (cell precision-dividend; H100 budget 80 GB, Llama-2-70B
    # = 70 × 10⁹ parameters): "Weights in FP16 consume 140 GB (35 GB/GPU)"
    Example(
        "v2inf-dividend-weights-fp16", "serving", "Precision dividend: 70 B FP16 weights",
        inf("scale-gqa"), "140 GB", 140 * GB, law="model-states", inputs=_weights("70e9", "2"),
        result="total", note="70 × 10⁹ × 2 B."),
    _arithmetic("v2inf-dividend-weights-per-gpu", "serving",
                "Precision dividend: FP16 weights per GPU over 4-way tensor parallelism",
                inf("scale-gqa"), "35 GB/GPU", 35 * GB, "[140 GB] / 4", note="140 GB / 4."),
    # "Available for KV cache: 80 − 35 = 45 GB/GPU"
    _arithmetic("v2inf-dividend-kv-room-fp16", "serving",
                "Precision dividend: HBM left for KV with FP16 weights", inf("scale-gqa"),
                "45 GB", 45 * GB, "[80 GB] - [35 GB]", note="80 GB − 35 GB a GPU."),
    # "Weights: 35 GB × (4/16) = 8.75 GB/GPU (INT4)"; "Available ...: 80 − 8.75 = 71.25 GB/GPU"
    _arithmetic("v2inf-dividend-weights-int4-per-gpu", "serving",
                "Precision dividend: INT4 weights per GPU", inf("scale-gqa"), "8.75 GB",
                8.75 * GB, "[35 GB] × 4 / 16", note="35 GB × 4/16."),
    _arithmetic("v2inf-dividend-kv-room-int4", "serving",
                "Precision dividend: HBM left for KV with INT4 weights", inf("scale-gqa"),
                "71.25 GB", 71.25 * GB, "[80 GB] - [8.75 GB]", note="80 GB − 8.75 GB."),
    # "KV cache per request: 10.7 GB ÷ 4 ≈ 2.7 GB/GPU"; "(INT8): 5.4 GB ÷ 4 ≈ 1.3 GB/GPU"
    Example(
        "v2inf-dividend-kv-per-gpu-fp16", "serving",
        "Precision dividend: one request's FP16 KV cache per GPU", inf("scale-gqa"),
        "2.7 GB", 2.7 * GB, law="kv-cache", inputs=_kv("80", "16", "4096"), result="total",
        note="10.74 GB / 4 GPUs: the 64 KV heads split 16 to a GPU."),
    Example(
        "v2inf-dividend-kv-int8", "serving", "Precision dividend: one request's INT8 KV cache",
        inf("scale-gqa"), "5.4 GB", 5.4 * GB, law="kv-cache",
        inputs=_kv("80", "64", "4096", "int8"), result="total",
        note="2 × 80 × 64 × 128 × 4,096 × 1 B = 5.37 GB."),
    Example(
        "v2inf-dividend-kv-per-gpu-int8", "serving",
        "Precision dividend: one request's INT8 KV cache per GPU", inf("scale-gqa"),
        "1.3 GB", 1.3 * GB, law="kv-cache", inputs=_kv("80", "16", "4096", "int8"),
        result="total", note="5.37 GB / 4 GPUs = 1.34 GB."),
)

SPECULATIVE = inf("scale-speculative-speedup")
KV_DISTRIBUTED = inf("scale-kv-cache-distributed-settings-712e")

DECODE: tuple[Example, ...] = (
    # cell speculative-speedup-analysis (K = 5, draft 20× faster: t_draft = 0.05 t_target):
    # E = (1 − α⁶)/(1 − α); speedup = E/(5 × 0.05 + 1). α = 0.9: E = 4.686 → "4.7 tokens",
    # 4.686/1.25 = 3.749 → "3.7×"; α = 0.7: E = 2.941 → "2.9", 2.353 → "2.4×"; α = 0.5:
    # E = 1.969 → "2.0", 1.575 → "1.6×" (the cell's header comment says ~3.5×/2.2×/1.4×; the
    # code prints these)
    *(ex for alpha, key, tokens, t_printed, speedup, s_printed in (
        ("0.9", "high", 4.68559, "4.7 tokens", 3.748472, "3.7×"),
        ("0.7", "medium", 2.94117, "2.9 tokens", 2.352936, "2.4×"),
        ("0.5", "low", 1.96875, "2.0 tokens", 1.575, "1.6×"))
      for ex in (
        Example(f"v2inf-speculative-{key}-tokens", "serving",
                f"Speculative decoding, K = 5 at acceptance {alpha}: tokens per round",
                SPECULATIVE, t_printed, tokens, law="speculative-decoding",
                inputs=(("acceptance", alpha), ("draft_tokens", "5"), ("cost_ratio", "0.05")),
                result="tokens", note=f"(1 − {alpha}⁶)/(1 − {alpha})."),
        Example(f"v2inf-speculative-{key}-speedup", "serving",
                f"Speculative decoding, K = 5 at acceptance {alpha}: speedup", SPECULATIVE,
                s_printed, speedup, law="speculative-decoding",
                inputs=(("acceptance", alpha), ("draft_tokens", "5"), ("cost_ratio", "0.05")),
                result="speedup",
                note="Tokens per round over the round's cost, 5 drafts at 1/20 of the target "
                     "plus one verification: E/1.25."))),
    # "Introducing a 7B parameter draft model ... consumes an additional 14 GB of weights"
    Example(
        "v2inf-speculative-7b-draft-weights", "serving", "A 7 B draft model's FP16 weights",
        inf("scale-speculative-hardware"), "14 GB", 14 * GB, law="model-states",
        inputs=_weights("7e9", "2"), result="total", note="7 × 10⁹ × 2 B."),
    # "Transfer: Send KV cache over network (100 MB at 100Gbps = 8 ms)"
    Example(
        "v2inf-kv-migrate-100mb", "data movement", "Migrating 100 MB of KV cache at 100 Gbps",
        KV_DISTRIBUTED, "8 ms", 8 * MS, law="transfer-time",
        inputs=(("data", "100 MB"), ("bandwidth", "100 Gb/s")), result="time",
        note="800 Mb / 100 Gb/s."),
    # "For Llama-70B GQA with 4K context, KV cache is ... about 168 MB per device under 8-way
    # tensor parallelism"
    Example(
        "v2inf-kv-gqa-shard-tp8", "serving",
        "Llama-70B GQA, 4K context: one device's KV shard under 8-way TP", KV_DISTRIBUTED,
        "about 168 MB", 168e6, law="kv-cache", inputs=_kv("80", "1", "4096"), result="total",
        tolerance=0.5e6,
        note="8 KV heads over 8 devices leave one each: 2 × 80 × 1 × 128 × 4,096 × 2 B = "
             "167.8 MB (the printed digits allow 0.5 MB)."),
    # "At 100 Gbps (12.5 GB/s), transferring one shard takes roughly 13 ms, while transferring
    # the full cache would take about 100 ms"
    Example(
        "v2inf-kv-shard-transfer", "data movement",
        "Transferring one 168 MB KV shard at 100 Gbps", KV_DISTRIBUTED, "roughly 13 ms",
        13 * MS, law="transfer-time", inputs=(("data", "167.8 MB"), ("bandwidth", "100 Gb/s")),
        result="time", tolerance=0.5 * MS, note="167.8 MB / 12.5 GB/s = 13.4 ms."),
    Example(
        "v2inf-kv-full-transfer", "data movement",
        "Transferring the full 1.34 GB KV cache at 100 Gbps", KV_DISTRIBUTED,
        "about 100 ms", 0.1, law="transfer-time",
        inputs=(("data", "1.342 GB"), ("bandwidth", "100 Gb/s")), result="time",
        note="1.342 GB / 12.5 GB/s = 107 ms: 'about 100 ms'."),
    # Notebook "KV cache memory hierarchy": "GPU-only: 50 concurrent sequences; GPU+CPU
    # swapping: 500 concurrent sequences (10×)"
    _ratio("v2inf-kv-swap-concurrency", "serving", "Concurrency gained by swapping KV to CPU",
           inf("scale-memory-management-best-practices-67e2"), "10×", 10.0, "500", "50",
           note="500 / 50 concurrent sequences."),
    # Example "Sarathi": "For a prefill throughput of 10,000 tokens/second, a 20 ms chunk
    # processes 200 tokens."
    _arithmetic("v2inf-sarathi-chunk-tokens", "serving",
                "A 20 ms prefill chunk at 10,000 tokens/s",
                inf("scale-disaggregated-serving-splitting-workload-b8f9"), "200 tokens", 200.0,
                "[10000 /s] × [20 ms]", note="Prefill throughput × the chunk's time."),
    # "A 70-billion-parameter model in FP16 (16 bits) requires: 70 × 10⁹ × 16/8 = 140 GB"
    Example(
        "v2inf-sharding-70b-weights", "serving", "Weight memory of 70 B parameters at 16 bits",
        inf("scale-sharding-becomes-necessary-81d4"), "140 GB", 140 * GB, law="model-states",
        inputs=_weights("70e9", "2"), result="total", note="P × b/8 bytes: 16/8 = 2 B."),
)

TP = inf("scale-tensor-parallelism-b29f")
MOE = inf("scale-moe-economics")

SHARDING: tuple[Example, ...] = (
    # Example "Tensor parallelism for Llama-70B" (cell tp-speedup-calc: 30 ms and 4.35 ms a
    # layer, 80 layers): "Sequential: 2,400 ms"; "8-way TP: 348 ms"; "The 6.9× speedup"
    _arithmetic("v2inf-tp8-sequential-prefill", "serving",
                "Llama-70B prefill on one GPU: 80 layers at 30 ms", TP, "2,400 ms", 2.4,
                "80 × [30 ms]", note="80 layers × 30 ms."),
    _arithmetic("v2inf-tp8-prefill", "serving",
                "Llama-70B prefill under 8-way TP: 80 layers at 4.35 ms", TP, "348 ms", 0.348,
                "80 × [4.35 ms]", note="80 layers × 4.35 ms."),
    _ratio("v2inf-tp8-speedup", "speedup", "8-way tensor parallelism's realized speedup", TP,
           "6.9×", 30 / 4.35, "30 ms", "4.35 ms", note="30 ms / 4.35 ms a layer = 6.90."),
    # tbl-inference-tp8-layer-breakdown: "1.5 ms + 0.3 ms + 2.25 ms + 0.3 ms = 4.35 ms"
    _arithmetic("v2inf-tp8-layer-total", "serving",
                "One layer under 8-way TP: compute and two AllReduces", TP, "4.35 ms",
                4.35 * MS, "[1.5 ms] + [0.3 ms] + [2.25 ms] + [0.3 ms]",
                note="Attention and feed-forward compute, each followed by an AllReduce."),
    *(_ratio(f"v2inf-tp8-{key}-speedup", "speedup", f"8-way TP: {label} compute speedup", TP,
             "8×", 8.0, seq, tp, note=f"{seq} / {tp}.")
      for key, label, seq, tp in (("attention", "attention", "12 ms", "1.5 ms"),
                                  ("ffn", "feed-forward", "18 ms", "2.25 ms"))),
    # "At 900 GB/s, moving a 8 MB activation payload would take only about 0.01 ms"
    Example(
        "v2inf-tp8-activation-nvlink", "data movement",
        "An 8 MB activation over H100 NVLink at 900 GB/s", TP, "about 0.01 ms", 0.01 * MS,
        law="transfer-time", inputs=(("data", "8 MB"), ("bandwidth", "900 GB/s")),
        result="time", note="8 MB / 900 GB/s = 0.0089 ms (mlsysim's H100 NVLink 900 GB/s)."),
    # cell moe-economics-calc-inf: "A dense 400B model in FP16 reads 800 GB per step"
    Example(
        "v2inf-moe-dense-400b-fp16", "serving", "A dense 400 B model's FP16 weights", MOE,
        "800 GB", 800 * GB, law="model-states", inputs=_weights("400e9", "2"), result="total",
        note="400 × 10⁹ × 2 B, read once a decode step at batch 1."),
    # "reads only the 37B active parameters per step (approximately 74 GB in FP16)"
    Example(
        "v2inf-moe-active-37b-fp16", "serving", "DeepSeek-V3's 37 B active parameters in FP16",
        MOE, "approximately 74 GB", 74 * GB, law="model-states", inputs=_weights("37e9", "2"),
        result="total", note="37 × 10⁹ × 2 B."),
    # "a 10.8× reduction in per-token bandwidth"; "10.8× fewer FLOPs per token"
    _ratio("v2inf-moe-bandwidth-reduction", "serving",
           "Bytes read a token: dense 400 B over MoE 37 B active", MOE, "10.8×", 800 / 74,
           "800 GB", "74 GB", note="800 GB / 74 GB = 10.81."),
    _ratio("v2inf-moe-compute-reduction", "serving",
           "FLOPs a token: dense 400 B over MoE 37 B active", MOE, "10.8×", 400 / 37,
           "400e9", "37e9", note="Parameters touched a token: 400 B / 37 B = 10.81."),
    # "DeepSeek-V3's full model in FP16 requires approximately 1342 GB"
    Example(
        "v2inf-moe-deepseek-v3-fp16", "serving", "DeepSeek-V3's 671 B parameters in FP16", MOE,
        "approximately 1342 GB", 1342 * GB, law="model-states", inputs=_weights("671e9", "2"),
        result="total", note="671 × 10⁹ × 2 B."),
)

EXPERTS = inf("scale-moe-parallelism")
EMBEDDING = inf("scale-embedding-sharding-recommendation-systems-afde")
HYBRID = inf("scale-hybrid-sharding-strategies-e605")
COMM = inf("scale-communication-overhead-analysis-c1cf")
_AR = "2 × 7 / 8 × [8 MB]"  # ring AllReduce over N = 8: 2(N − 1)/N × M

EXPERT_COMM: tuple[Example, ...] = (
    # Notebook "MoE capacity planning" (cell moe-capacity-planning): DeepSeek-V3 in FP8,
    # total_weight = 671e9 × 1 B = 671 GB; active_mem = 37e9 × 1 B = 37 GB
    *(Example(
        f"v2inf-moe-deepseek-v3-{key}-fp8", "serving", f"DeepSeek-V3's {label} in FP8", MOE,
        f"{gb} GB", gb * GB, law="model-states", inputs=_weights(f"{gb}e9", "1"),
        result="total", note=f"{gb} × 10⁹ parameters × 1 B (FP8).")
      for key, label, gb in (("total", "671 B parameters", 671),
                             ("active", "37 B active parameters", 37))),
    # read_per_gpu = 37 GB / 16 = 2.3125 GB -> "2.3 GB"
    _arithmetic("v2inf-moe-read-per-gpu", "serving",
                "DeepSeek-V3's active FP8 weights split over 16 GPUs", MOE, "about 2.3 GB",
                2.3 * GB, "[37 GB] / 16", note="37 GB / 16 GPUs = 2.31 GB a GPU a step."),
    # t_read = 2.3125 GB / 3.35 TB/s = 0.690 ms -> "0.69 ms"
    Example(
        "v2inf-moe-read-time", "data movement",
        "Reading 2.3 GB of expert weights at H100 HBM bandwidth", MOE, "0.69 ms", 0.69 * MS,
        law="transfer-time", inputs=(("data", "2.3125 GB"), ("bandwidth", "3.35 TB/s")),
        result="time", note="37 GB / 16 = 2.3125 GB a GPU; / 3.35 TB/s (mlsysim H100 HBM3) "
        "= 0.690 ms."),
    # total_decode = 0.690 + 0.3 ms = 0.990 ms -> "1.0 ms"/token
    _arithmetic("v2inf-moe-decode-latency", "serving",
                "DeepSeek-V3 decode step: weight read plus AllToAll routing", MOE, "1.0 ms",
                1.0 * MS, "[37 GB] / 16 / [3.35 TB/s] + [0.3 ms]",
                note="0.690 ms reading + 0.3 ms AllToAll = 0.990 ms."),
    # tokens_per_sec = round(1 / 0.990 ms, -2) = round(1009.8, -2) = 1,000 tokens/s
    _arithmetic("v2inf-moe-decode-rate", "serving",
                "DeepSeek-V3 tokens a second at batch 1", MOE, "1,000 tokens/s", 1000.0,
                "1 / ([37 GB] / 16 / [3.35 TB/s] + [0.3 ms])", tolerance=50.0,
                note="1 / 0.990 ms = 1,010/s; the cell rounds to the hundred (tolerance: "
                "half that step)."),
    # Example "Expert parallelism for Mixtral-8x7B": gating ~0.1 ms, dispatch ~0.2 ms, expert
    # compute ~1 ms, gather ~0.2 ms; "Total MoE layer time: ~1.5 ms"
    _arithmetic("v2inf-mixtral-moe-layer-time", "serving",
                "One Mixtral MoE layer: gating, dispatch, expert compute, gather", EXPERTS,
                "~1.5 ms", 1.5 * MS, "[0.1 ms] + [0.2 ms] + [1 ms] + [0.2 ms]",
                note="The four steps run one after another; the two experts compute in "
                "parallel, so their 1 ms counts once."),
    # tbl-inference-moe-load-balancing: 20 percent imbalance -> "83 percent" GPU utilization;
    # 50 percent -> "67 percent" (the busiest GPU carries 1.2x / 1.5x the mean load)
    *(_ratio(f"v2inf-moe-imbalance-{pct}-utilization", "serving",
             f"GPU utilization when the busiest expert GPU has {pct} percent more load",
             EXPERTS, f"{util} percent", util / 100, "1", f"{1 + pct / 100:g}",
             tolerance=0.005,
             note=f"Mean load / busiest load = 1/{1 + pct / 100:g}; the table rounds to a "
             "whole percent.")
      for pct, util in ((20, 83), (50, 67))),
    # Lighthouse "Embedding sharding at Meta" (cell meta-embedding-scale-check): "A dense INT8
    # table with 10 trillion entities and 128 dimensions would require at least 1,280 TB"
    _arithmetic("v2inf-meta-dense-int8-table", "serving",
                "A dense INT8 table: 10 trillion entities × 128 dimensions", EMBEDDING,
                "1,280 TB", 1280e12, "[10e12] × 128 × [1 B]",
                note="10 × 10¹² × 128 × 1 B = 1.28 × 10¹⁵ B."),
    # "100 TB across the same entity count averages only 10 bytes per entity"
    _arithmetic("v2inf-meta-bytes-per-entity", "serving",
                "100 TB over 10 trillion entities", EMBEDDING, "10 bytes per entity", 10.0,
                "[100 TB] / [10e12]", note="100 × 10¹² B / 10 × 10¹² entities."),
    # "Mixtral with large experts: 8 experts across 8 GPU groups, each expert spread across
    # 2 GPUs - Total GPUs: 16"
    _arithmetic("v2inf-hybrid-expert-tp-gpus", "serving",
                "Expert parallelism over 8 groups with 2-way TP in each", HYBRID, "16", 16.0,
                "8 × 2", note="8 expert groups × 2 GPUs."),
    # tbl-inference-allreduce-interconnect (cell allreduce-interconnect-calc): an 8 MB
    # activation, 8 devices, ring factor 2 × 7/8 = 1.75 (no α term)
    *(Example(
        f"v2inf-allreduce-8mb-{key}", "data movement",
        f"AllReduce of an 8 MB activation over 8 GPUs on {label}", COMM, f"{ms} ms",
        ms * MS, law="all-reduce",
        inputs=(("size", "8 MB"), ("devices", "8"), ("bandwidth", bw)), result="ring",
        note=f"1.75 × 8 MB / {bw} = {hand}.")
      for key, label, bw, ms, hand in (
          ("nvlink", "NVLink", "900 GB/s", 0.02, "0.0156 ms"),
          ("infiniband", "InfiniBand HDR", "25 GB/s", 0.56, "0.560 ms"),
          ("ethernet", "100G Ethernet", "12.5 GB/s", 1.12, "1.120 ms"))),
    *(_arithmetic(f"v2inf-allreduce-8mb-{key}-share", "data movement",
                  f"{label} AllReduce as a share of a 30 ms layer", COMM, printed, value,
                  f"{_AR} / [{bw}] / [30 ms]", note=f"{hand} / 30 ms.")
      for key, label, bw, printed, value, hand in (
          ("nvlink", "NVLink", "900 GB/s", "0.05%", 0.0005, "0.0156 ms"),
          ("infiniband", "InfiniBand HDR", "25 GB/s", "1.9%", 0.019, "0.560 ms"),
          ("ethernet", "100G Ethernet", "12.5 GB/s", "3.7%", 0.037, "1.120 ms"))),
)

ROUTING_TAIL = inf("scale-load-balancing-request-routing-4997")
WEIGHTED = inf("scale-weighted-adaptive-load-balancing-1c03")
LEAST = inf("scale-leastconnections-load-balancing-3f21")
HASHING = inf("scale-consistent-hashing-stateful-routing-ae5b")
_CAP = "(10 × [1000 /s] + 20 × [600 /s])"  # 10 H100s at 1,000 QPS, 20 A100s at 600 QPS

ROUTING: tuple[Example, ...] = (
    # Lighthouse "The tail at scale": "Processing 10 million QPS means that a 1-in-10,000
    # latency spike happens 1,000 times every second."
    _arithmetic("v2inf-tail-at-scale-spikes", "serving",
                "1-in-10,000 spikes at 10 million QPS", ROUTING_TAIL,
                "1,000 times every second", 1000.0, "[10e6 /s] / 10000",
                note="10⁷ requests/s × 10⁻⁴."),
    # Example "Heterogeneous GPU cluster" (cell heterogeneous-gpu-cluster): total_cap =
    # 10 × 1,000 + 20 × 600 = 22,000 QPS
    _arithmetic("v2inf-hetero-total-capacity", "serving",
                "Capacity of 10 H100s at 1,000 QPS and 20 A100s at 600 QPS", WEIGHTED,
                "22,000 QPS", 22000.0, _CAP),
    # h100_weight = 1000/22000 = 4.55% -> "4.5 percent"; a100_weight = 600/22000 = 2.73%
    *(_ratio(f"v2inf-hetero-{gpu}-weight", "serving",
             f"An {gpu.upper()}'s routing weight: its capacity over the cluster's", WEIGHTED,
             printed, value, f"{cap} /s", "22000 /s", note=f"{cap}/22,000.")
      for gpu, cap, printed, value in (("h100", 1000, "4.5 percent", 0.045),
                                       ("a100", 600, "2.7 percent", 0.027))),
    # h100_load = 15,000 × 1000/22000 = 681.8 QPS; a100_load = 15,000 × 600/22000 = 409.1
    *(_arithmetic(f"v2inf-hetero-{gpu}-load", "serving",
                  f"Weighted routing: each {gpu.upper()}'s share of 15,000 QPS", WEIGHTED,
                  f"{qps} QPS", qps, f"[15000 /s] × [{cap} /s] / {_CAP}",
                  note=f"15,000 × {cap}/22,000.")
      for gpu, cap, qps in (("h100", 1000, 681.8), ("a100", 600, 409.1))),
    # h100_util = a100_util = 15,000/22,000 = 68.2 percent
    _ratio("v2inf-hetero-weighted-utilization", "serving",
           "Utilization of every server under capacity-weighted routing", WEIGHTED,
           "68.2 percent", 0.682, "15000 /s", "22000 /s",
           note="681.8/1,000 = 409.1/600 = 15,000/22,000."),
    # equal_load = 15,000 / 30 = 500 QPS; H100 500/1000 = "50 percent"; A100 500/600 = 83.3
    _arithmetic("v2inf-hetero-equal-load", "serving",
                "Equal routing: 15,000 QPS over 30 servers", WEIGHTED, "500 QPS", 500.0,
                "[15000 /s] / 30"),
    *(_ratio(f"v2inf-hetero-equal-{gpu}-utilization", "serving",
             f"An {gpu.upper()}'s utilization under equal routing", WEIGHTED, printed, value,
             "500 /s", f"{cap} /s", note=f"500/{cap}.")
      for gpu, cap, printed, value in (("h100", 1000, "50 percent", 0.5),
                                       ("a100", 600, "83.3 percent", 0.833))),
    # Example "Least-connections for LLM serving": "A short 10-token response might take
    # 500 ms, while a 500-token response might take 25 seconds, a 50× difference."
    _ratio("v2inf-llm-duration-spread", "serving",
           "A 500-token response's time over a 10-token one's", LEAST, "50×", 50.0, "25 s",
           "500 ms"),
    # "With round-robin at 100 QPS across 10 servers, each server receives 10 requests per
    # second"
    _arithmetic("v2inf-round-robin-per-server", "serving",
                "Round-robin: 100 QPS over 10 servers", LEAST, "10 requests per second",
                10.0, "[100 /s] / 10"),
    # "Least-connections reduces P99 by 38 percent" (tbl: round-robin 45 s, LC 28 s)
    _arithmetic("v2inf-least-connections-p99-cut", "serving",
                "P99 cut from round-robin's 45 s to least-connections' 28 s", LEAST,
                "38 percent", 0.38, "1 - [28 s] / [45 s]", note="1 − 28/45 = 0.378."),
    # Example "Consistent hashing for KV cache affinity": "KV cache rebuilt from scratch,
    # 500 ms penalty"; "Average conversation: 10 turns, 4.5 seconds wasted on cache rebuilds"
    _arithmetic("v2inf-kv-rebuild-waste", "serving",
                "KV-cache rebuilds over a 10-turn conversation without affinity", HASHING,
                "4.5 seconds", 4.5, "(10 - 1) × [500 ms]",
                note="The first turn builds the cache in any case; the 9 later turns each "
                "pay the 500 ms rebuild."),
)

LB_IMPACT = inf("scale-quantitative-analysis-load-balancing-impact-34d1")
NOISY = inf("scale-noisy-neighbor-problems-1b87")
QUOTAS = inf("scale-resource-quotas-fair-sharing-006c")
MODEL_ISOLATION = inf("scale-model-isolation-ef31")
COLD = inf("scale-cold-start-problem-ecf9")
REACTIVE = inf("scale-reactive-scaling-9fc1")
PREDICTIVE = inf("scale-predictive-scaling-ee73")
WARM_POOL = inf("scale-warm-pool-management-a360")
SPOT = inf("scale-spot-preemptible-instances-c969")

TENANCY_SCALING: tuple[Example, ...] = (
    # tbl-lb-comparison (random 45 ms, two-choices 24 ms, least-connections 19 ms P99):
    # "Two-choices: ... 47 percent latency improvement"; "Least-connections: ... 58 percent"
    *(_arithmetic(f"v2inf-lb-{key}-p99-cut", "serving",
                  f"P99 cut from random assignment's 45 ms to {label}'s {ms} ms", LB_IMPACT,
                  f"{pct} percent", pct / 100, f"1 - [{ms} ms] / [45 ms]",
                  note=f"1 − {ms}/45 = {1 - ms / 45:.3f}.")
      for key, label, ms, pct in (("two-choices", "two-choices", 24, 47),
                                  ("least-connections", "least-connections", 19, 58))),
    # "three tenants sharing a 60 GB KV cache pool with equal 20 GB allocations ... its
    # allocation can swell to 45 GB, forcing evictions that reduce the other tenants from 200
    # concurrent sequences each to 75 -- a 62 percent batch size reduction"
    _arithmetic("v2inf-noisy-neighbor-sequences", "serving",
                "Sequences left to each quiet tenant when one takes 45 GB of a 60 GB pool",
                NOISY, "75", 75.0, "([60 GB] - [45 GB]) / 2 / ([20 GB] / 200)",
                note="15 GB left for two tenants = 7.5 GB each, at 200 sequences per 20 GB."),
    _arithmetic("v2inf-noisy-neighbor-batch-cut", "serving",
                "Batch cut from 200 to 75 sequences", NOISY, "62 percent", 0.62,
                "1 - 75 / 200", tolerance=0.006,
                note="1 − 75/200 = 62.5 percent; the book drops the half (tolerance: that "
                "half percent)."),
    # "For three tenants with demands of 300, 200, and 800 QPS competing for 1,000 QPS of
    # capacity, max-min fairness yields allocations of 300, 200, and 500"
    _arithmetic("v2inf-max-min-fair-share", "serving",
                "Max-min fairness: what is left for the 800 QPS tenant", QUOTAS, "500", 500.0,
                "[1000 /s] - [300 /s] - [200 /s]",
                note="The two small demands (under the 333 QPS equal share) are met in full; "
                "the rest goes to the third tenant."),
    # "On an 80 GB H100, for example, reserving 40 GB for one model and 30 GB for a second
    # leaves a 10 GB shared pool"
    _arithmetic("v2inf-model-isolation-shared-pool", "serving",
                "An 80 GB H100 less 40 GB and 30 GB model reservations", MODEL_ISOLATION,
                "10 GB", 10 * GB, "[80 GB] - [40 GB] - [30 GB]"),
    # tbl-model-load-time: "Local SSD loads weights at roughly 6 GB/s; remote object storage
    # (S3) loads at roughly 0.5 GB/s"; "a 175B model takes about 1 minute from SSD (350 GB at
    # 6 GB/s) vs. 12 minutes from S3"; "The 12× gap"
    *(Example(
        f"v2inf-load-{model}-{tier}", "data movement",
        f"Loading {model.upper()} ({gb} GB) from {label}", COLD, printed, value,
        law="transfer-time", inputs=(("data", f"{gb} GB"), ("bandwidth", bw)),
        result="time", tolerance=tol,
        note=f"{gb} GB / {bw} = {gb / float(bw.split()[0]):.1f} s; the table rounds "
        f"(\"roughly\" {bw}), so ±{tol:g} s.")
      for model, gb, tier, label, bw, printed, value, tol in (
          ("7b", 14, "s3", "S3", "0.5 GB/s", "30s", 30.0, 3.0),
          ("70b", 140, "ssd", "local SSD", "6 GB/s", "25s", 25.0, 2.0),
          ("70b", 140, "s3", "S3", "0.5 GB/s", "5min", 300.0, 30.0),
          ("175b", 350, "ssd", "local SSD", "6 GB/s", "about 1 minute", 60.0, 5.0),
          ("175b", 350, "s3", "S3", "0.5 GB/s", "12 minutes", 720.0, 30.0))),
    Example(
        "v2inf-load-7b-ssd", "data movement", "Loading 7B (14 GB) from local SSD", COLD, "5s",
        5.0, law="transfer-time", inputs=(("data", "14 GB"), ("bandwidth", "6 GB/s")),
        result="time", disputed="At the caption's 6 GB/s, 14 GB loads in 2.3 s, not 5 s; the "
        "other rows follow the stated bandwidths within rounding.", hand_value=14 / 6),
    _ratio("v2inf-load-ssd-over-s3", "data movement", "Local SSD over S3 load bandwidth", COLD,
           "12×", 12.0, "6 GB/s", "0.5 GB/s"),
    # Notebook "Cold start timeline for Llama-70B": 5 + 60 + 10 + 300 + 25 + 15 + 5 s =
    # 420 s, "Total cold start: 7 min"
    _arithmetic("v2inf-cold-start-llama70b", "operations",
                "Llama-70B cold start: the seven phases", COLD, "7 min", 420.0,
                "[5 s] + [60 s] + [10 s] + [300 s] + [25 s] + [15 s] + [5 s]",
                note="API 5 s, provisioning 60 s, container 10 s, S3 download 300 s, load "
                "25 s, warmup 15 s, readiness 5 s."),
    # Notebook "Reactive scaling response analysis": spike 1000 -> 3000 QPS, 10 replicas at
    # 100 QPS each and 70 percent utilization; "Existing 10 replicas handle 3000 QPS (300 QPS
    # each)"; "Utilization: 210 percent"; "30 replicas for 3000 QPS"
    _arithmetic("v2inf-reactive-spike-per-replica", "serving",
                "A 3,000 QPS spike on the 10 existing replicas", REACTIVE, "300 QPS each",
                300.0, "[3000 /s] / 10"),
    _arithmetic("v2inf-reactive-spike-utilization", "serving",
                "Utilization at 300 QPS a replica, sized for 100 QPS at 70 percent", REACTIVE,
                "210 percent", 2.1, "0.7 × [300 /s] / [100 /s]",
                note="Three times the load at 70 percent utilization."),
    _arithmetic("v2inf-reactive-target-replicas", "serving",
                "Replicas for 3,000 QPS at 100 QPS each", REACTIVE, "30 replicas", 30.0,
                "[3000 /s] / [100 /s]"),
    # Example "Predictive scaling for traffic": "A reactive-only autoscaler must over-provision
    # during each ramp (about 45 replicas at peak) ... Predictive scaling sizes the fleet to
    # the actual peak (30 replicas), recovering roughly 33 percent of GPU spend"
    _arithmetic("v2inf-predictive-spend-saved", "operations",
                "GPU spend saved sizing to 30 replicas instead of 45", PREDICTIVE,
                "roughly 33 percent", 1 / 3, "1 - 30 / 45", note="1 − 30/45 = 0.333."),
    # "if the maximum expected spike is 2× normal and the headroom factor is 1.5, the fleet
    # needs three times the minimum pool capacity"
    _arithmetic("v2inf-warm-pool-multiple", "serving",
                "Warm pool for a 2× spike with 1.5× headroom", WARM_POOL, "3 ×", 3.0,
                "2 × 1.5"),
    # fig-spot-aware-routing: "70 percent of traffic to on-demand replicas ... 30 percent to
    # spot replicas"; spot discount 60--90 percent; "roughly 18--27 percent cost reduction"
    *(_arithmetic(f"v2inf-spot-savings-{end}", "operations",
                  f"Fleet cost cut: 30 percent of traffic on spot at a {pct} percent discount",
                  SPOT, f"{saved} percent", saved / 100, f"0.3 × {pct / 100:g}",
                  note=f"0.3 × {pct / 100:g} = {0.3 * pct / 100:.2f}.")
      for end, pct, saved in (("low", 60, 18), ("high", 90, 27))),
)

QUANT = inf("scale-weight-quantization-serving-097b")
QUAROT_SEC = inf("quarot-rotation-quantization-7a02")  # sec-inference-quarot-...
QUANT_RUNTIME = inf("scale-framework-integration-945c")
QUANT_SELECT = inf("scale-quantization-selection-guidelines-24fb")
META_CASE = inf("scale-meta-recommendation-serving-bede")
GOOGLE = inf("scale-google-search-ranking-aab2")
PITFALLS = inf("scale-fallacies-pitfalls-55f9")
_CASCADE = "([10 ms] + [20 ms] + [50 ms] + [100 ms])"  # L0..L3 latency budgets

QUANT_CASES: tuple[Example, ...] = (
    # "reducing weights from 16-bit floats to ... 4-bit integers can turn a 140 GB FP16
    # language model that requires two A100 GPUs into a 35 GB INT4 representation that fits on
    # a single GPU ... a 4× reduction"
    Example(
        "v2inf-quant-70b-int4", "serving", "A 70 B model's weights in INT4", QUANT, "35 GB",
        35 * GB, law="model-states", inputs=_weights("70e9", "0.5"), result="total",
        note="70 × 10⁹ × 4 bits = 70 × 10⁹ × 0.5 B."),
    *(_arithmetic(f"v2inf-quant-70b-{key}-a100s", "serving",
                  f"80 GB A100s to hold the 70 B model's {label} weights", QUANT, printed,
                  count, f"ceil([{gb} GB] / [80 GB])", tolerance=0.0,
                  note=f"⌈{gb}/80⌉ = {count:g} (a whole count the book writes in words, so "
                  "it must match exactly).")
      for key, label, gb, printed, count in (("fp16", "FP16", 140, "two A100 GPUs", 2.0),
                                             ("int4", "INT4", 35, "a single GPU", 1.0))),
    _ratio("v2inf-quant-fp16-over-int4", "serving", "FP16 weights over INT4 weights", QUANT,
           "4×", 4.0, "16", "4", note="16 bits / 4 bits a weight."),
    # "Original: [1000, 1, 1, 1]  Hadamard: [502, 500, 500, 500]" (the 4-point Hadamard matrix
    # normalized by 1/√4 = 1/2: rows (+,+,+,+) and (+,−,+,−) ...)
    *(_arithmetic(f"v2inf-hadamard-{key}", "serving",
                  f"A 4-point Hadamard transform of [1000, 1, 1, 1]: {label}", QUAROT_SEC,
                  printed, value, expr, tolerance=0.5,
                  note=f"{expr} = {hand}; the book rounds the half (tolerance 0.5).")
      for key, label, printed, value, expr, hand in (
          ("first", "first entry", "502", 502.0, "(1000 + 1 + 1 + 1) / 2", "501.5"),
          ("rest", "the other entries", "500", 500.0, "(1000 - 1 + 1 - 1) / 2", "499.5"))),
    # tbl-quarot-perplexity: FP16 3.12; SmoothQuant 3.18 "+0.06"; GPTQ 3.24 "+0.12";
    # QuaRot 3.31 "+0.19"
    *(_arithmetic(f"v2inf-perplexity-{key}", "serving",
                  f"LLaMA-2-70B perplexity added by {label}", QUAROT_SEC, f"+{delta:.2f}",
                  delta, f"{ppl} - 3.12")
      for key, label, ppl, delta in (("smoothquant", "SmoothQuant W8A8", "3.18", 0.06),
                                     ("gptq", "GPTQ W4A16", "3.24", 0.12),
                                     ("quarot", "QuaRot W4A4", "3.31", 0.19))),
    # Cell quantized-serving-capacity: kv_headroom = 80 GB − 35 GB = 45 GB; kv_fp16 =
    # 2 × 80 × 64 × 128 × 4096 × 2 B = 10.74 GB, per 1K = /4.096 = 2.62 GB -> "2.6 GB";
    # max_1k_sequences = int(45 / 2.62) = int(17.2) = 17
    _arithmetic("v2inf-quant-kv-headroom", "serving",
                "KV headroom on an 80 GB A100 after 35 GB of INT4 weights", QUANT_RUNTIME,
                "45 GB", 45 * GB, "[80 GB] - [35 GB]"),
    Example(
        "v2inf-quant-kv-per-1k", "serving",
        "FP16 KV cache of a 1K-token sequence, 70 B MHA baseline", QUANT_RUNTIME,
        "about 2.6 GB", 2.6 * GB, law="kv-cache", inputs=_kv("80", "64", "1000"),
        result="total", note="2 × 80 layers × 64 heads × 128 × 1,000 tokens × 2 B = "
        "2.62 GB (the cell's 4,096-token cache / 4.096)."),
    _arithmetic("v2inf-quant-max-1k-sequences", "serving",
                "Concurrent 1K-token sequences in 45 GB of KV headroom", QUANT_RUNTIME,
                "about 17", 17.0,
                "floor(([80 GB] - [35 GB]) / (2 × 80 × 64 × 128 × 1000 × [2 B]))",
                note="45 GB / 2.62 GB = 17.2, truncated by the cell's int()."),
    # tbl-quantization-serving-cost: "FP16 on 8× A100 $2.40; AWQ 4-bit on 4× A100 $1.20;
    # on 2× A100 $0.60" ("Halving the GPU count ... halves the cost")
    *(_arithmetic(f"v2inf-quant-cost-{gpus}xa100", "operations",
                  f"Cost per 1M tokens with AWQ 4-bit on {gpus} A100s", QUANT_SELECT, printed,
                  value, f"[$2.40] × {gpus} / 8",
                  note=f"$2.40 on 8 GPUs scaled to {gpus}: the cost follows the GPU count.")
      for gpus, printed, value in ((4, "$1.20", 1.2), (2, "$0.60", 0.6))),
    # Meta case: tbl-meta-dlrm-hybrid-hardware latencies 2 ms + 1 ms + 1.5 ms: "The three
    # latency budgets sum to ~5 ms"
    _arithmetic("v2inf-meta-case-latency-sum", "serving",
                "Meta DLRM: embedding lookup, feature processing and dense ranking",
                META_CASE, "~5 ms", 5 * MS, "[2 ms] + [1 ms] + [1.5 ms]", tolerance=0.5 * MS,
                note="The sum is 4.5 ms; \"~5 ms\" rounds it (tolerance 0.5 ms)."),
    # Cell ranking-cascade-cost: final_eval_reduction = 1,000,000 / 100 = 10,000×;
    # l3_per_candidate = 100 ms / 100 = 1 ms; l3_all = 10⁶ × 1 ms = 1,000 s; cascade budget
    # 10 + 20 + 50 + 100 = 180 ms; cost_reduction = 10⁶ ms / 180 ms = 5,556 -> round to the
    # hundred: 5,600×
    _ratio("v2inf-cascade-l3-reduction", "serving", "Final-stage evaluations the cascade saves",
           GOOGLE, "10,000×", 10000.0, "1e6", "100",
           note="1,000,000 candidates / the 100 that reach L3."),
    _arithmetic("v2inf-cascade-l3-per-candidate", "serving",
                "L3's budget a candidate: 100 ms over 100 candidates", GOOGLE, "1 ms", 1 * MS,
                "[100 ms] / 100"),
    _arithmetic("v2inf-cascade-l3-all", "serving",
                "L3 applied to all million candidates", GOOGLE, "about 1,000 s", 1000.0,
                "[1e6] × [100 ms] / 100", note="10⁶ × 1 ms."),
    _arithmetic("v2inf-cascade-budget", "serving", "The four-stage cascade's latency budget",
                GOOGLE, "180 ms", 180 * MS, _CASCADE),
    _arithmetic("v2inf-cascade-work-reduction", "serving",
                "Model work: L3 on everything over the cascade", GOOGLE, "roughly 5,600×",
                5600.0, f"[1e6] × [100 ms] / 100 / {_CASCADE}", tolerance=50.0,
                note="1,000 s / 180 ms = 5,556; the cell rounds to the hundred (tolerance: "
                "half that step)."),
    # Pitfall "Sizing the fleet by average throughput": "At 80 percent average utilization, a
    # modest 25 percent traffic spike pushes utilization above 100 percent"
    _arithmetic("v2inf-pitfall-spike-utilization", "serving",
                "80 percent utilization under a 25 percent traffic spike", PITFALLS,
                "100 percent", 1.0, "0.8 × 1.25",
                note="0.8 × 1.25 = 1.0: the spike reaches saturation exactly; anything more "
                "grows the queue without bound."),
    # Pitfall "Ignoring the serving tax": "often consumes 10--30 percent of the latency budget.
    # A team that achieves 70 ms model inference ... end-to-end latency reaches 100 ms"
    _arithmetic("v2inf-pitfall-serving-tax", "serving",
                "Serving tax: 70 ms of model time in a 100 ms end-to-end latency", PITFALLS,
                "30 percent", 0.3, "1 - [70 ms] / [100 ms]",
                note="The upper end of the 10–30 percent range."),
)

FRONTIER = perf("efficiency-frontier")
WALL = perf("memory-wall-physics")
HIERARCHY = perf("memory-hierarchy")
GAP = perf("widening-gap")

PERF_MEMORY_WALL: tuple[Example, ...] = (
    # "Configuration A ... approximately 50 tokens/second with 20 ms inter-token latency"
    _arithmetic("v2perf-config-a-tokens-per-second", "serving",
                "Tokens a second at a 20 ms inter-token latency", FRONTIER,
                "approximately 50 tokens/second", 50.0, "1 / [20 ms]"),
    # "Configuration B achieves 60× lower cost per token than Configuration A, but at 6×
    # higher latency" ($0.12 vs $0.002 per 1,000 tokens; 120 ms vs 20 ms)
    _ratio("v2perf-config-cost-ratio", "operations",
           "Cost per 1,000 tokens: latency-optimized over throughput-optimized", FRONTIER,
           "60×", 60.0, "$0.12", "$0.002"),
    _ratio("v2perf-config-latency-ratio", "serving",
           "Inter-token latency: throughput-optimized over latency-optimized", FRONTIER,
           "6×", 6.0, "120 ms", "20 ms"),
    # Cell memory-wall-scenario: ridge_fp8 = 1979 TFLOP/s / 3.35 TB/s = 590.7 FLOP/byte
    Example(
        "v2perf-h100-fp8-ridge", "roofline", "H100 FP8 ridge point", WALL,
        "590.7 FLOP/byte", 590.7, law="ridge-point",
        inputs=(("peak", "1979 TFLOP/s"), ("bandwidth", "3.35 TB/s")), result="ridge",
        note="mlsysim's H100 FP8 figure (1,979 TFLOP/s) / 3.35 TB/s = 590.75."),
    # "on-chip SRAM (L1 cache) costs approximately 0.5 pJ, while ... HBM costs roughly 640 pJ,
    # a ratio of 1280×" (energy_ratio = 640 / 0.5)
    _ratio("v2perf-hbm-over-sram-energy", "energy", "HBM access energy over SRAM access energy",
           WALL, "1280×", 1280.0, "640 pJ", "0.5 pJ"),
    # "reading the full 80 GB of HBM takes approximately 24 ms"
    Example(
        "v2perf-h100-read-all-hbm", "data movement", "Reading all 80 GB of H100 HBM once",
        HIERARCHY, "approximately 24 ms", 24 * MS, law="transfer-time",
        inputs=(("data", "80 GB"), ("bandwidth", "3.35 TB/s")), result="time",
        note="80 GB / 3.35 TB/s = 23.9 ms."),
    # "each performing approximately 10^12 memory accesses per second ... at 640 pJ, the memory
    # subsystem alone consumes approximately 640 W per GPU"
    _arithmetic("v2perf-hbm-access-power", "energy",
                "10¹² HBM accesses a second at 640 pJ each", HIERARCHY,
                "approximately 640 W", 640.0, "[1e12 /s] × [640 pJ]"),
    # "If operator fusion moves half of those accesses from HBM to SRAM (at 0.5 pJ each), the
    # per-GPU memory power drops by approximately 320 W. Across 1,000 GPUs, this saves 320 kW"
    _arithmetic("v2perf-fusion-power-saved", "energy",
                "Moving half of 10¹² accesses a second from HBM to SRAM", HIERARCHY,
                "approximately 320 W", 320.0, "[0.5e12 /s] × ([640 pJ] - [0.5 pJ])",
                note="0.5 × 10¹² × 639.5 pJ = 319.75 W."),
    _arithmetic("v2perf-fusion-power-saved-cluster", "energy",
                "The same saving over 1,000 GPUs", HIERARCHY, "320 kW", 320e3,
                "1000 × [0.5e12 /s] × ([640 pJ] - [0.5 pJ])", tolerance=1e3,
                note="1,000 × 319.75 W = 319.75 kW; the book carries the rounded 320 W per "
                "GPU (tolerance 1 kW)."),
    # tbl-widening-gap: ridge points "139", "153", "295", "281" FLOP/byte
    *(Example(
        f"v2perf-ridge-{gpu.lower()}", "roofline", f"{gpu} FP16 ridge point", GAP,
        f"{ridge} FLOP/byte", float(ridge), law="ridge-point",
        inputs=(("peak", f"{peak} TFLOP/s"), ("bandwidth", f"{bw} TB/s")), result="ridge",
        note=f"{peak} / {bw} = {peak / bw:.1f}.")
      for gpu, peak, bw, ridge in (("V100", 125, 0.9, 139), ("A100", 312, 2.04, 153),
                                   ("H100", 989, 3.35, 295), ("B200", 2250, 8.0, 281))),
    # "Compute throughput has increased 18× from V100 to B200 ... while memory bandwidth has
    # increased only 8.9×. The ridge point has increased 2×"
    _ratio("v2perf-gap-compute-growth", "roofline", "FP16 peak: B200 over V100", GAP, "18×",
           18.0, "2250 TFLOP/s", "125 TFLOP/s"),
    _ratio("v2perf-gap-bandwidth-growth", "roofline", "HBM bandwidth: B200 over V100", GAP,
           "8.9×", 8.0 / 0.9, "8.0 TB/s", "0.9 TB/s", note="8.0/0.9 = 8.89."),
    _ratio("v2perf-gap-ridge-growth", "roofline", "Ridge point: B200 over V100", GAP,
           "about a 2×", 2.0, "281 FLOP/B", "139 FLOP/B", tolerance=0.05,
           note="281/139 = 2.02 (\"about\": tolerance 0.05)."),
)

EXAMPLES: tuple[Example, ...] = (ECONOMICS + BATCHING + WASTE + RECSYS_STREAMING + KV_CACHE
                                 + DECODE + SHARDING + EXPERT_COMM + ROUTING + TENANCY_SCALING
                                 + QUANT_CASES + PERF_MEMORY_WALL)
