"""Operations laws: how often to retrain, how far a feature drifted, how many users a test needs.

    retraining   T* = √(2C / (Q·V·A₀·λ))   the interval that minimizes staleness loss plus
                                          retraining cost per unit time [s]; C the cost of one
                                          retraining [USD], Q queries per second [1/s], V the
                                          value of one query per unit of accuracy [USD] (1.0 =
                                          100 points), A₀ the accuracy just after training (a
                                          fraction), λ its decay rate [1/s] (A(t) = A₀·e^(−λt))
                 R* = 2C/T*               the cost per unit time at T* [USD/s];
                 R(k·T*) = R*·(k + 1/k)/2  at k times the optimum (k = 2 or ½: 25% more)
    drift        PSI = Σ (a_i − e_i)·ln(a_i/e_i)   population stability index over bins, e_i the
                                          expected (training) and a_i the actual (serving)
                                          share of bin i, each list summing to 1
    A/B test     n = (z_{1−α/2} + z_{1−β})²·(p₁(1−p₁) + p₂(1−p₂)) / (p₂ − p₁)²
                                          users per variant to detect p₁ → p₂ with a two-sided
                                          test at level α and power 1 − β; p₂ = p₁ + Δ for an
                                          absolute lift Δ, p₁·(1 + Δ) for a relative one

The square-root law linearizes the decay: for λT ≪ 1 the staleness loss over an interval is
Q·V·A₀·λ·T²/2, so the cost per unit time C/T + Q·V·A₀·λ·T/2 is least at T*, where both terms
are equal (the same form as the economic order quantity and the Young/Daly checkpoint
interval). Inputs broadcast where they are numbers (the z-values take one α and one power).
"""

from __future__ import annotations

import math

import numpy as np

from ironlaw.errors import ParameterError
from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real
from ironlaw.laws.queueing import normal_quantile

# the common reading of a PSI (Siddiqi, Credit Risk Scorecards, Wiley 2006)
PSI_STABLE, PSI_SIGNIFICANT = 0.1, 0.25
SHARES_SUM_TOLERANCE = 5e-3  # half a percentage point: shares rounded bin by bin still pass


def optimal_retraining_interval(cost: Real, queries: Real, value: Real, accuracy: Real,
                                decay: Real) -> Real:
    """T* = √(2C / (Q·V·A₀·λ)) [s]: C [USD] per retraining, Q [1/s] queries, V [USD] per query
    per unit of accuracy, A₀ the initial accuracy (fraction), λ [1/s] its decay rate."""
    return np.sqrt(2.0 * cost / (queries * value * accuracy * decay))


def retraining_cost_rate(cost: Real, interval: Real, optimum: Real) -> Real:
    """R(T) = C/T + (C/T*²)·T [USD/s]: retraining plus linearized staleness cost per unit time
    at an interval T [s], for the optimum T* [s] of a retraining that costs C [USD] (the
    staleness coefficient Q·V·A₀·λ/2 is C/T*²); R(T*) = 2C/T*."""
    return cost / interval + cost * interval / optimum**2


def population_stability_index(expected, actual) -> tuple[tuple[float, ...], float]:
    """PSI = Σ (a_i − e_i)·ln(a_i/e_i): each bin's term and their sum, from the expected and
    actual shares per bin (each positive)."""
    terms = tuple((a - e) * math.log(a / e) for e, a in zip(expected, actual, strict=True))
    return terms, sum(terms)


def psi_reading(psi: float) -> str:
    """The common reading: below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25 a
    significant one."""
    if psi < PSI_STABLE:
        return "stable (< 0.1)"
    return "moderate shift (0.1-0.25)" if psi <= PSI_SIGNIFICANT else "significant shift (> 0.25)"


def sample_size_per_variant(p1: Real, p2: Real, alpha: float = 0.05, power: float = 0.8) -> Real:
    """n = (z_{1−α/2} + z_{1−β})²·(p₁(1−p₁) + p₂(1−p₂)) / (p₂ − p₁)²: users per variant (not
    rounded) for a two-sided test of p₁ against p₂ at level α with power 1 − β."""
    return _users_per_variant(sum(_z_scores(alpha, power)), p1, p2)


def _z_scores(alpha: float, power: float) -> tuple[float, float]:
    """(z_{1−α/2}, z_{1−β}): the two-sided test's critical value and the power's quantile."""
    return normal_quantile(1.0 - alpha / 2.0), normal_quantile(power)


def _users_per_variant(z: Real, p1: Real, p2: Real) -> Real:
    return z**2 * (p1 * (1.0 - p1) + p2 * (1.0 - p2)) / (p2 - p1) ** 2


def _retraining(cost, queries, value, accuracy, decay, k):
    interval = optimal_retraining_interval(cost, queries, value, accuracy, decay)
    best = retraining_cost_rate(cost, interval, interval)
    at_k = None if k is None else retraining_cost_rate(cost, k * interval, interval)
    return {"interval": interval, "rate": best, "lam_t": decay * interval,
            "k_interval": None if k is None else k * interval, "k_rate": at_k,
            "excess": None if k is None else at_k / best - 1.0}


def _shares(name: str, shares: tuple, what: str) -> None:
    total = sum(shares)
    if abs(total - 1.0) > SHARES_SUM_TOLERANCE:
        raise ParameterError(name, f"the {what} shares must sum to 1 (100%), got "
                                   f"{' + '.join(f'{s:g}' for s in shares)} = {total:g}")


def _psi(expected, actual):
    if len(expected) < 2:
        raise ParameterError("expected", "give the share of each of at least two bins, like "
                                         "'0.15, 0.25, 0.60'")
    if len(actual) != len(expected):
        raise ParameterError("actual", f"give one share per bin: {len(expected)} expected "
                                       f"shares, {len(actual)} actual ones")
    _shares("expected", expected, "expected")
    _shares("actual", actual, "actual")
    terms, psi = population_stability_index(expected, actual)
    return {"terms": terms, "psi": psi, "reading": psi_reading(psi)}


def _ab(baseline, lift, lift_kind, alpha, power):
    if power == 0:
        raise ParameterError("power", "the power must be more than 0 (typically 0.8)")
    p2 = baseline + lift if lift_kind == "absolute" else baseline * (1.0 + lift)
    if not 0.0 < p2 < 1.0:
        raise ParameterError("lift", f"{lift_kind} lift {lift:g} on a baseline of {baseline:g} "
                                     f"gives p₂ = {p2:g}, which must lie between 0 and 1")
    z_alpha, z_beta = _z_scores(alpha, power)
    n = _users_per_variant(z_alpha + z_beta, baseline, p2)
    per_variant = math.ceil(n)
    return {"shift_abs": lift if lift_kind == "absolute" else None,
            "shift_rel": lift if lift_kind == "relative" else None,
            "p2": p2, "delta": p2 - baseline, "z_alpha": z_alpha, "z_beta": z_beta,
            "z": z_alpha + z_beta,
            "variance": baseline * (1.0 - baseline) + p2 * (1.0 - p2), "n": n,
            "per_variant": float(per_variant), "total": 2.0 * per_variant}


_SHARES = "share of each bin, as fractions or percents ('0.15, 0.25, 0.60' or '15, 25, 60 %')"

CALCS = (
    Calc(
        name="retraining-interval",
        title="Optimal retraining interval: staleness loss against retraining cost",
        inputs=(
            Symbol("cost", "C", "usd", "cost of one retraining (compute, validation, deploy)"),
            Symbol("queries", "Q", "rate", "queries served per unit time ('1000000/day')",
                   what="queries"),
            Symbol("value", "V", "usd", "value of one query per unit of accuracy (1.0 = 100 "
                                        "points; the book's 'value per accuracy point')"),
            Symbol("accuracy", "A₀", "count", "accuracy just after training, as a fraction",
                   domain="fraction", latex="A_0"),
            Symbol("decay", "λ", "rate", "accuracy decay rate ('2%/day': A(t) = A₀·e^(−λt))",
                   latex=r"\lambda"),
            Symbol("k", "k", "count", "a multiple of T* to price (the book's sensitivity: 2 or "
                                      "0.5)", optional=True),
        ),
        outputs=(
            Symbol("interval", "T*", "time", "optimal retraining interval", latex="T^*"),
            Symbol("rate", "R*", "usd_per_time", "cost per unit time at T* (retraining plus "
                                                 "staleness)", latex="R^*"),
            Symbol("lam_t", "λ·T*", "count", "decay over one interval (the law needs λT* ≪ 1)",
                   latex=r"\lambda T^*"),
            Symbol("k_interval", "k·T*", "time", "the other interval", latex="k T^*"),
            Symbol("k_rate", "R(k·T*)", "usd_per_time", "cost per unit time at k·T*",
                   latex="R(k T^*)"),
            Symbol("excess", "R(k·T*)/R* − 1", "share", "what retraining at k·T* costs more",
                   latex="R(k T^*)/R^* - 1"),
        ),
        formula="T* = √(2C / (Q·V·A₀·λ))",
        latex=r"T^* = \sqrt{\frac{2C}{Q\,V\,A_0\,\lambda}}",
        steps=("T* = √(2 × {cost} / ({queries} × {value} × {accuracy} × {decay})) = {interval}",
               "R* = 2C/T* = {rate};  λ·T* = {lam_t}",
               "R(k·T*) = R*·(k + 1/k)/2 at k·T* = {k_interval}: {k_rate}, {excess} more"),
        compute=_retraining,
        results=("interval", "rate", "lam_t", "k_rate", "excess"),
        notes=("Linearized exponential decay: the staleness loss over an interval T is "
               "Q·V·A₀·λ·T²/2 while λT ≪ 1, so the cost per unit time C/T + Q·V·A₀·λ·T/2 is "
               "least where both terms are equal. A factor k off the optimum costs "
               "(k + 1/k)/2 times as much: 2× or ½× costs 25% more, 4× costs 2.1×.",
               "V and A₀ must share one accuracy unit: with A₀ a fraction (0.95), V is the "
               "value per query of the whole accuracy scale (100 points).",),
        source="The Machine Learning Systems book, ML Operations chapter, 'Quantitative "
               "Retraining Economics' (T* ≈ √(2C/(Q·V·A₀·λ)), from A(t) = A₀·e^(−λt) and "
               "T* = argmin (Staleness Cost(T) + Retraining Cost)/T)",
    ),
    Calc(
        name="psi",
        title="Population stability index: how far a feature's distribution has drifted",
        inputs=(
            Symbol("expected", "e_i", "count", "expected (training) " + _SHARES,
                   domain="fraction", many=True, joined=", ", latex="e_i"),
            Symbol("actual", "a_i", "count", "actual (serving) " + _SHARES,
                   domain="fraction", many=True, joined=", ", latex="a_i"),
        ),
        outputs=(
            Symbol("terms", "(a_i − e_i)·ln(a_i/e_i)", "count", "each bin's term",
                   latex=r"(a_i - e_i) \ln(a_i/e_i)"),
            Symbol("psi", "PSI", "count", "population stability index"),
            Symbol("reading", "", "text", "reading"),
        ),
        formula="PSI = Σ (a_i − e_i)·ln(a_i/e_i)",
        latex=r"\mathrm{PSI} = \sum_i (a_i - e_i) \ln\frac{a_i}{e_i}",
        steps=("PSI = {terms}", "    = {psi}: {reading}"),
        compute=_psi,
        results=("psi", "reading"),
        sums=(("psi", ("terms",)),),
        notes=("Each term is 0 or positive, so PSI grows with any shift in either direction; it "
               "is the symmetric KL divergence KL(a‖e) + KL(e‖a). Every share must be above "
               "0: merge an empty bin into its neighbour. Common reading: below 0.1 stable, "
               "0.1-0.25 moderate, above 0.25 significant (the book alerts above 0.2).",),
        source="Population stability index as in N. Siddiqi, Credit Risk Scorecards (Wiley, "
               "2006), with its 0.1/0.25 reading; the Machine Learning Systems book, ML "
               "Operations chapter, 'Quantifying Drift: The Physics of PSI'",
    ),
    Calc(
        name="ab-sample-size",
        title="A/B test: users per variant to detect a change in a proportion",
        inputs=(
            Symbol("baseline", "p₁", "count", "baseline rate (conversion, accuracy), as a "
                                              "fraction", domain="probability", latex="p_1"),
            Symbol("lift", "Δ", "count", "smallest change to detect: percentage points "
                                         "(absolute) or a fraction of p₁ (relative)",
                   latex=r"\Delta"),
            Symbol("alpha", "α", "count", "significance level, two-sided", default=0.05,
                   domain="fraction", latex=r"\alpha"),
            Symbol("power", "1 − β", "count", "power: chance to detect the change",
                   default=0.8, domain="probability", latex=r"1 - \beta"),
            # last: the numbers are read (a bad one refused) before a missing kind is named
            Symbol("lift_kind", "kind", "text", "absolute: p₂ = p₁ + Δ (2 points on 5% is 7%); "
                                            "relative: p₂ = p₁·(1 + Δ) (2% of 5% is 5.1%)",
                   choices=("absolute", "relative")),
        ),
        outputs=(
            Symbol("shift_abs", "Δ", "count", "absolute lift", latex=r"\Delta"),
            Symbol("shift_rel", "Δ", "count", "relative lift", latex=r"\Delta"),
            Symbol("p2", "p₂", "count", "rate to detect", latex="p_2"),
            Symbol("delta", "p₂ − p₁", "count", "difference detected", latex="p_2 - p_1"),
            Symbol("z_alpha", "z_{1−α/2}", "count", "normal quantile of the level",
                   latex=r"z_{1-\alpha/2}"),
            Symbol("z_beta", "z_{1−β}", "count", "normal quantile of the power",
                   latex=r"z_{1-\beta}"),
            Symbol("z", "z", "count", "sum of the quantiles"),
            Symbol("variance", "p₁(1−p₁) + p₂(1−p₂)", "count", "summed variances",
                   latex="p_1(1-p_1) + p_2(1-p_2)"),
            Symbol("n", "n", "count", "users per variant, unrounded"),
            Symbol("per_variant", "⌈n⌉", "count", "users per variant",
                   latex=r"\lceil n \rceil"),
            Symbol("total", "2⌈n⌉", "count", "users in both variants",
                   latex=r"2 \lceil n \rceil"),
        ),
        formula="n = (z_{1−α/2} + z_{1−β})²·(p₁(1−p₁) + p₂(1−p₂)) / (p₂ − p₁)²",
        latex=r"n = \frac{(z_{1-\alpha/2} + z_{1-\beta})^2\,(p_1(1-p_1) + p_2(1-p_2))}"
              r"{(p_2 - p_1)^2}",
        steps=("p₂ = p₁ + Δ = {baseline} + {shift_abs} = {p2}",
               "p₂ = p₁·(1 + Δ) = {baseline} × (1 + {shift_rel}) = {p2}",
               "z = {z_alpha} + {z_beta} = {z}",
               "n = {z}² × {variance} / ({delta})² = {n}",
               "⌈n⌉ = {per_variant} per variant, {total} in all"),
        compute=_ab,
        results=("per_variant", "total", "p2", "delta"),
        notes=("Normal approximation for two independent proportions, unpooled variance; "
               "with p₁ ≈ p₂ it is the book's n = 2(z_{α/2} + z_β)²σ²/δ² with σ² = p(1−p), "
               "and at α = 0.05, power 0.8 the rule of thumb n ≈ 16σ²/δ² (Kohavi, Tang and "
               "Xu, Trustworthy Online Controlled Experiments, 2020).",
               "Say which lift you mean: 2% on a 5% baseline is 7% (absolute, 2 points) or "
               "5.1% (relative): at α 0.05 and power 0.8, 2,210 users per variant against "
               "752,700.",),
        source="S.-C. Chow, J. Shao and H. Wang, Sample Size Calculations in Clinical "
               "Research, 2nd ed. (Chapman & Hall/CRC, 2008), §4.2, two-sample test of "
               "proportions",
    ),
)
