"""The book's worked examples, as data: inputs as the book writes them, the law, the printed value.

Read from the sources of *Machine Learning Systems* (harvard-edge/cs249r_book). ``VOL1`` is the
2026 two-volume edition; ``CORE`` a February 2026 copy of the earlier single-volume chapters
(az9713/cs249r), whose text the new edition rewrote. Each printed value was typed from the book
by hand: it is the independent check of the law, never the law's own output.
"""

from __future__ import annotations

from ironlaw.examples.gallery import CatalogValue, Example, Source

VOL1 = "book/quarto/contents/vol1"
CORE = "book/quarto/contents/core"
SERVING_COMMIT = "02f9aabfba60a27b3d81c62a24b9ef2a3fd55edc"  # the vol1 chapters read
CORE_REPO, CORE_COMMIT = "az9713/cs249r", "0c9b02d0a7956108ab89531ecf5aca5bd92beb3f"


def serving(section: str) -> Source:
    return vol1("serving", section)


def vol1(chapter: str, section: str) -> Source:
    return Source(f"{VOL1}/{chapter}/{chapter}.qmd", section, SERVING_COMMIT)


def core(chapter: str, section: str) -> Source:
    return Source(f"{CORE}/{chapter}/{chapter}.qmd", section, CORE_COMMIT, CORE_REPO)


MS, GB = 1e-3, 1e9

EXAMPLES: tuple[Example, ...] = (
    # ── serving (vol1 Serving chapter) ───────────────────────────────────────────────────────
    Example(
        "serving-amdahl-preprocessing", "speedup",
        "Infinitely fast inference when preprocessing is 45% of latency",
        serving("sec-serving-latency-analysis"), "2.22×", 2.22,
        law="amdahl", inputs=(("p", "0.55"), ("s", "2.5")), result="limit",
        note="The ResNet-50 request: 4.5 ms preprocessing of 10.1 ms is ~45%; the 55% inference "
             "share is the part that speeds up (TensorRT: 5 ms → 2 ms, s = 2.5). The limit "
             "1/(1−p) is the book's 1/0.45."),
    Example(
        "serving-littles-law-arrivals", "serving",
        "Little's law: 50 requests in a 10 ms system", serving("sec-serving-littles-law"),
        "50 concurrent requests", 50.0,
        law="littles-law", inputs=(("arrival_rate", "5000 /s"), ("time", "10 ms")), result="n",
        note="The book solves L = λW for λ = 5000 /s from L = 50 and W = 10 ms; this runs the "
             "same relation forward."),
    Example(
        "serving-littles-law-cap", "serving",
        "Little's law: a 10-request memory cap at 10 ms per request",
        serving("sec-serving-littles-law"), "10 requests", 10.0,
        law="littles-law", inputs=(("arrival_rate", "1000 /s"), ("time", "10 ms")), result="n",
        note="The book's 'at most 1000 requests per second' is L/W = 10/10 ms; run forward."),
    *(Example(
        f"serving-mm1-utilization-{int(rho * 100)}", "serving",
        f"M/M/1 mean latency at {int(rho * 100)}% utilization, 5 ms service",
        serving("sec-serving-utilization-latency"), printed, value * MS,
        law="mm1", inputs=(("arrival_rate", f"{rho * 200:g} /s"), ("service_rate", "200 /s")),
        result="response",
        note="W = 1/(μ − λ) = service time/(1 − ρ); μ = 1/5 ms = 200 /s.")
      for rho, printed, value in ((0.5, "10ms", 10), (0.7, "17ms", 17), (0.8, "25ms", 25),
                                  (0.9, "50ms", 50), (0.95, "100ms", 100))),
    Example(
        "serving-mm1-p99-at-70", "serving", "M/M/1 p99 latency at 70% utilization",
        serving("sec-serving-tail-latency"), "approximately twelve times the service time",
        12 * 5 * MS,
        law="mm1", inputs=(("arrival_rate", "140 /s"), ("service_rate", "200 /s"),
                           ("q", "0.99")), result="percentile",
        disputed="M/M/1 response time is exponential with rate μ − λ, so its p99 is "
                 "ln(100)/(μ − λ) = 4.605/(60 /s) = 76.75 ms, 15.4× the 5 ms service time; "
                 "the book's own approximation S·(1 + ln(100ρ)/(1 − ρ)) gives 15.2×, not 12×.",
        hand_value=4.605170 / 60),
    Example(
        "serving-mm1-p99-at-90", "serving", "M/M/1 p99 latency at 90% utilization",
        serving("sec-serving-capacity-planning"), "33 times service time", 33 * 5 * MS,
        law="mm1", inputs=(("arrival_rate", "180 /s"), ("service_rate", "200 /s"),
                           ("q", "0.99")), result="percentile",
        disputed="p99 = ln(100)/(μ − λ) = 4.605/(20 /s) = 230 ms, 46× the service time; the "
                 "book's approximation gives 1 + ln(90)/0.1 = 46×, not 33×.",
        hand_value=4.605170 / 20),
    Example(
        "serving-batching-throughput-32", "serving",
        "Batch 32 on a V100: throughput from batch latency", serving("sec-serving-batching-why"),
        "1,280 img/s", 1280.0, missing="Little's law solved for the rate (λ = N/W: 32 images "
        "in 25 ms) has no calculation yet; `littles-law` gives N from λ and W."),
    Example(
        "serving-batching-window-wait", "serving",
        "A 20 ms batching window adds 10 ms on average", serving("sec-serving-batching-tradeoffs"),
        "10ms", 10 * MS, missing="batch-wait models waiting for B requests, (B−1)/(2λ); a timed "
        "window's mean wait T/2 is not a law yet."),
    Example(
        "serving-poisson-empty-window", "serving",
        "Empty batching windows: P(0) at 200 QPS and 10 ms", serving("sec-serving-batching-tradeoffs"),
        "14%", 0.14, missing="No law gives the Poisson batch-size distribution "
        "(P(k) = (λT)^k e^−λT / k!; P(0) = e^−2 = 13.5%). The text later says 16% for the same "
        "case; the table's 14% is the one that follows."),
    *(Example(
        f"serving-cost-per-million-{key}", "operations",
        f"ResNet-50 cost per million images on {instance}", serving("sec-serving-cost-per-inference"),
        printed, value, missing="Cost per inference (price per hour / throughput) is not a "
        f"calculation yet: ${price}/h ÷ ({rate} img/s × 3600 s/h) × 10⁶.")
      for key, instance, price, rate, printed, value in (
          ("c5", "c5.xlarge (CPU)", "0.17", "50", "$0.94", 0.94),
          ("t4", "g4dn.xlarge (T4)", "0.53", "400", "$0.37", 0.37),
          ("v100", "p3.2xlarge (V100)", "3.06", "1,200", "$0.71", 0.71))),

    # ── training (core Training chapter) ─────────────────────────────────────────────────────
    Example(
        "training-pcie-batch-transfer", "data movement",
        "Moving a [32, 1024] int64 token batch over PCIe Gen3 x16",
        core("training", "sec-ai-training-preprocessing-ac72"), "0.016ms", 0.016 * MS,
        law="transfer-time", inputs=(("data", "256 kB"), ("bandwidth", "15.75 GB/s")),
        result="time",
        note="32 × 1024 × 8 B is 262,144 B = 256 KiB, which takes 16.6 µs; the book's 0.016 ms "
             "divides 256 kB (decimal) by 15.75 GB/s."),
    Example(
        "training-nvlink-gradient-sync", "data movement",
        "Synchronizing 3 GB of GPT-2 gradients over NVLink",
        core("training", "sec-ai-training-data-parallelism-advantages-e050"), "5ms", 5 * MS,
        law="transfer-time", inputs=(("data", "3 GB"), ("bandwidth", "600 GB/s")), result="time",
        note="A plain transfer, D/BW; a ring all-reduce moves 2(N−1)/N of the data."),
    Example(
        "training-infiniband-gradient-sync", "data movement",
        "Synchronizing 3 GB of GPT-2 gradients over InfiniBand",
        core("training", "sec-ai-training-data-parallelism-advantages-e050"), "240ms",
        240 * MS, law="transfer-time", inputs=(("data", "3 GB"), ("bandwidth", "12.5 GB/s")),
        result="time", note="12.5 GB/s is one 100 Gb/s InfiniBand link."),

    # ── roofline (core Benchmarking and AI Acceleration chapters) ────────────────────────────
    Example(
        "benchmarking-a100-ridge", "roofline", "A100 ridge point",
        core("benchmarking", "sec-benchmarking-ai-system-benchmarks-46fa"), "195 FLOPS/byte",
        195.0, law="ridge-point", inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "1.6 TB/s")),
        result="ridge",
        catalog=(CatalogValue("a100-40gb", "bandwidth", "1.6 TB/s",
                              "the book rounds the 40 GB A100's 1,555 GB/s; the 80 GB SXM has "
                              "2,039 GB/s, which puts the ridge at 153 FLOP/B"),
                 CatalogValue("a100-40gb", "peak:fp16", "312 TFLOP/s", "dense FP16 Tensor Core "
                              "peak, the same figure"))),
    Example(
        "benchmarking-bert-batch1-roofline", "roofline",
        "BERT at batch 1 on an A100: memory-bound at 8 FLOP/byte",
        core("benchmarking", "sec-benchmarking-ai-system-benchmarks-46fa"), "12.8 TFLOPS",
        12.8e12, law="roofline",
        inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "1.6 TB/s"), ("intensity", "8")),
        result="attainable"),
    Example(
        "benchmarking-bert-batch1-fraction", "roofline",
        "BERT at batch 1 uses 4% of an A100's peak",
        core("benchmarking", "sec-benchmarking-ai-system-benchmarks-46fa"), "4% of peak", 0.04,
        law="roofline",
        inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "1.6 TB/s"), ("intensity", "8")),
        result="fraction"),
    Example(
        "acceleration-h100-ridge", "roofline", "H100 ridge point: operations per byte to saturate",
        core("hw_acceleration",
             "sec-ai-acceleration-quantifying-computememory-performance-gap-1526"),
        "295 operations per byte", 295.0, law="ridge-point",
        inputs=(("peak", "989 TFLOP/s"), ("bandwidth", "3.35 TB/s")), result="ridge",
        catalog=(CatalogValue("h100-sxm", "peak:fp16", "989 TFLOP/s",
                              "dense FP16/BF16 Tensor Core peak (1,979 with sparsity)"),
                 CatalogValue("h100-sxm", "bandwidth", "3.35 TB/s", "HBM3 on the SXM part"))),

    Example(
        "training-a100-ridge", "roofline", "A100 ridge point (training chapter)",
        vol1("training", "sec-ai-training-arithmetic-intensity-bottlenecks"), "156 FLOP/byte",
        156.0, law="ridge-point", inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "2.0 TB/s")),
        result="ridge",
        catalog=(CatalogValue("a100-80gb", "bandwidth", "2.0 TB/s", "the 80 GB SXM's 2,039 GB/s, "
                              "rounded; the benchmarking chapter uses the 40 GB part's 1.6 TB/s "
                              "and gets 195"),)),
    Example(
        "training-h100-ridge", "roofline", "H100 ridge point (training chapter)",
        vol1("training", "sec-ai-training-arithmetic-intensity-bottlenecks"), "291 FLOP/byte",
        291.0, law="ridge-point", inputs=(("peak", "990 TFLOP/s"), ("bandwidth", "3.4 TB/s")),
        result="ridge",
        note="The same part in the acceleration chapter, with 989 TFLOP/s and 3.35 TB/s, gives "
             "295 (acceleration-h100-ridge): rounding the inputs moves the ridge by 1.4%."),
    Example(
        "training-gpt2-attention-v100-time", "training",
        "GPT-2 attention FLOPs per step on one V100 at peak",
        vol1("training", "sec-ai-training-dense-matrixmatrix-multiplication-fb44"),
        "79 seconds", 79.0, law="time-to-train",
        inputs=(("flops", "9.8e12"), ("devices", "1"), ("peak", "125 TFLOP/s"),
                ("utilization", "1")), result="time",
        disputed="9.8×10¹² FLOP at 125 TFLOP/s take 9.8e12/1.25e14 = 78.4 ms, not 79 s; the "
                 "box's own next sentence (steps of 180–220 ms on 8–32 GPUs) fits milliseconds.",
        hand_value=9.8e12 / 125e12),
    Example(
        "acceleration-10t-gradient-sync", "data movement",
        "Synchronizing 40 TB of gradients (10 T parameters) over NVLink 4",
        core("hw_acceleration", "sec-ai-acceleration-communication-overhead-amdahls-law-analysis-8eb4"),
        "22+ seconds", 22.0, law="transfer-time",
        inputs=(("data", "40 TB"), ("bandwidth", "1.8 TB/s")), result="time",
        note="10 T parameters × 4 B (FP32) = 40 TB; the book's '22+' is the 22.2 s this gives."),
    Example(
        "acceleration-amdahl-1000-gpus", "speedup",
        "Amdahl's law for 1000 GPUs with 5% serial communication",
        core("hw_acceleration", "sec-ai-acceleration-communication-overhead-amdahls-law-analysis-8eb4"),
        "≈ 8.3x", 8.3, law="amdahl", inputs=(("p", "0.95"), ("s", "1000")), result="speedup",
        disputed="1/(0.05 + 0.95/1000) = 19.6×; adding the book's own C/N term (0.116/100) "
                 "gives 1/0.05211 = 19.2×, not 8.3×. Its communication time is also off by "
                 "10³: 700 GB / 600 GB/s × log₂1000 is 11.6 s, not 11.6 ms.",
        hand_value=1 / (0.05 + 0.95 / 1000)),
    Example(
        "data-engineering-kws-64-cores", "speedup",
        "Embarrassingly parallel feature extraction on 64 cores",
        core("data_engineering", "sec-data-engineering-scaling-distributed-processing-c9f3"),
        "64x speedup", 64.0, law="amdahl", inputs=(("p", "1"), ("s", "64")), result="speedup",
        note="Serial fraction S ≈ 0: Amdahl's bound is the core count."),
    Example(
        "ml-systems-fiber-round-trip", "data movement",
        "Speed of light in fiber: California to Virginia and back",
        vol1("ml_systems", "sec-ml-systems-deployment-spectrum-38d0"), "approximately 40ms",
        40 * MS, law="fiber-latency",
        inputs=(("distance", "4000 km"), ("speed", "200000 km/s")), result="round_trip",
        note="The book rounds light in fiber to 200,000 km/s; ironlaw's default is c/1.468 = "
             "204,190 km/s (a typical silica group index), which gives 39.2 ms."),
    Example(
        "ml-systems-fiber-round-trip-80", "data movement",
        "The same round trip, as the chapter's later section states it",
        vol1("ml_systems", "sec-ml-systems-deployment-paradigm-foundations-0c17"),
        "an inherent 80ms round-trip time", 80 * MS, law="fiber-latency",
        inputs=(("distance", "4000 km"), ("speed", "200000 km/s")), result="round_trip",
        disputed="The chapter's first section puts the same 4,000 km round trip at ~40 ms "
                 "(2 × 4,000 km / 200,000 km/s); 80 ms would need 8,000 km of fiber each way.",
        hand_value=40 * MS),

    # ── scaling (core Introduction chapter) ──────────────────────────────────────────────────
    Example(
        "introduction-gpt3-training-flops", "training", "GPT-3 training compute, 6·P·D",
        core("introduction", "sec-introduction-deep-learning-era-f6c0"), "3.14 × 10^23 FLOPS",
        3.14e23, law="training-flops",
        inputs=(("parameters", "174.6e9"), ("tokens", "300e9")), result="flops",
        note="GPT-3's 175B is 174.6B parameters (Brown et al. 2020, Table D.1); with 175e9 the "
             "rule gives 3.15×10²³, outside the book's rounding."),
    Example(
        "introduction-gpt3-single-v100", "training", "GPT-3 on a single V100",
        core("introduction", "sec-introduction-deep-learning-era-f6c0"), "355 years",
        355 * 365.25 * 86400, law="time-to-train",
        inputs=(("flops", "3.14e23"), ("devices", "1"), ("peak", "28 TFLOP/s"),
                ("utilization", "1")), result="time",
        note="The book does not state the V100's rate; 355 years implies 28 TFLOP/s sustained "
             "(Lambda Labs' 2020 estimate for GPT-3 on a V100).",
        catalog=(CatalogValue("v100-sxm2", "peak:fp16", "28 TFLOP/s (implied)",
                              "the datasheet's 125 TFLOP/s is the Tensor Core peak; sustained "
                              "training runs far below it"),)),
)

BY_NAME = {example.name: example for example in EXAMPLES}
if len(BY_NAME) != len(EXAMPLES):
    raise ValueError("two examples share a name")
