"""The book's worked examples from the 2026 edition's second volume (vol2): the rest of its ML
Operations at Scale chapter (from character 112,000; the start is in vol2_fleet), as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. The chapter file was read at the commit
``COMMITS`` names (the index's listed version, 34b8a7ba, is a two-line stub; this is the stored
full version, 471,340 characters); the quoted sentence sits beside each example. Where the book
prints a value from an inline ``{python}`` cell, the value was worked out by hand from the cell's
code and the book's constants (``mlsysim/core/constants.py``: V100 125 TFLOP/s FP16 at 300 W,
A100 312 TFLOP/s at 400 W, H100 989 TFLOP/s FP16 and 1,979 FP8 at 700 W, B200 9,000 TFLOP/s
FP8 at 1,000 W; ``mlsysim/systems``: Training_1K = 128 DGX H100 nodes = 1,024 GPUs, the
DGX H100 4-node rack's non-accelerator power 11.1 kW), with the arithmetic beside it.

Read: from character 112,000 (Depreciation and lifecycle) to the end of the chapter (471,340).
Not repeated here, because the gallery already holds the same sentence with the same numbers
(from Compute Infrastructure, ``v2compute-*``, or the start of this chapter, ``v2ops-*``): the
V100→H100 refresh ratios (15.8×, 2.3×, 63 GPUs, 44 kW, 43%), the V100 run's $120,000, the A100
and H100 efficiency ratios (1.9×, 6.8×), the 5% checkpoint tax, 6 × 70 × 10⁹ × 10¹² =
4.2 × 10²³, GPT-3's 3.15 × 10²³ FLOPs, the 864 million telemetry points and the $750K of
monitoring debt.

The normal tail areas (2 × (1 − Φ(3)), 2-sigma's 16 alerts a year) and Šidák's 1 − 0.95^(1/20)
use ``arithmetic``'s Φ and fractional powers; the Bonferroni critical value 3.14 is the normal
quantile z_{1−α/2} that the law ``ab-sample-size`` computes on the way to its sample size.
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, chapter_file, sections
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio

# the version of each chapter file that was read (harvard-edge/cs249r_book)
COMMITS = {
    # 34b8a7ba3302380f3b44bfa70f12ef79ab767b48 is a "Coming 2026" stub; the chapter was read at
    # the newest stored version
    "ops_scale": "00219d318157abc13f86bdb3b0d8b536c058fe80",
}
MS, MIN, HOUR, DAY = 1e-3, 60.0, 3600.0, 86400.0
KW, MW = 1e3, 1e6


ops = sections(chapter_file("vol2", "ops_scale"), COMMITS["ops_scale"], "sec-ml-operations-scale-")


DEPRECIATION = ops("depreciation")
POWER = ops("power-efficiency")
CLOUD = ops("cloud-options")
PLANNING = ops("planning")

# 1,000 H100s as 125 DGX nodes at $350,000, resold for $7–10M after three years
_FLEET_1K = "1000/8 × [350000 USD]"

FLEET_ECONOMICS: tuple[Example, ...] = (
    # "Under the $350,000-per-8-GPU-node assumption, a 1,000-GPU H100 cluster costs $43.75
    # million before network and facility costs."
    Example("v2ops2-1k-h100-node-capex", "operations",
            "Node hardware of 1,000 H100s: 125 eight-GPU nodes at $350,000", DEPRECIATION,
            "$43.75 million", 43.75e6, law="total-cost",
            inputs=(("items", "125"), ("price", "$350000")), result="cost",
            note="1,000/8 = 125 nodes × $350,000."),
    # "If that cluster has a resale value of approximately $7--10 million after a three-year
    # refresh window ..., its net hardware depreciation is $33.75--36.75 million. If the cluster
    # trained only two large models ..., each model effectively cost $16.9--18.4 million ... If
    # the same cluster ran continuously at 80 percent utilization for three years ..., the
    # depreciated hardware cost per GPU-hour drops to approximately $1.61--1.75 after resale"
    *(_arithmetic(f"v2ops2-1k-h100-{name}", "operations", title, DEPRECIATION, printed, value,
                  expression, note=note)
      for name, title, printed, value, expression, note in (
          ("depreciation-resale-10m", "Net depreciation of $43.75M of nodes resold for $10M",
           "$33.75 million (of $33.75–36.75 million)", 33.75e6, f"{_FLEET_1K} - [10 MUSD]",
           "43.75 − 10 = $33.75M."),
          ("depreciation-resale-7m", "Net depreciation of $43.75M of nodes resold for $7M",
           "$36.75 million (of $33.75–36.75 million)", 36.75e6, f"{_FLEET_1K} - [7 MUSD]",
           "43.75 − 7 = $36.75M."),
          ("per-model-resale-10m", "Depreciation per model when the cluster trains two",
           "$16.9 million (of $16.9–18.4 million)", 16.9e6, f"({_FLEET_1K} - [10 MUSD]) / 2",
           "33.75/2 = $16.875M."),
          ("per-model-resale-7m", "Depreciation per model, resale at $7M, two models",
           "$18.4 million (of $16.9–18.4 million)", 18.4e6, f"({_FLEET_1K} - [7 MUSD]) / 2",
           "36.75/2 = $18.375M."),
          ("gpu-hour-resale-10m", "Depreciation per GPU-hour: three years at 80%, resale $10M",
           "approximately $1.61 (of $1.61–1.75)", 1.61,
           f"({_FLEET_1K} - [10 MUSD]) / (1000 × 3 × [365 day] × 0.80) × [1 h]",
           "33.75M / (1,000 × 26,280 h × 0.8 = 21,024,000 GPU-hours) = $1.605."),
          ("gpu-hour-resale-7m", "Depreciation per GPU-hour: three years at 80%, resale $7M",
           "$1.75 (of $1.61–1.75)", 1.75,
           f"({_FLEET_1K} - [7 MUSD]) / (1000 × 3 × [365 day] × 0.80) × [1 h]",
           "36.75M / 21,024,000 GPU-hours = $1.748."))),
    # tbl-power-efficiency, cell GpuEfficiencyTableRecap: peak_flops / tdp with precision 2
    # (V100 and A100 at their FP16 peak, H100 and B200 at their FP8 peak)
    *(Example(f"v2ops2-{gpu.lower()}-tflops-per-watt", "energy",
              f"{gpu}: {rate} at {power}", POWER, printed, value, law="compute-per-watt",
              inputs=(("rate", rate), ("power", power)), result="efficiency", note=note)
      for gpu, rate, power, printed, value, note in (
          ("V100", "125 TFLOP/s", "300 W", "0.42 TFLOP/s/W", 0.42e12, "125/300 = 0.417."),
          ("A100", "312 TFLOP/s", "400 W", "0.78 TFLOP/s/W", 0.78e12, "312/400 = 0.78."),
          ("H100", "1979 TFLOP/s", "700 W", "2.83 TFLOP/s/W", 2.83e12, "1,979/700 = 2.827."),
          ("B200", "9000 TFLOP/s", "1000 W", "9.00 TFLOP/s/W", 9.0e12,
           "9,000/1,000 = 9.00 (mlsysim's B200_FLOPS_FP8_TENSOR)."))),
    # tbl-power-efficiency's B200 row: "10.8×" relative efficiency beside its own 9,000 TFLOP/s
    # and 1,000 W (the 1×, 1.9× and 6.8× of the other rows are typed in; 10.8 is too)
    _arithmetic("v2ops2-b200-relative-efficiency", "energy",
                "B200 against V100, TFLOP/s per watt as the table's cells give them", POWER,
                "10.8×", 10.8, "([9000 TFLOP/s] / [1000 W]) / ([125 TFLOP/s] / [300 W])",
                disputed="The row's own cells give 9.00/0.417 = 21.6×; 10.8× is what the dense "
                         "FP8 peak of 4,500 TFLOP/s gives (NVIDIA lists 4.5 PFLOPS dense, 9 with "
                         "2:4 sparsity; the book's constant is the sparse figure).",
                hand_value=21.6),
    # "the organization could match the V100 fleet's throughput with roughly 63 H100 GPUs,
    # consuming only 44 kW and freeing 256 kW of power capacity"
    _arithmetic("v2ops2-refresh-freed-power", "energy",
                "Power freed when 63 H100s replace 1,000 V100s in a 300 kW budget", POWER,
                "256 kW", 256 * KW, "[300 kW] - 63 × [700 W]", note="300 − 44.1 = 255.9 kW."),
    # "Training on 1,000 H100 GPUs requires 700 W but completes in approximately 2--4 weeks ...
    # When electricity costs $0.07/kWh, ... the H100 run costs approximately $25,000."
    Example("v2ops2-h100-run-electricity", "energy",
            "1,000 H100s (700 kW) for three weeks at $0.07/kWh", POWER,
            "approximately $25,000", 25e3, law="power-energy",
            inputs=(("power", "700 kW"), ("time", "504 h"), ("price", "$0.07/kWh")),
            result="cost",
            note="The middle of the book's 2–4 weeks: 700 kW × 504 h × $0.07 = $24,696 (two "
                 "weeks give $16,464, four $32,928)."),
    # "At a 70 percent discount, spot H100 instances cost approximately $1.20 per GPU-hour
    # instead of $4.00. ... the 1,000-GPU, 2--4 week workload consumes approximately
    # 336,000--672,000 allocated GPU-hours. The on-demand cost is therefore about $1.3--2.7
    # million, while spot pricing would reduce the bill to roughly $0.4--0.8 million"
    _arithmetic("v2ops2-spot-h100-price", "operations", "$4.00 per GPU-hour less 70%", CLOUD,
                "approximately $1.20 per GPU-hour", 1.20, "[4 USD/h] × (1 - 0.70) × [1 h]",
                note="4 × 0.3 = $1.20 for one GPU-hour."),
    *(Example(f"v2ops2-1k-gpu-{weeks}-weeks-gpu-hours", "operations",
              f"GPU-hours of 1,000 GPUs for {weeks} weeks", CLOUD,
              f"approximately {gpu_hours:,} allocated GPU-hours (of 336,000–672,000)",
              gpu_hours * HOUR, law="resource-time",
              inputs=(("count", "1000"), ("each", f"{hours} h")), result="total",
              note=f"1,000 × {hours} h.")
      for weeks, hours, gpu_hours in ((2, 336, 336_000), (4, 672, 672_000))),
    *(Example(f"v2ops2-1k-gpu-{weeks}-weeks-{kind}", "operations",
              f"{gpu_hours:,} GPU-hours at ${price} ({kind.replace('-', ' ')})", CLOUD,
              printed, value, law="total-cost",
              inputs=(("items", str(gpu_hours)), ("price", f"${price}")), result="cost",
              note=note)
      for weeks, gpu_hours, kind, price, printed, value, note in (
          (2, 336_000, "on-demand", "4.00", "about $1.3 million (of $1.3–2.7 million)", 1.3e6,
           "336,000 × $4 = $1,344,000."),
          (4, 672_000, "on-demand", "4.00", "$2.7 million (of $1.3–2.7 million)", 2.7e6,
           "672,000 × $4 = $2,688,000."),
          (2, 336_000, "spot", "1.20", "roughly $0.4 million (of $0.4–0.8 million)", 0.4e6,
           "336,000 × $1.20 = $403,200."),
          (4, 672_000, "spot", "1.20", "$0.8 million (of $0.4–0.8 million)", 0.8e6,
           "672,000 × $1.20 = $806,400."))),
    # cell PlanningThroughputScenario: GPT-3 on Training_1K (1,024 H100s) at the FP16 peak of
    # 989 TFLOP/s and MFU = MfuHigh × 0.9 = 45% (its guard: cluster 450–460 PFLOP/s): "each H100
    # delivers 989 TFLOP/s peak and 445.1 TFLOP/s sustained at 45% MFU. With 1,024 GPUs, the
    # cluster reaches roughly 455.7 PFLOP/s sustained and completes the run in about 8 days"
    _arithmetic("v2ops2-plan-h100-sustained", "training", "An H100's FP16 peak at 45% MFU",
                PLANNING, "445.1 TFLOP/s", 445.1e12, "[989 TFLOP/s] × 0.45",
                note="989 × 0.45 = 445.05 TFLOP/s."),
    _arithmetic("v2ops2-plan-cluster-sustained", "training", "1,024 H100s at 445 TFLOP/s each",
                PLANNING, "roughly 455.7 PFLOP/s", 455.7e15, "1024 × [989 TFLOP/s] × 0.45",
                note="1,024 × 445.05 = 455,731 TFLOP/s."),
    Example("v2ops2-plan-ideal-days", "training",
            "GPT-3 (3.15 × 10²³ FLOPs) on 1,024 H100s at 45% of the FP16 peak", PLANNING,
            "about 8 days", 8 * DAY, law="time-to-train",
            inputs=(("flops", "3.15e23"), ("devices", "1024"), ("peak", "989 TFLOP/s"),
                    ("utilization", "0.45")), result="time",
            note="3.15 × 10²³ / 455.7 × 10¹⁵ FLOP/s = 691,190 s = 8.0 days."),
    # "The 128 nodes draw 33.5 kW per 4-node rack across 32 racks at approximately 1.1 MW"
    # (rack.total_power = 4 × 8 × 700 W of GPUs + 11.1 kW non-accelerator)
    _arithmetic("v2ops2-dgx-h100-rack-power", "energy",
                "A 4-node DGX H100 rack: 32 GPUs at 700 W plus 11.1 kW of the rest", PLANNING,
                "33.5 kW", 33.5 * KW, "4 × 8 × [700 W] + [11.1 kW]",
                note="22.4 + 11.1 = 33.5 kW."),
    _arithmetic("v2ops2-dgx-h100-32-racks-power", "energy", "32 racks of 33.5 kW", PLANNING,
                "approximately 1.1 MW", 1.1 * MW, "32 × (4 × 8 × [700 W] + [11.1 kW])",
                note="32 × 33.5 = 1,072 kW."),
    # "renting the six-runs-per-year workload in the cloud is roughly $24--48M depending on
    # whether each run lasts 2 or 4 weeks" (three years of 1,000 GPUs at $4.00 per GPU-hour)
    *(_arithmetic(f"v2ops2-plan-cloud-18-runs-{weeks}-weeks", "operations",
                  f"Eighteen {weeks}-week runs on 1,000 cloud GPUs at $4 per GPU-hour",
                  PLANNING, printed, value, f"18 × 1000 × [{hours} h] × [4 USD/h]", note=note)
      for weeks, hours, printed, value, note in (
          (2, 336, "roughly $24M (of $24–48M)", 24e6, "18 × $1,344,000 = $24.19M."),
          (4, 672, "$48M (of $24–48M)", 48e6, "18 × $2,688,000 = $48.38M."))),
)

ROLLOUT = ops("staged-rollout-strategies-2d1f")
CANARY = ops("worked-example-canary-duration-calculation-9448")
SHADOW = ops("shadow-deployment-traffic-replay-ee4f")
SAMPLE_SIZE = ops("worked-example-sample-size-recommendation-model-5d42")
MULTIPLE = ops("multiple-testing-correction-023f")
MULTIPLE_EXAMPLE = ops("worked-example-multiple-testing-scenario-ce6c")
NETWORK_BIAS = ops("worked-example-network-effect-bias-social-recommendation-3de0")
# the book's two-proportion sample size with z rounded: (1.96 + 0.84)² × 2p(1 − p)/δ²
_N_5_PERCENT = "(1.96 + 0.84)^2 × 2 × 0.05 × 0.95 / 0.005^2"
_N_1_PERCENT = "(1.96 + 0.84)^2 × 2 × 0.01 × 0.99 / 0.0005^2"

DEPLOYMENT: tuple[Example, ...] = (
    # nbk-ops-scale-safety-staged-rollouts: "Risk Mitigation: 100/5 = 20×"
    _ratio("v2ops2-canary-risk-reduction", "operations",
           "Exposure of a full cutover over a 5% canary", ROLLOUT, "20×", 20.0, "1", "0.05",
           note="100%/5% = 20."),
    # "A model serves 1 million requests per hour. ... approximately 10,000 samples per variant.
    # At 1 percent canary traffic: t = 10,000 / (1,000,000 × 0.01) = 1 hour. At 5 percent ...
    # = 0.2 hours = 12 minutes"
    _arithmetic("v2ops2-canary-1-percent-duration", "operations",
                "10,000 samples at 1% of a million requests an hour", CANARY, "1 hour", HOUR,
                "[10000] / ([1000000 /h] × 0.01)",
                note="t_stage = n/(r·p) = 10,000/10,000 per hour."),
    _arithmetic("v2ops2-canary-5-percent-duration", "operations",
                "10,000 samples at 5% of a million requests an hour", CANARY, "12 minutes",
                12 * MIN, "[10000] / ([1000000 /h] × 0.05)", note="10,000/50,000 = 0.2 h."),
    # "1 percent for 2 hours ..., 5 percent for 30 minutes, 25 percent for 30 minutes, 50 percent
    # for 1 hour, 100 percent deployment. Total rollout: approximately 4 hours"
    _arithmetic("v2ops2-canary-total-rollout", "operations", "The configured canary stages",
                CANARY, "approximately 4 hours", 4 * HOUR,
                "[2 h] + [30 min] + [30 min] + [1 h]", note="2 + 0.5 + 0.5 + 1 = 4 h."),
    # nbk-ops-scale-cost-delayed-alert, cell SilentFailure: 5,000 requests/s for 24 hours, CTR
    # 5% → 4.5%, $0.50 a click: total_requests = 5000 × 3600 × 24; lost = × 0.005; loss = × 0.50
    _arithmetic("v2ops2-silent-failure-requests", "serving", "A day of 5,000 requests/s",
                CANARY, "432000000 requests", 432e6, "[5000 /s] × [1 day]",
                note="5,000 × 86,400 = 432,000,000."),
    _arithmetic("v2ops2-silent-failure-lost-clicks", "serving",
                "Clicks lost in a day when CTR falls from 5% to 4.5%", CANARY,
                "2,160,000 lost clicks", 2.16e6, "[5000 /s] × [1 day] × (0.05 - 0.045)",
                note="432,000,000 × 0.005."),
    _arithmetic("v2ops2-silent-failure-loss", "operations",
                "Revenue lost: 2.16 million clicks at $0.50", CANARY, "$1,080,000", 1.08e6,
                "[5000 /s] × [1 day] × (0.05 - 0.045) × [0.50 USD]",
                note="2,160,000 × $0.50."),
    # fn-slo-three-nines: "'three nines' (99.9 percent) availability allows only 8.7 hours of
    # downtime per year"
    _arithmetic("v2ops2-three-nines-downtime", "operations", "A year at 99.9% availability",
                SHADOW, "8.7 hours", 8.7 * HOUR, "(1 - 0.999) × [365 day]",
                disputed="0.001 × 8,760 h = 8.76 h, which rounds to 8.8 (8.77 with 365.25 "
                         "days); the book truncates.", hand_value=8.76 * HOUR),
    # worked example, multi-region coordination: "5 regions with average inter-region latency of
    # 80 ms ... Minimum coordination overhead per phase transition: 320 ms ... For a deployment
    # with 5 canary phases, coordination adds 1.6 seconds"
    _arithmetic("v2ops2-multiregion-phase-overhead", "operations",
                "Announce, acknowledge, confirm, collect: four 80 ms trips",
                ops("worked-example-multiregion-coordination-overhead-a78b"), "320 ms",
                320 * MS, "4 × [80 ms]"),
    _arithmetic("v2ops2-multiregion-deployment-overhead", "operations",
                "Five canary phases of 320 ms coordination",
                ops("worked-example-multiregion-coordination-overhead-a78b"), "1.6 seconds",
                1.6, "5 × 4 × [80 ms]"),
    # sequential regional rollout: 24–48 h + 24–48 h + 24–48 h + 12–24 h: "Total deployment
    # duration: 4 to 8 days for a conservative rollout"
    _arithmetic("v2ops2-sequential-rollout-longest", "operations",
                "Sequential five-region rollout at the long end of each phase",
                ops("deployment-strategies-fc90"), "8 days (of 4 to 8 days)", 8 * DAY,
                "3 × [48 h] + [24 h]",
                disputed="The four phases sum to 3 × 48 + 24 = 168 h = 7 days at most (and "
                         "3 × 24 + 12 = 84 h = 3.5 days at least), not 8.",
                hand_value=7 * DAY),
    # "A shadow model that times out on 0.1 percent of requests encounters 1,000 failures per
    # day at 1M requests/day scale"
    _arithmetic("v2ops2-shadow-timeouts", "serving", "0.1% of a million requests a day", SHADOW,
                "1,000 failures per day", 1000.0, "0.001 × 1000000"),
    # "z = (0.015 − 0.010) / sqrt(0.0125 × 0.9875 × (2/100000)) = 0.005/0.000497 ≈ 10.1"
    _arithmetic("v2ops2-shadow-disagreement-z", "serving",
                "Two-proportion z: 1.5% against 1% disagreement over 100K requests each", SHADOW,
                "≈ 10.1", 10.1, "(0.015 - 0.010) / sqrt(0.0125 × 0.9875 × 2/100000)",
                note="Pooled p = 0.0125: 0.005/0.000497 = 10.06."),
    # worked example, shadow workflow: 5 million transactions a day; "Shadow infrastructure
    # handles 500K requests/day" at 10%; "flags 0.02 percent of transactions as errors ...
    # (1,000 transactions/day)"
    _arithmetic("v2ops2-shadow-sampled-load", "serving", "10% of 5 million transactions a day",
                ops("worked-example-shadow-deployment-workflow-216d"), "500K requests/day",
                500e3, "0.10 × 5000000"),
    _arithmetic("v2ops2-shadow-flagged-errors", "serving",
                "0.02% of 5 million transactions a day",
                ops("worked-example-shadow-deployment-workflow-216d"),
                "1,000 transactions/day", 1000.0, "0.0002 × 5000000"),
    # "n = (1.96 + 0.84)² × 2 × 0.05 × 0.95 / 0.005² = 7.84 × 0.095 / 0.000025 = 0.7448 /
    # 0.000025 = 29,792"
    _arithmetic("v2ops2-ab-sample-size-5-percent-ctr", "operations",
                "Samples per variant: 5% CTR, 0.5-point lift, 95% confidence, 80% power",
                SAMPLE_SIZE, "29,792", 29792.0, _N_5_PERCENT,
                note="The book's formula (Z_α + Z_β)² × 2p(1 − p)/δ² with Z rounded to 1.96 "
                     "and 0.84 (the law ab-sample-size uses p₁(1 − p₁) + p₂(1 − p₂) and exact "
                     "quantiles, a different estimate)."),
    # "n = 7.84 × 2 × 0.01 × 0.99 / 0.0005² = 0.1552 / 0.00000025 = 620,800"
    _arithmetic("v2ops2-ab-sample-size-1-percent-ctr", "operations",
                "Samples per variant: 1% CTR, 0.05-point lift", SAMPLE_SIZE, "620,800",
                620800.0, _N_1_PERCENT,
                disputed="7.84 × 0.0198 = 0.155232, not 0.1552; / 2.5 × 10⁻⁷ = 620,928 (the "
                         "book's next line, 'approximately 621K', agrees with 620,928).",
                hand_value=620928.0),
    # "At 1M total requests/day split evenly between the two variants, the experiment requires
    # about 30 hours."
    _arithmetic("v2ops2-ab-1-percent-ctr-duration", "operations",
                "Two variants of 621K samples at a million requests a day", SAMPLE_SIZE,
                "about 30 hours", 30 * HOUR, f"2 × {_N_1_PERCENT} / [1000000 /day]",
                note="1,241,856 / 10⁶ a day = 1.24 days = 29.8 h."),
    # "1 − (1 − α)^k = 1 − 0.95^20 = 0.642"; "For 20 tests ... use α' = 0.0025"
    _arithmetic("v2ops2-fwer-20-tests", "operations",
                "Chance of a false positive among 20 tests at α = 0.05", MULTIPLE, "0.642",
                0.642, "1 - 0.95^20",
                note="0.95²⁰ = e^(20 · ln 0.95) = e^(−1.0259) = 0.3585; 1 − 0.3585 = 0.6415."),
    _arithmetic("v2ops2-bonferroni-20-tests", "operations", "Bonferroni: 0.05 over 20 tests",
                MULTIPLE, "0.0025", 0.0025, "0.05 / 20"),
    # eq-sidak-correction: "For 20 tests: α' = 1 − 0.95^{1/20} = 0.00256, slightly more lenient
    # than Bonferroni."
    _arithmetic("v2ops2-sidak-20-tests", "operations", "Šidák: the per-test level for 20 tests",
                MULTIPLE, "0.00256", 0.00256, "1 - 0.95^(1/20)",
                note="0.95^(1/20) = e^(ln 0.95 / 20) = e^(−0.0025647) = 0.997439; "
                     "1 − 0.997439 = 0.002561, above Bonferroni's 0.0025."),
    # "30 A/B tests per quarter ... expect 30 × 0.05 = 1.5 false positives per quarter. Over a
    # year, expect approximately 6 ... α' = 0.05/30 = 0.00167 ... the critical value rises to
    # about 3.14, increasing the requirement to roughly 60K samples per variant."
    _arithmetic("v2ops2-false-positives-quarter", "operations", "30 tests at α = 0.05",
                MULTIPLE_EXAMPLE, "1.5", 1.5, "30 × 0.05"),
    _arithmetic("v2ops2-false-positives-year", "operations", "Four quarters of 30 tests",
                MULTIPLE_EXAMPLE, "approximately 6", 6.0, "4 × 30 × 0.05"),
    _arithmetic("v2ops2-bonferroni-30-tests", "operations", "Bonferroni: 0.05 over 30 tests",
                MULTIPLE_EXAMPLE, "0.00167", 0.00167, "0.05 / 30"),
    # "With a two-sided Bonferroni threshold, the critical value rises to about 3.14": the
    # normal quantile z_{1−α'/2} at α' = 0.00167
    _arithmetic("v2ops2-bonferroni-30-tests-critical-value", "operations",
                "The two-sided critical value at the Bonferroni level 0.00167", MULTIPLE_EXAMPLE,
                "about 3.14", 3.14, "Φ⁻¹(1 - 0.00167 / 2)",
                note="z with Φ(z) = 1 − 0.00167/2 = 0.999165: Φ(3.14) = 0.999155 and Φ(3.15) = "
                     "0.999184, so z = 3.1434 (3.1440 at 0.05/30 exactly)."),
    _arithmetic("v2ops2-ab-sample-size-bonferroni", "operations",
                "Samples per variant with the critical value raised to 3.14", MULTIPLE_EXAMPLE,
                "roughly 60K", 60e3, "(3.14 + 0.84)^2 × 2 × 0.05 × 0.95 / 0.005^2",
                note="15.84 × 0.095 / 0.000025 = 60,194."),
    # worked example, network effect bias: treatment 45.2, control 43.8, adjusted control 42.3
    # minutes: "+1.4 minutes (+3.2 percent)"; "+2.9 minutes (+6.9 percent)"; "inflated control
    # by 1.5 minutes"; "DEFF = 1 + (1.4 − 1) × 0.15 = 1.06"
    _arithmetic("v2ops2-sutva-naive-effect", "operations", "Treatment minus control minutes",
                NETWORK_BIAS, "+1.4 minutes", 1.4 * MIN, "[45.2 min] - [43.8 min]"),
    _ratio("v2ops2-sutva-naive-lift", "operations", "45.2 against 43.8 minutes", NETWORK_BIAS,
           "+3.2 percent", 0.032, "45.2 min", "43.8 min", result="change",
           note="1.4/43.8 = 3.20%."),
    _arithmetic("v2ops2-sutva-true-effect", "operations",
                "Treatment minus the spillover-free control", NETWORK_BIAS, "+2.9 minutes",
                2.9 * MIN, "[45.2 min] - [42.3 min]"),
    _ratio("v2ops2-sutva-true-lift", "operations", "45.2 against 42.3 minutes", NETWORK_BIAS,
           "+6.9 percent", 0.069, "45.2 min", "42.3 min", result="change",
           note="2.9/42.3 = 6.86%."),
    _arithmetic("v2ops2-sutva-control-inflation", "operations",
                "Spillover into the control group", NETWORK_BIAS, "1.5 minutes", 1.5 * MIN,
                "[43.8 min] - [42.3 min]"),
    _arithmetic("v2ops2-sutva-design-effect", "operations",
                "Design effect: clusters of 1.4 users, intra-cluster correlation 0.15",
                NETWORK_BIAS, "1.06", 1.06, "1 + (1.4 - 1) × 0.15"),
)

ALERTS = ops("alert-fatigue-problem-038c")
ALERT_VOLUME = ops("worked-example-alert-volume-calculation-94aa")
THRESHOLDS = ops("alerting-thresholds-false-positive-analysis-7b48")
COST_SPIKE = ops("worked-example-detecting-inference-cost-spike-9069")
CLUSTER_EFFICIENCY = ops("worked-example-gpu-cluster-efficiency-87b0")
SPOT = ops("spot-preemptible-instances-ad69")
TRAINING_COST = ops("worked-example-training-cost-calculation-6535")
TCO_COMPARISON = ops("worked-example-startup-vs-production-company-tco-a2cb")
OPTIMIZATION = ops("worked-example-optimization-investment-decision-cc81")
_TRAINING_RUN = "256 × 14 × [24 h] × [3.50 USD/h] × 1.15 × 1.15"
_STARTUP = "([5000 USD] + [2000 USD] + [500 USD] + [40000 USD])"
_PRODUCTION = "([150000 USD] + [400000 USD] + [80000 USD] + [350000 USD])"

MONITORING_AND_COST: tuple[Example, ...] = (
    # nbk-ops-scale-false-alarm-tax, cell FalseAlarmTax: 100 models × 10 metrics, specificity
    # 0.997, a check every 5 minutes: "1,000 × 288 × 0.003 ≈ 864 alerts/day"
    _arithmetic("v2ops2-false-alarm-tax", "operations",
                "False alarms a day: 1,000 monitors at 3 sigma, checked every 5 minutes", ALERTS,
                "≈ 864 alerts/day", 864.0, "100 × 10 × (1 - 0.997) × (24 × 60 / 5)",
                note="1,000 × 288 × 0.003 = 864."),
    # "Daily false alerts = 100 × 10 × 0.05 × (24 × 60)/5 = 14,400. Even if 99 percent of these
    # are deduplicated or auto-resolved, the remaining 144 alerts daily"
    _arithmetic("v2ops2-alert-volume-2-sigma", "operations",
                "False alerts a day at 2 sigma (5%)", ALERT_VOLUME, "14,400", 14400.0,
                "100 × 10 × 0.05 × 24 × 60 / 5"),
    _arithmetic("v2ops2-alert-volume-after-dedup", "operations",
                "The 1% of 14,400 left after deduplication", ALERT_VOLUME, "144", 144.0,
                "(1 - 0.99) × 100 × 10 × 0.05 × 24 × 60 / 5"),
    # fn-spc-ml: "100 models with 10 metrics each generate roughly 3 spurious alerts per
    # evaluation at 3-sigma" (0.27 percent)
    _arithmetic("v2ops2-spc-spurious-per-evaluation", "operations",
                "1,000 metrics at a 0.27% false-alarm rate",
                ops("statistical-process-control-c95d"), "roughly 3", 3.0, "100 × 10 × 0.0027",
                note="2.7 a round of checks."),
    # nbk-ops-scale-time-detection-monitoring-lag, cell DriftLatency: p1 = 0.95, p2 = 0.93,
    # z 1.96 + 0.84, 1,000 labels an hour: n = (z_a + z_b)² (p1 q1 + p2 q2)/(p1 − p2)²
    _arithmetic("v2ops2-drift-samples", "operations",
                "Labels to detect accuracy falling from 95% to 93%", ops("drift-detection-793f"),
                "2,207", 2207.0,
                "(1.96 + 0.84)^2 × (0.95 × 0.05 + 0.93 × 0.07) / (0.95 - 0.93)^2",
                note="7.84 × 0.1126 / 0.0004 = 2,206.96 (z rounded as in the cell; the law "
                     "ab-sample-size with exact quantiles gives 2,209, rounded up to 2,210)."),
    _arithmetic("v2ops2-drift-detection-latency", "operations",
                "Those 2,207 labels at 1,000 an hour", ops("drift-detection-793f"),
                "≈ 2.2 hours", 2.2 * HOUR,
                "(1.96 + 0.84)^2 × (0.95 × 0.05 + 0.93 × 0.07) / (0.95 - 0.93)^2 / "
                "[1000 /h]"),
    # "Pr(false positive per day) = 2 × (1 − Φ(3)) ≈ 0.0027 ... E[false alerts per year] =
    # 365 × 0.0027 ≈ 1"
    _arithmetic("v2ops2-cost-3-sigma-daily-false-positive", "operations",
                "A normal metric outside ±3 sigma on a given day", THRESHOLDS, "≈ 0.0027",
                0.0027, "2 × (1 - Φ(3))",
                note="Φ(3) = 0.998650; 2 × 0.001350 = 0.002700."),
    _arithmetic("v2ops2-cost-alerts-per-year", "operations", "A year of daily 3-sigma checks",
                THRESHOLDS, "≈ 1", 1.0, "365 × 0.0027", note="0.99."),
    # "Lowering the threshold to 2-sigma would increase annual false alerts to approximately 16"
    _arithmetic("v2ops2-cost-alerts-per-year-2-sigma", "operations",
                "A year of daily 2-sigma checks", THRESHOLDS, "approximately 16", 16.0,
                "365 × 2 × (1 - Φ(2))", tolerance=1.0,
                note="Φ(2) = 0.977250; 2 × 0.022750 = 0.0455 a day × 365 = 16.6 a year, which "
                     "the book's 'approximately 16' truncates (17 to the nearest alert); this "
                     "example allows one alert."),
    # "Z = ($250 − $100)/$15 = $150/$15 = 10"; "P99 latency increased from 50 ms to 125 ms,
    # which means each request now consumes roughly 2.5× the GPU-seconds"
    _arithmetic("v2ops2-cost-spike-z", "operations", "Z-score of a $250 day: mean $100, σ $15",
                COST_SPIKE, "10", 10.0, "([250 USD] - [100 USD]) / [15 USD]"),
    _ratio("v2ops2-cost-spike-per-request", "operations", "p99 of 125 ms against 50 ms",
           COST_SPIKE, "roughly 2.5×", 2.5, "125 ms", "50 ms"),
    # "$100 × 24 × $2.50 = $6,000/day, but only 100 × 24 × 0.65 × $2.50 = $3,900/day ...
    # 100 × 24 × 0.80 × $2.50 = $4,800/day"
    *(_arithmetic(f"v2ops2-cluster-spend-{name}", "operations", title, CLUSTER_EFFICIENCY,
                  printed, value, expression)
      for name, title, printed, value, expression in (
          ("provisioned", "A day of 100 GPUs at $2.50 per GPU-hour", "$6,000/day", 6000.0,
           "100 × [24 h] × [2.50 USD/h]"),
          ("useful-65", "Its useful part at 65% utilisation", "$3,900/day", 3900.0,
           "100 × [24 h] × 0.65 × [2.50 USD/h]"),
          ("useful-80", "Its useful part at 80% utilisation", "$4,800/day", 4800.0,
           "100 × [24 h] × 0.80 × [2.50 USD/h]"))),
    # dfn-ops-scale-finops-ml: "A team running 1,000 GPU-hours/day at $3/GPU-hour spends
    # $3,000/day ($1.1M/year)"
    _arithmetic("v2ops2-finops-daily-spend", "operations", "1,000 GPU-hours at $3",
                ops("finops-ml-platforms-ffd6"), "$3,000/day", 3000.0,
                "[1000 h] × [3 USD/h]"),
    _arithmetic("v2ops2-finops-annual-spend", "operations", "A year of $3,000 a day",
                ops("finops-ml-platforms-ffd6"), "$1.1M/year", 1.1e6,
                "365 × [1000 h] × [3 USD/h]", note="$1,095,000."),
    # "Training Cost Comparison (100 GPU-hours): On-demand: 100 × $3.00 = $300; Spot (70%
    # discount): 100 × $0.90 = $90 ...; Reserved (40% discount): 100 × $1.80 = $180 ...;
    # Actual spot with interruptions: ~$110 (accounting for 20% rerun overhead)"
    Example("v2ops2-100-gpu-hours-on-demand", "operations", "100 GPU-hours at $3.00", SPOT,
            "$300", 300.0, law="total-cost", inputs=(("items", "100"), ("price", "$3.00")),
            result="cost"),
    *(_arithmetic(f"v2ops2-100-gpu-hours-{name}", "operations", title, SPOT, printed, value,
                  expression, note=note)
      for name, title, printed, value, expression, note in (
          ("spot", "100 GPU-hours at 70% off $3.00", "$90", 90.0,
           "100 × [3 USD] × (1 - 0.70)", "100 × $0.90."),
          ("reserved", "100 GPU-hours at 40% off $3.00", "$180", 180.0,
           "100 × [3 USD] × (1 - 0.40)", "100 × $1.80."),
          ("spot-with-reruns", "The spot bill with 20% of the work rerun", "~$110", 110.0,
           "100 × [3 USD] × (1 - 0.70) × 1.20", "$90 × 1.2 = $108."))),
    # "C_train = 256 × (14 × 24) × $3.50 × 1.15 × 1.15 ≈ $398,147. If this model requires
    # quarterly retraining, annual training cost reaches approximately $1.6 million."
    _arithmetic("v2ops2-training-cost-256-h100", "operations",
                "256 H100s for 14 days at $3.50, PUE 1.15, 15% failure overhead",
                TRAINING_COST, "≈ $398,147", 398147.0, _TRAINING_RUN,
                note="86,016 GPU-hours × $3.50 = $301,056 × 1.3225 = $398,146.56."),
    _arithmetic("v2ops2-training-cost-quarterly", "operations", "Four such runs a year",
                TRAINING_COST, "approximately $1.6 million", 1.6e6, f"4 × {_TRAINING_RUN}",
                note="$1,592,586."),
    # "a feature engineering pipeline processing 10 terabytes daily at $0.02 per gigabyte costs
    # $73,000 annually"
    _arithmetic("v2ops2-feature-pipeline-processing", "operations",
                "A year of 10 TB a day at $0.02 per GB", ops("data-cost-model-c51a"),
                "$73,000", 73000.0, "[10 TB] / [1 GB] × [0.02 USD] × 365",
                note="10,000 GB × $0.02 × 365."),
    # "If 90 percent of experiments do not improve production metrics, the effective cost per
    # successful experiment is 10× the nominal experiment cost."
    _arithmetic("v2ops2-failed-experiments-multiplier", "operations",
                "Cost per success when 90% of experiments fail", ops("iteration-cost-model-50a9"),
                "10×", 10.0, "1 / (1 - 0.90)"),
    # tbl-ops-tco-comparison, cell TcoComparison: startup $5,000 + $2,000 + $500 + $40,000 a
    # month; production $150,000 + $400,000 + $80,000 + $350,000
    _arithmetic("v2ops2-tco-startup-total", "operations", "A startup's monthly TCO",
                TCO_COMPARISON, "$47,500/month", 47500.0, _STARTUP),
    _arithmetic("v2ops2-tco-production-total", "operations", "A production company's monthly TCO",
                TCO_COMPARISON, "$980,000/month", 980000.0, _PRODUCTION),
    *(_ratio(f"v2ops2-tco-scale-{name}", "operations", f"{label}: production over startup",
             TCO_COMPARISON, printed, value, a, b)
      for name, label, printed, value, a, b in (
          ("training", "Training", "30×", 30.0, "150000 USD", "5000 USD"),
          ("inference", "Inference", "200×", 200.0, "400000 USD", "2000 USD"),
          ("data", "Data", "160×", 160.0, "80000 USD", "500 USD"),
          ("iteration", "Iteration", "8.75×", 8.75, "350000 USD", "40000 USD"),
          ("total", "Total TCO", "20.6×", 20.6, "980000 USD", "47500 USD"))),
    _arithmetic("v2ops2-tco-startup-iteration-share", "operations",
                "Iteration's share of the startup's TCO", TCO_COMPARISON, "84 percent", 0.84,
                f"[40000 USD] / {_STARTUP}", note="40,000/47,500 = 84.2%."),
    _arithmetic("v2ops2-tco-production-inference-share", "operations",
                "Inference's share of the production company's TCO", TCO_COMPARISON,
                "41 percent", 0.41, f"[400000 USD] / {_PRODUCTION}",
                note="400,000/980,000 = 40.8%."),
    # worked example, optimization investment: "$400,000 × 0.40 = $160,000 ... T = $80,000 /
    # $160,000/month = 0.5 months ... $150,000 × 0.30 = $45,000 ... $80,000/$45,000 = 1.8 months"
    _arithmetic("v2ops2-int8-monthly-savings", "operations",
                "40% of $400,000 a month of inference", OPTIMIZATION, "$160,000", 160e3,
                "[400000 USD] × 0.40"),
    _arithmetic("v2ops2-int8-breakeven-months", "operations",
                "Months to earn back $80,000 at $160,000 a month", OPTIMIZATION, "0.5 months",
                0.5, "[80000 USD] / ([400000 USD] × 0.40)"),
    _arithmetic("v2ops2-training-opt-monthly-savings", "operations",
                "30% of $150,000 a month of training", OPTIMIZATION, "$45,000", 45e3,
                "[150000 USD] × 0.30"),
    _arithmetic("v2ops2-training-opt-breakeven-months", "operations",
                "Months to earn back $80,000 at $45,000 a month", OPTIMIZATION, "1.8 months",
                1.8, "[80000 USD] / ([150000 USD] × 0.30)", note="1.78 months."),
)

FRESHNESS = ops("worked-example-freshness-impact-model-quality-676b")
POINT_IN_TIME = ops("pointintime-correctness-41f4")
FEATURE_SCALE = ops("scale-challenges-b84b")
QUALITY_INCIDENT = ops("worked-example-debugging-data-quality-incident-72cd")
PITFALLS = ops("fallacies-pitfalls-fe00")
# cell FeatureStoreScale: 100 M users × 1,000 features × one version an hour for a year, 100 B
_HISTORY = "100e6 × 1000 × [365 day] / [1 h]"
_LOOKUPS = "1e9 × 100"

FEATURE_STORES: tuple[Example, ...] = (
    # tbl-feature-freshness-engagement: +12.3% real-time, +10.2% hourly, +8.1% daily: "The
    # engagement difference between hourly and real-time features is 2.1 percentage points";
    # caption: "Real-time features ... deliver 4.2 percentage points of additional engagement
    # lift over daily features"
    _arithmetic("v2ops2-freshness-realtime-over-hourly", "operations",
                "Engagement lift: real-time against hourly features", FRESHNESS,
                "2.1 percentage points", 0.021, "[12.3%] - [10.2%]"),
    _arithmetic("v2ops2-freshness-realtime-over-daily", "operations",
                "Engagement lift: real-time against daily features", FRESHNESS,
                "4.2 percentage points", 0.042, "[12.3%] - [8.1%]"),
    # "the correct point-in-time value at noon is 4 clicks, but a naive batch join would supply
    # the midnight value of 10, inflating the training signal by 2.5 times"
    _ratio("v2ops2-time-travel-inflation", "operations", "10 clicks at midnight against 4 at noon",
           POINT_IN_TIME, "2.5 times", 2.5, "10", "4"),
    # "the history contains 876 trillion feature values. At 100 B per value, this represents
    # approximately 87.6 PB before compression"
    _arithmetic("v2ops2-feature-history-values", "data movement",
                "Feature history: 100 M users × 1,000 features × hourly versions for a year",
                POINT_IN_TIME, "876 trillion feature values", 876e12, _HISTORY,
                note="10¹¹ × 8,760 = 8.76 × 10¹⁴."),
    _arithmetic("v2ops2-feature-history-bytes", "data movement",
                "Those values at 100 bytes each", POINT_IN_TIME, "approximately 87.6 PB",
                87.6e15, f"{_HISTORY} × [100 B]"),
    # "1 billion daily recommendations with 100 features per recommendation produces 100 billion
    # feature lookups per day. That average load is roughly 1.16M requests/s"
    _arithmetic("v2ops2-feature-lookups-per-day", "data movement",
                "Lookups a day: a billion recommendations of 100 features", FEATURE_SCALE,
                "100 billion feature lookups", 100e9, _LOOKUPS),
    _arithmetic("v2ops2-feature-lookup-rate", "data movement",
                "Those lookups spread over a day", FEATURE_SCALE, "roughly 1.16M requests/s",
                1.16e6, f"{_LOOKUPS} / [1 day]", note="10¹¹/86,400 = 1,157,407 a second."),
    # "A daily data pipeline expected to produce 10 million user events but delivering only 8.2
    # million user events is 82 percent complete"
    _ratio("v2ops2-data-completeness", "data movement", "8.2 million of 10 million events",
           ops("data-quality-operations-e77b"), "82 percent", 0.82, "8.2e6", "10e6"),
    # "user_engagement_score mean shifting from 0.42 to 0.31, a 26 percent decline"; "8 percent
    # of $15M/week over five days produces $857K in lost revenue ... within four hours, reducing
    # impact by 97 percent" (cell: revenue_impact = 0.08 × 15M × 5/7, rounded to $1,000;
    # impact_reduction = 1 − 4/(5 × 24)); margin figure: "marked as a 30x gap"
    _arithmetic("v2ops2-engagement-score-decline", "operations",
                "Feature mean falling from 0.42 to 0.31", QUALITY_INCIDENT, "26 percent", 0.26,
                "(0.42 - 0.31) / 0.42", note="0.11/0.42 = 0.262."),
    _arithmetic("v2ops2-data-incident-revenue", "operations",
                "8% of $15M a week for five days", QUALITY_INCIDENT, "$857K", 857e3,
                "0.08 × [15 MUSD] × 5 / 7", note="$857,143, rounded to the thousand."),
    _arithmetic("v2ops2-data-incident-alert-reduction", "operations",
                "Impact saved by a 4-hour alert instead of 5 days", QUALITY_INCIDENT,
                "97 percent", 0.97, "1 - [4 h] / (5 × [24 h])", note="1 − 4/120 = 0.967."),
    _ratio("v2ops2-data-incident-detection-gap", "operations",
           "Five days of detection against a four-hour alert", QUALITY_INCIDENT, "30x", 30.0,
           "5 day", "4 h"),
    # Fallacies: "A platform supporting 40 models with per-model operational practices requires
    # 1,600 engineer-hours monthly ($2.88M annually at $150/hour)" (40 hours a model a month,
    # the chapter's earlier figure)
    _arithmetic("v2ops2-per-model-ops-hours", "operations", "40 models at 40 hours a month",
                PITFALLS, "1,600 engineer-hours monthly", 1600 * HOUR, "40 × [40 h]"),
    _arithmetic("v2ops2-per-model-ops-cost", "operations",
                "A year of 1,600 engineer-hours a month at $150/hour", PITFALLS,
                "$2.88M annually", 2.88e6, "12 × 40 × [40 h] × [150 USD/h]"),
    # "A recommendation platform generating $15M weekly with 10 percent from ML that improves 15
    # percent with real-time features gains $225K weekly"
    _arithmetic("v2ops2-realtime-features-weekly-gain", "operations",
                "15% more of the 10% of $15M a week that ML drives", PITFALLS, "$225K weekly",
                225e3, "[15 MUSD] × 0.10 × 0.15"),
)

EXAMPLES: tuple[Example, ...] = FLEET_ECONOMICS + DEPLOYMENT + MONITORING_AND_COST + FEATURE_STORES
