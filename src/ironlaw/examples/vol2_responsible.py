"""The book's worked examples from the 2026 edition's second volume (vol2): its Responsible AI
("Responsible Engineering") and Fleet Orchestration chapters, as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. Each chapter file was read at the commit
``COMMITS`` names; the quoted sentence sits beside each example. Where the book prints a value
from an inline ``{python}`` cell, the value was worked out by hand from the cell's code and the
book's constants (the Fleet Orchestration setup cell: 10,000 GPUs at $2/GPU-hour, 30% idle,
50% → 80% utilisation, a 65% spot discount, 6-GPU jobs on 8-GPU nodes; NVLINK_H100_BW =
900 GB/s, INFINIBAND_NDR_BW = 400 Gbps), with the arithmetic beside it.

Read: both chapters whole. Fleet Orchestration at 3bde64ca (273,305 characters). Responsible
AI: the index's listed version, 3c23fcf4 (305,008 characters), is the older first-edition text
without ``{python}`` cells; it was read whole, but the examples below come from the newer
stored version 00e6813b (370,533 characters, "Responsible Engineering"), read whole, which holds
every worked example of the older text and many more. Fleet Orchestration's NVLink/InfiniBand
transfer times (1 GB in 1.1 ms and 20 ms, 18×) are not repeated: the gallery holds them from
Compute Infrastructure (``v2compute-*``) and Network Fabrics (``v2net-nvlink-vs-ndr``).

The threshold callout's normal tail areas (TPR Φ(0.8) = 0.79, Φ(0.31) = 0.62, and the lowered
threshold's rates and precisions, four of them disputed) use ``arithmetic``'s Φ; the three-zone
spot loss uses ``series-reliability`` (1 − 0.95³, disputed).
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, chapter_file, sections
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio
from ironlaw.examples.gallery import weights_only as _weights

# the version of each chapter file that was read (harvard-edge/cs249r_book)
COMMITS = {
    "responsible_ai": "00e6813b3a2193e228dbf3d6a582378aa5fd0dc7",
    "fleet_orchestration": "3bde64caf04f110d45cb850e02f517b2d96683ea",
}
GB = 1e9
MS, MINUTE, HOUR = 1e-3, 60.0, 3600.0
YEAR_H = 8760.0  # hours in 365 days


resp = sections(chapter_file("vol2", "responsible_ai"), COMMITS["responsible_ai"],
                "sec-responsible-ai-")
orch = sections(chapter_file("vol2", "fleet_orchestration"), COMMITS["fleet_orchestration"],
                "sec-fleet-orchestration-")


# "Calculating Fairness Metrics": 200 loan applicants; Group A approved 70 (40 repaid, 30
# defaulted), rejected 30 (5 would repay, 25 would default); Group B approved 40 (30 repaid, 10
# defaulted), rejected 60 (20 would repay, 40 would default). The approval rates, TPRs and FPRs
# themselves are in the gallery already (``responsible-ai-loan-*``, from the first edition).
TPR_A, TPR_B = "[40] / [45]", "[30] / [50]"
FPR_A, FPR_B = "[30] / [55]", "[10] / [50]"

# "Threshold for Equal Opportunity": the share of a normal score distribution at or above a
# threshold, P(N(μ, σ) ≥ τ) = Φ((μ − τ)/σ) (TPR over repayers, FPR over defaulters)
THRESHOLD = resp("threshold-setting-fairness-tradeoffs-89fc")
_TPR_A = "Φ((0.72 - 0.60) / 0.15)"


def _tpr_b(tau: str) -> str:
    return f"Φ((0.65 - {tau}) / 0.16)"


def _fpr_b(tau: str) -> str:
    return f"(1 - Φ(({tau} - 0.40) / 0.17))"


def _precision_b(tau: str) -> str:
    """TP/(TP + FP) in group B: 400 repayers × TPR against 600 defaulters × FPR."""
    return f"400 × {_tpr_b(tau)} / (400 × {_tpr_b(tau)} + 600 × {_fpr_b(tau)})"


FAIRNESS: tuple[Example, ...] = (
    # "Enforcing parity cost 4 percent accuracy" (FairnessTaxAnalysis: 85.0 - 81.0)
    _arithmetic("v2resp-fairness-tax", "operations",
                "The fairness tax: 85% unconstrained against 81% under demographic parity",
                resp("fairness-machine-learning-2ba4"), "4 percent accuracy", 0.04,
                "[85%] - [81%]", note="The same 85% → 81% returns in 'The Cost of Fairness' "
                                      "(threshold 60 → 40 for Group B)."),
    # fn-compas-bias: "falsely flagged ... at nearly twice the rate of white defendants (45
    # percent vs. 23 percent false positive rate)"
    _ratio("v2resp-compas-fpr-ratio", "operations", "COMPAS: 45% against 23% false positives",
           resp("transparency-explainability-b137"), "nearly twice the rate", 2.0, "45", "23",
           tolerance=0.1, note="45/23 = 1.96; 'nearly twice' allows 0.1."),
    # "DI(B,A) = 0.40/0.70 = 0.57 ... Group B receiving approvals at only 57 percent the rate"
    _ratio("v2resp-loan-disparate-impact", "operations",
           "Loan approvals: disparate impact ratio of Group B to Group A",
           resp("disparate-impact-ratio-4c46"), "= 0.57", 0.57, "0.40", "0.70",
           note="0.5714: far below the four-fifths rule's 0.8."),
    # "SPD(A,B) = 0.70 - 0.40 = 0.30, indicating a 30 percentage point gap"
    _arithmetic("v2resp-loan-statistical-parity-difference", "operations",
                "Loan approvals: statistical parity difference",
                resp("statistical-parity-difference-8893"),
                "= 0.30 (30 percentage point gap)", 0.30,
                "[70] / [100] - [40] / [100]"),
    # "EOD(A,B) = 0.89 - 0.60 = 0.29"
    _arithmetic("v2resp-loan-equal-opportunity-difference", "operations",
                "Loan approvals: equal opportunity difference (TPR gap)",
                resp("equal-opportunity-difference-5f5a"), "= 0.29", 0.29,
                f"{TPR_A} - {TPR_B}", note="40/45 − 30/50 = 0.8889 − 0.60 = 0.2889."),
    # "This 29 percentage point gap means qualified Group A applicants are 29 percent more
    # likely to be correctly approved than equally qualified Group B applicants."
    _arithmetic("v2resp-loan-tpr-relative", "operations",
                "Loan approvals: how much likelier a qualified Group A applicant is approved",
                resp("equal-opportunity-difference-5f5a"), "29 percent more likely", 0.29,
                f"({TPR_A}) / ({TPR_B}) - [1]",
                disputed="A 29-point gap is not 29 percent more likely: 0.8889/0.60 = 1.48, "
                         "48 percent more likely.",
                hand_value=(40 / 45) / 0.6 - 1),
    # "AOD(A,B) = 1/2[|0.89 - 0.60| + |0.55 - 0.20|] = 1/2[0.29 + 0.35] = 0.32"
    _arithmetic("v2resp-loan-fpr-gap", "operations", "Loan approvals: false positive rate gap",
                resp("equalized-odds-metrics-f760"), "0.35 (|0.55 - 0.20|)", 0.35,
                f"{FPR_A} - {FPR_B}", note="30/55 − 10/50 = 0.5455 − 0.20 = 0.3455."),
    _arithmetic("v2resp-loan-average-odds-difference", "operations",
                "Loan approvals: average odds difference", resp("equalized-odds-metrics-f760"),
                "= 0.32", 0.32, f"({TPR_A} - {TPR_B} + {FPR_A} - {FPR_B}) / [2]",
                note="(0.2889 + 0.3455)/2 = 0.3172."),
    # "PPV(A) = 40/70 = 0.571; PPV(B) = 30/40 = 0.750; The calibration gap is 0.750 - 0.571 =
    # 0.179"
    _ratio("v2resp-loan-ppv-a", "operations", "Loan approvals: Group A's positive predictive value",
           resp("calibration-8b73"), "= 0.571", 0.571, "40", "70"),
    _ratio("v2resp-loan-ppv-b", "operations", "Loan approvals: Group B's positive predictive value",
           resp("calibration-8b73"), "= 0.750", 0.750, "30", "40"),
    _arithmetic("v2resp-loan-calibration-gap", "operations", "Loan approvals: calibration gap",
                resp("calibration-8b73"), "= 0.179", 0.179,
                "[30] / [40] - [40] / [70]", note="0.75 − 0.5714 = 0.1786."),
    # "p = (100(0.70) + 100(0.40))/200 = 0.55; z = (0.70 - 0.40)/sqrt(0.55(0.45)(0.02)) =
    # 0.30/0.070 = 4.29"
    _arithmetic("v2resp-loan-pooled-proportion", "operations",
                "Two-proportion z-test: the pooled approval rate",
                resp("measuring-fairness-violations-statistically-127e"), "= 0.55", 0.55,
                "([100] * [0.70] + [100] * [0.40]) / [200]"),
    _arithmetic("v2resp-loan-z-statistic", "operations",
                "Two-proportion z-test of the 0.70 against 0.40 approval rates",
                resp("measuring-fairness-violations-statistically-127e"),
                "= 4.29", 4.29,
                "([0.70] - [0.40]) / sqrt([0.55] * [0.45] * ([1] / [100] + [1] / [100]))",
                disputed="√(0.55 × 0.45 × 0.02) = √0.00495 = 0.07036, and 0.30/0.07036 = 4.26; "
                         "the book divides by the rounded 0.070. The conclusion (p < 0.001) "
                         "stands.",
                hand_value=0.30 / (0.55 * 0.45 * 0.02) ** 0.5),
    # callout "Threshold for Equal Opportunity": scores of repayers N(0.72, 0.15) in group A,
    # N(0.65, 0.16) in group B; of defaulters N(0.45, 0.18) and N(0.40, 0.17); group B has 400
    # repayers and 600 defaulters. "Using a single threshold τ = 0.60 for both groups yields true
    # positive rates: TPR_A = P(s(x) ≥ 0.60 | S=A, Y=1) ≈ 0.79; TPR_B = ... ≈ 0.62"
    _arithmetic("v2resp-threshold-tpr-a", "operations",
                "Group A's repayers above a 0.60 threshold: scores N(0.72, 0.15)", THRESHOLD,
                "≈ 0.79", 0.79, _TPR_A, note="z = (0.72 − 0.60)/0.15 = 0.8; Φ(0.8) = 0.7881."),
    _arithmetic("v2resp-threshold-tpr-b", "operations",
                "Group B's repayers above a 0.60 threshold: scores N(0.65, 0.16)", THRESHOLD,
                "≈ 0.62", 0.62, _tpr_b("0.60"),
                note="z = (0.65 − 0.60)/0.16 = 0.3125; Φ(0.3125) = 0.6227."),
    # "This 17 percentage point gap violates equal opportunity."
    _arithmetic("v2resp-threshold-tpr-gap", "operations",
                "One 0.60 threshold: the TPR gap between the two groups", THRESHOLD,
                "This 17 percentage point gap", 0.17, f"{_TPR_A} - {_tpr_b('0.60')}",
                note="Φ(0.8) − Φ(0.3125) = 0.7881 − 0.6227 = 0.1655 (0.79 − 0.62 = 0.17 from "
                     "the rounded rates)."),
    # "To equalize TPR at approximately 0.70, we could lower Group B's threshold to τ_B = 0.52
    # while keeping τ_A = 0.60. However, this adjustment increases Group B's false positive rate
    # from 0.28 to 0.38, degrading precision for Group B applicants from 0.69 to 0.61."
    _arithmetic("v2resp-threshold-tpr-b-lowered", "operations",
                "Group B's repayers above a lowered 0.52 threshold", THRESHOLD,
                "approximately 0.70", 0.70, _tpr_b("0.52"),
                disputed="z = (0.65 − 0.52)/0.16 = 0.8125; Φ(0.8125) = 0.79: τ_B = 0.52 equalizes "
                         "the TPRs at group A's 0.79, not at 0.70 (0.70 would need "
                         "τ_B = 0.65 − 0.524 × 0.16 = 0.566).",
                hand_value=0.7917),
    _arithmetic("v2resp-threshold-fpr-b", "operations",
                "Group B's defaulters above a 0.60 threshold: scores N(0.40, 0.17)", THRESHOLD,
                "0.28 (from 0.28 to 0.38)", 0.28, _fpr_b("0.60"),
                disputed="z = (0.60 − 0.40)/0.17 = 1.176; 1 − Φ(1.176) = 1 − 0.8803 = 0.12 with "
                         "the callout's own N(0.40, 0.17), not 0.28.",
                hand_value=0.1197),
    _arithmetic("v2resp-threshold-fpr-b-lowered", "operations",
                "Group B's defaulters above a lowered 0.52 threshold", THRESHOLD,
                "0.38 (from 0.28 to 0.38)", 0.38, _fpr_b("0.52"),
                disputed="z = (0.52 − 0.40)/0.17 = 0.706; 1 − Φ(0.706) = 1 − 0.7599 = 0.24, not "
                         "0.38: lowering τ_B doubles the false positive rate (0.12 → 0.24).",
                hand_value=0.2401),
    _arithmetic("v2resp-threshold-precision-b", "operations",
                "Group B's precision at 0.60: 400 repayers, 600 defaulters", THRESHOLD,
                "0.69 (from 0.69 to 0.61)", 0.69, _precision_b("0.60"),
                disputed="TP = 400 × 0.6227 = 249.1, FP = 600 × 0.1197 = 71.8; 249.1/320.9 = "
                         "0.78, not 0.69 (nor does 0.69 follow from the printed 0.62 and 0.28: "
                         "248/416 = 0.60).",
                hand_value=0.7762),
    _arithmetic("v2resp-threshold-precision-b-lowered", "operations",
                "Group B's precision at 0.52", THRESHOLD,
                "0.61 (from 0.69 to 0.61)", 0.61, _precision_b("0.52"),
                disputed="TP = 400 × 0.7917 = 316.7, FP = 600 × 0.2401 = 144.1; 316.7/460.8 = "
                         "0.69, not 0.61: precision does fall, from 0.78 to 0.69.",
                hand_value=0.6873),
    # Exercise "Auditing a Confusion Matrix": A TP=450, FP=50, FN=30, TN=470; B TP=180, FP=70,
    # FN=120, TN=630 (N = 1000 each)
    _arithmetic("v2resp-audit-ppr-a", "operations", "Fraud audit: Group A's positive rate",
                resp("fairness-metrics-practice-7474"), "= 0.50", 0.50,
                "([450] + [50]) / [1000]"),
    _arithmetic("v2resp-audit-ppr-b", "operations", "Fraud audit: Group B's positive rate",
                resp("fairness-metrics-practice-7474"), "= 0.25", 0.25,
                "([180] + [70]) / [1000]"),
    _arithmetic("v2resp-audit-four-fifths", "operations",
                "Fraud audit: the four-fifths ratio of positive rates",
                resp("fairness-metrics-practice-7474"), "0.5 < 0.8", 0.5,
                "(([180] + [70]) / [1000]) / (([450] + [50]) / [1000])"),
    _arithmetic("v2resp-audit-tpr-a", "operations", "Fraud audit: Group A's true positive rate",
                resp("fairness-metrics-practice-7474"), "= 0.937", 0.937,
                "[450] / ([450] + [30])", tolerance=0.001,
                note="450/480 = 0.9375 exactly, printed cut to 0.937 (this example allows "
                     "0.001)."),
    _arithmetic("v2resp-audit-tpr-gap", "operations", "Fraud audit: the TPR gap",
                resp("fairness-metrics-practice-7474"), "Gap: 0.337", 0.337,
                "[450] / ([450] + [30]) - [180] / ([180] + [120])", tolerance=0.001,
                note="0.9375 − 0.60 = 0.3375, printed cut to 0.337 (this example allows "
                     "0.001)."),
    # notebook "The Fairness-Efficiency Frontier" (BiasTax: std_acc 0.92, fair_acc 0.895)
    _arithmetic("v2resp-bias-tax", "operations",
                "The bias tax: 92% unconstrained against 89.5% under demographic parity",
                resp("bias-risk-detection-methods-71f8"), "2.5%", 0.025, "[92%] - [89.5%]"),
    # tbl-responsible-ai-fairness-summary: approval 55% / 40% (15 pp), TPR 90% / 60% (30 pp),
    # PPV 82% / 75% (7 pp)
    *(_arithmetic(f"v2resp-summary-{key}-gap", "operations",
                  f"Disaggregated loan metrics: the {what} gap between groups A and B",
                  resp("summary-ed99"), printed, value, f"[{a}%] - [{b}%]")
      for key, what, a, b, printed, value in (
          ("approval", "approval-rate", 55, 40, "15 pp", 0.15),
          ("tpr", "true-positive-rate", 90, 60, "30 pp", 0.30),
          ("ppv", "positive-predictive-value", 82, 75, "7 pp", 0.07))),
)

PRIVACY: tuple[Example, ...] = (
    # notebook "The Price of Privacy" (PrivacyPriceAnalysis: base_cost_m 4.6 × cost_mult 3.0)
    # "Training cost jumps from $4.6M to approximately $13.8M"
    _arithmetic("v2resp-dp-strong-training-cost", "operations",
                "DP-SGD at ε = 1: three times the epochs of a $4.6M run",
                resp("privacy-preservation-91b1"), "approximately $13.8M", 13.8e6,
                "[$4.6e6] * [3]"),
    # notebook "The Cost of Forgetting" (UnlearningCostAnalysis: 4.6 / 100 shards; 34 × 24 /
    # 100): "New cost: $46,000. Time: approximately 8 hours."
    _arithmetic("v2resp-sisa-100-shard-cost", "operations",
                "SISA unlearning: retrain one of 100 shards of a $4.6M run",
                resp("machine-unlearning-cdf1"), "$46,000", 46e3, "[$4.6e6] / [100]"),
    _arithmetic("v2resp-sisa-100-shard-time", "training",
                "SISA unlearning: one of 100 shards of a 34-day run",
                resp("machine-unlearning-cdf1"), "approximately 8 hours", 8 * HOUR,
                "[34 day] / [100]", note="816 h / 100 = 8.16 h."),
    # fig-machine-unlearning: "SISA Training ... (~1.7 days, ~$90K for 20 shards)"
    _arithmetic("v2resp-sisa-20-shard-time", "training",
                "SISA unlearning: one of 20 shards of a 34-day run",
                resp("machine-unlearning-cdf1"), "~1.7 days", 1.7 * 86400, "[34 day] / [20]"),
    _arithmetic("v2resp-sisa-20-shard-cost", "operations",
                "SISA unlearning: one of 20 shards of a $4.6M run",
                resp("machine-unlearning-cdf1"), "~$90K for 20 shards", 90e3,
                "[$4.6e6] / [20]",
                disputed="One shard in 20 of the $4.6M full retraining costs $230K, not $90K "
                         "(the notebook's own rule, full cost / shards, gives $46K for 100).",
                hand_value=4.6e6 / 20),
    # notebook "The Representation Tax": "10 × 100,000 × $125 = $125M in data acquisition
    # alone"; "Data harmonization ... adds 30--50 percent overhead, bringing the total to
    # $160--190M"
    _arithmetic("v2resp-representation-tax-acquisition", "operations",
                "Representative data: 100,000 images for each of 10 subgroups at $125",
                resp("data-constraints-quality-gaps-5887"), "$125M", 125e6,
                "[10] * [100000] * [$125]"),
    *(_arithmetic(f"v2resp-representation-tax-{key}", "operations",
                  f"Representative data: $125M with {pct}% harmonization overhead",
                  resp("data-constraints-quality-gaps-5887"), printed, value,
                  f"[$125e6] * ([1] + [{pct}%])", tolerance=5e6,
                  note=f"$125M × {1 + pct / 100:.2f} = ${125 * (1 + pct / 100):.1f}M, "
                       "printed to the nearest $10M (this example allows $5M).")
      for key, pct, printed, value in (("low", 30, "$160--190M", 160e6),
                                       ("high", 50, "to $190M", 190e6))),
)

EXPLAIN: tuple[Example, ...] = (
    # "The final prediction becomes 0.50 - 0.05 - 0.25 - 0.12 = 0.08, corresponding to
    # P(deny) = 0.92" (the first edition printed 0.72 here)
    _arithmetic("v2resp-shap-final-prediction", "operations",
                "SHAP: baseline 0.50 less the three feature contributions",
                resp("explainability-interpretability-8d06"), "= 0.08", 0.08,
                "[0.50] - [0.05] - [0.25] - [0.12]"),
    _arithmetic("v2resp-shap-p-deny", "operations", "SHAP: the denial probability",
                resp("explainability-interpretability-8d06"), "P(deny) = 0.92", 0.92,
                "[1] - ([0.50] - [0.05] - [0.25] - [0.12])"),
    # "This 3-feature example requires evaluating 2^3 = 8 feature subsets. For a model with 20
    # features, SHAP requires 2^20 ≈ 1 million subset evaluations"
    _arithmetic("v2resp-shap-subsets-3", "operations", "SHAP: feature subsets of 3 features",
                resp("explainability-interpretability-8d06"), "= 8", 8.0, "[2]^3"),
    _arithmetic("v2resp-shap-subsets-20", "operations", "SHAP: feature subsets of 20 features",
                resp("explainability-interpretability-8d06"), "≈ 1 million", 1e6,
                "[2]^4 * [2]^4 * [2]^4 * [2]^4 * [2]^4",
                note="2²⁰ = 1,048,576, written (2⁴)⁵ because arithmetic's powers stop at 4."),
    # "a high-traffic system serving 10,000 predictions per second with 10 percent explanation
    # rate would require 50–500× additional compute capacity solely for explainability"
    _arithmetic("v2resp-explanation-compute", "operations",
                "Explaining 10% of 10,000 predictions/s at SHAP's 50× cost per explanation",
                resp("explainability-interpretability-8d06"), "50–500×", 50.0,
                "[10000 /s] * [10%] * [50] / [10000 /s]",
                disputed="At 50–1000× a prediction per explanation, explaining one prediction in "
                         "ten costs 0.1 × 50 = 5× to 0.1 × 1000 = 100× the serving compute, not "
                         "50–500×.",
                hand_value=5.0),
    # fallacy: "SHAP adds 50 to 200 ms per request, increasing total latency to 150–300 ms"
    *(_arithmetic(f"v2resp-shap-retrofit-latency-{key}", "serving",
                  f"A 100 ms request with {add} ms of SHAP", resp("fallacies-pitfalls-5b80"),
                  printed, value, f"[100 ms] + [{add} ms]")
      for key, add, printed, value in (("low", 50, "150–300 ms", 150 * MS),
                                       ("high", 200, "to 300 ms", 300 * MS))),
    # "Even with a 1 percent sampling rate at 10,000 QPS, this generates 8.64 million monitoring
    # events daily ... at a modest 200 bytes per record requires approximately 1.7 TB per day"
    _arithmetic("v2resp-monitoring-events", "operations",
                "Fairness monitoring: 1% of 10,000 QPS sampled for a day",
                resp("model-performance-monitoring-0ab2"), "8.64 million", 8.64e6,
                "[10000 /s] * [1%] * [1 day]"),
    _arithmetic("v2resp-monitoring-storage", "data movement",
                "Fairness monitoring: a day of sampled events at 200 B each",
                resp("model-performance-monitoring-0ab2"), "approximately 1.7 TB per day",
                1.7e12, "[10000 /s] * [1%] * [1 day] * [200 B]",
                disputed="8.64 × 10⁶ events × 200 B = 1.73 GB a day, a thousandth of 1.7 TB.",
                hand_value=8.64e6 * 200),
    # "With 150 active metrics, a standard false alarm rate of just 5 percent would trigger
    # roughly 7.5 spurious alerts every day" (3 metrics × 50 groups)
    _arithmetic("v2resp-monitoring-false-alarms", "operations",
                "Fairness monitoring: 3 metrics × 50 groups at a 5% false-alarm rate",
                resp("model-performance-monitoring-0ab2"), "roughly 7.5 spurious alerts", 7.5,
                "[3] * [50] * [5%]"),
)

RESPONSIBLE: tuple[Example, ...] = FAIRNESS + PRIVACY + EXPLAIN

# Fleet Orchestration's setup cell: 10,000 GPUs at $2/GPU-hour
FLEET = "[10000] * [$2/h]"

ECONOMICS: tuple[Example, ...] = (
    # "A 10,000-GPU cluster at $2 per GPU-hour costs $480,000 per day to operate ... If
    # scheduling inefficiencies leave 30 percent of GPUs idle, that translates to $144,000 per
    # day in wasted capacity, or over $53 million annually. Conversely, improving utilization
    # from 50 percent to 80 percent effectively adds 6,000 GPUs"
    _arithmetic("v2orch-cluster-daily-cost", "operations", "10,000 GPUs at $2/GPU-hour for a day",
                orch("introduction"), "$480,000 per day", 480e3, f"{FLEET} * [24 h]"),
    _arithmetic("v2orch-cluster-annual-cost", "operations",
                "10,000 GPUs at $2/GPU-hour for a year", orch("gang-scheduling"),
                "($175M/year)", 175e6, f"{FLEET} * [365 day]",
                note="$480,000 × 365 = $175.2M (the Economics of Idle GPUs callout)."),
    _arithmetic("v2orch-idle-daily-waste", "operations", "30% of 10,000 GPUs idle for a day",
                orch("introduction"), "$144,000 per day", 144e3,
                f"[30%] * {FLEET} * [24 h]"),
    _arithmetic("v2orch-idle-annual-waste", "operations", "30% of 10,000 GPUs idle for a year",
                orch("introduction"), "over $53 million annually", 53e6,
                f"[30%] * {FLEET} * [365 day]",
                note="$144,000 × 365 = $52.56M: the cell prints it to the whole million "
                     "('53'), so 'over $53 million' slightly overstates it."),
    _arithmetic("v2orch-utilization-equivalent-gpus", "operations",
                "Raising 10,000 GPUs from 50% to 80% utilization, in GPUs",
                orch("introduction"), "6,000 GPUs", 6000.0,
                "[10000] * ([80%] - [50%]) / [50%]",
                note="The cell's cluster × (0.80 − 0.50)/0.50."),
    # fn-gang-scheduling: "A 1,024-GPU job holding 900 GPUs while waiting for 124 more burns
    # approximately $1,800/hour in idle capacity"
    _arithmetic("v2orch-gang-partial-hold", "operations",
                "900 GPUs held idle by a half-placed gang at $2/GPU-hour",
                orch("introduction"), "approximately $1,800/hour", 1800 / HOUR,
                "[900] * [$2/h]"),
    # fn-deadlock-scheduling: "two jobs each holding 500 GPUs while waiting for 200 more strand
    # 1,000 GPUs indefinitely, burning approximately $2,000/hour"
    _arithmetic("v2orch-deadlock-burn", "operations",
                "Two deadlocked jobs holding 500 GPUs each at $2/GPU-hour",
                orch("gang-scheduling"), "approximately $2,000/hour", 2000 / HOUR,
                "[2] * [500] * [$2/h]"),
    # callout "The Economics of Idle GPUs": "At 60% utilization: 4,000 GPUs productive, 6,000
    # idle = $288,000/day wasted; At 80% utilization: 8,000 GPUs productive, 2,000 idle =
    # $96,000/day wasted; Moving from 60% to 80% saves $192,000/day, or $70M/year"
    _arithmetic("v2orch-idle-at-60-percent", "operations",
                "10,000 GPUs at 60% utilization: the idle GPUs' cost per day",
                orch("gang-scheduling"), "$288,000/day wasted", 288e3,
                f"([1] - [60%]) * {FLEET} * [24 h]",
                disputed="At 60% utilization 6,000 GPUs are productive and 4,000 idle (the "
                         "callout swaps them): 4,000 × $2 × 24 = $192,000 a day.",
                hand_value=192e3),
    _arithmetic("v2orch-idle-at-80-percent", "operations",
                "10,000 GPUs at 80% utilization: the idle GPUs' cost per day",
                orch("gang-scheduling"), "$96,000/day wasted", 96e3,
                f"([1] - [80%]) * {FLEET} * [24 h]"),
    _arithmetic("v2orch-idle-60-to-80-daily", "operations",
                "Raising 10,000 GPUs from 60% to 80% utilization: saved per day",
                orch("gang-scheduling"), "saves $192,000/day", 192e3,
                f"([80%] - [60%]) * {FLEET} * [24 h]",
                disputed="2,000 more productive GPUs × $2 × 24 = $96,000 a day; $192,000 is "
                         "$288,000 − $96,000 with the swapped 60% figure.",
                hand_value=96e3),
    _arithmetic("v2orch-idle-60-to-80-annual", "operations",
                "Raising 10,000 GPUs from 60% to 80% utilization: saved per year",
                orch("gang-scheduling"), "or $70M/year", 70e6,
                f"([80%] - [60%]) * {FLEET} * [365 day]",
                disputed="$96,000 × 365 = $35.0M a year ($192,000 × 365 = $70.1M follows the "
                         "swapped figure).",
                hand_value=96e3 * 365),
    # "A 10,000-GPU cluster represents a capital investment of roughly $300 million ... If
    # poor scheduling leaves 20% of those GPUs idling ... incinerating $60 million"
    _arithmetic("v2orch-idle-capital", "operations", "20% of a $300M cluster idle",
                orch("cost-optimization"), "$60 million", 60e6, "[20%] * [$300e6]"),
    # fig-cost-idle-gpus: "At 10,000 GPUs with 50% utilization, the annual waste exceeds $87.6
    # million" (waste = N (1 - util) cost HOURS_PER_YEAR); "Moving from 50% to 70% utilization
    # on a 10,000-GPU cluster saves over $35 million annually"
    _arithmetic("v2orch-idle-at-50-percent-annual", "operations",
                "10,000 GPUs at 50% utilization: the idle GPUs' cost per year",
                orch("cost-optimization"), "$87.6M annually", 87.6e6,
                f"([1] - [50%]) * {FLEET} * [365 day]"),
    _arithmetic("v2orch-idle-50-to-70-annual", "operations",
                "Raising 10,000 GPUs from 50% to 70% utilization: saved per year",
                orch("cost-optimization"), "over $35 million annually", 35e6,
                f"([70%] - [50%]) * {FLEET} * [365 day]", note="$35.04M."),
    # "Improving overall cluster utilization by just 10 percent on a fleet of 10,000 H100 GPUs
    # (approximately $25,000 per hour ...), the savings amount to roughly $22 million per year"
    _arithmetic("v2orch-custom-scheduler-savings", "operations",
                "10% of a $25,000/hour fleet recovered for a year",
                orch("research-to-production"), "roughly $22 million per year", 22e6,
                "[10%] * [$25000/h] * [365 day]", note="$21.9M."),
)

SCHEDULING: tuple[Example, ...] = (
    # "With 99.9 percent annual GPU reliability ..., a 4,096-GPU cluster experiences: Expected
    # failures per day = 4096 × 0.001/365 ≈ 0.01 GPU failures/day"
    _arithmetic("v2orch-gpu-failures-per-day", "operations",
                "4,096 GPUs at 99.9% annual reliability: failures a day",
                orch("failure-rates"), "≈ 0.01 GPU failures/day", 0.01,
                "[4096] * [0.001] / [365]", note="0.0112."),
    # "At 80 percent utilization (ρ = 0.8): with a uniform workload (C_s = 1), W_q = 4 × the
    # average job duration. With a typical ML workload (C_s = 3), W_q = 20 × the average job
    # duration." (Pollaczek-Khinchine: W_q = ρ/(1-ρ) (1 + C_s²)/(2μ))
    Example(
        "v2orch-queue-wait-uniform-jobs", "serving",
        "GPU cluster at 80% utilization, exponential job durations (C_s = 1)",
        orch("objectives"), "W_q = 4 × the average job duration", 4.0, law="mm1",
        inputs=(("arrival_rate", "0.8 /s"), ("service_rate", "1 /s")), result="wait",
        note="With C_s = 1 the Pollaczek–Khinchine wait ρ/(1 − ρ) · (1 + C_s²)/(2μ) is the "
             "M/M/1 wait ρ/(μ − λ); a 1 s mean job makes the wait read in job durations."),
    _arithmetic("v2orch-queue-wait-heavy-tail", "serving",
                "GPU cluster at 80% utilization, heavy-tailed jobs (C_s = 3), in job durations",
                orch("objectives"), "W_q = 20 × the average job duration", 20.0,
                "[0.8] / ([1] - [0.8]) * ([1] + [3]^2) / [2]",
                note="Pollaczek–Khinchine with μ = 1: 4 × 10/2. ironlaw has no M/G/1 law; "
                     "the formula is written out as the book states it."),
    # fallacy "High utilization ...": "at 90% utilization, average wait is 9× the service time,
    # and at 95%, it is 19×"
    *(Example(
        f"v2orch-mm1-wait-at-{pct}", "serving", f"M/M/1 wait at {pct}% utilization",
        orch("fallacies"), printed, value, law="mm1",
        inputs=(("arrival_rate", f"0.{pct} /s"), ("service_rate", "1 /s")), result="wait",
        note="A 1 s service time, so the wait reads in service times: ρ/(1 − ρ).")
      for pct, printed, value in ((90, "9× the service time", 9.0), (95, "it is 19×", 19.0))),
    # "If jobs request 6 GPUs each, each job occupies one full node but wastes 2 GPUs per node,
    # reducing effective capacity to 75 percent" (frag_pct = (8 - 6)/8 = 25; 100 - 25)
    _ratio("v2orch-fragmentation-capacity", "operations", "6-GPU jobs on 8-GPU nodes",
           orch("bin-packing"), "75 percent", 0.75, "6", "8"),
    # "If each job's GPU utilization averages 70 percent ..., the cluster can support
    # approximately 1.4× as many jobs"
    _ratio("v2orch-oversubscription-factor", "operations", "Jobs at 70% GPU utilization",
           orch("bin-packing"), "approximately 1.4×", 1.4, "1", "0.70",
           note="1/0.7 = 1.43."),
    # fig-fragmentation-problem: "Although 19 GPUs (~30% of capacity) are available globally"
    _ratio("v2orch-fragmented-free-share", "operations", "19 free GPUs of 64",
           orch("bin-packing"), "~30% of capacity", 0.30, "19", "64",
           note="19/64 = 29.7%."),
    # "A half-life of one week means that a researcher's heavy usage from two weeks ago
    # contributes only 25 percent"
    _arithmetic("v2orch-fair-share-decay", "operations",
                "Fair-share usage two half-lives (two weeks at a one-week half-life) ago",
                orch("slurm"), "only 25 percent", 0.25, "([1] / [2])^2"),
    # "over-commitment ratio improves cluster-wide utilization ... (70 percent × 1.3 = 91
    # percent)"
    _arithmetic("v2orch-overcommit-demand", "operations",
                "Jobs at 70% utilization over-committed 1.3×", orch("burst-capacity"),
                "= 91 percent", 0.91, "[70%] * [1.3]"),
    # "allocated 500 GPUs but only 'utilizing' 350 ... and only 'productively utilizing' 280
    # (56 percent of allocation) ... this 44 percent gap represents pure burn"
    _arithmetic("v2orch-unproductive-share", "operations",
                "500 GPUs allocated, 280 productive: the unproductive share",
                orch("resource-accounting"), "this 44 percent gap", 0.44, "[1] - [280] / [500]"),
    # "Our 175B training job consumes 64 GPUs for 34 days. ... this $131,000 cost (64 GPUs ×
    # 816 hours × $2.50/GPU-hour)"
    _arithmetic("v2orch-175b-chargeback", "operations", "64 GPUs for 34 days at $2.50/GPU-hour",
                orch("resource-accounting"), "$131,000", 131e3, "[64] * [34 day] * [$2.50/h]",
                tolerance=500.0,
                note="64 × 816 h × $2.50 = $130,560, printed to the thousand (this example "
                     "allows $500)."),
    # "the job loses the work performed since the last snapshot (average 15 minutes) ... 20
    # minutes to reload ... another 10 minutes of warmup ... At $2 per GPU-hour, a single
    # preemption event costs $96 ... a cluster averaging 12 preemptions per day wastes 8.5
    # hours"
    _arithmetic("v2orch-preemption-cost", "operations",
                "One preemption of 64 GPUs: 15 + 20 + 10 minutes at $2/GPU-hour",
                orch("preemption-cascades"), "costs $96", 96.0,
                "[64] * ([15 min] + [20 min] + [10 min]) * [$2/h]"),
    _arithmetic("v2orch-preemption-daily-loss", "operations", "12 preemptions of 45 minutes",
                orch("preemption-cascades"), "wastes 8.5 hours", 8.5 * HOUR,
                "[12] * ([15 min] + [20 min] + [10 min])",
                disputed="12 × 45 min = 9 hours (37.5% of a day), not 8.5.",
                hand_value=9 * HOUR),
    # war story "The Quota Hoarding Incident": "500 GPUs ... sat idle for three weeks -- a
    # capital waste of roughly $500,000"
    _arithmetic("v2orch-hoarded-quota", "operations",
                "500 GPUs idle for three weeks at $2/GPU-hour",
                orch("quota-governance"), "roughly $500,000", 500e3,
                "[500] * [3 week] * [$2/h]", note="$504,000."),
    # debug-value-calc: recovered = 1000 × (0.84 - 0.60)/0.60; annual = recovered × $2 × 8760
    _arithmetic("v2orch-debug-recovered-gpus", "operations",
                "A 1,000-GPU cluster raised from 60% to 84% effective use, in GPUs",
                orch("debugging"), "approximately 400 additional GPUs", 400.0,
                "[1000] * ([84%] - [60%]) / [60%]"),
    _ratio("v2orch-debug-capacity-gain", "operations", "84% against 60% cluster-wide",
           orch("debugging"), "+40%", 0.40, "84", "60", result="change"),
    _arithmetic("v2orch-debug-annual-value", "operations",
                "400 recovered GPUs at $2/GPU-hour for a year", orch("debugging"),
                "approximately $7 million", 7e6, "[400] * [$2/h] * [365 day]",
                note="$7.008M."),
)

ELASTIC: tuple[Example, ...] = (
    # callout "Elastic vs. Rigid Scheduling": 25% × 2 h + 50% × 2 h + 100% × 4 h = 5.5 h;
    # "The elastic job completes in approximately 26.5 hours ..., saving 5.5 hours ... This 17%
    # improvement"
    _arithmetic("v2orch-elastic-queue-work", "training",
                "Work done while a rigid job would still wait: 32, 64, then 128 GPUs",
                orch("elastic-frameworks"), "5.5 hours of equivalent full-scale work",
                5.5 * HOUR, "[25%] * [2 h] + [50%] * [2 h] + [100%] * [4 h]"),
    _arithmetic("v2orch-elastic-completion", "training",
                "Elastic job: 8 hours scaling up, then the remaining full-scale hours",
                orch("elastic-frameworks"), "approximately 26.5 hours", 26.5 * HOUR,
                "[8 h] + [24 h] - ([25%] * [2 h] + [50%] * [2 h] + [100%] * [4 h])"),
    _arithmetic("v2orch-elastic-saving", "training",
                "Elastic (26.5 h) against rigid (8 h wait + 24 h) completion",
                orch("elastic-frameworks"), "This 17% improvement", 0.17,
                "([32 h] - [26.5 h]) / [32 h]", note="5.5/32 = 17.2%."),
    # notebook "The Elastic Scaling Decision": 1.0 epoch/h at 128 GPUs, 1.8 at 256 (90%
    # efficiency), 3.2 at 512 (80%); re-scaling 0.17 h
    _arithmetic("v2orch-scaling-efficiency-256", "training",
                "1.8 epochs/h on 256 GPUs against 1.0 on 128", orch("elastic-policies"),
                "90 percent scaling efficiency", 0.90, "[1.8 /h] / ([256] / [128] * [1.0 /h])"),
    _arithmetic("v2orch-scaling-efficiency-512", "training",
                "3.2 epochs/h on 512 GPUs against 1.0 on 128", orch("elastic-policies"),
                "80 percent scaling efficiency", 0.80, "[3.2 /h] / ([512] / [128] * [1.0 /h])"),
    _arithmetic("v2orch-elastic-wait-strategy", "training",
                "Wait 4 hours for 512 GPUs, then 20 hours at 3.2 epochs/h",
                orch("elastic-policies"), "= 64.0 epochs", 64.0, "[20 h] * [3.2 /h]"),
    _arithmetic("v2orch-elastic-step-up-strategy", "training",
                "4 hours on 256 GPUs, a 0.17 h re-scale, then 512 GPUs to hour 24",
                orch("elastic-policies"), "= 70.7 epochs", 70.7,
                "[4 h] * [1.8 /h] + ([24 h] - [4 h] - [0.17 h]) * [3.2 /h]",
                note="7.2 + 19.83 × 3.2 = 7.2 + 63.456 = 70.656."),
    _arithmetic("v2orch-elastic-vs-wait", "training", "Step-up elastic against waiting for 512",
                orch("elastic-policies"), "approximately 10 percent", 0.10,
                "([4 h] * [1.8 /h] + ([24 h] - [4 h] - [0.17 h]) * [3.2 /h]) / [64] - [1]",
                tolerance=0.01, note="70.656/64 = 1.104; 'approximately' allows 0.01."),
    _arithmetic("v2orch-elastic-vs-small", "training", "Step-up elastic against 24 h on 128 GPUs",
                orch("elastic-policies"), "nearly 3×", 3.0,
                "([4 h] * [1.8 /h] + ([24 h] - [4 h] - [0.17 h]) * [3.2 /h]) / [24]",
                tolerance=0.1, note="70.656/24 = 2.94; 'nearly' allows 0.1."),
)

SPOT: tuple[Example, ...] = (
    # spot_price = gpu_hour_cost_usd × (1 - spot_discount) = 2 × 0.35 -> "$0.70 per GPU-hour"
    _arithmetic("v2orch-spot-price", "operations", "A 65% spot discount on $2/GPU-hour",
                orch("spot-instances"), "$0.70 per GPU-hour", 0.70 / HOUR,
                "[$2/h] * ([1] - [65%])"),
    # "Training our 175B model on 1,024 spot GPUs across 3 availability zones, where each AZ has
    # a 5 percent hourly interruption probability, the probability of losing more than 128 GPUs
    # (one full data-parallel group) in a single hour is less than 0.1 percent"
    Example("v2orch-spot-three-az-loss", "operations",
            "1,024 spot GPUs in 3 zones, each reclaimed with 5% an hour: any zone lost",
            orch("spot-strategies"), "less than 0.1 percent", 0.001,
            law="series-reliability", inputs=(("p", "0.05"), ("parts", "3")), result="any",
            disputed="Each zone holds 1,024/3 ≈ 341 GPUs, more than 128, so one zone's "
                     "reclamation already loses more than a data-parallel group: "
                     "1 − 0.95³ = 1 − 0.857375 = 14.3% an hour. Only all three zones at once, "
                     "0.05³ = 0.0125%, is below 0.1% (two or more: 0.725%).",
            hand_value=0.142625),
    # callout "Spot vs. On-Demand Training": 70B model, 512 GPUs for 14 days
    _arithmetic("v2orch-on-demand-14-days", "operations",
                "512 GPUs for 336 hours on demand at $2/GPU-hour",
                orch("capacity-reservation"), "$344,064", 344064.0, "[512] * [336 h] * [$2/h]"),
    _arithmetic("v2orch-spot-base-14-days", "operations",
                "512 GPUs for 336 hours on spot at $0.70/GPU-hour",
                orch("capacity-reservation"), "$120,422", 120422.0,
                "[512] * [336 h] * [$0.70/h]", note="$120,422.40."),
    _arithmetic("v2orch-spot-total-time", "training",
                "336 hours plus 5% checkpointing plus 14 half-hour restarts",
                orch("capacity-reservation"), "= 359.8 hours", 359.8 * HOUR,
                "[336 h] + [5%] * [336 h] + [14] * [0.5 h]"),
    _arithmetic("v2orch-spot-total-cost", "operations",
                "512 GPUs for 359.8 hours on spot at $0.70/GPU-hour",
                orch("capacity-reservation"), "$128,872", 128872.0,
                "[512] * [359.8 h] * [$0.70/h]",
                disputed="512 × 359.8 h = 184,217.6 GPU-hours × $0.70 = $128,952.32, $80 more "
                         "than printed (the savings, $215,192, carry the slip: $215,112).",
                hand_value=512 * 359.8 * 0.70),
    _arithmetic("v2orch-spot-savings-share", "operations", "Spot's savings over on-demand",
                orch("capacity-reservation"), "(63%)", 0.63,
                "[1] - [512] * [359.8 h] * [$0.70/h] / ([512] * [336 h] * [$2/h])",
                note="$215,112/$344,064 = 62.5%."),
    _ratio("v2orch-spot-wall-clock", "training", "359.8 hours against 336",
           orch("capacity-reservation"), "approximately 7% longer", 0.07, "359.8 h", "336 h",
           result="change", note="7.1%."),
    # fallacy "Spot instances are always cheaper": "a spot interruption costs 45 minutes ... If
    # interruptions occur every 2 hours, the effective overhead is 37 percent, reducing the 65
    # percent discount to a net savings of only 28 percent"
    _arithmetic("v2orch-spot-interruption-overhead", "operations",
                "45 minutes lost to each interruption, one every 2 hours",
                orch("fallacies"), "the effective overhead is 37 percent", 0.37,
                "([15 min] + [30 min]) / [2 h]", tolerance=0.006,
                note="45/120 = 37.5%, printed cut to 37 (this example allows 0.6 points)."),
    _arithmetic("v2orch-spot-net-savings", "operations",
                "A 65% discount with 45 of every 120 minutes lost",
                orch("fallacies"), "a net savings of only 28 percent", 0.28,
                "[1] - ([1] - [65%]) * [2 h] / ([2 h] - [15 min] - [30 min])",
                disputed="Percentages do not subtract (65 − 37 = 28): by the chapter's own "
                         "C_effective = C_spot × T_total/T_productive, $0.35 × 120/75 = $0.56, "
                         "a 44 percent saving.",
                hand_value=1 - 0.35 * 120 / 75),
    # TCO: "a cluster of 1,024 H100 GPUs requires approximately $40M in servers and another $10M
    # ... Training requires approximately 34 days on 1,024 H100 GPUs ... at approximately $4 per
    # GPU-hour, a single training run costs roughly $3.3 million. Building the cluster requires
    # a $50M upfront investment ... at least 15 times ... (electricity ($0.10/kWh × 1.5 MW ≈
    # $100K per run)"
    _arithmetic("v2orch-tco-capex", "operations", "$40M of servers and $10M of fabric",
                orch("tco"), "a $50M upfront investment", 50e6, "[$40e6] + [$10e6]"),
    _arithmetic("v2orch-tco-cloud-run", "operations",
                "1,024 GPUs for 34 days at $4/GPU-hour", orch("tco"),
                "roughly $3.3 million", 3.3e6, "[1024] * [34 day] * [$4/h]", note="$3.34M."),
    _arithmetic("v2orch-tco-break-even-runs", "operations",
                "Cloud runs that cost as much as the $50M cluster", orch("tco"),
                "at least 15 times", 15.0, "[$50e6] / ([1024] * [34 day] * [$4/h])",
                note="$50M/$3.34M = 14.96."),
    Example(
        "v2orch-tco-electricity", "energy", "1.5 MW for a 34-day run at $0.10/kWh", orch("tco"),
        "≈ $100K per run", 100e3, law="power-energy",
        inputs=(("power", "1.5 MW"), ("time", "34 days"), ("price", "$0.10/kWh")),
        result="cost", note="1.5 MW × 816 h = 1,224 MWh × $0.10 = $122,400."),
)

SERVING: tuple[Example, ...] = (
    # "Even at a high-end PCIe Gen4 speed of 64GB/s, simple data transfer takes over 2 seconds
    # ... Even with NVMe SSDs delivering 7 GB/s read bandwidth, loading takes approximately 20
    # seconds" (70B parameters in FP16, approximately 140 GB)
    *(Example(
        f"v2orch-70b-load-{key}", "data movement", f"140 GB of 70B FP16 weights over {what}",
        orch("autoscaling"), printed, value, law="transfer-time",
        inputs=(("data", "140 GB"), ("bandwidth", bandwidth)), result="time", note=note)
      for key, what, bandwidth, printed, value, note in (
          ("pcie", "PCIe Gen4 at 64 GB/s", "64 GB/s", "over 2 seconds", 2.0, "2.19 s."),
          ("nvme", "an NVMe SSD at 7 GB/s", "7 GB/s", "approximately 20 seconds", 20.0,
           "140/7 = 20 s."))),
    # notebook "The Autoscaling Lag": 10 replicas × 5 QPS; 40 → 80 QPS over 60 s; 180 s loads
    _arithmetic("v2orch-autoscale-detection", "serving",
                "When a 40 → 80 QPS ramp over 60 s reaches 50 QPS", orch("predictive-autoscaling"),
                "at t = 15 s", 15.0,
                "([10] * [5 /s] - [40 /s]) / (([80 /s] - [40 /s]) / [60 s])"),
    _arithmetic("v2orch-autoscale-violations", "serving",
                "30 QPS of excess for an average 120 s", orch("predictive-autoscaling"),
                "approximately 3,600 requests", 3600.0, "([80 /s] - [10] * [5 /s]) * [120 s]"),
    _arithmetic("v2orch-autoscale-predictive-capacity", "serving",
                "20 replicas at 5 QPS each", orch("predictive-autoscaling"),
                "pushing capacity to 100 QPS", 100.0, "[20] * [5 /s]"),
    # GPU sharing: "Consider an 80 GB A100 GPU serving a 7B parameter model. The model weights
    # in FP16 consume approximately 14 GB ... roughly 26 GB ... leaves 54 GB (67 percent) ...
    # MIG (3g.40gb) ... reducing the waste to roughly 35 percent ... MPS to pack two such models
    # ... consumes 52 GB, dropping the aggregate memory waste to just 35 percent"
    Example(
        "v2orch-7b-fp16-weights", "serving", "A 7B-parameter model's FP16 weights",
        orch("gpu-sharing"), "approximately 14 GB", 14 * GB, law="model-states",
        inputs=_weights("7e9", "2"), result="total"),
    _arithmetic("v2orch-7b-exclusive-idle", "serving", "An 80 GB A100 holding one 26 GB model",
                orch("gpu-sharing"), "leaves 54 GB (67 percent)", 0.67,
                "([80 GB] - [26 GB]) / [80 GB]", tolerance=0.006,
                note="54/80 = 67.5%, printed cut to 67 (this example allows 0.6 points)."),
    _arithmetic("v2orch-7b-mig-waste", "serving", "A 26 GB model in a 3g.40gb MIG slice",
                orch("gpu-sharing"), "roughly 35 percent", 0.35, "([40 GB] - [26 GB]) / [40 GB]"),
    _arithmetic("v2orch-7b-mps-waste", "serving", "Two 26 GB models on one 80 GB A100 (MPS)",
                orch("gpu-sharing"), "just 35 percent", 0.35,
                "([80 GB] - [2] * [26 GB]) / [80 GB]"),
    # notebook "GPU Sharing ROI": 100 × 7B models (26 GB) and 10 × 175B models (8 GPUs each)
    _arithmetic("v2orch-sharing-exclusive-memory", "serving",
                "100 models of 26 GB on 100 A100s of 80 GB", orch("gpu-sharing"),
                "only 32 percent memory utilization", 0.32,
                "[100] * [26 GB] / ([100] * [80 GB])", tolerance=0.006,
                note="2,600/8,000 = 32.5%, printed cut to 32 (this example allows 0.6 "
                     "points)."),
    _arithmetic("v2orch-sharing-shared-memory", "serving",
                "100 models of 26 GB packed two to an 80 GB A100", orch("gpu-sharing"),
                "65 percent memory utilization", 0.65, "[100] * [26 GB] / ([50] * [80 GB])"),
    _arithmetic("v2orch-sharing-fleet-reduction", "serving", "130 GPUs against 180",
                orch("gpu-sharing"), "reduces the fleet size by 27 percent", 0.27,
                "([100] + [10] * [8] - ([50] + [10] * [8])) / ([100] + [10] * [8])",
                disputed="50/180 = 27.8%, which rounds to 28 percent.", hand_value=50 / 180),
    _arithmetic("v2orch-sharing-annual-saving", "operations",
                "50 fewer GPUs at $2/GPU-hour for a year", orch("gpu-sharing"),
                "approximately $876,000 annually", 876e3, "[50] * [$2/h] * [365 day]"),
    # notebook "The Diurnal GPU Shift": 1,000 GPUs; serving reserves 400, averages 150;
    # training 600; dynamic sharing reclaims 130
    _ratio("v2orch-diurnal-serving-utilization", "serving", "150 GPUs used of 400 reserved",
           orch("boundary"), "37.5 percent utilization", 0.375, "150", "400"),
    _arithmetic("v2orch-diurnal-static", "operations",
                "Static partition: 150 serving + 600 training of 1,000 GPUs", orch("boundary"),
                "Fleet utilization: 75 percent", 0.75, "([150] + [600]) / [1000]"),
    _arithmetic("v2orch-diurnal-dynamic", "operations",
                "Dynamic sharing: 150 + 600 + 130 reclaimed of 1,000 GPUs", orch("boundary"),
                "Fleet utilization: 88 percent", 0.88, "([150] + [600] + [130]) / [1000]"),
    _arithmetic("v2orch-diurnal-value", "operations",
                "130 reclaimed GPUs at $2/GPU-hour for a year", orch("boundary"),
                "approximately $2.3 million per year", 2.3e6, "[130] * [$2/h] * [365 day]",
                note="$2.28M."),
)

FLEET_ORCHESTRATION: tuple[Example, ...] = ECONOMICS + SCHEDULING + ELASTIC + SPOT + SERVING

EXAMPLES: tuple[Example, ...] = RESPONSIBLE + FLEET_ORCHESTRATION
