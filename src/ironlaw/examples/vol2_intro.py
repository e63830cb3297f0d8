"""The book's worked examples from the 2026 edition's second volume (vol2): its Introduction and
Conclusion chapters, as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. The quoted sentence sits beside each
example. Where the book prints a value from an inline ``{python}`` cell, the value was worked out
by hand from the cell's code and the book's mlsysim constants (GPT-4 scenario: 25,000 GPUs,
90 days; per-GPU MTBF 50,000 h; HOURS_PER_YEAR 8,760; InfiniBand HDR 200 Gb/s, NDR 400 Gb/s,
100 GbE 100 Gb/s; H100 989 TFLOP/s FP16 and 700 W), with the arithmetic beside it.

What was read, all of each file: the Introduction at two versions, the one the index lists
(c350f482, 42,420 characters, an earlier draft whose failure-rate footnote and 56-second
all-reduce the newer text dropped) and the newest stored one (00219d31, 179,001 characters);
the Conclusion likewise at the listed version (46e8b191, 23,706 characters: no number the newer
text lacks) and the newest stored one (01b746d4, 50,482 characters). An example is taken from
the newest version where both print it.

The reliability gap (0.999¹⁰⁰⁰ = 36.8% and 0.999¹⁰⁰⁰⁰ = 0.0045% of the time a whole fleet is
healthy; the figure's 0.9999¹⁰⁰⁰⁰ = 36.8%) and the Conclusion's fan-out tail (1 − 0.99¹⁰⁰ =
63.4%) go through the law ``series-reliability``: R_N = (1 − p)ᴺ, 1 − R_N.
"""

from __future__ import annotations

from ironlaw.examples.gallery import CatalogValue, Example, chapter_file, sections
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio
from ironlaw.examples.gallery import weights_only as _weights

# the version of each chapter file that was read (harvard-edge/cs249r_book); "*_early" is the
# version the index lists, an earlier draft than the newest stored one
COMMITS = {
    "introduction": "00219d318157abc13f86bdb3b0d8b536c058fe80",
    "introduction_early": "c350f4822cc748f0b009b85f0c457f847b39605f",
    "conclusion": "01b746d4288e85a3d200dd8ea0f0946ac1ba11ea",
    "conclusion_early": "46e8b191bba75b17dc8072f7b444ed8e9005bd82",
}
GB, MW = 1e9, 1e6
MIN, HOUR, DAY = 60.0, 3600.0, 86400.0


# the newest Introduction, its earlier draft, and the newest Conclusion
intro = sections(chapter_file("vol2", "introduction"), COMMITS["introduction"], "sec-")
intro_early = sections(chapter_file("vol2", "introduction"), COMMITS["introduction_early"],
                       "sec-vol2-introduction-")
conc = sections(chapter_file("vol2", "conclusion"), COMMITS["conclusion"], "sec-conclusion-")

SCALE_MOMENT = intro("vol2-introduction-scale-moment")
COMM_DOMINANT = intro("introduction-communication-becomes-dominant-e1b6")
ENERGY_INVARIANT = intro("introduction-energyscale-invariant-a0d6")
INTRO_PITFALLS = intro("vol2-intro-fallacies-pitfalls-f804")
RELIABILITY_GAP = intro("vol2-introduction-reliability-gap")
PRINCIPLES = conc("six-principles-distributed-ml-systems-746a")
# the scenario of the notebook "The coordination and energy tax": 175B parameters in FP16,
# Ring AllReduce moving about 2 × params × 2 B through each endpoint per step
GPT3_SYNC = "2 * [175e9] * [2 B]"

INTRODUCTION: tuple[Example, ...] = (
    # notebook "Scale and reliability" (Gpt4TrainingScenario: 25,000 GPUs from
    # Models.Language.GPT4.training_accelerators_ref, 50,000 h from Systems.Reliability.Gpu):
    # "MTBF_system = MTBF_component / N = 50,000 hours divided by 25,000 GPUs ≈ 2 hours"
    _arithmetic("v2intro-gpt4-cluster-mtbf", "operations",
                "MTBF of 25,000 GPUs at 50,000 hours each", SCALE_MOMENT, "≈ 2 hours", 2 * HOUR,
                "[50000 h] / 25000", note="50,000 h / 25,000 = 2 h."),
    # "24 hours / 2 hours ≈ 12 failures per day" (cluster_fail_day_str = fmt_int(24 / 2))
    _arithmetic("v2intro-gpt4-failures-per-day", "operations",
                "Failures a day on that cluster", SCALE_MOMENT, "≈ 12 failures per day", 12.0,
                "[24 h] / ([50000 h] / 25000)", note="24 h / 2 h = 12."),
    # "25,000 GPUs × (8,760 hours divided by 50,000 hours) ≈ 4,380 failures per year"
    _arithmetic("v2intro-gpt4-annual-failures", "operations", "Failures a year on that cluster",
                SCALE_MOMENT, "≈ 4,380 failures per year", 4380.0,
                "25000 * [8760 h] / [50000 h]",
                note="25,000 × 8,760/50,000 = 25,000 × 0.1752 = 4,380 (mlsysim's year is "
                     "8,760 h)."),
    # "BERT required 64 Tensor Processing Unit (TPU) chips for 4 days, roughly 6,144 chip hours"
    Example(
        "v2intro-bert-chip-hours", "training", "BERT: 64 TPU chips for 4 days", SCALE_MOMENT,
        "roughly 6,144 chip hours", 6144 * HOUR, law="resource-time",
        inputs=(("count", "64"), ("each", "4 day")), result="total",
        note="64 × 4 × 24 h = 64 × 96 h = 6,144 chip-hours."),
    # fn-infiniband-rdma-v2 (InfiniBandScenario: 200 Gbps / 8, 400 Gbps / 8): "HDR IB provides
    # about 25 GB/s line-rate bandwidth per link; NDR reaches about 50 GB/s"
    _arithmetic("v2intro-ib-hdr-bytes-per-second", "data movement",
                "InfiniBand HDR's 200 Gb/s in bytes", SCALE_MOMENT, "about 25 GB/s", 25 * GB,
                "[200 Gb/s]", note="200 Gb/s ÷ 8 bit/B = 25 GB/s."),
    _arithmetic("v2intro-ib-ndr-bytes-per-second", "data movement",
                "InfiniBand NDR's 400 Gb/s in bytes", SCALE_MOMENT, "about 50 GB/s", 50 * GB,
                "[400 Gb/s]", note="400 Gb/s ÷ 8 bit/B = 50 GB/s."),
    # "Google's TPU v4 pods contain 4,096 chips with 1.1 exaFLOP/s of aggregate compute"
    _arithmetic("v2intro-tpu-v4-pod-peak", "roofline", "A 4,096-chip TPU v4 pod's peak",
                SCALE_MOMENT, "1.1 exaFLOP/s", 1.1e18, "4096 * [275 TFLOP/s]",
                note="4,096 × 275 TFLOP/s = 1.126 EFLOP/s, printed to two digits; the per-chip "
                     "275 TFLOP/s (BF16) is Google's datasheet figure, which the chapter does "
                     "not print."),
    # Gpt3CommunicationScenario (175e9 × BYTES_FP32): "For a model with 175B parameters, FP32
    # gradients occupy about 700 GB before any collective algorithm is applied."
    Example(
        "v2intro-gpt3-fp32-gradients", "training", "GPT-3's 175B gradients in FP32",
        COMM_DOMINANT, "about 700 GB", 700 * GB, law="model-states",
        inputs=_weights("175e9", "4"), result="total", note="175 × 10⁹ × 4 B = 700 GB."),
    # "GPT-3 required approximately 3.14 × 10²³ floating-point operations" (empirical-evidence
    # section) for "175B parameters and approximately 300 billion tokens" (practical applications)
    Example(
        "v2intro-gpt3-training-flops", "training", "GPT-3: 175B parameters on 300B tokens",
        intro("vol2-intro-practical-applications-system-design-5c97"),
        "approximately 3.14 × 10²³ floating-point operations", 3.14e23,
        law="training-flops", inputs=(("parameters", "175e9"), ("tokens", "300e9")),
        result="flops", tolerance=0.02e23,
        note="6 × 175 × 10⁹ × 300 × 10⁹ = 3.15 × 10²³; the book's 3.14 × 10²³ is Brown et al.'s "
             "own count (0.3% apart, within the book's 'approximately')."),
    # fn-carbon-grid: "roughly 40× in CO₂ emissions depending on grid location: Quebec
    # (hydropower, ~20 g CO₂/kWh) vs. Poland (coal, ~800 g CO₂/kWh)"
    _ratio("v2intro-carbon-poland-vs-quebec", "energy",
           "Carbon intensity: Poland's coal grid against Quebec's hydro",
           intro("vol2-intro-sustainability-cost-implications-0473"), "roughly 40×", 40.0,
           "800 g/kWh", "20 g/kWh", note="800/20 = 40."),
    # "A single server typically has an availability of 'four nines' (99.99 percent), meaning it
    # fails for roughly 53 minutes a year."
    _arithmetic("v2intro-four-nines-downtime", "operations", "Downtime a year at 99.99%",
                RELIABILITY_GAP, "roughly 53 minutes", 53 * MIN,
                "(1 - [0.9999]) * [365 day]",
                note="0.0001 × 525,600 min = 52.6 min."),
    # ReliabilityGap cell: p_node = 0.999, (p_node ** 1000) and (p_node ** 10000), printed with
    # fmt_percent(precision=1) and (precision=4): "If each node in a cluster is 99.9 percent
    # reliable, a 1,000-node cluster is healthy only 36.8 percent of the time. Scale that to a
    # 10,000-node fleet, and the probability of the entire system being healthy at any given
    # second drops to 0.0045 percent."
    Example(
        "v2intro-reliability-gap-1000-nodes", "operations",
        "A 1,000-node cluster of 99.9%-reliable nodes: all healthy at once", RELIABILITY_GAP,
        "36.8 percent", 0.368, law="series-reliability",
        inputs=(("p", "0.001"), ("parts", "1000")), result="every",
        note="0.999¹⁰⁰⁰ = e^(1000 · ln 0.999) = e^(−1.0005) = 0.3677."),
    Example(
        "v2intro-reliability-gap-10000-nodes", "operations",
        "A 10,000-node fleet of 99.9%-reliable nodes: all healthy at once", RELIABILITY_GAP,
        "0.0045 percent", 0.000045, law="series-reliability",
        inputs=(("p", "0.001"), ("parts", "10000")), result="every",
        note="0.999¹⁰⁰⁰⁰ = e^(10000 · ln 0.999) = e^(−10.005) = 4.52 × 10⁻⁵ = 0.00452%."),
    # fig-reliability-gap-collapse caption: "Even 99.99% per-node reliability (green) drops to
    # 36.8% at 10,000-GPU scale."
    Example(
        "v2intro-reliability-gap-four-nines-10000", "operations",
        "10,000 GPUs of 99.99% reliability: all healthy at once", RELIABILITY_GAP,
        "36.8%", 0.368, law="series-reliability",
        inputs=(("p", "0.0001"), ("parts", "10000")), result="every",
        note="0.9999¹⁰⁰⁰⁰ = e^(10000 · ln 0.9999) = e^(−1.00005) = 0.3679: N·p = 1, as for "
             "1,000 nodes at 99.9%, and both are about e⁻¹ = 0.368."),
    # callout "Amdahl's distributed pitfall": "If a model spends 20 percent of its time waiting
    # for the network, no amount of faster GPUs can make it more than 5× faster"
    Example(
        "v2intro-amdahl-network-20pct", "speedup",
        "20% of the time on the network: the cap on faster GPUs", ENERGY_INVARIANT,
        "more than 5× faster", 5.0, law="amdahl", inputs=(("p", "0.8"), ("s", "1e6")),
        result="limit", note="1/(1 − 0.8) = 5; the GPUs speed up the other 80%."),
    # notebook "The coordination and energy tax" (GPT3SyncTax): sync_size = 2 × 175e9 × 2 B;
    # "a Ring AllReduce must move approximately 700 GB of data through each participating
    # accelerator endpoint per iteration"
    _arithmetic("v2intro-gpt3-sync-volume-fp16", "data movement",
                "GPT-3's FP16 ring all-reduce volume per endpoint", ENERGY_INVARIANT,
                "approximately 700 GB", 700 * GB, GPT3_SYNC,
                note="2 × 175 × 10⁹ × 2 B = 700 GB."),
    # eff = t_compute / (t_compute + sync_size / bw), t_compute = 1.2 s (the cell's assumption):
    # "InfiniBand (200 Gbps): ... a scaling efficiency of only 4.1%"
    _arithmetic("v2intro-gpt3-sync-efficiency-infiniband", "speedup",
                "1.2 s of compute beside 700 GB over 200 Gb/s InfiniBand", ENERGY_INVARIANT,
                "4.1%", 0.041, f"[1.2 s] / ([1.2 s] + {GPT3_SYNC} / [200 Gb/s])",
                note="700 GB / 25 GB/s = 28 s; 1.2/(1.2 + 28) = 0.0411."),
    # "Ethernet (100 Gbps): ... collapse the scaling efficiency further to 2.1%"
    _arithmetic("v2intro-gpt3-sync-efficiency-ethernet", "speedup",
                "1.2 s of compute beside 700 GB over 100 Gb/s Ethernet", ENERGY_INVARIANT,
                "2.1%", 0.021, f"[1.2 s] / ([1.2 s] + {GPT3_SYNC} / [100 Gb/s])",
                note="700 GB / 12.5 GB/s = 56 s; 1.2/(1.2 + 56) = 0.0210."),
    # "Each endpoint's gradient synchronization consumes approximately 84 J across the network
    # fabric (at 15 pJ/bit)"
    Example(
        "v2intro-gpt3-sync-energy", "energy", "Moving 700 GB through the fabric at 15 pJ/bit",
        ENERGY_INVARIANT, "approximately 84 J", 84.0, law="energy",
        inputs=(("flops", "0"), ("data", "700 GB"), ("byte_energy", "15 pJ/bit")),
        result="movement", note="700 × 10⁹ B × 8 bit/B = 5.6 × 10¹² bit × 15 pJ = 84 J."),
    # "In a training run of 1,000,000 steps, the endpoint network movement alone accounts for
    # about 84 MJ of energy"
    _arithmetic("v2intro-gpt3-sync-energy-million-steps", "energy",
                "That synchronization over 1,000,000 steps", ENERGY_INVARIANT, "about 84 MJ",
                84e6, f"1000000 * {GPT3_SYNC} * [15 pJ/bit]", note="10⁶ × 84 J = 84 MJ."),
    # EdgeLatencyDistance: "autonomous vehicles at 120 km/h convert every 100 ms of processing
    # delay into 3.33 meters of positional uncertainty"
    _arithmetic("v2intro-av-distance-per-delay", "serving",
                "Distance a car at 120 km/h covers in 100 ms", INTRO_PITFALLS, "3.33 meters",
                3.33, "[120 km/h] * [100 ms]",
                note="120 km/h = 33.33 m/s; × 0.1 s = 3.33 m."),
    # "A model reduced from 10B to 3B parameters (70 percent FLOPs reduction)"
    _arithmetic("v2intro-pruned-10b-to-3b-flops", "roofline",
                "FLOPs saved going from 10B to 3B parameters", INTRO_PITFALLS,
                "70 percent FLOPs reduction", 0.70, "1 - [3e9] / [10e9]",
                note="FLOPs per token are 2P, so they shrink with the parameters: "
                     "1 − 3/10 = 0.7."),
    # "INT8 quantization achieves 4× memory reduction"
    _ratio("v2intro-int8-memory-reduction", "roofline", "FP32 weights against INT8",
           INTRO_PITFALLS, "4× memory reduction", 4.0, "32 bit", "8 bit",
           note="From FP32, which the sentence leaves implied: 32/8 = 4."),
    # LinearScalingFallacy: realized = ideal × (1 − overhead): "might predict a 3× improvement
    # but achieve only 1.8× if coordination and communication overhead consumes 40% of the
    # scaled step time"
    _arithmetic("v2intro-linear-scaling-realized", "speedup",
                "A predicted 3× with 40% of the step lost to coordination", INTRO_PITFALLS,
                "1.8×", 1.8, "3 * (1 - 0.40)", note="3 × 0.6 = 1.8."),
)

# the earlier draft the index lists: numbers its newer text no longer prints
INTRODUCTION_EARLY: tuple[Example, ...] = (
    # "This progression represents approximately a 10 million fold increase in training compute
    # over a single decade, from roughly 10¹⁸ FLOPS for AlexNet to 10²⁵ FLOPS for GPT-4."
    _ratio("v2intro-early-compute-growth", "training", "GPT-4's 10²⁵ FLOPs against AlexNet's 10¹⁸",
           intro_early("scale-transformation"), "approximately a 10 million fold increase", 1e7,
           "1e25", "1e18", note="10²⁵/10¹⁸ = 10⁷."),
    # fn-failure-rates: "A cluster of 10,000 GPUs with 2% annual failure rate experiences 200 GPU
    # failures per year, or roughly one every two days. A training run lasting 100 days will
    # statistically encounter 50 or more GPU failures."
    _arithmetic("v2intro-early-10k-gpu-annual-failures", "operations",
                "Failures a year among 10,000 GPUs at 2% each", intro_early("scale-transformation"),
                "200 GPU failures per year", 200.0, "10000 * 0.02", note="10,000 × 0.02 = 200."),
    _arithmetic("v2intro-early-10k-gpu-failure-interval", "operations",
                "The time between those failures", intro_early("scale-transformation"),
                "roughly one every two days", 2 * DAY, "[365 day] / (10000 * 0.02)",
                tolerance=0.5 * DAY, note="365/200 = 1.8 days, which 'roughly' rounds to two."),
    _arithmetic("v2intro-early-100-day-run-failures", "operations",
                "Failures in a 100-day run on that cluster", intro_early("scale-transformation"),
                "50 or more GPU failures", 50.0, "10000 * 0.02 * [100 day] / [365 day]",
                tolerance=5.0, note="200 × 100/365 = 54.8: the book states a floor, 'or more'."),
    # "Using the ring all-reduce algorithm across 1,000 workers connected by 200 Gb/s InfiniBand
    # (25 GB/s), theoretical completion time for the full synchronization approaches 56 seconds
    # (2 × 700 GB ÷ 25 GB/s)."
    Example(
        "v2intro-early-gpt3-ring-allreduce", "data movement",
        "Ring all-reduce of 700 GB over 1,000 workers on 200 Gb/s links",
        intro_early("why-scale-changes"), "approaches 56 seconds", 56.0, law="all-reduce",
        inputs=(("size", "700 GB"), ("devices", "1000"), ("bandwidth", "200 Gb/s")),
        result="ring",
        note="2 × 999/1000 × 700 GB / 25 GB/s = 55.9 s, approaching 2 × 28 s = 56 s."),
)

CONCLUSION: tuple[Example, ...] = (
    # ConclusionScaleFacts: llama_hours_per_failure = 54 × 24 / 419; "Meta's experience training
    # Llama 3 on 16,384 GPUs documented 419 failures over 54 days, averaging one failure every
    # 3.1 hours"
    _arithmetic("v2conc-llama3-failure-cadence", "operations",
                "Llama 3: 419 failures in 54 days", PRINCIPLES,
                "one failure every 3.1 hours", 3.1 * HOUR, "[54 day] / 419",
                note="54 × 24 h = 1,296 h; / 419 = 3.09 h."),
    # fn-tail-effects (ConclusionScaleFacts: tail_hit_probability = 1 − 0.99 ** 100, printed
    # with fmt_percent(precision=1)): "at the 99th percentile, a request touching 100 servers has
    # a 63.4 percent chance of hitting at least one slow server"
    Example(
        "v2conc-fan-out-tail-100-servers", "serving",
        "A request fanned out to 100 servers, each slower than its p99 1% of the time",
        PRINCIPLES, "63.4 percent", 0.634, law="series-reliability",
        inputs=(("p", "0.01"), ("parts", "100")), result="any",
        note="0.99¹⁰⁰ = e^(100 · ln 0.99) = e^(−1.00503) = 0.3660; 1 − 0.3660 = 0.6340."),
    # fn-stragglers (straggler_drop = 1 − 0.80): "a single straggler at 80% speed reduces cluster
    # throughput by 20%"
    _arithmetic("v2conc-straggler-throughput-drop", "speedup",
                "A synchronous cluster paced by one worker at 80% speed",
                PRINCIPLES, "reduces cluster throughput by 20%",
                0.20, "1 - 0.80", note="Every step waits for the slowest: 1 − 0.8 = 0.2."),
    # notebook "Projecting the 100× fleet" (FleetEvolution: orch = target / (hw × algo)):
    # "Orchestration (systems): 100× / (4.0 × 2.5) = 10×"
    _arithmetic("v2conc-orchestration-gain", "speedup",
                "The gain left for orchestration: 100× over 4× hardware and 2.5× algorithm",
                conc("path-forward-caa2"), "10×", 10.0, "100 / (4 * 2.5)",
                note="100/10 = 10."),
    # notebook "The physics of better fabrics" (PostSilicon: 10 pJ/bit / 5 pJ/bit):
    # "Efficiency gain: 2×"
    _ratio("v2conc-optical-io-gain", "energy", "Electrical 10 pJ/bit against optical 5 pJ/bit",
           conc("path-forward-caa2"), "2×", 2.0, "10 pJ/bit", "5 pJ/bit", note="10/5 = 2."),
    # notebook "The Fermi estimate of intelligence" (FermiEstimate: Reference_25K_H100, 25,000
    # H100s at 989 TFLOP/s and 700 W): "25,000 × H100 FP16 tensor peak ≈ 2.47 × 10¹⁹ FLOP/s"
    _arithmetic("v2conc-fermi-cluster-peak", "roofline", "25,000 H100s' FP16 peak",
                conc("engineering-intelligence-scale-eb8a"), "≈ 2.47 × 10¹⁹ FLOP/s", 2.47e19,
                "25000 * [989 TFLOP/s]",
                catalog=(CatalogValue("h100-sxm", "peak:fp16", "989 TFLOP/s",
                                      "dense FP16 Tensor Core peak, rounded"),),
                note="25,000 × 989 × 10¹² = 2.4725 × 10¹⁹ FLOP/s."),
    # "Power: 25,000 × 700 W ≈ 17.5 MW"
    _arithmetic("v2conc-fermi-cluster-power", "energy", "25,000 H100s at 700 W each",
                conc("engineering-intelligence-scale-eb8a"), "≈ 17.5 MW", 17.5 * MW,
                "25000 * [700 W]", note="25,000 × 700 W = 17,500,000 W."),
    # throughput_ratio = machine_ops_rate / (10¹⁴ synapses × 1 Hz × 1 flop): "The machine has
    # 247,250× higher raw peak floating-point operation rate than this rough synaptic-activity
    # estimate"
    _arithmetic("v2conc-fermi-throughput-ratio", "roofline",
                "That peak against 10¹⁴ synapses firing once a second",
                conc("engineering-intelligence-scale-eb8a"), "247,250×", 247250.0,
                "25000 * [989 TFLOP/s] / [1e14 FLOP/s]",
                note="The cell counts one synaptic event as one operation: "
                     "2.4725 × 10¹⁹ / 10¹⁴ = 247,250."),
)

EXAMPLES: tuple[Example, ...] = INTRODUCTION + INTRODUCTION_EARLY + CONCLUSION
