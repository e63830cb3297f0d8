"""The book's worked examples, as data: inputs as the book writes them, the law, the printed value.

Read from the sources of *Machine Learning Systems* (harvard-edge/cs249r_book). :func:`vol1`
reads the 2026 two-volume edition; :func:`core` a February 2026 copy of the earlier
single-volume chapters (az9713/cs249r), whose text the new edition rewrote. Each printed
value was typed from the book by hand: it is the independent check of the law, never the law's
own output.
"""

from __future__ import annotations

from ironlaw.examples import (
    vol1_appendix,
    vol1_compression,
    vol1_compute,
    vol1_frameworks,
    vol1_more,
    vol1_ops,
    vol1_opslaws,
    vol1_systems,
    vol1_training,
    vol2_appendix,
    vol2_edge,
    vol2_fleet,
    vol2_inference,
    vol2_infrastructure,
    vol2_intro,
    vol2_opsscale,
    vol2_perf,
    vol2_responsible,
    vol2_robust,
    vol2_training,
)
from ironlaw.examples.gallery import CatalogValue, Example, Source, chapter_file, sections

SERVING_COMMIT = "02f9aabfba60a27b3d81c62a24b9ef2a3fd55edc"  # the vol1 chapters read
CORE_REPO, CORE_COMMIT = "az9713/cs249r", "0c9b02d0a7956108ab89531ecf5aca5bd92beb3f"

serving = sections(chapter_file("vol1", "serving"), SERVING_COMMIT)


def vol1(chapter: str, section: str) -> Source:
    """A section of a vol1 chapter, read at ``SERVING_COMMIT``."""
    return Source(chapter_file("vol1", chapter), section, SERVING_COMMIT)


def core(chapter: str, section: str) -> Source:
    """A section of a chapter of the single-volume copy (``CORE_REPO`` @ ``CORE_COMMIT``)."""
    return Source(chapter_file("core", chapter), section, CORE_COMMIT, CORE_REPO)


MS, MB, GB, MIB = 1e-3, 1e6, 1e9, 2.0**20
HOUR, YEAR = 3600.0, 365.25 * 86400.0
MONTH = YEAR / 12  # as units reads "1 month": 30.44 days

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
        "serving-latency-budget-total", "serving", "ResNet-50 request: the latency budget summed",
        serving("sec-serving-latency-analysis"), "10.1ms", 10.1 * MS, law="pipeline",
        inputs=(("stages", "3 ms, 1 ms, 0.5 ms, 0.5 ms, 5 ms, 0.1 ms"),), result="total",
        note="JPEG decode, resize, normalize, CPU→GPU copy, inference, softmax + top-5."),
    Example(
        "serving-mobile-pixel6-total", "serving", "ResNet-50 on a Pixel 6 NPU: end to end",
        serving("sec-serving-traffic-patterns"), "45ms", 45 * MS, law="pipeline",
        inputs=(("stages", "8 ms, 15 ms, 5 ms, 12 ms, 5 ms"),), result="total",
        note="Camera buffer, JPEG decode, resize + normalize, NPU inference, post-process + UI."),
    Example(
        "serving-faster-inference-fallacy", "speedup",
        "Inference 5 → 2 ms behind 8 ms of preprocessing",
        serving("sec-serving-fallacies-pitfalls"),
        "only 15 percent improvement in total latency", 1.15, law="pipeline",
        inputs=(("stages", "8 ms, 5 ms"), ("stage", "2"), ("s", "2.5")), result="speedup",
        disputed="13 ms becomes 8 + 2 = 10 ms: a 1.3× speedup, 23% less latency, not 15%.",
        hand_value=13 / 10),
    Example(
        "serving-capacity-rho-safe", "serving",
        "Capacity planning step 1: the safe utilization for a 50 ms p99 at 5 ms service",
        serving("sec-serving-tail-latency"), "ρ ≤ 0.72", 0.72, law="capacity",
        inputs=(("arrival_rate", "5000 /s"), ("service_rate", "200 /s"), ("slo", "50 ms"),
                ("q", "0.99")), result="rho_safe",
        disputed="For M/M/1 the p99 response is ln(100)/(μ − λ); p99 ≤ 50 ms at 5 ms service "
                 "needs 1 − ρ ≥ 4.605/10, ρ ≤ 0.54. The book's own approximation "
                 "S·(1 + ln(100ρ)/(1 − ρ)) ≤ 10·S gives ρ ≤ 0.555; at 0.72 it gives 81 ms.",
        hand_value=1 - 4.605170 / 10),
    Example(
        "serving-capacity-service-rate", "serving",
        "Capacity planning step 2: required service rate λ/ρ_safe",
        serving("sec-serving-tail-latency"), "6944 requests/second", 6944.0,
        law="capacity-plan", inputs=(("arrival_rate", "5000 /s"), ("rho", "0.72"),
                                     ("device_rate", "1143 /s")), result="required",
        note="λ/ρ with the book's ρ = 0.72 given; `capacity` would derive ρ_safe = 0.54 from "
             "the 50 ms p99 itself (see serving-capacity-rho-safe)."),
    Example(
        "serving-capacity-gpus", "serving",
        "Capacity planning steps 3–4: V100s with 30% headroom", serving("sec-serving-tail-latency"),
        "10 GPUs", 10.0, law="capacity-plan",
        inputs=(("arrival_rate", "5000 /s"), ("rho", "0.72"), ("device_rate", "1143 /s"),
                ("headroom", "1.3")), result="devices",
        note="The book mixes two models: ρ from the 5 ms single-request service time, then "
             "1,143 img/s batched throughput per GPU: ⌈6944/1143⌉ = 7, ⌈1.3 × 7⌉ = 10. "
             "`capacity` sizing each GPU from its own service rate (μ = 1143 /s) finds "
             "ρ_safe = 0.92 and 5 V100s."),
    Example(
        "serving-capacity-after-failure", "serving",
        "Capacity planning step 5: utilization with one of 10 GPUs down",
        serving("sec-serving-tail-latency"), "48.6%", 0.486, law="mmc",
        inputs=(("arrival_rate", "5000 /s"), ("service_rate", "1143 /s"), ("servers", "9")),
        result="rho", note="ρ = λ/(c·μ) = 5000/(9 × 1143)."),
    Example(
        "serving-resnet50-weights-fp32", "serving", "ResNet-50 weights in FP32",
        serving("sec-serving-training-to-production"), "98MB", 98 * MIB, law="train-memory",
        inputs=(("params", "25.6e6"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only",
        note="25.6 M × 4 B = 102.4 MB (decimal) = 97.7 MiB: the book's '98MB' is binary. "
             "`ironlaw --binary examples run …` prints it the book's way."),
    Example(
        "serving-resnet50-weights-fp16", "serving", "ResNet-50 weights in FP16",
        serving("sec-serving-training-to-production"), "49MB", 49 * MIB, law="train-memory",
        inputs=(("params", "25.6e6"), ("precision", "fp16"), ("optimizer", "sgd")),
        result="weights_only", note="51.2 MB = 48.8 MiB; the book's MB is MiB again."),
    Example(
        "serving-batching-throughput-32", "serving",
        "Batch 32 on a V100: throughput from batch latency", serving("sec-serving-batching-why"),
        "1,280 img/s", 1280.0, law="littles-law-rate",
        inputs=(("n", "32"), ("time", "25 ms")), result="rate",
        note="32 images every 25 ms: Little's law solved for the rate."),
    Example(
        "serving-batching-window-wait", "serving",
        "A 20 ms batching window adds 10 ms on average", serving("sec-serving-batching-tradeoffs"),
        "10ms", 10 * MS, law="batch-window", inputs=(("window", "20 ms"),), result="mean_wait",
        note="A timed window: arrivals spread evenly over it wait T/2 (`batch-wait` is the "
             "other policy, waiting for B requests)."),
    Example(
        "serving-poisson-empty-window", "serving",
        "Empty batching windows: P(0) at 200 QPS and 10 ms",
        serving("sec-serving-batching-tradeoffs"),
        "14%", 0.14, law="batch-window",
        inputs=(("window", "10 ms"), ("arrival_rate", "200 /s")), result="p_empty",
        note="P(0) = e^−λT = e^−2 = 13.5%. The text later says 16% for the same case; the "
             "table's 14% is the one that follows."),
    # The batching-efficiency table (sec-serving-batching-why): "| 16 | 14.0ms | 0.9ms |
    # 1,143 img/s | 85% |" and its siblings; throughput is the batch over its latency.
    *(Example(
        f"serving-batching-throughput-{batch}", "serving",
        f"Batch {batch} on a V100: throughput from batch latency",
        serving("sec-serving-batching-why"), printed, value, law="littles-law-rate",
        inputs=(("n", str(batch)), ("time", latency)), result="rate",
        note=f"{batch} image{'s' if batch > 1 else ''} every {latency} (the table's pure "
             "inference time, no queue wait).")
      for batch, latency, printed, value in ((1, "5 ms", "200 img/s", 200.0),
                                             (4, "7.2 ms", "556 img/s", 556.0),
                                             (8, "9.1 ms", "879 img/s", 879.0),
                                             (16, "14 ms", "1,143 img/s", 1143.0))),
    Example(
        "serving-batching-window-plus-inference", "serving",
        "A 10 ms batching window in front of a 25 ms batch-32 inference",
        serving("sec-serving-batching-why"), "35ms", 35 * MS, law="pipeline",
        inputs=(("stages", "10 ms, 25 ms"),), result="total",
        # "With a 10ms batching window and 25ms inference, total latency reaches 35ms versus
        # 5ms at batch size 1."
        note="The worst case: a request that opens the window waits all of it."),
    # tbl-batching-throughput (sec-serving-batching-tradeoffs): S(b) = 5 ms + 0.6 ms·b behind a
    # T = 10 ms window; "Throughput(b) = b/(T + S(b))", the table's Total Latency column.
    *(Example(
        f"serving-window-throughput-{batch}", "serving",
        f"Batch {batch} behind a 10 ms window: b/(T + S(b))",
        serving("sec-serving-batching-tradeoffs"), printed, value, law="littles-law-rate",
        inputs=(("n", str(batch)), ("time", total)), result="rate",
        tolerance=tolerance,
        note=f"S({batch}) = 5 ms + 0.6 ms × {batch}; total = 10 ms + S(b) = {total}." + extra)
      for batch, total, printed, value, tolerance, extra in (
          (1, "15.6 ms", "64 img/s", 64.0, None, ""),
          (4, "17.4 ms", "230 img/s", 230.0, None, ""),
          (8, "19.8 ms", "404 img/s", 404.0, None, ""),
          (16, "24.6 ms", "650 img/s", 650.0, None, ""),
          (32, "34.2 ms", "935 img/s", 935.0, 1.0,
           " 32/34.2 ms = 935.67 img/s: the book truncates where the other rows round, so "
           "this row allows one unit."))),
    # tbl-batch-variability (sec-serving-batching-tradeoffs), 10 ms window: the P(batch=0)
    # column, "| 50 QPS | 0.5 | 0.7 | 61% | 1% |", "| 500 QPS | 5.0 | 2.2 | 0.7% | 12% |",
    # "| 1000 QPS | 10.0 | 3.2 | 0.005% | 13% |".
    *(Example(
        f"serving-poisson-empty-window-{qps}", "serving",
        f"Empty batching windows: P(0) at {qps} QPS and 10 ms",
        serving("sec-serving-batching-tradeoffs"), printed, value, law="batch-window",
        inputs=(("window", "10 ms"), ("arrival_rate", f"{qps} /s")), result="p_empty",
        note=f"P(0) = e^−λT = e^−{qps * 0.01:g}. The table's last column, P(batch ≥ 2×mean), "
             "does not follow from the same Poisson law (at 50 QPS P(k ≥ 1) = 39%, not 1%: "
             "serving-poisson-twice-mean-50).")
      for qps, printed, value in ((50, "61%", 0.61), (500, "0.7%", 0.007),
                                  (1000, "0.005%", 0.00005))),
    Example(
        "serving-poisson-mean-batch-200", "serving",
        "Expected batch size at 200 requests/s and a 10 ms window",
        serving("sec-serving-traffic-patterns"), "expected batch size is 2", 2.0,
        law="batch-window", inputs=(("window", "10 ms"), ("arrival_rate", "200 /s")),
        result="mean_batch",
        # "With λ = 200 requests/second and T = 10ms, expected batch size is 2, but 16% of
        # windows will have zero requests"
        note="E[batch] = λT (eq-poisson-batch)."),
    Example(
        "serving-poisson-empty-window-text", "serving",
        "Empty batching windows at 200 QPS and 10 ms, as the traffic-patterns section says",
        serving("sec-serving-traffic-patterns"), "16% of windows will have zero requests",
        0.16, law="batch-window", inputs=(("window", "10 ms"), ("arrival_rate", "200 /s")),
        result="p_empty",
        disputed="P(0) = e^−λT = e^−2 = 13.5%; the batching section's own table prints 14% "
                 "for the same rate and window (serving-poisson-empty-window).",
        hand_value=0.1353353),
    Example(
        "serving-batching-config-expected-batch", "serving",
        "Batching configuration: expected batch at 500 QPS and a 15 ms window",
        serving("sec-serving-batching-tradeoffs"), "Expected batch size: 7.5", 7.5,
        law="batch-window", inputs=(("window", "15 ms"), ("arrival_rate", "500 /s")),
        result="mean_batch",
        # "For ResNet-50 with 50ms SLO and 500 QPS traffic: - Latency budget for batching:
        # 15ms - Maximum window: 15ms - Expected batch size: 7.5"
        note="λT with T_max = 0.3 × 50 ms = 15 ms."),
    Example(
        "serving-batch-p99-latency", "serving",
        "p99 latency of a 10 ms window at 500 QPS: full window plus S(b_p99)",
        serving("sec-serving-batching-tradeoffs"), "21.6ms", 21.6 * MS, law="pipeline",
        inputs=(("stages", "10 ms, 11.6 ms"),), result="total",
        # "p99 latency: 10ms + 11.6ms = 21.6ms"
        note="b_p99 = 11 (the Poisson(5) 99th percentile: serving-poisson-p99-batch), "
             "S(11) = 5 ms + 0.6 ms × 11 = 11.6 ms."),
    *(Example(
        f"serving-cost-per-million-{key}", "operations",
        f"ResNet-50 cost per million images on {instance}",
        serving("sec-serving-cost-per-inference"),
        printed, value, law="cost-per-inference",
        inputs=(("price", f"${price}/h"), ("rate", f"{rate.replace(',', '')} /s")),
        result="cost", note=f"${price}/h ÷ ({rate} img/s × 3600 s/h) × 10⁶.")
      for key, instance, price, rate, printed, value in (
          ("c5", "c5.xlarge (CPU)", "0.17", "50", "$0.94", 0.94),
          ("t4", "g4dn.xlarge (T4)", "0.53", "400", "$0.37", 0.37),
          ("v100", "p3.2xlarge (V100)", "3.06", "1,200", "$0.71", 0.71))),

    # ── introduction, ml_systems, dl_primer, efficient_ai, benchmarking, frameworks, optimizations
    #    (core chapters) ──────────────────────────────────────────────────────────────────────
    Example(
        "introduction-amdahl-90-percent", "speedup", "Amdahl: 90% parallel caps the speedup at 10×",
        core("introduction", "sec-introduction-bitter-lesson-systems-engineering-matters-dede"),
        "maximum speedup is 10x", 10.0, law="amdahl", inputs=(("p", "0.9"), ("s", "1e6")),
        result="limit",
        # "For example, if 90% of a program can be parallelized, maximum speedup is 10x
        # regardless of processor count."
        note="The limit 1/(1 − p) as the processor count s grows without bound."),
    Example(
        "introduction-gpt3-weights-fp16", "training", "GPT-3's 175B parameters in 16-bit",
        core("introduction", "sec-introduction-deep-learning-era-f6c0"), "approximately 350GB",
        350 * GB, law="train-memory",
        inputs=(("params", "175e9"), ("precision", "fp16"), ("optimizer", "sgd")),
        result="weights_only",
        # "GPT-3, released in 2020, contained 175 billion parameters requiring approximately
        # 350GB to store parameters"
        note="175 × 10⁹ × 2 B; the book's storage is half precision."),
    Example(
        "introduction-dram-vs-multiply-energy", "energy",
        "A DRAM access against a 32-bit multiply (45 nm)",
        core("introduction", "sec-introduction-bitter-lesson-systems-engineering-matters-dede"),
        "approximately 1000x more energy", 1000.0, law="energy-ratio",
        inputs=(("a", "dram-32bit"), ("b", "fp32-mult")), result="ratio",
        # "Moving 1GB from DRAM costs approximately 1000x more energy than a 32-bit multiply
        # operation"
        disputed="Per 32-bit word, Horowitz's 45 nm figures (DRAM 640 pJ, FP32 multiply 3.7 pJ) "
                 "give 640/3.7 = 173×, not 1000× (other chapters print ~200×); a whole GB "
                 "against one multiply would be ~10¹⁰×.",
        hand_value=640 / 3.7),
    Example(
        "ml-systems-wildlife-satellite-reduction", "data movement",
        "Wildlife sensors: 4.3 GB of audio a day against 400 KB of detections",
        core("ml_systems", "sec-ml-systems-environmental-health-monitoring-c9b0"),
        "a 10,000x reduction", 1e4, law="ratio", inputs=(("a", "4.3 GB"), ("b", "400 kB")),
        result="ratio", tolerance=5e3,
        # "these systems reduce satellite transmission requirements from 4.3GB per day to 400KB
        # of detection summaries, a 10,000x reduction"
        note="4.3 GB/400 kB = 10,750×: the book gives the order of magnitude (one significant "
             "digit, hence the tolerance)."),
    Example(
        "dl-primer-mnist-first-layer-weights", "training",
        "MNIST: a 100-neuron first layer on 784 pixels",
        core("dl_primer", "sec-dl-primer-design-tradeoffs-depth-vs-width-vs-performance-61e1"),
        "78,400 weights", 78400.0, law="dense",
        inputs=(("batch", "1"), ("in_features", "784"), ("out_features", "100"),
                ("precision", "fp32")), result="macs",
        # "A fully-connected first layer with 100 neurons learns 78,400 weights, effectively
        # examining every possible pixel relationship."
        note="A dense layer does one multiply-accumulate per weight per sample: at batch 1 the "
             "MAC count is the weight count."),
    Example(
        "dl-primer-summary-first-layer-weights", "training",
        "MNIST summary: 784 inputs × 100 neurons", core("dl_primer", "sec-dl-primer-summary-19d0"),
        "61,400 weights", 61400.0, law="dense",
        inputs=(("batch", "1"), ("in_features", "784"), ("out_features", "100"),
                ("precision", "fp32")), result="macs",
        # "a fully-connected network treats each pixel independently, learning 61,400 weights
        # just in the first layer (784 inputs × 100 neurons)"
        disputed="784 × 100 = 78,400, as the chapter itself says earlier "
                 "(dl-primer-mnist-first-layer-weights); 61,400 is an arithmetic slip.",
        hand_value=78400.0),
    Example(
        "dl-primer-mnist-first-layer-macs", "training",
        "MNIST inference: multiply-adds of the first layer",
        core("dl_primer", "sec-dl-primer-memory-computational-resources-7e3a"),
        "78,400 multiply-adds", 78400.0, law="dense",
        inputs=(("batch", "1"), ("in_features", "784"), ("out_features", "100"),
                ("precision", "fp32")), result="macs",
        # "First layer: 78,400 multiply-adds ... Total: 89,400 multiply-add operations per
        # inference"
        note="The other layers: 100 → 100 is 10,000 and 100 → 10 is 1,000 (run the law on "
             "each); the 89,400 total is their sum."),
    Example(
        "dl-primer-mnist-parameters-fp32", "training",
        "MNIST 784→100→100→10: its 89,610 parameters in FP32",
        core("dl_primer", "sec-dl-primer-memory-computational-resources-7e3a"),
        "≈ 358.44 KB", 358.44e3, law="train-memory",
        inputs=(("params", "89610"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only",
        # "Total: 89,610 parameters (≈ 358.44 KB at 32-bit floating point precision)"
        note="78,400 + 100 + 10,000 + 100 + 1,000 + 10 parameters × 4 B; decimal kB."),
    Example(
        "dl-primer-wide-mnist-fp32", "training",
        "A 784→1000→1000→10 MNIST network in FP32",
        core("dl_primer", "sec-dl-primer-architecture-design-b3dc"), "~7MB", 7 * MB,
        law="train-memory",
        inputs=(("params", "1796010"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only",
        # "A 784→1000→1000→10 MNIST network has ~1.8M parameters requiring ~7MB memory, while
        # a 784→100→100→10 network needs only ~90K parameters and ~350KB memory."
        note="785,000 + 1,001,000 + 10,010 = 1,796,010 parameters (the book's ~1.8M) × 4 B = "
             "7.18 MB."),
    Example(
        "dl-primer-wide-vs-narrow-mnist", "training",
        "The wide MNIST network's memory over the narrow one's",
        core("dl_primer", "sec-dl-primer-architecture-design-b3dc"), "20× more memory", 20.0,
        law="ratio", inputs=(("a", "1796010"), ("b", "89610")), result="ratio",
        # "The larger network might achieve 99.5% vs 98.5% accuracy, but requires 20× more
        # memory and computation"
        note="1,796,010/89,610 = 20.04: parameter counts, so memory at any one precision."),
    *(Example(
        f"dl-primer-batch32-activations-{name}", "training",
        f"MNIST batch 32 in FP32: the {title} activations",
        core("dl_primer", "sec-dl-primer-computational-implementation-details-7de4"),
        printed, value, law="dense",
        inputs=(("batch", "32"), ("in_features", n_in), ("out_features", n_out),
                ("precision", "fp32")), result=side,
        # "Input layer: 32×784 values (~100KB using 32-bit numbers) - Hidden layer 1: 32×512
        # values (~64KB) - Hidden layer 2: 32×256 values (~32KB) - Output layer: 32×10 values
        # (~1.3KB)"
        note=why)
      for name, title, printed, value, n_in, n_out, side, why in (
          ("input", "input layer's", "~100KB", 100e3, "784", "512", "inputs",
           "32 × 784 × 4 B = 100,352 B: the inputs of the 784 → 512 layer; decimal kB."),
          ("hidden1", "first hidden layer's", "~64KB", 64 * 1024, "784", "512", "outputs",
           "32 × 512 × 4 B = 65,536 B = 64 KiB: here the book's KB is KiB."),
          ("hidden2", "second hidden layer's", "~32KB", 32 * 1024, "512", "256", "outputs",
           "32 × 256 × 4 B = 32,768 B = 32 KiB: the book's KB is KiB again."),
          ("output", "output layer's", "~1.3KB", 1.3e3, "256", "10", "outputs",
           "32 × 10 × 4 B = 1,280 B: decimal kB (1.25 KiB)."))),
    Example(
        "efficient-ai-gpt3-weights-fp32", "training", "GPT-3 in FP32",
        core("efficient_ai", "sec-efficient-ai-efficiency-imperative-d65c"),
        "exceeding 700GB", 700 * GB, law="train-memory",
        inputs=(("params", "175e9"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only",
        # "The operational requirements, including memory footprints exceeding 700GB for
        # inference (350GB for half-precision), create deployment barriers"
        note="175 × 10⁹ × 4 B: the full-precision weights alone (the 350 GB half-precision "
             "figure of the same sentence is efficient-ai-gpt3-weights-fp16)."),
    Example(
        "efficient-ai-gpt3-gradients", "training", "GPT-3 fine-tuning: its FP32 gradients",
        core("efficient_ai", "sec-efficient-ai-parameterefficient-adaptation-1bce"),
        "over 700GB", 700 * GB, law="model-states",
        inputs=(("params", "175e9"), ("w", "4"), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total",
        # "fine-tuning GPT-3 traditionally requires storing gradients for 175 billion
        # parameters, consuming over 700GB of GPU memory"
        note="One 4-byte value per parameter, the gradient (entered as the w slot: model-states "
             "sums bytes per parameter); with weights and Adam's moments it is 16 B each."),
    Example(
        "efficient-ai-gpt3-over-a100", "training", "GPT-3's 350 GB over one A100's 40 GB",
        core("efficient_ai", "sec-efficient-ai-sustainable-computing-energy-awareness-d77a"),
        "by 9×", 9.0, law="ratio",
        inputs=(("a", "350 GB"), ("b", "40 GB")), result="ratio",
        # "GPT-3 (175B parameters) requires 350GB memory, exceeding A100's 40GB capacity by 9×"
        note="350/40 = 8.75."),
    Example(
        "efficient-ai-h100-vs-ddr5", "data movement", "H100 HBM3 against DDR5 bandwidth",
        core("efficient_ai", "sec-efficient-ai-scaling-law-breakdown-conditions-1f8c"),
        "a 65× difference", 65.0, law="ratio", inputs=(("a", "3.35 TB/s"), ("b", "51 GB/s")),
        result="ratio",
        # "NVIDIA H100 provides 3.35 TB/s memory bandwidth vs. typical DDR5 RAM's 51 GB/s, a
        # 65× difference"
        disputed="3,350/51 = 65.7×, which rounds to 66×; the book truncates.",
        hand_value=3350 / 51),
    Example(
        "efficient-ai-mobilenet-vs-vgg16", "training", "MobileNet-v1's parameters against VGG-16's",
        core("efficient_ai", "sec-efficient-ai-architectural-innovation-efficiency-7dd9"),
        "~50× fewer parameters", 50.0, law="ratio", inputs=(("a", "138e6"), ("b", "4.2e6")),
        result="ratio",
        # "achieving ~50× fewer parameters than traditional models. MobileNet-v1 has only 4.2M
        # parameters vs. VGG-16's ~138M"
        disputed="The footnote's own counts give 138/4.2 = 33×, not ~50×.",
        hand_value=138 / 4.2),
    Example(
        "efficient-ai-squeezenet-params", "training", "SqueezeNet's parameters against AlexNet's",
        core("efficient_ai", "sec-efficient-ai-architectural-innovation-efficiency-7dd9"),
        "50× fewer parameters", 50.0, law="ratio", inputs=(("a", "60e6"), ("b", "1.25e6")),
        result="ratio",
        # "Compact CNN architecture achieving AlexNet-level accuracy with 50× fewer parameters
        # (1.25M vs. 60M)."
        disputed="60/1.25 = 48×, as in optimizations-squeezenet-params.", hand_value=48.0),
    Example(
        "benchmarking-transformer-batch32-fraction", "roofline",
        "Transformer inference at batch 32 (150 FLOP/byte) on an A100",
        core("benchmarking", "sec-benchmarking-ai-system-benchmarks-46fa"),
        "improving GPU utilization from 4% to 65%", 0.65, law="roofline",
        inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "1.6 TB/s"), ("intensity", "150")),
        result="fraction",
        # "increasing batch size from 1 to 32 for transformer inference can shift operations
        # from memory-bound (8 FLOPS/byte) to compute-bound (150 FLOPS/byte), improving GPU
        # utilization from 4% to 65%"
        disputed="On the book's A100 roofline (ridge 195 FLOP/B) 150 FLOP/B is still "
                 "memory-bound, not compute-bound: 150 × 1.6 TB/s = 240 TFLOP/s, 77% of peak. "
                 "The 65% is a measured utilization (Pope et al. 2022) below that ceiling; the "
                 "batch-1 4% is the roofline's own value (benchmarking-bert-batch1-fraction).",
        hand_value=240 / 312),
    Example(
        "frameworks-7b-gradients-fp32", "training", "A 7B model's FP32 gradients",
        core("frameworks", "sec-ai-frameworks-parameter-structures-005f"),
        "approximately 28GB", 28 * GB, law="train-memory",
        inputs=(("params", "7e9"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only",
        # "Synchronizing a 7B parameter model across 8 GPUs requires transferring approximately
        # 28GB of gradients (assuming FP32 precision)"
        note="7 × 10⁹ × 4 B: the FP32 gradients are one copy of the FP32 weights' size."),
    Example(
        "frameworks-7b-gradients-at-25gbps", "data movement",
        "28 GB of gradients over a 25 Gb/s network",
        core("frameworks", "sec-ai-frameworks-parameter-structures-005f"),
        "over 9 seconds", 9.0, law="transfer-time",
        inputs=(("data", "28 GB"), ("bandwidth", "25 Gb/s")), result="time",
        # "which at 25Gbps network speeds takes over 9 seconds without optimization"
        note="28 × 8 Gb/25 Gb/s = 8.96 s: just under 9 s, inside the printed digit. A ring "
             "all-reduce over 8 GPUs sends 2·7/8 of it per link (`calc collective`)."),
    Example(
        "frameworks-mobilenetv2-tflite", "data movement",
        "MobileNetV2: 14 MB in TensorFlow, 3.4 MB quantized in TensorFlow Lite",
        core("frameworks", "sec-ai-frameworks-performance-optimization-1cea"),
        "a 4x reduction", 4.0, law="ratio", inputs=(("a", "14 MB"), ("b", "3.4 MB")),
        result="ratio",
        # "a MobileNetV2 model consumes approximately 14MB in TensorFlow but only 3.4MB when
        # quantized in TensorFlow Lite, representing a 4x reduction"
        note="14/3.4 = 4.1×: FP32 to INT8 is 4× by the bytes per weight."),
    Example(
        "optimizations-h100-vs-xeon", "speedup", "H100 tensor peak against a Xeon 3175-X",
        core("optimizations", "sec-model-optimizations-structural-model-optimization-methods-ca9e"),
        "a 650x compute density advantage", 650.0, law="ratio",
        inputs=(("a", "989 TFLOP/s"), ("b", "1.5 TFLOP/s")), result="ratio",
        # "NVIDIA H100 delivers 989 TFLOPS tensor performance vs. Intel Xeon 3175-X's ~1.5
        # TFLOPS (double precision), representing a 650x compute density advantage"
        disputed="989/1.5 = 659×, which rounds to 660×; it also compares FP16 Tensor Core "
                 "peak against FP64 CPU peak.",
        hand_value=989 / 1.5),
    Example(
        "optimizations-low-rank-4096", "training",
        "Factorizing a 4096×4096 matrix at rank 256",
        core("optimizations", "sec-model-optimizations-architectural-efficiency-d507"),
        "8x reduction", 8.0, law="ratio", inputs=(("a", "16777216"), ("b", "2097152")),
        result="ratio",
        # "Decomposes large weight matrices (e.g., 4096×4096) into smaller matrices (4096×256
        # × 256×4096), reducing parameters from 16M to 2M (8x reduction)."
        note="4096² = 16,777,216 against 2 × 4096 × 256 = 2,097,152 parameters."),
    Example(
        "optimizations-distilbert-params", "training", "DistilBERT's parameters against BERT-Base",
        core("optimizations", "sec-model-optimizations-pruning-practice-1814"),
        "40% fewer parameters", -0.40, law="ratio", inputs=(("a", "66e6"), ("b", "110e6")),
        result="change",
        # "Achieves 97% of BERT-Base performance with 40% fewer parameters (66M vs. 110M)"
        note="66/110 − 1 = −40%: fewer is a negative change."),
    Example(
        "optimizations-bert-pruned-size", "training", "Pruned BERT-Base: 440 MB to 110 MB",
        core("optimizations", "sec-model-optimizations-architecture-examples-ebb3"),
        "decreasing memory footprint by 75%", -0.75, law="ratio",
        inputs=(("a", "110 MB"), ("b", "440 MB")), result="change",
        # "we transformed a 440MB BERT-Base model into a 110MB variant, decreasing memory
        # footprint by 75%"
        note="110/440 − 1 = −75%."),
    Example(
        "optimizations-bert-pruned-fp32", "training",
        "Pruned BERT: 27.5 million FP32 parameters",
        core("optimizations", "sec-model-optimizations-architecture-examples-ebb3"),
        "110MB", 110 * MB, law="train-memory",
        inputs=(("params", "27.5e6"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only",
        # "The 27.5 million remaining parameters consume excessive memory bandwidth ... Each
        # parameter occupies 4 bytes"
        note="27.5 × 10⁶ × 4 B."),
    Example(
        "optimizations-bert-pruned-int8", "training", "Pruned BERT quantized to INT8",
        core("optimizations", "sec-model-optimizations-architecture-examples-ebb3"),
        "28MB", 28 * MB, law="model-states",
        inputs=(("params", "27.5e6"), ("w", "1"), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total",
        # "The pruned 110MB BERT model, when further quantized to INT8 precision, shrinks to
        # 28MB"
        note="27.5 × 10⁶ × 1 B = 27.5 MB (model-states with 1 byte of weights and no "
             "training state: train-memory's recipes have no INT8)."),
    Example(
        "optimizations-bert-compound-memory", "training",
        "BERT-Base optimized end to end: 440 MB to 28 MB",
        core("optimizations",
             "sec-model-optimizations-multitechnique-optimization-strategies-8263"),
        "16x memory reduction", 16.0, law="ratio", inputs=(("a", "440 MB"), ("b", "28 MB")),
        result="ratio",
        # "The compound effect, 440MB/120ms → 28MB/22ms (16x memory reduction, 5.5x latency
        # improvement)"
        note="440/28 = 15.7×."),
    Example(
        "optimizations-bert-compound-latency", "speedup",
        "BERT-Base optimized end to end: 120 ms to 22 ms",
        core("optimizations",
             "sec-model-optimizations-multitechnique-optimization-strategies-8263"),
        "5.5x latency improvement", 5.5, law="ratio", inputs=(("a", "120 ms"), ("b", "22 ms")),
        result="ratio", note="120/22 = 5.45×: the old time over the new."),
    Example(
        "optimizations-mobilenetv2-vs-resnet50-flops", "training",
        "MobileNetV2's 300M FLOPs against ResNet-50's 4.1B",
        core("optimizations", "sec-model-optimizations-efficient-design-principles-9e60"),
        "13.7x fewer operations", 13.7, law="ratio", inputs=(("a", "4.1e9"), ("b", "300e6")),
        result="ratio",
        # "MobileNetV2 achieves 72% ImageNet accuracy with 300M FLOPs vs. ResNet-50's 76% with
        # 4.1B FLOPs (13.7x fewer operations)"
        note="4.1/0.3 = 13.67×."),
    Example(
        "optimizations-densenet-activation-memory", "training",
        "DenseNet-121's 7.9 MB of activations against ResNet-50's 15.3 MB",
        core("optimizations", "sec-model-optimizations-memory-optimization-20b5"),
        "reduces memory consumption by 50%", -0.50, law="ratio",
        inputs=(("a", "7.9 MB"), ("b", "15.3 MB")), result="change",
        # "DenseNet-121 reduces memory consumption by 50% compared to ResNet-50 through feature
        # reuse, requiring only 7.9MB vs. 15.3MB activation memory on ImageNet."
        disputed="7.9/15.3 − 1 = −48.4%: about half, but outside the printed 50%.",
        hand_value=7.9 / 15.3 - 1),
    Example(
        "optimizations-squeezenet-params", "training", "SqueezeNet's parameters against AlexNet's",
        core("optimizations", "sec-model-optimizations-memory-optimization-20b5"),
        "50x fewer parameters", 50.0, law="ratio", inputs=(("a", "60e6"), ("b", "1.25e6")),
        result="ratio",
        # "achieves AlexNet-level accuracy (57.5% top-1 ImageNet) with 50x fewer parameters
        # (1.25M vs 60M)"
        disputed="60/1.25 = 48×; the SqueezeNet paper's 50× is its rounded headline.",
        hand_value=48.0),
    Example(
        "optimizations-squeezenet-size", "training", "SqueezeNet's 1.25M parameters uncompressed",
        core("optimizations", "sec-model-optimizations-memory-optimization-20b5"),
        "0.5MB uncompressed", 0.5 * MB, law="train-memory",
        inputs=(("params", "1.25e6"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only",
        # "Model size drops from 240MB to 0.5MB uncompressed"
        disputed="1.25 × 10⁶ × 4 B = 5 MB uncompressed (the paper's 4.8 MB); 0.5 MB is "
                 "SqueezeNet after Deep Compression (pruning + 6-bit quantization + coding).",
        hand_value=5 * MB),
    *(Example(
        f"optimizations-resnet50-int8-{name}", kind,
        f"ResNet-50 FP32 → INT8 on a V100: {title}",
        core("optimizations", "sec-model-optimizations-measuring-optimization-effectiveness-63fb"),
        printed, value, law="ratio", inputs=(("a", a), ("b", b)), result="ratio",
        # "inference latency on V100 of 4.2ms, model size of 98MB, and energy per inference of
        # 0.31J. Post-quantization metrics reveal ... inference latency of 1.3ms (3.2x
        # speedup), model size of 25MB (3.9x reduction), and energy per inference of 0.08J
        # (3.9x improvement)"
        note=f"{a} / {b}: the FP32 value over the INT8 one.")
      for name, kind, title, printed, value, a, b in (
          ("latency", "speedup", "latency", "3.2x speedup", 3.2, "4.2 ms", "1.3 ms"),
          ("size", "training", "model size", "3.9x reduction", 3.9, "98 MB", "25 MB"),
          ("energy", "energy", "energy per inference", "3.9x improvement", 3.9, "0.31 J",
           "0.08 J"))),

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
    Example(
        "training-gpt2-adam-fp32-states", "training", "GPT-2 1.5B with Adam in FP32: model states",
        vol1("training", "sec-ai-training-optimization-tradeoffs-b9bf"), "24 GB", 24 * GB,
        law="train-memory", inputs=(("params", "1.5e9"), ("precision", "fp32"),
                                    ("optimizer", "adam")), result="total",
        note="Weights, gradients, m and v: 4 × 4 B per parameter. The book calls the 24 GB "
             "'total optimizer state'; it is all four."),
    Example(
        "training-gpt2-fp32-weights", "training", "GPT-2 1.5B parameters in FP32",
        vol1("training", "sec-ai-training-optimization-tradeoffs-b9bf"), "6.0 GB", 6 * GB,
        law="train-memory", inputs=(("params", "1.5e9"), ("precision", "fp32"),
                                    ("optimizer", "adam")), result="weights_only"),
    Example(
        "training-gpt2-mixed-precision-states", "training",
        "GPT-2 with mixed precision: FP16 parameters, FP32 Adam state",
        vol1("training", "sec-ai-training-optimization-tradeoffs-b9bf"), "~15GB", 15 * GB,
        law="train-memory", inputs=(("params", "1.5e9"), ("precision", "fp16-pure"),
                                    ("optimizer", "adam")), result="total",
        disputed="FP16 weights and gradients (2 + 2 B) and FP32 m and v (8 B) are 12 B per "
                 "parameter, 18 GB — the chapter's own activation box lists 3 + 3 + 12 GB. "
                 "With an FP32 master copy (standard mixed precision) it is 16 B, 24 GB.",
        hand_value=18 * GB),
    Example(
        "training-gpt3-weights-fp32", "training", "GPT-3 175B weights in FP32",
        core("training", "sec-ai-training-training-systems-ml-development-lifecycle-6222"),
        "700GB", 700 * GB, law="train-memory",
        inputs=(("params", "175e9"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only"),
    Example(
        "efficient-ai-gpt3-weights-fp16", "training", "GPT-3 175B weights in half precision",
        vol1("efficient_ai", "sec-efficient-ai-efficiency-imperative-d65c"), "350GB", 350 * GB,
        law="train-memory",
        inputs=(("params", "175e9"), ("precision", "fp16"), ("optimizer", "sgd")),
        result="weights_only"),
    Example(
        "training-gpt3-fp32-as-350", "training",
        "GPT-3 parameters 'in FP32', as the data-parallelism section states them",
        core("training", "sec-ai-training-data-parallelism-limitations-569f"), "350 GB",
        350 * GB, law="train-memory",
        inputs=(("params", "175e9"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only",
        disputed="175 × 10⁹ × 4 B = 700 GB in FP32; 350 GB is the FP16 figure (as the same "
                 "chapter says elsewhere).", hand_value=700 * GB),
    Example(
        "training-1b-weights-fp32", "training", "A 1B-parameter transformer's weights in FP32",
        core("training", "sec-ai-training-mixedprecision-benefits-e21c"), "4 GB", 4 * GB,
        law="train-memory", inputs=(("params", "1e9"), ("precision", "fp32"),
                                    ("optimizer", "sgd")), result="weights_only"),
    Example(
        "training-1b-weights-fp16", "training", "A 1B-parameter transformer's weights in FP16",
        core("training", "sec-ai-training-mixedprecision-benefits-e21c"), "2 GB", 2 * GB,
        law="train-memory", inputs=(("params", "1e9"), ("precision", "fp16"),
                                    ("optimizer", "sgd")), result="weights_only"),
    Example(
        "training-sgd-100k-params", "training", "Gradient descent's memory for 100,000 parameters",
        core("training", "sec-ai-training-optimizer-memory-requirements-b776"), "0.4 MB",
        0.4 * MB, law="train-memory",
        inputs=(("params", "1e5"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only", note="The book counts the parameters alone (100,000 × 4 B)."),
    Example(
        "training-adam-100k-params", "training", "Adam's memory for 100,000 parameters",
        core("training", "sec-ai-training-optimizer-memory-requirements-b776"), "1.2 MB",
        1.2 * MB, law="train-memory",
        inputs=(("params", "1e5"), ("precision", "fp32"), ("optimizer", "adam")),
        result="without_gradients",
        note="The book's 3 × 100,000 × 4 B counts weights, m and v but no gradient; with the "
             "gradient a training step holds 16 B per parameter, 1.6 MB."),
    Example(
        "training-adam-100m-state", "training", "Adam's extra state for 100M FP32 parameters",
        vol1("training", "sec-ai-training-adam-optimization-2b6f"), "approximately 800 MB",
        800 * MB, law="train-memory",
        inputs=(("params", "1e8"), ("precision", "fp32"), ("optimizer", "adam")),
        result="optimizer_state", note="m and v in FP32: 10⁸ × 8 B = 800 MB."),
    Example(
        "training-gpt2-qkv-macs", "training", "GPT-2 QKV projections at batch 32 × 1024 tokens",
        vol1("training", "sec-ai-training-dense-matrixmatrix-multiplication-fb44"),
        "≈ 160 billion FLOPS", 160e9, law="qkv",
        inputs=(("tokens", "32768"), ("d_model", "1280"), ("heads", "20")), result="macs",
        note="The book's 3 × 32 × 1024 × 1280 × 1280 counts multiply-adds; ironlaw counts a "
             "multiply-add as 2 FLOPs (322 GFLOP) and prints the MACs beside them."),
    Example(
        "training-gpt2-attention-score-macs", "training",
        "GPT-2 attention scores QKᵀ at batch 32, 20 heads, 1024 tokens",
        vol1("training", "sec-ai-training-dense-matrixmatrix-multiplication-fb44"),
        "42.9 billion FLOPS", 42.9e9, law="dense",
        inputs=(("batch", "655360"), ("in_features", "64"), ("out_features", "1024"),
                ("precision", "fp16")), result="macs",
        note="QKᵀ is one matmul per head: 32 × 20 × 1024 query rows, inner dimension 64, 1024 "
             "keys — a dense layer with Kᵀ as its weights. Multiply-adds again; the `attention` "
             "law counts QKᵀ and PV (twice this) and the softmax."),
    Example(
        "introduction-70b-weights-fp16", "training", "A 70B transformer's weights in FP16",
        core("introduction", "sec-introduction-bitter-lesson-systems-engineering-matters-dede"),
        "140GB", 140 * GB, law="train-memory",
        inputs=(("params", "70e9"), ("precision", "fp16"), ("optimizer", "sgd")),
        result="weights_only"),
    Example(
        "introduction-70b-weight-load", "data movement",
        "Reading a 70B model's FP16 weights once at 3 TB/s",
        core("introduction", "sec-introduction-bitter-lesson-systems-engineering-matters-dede"),
        "47ms", 47 * MS, law="transfer-time",
        inputs=(("data", "140 GB"), ("bandwidth", "3 TB/s")), result="time",
        note="Every decode step reads all weights: this is the memory-bound floor per token."),
    Example(
        "introduction-alexnet-weights", "training", "AlexNet's 60M parameters in FP32",
        core("introduction", "sec-introduction-deep-learning-era-f6c0"), "240MB", 240 * MB,
        law="train-memory",
        inputs=(("params", "60e6"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only"),
    Example(
        "dl-primer-1m-weights", "training", "One million FP32 parameters",
        core("dl_primer", "sec-dl-primer-design-tradeoffs-depth-vs-width-vs-performance-61e1"),
        "roughly 4MB", 4 * MB, law="train-memory",
        inputs=(("params", "1e6"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only"),
    Example(
        "efficient-ai-photo-search-50m", "training", "A 50M-parameter vision-language model",
        vol1("efficient_ai", "sec-efficient-ai-efficiency-interdependencies-5d69"), "200MB",
        200 * MB, law="train-memory",
        inputs=(("params", "50e6"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only"),
    Example(
        "efficient-ai-photo-search-1b", "training", "The billion-parameter alternative",
        vol1("efficient_ai", "sec-efficient-ai-efficiency-interdependencies-5d69"), "4GB",
        4 * GB, law="train-memory",
        inputs=(("params", "1e9"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only"),
    Example(
        "acceleration-dram-vs-fp32-energy", "energy",
        "A DRAM access against an FP32 multiply (45 nm)",
        core("hw_acceleration", "sec-ai-acceleration-tensor-cores-771f"), "173×", 173.0,
        law="energy-ratio", inputs=(("a", "dram-32bit"), ("b", "fp32-mult")), result="ratio",
        note="640 pJ per 32-bit DRAM read over 3.7 pJ per FP32 multiply (Horowitz, ISSCC 2014)."),

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
        core("hw_acceleration",
             "sec-ai-acceleration-communication-overhead-amdahls-law-analysis-8eb4"),
        "22+ seconds", 22.0, law="transfer-time",
        inputs=(("data", "40 TB"), ("bandwidth", "1.8 TB/s")), result="time",
        note="10 T parameters × 4 B (FP32) = 40 TB; the book's '22+' is the 22.2 s this gives."),
    Example(
        "acceleration-amdahl-1000-gpus", "speedup",
        "Amdahl's law for 1000 GPUs with 5% serial communication",
        core("hw_acceleration",
             "sec-ai-acceleration-communication-overhead-amdahls-law-analysis-8eb4"),
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

    # ── energy at 45 nm (core DNN Architectures, AI Acceleration, Optimizations, Sustainable AI)
    Example(
        "dnn-architectures-mac-energy", "energy", "Energy of one FP32 multiply-accumulate (45 nm)",
        core("dnn_architectures", "sec-dnn-architectures-computational-mapping-fe7e"),
        "~4.6 picojoules per MAC", 4.6e-12, law="energy",
        inputs=(("flops", "2"), ("data", "0 B"), ("precision", "fp32")), result="compute",
        # "Energy cost: ~4.6 picojoules per MAC, plus 640pJ for data movement."
        note="A MAC is 2 FLOP: 3.7 pJ multiply + 0.9 pJ add (Horowitz, ISSCC 2014), which "
             "ironlaw's fp32 row keeps as 2.3 pJ/FLOP. The 640 pJ beside it is one 32-bit "
             "DRAM access (Han et al. 2015; `energy-ratio`'s dram-32bit); the catalog's "
             "`dram` level is Horowitz's 64-bit DRAM row instead, 1.3–2.6 nJ per 8 B, "
             "midpoint 244 pJ/B (975 pJ per 32 bits)."),
    Example(
        "acceleration-memory-wall-energy", "energy",
        "The memory wall's energy disparity: DRAM access vs computation",
        core("hw_acceleration",
             "sec-ai-acceleration-quantifying-computememory-performance-gap-1526"),
        "a 173× energy penalty", 173.0, law="energy-ratio",
        inputs=(("a", "dram-32bit"), ("b", "fp32-mult")), result="ratio",
        # "accessing DRAM consumes 640 pJ compared to 3.7 pJ for computation [@Horowitz2014],
        # creating a 173× energy penalty"
        note="640 pJ / 3.7 pJ = 173.0; the chapter repeats it in the tensor-core section "
             "(acceleration-dram-vs-fp32-energy)."),
    Example(
        "acceleration-dram-vs-sram-energy", "energy",
        "Off-chip DRAM against on-chip SRAM, per 32-bit access",
        core("hw_acceleration",
             "sec-ai-acceleration-memory-bandwidth-architectural-tradeoffs-435c"),
        "a 65-125× energy penalty", 125.0, law="energy-ratio",
        inputs=(("a", "dram-32bit"), ("b", "sram-32bit")), result="ratio", tolerance=3.5,
        # "on-chip memory access consumes 5-10 pJ per access, while external DRAM requires
        # 640 pJ per access—a 65-125× energy penalty."
        note="The range's upper end: 640 pJ / 5 pJ = 128, which the book rounds to 125 (its "
             "lower end, 640/10 = 64, to 65); the tolerance covers that rounding of the "
             "range's ends. ironlaw's sram-32bit is Han et al.'s 5 pJ."),
    *(Example(
        f"optimizations-{event}-energy", "energy", f"Energy of one {title} (45 nm)",
        core("optimizations", "sec-model-optimizations-energy-costs-d627"), printed, pj * 1e-12,
        law="energy-ratio", inputs=pair, result=side,
        # "performing a 32-bit floating-point addition (FAdd) consumes approximately 0.9 pJ,
        # whereas a 16-bit floating-point addition only requires 0.4 pJ. Similarly, a 32-bit
        # integer addition costs 0.1 pJ, while an 8-bit integer addition is significantly
        # lower at just 0.03 pJ."
        note="Horowitz's 45 nm table, the figure's source; ironlaw's event table holds the "
             "same value.")
      for event, title, printed, pj, pair, side in (
          ("fp32-add", "32-bit floating-point add", "approximately 0.9 pJ", 0.9,
           (("a", "fp32-add"), ("b", "fp16-add")), "e_a"),
          ("fp16-add", "16-bit floating-point add", "0.4 pJ", 0.4,
           (("a", "fp32-add"), ("b", "fp16-add")), "e_b"),
          ("int32-add", "32-bit integer add", "0.1 pJ", 0.1,
           (("a", "int32-add"), ("b", "int8-add")), "e_a"),
          ("int8-add", "8-bit integer add", "just 0.03 pJ", 0.03,
           (("a", "int32-add"), ("b", "int8-add")), "e_b"))),
    Example(
        "sustainable-ai-int8-vs-fp32-energy", "energy",
        "INT8 against FP32 arithmetic energy (45 nm)",
        core("sustainable_ai", "sec-sustainable-ai-energyefficient-algorithmic-design-e71c"),
        "approximately 16× less energy", 16.0, law="energy-ratio",
        inputs=(("a", "fp32-mult"), ("b", "int8-mult")), result="ratio",
        # "8-bit integer operations consume approximately 16× less energy than 32-bit
        # floating-point operations, while 4-bit operations achieve 64× energy reductions."
        disputed="Horowitz's 45 nm figures, the ones the book uses elsewhere, give 3.7 pJ / "
                 "0.2 pJ = 18.5× for a multiply and 4.6 / 0.23 = 20× for a multiply-add; 16× "
                 "is the (32/8)² rule of thumb for multiplier area, not a measured energy.",
        hand_value=3.7 / 0.2),

    # ── serving: the batching section's limits, Poisson spread and ratios (vol1 Serving) ──────
    # "Consider a 50ms p95 latency SLO for ResNet-50 serving: Scenario 1: Conservative window
    # (T = 5ms) - Average wait: 2.5ms - Latency budget for inference: 47.5ms - Maximum batch
    # size: 71 (but typically capped at 32 for memory)" / "Scenario 2: Aggressive window
    # (T = 25ms) - Average wait: 12.5ms - Latency budget for inference: 37.5ms - Maximum batch
    # size: 48"; S(b) = 5ms + 0.6b from the section's throughput analysis.
    Example(
        "serving-slo-batch-max-5ms-window", "serving",
        "Largest batch within a 50 ms SLO, 5 ms window, S(b) = 5 ms + 0.6 ms·b",
        serving("sec-serving-batching-tradeoffs"), "Maximum batch size: 71", 71.0,
        law="batch-slo", inputs=(("slo", "50 ms"), ("window", "5 ms"), ("fixed", "5 ms"),
                                 ("per_item", "0.6 ms")), result="batch",
        disputed="(47.5 ms − 5 ms)/0.6 ms = 70.83: the largest whole batch that meets the SLO "
                 "is 70 (2.5 + 5 + 0.6 × 70 = 49.5 ms); 71 takes 50.1 ms, over it. The book "
                 "rounds where eq-latency-constrained-batch takes the largest b that fits.",
        hand_value=70.0),
    Example(
        "serving-slo-batch-max-25ms-window", "serving",
        "Largest batch within a 50 ms SLO, 25 ms window, S(b) = 5 ms + 0.6 ms·b",
        serving("sec-serving-batching-tradeoffs"), "Maximum batch size: 48", 48.0,
        law="batch-slo", inputs=(("slo", "50 ms"), ("window", "25 ms"), ("fixed", "5 ms"),
                                 ("per_item", "0.6 ms")), result="batch",
        disputed="(37.5 ms − 5 ms)/0.6 ms = 54.17 → 54 (12.5 + 5 + 0.6 × 54 = 49.9 ms); at 48 "
                 "the mean latency is 46.3 ms, 3.7 ms under the SLO. No reading of the "
                 "section's S(b) gives 48.",
        hand_value=54.0),
    # tbl-batch-variability, 10 ms window: "| 50 QPS | 0.5 | 0.7 | 61% | 1% |",
    # "| 200 QPS | 2.0 | 1.4 | 14% | 9% |", "| 500 QPS | 5.0 | 2.2 | 0.7% | 12% |",
    # "| 1000 QPS | 10.0 | 3.2 | 0.005% | 13% |" (Std Dev, then P(batch≥2×mean) columns).
    *(Example(
        f"serving-poisson-std-{qps}", "serving",
        f"Batch size spread: standard deviation at {qps} QPS and a 10 ms window",
        serving("sec-serving-batching-tradeoffs"), printed, value, law="poisson",
        inputs=(("arrival_rate", f"{qps} /s"), ("window", "10 ms")), result="std",
        note=f"σ = √(λT) = √{qps * 0.01:g}: a Poisson count's variance is its mean.")
      for qps, printed, value in ((50, "0.7", 0.7), (200, "1.4", 1.4), (500, "2.2", 2.2),
                                  (1000, "3.2", 3.2))),
    *(Example(
        f"serving-poisson-twice-mean-{qps}", "serving",
        f"Windows holding twice the mean batch or more at {qps} QPS and 10 ms",
        serving("sec-serving-batching-tradeoffs"), printed, value, law="poisson",
        inputs=(("arrival_rate", f"{qps} /s"), ("window", "10 ms"), ("k", f"{k}")),
        result="tail",
        disputed=f"For N ~ Poisson({qps * 0.01:g}), P(N ≥ {k}) = {hand:.3g}, from the table's own "
                 "law (eq-batch-distribution, whose other columns agree). The column does not "
                 "rise with traffic: the tail beyond twice the mean shrinks as λT grows.",
        hand_value=hand)
      for qps, k, printed, value, hand in (
          (50, 1, "1%", 0.01, 0.3934693),  # 1 − e^−0.5
          (200, 4, "9%", 0.09, 0.1428765),  # 1 − e^−2 (1 + 2 + 2 + 4/3)
          (500, 10, "12%", 0.12, 0.0318281),  # 1 − Σ_{j≤9} 5^j e^−5/j!
          (1000, 20, "13%", 0.13, 0.0034540))),  # 1 − Σ_{j≤19} 10^j e^−10/j!
    Example(
        "serving-poisson-p99-batch", "serving",
        "p99 batch size at 500 QPS and a 10 ms window",
        serving("sec-serving-batching-tradeoffs"), "11 (from Poisson distribution)", 11.0,
        law="poisson",
        inputs=(("arrival_rate", "500 /s"), ("window", "10 ms"), ("q", "0.99")),
        result="quantile",
        # "For λ = 500 QPS and T = 10ms: - Mean batch size: 5 - p99 batch size: 11 (from
        # Poisson distribution)"
        note="Poisson(5): P(N ≤ 10) = 0.9863 < 0.99 ≤ P(N ≤ 11) = 0.9945."),
    Example(
        "serving-batching-throughput-gain", "serving",
        "Batch 32 against batch 1: the throughput gain on a V100",
        serving("sec-serving-batching-why"), "6.4× higher throughput", 6.4, law="ratio",
        inputs=(("a", "1280 img/s"), ("b", "200 img/s")), result="ratio",
        # "Key insight: Batch size 32 achieves 6.4× higher throughput than batch size 1."
        note="The ResNet-50 batching table's throughputs, 1,280 and 200 img/s."),
    Example(
        "serving-p99-over-mean", "serving", "p99 latency over the mean at 500 QPS, 10 ms window",
        serving("sec-serving-batching-tradeoffs"), "1.54× the mean", 1.54, law="ratio",
        inputs=(("a", "21.6 ms"), ("b", "14 ms")), result="ratio",
        # "The p99 latency is 1.54× the mean, reflecting both wait time variance and batch
        # size variance."
        note="The book's own two latencies, 21.6 ms and 14 ms; its mean, 5 ms + 9.0 ms, would "
             "be 5 ms + S(5) = 5 + 8 ms = 13 ms with S(b) = 5 ms + 0.6 ms·b (21.6/13 = 1.66×)."),
    Example(
        "serving-aggressive-window-gain", "serving",
        "The aggressive 25 ms window's throughput over the conservative 5 ms one",
        serving("sec-serving-batching-tradeoffs"), "only 12% higher throughput", 0.12,
        law="ratio", inputs=(("a", "1280 img/s"), ("b", "1140 img/s")), result="change",
        # "The aggressive window achieves only 12% higher throughput but increases average
        # latency by 10ms and p99 latency by 25ms."
        note="~1,280 img/s (batch 48) over ~1,140 img/s (batch 32): 1.123×."),
    Example(
        "serving-adaptive-window-latency", "serving",
        "Adaptive batching window: the average latency's reduction",
        serving("sec-serving-batching-tradeoffs"), "27% reduction", -0.27, law="ratio",
        inputs=(("a", "11 ms"), ("b", "15 ms")), result="change",
        # "Fixed window (10ms): Average latency 15ms, throughput 650 img/s - Adaptive window:
        # Average latency 11ms (27% reduction), throughput 680 img/s (5% improvement)"
        note="11/15 − 1 = −26.7%: a reduction is a negative change."),
    Example(
        "serving-adaptive-window-throughput", "serving",
        "Adaptive batching window: the throughput's improvement",
        serving("sec-serving-batching-tradeoffs"), "5% improvement", 0.05, law="ratio",
        inputs=(("a", "680 img/s"), ("b", "650 img/s")), result="change",
        note="680/650 − 1 = 4.6%."),
    *(Example(
        f"serving-pareto-{key}", "serving", title,
        serving("sec-serving-batching-tradeoffs"), printed, value, law="ratio",
        inputs=(("a", a), ("b", b)), result=result,
        # "Moving from 2ms to 50ms windows improves throughput by only 52% while increasing
        # p99 latency by 5.4×."
        note=note)
      for key, title, printed, value, a, b, result, note in (
          ("throughput", "Pareto frontier: throughput of a 50 ms window over a 2 ms one",
           "improves throughput by only 52%", 0.52, "1350 img/s", "890 img/s", "change",
           "tbl-pareto-batching: 1,350 / 890 img/s = 1.517×."),
          ("p99", "Pareto frontier: p99 latency of a 50 ms window over a 2 ms one",
           "by 5.4×", 5.4, "98 ms", "18 ms", "ratio",
           "tbl-pareto-batching: 98 / 18 ms = 5.44×."))),
    # "| PyTorch (eager) | 8.5ms | 1.0× |", "| TorchScript | 6.2ms | 1.4× |", "| ONNX Runtime
    # | 5.1ms | 1.7× |", "| TensorRT FP32 | 2.8ms | 3.0× |", "| TensorRT FP16 | 1.4ms | 6.1× |",
    # "| TensorRT INT8 | 0.9ms | 9.4× |" (ResNet-50 on a V100, batch 1)
    *(Example(
        f"serving-runtime-speedup-{key}", "speedup",
        f"{runtime} over PyTorch eager: ResNet-50 latency speedup on a V100",
        serving("sec-serving-specialized"), printed, value, law="ratio",
        inputs=(("a", "8.5 ms"), ("b", latency)), result="ratio",
        note=f"A speedup is the old time over the new: 8.5 ms / {latency}.")
      for key, runtime, latency, printed, value in (
          ("torchscript", "TorchScript", "6.2 ms", "1.4×", 1.4),
          ("onnx", "ONNX Runtime", "5.1 ms", "1.7×", 1.7),
          ("tensorrt-fp32", "TensorRT FP32", "2.8 ms", "3.0×", 3.0),
          ("tensorrt-fp16", "TensorRT FP16", "1.4 ms", "6.1×", 6.1),
          ("tensorrt-int8", "TensorRT INT8", "0.9 ms", "9.4×", 9.4))),
    *(Example(
        f"serving-precision-speedup-{key}", "speedup",
        f"{name} over FP32: ResNet-50 latency speedup on a V100",
        serving("sec-serving-precision"), printed, value, law="ratio",
        inputs=(("a", "2.8 ms"), ("b", latency)), result="ratio",
        # "INT8 achieves 3.1× speedup but loses 0.33% accuracy with post-training
        # quantization (PTQ)"; "FP16 provides 2× speedup with no accuracy loss"
        note=f"The precision table's latencies: 2.8 ms (FP32) / {latency} ({name}).")
      for key, name, latency, printed, value in (
          ("int8", "INT8", "0.9 ms", "3.1× speedup", 3.1),
          ("fp16", "FP16", "1.4 ms", "2× speedup", 2.0))),

    # ── energy from power and time (core On-Device Learning, Sustainable AI) ────────────────
    Example(
        "ondevice-microcontroller-energy-per-hour", "energy",
        "A 10 mW microcontroller training for an hour",
        core("ondevice_learning", "sec-ondevice-learning-resource-management-691a"),
        "exhausts 3.6 joules per hour", 3.6, law="power-energy",
        inputs=(("power", "10 mW"), ("time", "1 h")), result="energy",
        # "A typical microcontroller consuming 10 mW during training exhausts 3.6 joules per
        # hour, equivalent to a 1000 mAh battery in 2.8 hours."
        disputed="E = P·t = 0.01 W × 3600 s = 36 J, ten times the book's 3.6 J (which is 1 mW "
                 "for an hour, or 10 mW for 6 minutes). The battery comparison needs a voltage "
                 "the book does not give.",
        hand_value=36.0),
    Example(
        "ondevice-microcontroller-duty-cycle", "energy",
        "A 10 mW microcontroller training 10 seconds every hour",
        core("ondevice_learning", "sec-ondevice-learning-resource-management-691a"),
        "consuming ~1 joule total", 1.0, law="power-energy",
        inputs=(("power", "10 mW"), ("time", "10 s")), result="energy",
        # "Real deployments use duty cycling: train for 10 seconds every hour, consuming ~1
        # joule total."
        disputed="10 s at 10 mW is 0.01 W × 10 s = 0.1 J an hour; a day of it is 2.4 J. "
                 "Neither is ~1 J.",
        hand_value=0.1),
    Example(
        "sustainable-ai-gpt3-households", "energy",
        "GPT-3's training energy in US households' annual consumption",
        core("sustainable_ai", "sec-sustainable-ai-scale-environmental-impact-ac9a"),
        "122 average U.S. households", 122.0, law="ratio",
        inputs=(("a", "1287 MWh"), ("b", "10500 kWh")), result="ratio", tolerance=1.0,
        # "The average U.S. household consumes 10,500 kWh annually ... For context, GPT-3's
        # training consumed electricity equivalent to 122 average U.S. households' annual
        # consumption."
        note="1,287,000 kWh / 10,500 kWh = 122.57: the book truncates to whole households, so "
             "this allows one unit."),

    # ── single layers: FLOPs, MACs and bytes (core DNN Architectures, Training, Data Eng.) ──
    Example(
        "dnn-architectures-mnist-neuron-macs", "training",
        "One MNIST hidden neuron: multiply-accumulates per output",
        core("dnn_architectures", "sec-dnn-architectures-computational-mapping-fe7e"),
        "784 multiply-accumulate operations", 784.0, law="dense",
        inputs=(("batch", "1"), ("in_features", "784"), ("out_features", "1"),
                ("precision", "fp32")), result="macs",
        # "In the MNIST example, each output neuron requires 784 multiply-accumulate
        # operations and at least 1,568 memory accesses (784 for inputs, 784 for weights)."
        note="A 28×28 image flattened: one dot product of 784 inputs with 784 weights."),
    Example(
        "dnn-architectures-mnist-layer-macs", "training",
        "The MNIST 784→100 layer: multiply-accumulates per image",
        core("dnn_architectures", "sec-dnn-architectures-computation-needs-9cb4"),
        "78,400 multiply-accumulates", 78400.0, law="dense",
        inputs=(("batch", "1"), ("in_features", "784"), ("out_features", "100"),
                ("precision", "fp32")), result="macs",
        # "For MNIST, this requires 784 multiply-accumulates per output neuron. With 100
        # neurons in the hidden layer, 78,400 multiply-accumulates are performed for a single
        # input image."
        note="ironlaw prints the 156,800 FLOPs beside the MACs (a MAC is 2 FLOPs)."),
    Example(
        "dnn-architectures-conv-macs-per-position", "training",
        "A 3×3 convolution: multiply-accumulates per output position and input channel",
        core("dnn_architectures", "sec-dnn-architectures-computational-mapping-fea5"),
        "9 multiply-accumulate operations per input channel", 9.0, law="conv",
        inputs=(("batch", "1"), ("c_in", "1"), ("size", "3"), ("c_out", "1"),
                ("kernel", "3"), ("precision", "fp32")), result="macs",
        # "For our MNIST example with 3×3 filters and 32 output channels, each output position
        # requires only 9 multiply-accumulate operations per input channel, compared to the
        # 784 operations needed in our MLP layer."
        note="One output position of one channel: a 3×3 input window, one input channel, one "
             "filter (the conv law over a 3×3 image with no padding has exactly one output). "
             "The whole MNIST layer repeats it for 28 × 28 positions and 32 channels."),
    Example(
        "training-activation-transfer-size", "data movement",
        "Activations handed between model-parallel devices: [32, 2048, 2048] in FP32",
        core("training", "sec-ai-training-model-parallelism-limitations-3578"),
        "approximately 512 MB", 512 * MIB, law="dense",
        inputs=(("batch", "65536"), ("in_features", "2048"), ("out_features", "2048"),
                ("precision", "fp32")), result="outputs",
        # "For a typical transformer model with batch size 32, sequence length 2048, and
        # hidden dimension 2048, each transfer moves approximately 512 MB of data at float32
        # precision."
        note="The tensor a layer writes for the next device: 32 × 2048 tokens (the dense law's "
             "batch) × 2048 features × 4 B = 536,870,912 B = 537 MB, which is 512 MiB: the "
             "book's MB is binary (`ironlaw --binary examples run …` prints it its way)."),
    Example(
        "data-engineering-embedding-store", "training",
        "A feature store's user embeddings: 100 million × 512 in FP32",
        core("data_engineering",
             "sec-data-engineering-feature-stores-bridging-training-serving-fce5"),
        "approximately 200 gigabytes", 200 * GB, law="embedding",
        inputs=(("tokens", "1e8"), ("vocab", "1e8"), ("dim", "512"), ("precision", "fp32")),
        result="weights",
        # "storing 512-dimensional embedding vectors for 100 million users requires
        # approximately 200 gigabytes at single-precision (32-bit floats)"
        note="Looking up every user once reads the whole table, V·d·b = 10⁸ × 512 × 4 B = "
             "204.8 GB."),

    # ── workflow, AI for good, ops, on-device learning, data engineering, security, responsible
    # AI, frontiers, sustainable AI (core chapters) ───────────────────────────────────────────
    Example(
        "workflow-edge-preprocessing-bandwidth", "data movement",
        "Retinopathy screening: local preprocessing's cut in weekly transmission",
        core("workflow", "sec-ai-workflow-bridging-laboratory-realworld-data-6ebf"),
        "reduces bandwidth requirements by 95%", -0.95, law="ratio",
        inputs=(("a", "750 MB"), ("b", "15 GB")), result="change",
        # "Local preprocessing reduces bandwidth requirements by 95% (from 15 GB to 750 MB
        # weekly transmission)"
        note="750 MB / 15 GB = 0.05: a reduction is a negative change."),
    *(Example(
        f"ai-for-good-plantvillage-{key}", "training",
        f"PlantVillage ResNet-50: {title} compression of the 98 MB FP32 model",
        core("ai_for_good", "sec-ai-good-model-compression-extreme-resource-limits-134d"),
        printed, value, law="ratio", inputs=(("a", "98 MB"), ("b", size)), result="ratio",
        # "Original ResNet-50: ~98 MB (FP32) ... 8-bit quantization: 25 MB ... (4×
        # compression ...) - Structured pruning: 8 MB ... (12× compression ...) - Knowledge
        # distillation: 3.2 MB ... (31× compression, 4% accuracy loss)"
        note=note)
      for key, title, printed, value, size, note in (
          ("int8", "8-bit quantization's", "4× compression", 4.0, "25 MB",
           "98/25 = 3.92×."),
          ("pruned", "structured pruning's", "12× compression", 12.0, "8 MB",
           "98/8 = 12.25×."),
          ("distilled", "knowledge distillation's", "31× compression", 31.0, "3.2 MB",
           "98/3.2 = 30.6×; the section's opening 100 MB gives 31.25×."))),
    Example(
        "ai-for-good-solar-inferences-per-day", "energy",
        "Off-grid inference: a day of solar charge over the energy of one inference",
        core("ai_for_good", "sec-ai-good-model-compression-extreme-resource-limits-134d"),
        "20,000-200,000 inferences per day", 20000.0, law="ratio",
        inputs=(("a", "5 Wh"), ("b", "10 mJ")), result="ratio",
        # "with a 1 million parameter model requiring 1-10 millijoules per inference. Solar
        # charging in rural areas typically provides 5-20 watt-hours daily ... This energy
        # budget enables 20,000-200,000 inferences per day, assuming 10-20% power conversion
        # losses"
        disputed="The range's low end is the least energy over the most per inference: 5 Wh = "
                 "18,000 J, / 10 mJ = 1,800,000 inferences; the 10-20% conversion losses "
                 "leave 1.44-1.62 million. The book's 20,000-200,000 is about 100× too few.",
        hand_value=1.8e6),
    Example(
        "ai-for-good-energy-per-inference", "energy",
        "Off-grid inference: 1 million MACs at the stated energy per MAC",
        core("ai_for_good", "sec-ai-good-model-compression-extreme-resource-limits-134d"),
        "1-10 millijoules per inference", 1e-3, law="energy",
        inputs=(("flops", "1e6"), ("data", "0 B"), ("op_energy", "0.1 mJ")), result="total",
        # "Neural network inference consumes 0.1-1 millijoule per MAC (multiply-accumulate)
        # operation, with a 1 million parameter model requiring 1-10 millijoules per
        # inference."
        disputed="A 1 million parameter model does about 10⁶ MACs per inference (one per "
                 "weight); at 0.1 mJ per MAC that is 100 J, not 1 mJ. The book's 1-10 mJ per "
                 "inference needs 1-10 nJ per MAC; its 0.1-1 mJ per MAC is off by 10⁵.",
        hand_value=100.0),
    Example(
        "ops-latency-doubling", "serving",
        "A stakeholder trade-off: inference latency from 50 ms to 120 ms",
        core("ops", "sec-ml-operations-stakeholder-communication-e9a2"),
        "doubling inference latency", 2.0, law="ratio",
        inputs=(("a", "120 ms"), ("b", "50 ms")), result="ratio",
        # "improving accuracy from 85% to 87% might require collecting four times more
        # training data over three weeks while doubling inference latency from 50 ms to
        # 120 ms."
        disputed="120 ms / 50 ms = 2.4×, more than double.", hand_value=2.4),
    Example(
        "ondevice-smartphone-vs-arduino-ram", "data movement",
        "Arduino Nano 33 BLE Sense SRAM against a flagship smartphone's RAM",
        core("ondevice_learning", "sec-ondevice-learning-model-constraints-9232"),
        "roughly 65,000 times smaller", 65000.0, law="ratio",
        inputs=(("a", "16 GiB"), ("b", "256 KiB")), result="ratio", tolerance=1000.0,
        # "256 KB SRAM is roughly 65,000 times smaller than a modern smartphone's 16 GB RAM"
        note="2³⁴/2¹⁸ = 65,536: the book's KB and GB are binary here (decimal 16 GB/256 kB is "
             "62,500); 'roughly 65,000' rounds 65,536 down, so this allows a thousand."),
    Example(
        "ondevice-rgb-image-of-sram", "data movement",
        "One 224×224×3 RGB image in the Arduino's 256 KB SRAM",
        core("ondevice_learning", "sec-ondevice-learning-model-constraints-9232"),
        "would consume 60% of available memory", 0.60, law="ratio",
        inputs=(("a", "150 KB"), ("b", "256 KB")), result="ratio", tolerance=0.05,
        # "storing just one 224×224×3 RGB image (150 KB) would consume 60% of available
        # memory."
        note="150/256 = 58.6% (150,528 B of 262,144 B is 57.4%): the book rounds to one "
             "significant figure, so this allows five points."),
    Example(
        "ondevice-conv-3x3-512-params", "training",
        "A standard 3×3 convolution with 512 input and output channels: its weights",
        core("ondevice_learning", "sec-ondevice-learning-model-constraints-9232"),
        "2.4 M parameters", 2.4e6, law="conv",
        inputs=(("batch", "1"), ("c_in", "512"), ("size", "3"), ("c_out", "512"),
                ("kernel", "3"), ("padding", "1"), ("precision", "int8")), result="weights",
        # "For a 3×3 conv with 512 input/output channels, standard convolution requires
        # 2.4 M parameters while depthwise separable needs only 13.8 K, a 174× reduction."
        note="3 × 3 × 512 × 512 = 2,359,296 weights; at int8 the bytes count the weights."),
    Example(
        "ondevice-depthwise-separable-reduction", "training",
        "Depthwise separable against standard 3×3 convolution, 512 channels: the reduction",
        core("ondevice_learning", "sec-ondevice-learning-model-constraints-9232"),
        "a 174× reduction", 174.0, law="ratio",
        inputs=(("a", "2359296"), ("b", "266752")), result="ratio",
        # "standard convolution requires 2.4 M parameters while depthwise separable needs only
        # 13.8 K, a 174× reduction."
        disputed="Depthwise separable is a 3×3 filter per input channel (3·3·512 = 4,608) plus "
                 "a 1×1 pointwise conv (512·512 = 262,144): 266,752 parameters, not 13.8 K; "
                 "2,359,296/266,752 = 8.8×, not 174× (the book's 13.8 K forgets the pointwise "
                 "part's 512² and still is not 4,608).",
        hand_value=2359296 / 266752),
    Example(
        "ondevice-lora-full-layer-params", "training",
        "Full fine-tuning of a 768×768 transformer layer: parameters updated",
        core("ondevice_learning", "sec-ondevice-learning-lowrank-techniques-4570"),
        "589,824 parameters", 589824.0, law="dense",
        inputs=(("batch", "1"), ("in_features", "768"), ("out_features", "768"),
                ("precision", "fp32")), result="macs",
        # "For a typical transformer layer with dimensions 768 × 768, full fine-tuning requires
        # updating 589,824 parameters."
        note="One MAC per weight at batch 1: 768 × 768 (the dense law's weight bytes add the "
             "768 biases)."),
    Example(
        "ondevice-lora-rank4-params", "training",
        "LoRA at rank 4 on a 768×768 layer: parameters updated",
        core("ondevice_learning", "sec-ondevice-learning-lowrank-techniques-4570"),
        "6,144 parameters", 6144.0, law="dense",
        inputs=(("batch", "1"), ("in_features", "768"), ("out_features", "8"),
                ("precision", "fp32")), result="macs",
        # "With rank-4 decomposition, we update only 768 × 4 × 2 = 6,144 parameters, a 96%
        # reduction"
        note="A (768×4) and B (4×768) hold 2·768·4 weights: as many as a 768→8 layer."),
    Example(
        "ondevice-lora-rank4-reduction", "training",
        "LoRA at rank 4 on a 768×768 layer: the reduction in parameters updated",
        core("ondevice_learning", "sec-ondevice-learning-lowrank-techniques-4570"),
        "a 96% reduction", -0.96, law="ratio",
        inputs=(("a", "6144"), ("b", "589824")), result="change",
        # "With rank-4 decomposition, we update only 768 × 4 × 2 = 6,144 parameters, a 96%
        # reduction"
        disputed="6,144/589,824 = 1.04%: a 99% reduction (−98.96%), not 96%.",
        hand_value=6144 / 589824 - 1),
    Example(
        "ondevice-mfcc-window-samples", "data movement",
        "A 20 ms audio window at 16 kHz: its samples",
        core("ondevice_learning", "sec-ondevice-learning-data-compression-8b40"),
        "a 320-sample window (20 ms)", 320.0, law="littles-law",
        inputs=(("arrival_rate", "16000 /s"), ("time", "20 ms")), result="n",
        # "A typical MFCC extraction converts 16 kHz audio windows into 12-13 coefficients,
        # reducing a 320-sample window (20 ms) from 640 bytes to ~50 bytes"
        note="Samples arriving at 16,000 /s for 20 ms: N = λ·T."),
    Example(
        "ondevice-tops-spread", "speedup",
        "Federated device heterogeneity: flagship phone against microcontroller compute",
        core("ondevice_learning",
             "sec-ondevice-learning-managing-milliondevice-heterogeneity-86c1"),
        "1000× differences in processing power", 1000.0, law="ratio",
        inputs=(("a", "35 TOPS"), ("b", "0.03 TOPS")), result="ratio", tolerance=500.0,
        # "Computational variation spans 1000× differences in processing power between
        # flagship smartphones running at 35 TOPS and IoT microcontrollers operating at just
        # 0.03 TOPS"
        note="35/0.03 = 1,167×: the book gives the order of magnitude (one significant "
             "figure), so this allows 500."),
    Example(
        "ondevice-ram-spread", "data movement",
        "Federated device heterogeneity: 16 GB phone RAM against 256 KB microcontroller RAM",
        core("ondevice_learning",
             "sec-ondevice-learning-managing-milliondevice-heterogeneity-86c1"),
        "10,000× differences in available RAM", 10000.0, law="ratio",
        inputs=(("a", "16 GB"), ("b", "256 KB")), result="ratio",
        # "Memory constraints exhibit even more dramatic 100-10,000× differences in available
        # RAM across device categories, ranging from 256KB on microcontrollers to 16 GB on
        # premium smartphones"
        disputed="The range's own ends, 16 GB/256 kB, are 62,500× apart (65,536× in binary "
                 "units), beyond the 10,000× the book gives as its top.",
        hand_value=62500.0),
    Example(
        "data-engineering-kws-raw-storage", "data movement",
        "KWS dataset: 23 million one-second 16 kHz 16-bit clips, raw",
        core("data_engineering", "sec-data-engineering-scalability-patterns-515d"),
        "736 GB", 736 * GB, law="dense",
        inputs=(("batch", "23e6"), ("in_features", "1"), ("out_features", "16000"),
                ("precision", "fp16")), result="outputs",
        # "Storage = 23 × 10⁶ samples × 1 sec × 16,000 samples/sec × 2 bytes = 736 GB"
        note="A [23 × 10⁶ clips, 16,000 samples] tensor of 2-byte values: the dense law's "
             "output tensor B·n_out·b."),
    Example(
        "data-engineering-kws-mfcc-single-core", "speedup",
        "KWS feature extraction at 100× real time on one core",
        core("data_engineering", "sec-data-engineering-scalability-patterns-515d"),
        "approximately 64 hours on single core", 64 * 3600.0, law="pipeline",
        inputs=(("stages", "23e6 s"), ("stage", "1"), ("s", "100")), result="new",
        # "Processing time = 23 × 10⁶ sec of audio / 100 speedup = 230,000 sec ≈ 64 hours on
        # single core"
        note="230,000 s = 63.9 h."),
    Example(
        "data-engineering-kws-mfcc-64-cores", "speedup",
        "KWS feature extraction spread over 64 cores",
        core("data_engineering", "sec-data-engineering-scalability-patterns-515d"),
        "reduces this to one hour", 3600.0, law="pipeline",
        inputs=(("stages", "230000 s"), ("stage", "1"), ("s", "64")), result="new",
        tolerance=180.0,
        # "Distributing across 64 cores reduces this to one hour"
        note="230,000 s / 64 = 3,594 s; 'one hour' has no digits, so this allows 5%."),
    Example(
        "data-engineering-kws-network-transfer", "data movement",
        "KWS dataset: 736 GB over a 10 GB/s network",
        core("data_engineering", "sec-data-engineering-scalability-patterns-515d"),
        "requires 74 seconds", 74.0, law="transfer-time",
        inputs=(("data", "736 GB"), ("bandwidth", "10 GB/s")), result="time",
        # "at 10 GB/s network throughput, transferring 736 GB requires 74 seconds"
        note="73.6 s."),
    *(Example(
        f"data-engineering-terabyte-{key}", "data movement", title,
        core("data_engineering", "sec-data-engineering-scalability-patterns-515d"),
        printed, value, law="transfer-time", inputs=(("data", "1 TB"), ("bandwidth", bw)),
        result="time",
        # "Moving one terabyte of training data across the network takes 100+ seconds at
        # 10GB/s, while local SSD access requires only 200 seconds at 5GB/s."
        note="T = D/BW, no latency term.")
      for key, title, printed, value, bw in (
          ("network", "One terabyte over a 10 GB/s network", "100+ seconds", 100.0,
           "10 GB/s"),
          ("ssd", "One terabyte from a 5 GB/s local SSD", "200 seconds", 200.0, "5 GB/s"))),
    Example(
        "security-resnet50-weights-fp32", "training",
        "ResNet-50's FP32 weights",
        core("privacy_security", "sec-security-privacy-trusted-execution-environments-80ed"),
        "approximately 98MB", 98 * MIB, law="model-states",
        inputs=(("params", "25.6e6"), ("w", "4"), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total",
        # "a ResNet-50 requires approximately 98MB for weights alone in FP32 format (25.6M
        # parameters × 4 bytes), consuming 77% of SGX EPC before any intermediate
        # activations."
        note="25.6 × 10⁶ × 4 B = 102.4 MB = 97.7 MiB: the book's MB is binary here."),
    Example(
        "security-resnet50-sgx-epc-share", "training",
        "ResNet-50's FP32 weights in a 128 MB SGX enclave",
        core("privacy_security", "sec-security-privacy-trusted-execution-environments-80ed"),
        "consuming 77% of SGX EPC", 0.77, law="ratio",
        inputs=(("a", "98 MB"), ("b", "128 MB")), result="ratio",
        # "SGX enclaves are limited to approximately 128MB of protected memory (EPC) ... a
        # ResNet-50 requires approximately 98MB for weights alone ... consuming 77% of SGX
        # EPC"
        note="98/128 = 76.6%."),
    *(Example(
        f"responsible-ai-loan-{key}", "operations", title,
        core("responsible_ai", "sec-responsible-ai-equality-opportunity-1c3d"),
        printed, value, law="ratio", inputs=(("a", a), ("b", b)), result="ratio",
        # "Worked Example: Calculating Fairness Metrics" — 200 loan applicants, Group A and
        # Group B of 100 each
        note=note)
      for key, title, printed, value, a, b, note in (
          ("approval-a", "Loan approvals: Group A's approval rate (demographic parity)",
           "70/100 = 0.70", 0.70, "70", "100", "P(h(x) = 1 | S = A)."),
          ("approval-b", "Loan approvals: Group B's approval rate (demographic parity)",
           "40/100 = 0.40", 0.40, "40", "100", "P(h(x) = 1 | S = B)."),
          ("tpr-a", "Loan approvals: Group A's true positive rate",
           "40/45 ≈ 0.89", 0.89, "40", "45", "40 repaid of 40 + 5 who would repay."),
          ("tpr-b", "Loan approvals: Group B's true positive rate",
           "30/50 = 0.60", 0.60, "30", "50", "30 repaid of 30 + 20 who would repay."),
          ("fpr-a", "Loan approvals: Group A's false positive rate",
           "30/55 ≈ 0.55", 0.55, "30", "55", "30 approved of 30 + 25 who default: 0.545."),
          ("fpr-b", "Loan approvals: Group B's false positive rate",
           "10/50 = 0.20", 0.20, "10", "50", "10 approved of 10 + 40 who default."))),
    Example(
        "frontiers-brain-vs-h100-efficiency", "energy",
        "Operations per watt: the brain against an H100",
        core("frontiers", "sec-agi-systems-energy-efficiency-computational-scale-c007"),
        "~360x advantage for biological computation", 360.0, law="ratio",
        inputs=(("a", "5e13"), ("b", "2.8e12")), result="ratio",
        # "Brain: ~10¹⁵ ops/sec ÷ 20 W = 5 × 10¹³ ops/watt. H100 GPU: 1.98 × 10¹⁵ ops/sec ÷
        # 700 W = 2.8 × 10¹² ops/watt. Efficiency ratio: ~360x advantage for biological
        # computation."
        disputed="The book's own two efficiencies, 5 × 10¹³ and 2.8 × 10¹² ops/W, are 17.9× "
                 "apart, not 360×.",
        hand_value=5e13 / 2.8e12),
    Example(
        "frontiers-reliability-failure-rate", "operations",
        "From 99.9% to 99.99% reliability: the failure rate's reduction",
        core("frontiers", "sec-agi-systems-technical-challenges-reliability-performance-21ad"),
        "a 10× reduction in failure rate", 10.0, law="ratio",
        inputs=(("a", "0.001"), ("b", "0.0001")), result="ratio",
        # "Moving from 99.9% to 99.99% reliability, a 10× reduction in failure rate, proves
        # disproportionately expensive"
        note="Failure rates 1 − 0.999 and 1 − 0.9999."),
    Example(
        "sustainable-ai-gpt3-130-homes", "energy",
        "GPT-3's training energy in U.S. homes' annual consumption (the 130 figure)",
        core("sustainable_ai",
             "sec-sustainable-ai-exponential-growth-vs-physical-constraints-0f4e"),
        "130 average American homes", 130.0, law="ratio",
        inputs=(("a", "1287 MWh"), ("b", "10500 kWh")), result="ratio",
        # "Training GPT-3 consumed approximately 1,287 MWh of electricity, equivalent to the
        # annual energy consumption of 130 average American homes" (the chapter's own
        # household figure: "The average U.S. household consumes 10,500 kWh annually")
        disputed="1,287,000 kWh / 10,500 kWh = 122.6 homes, the chapter's other figure "
                 "(sustainable-ai-gpt3-households), not 130.",
        hand_value=1287000 / 10500),
    Example(
        "sustainable-ai-words-vs-tokens", "training",
        "Data efficiency: language model training tokens against a child's words",
        core("sustainable_ai",
             "sec-sustainable-ai-biological-intelligence-sustainability-model-d880"),
        "a 10,000× difference in data efficiency", 10000.0, law="ratio",
        inputs=(("a", "1e12"), ("b", "1e8")), result="ratio",
        # "Children acquire language capabilities with exposure to roughly 10^8 words by age
        # 18, while large language models require training on 10^12+ tokens, a 10,000×
        # difference in data efficiency."
        note="10¹²/10⁸."),
    Example(
        "sustainable-ai-quebec-vs-west-virginia", "energy",
        "Carbon intensity: coal-powered West Virginia against hydro-powered Quebec",
        core("sustainable_ai", "sec-sustainable-ai-threephase-lifecycle-assessment-framework-883a"),
        "a 75× difference in carbon intensity", 75.0, law="ratio",
        inputs=(("a", "0.75"), ("b", "0.01")), result="ratio",
        # "training in Quebec (hydro-powered, 0.01 kg CO₂/kWh) versus West Virginia
        # (coal-powered, 0.75 kg CO₂/kWh) creates a 75× difference in carbon intensity"
        note="kg CO₂ per kWh on both sides."),
    Example(
        "sustainable-ai-quebec-vs-west-virginia-10x", "energy",
        "Carbon intensity, Quebec against West Virginia (the data center section's figure)",
        core("sustainable_ai", "sec-sustainable-ai-data-center-energy-ai-workloads-b1a8"),
        "differs by 10× in carbon emissions per kilowatt-hour", 10.0, law="ratio",
        inputs=(("a", "0.75"), ("b", "0.01")), result="ratio",
        # "training the same model in Quebec (hydro-powered) versus West Virginia
        # (coal-powered) differs by 10× in carbon emissions per kilowatt-hour."
        disputed="The chapter's own intensities, 0.75 and 0.01 kg CO₂/kWh (its lifecycle "
                 "section), are 75× apart, as that section and the Scope 2 paragraph say.",
        hand_value=75.0),
    Example(
        "sustainable-ai-pj-per-flop-range", "energy",
        "Energy per FLOP: CPUs against specialized AI accelerators",
        core("sustainable_ai", "sec-sustainable-ai-energyefficient-algorithmic-design-e71c"),
        "a 1000× efficiency range", 1000.0, law="ratio",
        inputs=(("a", "100 pJ"), ("b", "0.1 pJ")), result="ratio",
        # "CPUs consume ~100 pJ/FLOP, GPUs achieve ~10 pJ/FLOP, TPUs reach ~1 pJ/FLOP, while
        # specialized AI accelerators approach 0.1 pJ/FLOP—a 1000× efficiency range"
        note="100 pJ / 0.1 pJ per FLOP."),
    Example(
        "sustainable-ai-texas-daily-swing", "energy",
        "Texas grid carbon intensity: its daily swing",
        core("sustainable_ai", "sec-sustainable-ai-carbonaware-scheduling-c2db"),
        "fluctuates 10x daily", 10.0, law="ratio",
        inputs=(("a", "1500"), ("b", "150")), result="ratio",
        # "In Texas, intensity fluctuates 10x daily (150-1,500g/kWh) based on wind
        # generation."
        note="1,500 / 150 g CO₂ per kWh."),

    # ── doubling times, compute per watt, battery life, parameter counts, N × a price ───────
    Example(
        "efficient-ai-compute-doubling-3-4-months", "training",
        "AI training compute: 300,000× from 2012 to 2019, its doubling time",
        core("efficient_ai", "sec-efficient-ai-cpus-ai-accelerators-a8d7"),
        "doubling approximately every 3.4 months", 3.4 * MONTH, law="doubling-time",
        inputs=(("factor", "300000"), ("period", "7 years")), result="doubling",
        # "OpenAI's analysis reveals that compute used in AI training increased approximately
        # 300,000 times from 2012 to 2019, doubling approximately every 3.4 months during this
        # period"
        disputed="300,000× is log₂ 300,000 = 18.19 doublings; over the 7 years (84 months) "
                 "the sentence names that is one every 84/18.19 = 4.62 months. OpenAI's 3.4 "
                 "months spans AlexNet (2012) to AlphaGo Zero (late 2017), about 62 months.",
        hand_value=84 / 18.19 * MONTH),
    Example(
        "sustainable-ai-compute-doubling-3-4-months", "training",
        "AI compute: 350,000× from 2012 to 2019, its doubling time",
        core("sustainable_ai",
             "sec-sustainable-ai-exponential-growth-vs-physical-constraints-0f4e"),
        "a doubling time of approximately 3.4 months", 3.4 * MONTH, law="doubling-time",
        inputs=(("factor", "350000"), ("period", "7 years")), result="doubling",
        # "compute requirements increasing 350,000× from 2012 to 2019"; its footnote: "This
        # 350,000× increase represents a doubling time of approximately 3.4 months"
        disputed="log₂ 350,000 = 18.42 doublings in 84 months: one every 4.56 months, not "
                 "3.4 (which would need 18.42 × 3.4 = 63 months, about 5¼ years).",
        hand_value=84 / 18.42 * MONTH),
    Example(
        "introduction-moores-law-1000x", "training",
        "Moore's law: transistor density over 2000–2020 at a doubling every two years",
        core("introduction", "sec-introduction-statistical-learning-era-8116"),
        "approximately 1,000x more transistor density from 2000-2020", 1000.0,
        law="growth-factor", inputs=(("doubling", "2 years"), ("period", "20 years")),
        result="factor",
        # "the number of transistors on a microchip doubles approximately every two years ...
        # Moore's Law enabled ML by providing approximately 1,000x more transistor density
        # from 2000-2020"
        note="10 doublings: 2¹⁰ = 1024, the book's ~1,000×."),
    Example(
        "frameworks-tpu-v4-tflops-per-watt", "energy",
        "TPU v4: BF16 TFLOPS per watt",
        core("frameworks",
             "sec-ai-frameworks-hardwaredriven-framework-architecture-evolution-2605"),
        "1.375 TFLOPS/W", 1.375e12, law="compute-per-watt",
        inputs=(("rate", "275 TFLOP/s"), ("power", "200 W")), result="efficiency",
        # "TPU v4 chips achieve 275 TFLOPS of BF16 compute with 1.2 TB/s memory bandwidth
        # while consuming 200W power, delivering 1.375 TFLOPS/W power efficiency."
        note="275 × 10¹² FLOP/s over 200 J/s: 1.375 × 10¹² FLOP per joule, 0.73 pJ/FLOP."),
    Example(
        "frameworks-a17-neural-engine-tops-per-watt", "energy",
        "Apple A17 Pro Neural Engine: INT8 TOPS per watt",
        core("frameworks",
             "sec-ai-frameworks-hardwaredriven-framework-architecture-evolution-2605"),
        "7.2 TOPS/W", 7.2e12, law="compute-per-watt",
        inputs=(("rate", "35 TOPS"), ("power", "5 W")), result="efficiency",
        # "Apple's Neural Engine in the A17 Pro chip provides 35 TOPS (trillion operations
        # per second) of INT8 performance while consuming approximately 5W, achieving 7.2
        # TOPS/W efficiency."
        disputed="35 TOPS / 5 W = 7.0 TOPS/W. 7.2 needs 4.86 W, which 'approximately 5W' "
                 "allows, but it is not what the printed figures give.",
        hand_value=7.0e12),
    Example(
        "ml-systems-phone-battery-1w-ml", "energy",
        "A phone battery with 1 W of continuous ML on top of a 24-hour baseline",
        core("ml_systems", "sec-ml-systems-battery-thermal-constraints-52eb"),
        "reduces device lifetime from 24 to 18 hours", 18 * HOUR, law="battery-life",
        inputs=(("capacity", "18 Wh"), ("power", "1.75 W")), result="runtime",
        # "Battery constraints (18-22Wh capacity) make energy optimization critical: 1W
        # continuous ML processing reduces device lifetime from 24 to 18 hours."
        disputed="A battery of 18 Wh that lasts 24 hours drains 18/24 = 0.75 W; with 1 W of "
                 "ML on top it lasts 18 Wh / 1.75 W = 10.3 h (22 Wh: 22/(0.917 + 1) = 11.5 h). "
                 "18 hours is the 18 Wh battery feeding the 1 W of ML alone.",
        hand_value=18 / 1.75 * HOUR),
    Example(
        "ondevice-microcontroller-battery-hours", "energy",
        "A 1000 mAh battery feeding a 10 mW microcontroller",
        core("ondevice_learning", "sec-ondevice-learning-resource-management-691a"),
        "a 1000 mAh battery in 2.8 hours", 2.8 * HOUR, law="battery-life",
        inputs=(("capacity", "3.7 Wh"), ("power", "10 mW")), result="runtime",
        # "A typical microcontroller consuming 10 mW during training exhausts 3.6 joules per
        # hour, equivalent to a 1000 mAh battery in 2.8 hours."
        disputed="1000 mAh at a lithium cell's nominal 3.7 V (the book gives no voltage) is "
                 "3.7 Wh = 13,320 J; at 10 mW that lasts 370 h. Even at 1 V (1 Wh) it would "
                 "last 100 h, not 2.8 h.",
        hand_value=3.7 / 0.01 * HOUR),
    Example(
        "dl-primer-mnist-parameter-count", "training",
        "MNIST 784→100→100→10: parameters from the layer widths",
        core("dl_primer", "sec-dl-primer-model-size-computational-complexity-093f"),
        "totaling 89,610 parameters", 89610.0, law="dense-params",
        inputs=(("widths", "784, 100, 100, 10"),), result="params",
        # "The first layer requires 78,400 weights and 100 biases, the second layer 10,000
        # weights and 100 biases, and the output layer 1,000 weights and 10 biases, totaling
        # 89,610 parameters."
        note="89,400 weights + 210 biases."),
    Example(
        "dl-primer-wide-mnist-parameter-count", "training",
        "A 784→1000→1000→10 MNIST network: its parameters",
        core("dl_primer", "sec-dl-primer-architecture-design-b3dc"), "~1.8M parameters",
        1.8e6, law="dense-params", inputs=(("widths", "784, 1000, 1000, 10"),),
        result="params",
        # "A 784→1000→1000→10 MNIST network has ~1.8M parameters requiring ~7MB memory"
        note="785,000 + 1,001,000 + 10,010 = 1,796,010."),
    Example(
        "dl-primer-narrow-mnist-parameter-count", "training",
        "A 784→100→100→10 MNIST network: its parameters",
        core("dl_primer", "sec-dl-primer-architecture-design-b3dc"), "~90K parameters", 90e3,
        law="dense-params", inputs=(("widths", "784, 100, 100, 10"),), result="params",
        # "while a 784→100→100→10 network needs only ~90K parameters and ~350KB memory."
        note="89,610 parameters, 89.6K."),
    Example(
        "dl-primer-narrow-mnist-memory", "training",
        "A 784→100→100→10 MNIST network: its parameters' memory in FP32",
        core("dl_primer", "sec-dl-primer-architecture-design-b3dc"), "~350KB memory",
        350 * 1024.0, law="dense-params",
        inputs=(("widths", "784, 100, 100, 10"), ("precision", "fp32")), result="memory",
        # "while a 784→100→100→10 network needs only ~90K parameters and ~350KB memory."
        note="89,610 × 4 B = 358,440 B = 350.0 KiB: this KB is binary (the chapter's other "
             "figure for the same network, ≈ 358.44 KB, is decimal). `ironlaw examples run "
             "… --binary` prints it the book's way."),
    *(Example(
        f"dnn-architectures-rnn-{name}-weights", "training",
        f"An RNN with input 100 and hidden state 128: its {what} weights",
        core("dnn_architectures", "sec-dnn-architectures-memory-requirements-eb37"),
        printed, value, law="dense-params",
        inputs=(("widths", widths), ("bias", "no")), result="weights",
        # "For the example with input dimension 100 and hidden state dimension 128, this
        # requires storing 12,800 weights for input projection (100×128) and 16,384 weights
        # for recurrent connections (128×128)."
        note=f"One weight matrix, {widths.replace(', ', ' × ')}, without its biases.")
      for name, what, widths, printed, value in (
          ("input", "input projection", "100, 128", "12,800 weights", 12800.0),
          ("recurrent", "recurrent (hidden-to-hidden)", "128, 128", "16,384 weights",
           16384.0))),
    Example(
        "data-engineering-label-price-difference", "operations",
        "10 million labels at $0.02 against $0.05 each",
        core("data_engineering", "sec-data-engineering-building-reliable-labeling-platforms-153a"),
        "represents $300,000 in project costs", 300e3, law="total-cost",
        inputs=(("items", "10e6"), ("price", "$0.02"), ("other", "$0.05")),
        result="difference",
        # "When a computer vision system requires 10 million labeled images, the difference
        # between $0.02 and $0.05 per label represents $300,000 in project costs"
        note="$200,000 against $500,000."),
    *(Example(
        f"ml-systems-{name}", "operations", title,
        core("ml_systems", section), printed, value, law="total-cost",
        inputs=(("items", items), ("price", low), ("other", high)), result=result,
        note=note)
      for name, title, section, printed, value, items, low, high, result, note in (
          # "Initial deployment costs of $500-2,000 per edge server create substantial capital
          # requirements. Deploying 1,000 locations requires $500,000-2,000,000 upfront
          # investment"
          ("edge-servers-1000-low", "1,000 edge servers at $500 each",
           "sec-ml-systems-edge-ml-benefits-deployment-challenges-6e28",
           "$500,000-2,000,000 upfront investment", 500e3, "1000", "$500", "$2000", "cost",
           "The low end: 1,000 × $500."),
          ("edge-servers-1000-high", "1,000 edge servers at $2,000 each",
           "sec-ml-systems-edge-ml-benefits-deployment-challenges-6e28",
           "$500,000-2,000,000 upfront investment", 2e6, "1000", "$500", "$2000",
           "other_cost", "The high end: 1,000 × $2,000."),
          # "These sensors cost $15-50 compared to traditional wired sensors at $500-2,000 per
          # point, reducing deployment costs from $5-20 million to $150,000-500,000 for 10,000
          # monitoring points."
          ("wired-sensors-10000-low", "10,000 wired sensors at $500 a point",
           "sec-ml-systems-environmental-health-monitoring-c9b0",
           "$5-20 million", 5e6, "10000", "$500", "$2000", "cost",
           "The low end: 10,000 × $500."),
          ("wired-sensors-10000-high", "10,000 wired sensors at $2,000 a point",
           "sec-ml-systems-environmental-health-monitoring-c9b0",
           "$5-20 million", 20e6, "10000", "$500", "$2000", "other_cost",
           "The high end: 10,000 × $2,000."),
          ("tinyml-sensors-10000-low", "10,000 TinyML sensors at $15 each",
           "sec-ml-systems-environmental-health-monitoring-c9b0",
           "$150,000-500,000", 150e3, "10000", "$15", "$50", "cost",
           "The low end: 10,000 × $15."),
          ("tinyml-sensors-10000-high", "10,000 TinyML sensors at $50 each",
           "sec-ml-systems-environmental-health-monitoring-c9b0",
           "$150,000-500,000", 500e3, "10000", "$15", "$50", "other_cost",
           "The high end: 10,000 × $50."))),
    Example(
        "ml-systems-esp32-cam-1000-sensors", "operations",
        "1,000 ESP32-CAM sensors at $8–12 each",
        core("ml_systems", "sec-ml-systems-tinyml-advantages-operational-tradeoffs-db08"),
        "1000-sensor deployments for $10,000", 10e3, law="total-cost",
        inputs=(("items", "1000"), ("price", "$10")), result="cost",
        # "complete ESP32-CAM systems cost $8-12, enabling 1000-sensor deployments for
        # $10,000 versus $500,000-1,000,000 for cellular alternatives."
        note="$10 is the middle of the book's $8–12 per system; the range gives "
             "$8,000–12,000."),
)


EXAMPLES += (vol1_compute.EXAMPLES + vol1_systems.EXAMPLES + vol1_training.EXAMPLES
             + vol1_ops.EXAMPLES + vol1_compression.EXAMPLES + vol1_more.EXAMPLES
             + vol1_opslaws.EXAMPLES + vol1_frameworks.EXAMPLES + vol2_training.EXAMPLES
             + vol2_inference.EXAMPLES + vol2_infrastructure.EXAMPLES + vol2_fleet.EXAMPLES
             + vol2_edge.EXAMPLES + vol2_intro.EXAMPLES + vol2_perf.EXAMPLES
             + vol2_opsscale.EXAMPLES + vol2_robust.EXAMPLES + vol2_responsible.EXAMPLES
             + vol2_appendix.EXAMPLES + vol1_appendix.EXAMPLES)

BY_NAME = {example.name: example for example in EXAMPLES}
if len(BY_NAME) != len(EXAMPLES):
    raise ValueError("two examples share a name")
