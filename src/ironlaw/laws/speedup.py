"""Parallel speedup: Amdahl (fixed work), Gustafson (scaled work), universal scalability law.

    Amdahl:     S(s) = 1 / ((1 − p) + p/s)          p fraction sped up, s its speedup
    Gustafson:  S(N) = (1 − p) + p·N                p parallel fraction of the scaled run on N units
    USL:        C(N) = N / (1 + σ(N − 1) + κ·N(N − 1))   σ contention, κ coherency (crosstalk)
                N*   = sqrt((1 − σ)/κ)              the N of peak throughput
    Pairs:      n(n − 1)/2                          the pairs among n units: the links of an
                all-to-all (full-mesh) network, the exchanges USL's κ term counts
                (κ·N(N − 1) = 2κ·pairs); each unit talks to n − 1 others

    Pipeline:   T = Σ T_i (latency [s]);  X = 1/max_i T_i (throughput [1/s], the slowest stage)
                speeding stage k up s×: T' = T − T_k + T_k/s = T·((1 − p) + p/s), p = T_k/T,
                so T/T' is Amdahl's S with p = T_k/T

    Speculative decoding: a draft proposes γ tokens, the target checks them in one pass; each
                is accepted with probability α (i.i.d.), so one iteration yields
                E = (1 − α^(γ+1))/(1 − α) tokens (γ + 1 at α = 1), and with c = T_draft/T_target
                the wall-clock speedup is E/(γc + 1)   (Leviathan et al., ICML 2023, Thm 3.8)

    Ratio:      S = a/b of two quantities of one dimension (two throughputs, two latencies:
                a speedup is T_old/T_new), and the change a/b − 1 it makes

Amdahl, AFIPS 1967; Gustafson, CACM 31(5), 1988; Gunther, "Guerrilla Capacity Planning", 2007.
Arguments broadcast; speedups and fractions are dimensionless, stage times in seconds.
"""

from __future__ import annotations

import numpy as np

from ironlaw.errors import ParameterError
from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real


def amdahl(parallel_fraction: Real, speedup: Real) -> Real:
    """S = 1 / ((1 − p) + p/s). The limit as s → ∞ is 1/(1 − p)."""
    return 1.0 / ((1.0 - parallel_fraction) + parallel_fraction / speedup)


def amdahl_limit(parallel_fraction: Real) -> Real:
    """S_max = 1 / (1 − p): what the serial part allows however fast the rest becomes."""
    with np.errstate(divide="ignore"):
        return (1.0 / (1.0 - np.asarray(parallel_fraction, dtype=float)))[()]


def amdahl_time(total: Real, part: Real, speedup: Real) -> Real:
    """T' = T − T_k + T_k/s [s]: the time after the part taking T_k of T runs s× faster."""
    return total - part + part / speedup


def pipeline_latency(stage_times) -> Real:
    """T = Σ T_i [s]: one item passes every stage in turn."""
    return sum(stage_times[1:], stage_times[0])


def pipeline_throughput(stage_times) -> Real:
    """X = 1/max_i T_i [1/s]: a full pipeline moves at the pace of its slowest stage."""
    slowest = stage_times[0]
    for t in stage_times[1:]:
        slowest = np.maximum(slowest, t)
    return 1.0 / slowest


def gustafson(parallel_fraction: Real, units: Real) -> Real:
    """S = (1 − p) + p·N, the scaled speedup on N units."""
    return (1.0 - parallel_fraction) + parallel_fraction * units


def pairs(units: Real) -> Real:
    """n(n − 1)/2: the unordered pairs among n units (the links of a full mesh)."""
    return units * (units - 1.0) / 2.0


def usl(units: Real, contention: Real, coherency: Real) -> Real:
    """C(N) = N / (1 + σ(N − 1) + κ·N(N − 1)), relative capacity on N units; κ·N(N − 1) is
    the coherency cost of every ordered pair, 2κ·pairs(N)."""
    return units / (1.0 + contention * (units - 1.0) + coherency * 2.0 * pairs(units))


def usl_peak_units(contention: Real, coherency: Real) -> Real:
    """N* = sqrt((1 − σ)/κ): beyond N*, adding units lowers throughput (κ > 0)."""
    return np.sqrt((1.0 - contention) / coherency)


def speculative_tokens(acceptance: Real, draft_tokens: Real) -> Real:
    """E = (1 − α^(γ+1))/(1 − α): tokens one speculative iteration yields, γ drafted with
    acceptance α each (γ + 1 when α = 1): the accepted prefix and the target's own token."""
    a = np.asarray(acceptance, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        tokens = np.where(a < 1.0, (1.0 - a ** (draft_tokens + 1.0)) / (1.0 - a),
                          draft_tokens + 1.0)
    return tokens[()]


def speculative_speedup(acceptance: Real, draft_tokens: Real, cost_ratio: Real) -> Real:
    """S = E/(γc + 1): wall-clock speedup of speculative over plain decoding when a draft step
    costs c target steps and verifying γ + 1 tokens costs one target step."""
    return speculative_tokens(acceptance, draft_tokens) / (draft_tokens * cost_ratio + 1.0)


def ratio(a: Real, b: Real) -> Real:
    """S = a/b [×]: how many times b the quantity a is (both of one dimension, in SI units);
    a − b is a/b − 1 of b (+12%: 12% more; −27%: 27% less)."""
    return a / b


def _ratio(a, b):
    s = ratio(float(a), float(b))  # derive reads a and b as one kind (its inputs of any dimension)
    return {"ratio": s, "change": s - 1.0}


def _pipeline(stages, stage, s):
    if stage is None:
        stage = stages.index(max(stages)) + 1
    if stage > len(stages):
        raise ParameterError("stage", f"there are {len(stages)} stages; got {stage:g}")
    part = stages[int(stage) - 1]
    total = pipeline_latency(stages)
    faster = (*stages[:int(stage) - 1], part / s, *stages[int(stage):])
    new = amdahl_time(total, part, s)
    return {"total": total, "part": part, "p": part / total, "sped": part / s, "new": new,
            "speedup": total / new, "amdahl": amdahl(part / total, s),
            "throughput": pipeline_throughput(stages),
            "new_throughput": pipeline_throughput(faster), "rest": total - part}


CALCS = (
    Calc(
        name="ratio",
        title="Ratio of two quantities (a speedup, a throughput gain, a tail over a mean)",
        inputs=(Symbol("a", "a", "any", "the quantity compared (e.g. the new throughput, the "
                                        "old latency)"),
                Symbol("b", "b", "any", "the one it is compared with, in the same dimension")),
        outputs=(Symbol("ratio", "S", "factor", "ratio a/b"),
                 Symbol("change", "S − 1", "share", "change from b to a, (a − b)/b",
                        latex="S - 1")),
        formula="S = a/b",
        latex=r"S = a / b",
        steps=("S = {a} / {b} = {ratio}", "S − 1 = {change}"),
        compute=_ratio,
        results=("ratio", "change"),
        notes=("A speedup from two times is the old time over the new (a = T_old); from two "
               "throughputs, the new over the old.",),
        source="Definition: the quotient of two quantities of one kind, a plain number",
    ),
    Calc(
        name="pipeline",
        title="Pipeline: latency, throughput, and one stage made faster (Amdahl)",
        inputs=(
            Symbol("stages", "T_i", "time", "stage times, e.g. '100 + 60 + 40 ms'", many=True,
                   latex="T_i"),
            Symbol("stage", "k", "count", "the stage made faster, 1 = first (default: slowest)",
                   optional=True, domain="integer"),
            Symbol("s", "s", "count", "how many times faster it gets", default=1.0),
        ),
        outputs=(
            Symbol("total", "T", "time", "latency Σ T_i"),
            Symbol("part", "T_k", "time", "the stage's time", latex="T_k"),
            Symbol("rest", "T − T_k", "time", "the other stages", latex="T - T_k"),
            Symbol("p", "p", "count", "its fraction T_k/T"),
            Symbol("sped", "T_k/s", "time", "its new time", latex="T_k/s"),
            Symbol("new", "T'", "time", "new latency", latex="T'"),
            Symbol("speedup", "S", "count", "speedup T/T'"),
            Symbol("amdahl", "S_A", "count", "Amdahl 1/((1 − p) + p/s)", latex="S_A"),
            Symbol("throughput", "X", "rate", "throughput 1/max T_i"),
            Symbol("new_throughput", "X'", "rate", "new throughput", latex="X'"),
        ),
        formula="T' = T − T_k + T_k/s;  S = T/T' = 1/((1 − p) + p/s), p = T_k/T",
        latex=(r"T' = T - T_k + \frac{T_k}{s}, \quad S = \frac{T}{T'} = "
               r"\frac{1}{(1-p) + p/s}"),
        steps=("T = {stages} = {total}",
               "T' = {rest} + {part}/{s} = {rest} + {sped} = {new}",
               "S = {total} / {new} = {speedup}   (p = {p}: 1/((1 − {p}) + {p}/{s}) = {amdahl})",
               "X = 1 / max T_i = {throughput} → {new_throughput}"),
        compute=_pipeline,
        results=("new", "speedup", "total", "throughput", "new_throughput"),
        sums=(("new", ("rest", "sped")), ("total", ("stages",))),
        source="G. Amdahl, AFIPS 1967; pipeline throughput: the slowest stage sets the pace",
    ),
    Calc(
        name="amdahl",
        title="Amdahl's law",
        inputs=(
            Symbol("p", "p", "count", "fraction of the work that is sped up", domain="fraction"),
            Symbol("s", "s", "count", "speedup of that fraction (left out: only the limit)",
                   optional=True),
        ),
        outputs=(
            Symbol("serial", "1 − p", "count", "serial fraction"),
            Symbol("parallel", "p/s", "count", "sped-up fraction's new share"),
            Symbol("speedup", "S", "count", "overall speedup"),
            Symbol("limit", "S_max", "count", "limit as s → ∞, 1/(1 − p)", latex=r"S_{\max}"),
        ),
        formula="S = 1 / ((1 − p) + p/s)",
        latex=r"S = \frac{1}{(1 - p) + p/s}",
        steps=("S = 1 / ((1 − {p}) + {p}/{s}) = 1 / ({serial} + {parallel}) = {speedup}",
               "S_max = 1 / (1 − {p}) = {limit}"),
        compute=lambda p, s: {"serial": 1 - p, "parallel": None if s is None else p / s,
                              "speedup": None if s is None else amdahl(p, s),
                              "limit": amdahl_limit(p)},
        results=("speedup", "limit"),
        source="G. Amdahl, AFIPS Spring Joint Computer Conference, 1967",
    ),
    Calc(
        name="gustafson",
        title="Gustafson's law (scaled speedup)",
        inputs=(
            Symbol("p", "p", "count", "parallel fraction of the scaled run", domain="fraction"),
            Symbol("n", "N", "count", "number of processing units"),
        ),
        outputs=(Symbol("speedup", "S", "count", "scaled speedup"),),
        formula="S = (1 − p) + p·N",
        latex=r"S = (1 - p) + p\,N",
        steps=("(1 − {p}) + {p} × {n}", "{speedup}"),
        compute=lambda p, n: {"speedup": gustafson(p, n)},
        results=("speedup",),
        source="J. Gustafson, 'Reevaluating Amdahl's law', CACM 31(5), 1988",
    ),
    Calc(
        name="usl",
        title="Universal scalability law",
        inputs=(
            Symbol("n", "N", "count", "number of processing units"),
            Symbol("sigma", "σ", "count", "contention (serialization) coefficient",
                   domain="probability", latex=r"\sigma"),
            Symbol("kappa", "κ", "count", "coherency (crosstalk) coefficient",
                   domain="nonnegative", latex=r"\kappa"),
        ),
        outputs=(
            Symbol("capacity", "C", "count", "relative capacity C(N)"),
            Symbol("peak_n", "N*", "count", "N of peak capacity", latex="N^*"),
        ),
        formula="C(N) = N / (1 + σ(N − 1) + κ·N(N − 1))",
        latex=r"C(N) = \frac{N}{1 + \sigma (N-1) + \kappa N (N-1)}",
        steps=("{n} / (1 + {sigma} × ({n} − 1) + {kappa} × {n} × ({n} − 1))", "{capacity}"),
        compute=lambda n, sigma, kappa: {
            "capacity": usl(n, sigma, kappa),
            "peak_n": usl_peak_units(sigma, kappa) if kappa > 0 else float("inf")},
        results=("capacity", "peak_n"),
        source="N. Gunther, 'Guerrilla Capacity Planning', Springer 2007",
    ),
    Calc(
        name="pair-count",
        title="Pairs among n units: the links of an all-to-all (full-mesh) network",
        inputs=(Symbol("n", "n", "count", "units (devices, nodes, people) that each talk to "
                                          "every other", domain="integer"),),
        outputs=(Symbol("pairs", "n(n − 1)/2", "count", "pairs (two-way links)",
                        latex=r"n(n-1)/2"),
                 Symbol("per_unit", "n − 1", "count", "links of each unit", latex="n - 1"),
                 Symbol("directed", "n(n − 1)", "count", "one-way channels (both directions)",
                        latex="n(n-1)")),
        formula="n(n − 1)/2",
        latex=r"\frac{n(n-1)}{2}",
        steps=("n(n − 1)/2 = {n} × {per_unit} / 2 = {pairs}",
               "both directions: n(n − 1) = {directed}"),
        compute=lambda n: {"pairs": pairs(n), "per_unit": n - 1.0, "directed": 2.0 * pairs(n)},
        results=("pairs", "per_unit", "directed"),
        notes=("A pair count grows as n²/2: ten times the units, a hundred times the links; a "
               "star (every unit to one hub) needs n − 1, a ring n.",),
        source="Combinatorics: the number of 2-element subsets of n, C(n, 2) = n(n − 1)/2",
    ),
    Calc(
        name="speculative-decoding",
        title="Speculative decoding: tokens per iteration and speedup",
        inputs=(Symbol("acceptance", "α", "count", "probability a drafted token is accepted",
                       latex=r"\alpha", domain="fraction"),
                Symbol("draft_tokens", "γ", "count", "tokens drafted per iteration",
                       latex=r"\gamma", domain="integer"),
                Symbol("cost_ratio", "c", "count", "draft step time / target step time")),
        outputs=(Symbol("tokens", "E", "count", "tokens per iteration"),
                 Symbol("cost", "γc + 1", "count", "iteration time in target steps"),
                 Symbol("speedup", "S", "count", "speedup over plain decoding")),
        formula="E = (1 − α^(γ+1))/(1 − α);  S = E/(γc + 1)",
        latex=r"E = \frac{1-\alpha^{\gamma+1}}{1-\alpha}, \quad S = \frac{E}{\gamma c + 1}",
        steps=("E = (1 − {acceptance}^({draft_tokens} + 1)) / (1 − {acceptance}) = {tokens}",
               "S = {tokens} / ({draft_tokens} × {cost_ratio} + 1) = {tokens} / {cost} = "
               "{speedup}"),
        compute=lambda acceptance, draft_tokens, cost_ratio: {
            "tokens": speculative_tokens(acceptance, draft_tokens),
            "cost": draft_tokens * cost_ratio + 1.0,
            "speedup": speculative_speedup(acceptance, draft_tokens, cost_ratio)},
        results=("speedup", "tokens"),
        notes=("Verifying γ + 1 tokens is taken to cost one target step (decode is bound by "
               "reading the weights); `ironlaw serve --draft` costs the verify pass itself.",),
        source="Leviathan, Kalman & Matias, 'Fast Inference from Transformers via Speculative "
               "Decoding', ICML 2023, Theorem 3.8 and Corollary 3.9",
    ),
)
