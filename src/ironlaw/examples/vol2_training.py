"""The book's worked examples from the 2026 edition's second volume (vol2): the Distributed
Training and Collective Communication chapters, as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. Each chapter file was read at the commit
``COMMITS`` names; the quoted sentence sits beside each example. Where the book prints a value
from an inline ``{python}`` cell, the value was worked out by hand from the cell's code (not its
comment, which in three cells disagrees with the code), with the arithmetic beside it.

Ring collectives go through the law ``collective`` (NCCL's ring per protocol); the book's α–β
sums leave out NCCL's call and per-step latencies (8.4 µs + 9.6 µs a step on the network, the
link ``roce``, which stands for NCCL's NET entry, InfiniBand and RoCE alike), so a few examples
allow the milliseconds those latencies add, saying so.
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, chapter_file, sections
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio

# the version of each chapter file that was read (harvard-edge/cs249r_book)
COMMITS = {
    "distributed_training": "000dd0a1287e852ef2dc2544f4e7497fb4e323b9",
    "collective_communication": "08e2f0f37ada9709d442599f463db7072359f87a",
}
KIB, MIB = 1024.0, 2.0**20
KB, MB, GB, TB = 1e3, 1e6, 1e9, 1e12
US, MS, HOUR = 1e-6, 1e-3, 3600.0


dist = sections(chapter_file("vol2", "distributed_training"), COMMITS["distributed_training"],
                "sec-distributed-training-")
coll = sections(chapter_file("vol2", "collective_communication"),
                COMMITS["collective_communication"], "sec-communication-")


def _ring(size: str, devices: str, bandwidth: str, link: str = "roce",
          collective: str = "all-reduce") -> tuple[tuple[str, str], ...]:
    return (("collective", collective), ("size", size), ("devices", devices),
            ("bandwidth", bandwidth), ("link", link))


def _fp(params: str, precision: str) -> tuple[tuple[str, str], ...]:
    return (("params", params), ("precision", precision), ("optimizer", "sgd"))


EFFICIENCY = dist("efficiency-metrics")
DP = dist("data-parallelism")
GPT2 = dist("data-parallelism-advantages")
DP_LIMITS = dist("data-parallelism-limitations")
ZERO = dist("zero-fsdp")
TENSOR = dist("tensor-parallelism")
MP_PLUS = dist("model-parallelism-advantages")
MP_LIMITS = dist("model-parallelism-limitations")
HYBRID_PLUS = dist("hybrid-parallelism-advantages")

DISTRIBUTED: tuple[Example, ...] = (
    # "BERT-Base (110M parameters) requires approximately 440 MB of gradient synchronization per
    # iteration in FP32, while BERT-Large (340M parameters) requires approximately 1.4 GB."
    Example("v2dist-bert-base-gradients-fp32", "training", "BERT-Base's FP32 gradients",
            EFFICIENCY, "approximately 440 MB", 440 * MB, law="train-memory",
            inputs=_fp("110e6", "fp32"), result="weights_only",
            note="110 × 10⁶ × 4 B: one FP32 copy of the weights' size."),
    Example("v2dist-bert-large-gradients-fp32", "training", "BERT-Large's FP32 gradients",
            EFFICIENCY, "approximately 1.4 GB", 1.4 * GB, law="train-memory",
            inputs=_fp("340e6", "fp32"), result="weights_only",
            note="340 × 10⁶ × 4 B = 1.36 GB."),
    # "When training an image classification model on 1 million images using 4 GPUs, each GPU
    # processes 250,000 images"
    _arithmetic("v2dist-1m-images-over-4-gpus", "training", "1 million images split over 4 GPUs",
                DP, "250,000 images", 250_000.0, "1000000 / 4"),
    # "With a dataset of 100,000 training examples and 4 GPUs, each GPU receives 25,000 examples"
    _arithmetic("v2dist-100k-examples-over-4-gpus", "training",
                "100,000 examples split over 4 GPUs", dist("dataset-splitting"),
                "25,000 examples", 25_000.0, "100000 / 4"),
    # "For a 1.2 million example dataset like ImageNet distributed across 32 GPUs, each GPU
    # processes exactly 37,500 examples per epoch"
    _arithmetic("v2dist-imagenet-over-32-gpus", "training",
                "ImageNet's 1.2 M examples over 32 GPUs",
                dist("dataset-splitting"), "exactly 37,500 examples", 37_500.0, "1200000 / 32"),
    # "With 8 GPUs sharing gradients for a 100 MB model, ring all-reduce requires only 7
    # communication steps instead of the 56 steps needed for naive all-to-all synchronization."
    _arithmetic("v2dist-ring-steps-8-gpus", "training", "Ring all-reduce over 8 GPUs: its steps",
                dist("gradient-synchronization"), "only 7 communication steps", 7.0,
                "2 × (8 − 1)",
                disputed="A ring all-reduce is a reduce-scatter (N − 1 steps) then an all-gather "
                         "(N − 1 more): 2 × 7 = 14 steps, as the Collective Communication "
                         "chapter's 2(N − 1) counts; 7 is one phase.", hand_value=14.0),
    _arithmetic("v2dist-naive-all-to-all-steps", "training",
                "Naive all-to-all over 8 GPUs: every GPU to each of the 7 others",
                dist("gradient-synchronization"), "the 56 steps", 56.0, "8 × (8 − 1)"),
    # "At 1000 GPUs with 1% probability of straggler per GPU per step, approximately 10 GPUs
    # straggle every iteration."
    _arithmetic("v2dist-stragglers-1000-gpus", "training",
                "Expected stragglers among 1000 GPUs at 1% each", dist("barrier-failures"),
                "approximately 10 GPUs", 10.0, "1000 × 0.01"),
    # "Training that takes 100 hours on a single GPU might complete in roughly 13 hours on 8 GPUs"
    Example("v2dist-100h-on-8-gpus", "speedup", "100 GPU-hours of training spread over 8 GPUs",
            GPT2, "roughly 13 hours", 13 * HOUR, law="resource-time",
            inputs=(("count", "1"), ("each", "100 h"), ("workers", "8")), result="elapsed",
            tolerance=0.5 * HOUR,
            note="100 h / 8 = 12.5 h, which 'roughly 13' rounds up (this example allows 0.5 h)."),
    # Worked Example "GPT-2 Data Parallel Scaling (1→8→32 GPUs)": "Batch size: 16 ... Time per
    # step: 1.8 seconds - Training throughput: ~9 samples/second - Time to 50K steps: 25 hours"
    _arithmetic("v2dist-gpt2-1gpu-throughput", "training",
                "GPT-2 on one GPU: 16 samples every 1.8 s", GPT2, "~9 samples/second", 9.0,
                "16 / [1.8 s]", note="16/1.8 = 8.9 samples/s."),
    Example("v2dist-gpt2-1gpu-50k-steps", "training", "GPT-2 on one GPU: 50K steps of 1.8 s",
            GPT2, "25 hours", 25 * HOUR, law="resource-time",
            inputs=(("count", "50000"), ("each", "1.8 s")), result="total",
            note="50,000 × 1.8 s = 90,000 s = 25 h."),
    # "Gradient synchronization: 3GB @ 600 GB/s (NVLink) = 5ms"
    Example("v2dist-gpt2-nvlink-sync", "data movement", "GPT-2: 3 GB of gradients over NVLink",
            GPT2, "5ms", 5 * MS, law="transfer-time",
            inputs=(("data", "3 GB"), ("bandwidth", "600 GB/s")), result="time",
            note="The book's shortcut M/β (a ring all-reduce over 8 GPUs would move 2·7/8 of "
                 "it: `calc collective`)."),
    # "Computation: 180ms per step - Communication: 5ms per step - Total: 185ms per step -
    # Speedup: 1.8s ÷ 0.185s = 9.7× (not quite 8×) - Parallel efficiency: 9.7 ÷ 8 = 121%"
    _arithmetic("v2dist-gpt2-8gpu-step", "training", "GPT-2 on 8 GPUs: compute plus sync",
                GPT2, "185ms per step", 185 * MS, "[180 ms] + [5 ms]"),
    _ratio("v2dist-gpt2-8gpu-speedup", "speedup", "GPT-2: one GPU's 1.8 s step against 8 GPUs'",
           GPT2, "9.7×", 9.7, "1.8 s", "0.185 s",
           note="Per step, as the book compares; each of the 8 GPUs runs the single GPU's "
                "batch, so the speedup in samples is the ratio."),
    _ratio("v2dist-gpt2-8gpu-efficiency", "speedup", "GPT-2 on 8 GPUs: speedup per GPU",
           GPT2, "121%", 1.21, "9.7", "8"),
    # "Training time: 25 hours ÷ 9.7 = 2.6 hours"
    _arithmetic("v2dist-gpt2-8gpu-training-time", "training", "GPT-2: 25 hours at a 9.7× speedup",
                GPT2, "2.6 hours", 2.6 * HOUR, "[25 h] / 9.7"),
    # "Inter-node communication: 3GB @ 12.5 GB/s (InfiniBand) = 240ms"
    Example("v2dist-gpt2-ib-sync", "data movement", "GPT-2: 3 GB of gradients over InfiniBand",
            GPT2, "240ms", 240 * MS, law="transfer-time",
            inputs=(("data", "3 GB"), ("bandwidth", "12.5 GB/s")), result="time"),
    # "Computation: 180ms (42% of time) - Communication: 245ms (58% of time) - Total: 425ms per
    # step - Speedup: 1.8s ÷ 0.425s = 4.2× faster → 5.9 hours - Parallel efficiency: 4.2 ÷ 32 = 13%"
    _arithmetic("v2dist-gpt2-32gpu-step", "training", "GPT-2 on 32 GPUs: compute plus both syncs",
                GPT2, "425ms per step", 425 * MS, "[180 ms] + [5 ms] + [240 ms]"),
    _ratio("v2dist-gpt2-32gpu-compute-share", "speedup", "GPT-2 on 32 GPUs: compute's share",
           GPT2, "42% of time", 0.42, "180 ms", "425 ms"),
    _ratio("v2dist-gpt2-32gpu-comm-share", "speedup", "GPT-2 on 32 GPUs: communication's share",
           GPT2, "58% of time", 0.58, "245 ms", "425 ms"),
    _ratio("v2dist-gpt2-32gpu-speedup", "speedup", "GPT-2: one GPU's 1.8 s step against 32 GPUs'",
           GPT2, "4.2× faster", 4.2, "1.8 s", "0.425 s"),
    _arithmetic("v2dist-gpt2-32gpu-training-time", "training",
                "GPT-2 on 32 GPUs: 25 hours scaled by the step times", GPT2, "5.9 hours",
                5.9 * HOUR, "[25 h] × [0.425 s] / [1.8 s]"),
    _ratio("v2dist-gpt2-32gpu-efficiency", "speedup", "GPT-2 on 32 GPUs: speedup per GPU",
           GPT2, "13%", 0.13, "4.2", "32"),
    # "Communication overhead: 5ms ÷ (4 × 180ms) = 0.7%"
    _arithmetic("v2dist-gpt2-accumulation-overhead", "training",
                "GPT-2 with 4 accumulation steps: sync against compute", GPT2, "0.7%", 0.007,
                "[5 ms] / (4 × [180 ms])"),
    # "Cost: $128/hour × 3.8 hours = $486 vs. $3,021 for 32 GPUs - Savings: $2,535 (84%
    # reduction)"
    _arithmetic("v2dist-gpt2-accumulation-cost", "operations",
                "GPT-2: one 8-GPU node at $128/h for 3.8 hours", GPT2, "$486", 486.0,
                "[$128/h] × [3.8 h]",
                note="The 3.8 hours are the book's figure for the accumulated run."),
    _arithmetic("v2dist-gpt2-32gpu-cost", "operations",
                "GPT-2: four 8-GPU nodes at $128/h for 5.9 hours", GPT2, "$3,021", 3021.0,
                "4 × [$128/h] × [5.9 h]",
                note="32 GPUs are 4 of the $128/h nodes: 512 $/h × 5.9 h = $3,020.8."),
    _arithmetic("v2dist-gpt2-savings", "operations", "GPT-2: the 32-GPU bill less the 8-GPU one",
                GPT2, "$2,535", 2535.0, "[$3021] − [$486]"),
    _ratio("v2dist-gpt2-savings-share", "operations",
           "GPT-2: the savings against the 32-GPU bill",
           GPT2, "84% reduction", 0.84, "2535", "3021"),
    # Key Insights: "NVLink enables efficient scaling within single nodes (97% efficiency)"
    _ratio("v2dist-gpt2-nvlink-97-percent", "speedup",
           "GPT-2 on 8 GPUs: 180 ms of compute in a 185 ms step", GPT2, "97% efficiency", 0.97,
           "180 ms", "185 ms"),
    # "While 8 GPUs might achieve 7× speedup with 87.5% scaling efficiency, scaling to 64 GPUs
    # typically yields only 45-50× speedup with 70-78% efficiency"
    _ratio("v2dist-8gpu-7x-efficiency", "speedup", "A 7× speedup on 8 GPUs", DP_LIMITS,
           "87.5% scaling efficiency", 0.875, "7", "8"),
    _ratio("v2dist-64gpu-45x-efficiency", "speedup", "A 45× speedup on 64 GPUs", DP_LIMITS,
           "70-78% efficiency", 0.70, "45", "64", tolerance=0.005,
           note="45/64 = 70.3%: the low end of the printed range."),
    _ratio("v2dist-64gpu-50x-efficiency", "speedup", "A 50× speedup on 64 GPUs", DP_LIMITS,
           "70-78% efficiency", 0.78, "50", "64", tolerance=0.005,
           note="50/64 = 78.1%: the high end of the printed range."),
    # "Consider a transformer model with 175 billion parameters, which requires approximately
    # 350 GB just to store model parameters in FP32."
    Example("v2dist-175b-params-fp32", "training", "A 175 B-parameter model's FP32 weights",
            DP_LIMITS, "approximately 350 GB", 350 * GB, law="train-memory",
            inputs=_fp("175e9", "fp32"), result="weights_only",
            disputed="175 × 10⁹ × 4 B = 700 GB in FP32; 350 GB is the FP16 size (the Model "
                     "Parallelism Advantages section prints both: 700 GB FP32, 350 GB FP16).",
            hand_value=175e9 * 4),
    # Callout "Engineering Calculation: ZeRO Memory Savings": "M_total = 7 × 10^9 × 16 bytes ≈
    # 112 GB"; "Total: 16/64 = 0.25 bytes/parameter"; "M_ZeRO3 = 112 GB / 64 ≈ 1.75 GB";
    # "leaving ~78GB for activations"
    Example("v2dist-zero-7b-ddp-states", "training",
            "Llama 2 7B under DDP: 16 bytes a parameter", ZERO, "112 GB", 112 * GB,
            law="model-states", inputs=(("params", "7e9"),), result="total",
            note="FP16 weights 2 B + FP16 gradients 2 B + 12 B of FP32 master weights, momentum "
                 "and variance (the law's 4 + 8 B): 7 × 10⁹ × 16 B."),
    _arithmetic("v2dist-zero3-bytes-per-param", "training",
                "ZeRO-3 over 64 GPUs: bytes a parameter",
                ZERO, "0.25 bytes/parameter", 0.25, "16 / 64"),
    _arithmetic("v2dist-zero3-7b-per-gpu", "training", "ZeRO-3: the 7B model's states over 64 GPUs",
                ZERO, "1.75 GB", 1.75 * GB, "[112 GB] / 64"),
    _arithmetic("v2dist-zero3-headroom-a100", "training",
                "ZeRO-3: an 80 GB A100 less the 1.75 GB shard", ZERO, "~78GB", 78 * GB,
                "[80 GB] − [1.75 GB]", note="78.25 GB."),
    # "A 175B parameter model using FSDP across 64 GPUs still requires 700 GB / 64 = 11 GB of
    # parameters per GPU"
    _arithmetic("v2dist-fsdp-175b-over-64", "training", "FSDP: 700 GB of parameters over 64 GPUs",
                dist("model-parallelism"), "11 GB", 11 * GB, "[700 GB] / 64",
                note="10.9 GB."),
    # "With S=2048, H=4096, B=4, and FP16: 2 × 4 × 2048 × 4096 × 2 = 134 MB per layer. For a
    # 96-layer model, this totals 12.6 GB per training step"
    _arithmetic("v2dist-tp-comm-per-layer", "data movement",
                "Tensor parallelism: 2 all-reduces of B·S·H FP16 activations a layer", TENSOR,
                "134 MB per layer", 134 * MB, "2 × 4 × 2048 × 4096 × [2 B]",
                note="134,217,728 B."),
    _arithmetic("v2dist-tp-comm-96-layers", "data movement",
                "Tensor parallelism: 96 layers of 134 MB", TENSOR, "12.6 GB", 12.6 * GB,
                "96 × 2 × 4 × 2048 × 4096 × [2 B]",
                disputed="96 × 134,217,728 B = 12,884,901,888 B: 12.9 GB (12.0 GiB), not 12.6 GB.",
                hand_value=96 * 2 * 4 * 2048 * 4096 * 2.0),
    # "storing parameters alone requires 700 GB (FP32) or 350 GB (FP16). With 8-way tensor
    # parallelism, each GPU holds 44-87 GB of parameters"; "the total memory footprint reaches
    # 2.1-2.8 TB"
    Example("v2dist-175b-params-fp16", "training", "A 175 B-parameter model's FP16 weights",
            MP_PLUS, "350 GB (FP16)", 350 * GB, law="train-memory",
            inputs=_fp("175e9", "fp16"), result="weights_only", note="175 × 10⁹ × 2 B."),
    _arithmetic("v2dist-tp8-175b-fp16-per-gpu", "training",
                "8-way tensor parallelism: 350 GB of FP16 weights per GPU", MP_PLUS,
                "44-87 GB", 44 * GB, "[350 GB] / 8", note="43.75 GB: the range's low end."),
    Example("v2dist-175b-model-states", "training",
            "A 175 B-parameter model's weights, gradients and Adam state", MP_PLUS, "2.1-2.8 TB",
            2.8 * TB, law="model-states", inputs=(("params", "175e9"),), result="total",
            note="The range's high end: 16 B a parameter (mixed-precision Adam) × 175 × 10⁹."),
    # "batch size 32, sequence length 2048, and hidden dimension 2048, each transfer moves
    # approximately 512 MB of data at float32 precision"
    _arithmetic("v2dist-activation-transfer-fp32", "data movement",
                "A [32, 2048, 2048] FP32 activation tensor between devices", MP_LIMITS,
                "approximately 512 MB", 512 * MIB, "32 × 2048 × 2048 × [4 B]",
                note="536,870,912 B = 512 MiB: the book's MB is binary here."),
    # Callout "Engineering Calculation: Pipeline Efficiency" (P = 8): "Overhead = 7/4 = 175%",
    # "Efficiency = 1/(1 + 1.75) ≈ 36%"; "Overhead = 7/32 ≈ 22%", "Efficiency = 1/(1 + 0.22) ≈
    # 82%"; "increasing memory usage by 8× compared to Case A"
    _arithmetic("v2dist-bubble-8-stages-4-micro", "speedup",
                "GPipe bubble (P − 1)/M: 8 stages, 4 microbatches", MP_LIMITS, "175%", 1.75,
                "(8 − 1) / 4"),
    _arithmetic("v2dist-pipeline-eff-4-micro", "speedup",
                "Pipeline efficiency 1/(1 + (P − 1)/M): 8 stages, 4 microbatches", MP_LIMITS,
                "≈ 36%", 0.36, "1 / (1 + (8 − 1) / 4)"),
    _arithmetic("v2dist-bubble-8-stages-32-micro", "speedup",
                "GPipe bubble (P − 1)/M: 8 stages, 32 microbatches", MP_LIMITS, "≈ 22%", 0.22,
                "(8 − 1) / 32", note="21.9%."),
    _arithmetic("v2dist-pipeline-eff-32-micro", "speedup",
                "Pipeline efficiency 1/(1 + (P − 1)/M): 8 stages, 32 microbatches", MP_LIMITS,
                "≈ 82%", 0.82, "1 / (1 + (8 − 1) / 32)"),
    _ratio("v2dist-pipeline-32-vs-4-micro-memory", "training",
           "Activations held for 32 microbatches against 4", MP_LIMITS, "8×", 8.0, "32", "4"),
    # "Pure model parallelism across 64 stages would create (64-1)/32 ≈ 98% pipeline bubble
    # overhead"
    _arithmetic("v2dist-bubble-64-stages", "speedup", "GPipe bubble: 64 stages, 32 microbatches",
                dist("hybrid-parallelism"), "≈ 98%", 0.98, "(64 − 1) / 32",
                disputed="(64 − 1)/32 = 1.97: a 197% bubble; 98% is 63/64.",
                hand_value=63 / 32),
    # "combining 8-way tensor parallelism within nodes, 8-way pipeline parallelism across nodes,
    # and 16-way data parallelism across replica groups, enables training 175B parameter models
    # on 1024 GPUs"; "reducing per-GPU memory from 700 GB to 87.5 GB"
    _arithmetic("v2dist-3d-parallel-gpus", "training", "3D parallelism: 8 × 8 × 16 GPUs",
                HYBRID_PLUS, "1024 GPUs", 1024.0, "8 × 8 × 16"),
    _arithmetic("v2dist-3d-tp8-per-gpu", "training", "8 tensor-parallel GPUs share 700 GB",
                HYBRID_PLUS, "87.5 GB", 87.5 * GB, "[700 GB] / 8"),
    # Fallacies: "For small models where forward/backward pass takes 10ms and AllReduce takes
    # 5ms, communication overhead is 50%. For large models where forward/backward takes 1000ms
    # and AllReduce takes 5ms, overhead is 0.5%."
    _ratio("v2dist-small-model-comm-overhead", "speedup", "A 5 ms all-reduce on a 10 ms step",
           dist("fallacies-pitfalls"), "50%", 0.50, "5 ms", "10 ms"),
    _ratio("v2dist-large-model-comm-overhead", "speedup", "A 5 ms all-reduce on a 1000 ms step",
           dist("fallacies-pitfalls"), "0.5%", 0.005, "5 ms", "1000 ms"),
)

PHYSICS = coll("collective-operations-physics-data-movement")
ALPHA_BETA = coll("collective-operations-collective-operations-alphabeta-model-f9b4")
LLAMA = coll("llama-budget")
NCCL_GAP = coll("nccl-reality")
PRIMITIVES = coll(
    "collective-operations-collective-operations-collective-operation-vocabulary-fdc7")
CROSSOVER = coll("collective-operations-algorithm-crossover")
HIER = coll("collective-operations-collective-operations-hierarchical-allreduce-1338")
TRADEOFFS = coll("collective-operations-compression-tradeoffs")
OVERLAP = coll("overlap-limits")

# The α-β predictions of tbl-nccl-vs-theory: (name, message, printed, value); α = 3 µs and β =
# 50 GB/s, the NDR figures of the chapter's napkin math (the table names neither; its 1 MB row,
# 23 µs, fixes α = 3 µs).
_NCCL_PREDICTIONS = (
    ("64kb", "64 KB", "~4.3 μs", 4.3 * US),
    ("1mb", "1 MB", "~23 μs", 23 * US),
    ("64mb", "64 MB", "~1.3 ms", 1.3 * MS),
    ("10gb", "10 GB", "~200 ms", 200 * MS),
)
# Its measured/predicted column: (name, measured, predicted, printed, value, tolerance, note)
_NCCL_RATIOS = (
    ("1kb", "25 us", "3.1 us", "~8.0×", 8.0, 0.1, "25/3.1 = 8.06 (this example allows 0.1)."),
    ("64kb", "30 us", "4.3 us", "~7.0×", 7.0, None, ""),
    ("1mb", "40 us", "23 us", "~1.7×", 1.7, None, ""),
    ("1gb", "23 ms", "20 ms", "~1.15×", 1.15, None, ""),
)

COLLECTIVE: tuple[Example, ...] = (
    # "In optical fiber ... ≈ 200,000 km/s, or 5 microseconds per kilometer. A datacenter spanning
    # 500 meters introduces a minimum 2.5 μs round-trip propagation delay."
    Example("v2coll-fiber-per-km", "data movement", "Light in fiber over one kilometer", PHYSICS,
            "5 microseconds per kilometer", 5 * US, law="fiber-latency",
            inputs=(("distance", "1 km"), ("speed", "200000 km/s")), result="one_way"),
    Example("v2coll-datacenter-500m-rtt", "data movement",
            "Round trip across a 500 m datacenter in fiber", PHYSICS,
            "a minimum 2.5 μs round-trip", 2.5 * US, law="fiber-latency",
            inputs=(("distance", "500 m"), ("speed", "200000 km/s")), result="round_trip",
            disputed="500 m at 5 µs/km is 2.5 µs one way; the round trip is 1 km: 5 µs.",
            hand_value=5 * US),
    # footnote fn-speed-of-light-latency: "200 meters per microsecond ... cables between racks
    # span 100 meters, the 'wire delay' alone contributes 500 ns to every message"
    Example("v2coll-fiber-100m", "data movement", "Light in fiber over a 100 m cable", PHYSICS,
            "500 ns", 500e-9, law="fiber-latency",
            inputs=(("distance", "100 m"), ("speed", "200000 km/s")), result="one_way"),
    # "A 10,000-GPU cluster exchanging 1 GB of gradients per step at 30 pJ/bit consumes
    # approximately 2.4 kJ per AllReduce"
    Example("v2coll-allreduce-energy-10k-gpus", "energy",
            "10,000 GPUs moving 1 GB each at 30 pJ/bit", PHYSICS, "approximately 2.4 kJ",
            2.4e3, law="energy",
            inputs=(("flops", "0"), ("data", "10000 GB"), ("byte_energy", "30 pJ/bit")),
            result="total", note="10⁴ × 8 × 10⁹ bit × 30 pJ = 2.4 × 10³ J."),
    # Callout "AllReduce Cost for a 70B Model" (cell allreduce-napkin-math: 70 B params × 4 B, 64
    # GPUs, 50 GB/s, α = 3 µs): "70 × 10^9 × 4 bytes = 280 GB"; "ring_bw_factor 1.97";
    # "T_latency = 2× 63×3 μs = 0.4 ms"; "T_AllReduce ≈ 11,025 + 0.4 ≈ 11,025 ms"
    Example("v2coll-70b-gradients-fp32", "training", "A 70 B-parameter model's FP32 gradients",
            PHYSICS, "280 GB", 280 * GB, law="train-memory", inputs=_fp("70e9", "fp32"),
            result="weights_only"),
    _arithmetic("v2coll-70b-ring-factor", "data movement", "Ring all-reduce's 2(N − 1)/N at N = 64",
                PHYSICS, "1.97", 1.97, "2 × (64 − 1) / 64"),
    _arithmetic("v2coll-70b-ring-latency", "data movement",
                "Ring all-reduce over 64 GPUs: 2(N − 1) steps of 3 µs", PHYSICS, "0.4 ms",
                0.4 * MS, "2 × (64 − 1) × [3 us]", note="378 µs, printed to 0.1 ms."),
    Example("v2coll-70b-allreduce-64-gpus", "data movement",
            "Ring all-reduce of 280 GB over 64 GPUs at 50 GB/s (NDR)", PHYSICS, "11,025 ms",
            11_025 * MS, law="collective", inputs=_ring("280 GB", "64", "50 GB/s"),
            result="time", tolerance=1.5 * MS,
            note="The cell: 2·63/64 × 280 GB / 50 GB/s = 11,025 ms plus 126 × 3 µs = 0.378 ms. "
                 "NCCL's network ring has 9.6 µs steps and an 8.4 µs call: 1.2 ms in all, "
                 "which this example allows (1.5 ms)."),
    # "a suboptimal algorithm that achieves only 60% of theoretical bandwidth ... would inflate
    # the 11-second AllReduce to nearly 19 seconds"
    _arithmetic("v2coll-70b-allreduce-at-60-percent", "data movement",
                "The 11,025 ms all-reduce at 60% of the bandwidth", PHYSICS,
                "nearly 19 seconds", 19.0, "[11025 ms] / 0.6",
                disputed="11,025 ms / 0.6 = 18.4 s (11 s / 0.6 = 18.3 s): over 18, not nearly 19.",
                hand_value=11.025 / 0.6),
    # Callout "The Critical Message Size": "n = α · β = 2 × 10^-6 s × 50 × 10^9 B/s = 100 KB"
    Example("v2coll-critical-size-ndr", "data movement",
            "Critical message size on NDR: α = 2 µs, β = 50 GB/s", ALPHA_BETA, "100 KB",
            100 * KB, law="crossover-size",
            inputs=(("latency", "2 us"), ("bandwidth", "50 GB/s")), result="crossover"),
    # Callout "Latency vs. Bandwidth Dominance": "Total: 22 μs. Latency is 9% of total";
    # "Total: 20,002 μs. Latency is 0.01%"
    Example("v2coll-1mb-on-ndr", "data movement", "A 1 MB message on NDR (α = 2 µs)",
            ALPHA_BETA, "Total: 22 μs", 22 * US, law="transfer-time",
            inputs=(("data", "1 MB"), ("bandwidth", "50 GB/s"), ("latency", "2 us")),
            result="time"),
    _ratio("v2coll-1mb-latency-share", "data movement", "α's share of a 1 MB message on NDR",
           ALPHA_BETA, "Latency is 9% of total", 0.09, "2 us", "22 us"),
    Example("v2coll-1gb-on-ndr", "data movement", "A 1 GB message on NDR (α = 2 µs)",
            ALPHA_BETA, "Total: 20,002 μs", 20_002 * US, law="transfer-time",
            inputs=(("data", "1 GB"), ("bandwidth", "50 GB/s"), ("latency", "2 us")),
            result="time"),
    _ratio("v2coll-1gb-latency-share", "data movement", "α's share of a 1 GB message on NDR",
           ALPHA_BETA, "Latency is 0.01%", 0.0001, "2 us", "20002 us"),
    # Llama 70B Communication Budget (cell llama-budget-calc: 140 GB of BF16 gradients, 16 nodes
    # × 8 GPUs, NVLink 900 GB/s, NDR 50 GB/s with α = 3 µs)
    Example("v2coll-llama70b-gradients-bf16", "training", "Llama 70B's BF16 gradients", LLAMA,
            "140 GB", 140 * GB, law="train-memory", inputs=_fp("70e9", "bf16"),
            result="weights_only"),
    # "Intra-Node ReduceScatter (NVLink at 900 GB/s): Each GPU exchanges 7/8 of the gradient
    # locally. Time: 136.1 ms."
    Example("v2coll-llama70b-intra-reduce-scatter", "data movement",
            "Llama 70B: reduce-scatter of 140 GB over 8 NVLink GPUs", LLAMA, "136.1 ms",
            136.1 * MS, law="collective",
            inputs=_ring("140 GB", "8", "900 GB/s", "nvlink", "reduce-scatter"), result="time",
            note="140 GB × 7/8 / 900 GB/s = 136.11 ms; NCCL's 32 µs of latencies stay inside "
                 "the printed digit."),
    # "Each GPU synchronizes only 17.5 GB across 16 nodes. Bandwidth time: 656 ms. Latency time:
    # 0.09 ms."
    _arithmetic("v2coll-llama70b-inter-payload", "data movement",
                "Llama 70B: the shard each GPU takes across nodes", LLAMA, "17.5 GB", 17.5 * GB,
                "[140 GB] / 8"),
    Example("v2coll-llama70b-inter-ring", "data movement",
            "Llama 70B: ring all-reduce of 17.5 GB over 16 nodes at 50 GB/s", LLAMA, "656 ms",
            656 * MS, law="collective", inputs=_ring("17.5 GB", "16", "50 GB/s"),
            result="time", tolerance=1 * MS,
            note="The bandwidth term 2·15/16 × 17.5 GB / 50 GB/s = 656.25 ms; NCCL's network "
                 "latencies add 0.3 ms (this example allows 1 ms)."),
    _arithmetic("v2coll-llama70b-inter-latency", "data movement",
                "Llama 70B: 2(N − 1) steps of 3 µs over 16 nodes", LLAMA, "0.09 ms", 0.09 * MS,
                "2 × (16 − 1) × [3 us]"),
    # "The total hierarchical AllReduce takes approximately 929 ms, compared to 5,557 ms for a
    # flat Ring AllReduce"
    _arithmetic("v2coll-llama70b-hierarchical-total", "data movement",
                "Llama 70B: reduce-scatter, inter-node ring and all-gather", LLAMA,
                "approximately 929 ms", 929 * MS,
                "2 × [140 GB] × 7/8 / [900 GB/s] + 2 × 15/16 × [17.5 GB] / [50 GB/s]"
                " + 2 × 15 × [3 us]",
                tolerance=0.5 * MS,
                note="136.11 + 656.25 + 0.09 + 136.11 = 928.56 ms (the cell's comment says "
                     "≈ 399 ms; its code prints 929)."),
    Example("v2coll-llama70b-flat-ring", "data movement",
            "Llama 70B: a flat ring all-reduce of 140 GB over 128 GPUs at 50 GB/s", LLAMA,
            "5,557 ms", 5557 * MS, law="collective", inputs=_ring("140 GB", "128", "50 GB/s"),
            result="time", tolerance=2 * MS,
            note="The cell: 2·127/128 × 140 GB / 50 GB/s = 5,556.25 ms plus 254 × 3 µs = "
                 "0.76 ms. NCCL's 9.6 µs steps make the latency 2.4 ms (this example allows "
                 "2 ms)."),
    # tbl-nccl-vs-theory, the α-β prediction column
    *(Example(f"v2coll-alpha-beta-{name}", "data movement",
              f"α-β prediction for a {message} message on NDR", NCCL_GAP, printed, value,
              law="transfer-time",
              inputs=(("data", message), ("bandwidth", "50 GB/s"), ("latency", "3 us")),
              result="time",
              note="α = 3 µs and β = 50 GB/s, which the table's 1 MB row (23 µs) implies.")
      for name, message, printed, value in _NCCL_PREDICTIONS),
    # its Ratio (Measured/Predicted) column
    *(_ratio(f"v2coll-nccl-gap-{name}", "data movement",
             f"Measured NCCL over the α-β prediction ({measured} against {predicted})",
             NCCL_GAP, printed, value, measured, predicted, tolerance=tolerance, note=note)
      for name, measured, predicted, printed, value, tolerance, note in _NCCL_RATIOS),
    # Callout "AllToAll for MoE Token Routing": "a batch of 4096 tokens across 8 GPUs (512 tokens
    # per GPU). Each token is a 2048-dimensional hidden state in BF16 (4 KB per token) ...
    # (each expert receives 4096/64 = 64 tokens)"
    _arithmetic("v2coll-moe-tokens-per-expert", "training",
                "MoE: 4096 tokens spread evenly over 64 experts", PRIMITIVES, "64 tokens", 64.0,
                "4096 / 64"),
    _arithmetic("v2coll-moe-token-bytes", "data movement",
                "MoE: one 2048-wide BF16 hidden state", PRIMITIVES, "4 KB per token", 4 * KIB,
                "2048 × [2 B]", note="4096 B: the book's KB is binary here."),
    # "Data per GPU-to-GPU transfer: 64 tokens × 4 KB/token = 256 KB"; "Total data sent per GPU:
    # 7 × 256 KB = 1.79 MB"
    _arithmetic("v2coll-moe-pair-transfer", "data movement",
                "MoE: 64 tokens of 4 KB to one other GPU", PRIMITIVES, "256 KB", 256 * KIB,
                "64 × 2048 × [2 B]", note="262,144 B = 256 KiB."),
    _arithmetic("v2coll-moe-sent-per-gpu", "data movement",
                "MoE: 256 KB to each of the 7 other GPUs", PRIMITIVES, "1.79 MB", 1.79 * MB,
                "7 × 64 × 2048 × [2 B]",
                disputed="7 × 256 KiB = 1,792 KiB = 1,835,008 B: 1.84 MB (1.75 MiB). The 1.79 "
                         "reads 1,792 binary KB as decimal MB.", hand_value=7 * 256 * KIB),
    # "T = 3 μs + 256 KB / 50 GB/s = 3 + 5 = 8 μs per transfer. If serialized: 7 × 8 μs = 56 μs"
    Example("v2coll-moe-transfer-time", "data movement",
            "MoE: one 256 KB message on NDR (α = 3 µs)", PRIMITIVES, "8 μs", 8 * US,
            law="transfer-time",
            inputs=(("data", "256 KB"), ("bandwidth", "50 GB/s"), ("latency", "3 us")),
            result="time", note="3 µs + 5.1 µs."),
    _arithmetic("v2coll-moe-serialized", "data movement", "MoE: the 7 transfers one after another",
                PRIMITIVES, "56 μs", 56 * US, "7 × [8 us]"),
    # FSDP: "If each of the 2L collectives pays the full NCCL startup overhead (25--50 μs per
    # operation ...), the aggregate overhead for a 100-layer model is 5--10 ms"
    *(Example(f"v2coll-fsdp-100-layers-{each}us", "data movement",
              f"FSDP: 200 collectives of a 100-layer model at {each} µs each",
              coll("fsdp-patterns"), "5--10 ms", value, law="resource-time",
              inputs=(("count", "200"), ("each", f"{each} us")), result="total",
              note="2L = 200 collectives.")
      for each, value in ((25, 5 * MS), (50, 10 * MS))),
    # Tree AllReduce: "For 1024 nodes, Ring needs 2046 steps while Tree needs only 20."; "the
    # 350 GB gradient ... log2(1000) ≈ 10 multiplier ... 3.5 terabytes per GPU"
    _arithmetic("v2coll-ring-steps-1024", "data movement", "Ring all-reduce steps over 1024 nodes",
                coll("collective-operations-tree-allreduce"), "2046 steps", 2046.0,
                "2 × (1024 − 1)"),
    _arithmetic("v2coll-tree-175b-traffic", "data movement",
                "Tree all-reduce: 350 GB sent log2(1000) ≈ 10 times",
                coll("collective-operations-tree-allreduce"), "3.5 terabytes", 3.5 * TB,
                "[350 GB] × 10"),
    # "For a cluster with α=5 μs, β=50 GB/s, and N=100: M_crossover ≈ 100 × 5·10^-6 × 50·10^9
    # ≈ 25 MB"
    _arithmetic("v2coll-crossover-100-gpus", "data movement",
                "Ring/tree crossover N·α·β: 100 GPUs, α = 5 µs, β = 50 GB/s", CROSSOVER,
                "≈ 25 MB", 25 * MB, "100 × [5 us] × [50 GB/s]"),
    # Callout "The Ring vs. Tree Crossover" (1 MB, 64 GPUs, α = 10 μs, β = 10 GB/s)
    _arithmetic("v2coll-ring-latency-64", "data movement", "Ring latency 2(N − 1)α, N = 64",
                CROSSOVER, "1,260 μs", 1260 * US, "2 × 63 × [10 us]"),
    _arithmetic("v2coll-tree-latency-64", "data movement", "Tree latency 2·log2(N)·α, N = 64",
                CROSSOVER, "120 μs", 120 * US, "2 × 6 × [10 us]"),
    _arithmetic("v2coll-ring-bandwidth-1mb", "data movement", "Ring bandwidth term ≈ 2M/β, 1 MB",
                CROSSOVER, "200 μs", 200 * US, "2 × [1 MB] / [10 GB/s]",
                note="The book rounds (N − 1)/N to 1; with 63/64 it is 196.9 µs."),
    _arithmetic("v2coll-tree-bandwidth-1mb", "data movement",
                "Tree bandwidth term 2·log2(N)·M/β, 1 MB", CROSSOVER, "1,200 μs", 1200 * US,
                "12 × [1 MB] / [10 GB/s]"),
    _arithmetic("v2coll-ring-total-1mb", "data movement", "Ring all-reduce of 1 MB over 64 GPUs",
                CROSSOVER, "1,460 μs", 1460 * US, "2 × 63 × [10 us] + 2 × [1 MB] / [10 GB/s]"),
    _arithmetic("v2coll-tree-total-1mb", "data movement", "Tree all-reduce of 1 MB over 64 GPUs",
                CROSSOVER, "1,320 μs", 1320 * US, "2 × 6 × ([10 us] + [1 MB] / [10 GB/s])"),
    _ratio("v2coll-tree-wins-by-10-percent", "data movement",
           "Ring's 1,460 µs against tree's 1,320",
           CROSSOVER, "only by 10%", 0.10, "1460 us", "1320 us", result="change",
           tolerance=0.01, note="1460/1320 − 1 = 10.6%; 'by 10%' allows 9–11%."),
    _arithmetic("v2coll-crossover-64-gpus", "data movement",
                "Ring/tree crossover N·α·β: 64 GPUs, α = 10 µs, β = 10 GB/s", CROSSOVER,
                "6.4 MB", 6.4 * MB, "64 × [10 us] × [10 GB/s]"),
    # tbl-bandwidth-hierarchy: "NVLink 4.0 | ~900 GB/s | 18× faster"
    _ratio("v2coll-nvlink-vs-ndr", "data movement", "NVLink 4.0's 900 GB/s against NDR's 50 GB/s",
           HIER, "18× faster", 18.0, "900 GB/s", "50 GB/s"),
    # Callout "The Hierarchical Bandwidth Multiplier" (cell hierarchical-allreduce-calc: 8 nodes
    # × 8 GPUs, 1 GB, NVLink 900 GB/s, InfiniBand 50 GB/s, inter-node step taken as 5 ms)
    _arithmetic("v2coll-hier-flat-1gb", "data movement",
                "Flat ring all-reduce of 1 GB at 50 GB/s: ≈ 2M/β", HIER, "40 ms", 40 * MS,
                "2 × [1 GB] / [50 GB/s]",
                note="The book rounds (N − 1)/N to 1; over 64 GPUs 2·63/64 gives 39.4 ms."),
    _arithmetic("v2coll-hier-intra-payload", "data movement",
                "Hierarchical all-reduce: 7/8 of 1 GB inside the node", HIER, "875 MB",
                875 * MB, "[1000 MB] × 7/8"),
    Example("v2coll-hier-intra-reduce-scatter", "data movement",
            "Hierarchical all-reduce: reduce-scatter of 1 GB over 8 NVLink GPUs", HIER, "~1 ms",
            1 * MS, law="collective",
            inputs=_ring("1 GB", "8", "900 GB/s", "nvlink", "reduce-scatter"), result="time",
            note="875 MB / 900 GB/s = 0.97 ms."),
    _arithmetic("v2coll-hier-inter-payload", "data movement",
                "Hierarchical all-reduce: the 1/8 each GPU sends across nodes", HIER, "125 MB",
                125 * MB, "[1 GB] / 8"),
    _arithmetic("v2coll-hier-total", "data movement",
                "Hierarchical all-reduce of 1 GB: two NVLink phases and 5 ms across nodes", HIER,
                "≈ 7 ms", 7 * MS, "2 × [875 MB] / [900 GB/s] + [5 ms]",
                note="1.94 + 5 = 6.94 ms; the 5 ms inter-node step is the book's own estimate "
                     "(a ring of 125 MB over 8 nodes is 2·7/8 × 2.5 ms = 4.4 ms)."),
    _arithmetic("v2coll-hier-speedup", "speedup", "Flat 40 ms against hierarchical 6.94 ms", HIER,
                "5.8× speedup", 5.8, "[40 ms] / (2 × [875 MB] / [900 GB/s] + [5 ms])",
                note="40/6.94 = 5.76."),
    # Callout "Three-Level Hierarchical Bandwidth Budget" (cell three-level-napkin: 4 racks × 4
    # nodes × 8 GPUs, 2 GB, NVLink 900 GB/s, IB 50 GB/s, cross-rack 25 GB/s)
    _arithmetic("v2coll-3level-gpus", "training", "4 racks of 4 nodes of 8 GPUs",
                HIER, "128-GPU cluster", 128.0, "4 × 4 × 8"),
    _arithmetic("v2coll-3level-step1-payload", "data movement",
                "Three levels: 7/8 of 2 GB inside the node", HIER, "1.75 GB", 1.75 * GB,
                "[2 GB] × 7/8"),
    Example("v2coll-3level-step1-time", "data movement", "Three levels: 1.75 GB over NVLink",
            HIER, "1.9 ms", 1.9 * MS, law="transfer-time",
            inputs=(("data", "1.75 GB"), ("bandwidth", "900 GB/s")), result="time",
            note="1.94 ms, printed to 0.1 ms."),
    _arithmetic("v2coll-3level-step2-payload", "data movement",
                "Three levels: the 1/8 of 2 GB each GPU takes to the rack", HIER, "0.25 GB",
                0.25 * GB, "[2 GB] / 8"),
    Example("v2coll-3level-step2-ring", "data movement",
            "Three levels: ring all-reduce of 0.25 GB over 4 nodes at 50 GB/s", HIER, "7.5 ms",
            7.5 * MS, law="collective", inputs=_ring("0.25 GB", "4", "50 GB/s"), result="time",
            tolerance=0.1 * MS,
            note="2·3/4 × 0.25 GB / 50 GB/s = 7.5 ms; the cell leaves out latency, NCCL's "
                 "network ring adds 66 µs (this example allows 0.1 ms)."),
    Example("v2coll-3level-step3-ring", "data movement",
            "Three levels: ring all-reduce of 62.5 MB over 4 racks at 25 GB/s", HIER, "3.75 ms",
            3.75 * MS, law="collective", inputs=_ring("62.5 MB", "4", "25 GB/s"),
            result="time", tolerance=0.1 * MS,
            note="2·3/4 × 62.5 MB / 25 GB/s = 3.75 ms; NCCL's latencies add 66 µs (this "
                 "example allows 0.1 ms)."),
    _arithmetic("v2coll-3level-total", "data movement",
                "Three levels: both NVLink phases, both rack rings and the spine ring", HIER,
                "22.6 ms", 22.6 * MS,
                "2 × [1.75 GB] / [900 GB/s] + 2 × 1.5 × [0.25 GB] / [50 GB/s]"
                " + 1.5 × [62.5 MB] / [25 GB/s]",
                note="3.89 + 15 + 3.75 = 22.64 ms (the cell's comment says ≈ 5.5 ms; its code "
                     "prints 22.6)."),
    _arithmetic("v2coll-3level-flat", "data movement",
                "Flat all-reduce of 2 GB at the 25 GB/s cross-rack rate: ≈ 2M/β", HIER, "160 ms",
                160 * MS, "2 × [2 GB] / [25 GB/s]"),
    _ratio("v2coll-3level-reduction", "data movement",
           "Cross-rack traffic: 2 GB against the 62.5 MB that crosses", HIER, "32×", 32.0,
           "2 GB", "62.5 MB"),
    # Block quantization: "Effective compression: 4d / (d + 4d/B) = 4B / (B + 4). For B = 128:
    # 3.88×"
    _arithmetic("v2coll-block-int8-compression", "data movement",
                "INT8 blocks of 128 with an FP32 scale each, against FP32",
                coll("collective-operations-collective-operations-quantization-reducing-"
                     "precision-815b"), "3.88×", 3.88, "4 × 128 / (128 + 4)"),
    # "The effective compression ratio is therefore 4d / 8K = d / 2K. For K = 0.001d, this yields
    # a compression ratio of 500×"
    _arithmetic("v2coll-topk-compression", "data movement",
                "Top-K at 0.1% with FP32 values and INT32 indices, against FP32",
                coll("collective-operations-collective-operations-sparsification-transmitting-"
                     "important-gradients-2cd2"), "500×", 500.0, "[4 B] / (0.001 × [8 B])"),
    # "100,000 steps ... each step taking 500 ms ... The total training time is 50,000 seconds.
    # ... The new total time is 110,000 × 0.35 = 38,500 seconds, a 23% improvement."
    Example("v2coll-compress-baseline", "training", "100,000 steps of 500 ms", TRADEOFFS,
            "50,000 seconds", 50_000.0, law="resource-time",
            inputs=(("count", "100000"), ("each", "500 ms")), result="total"),
    Example("v2coll-compress-int8", "training", "INT8: 110,000 steps of 300 + 50 ms", TRADEOFFS,
            "38,500 seconds", 38_500.0, law="resource-time",
            inputs=(("count", "110000"), ("each", "350 ms")), result="total"),
    _arithmetic("v2coll-compress-int8-gain", "training", "INT8 compression's saving", TRADEOFFS,
                "a 23% improvement", 0.23, "1 − [38500 s] / [50000 s]"),
    # "The new total time is 110,000 × 0.3075 = 33,825 seconds versus 100,000 × 0.33 = 33,000
    # seconds without compression. The compression actually increases total training time by
    # 2.5%"
    Example("v2coll-compress-fast-net-int8", "training", "Fast network, INT8: 110,000 × 307.5 ms",
            TRADEOFFS, "33,825 seconds", 33_825.0, law="resource-time",
            inputs=(("count", "110000"), ("each", "307.5 ms")), result="total"),
    Example("v2coll-compress-fast-net-none", "training", "Fast network, no compression: "
            "100,000 × 330 ms", TRADEOFFS, "33,000 seconds", 33_000.0, law="resource-time",
            inputs=(("count", "100000"), ("each", "330 ms")), result="total"),
    _ratio("v2coll-compress-fast-net-loss", "training", "Fast network: INT8 against none",
           TRADEOFFS, "increases total training time by 2.5%", 0.025, "33825 s", "33000 s",
           result="change"),
    # Callout "Overlap Budget for a 7B Transformer" (cell overlap-budget-calc: 32 layers, 15 ms
    # backward each, 880 MB a layer in 100 MB buckets at 3 ms)
    Example("v2coll-7b-backward", "training", "7B transformer: 32 layers of 15 ms backward",
            OVERLAP, "480 ms", 480 * MS, law="resource-time",
            inputs=(("count", "32"), ("each", "15 ms")), result="total"),
    _arithmetic("v2coll-7b-allreduce-per-layer", "data movement",
                "7B transformer: 880 MB a layer in 100 MB buckets of 3 ms", OVERLAP, "26 ms",
                26 * MS, "[880 MB] / [100 MB] × [3 ms]", note="8.8 × 3 ms = 26.4 ms."),
    _arithmetic("v2coll-7b-no-overlap", "training",
                "7B transformer: backward, then every layer's all-reduce", OVERLAP, "1325 ms",
                1325 * MS, "32 × [15 ms] + 32 × [880 MB] / [100 MB] × [3 ms]",
                note="480 + 844.8 = 1,324.8 ms."),
    _arithmetic("v2coll-7b-exposed-per-layer", "training",
                "7B transformer: all-reduce time a layer's backward cannot hide", OVERLAP,
                "11 ms", 11 * MS, "[880 MB] / [100 MB] × [3 ms] − [15 ms]",
                note="26.4 − 15 = 11.4 ms."),
    _arithmetic("v2coll-7b-with-overlap", "training",
                "7B transformer: backward, the first all-reduce, 31 exposed remainders", OVERLAP,
                "860 ms", 860 * MS,
                "32 × [15 ms] + [880 MB] / [100 MB] × [3 ms]"
                " + 31 × ([880 MB] / [100 MB] × [3 ms] − [15 ms])",
                note="480 + 26.4 + 31 × 11.4 = 859.8 ms."),
    _arithmetic("v2coll-7b-overlap-saving", "training", "7B transformer: what overlap saves",
                OVERLAP, "35%", 0.35, "1 − [859.8 ms] / [1324.8 ms]",
                note="The cell's comment says ≈ 73%; its code prints 35."),
    # Callout "Napkin Math: The Overlap Budget": "70B params × 2 bytes (FP16) = 140 GB";
    # "Using Ring AllReduce on NVLink (900 GB/s), time is ≈ 2·140GB/900GB/s = 0.31s"; "Overlap
    # Ratio: 0.31s/2.1s ≈ 15%"
    Example("v2coll-70b-nvlink-ring-8-gpus", "data movement",
            "Ring all-reduce of 140 GB over 8 GPUs on NVLink (900 GB/s)", OVERLAP, "0.31s",
            0.31, law="collective", inputs=_ring("140 GB", "8", "900 GB/s", "nvlink"),
            result="time",
            disputed="2M/β drops the ring's (N − 1)/N, which at N = 8 is 7/8: 2·7/8 × 140 GB / "
                     "900 GB/s = 0.272 s.", hand_value=2 * 7 / 8 * 140 / 900),
    _ratio("v2coll-70b-overlap-ratio", "data movement", "0.31 s of all-reduce against 2.1 s of "
           "compute", OVERLAP, "≈ 15%", 0.15, "0.31 s", "2.1 s", note="14.8%."),
)

EXAMPLES: tuple[Example, ...] = DISTRIBUTED + COLLECTIVE
