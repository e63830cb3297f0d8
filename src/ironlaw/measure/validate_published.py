"""Validation against published GPU results: predicted vs published, case by case.

Each file in ``measure/published/`` holds one source (title, URL, date) and its cases; a case
names its kind, the table it was read in, the published figure and every input that figure
depends on. Per kind, the prediction comes from the same functions a user calls:

    gemm                    one (m, k) @ (k, n) matmul costed on the device (frameworks.cost):
                            rate = 2·m·n·k / T                                        [FLOP/s]
    offline-throughput      MLPerf Inference's Offline scenario: each of ``devices`` copies of
                            ``device`` runs its own engine on batches of ``batch`` samples
                            (``ironlaw analyze`` of the built model, fused mode, at
                            ``precision``; ``seq`` tokens for an encoder):
                            samples/s = devices · B / T(B)                        [samples/s]
    llm-prefill             the prefill pass of ``batch`` prompts (serving.phases.prefill),
                            with tensor parallelism over ``devices``: TTFT               [s]
    llm-static-throughput   a static batch (serving.batching.static_batch): B prompts in one
                            prefill pass, then O − 1 decode steps at the mean context P + O/2;
                            output tokens/s per device = B·O / (T_pre + (O − 1)·T_dec) / devices
    llm-engine-throughput   an engine's in-flight batching under maximum load (serve_llm's
                            saturated iteration under ``engine``'s default token budget, or
                            ``token_budget`` when the case states one): output tokens/s of the
                            replica = X·O, X = B/((O − 1)·T_iter)
    all-reduce-busbw        nccl-tests' bus bandwidth of an all-reduce of ``size`` bytes over
                            ``devices`` copies of ``device`` in one node, as NCCL runs it
                            (hardware.links.Link.time; ``nvls: false`` for NCCL_ALGO=RING):
                            busbw = 2(N−1)/N · M / T                                  [B/s]
    llm-train-throughput    one training step of a GPT of bare shape (models.zoo.shape_model:
                            ``layers``, ``hidden``, ``heads``, ``vocab``, ``seq``) on
                            ``devices`` × ``device``, planned as ``ironlaw train`` plans it
                            (training.plan.plan_training: ``micro_batch``, ``global_batch``,
                            ``zero``, ``recompute``, ``optimizer``, ``attention``, ``loss``,
                            ``mode`` eager | fused as the source ran, default fused):
                            tokens/s per device = global_batch · seq / T_step / devices
    llm-energy-per-token    GPU energy per output token of ``batch`` sequences served with
                            tensor parallelism over ``devices``, full batches always running
                            (no arrival rate): what ``ironlaw serve --batch`` reports as
                            energy_per_token_j (serve_llm, then
                            operations.serving_energy.with_energy; ``idle_power`` [W] when
                            the case gives one):
                            (E_prefill + (O − 1)·E_decode(B)/B) / O                [J/token]

Every LLM kind takes ``kv_precision`` where the source's engine stored its KV cache narrower
than its activations (TensorRT-LLM v0.6's --fp8_kv_cache); without it, the serving default.
The serving kinds take ``kv_reads: per-head`` where the source's engine decoded GQA with a
kernel that reads each K/V head once per query head (TensorRT-LLM before XQA, v0.8:
``frameworks.ops.per_head_reads``); without it, "grouped".

    error = (predicted − published) / published,   MAPE = mean |error|

These figures are validation data only: no constant anywhere was set from them (design.md §5).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ironlaw.derive import Line, Worked
from ironlaw.errors import UserError
from ironlaw.table import Shown, Table, columns
from ironlaw.uncertainty import cached_per_end, coverage, covers, mape, relative_error, with_bounds

FOLDER = Path(__file__).with_name("published")

# kind -> (the inputs it needs, how its figure is shown: a units dimension or a suffix)
KINDS = {
    "gemm": (("device", "dtype", "m", "n", "k"), "flop_rate"),
    "llm-prefill": (("model", "device", "devices", "precision", "batch", "prompt"), "time"),
    "llm-static-throughput": (("model", "device", "devices", "precision", "batch", "prompt",
                               "output"), " tok/s/GPU"),
    "llm-engine-throughput": (("model", "device", "devices", "precision", "prompt", "output",
                               "engine"), " tok/s"),
    "offline-throughput": (("model", "device", "devices", "precision", "batch"),
                           " samples/s"),
    "all-reduce-busbw": (("device", "devices", "size"), "bandwidth"),
    "llm-train-throughput": (("layers", "hidden", "heads", "vocab", "seq", "device", "devices",
                              "precision", "micro_batch", "global_batch", "zero", "recompute"),
                             " tok/s/GPU"),
    "llm-energy-per-token": (("model", "device", "devices", "precision", "batch", "prompt",
                              "output"), "energy"),
}
SOURCE_FIELDS = ("title", "url", "published", "checked")


@dataclass(frozen=True)
class Case:
    """One published figure and what it depends on."""

    id: str
    kind: str
    table: str
    published: float
    unit: str
    inputs: dict[str, Any]
    source: dict[str, Any]
    file: str
    note: str = ""  # what the source says beside the figure, or what ironlaw assumes for it


@dataclass(frozen=True)
class CaseResult:
    case: Case
    predicted: float
    notes: tuple[str, ...] = ()
    # [low, high]: the prediction with the efficiency parameters at the ends of their stated
    # ranges (ironlaw.uncertainty); equal ends where no parameter it uses states a range
    interval: tuple[float, float] | None = None

    @property
    def error(self) -> float:
        return relative_error(self.predicted, self.case.published)

    @property
    def covered(self) -> bool:
        """Whether the published figure lies inside the interval."""
        return covers(self.interval, self.case.published)

    def to_dict(self) -> dict[str, Any]:
        c = self.case
        out = {"id": c.id, "kind": c.kind, "unit": c.unit, "published": c.published,
               "predicted": self.predicted, "covered": self.covered, "error": self.error,
               "inputs": c.inputs, "table": c.table, "source_title": c.source["title"],
               "source_url": c.source["url"], "source_published": str(c.source["published"]),
               "note": c.note, "notes": list(self.notes)}
        return with_bounds(out, {"predicted": self.interval})


def _coverage(results: list[CaseResult] | tuple[CaseResult, ...]) -> float:
    """The share of published figures inside their prediction's interval."""
    return coverage((r.interval, r.case.published) for r in results)


def _mape(results: list[CaseResult] | tuple[CaseResult, ...]) -> float:
    """Mean |error| of the predictions against the published figures (uncertainty.mape)."""
    return mape((r.predicted, r.case.published) for r in results)


@dataclass(frozen=True, repr=False)
class PublishedValidation(Shown):
    results: tuple[CaseResult, ...]

    @property
    def mape(self) -> float:
        return _mape(self.results)

    @property
    def worst(self) -> CaseResult:
        return max(self.results, key=lambda r: abs(r.error))

    def within(self, bound: float) -> int:
        return sum(abs(r.error) <= bound for r in self.results)

    @property
    def coverage(self) -> float:
        """The share of published figures inside their prediction's interval."""
        return _coverage(self.results)

    def to_dict(self) -> dict[str, Any]:
        return {"count": len(self.results), "mape": self.mape, "coverage": self.coverage,
                "within_10_percent": self.within(0.10), "within_25_percent": self.within(0.25),
                "worst_case": self.worst.case.id, "worst_error": self.worst.error,
                "by_kind": self.by_kind(), "cases": [r.to_dict() for r in self.results]}

    def by_kind(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for kind in dict.fromkeys(r.case.kind for r in self.results):
            mine = [r for r in self.results if r.case.kind == kind]
            out[kind] = {"count": len(mine),
                         "mape": _mape(mine),
                         "coverage": _coverage(mine)}
        return out

    def records(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.to_dict().items() if k not in ("inputs", "notes")}
                for r in self.results]

    def rows(self) -> list[Table]:
        records = tuple({"id": r.case.id, "kind": r.case.kind,
                         "inputs": _inputs_text(r.case.inputs),
                         "published": _show(r.case.published, r.case.kind),
                         "predicted": _show(r.predicted, r.case.kind),
                         "interval": "—" if r.interval is None else
                         f"{_show(r.interval[0], r.case.kind)} – "
                         f"{_show(r.interval[1], r.case.kind)}",
                         "covered": "yes" if r.covered else "no",
                         "error": f"{r.error:+.1%}"} for r in self.results)
        worst = self.worst
        title = (f"Predicted vs published: MAPE {self.mape:.1%} over {len(self.results)} "
                 f"cases, {self.within(0.10)} within 10%, {self.within(0.25)} within 25%; "
                 f"worst {worst.case.id} {worst.error:+.1%}; interval coverage "
                 f"{self.coverage:.0%}")
        notes = tuple(f"{kind}: {v['count']} cases, MAPE {v['mape']:.1%}, coverage "
                      f"{v['coverage']:.0%}" for kind, v in self.by_kind().items())
        notes += ("interval: the prediction with the efficiency parameters at the ends of "
                  "their stated ranges; covered: the published figure lies inside it",)
        notes += tuple(f"{r.case.id}: {n}" for r in self.results for n in r.notes)
        sources = tuple(dict.fromkeys(f"source: {r.case.source['title']} — "
                                      f"{r.case.source['url']}" for r in self.results))
        return [Table(title, columns(("id", "case"), ("kind", "kind"), ("inputs", "inputs"),
                                     ("published", "published"), ("predicted", "predicted"),
                                     ("interval", "interval"), ("covered", "inside"),
                                     ("error", "error")), records, notes + sources)]

    def page_figures(self) -> list[dict]:
        """An HTML page's figures: the signed error of every case, then the MAPE of each kind
        (errors are fractions: their axes read in percent)."""
        from ironlaw.report.html import bars

        error = bars("error = (predicted − published) / published, by case",
                     [{"label": r.case.id, "value": r.error, "shown": f"{r.error:+.1%}"}
                      for r in self.results], "case", "count")
        mape = bars("MAPE by kind",
                    [{"label": kind, "value": v["mape"],
                      "shown": f"{v['mape']:.1%} over {v['count']} cases"}
                     for kind, v in self.by_kind().items()], "kind", "count")
        for spec, title in ((error, "error"), (mape, "MAPE")):
            spec["encoding"]["x"].update(title=title, axis={"format": ".0%"})
        return [error, mape]

    def explain(self) -> Worked:
        lines = tuple(Line(r.case.id, "error = (predicted − published) / published",
                           f"({r.predicted:.4g} − {r.case.published:.4g}) / "
                           f"{r.case.published:.4g}", f"{r.error:+.1%}")
                      for r in self.results)
        return Worked(f"Published validation: MAPE {self.mape:.1%} over {len(self.results)} "
                      "cases", lines, ())


def _show(value: float, kind: str) -> str:
    from ironlaw.units import format as show

    shown = KINDS[kind][1]
    return f"{value:,.0f}{shown}" if shown.startswith(" ") else show(value, shown)


def _inputs_text(inputs: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in inputs.items())


# --- loading -----------------------------------------------------------------------------------

def load_cases(folder: Path = FOLDER) -> tuple[Case, ...]:
    """Every case of every ``*.yaml`` source file in ``folder``, checked for its fields."""
    from ironlaw.files import read_yaml

    cases: list[Case] = []
    seen: set[str] = set()
    for path in sorted(Path(folder).glob("*.yaml")):
        data = read_yaml(path, "published-results file")
        source = data.get("source") if isinstance(data, dict) else None
        if not isinstance(source, dict) or any(not source.get(f) for f in SOURCE_FIELDS):
            raise UserError(f"{path}: 'source' must give {', '.join(SOURCE_FIELDS)}")
        for i, raw in enumerate(data.get("cases") or ()):
            case = _case(raw, source, path, i)
            if case.id in seen:
                raise UserError(f"{path}: case id {case.id!r} appears twice")
            seen.add(case.id)
            cases.append(case)
    if not cases:
        raise UserError(f"{folder}: no published cases found")
    return tuple(cases)


def _case(raw: Any, source: dict, path: Path, index: int) -> Case:
    where = f"{path}: cases[{index}]"
    if not isinstance(raw, dict):
        raise UserError(f"{where}: expected a mapping")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise UserError(f"{where}: kind must be one of {', '.join(KINDS)}; got {kind!r}")
    needed = KINDS[kind][0]
    inputs = raw.get("inputs")
    if not isinstance(inputs, dict) or any(k not in inputs for k in needed):
        raise UserError(f"{where}: a {kind} case needs inputs {', '.join(needed)}")
    published = raw.get("published")
    if isinstance(published, bool) or not isinstance(published, (int, float)) \
            or not published > 0:
        raise UserError(f"{where}: 'published' must be a positive number; got {published!r}")
    for field in ("id", "table", "unit"):
        if not isinstance(raw.get(field), str) or not raw[field]:
            raise UserError(f"{where}: '{field}' must be a non-empty string")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise UserError(f"{where}: 'note' must be a string")
    return Case(raw["id"], kind, raw["table"], float(published), raw["unit"], dict(inputs),
                dict(source), path.name, note)


# --- predictions -------------------------------------------------------------------------------

def predict(case: Case) -> CaseResult:
    """The prediction for one case (module docstring), from the built-in catalog."""
    x = case.inputs
    if case.kind == "gemm":
        return CaseResult(case, gemm_rate(x["device"], x["dtype"], x["m"], x["n"], x["k"]))
    if case.kind == "all-reduce-busbw":
        return CaseResult(case, all_reduce_busbw(x["device"], x["devices"], x["size"],
                                                 x.get("nvls", True)))
    if case.kind == "llm-train-throughput":
        return CaseResult(case, *train_throughput(x))
    if case.kind == "offline-throughput":
        return CaseResult(case, *offline_throughput(x))
    if case.kind == "llm-energy-per-token":
        return CaseResult(case, *energy_per_token(x))
    from ironlaw.serving import batching, phases, serve_llm

    if case.kind == "llm-engine-throughput":
        served = serve_llm(x["model"], x["device"], devices=x["devices"],
                           precision=x["precision"], prompt=x["prompt"], output=x["output"],
                           engine=x["engine"], token_budget=x.get("token_budget"),
                           kv_precision=x.get("kv_precision"), kv_reads=x.get("kv_reads"))
        engine = served.offline
        notes = () if engine.batch else ("the engine admits no sequence",)
        return CaseResult(case, float(engine.tokens_per_s), notes)
    from ironlaw.serving.kv import KvLayout

    target = _target(x["device"], x["devices"])
    # the engine's default precision when not stated; its decode kernel's way of reading K/V
    cache = KvLayout(dtype=x.get("kv_precision"), reads=x.get("kv_reads", "grouped"))
    pre = phases.prefill(x["model"], target, x["prompt"], x["precision"], batch=x["batch"],
                         kv=cache)
    if case.kind == "llm-prefill":
        return CaseResult(case, float(pre.time_s), _fit_note(pre))
    context = x["prompt"] + x["output"] // 2
    dec = phases.decode(x["model"], target, x["batch"], context, x["precision"], kv=cache)
    rate = batching.static_batch(pre.time_s, dec.time_s, x["batch"], x["output"])
    return CaseResult(case, float(rate / x["devices"]), _fit_note(pre) + _fit_note(dec))


@cached_per_end(maxsize=None)
def _target(device: str, devices: int):
    """The serving target, once per device, count and efficiency end (its efficiency is read
    at the end in force)."""
    from ironlaw.serving.target import resolve

    return resolve(device, devices, None)


def _fit_note(cost) -> tuple[str, ...]:
    return () if cost.fits else (f"the {cost.phase} pass does not fit in device memory",)


def gemm_rate(device: str, dtype: str, m: int, n: int, k: int) -> float:
    """The FLOP/s one (m, k) @ (k, n) matmul reaches on ``device``: 2·m·n·k / T, T the
    kernel's time plus fused mode's launch time (as a timed torch.matmul pays it)."""
    from ironlaw.frameworks import ops
    from ironlaw.frameworks.cost import analyze
    from ironlaw.frameworks.graph import Graph, Workload

    on = _target(device, 1)
    graph = Graph("gemm", (ops.matmul("gemm", 1, m, n, k, dtype),), dtype, {}, Workload())
    result = analyze(graph, on.device, on.efficiency, "fused")
    return graph.flops / result.latency_s


def offline_throughput(x: dict[str, Any]) -> tuple[float, tuple[str, ...]]:
    """Samples/s of ``devices`` independent engines, each running batches of ``batch``
    (module docstring): the model as ``ironlaw analyze`` builds and costs it."""
    from ironlaw.frameworks.cost import analyze
    from ironlaw.models.zoo import build_model

    on = _target(x["device"], 1)
    graph = build_model(x["model"], phase=x.get("phase"), batch=x["batch"], seq=x.get("seq"),
                        dtype=x["precision"], runs=on.device.peak)
    result = analyze(graph, on.device, on.efficiency, x.get("mode", "fused"))
    notes = () if result.fits else ("a batch does not fit in device memory",)
    return x["devices"] * x["batch"] / result.latency_s, notes


def train_throughput(x: dict[str, Any]) -> tuple[float, tuple[str, ...]]:
    """Training tokens/s per device of a GPT of bare shape, from the plan ``ironlaw train``
    makes for the same inputs (``x``: a llm-train-throughput case's inputs), and its notes."""
    from ironlaw.models.zoo import shape_model
    from ironlaw.training.plan import plan_training

    model = shape_model(x["layers"], x["hidden"], x["heads"], x["vocab"], x["seq"]).id
    plan = plan_training(model, x["device"], x["devices"], micro_batch=x["micro_batch"],
                         global_batch=x["global_batch"], seq=x["seq"],
                         precision=x["precision"], optimizer=x.get("optimizer", "adamw"),
                         zero=x["zero"], recompute=x["recompute"],
                         attention=x.get("attention", "flash"), loss=x.get("loss", "fp32"),
                         mode=x.get("mode", "fused"))
    notes: list[str] = []
    if not plan.fits:
        notes.append(f"the plan does not fit: {plan.reason}")
    if "grad_accum" in x and plan.micro_batches != x["grad_accum"]:
        notes.append(f"the plan takes {plan.micro_batches} micro-batches a step, the source "
                     f"{x['grad_accum']}")
    return float(plan.tokens_per_s / plan.devices), tuple(notes)


def energy_per_token(x: dict[str, Any]) -> tuple[float, tuple[str, ...]]:
    """GPU energy per output token [J] of an LLM served at batch ``x["batch"]``, as
    ``ironlaw serve`` reports it for the same inputs (``x``: a llm-energy-per-token case's
    inputs), and its notes: the catalog's gaps it filled (an idle power it lacks) and a batch
    its KV accounting does not admit (then the energy of the same passes, as if it fitted)."""
    from ironlaw.operations.serving_energy import serving_energy
    from ironlaw.serving import serve_llm

    served = serve_llm(x["model"], x["device"], devices=x["devices"],
                       precision=x["precision"], prompt=x["prompt"], output=x["output"],
                       batch=x["batch"], kv_precision=x.get("kv_precision"),
                       kv_reads=x.get("kv_reads"))
    energy = serving_energy(served, x.get("idle_power"))
    notes = [f"ironlaw's KV accounting does not admit the batch ({served.reason}); the energy "
             "of its passes as if it did"] if served.verdict == "does not fit" else []
    notes += [a for a in energy.assumptions if "idle power not in the catalog" in a]
    return float(energy.per_output_token_j), tuple(notes)


def validate_published(folder: Path = FOLDER, kinds: tuple[str, ...] | None = None
                       ) -> PublishedValidation:
    """Predict every published case (optionally of ``kinds`` only) and compare."""
    cases = [c for c in load_cases(folder) if kinds is None or c.kind in kinds]
    if not cases:
        raise UserError(f"no published cases of kind {', '.join(kinds or ())}")
    return PublishedValidation(tuple(bounded(c) for c in cases))


def bounded(case: Case) -> CaseResult:
    """:func:`predict` with its interval: the same prediction with the efficiency parameters
    at the fast and at the slow end of their stated ranges (ironlaw.uncertainty)."""
    from dataclasses import replace

    from ironlaw.uncertainty import ends, span

    nominal = predict(case)
    fast, slow = ends(lambda: predict(case).predicted)
    return replace(nominal, interval=span(fast, slow, nominal.predicted))


def all_reduce_busbw(device: str, devices: int, size: float, nvls: bool = True) -> float:
    """busbw = 2(N−1)/N · M / T [B/s] of an all-reduce as NCCL runs it on the node's link."""
    from dataclasses import replace

    from ironlaw.hardware.catalog import builtin
    from ironlaw.hardware.links import link_for

    link = link_for(builtin().device(device), devices)
    link = link if nvls else replace(link, nvls=0.0)
    return float(2.0 * (devices - 1) / devices * size / link.time("all-reduce", size))
