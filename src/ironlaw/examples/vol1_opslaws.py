"""The ML Operations chapter's worked examples that the operations laws express, as data.

The optimal retraining interval, the PSI of a drifted feature and the A/B sample sizes (the
chapter's other examples, which take arithmetic laws, are in :mod:`ironlaw.examples.vol1_ops`).
See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand at the commit ``ML_OPS_COMMIT`` names;
the quoted sentence or cell sits beside each example. Where the book prints a value from an
inline ``{python}`` cell, the value was worked out by hand from the cell's code.
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example
from ironlaw.examples.vol1_ops import DAY, ml_ops

_AB_SECTION = "sec-ml-operations-ab-testing-model-validation-e480"


def _ab_lift(kind: str, per_variant: int, reading: str) -> Example:
    return Example(
        f"mlops-ab-sample-size-{kind}-lift", "operations",
        f"A/B test: a 2% lift on a 5% baseline, read as a {reading}",
        ml_ops(_AB_SECTION), "~25,000 users per variant", 25_000.0, law="ab-sample-size",
        inputs=(("baseline", "0.05"), ("lift", "0.02"), ("lift_kind", kind)),
        result="per_variant",
        # "For a 2% lift detection with 5% baseline conversion and 80% power, expect ~25,000
        # users per variant." (95% confidence, as the sentence before it says)
        note="z = 1.96 + 0.84 = 2.80 at α 0.05 and 80% power. The book's own equation, "
             "n = 2(z_{α/2} + z_β)²σ²/δ² with σ² = 0.05 × 0.95, gives 1,864 users for 2 "
             "points and 745,644 for 2%; 25,000 is the size for a lift of about 0.56 points "
             "(11% relative).",
        disputed=f"Neither reading of '2% lift' gives 25,000: as a {reading}, "
                 f"n = 2.80² × (p₁(1−p₁) + p₂(1−p₂)) / (p₂ − p₁)² = {per_variant:,} per variant.",
        hand_value=float(per_variant))


_ML_OPS_LAWS: tuple[Example, ...] = (
    Example(
        "mlops-optimal-retraining-interval", "operations",
        "Optimal retraining interval of the fraud model: $5,000 a run, 1 M transactions a day",
        ml_ops("sec-ml-operations-quantitative-retraining-economics-1579"), "≈ 1 days", DAY,
        law="retraining-interval",
        inputs=(("cost", "$5,000"), ("queries", "1,000,000/day"), ("value", "$0.50"),
                ("accuracy", "0.95"), ("decay", "0.02/day")),
        result="interval",
        # "T* ≈ sqrt(2 × 5,000 / (1,000,000 × 0.50 × 0.95 × 0.02)) ≈ sqrt(10,000 / 9,500) ≈
        # 1 days" (cell retraining-interval-calc: T_star = math.sqrt(2*5000 / (1e6*0.50*0.95
        # *0.02)), printed to 0 decimals)
        note="√(10,000/9,500) = 1.026 days (24.6 h), λT* = 0.02: small, as the square-root "
             "law's linearized decay needs. The book calls V the value of one accuracy "
             "point but multiplies it by A₀ = 0.95 written as a fraction; the arithmetic holds "
             "with V per query per unit of accuracy (100 points). Read as per point with "
             "A₀ = 95 points, T* would be √(10,000/950,000) day = 2.5 h."),
    Example(
        "mlops-psi-age-bins", "operations",
        "PSI of a user-age feature drifting older: six bins, training against serving",
        ml_ops("sec-ml-operations-feature-distribution-monitoring-b8a0"), "0.029", 0.029,
        law="psi",
        inputs=(("expected", "15.0, 25.0, 20.0, 18.0, 12.0, 10.0 %"),
                ("actual", "12.0, 22.0, 18.0, 20.0, 15.0, 13.0 %")),
        result="psi",
        # "The total PSI is 0.029 (Stable)." after the table of age bins 18–25 … 66+ with
        # Training % 15.0 25.0 20.0 18.0 12.0 10.0 and Serving % 12.0 22.0 18.0 20.0 15.0 13.0
        note="The six terms 0.0067 + 0.0038 + 0.0021 + 0.0021 + 0.0067 + 0.0079 = 0.0293, "
             "as the book's table prints them; below 0.1, stable."),
    _ab_lift("absolute", 2210, "2-point absolute lift (5% → 7%)"),
    _ab_lift("relative", 752_700, "2% relative lift (5% → 5.1%)"),
    Example(
        "mlops-drift-detection-samples", "operations",
        "Labeled samples to tell 95% accuracy from 90%",
        ml_ops("sec-ml-operations-model-infrastructure-monitoring-3988"),
        "≈ 1,000 labeled samples", 1000.0, law="ab-sample-size",
        inputs=(("baseline", "0.90"), ("lift", "0.05"), ("lift_kind", "absolute")),
        result="per_variant",
        # "To distinguish 95% from 90% with high confidence, you need ≈ 1,000 labeled samples."
        # (cell drift-detection-delay-calc: "n = (Z_alpha + Z_beta)^2 * (p1*q1 + p2*q2) /
        # (p1-p2)^2 ... Simplified rule of thumb: ~1000 samples"; samples_needed = 1000)
        note="The cell names this formula but sets 1,000 by hand. At 95% confidence and the "
             "chapter's typical 80% power it gives 432 per group; at 95% power, 715.",
        disputed="The formula the cell quotes gives (1.96 + 0.84)² × (0.95·0.05 + 0.90·0.10) "
                 "/ 0.05² = 7.85 × 0.1375 / 0.0025 = 432 samples, not 1,000.",
        hand_value=432.0),
)

EXAMPLES: tuple[Example, ...] = _ML_OPS_LAWS
