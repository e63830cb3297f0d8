"""Scenarios: every built-in one evaluates to a verdict; margins, binding constraints and
verdict changes at the computed value; infeasible workloads and malformed files."""

import json
import re

import pytest

from ironlaw.applications.evaluate import evaluate
from ironlaw.applications.scenario import (
    Requirement,
    Scenario,
    builtin_scenarios,
    judge,
    load,
)
from ironlaw.errors import UserError

LIGHTHOUSE_SCENARIOS = {"kws-cortex-m4", "doorbell-esp32-s3", "mobile-mobilenetv2-a17",
                        "av-perception-orin", "chatbot-llama3-8b-h100", "llama3-70b-dgx-h100",
                        "dlrm-serving", "resnet50-training-8xa100", "gpt2-xl-finetune-1gpu"}


def test_every_builtin_scenario_evaluates_to_a_verdict():
    scenarios = builtin_scenarios()
    assert LIGHTHOUSE_SCENARIOS <= {s.id for s in scenarios}
    for scenario in scenarios:
        verdict = evaluate(scenario)
        assert len(verdict.judgements) == len(scenario.requirements)
        assert all(j.value is not None for j in verdict.judgements), scenario.id
        assert verdict.binding is not None


def test_margins_by_hand():
    metrics = {"latency_s": 0.020, "throughput_per_s": 500.0}
    slow = judge(Requirement(metric="latency_s", max="25 ms"), metrics)
    assert slow.passed and slow.margin == pytest.approx(0.025 / 0.020 - 1)  # +25%
    fast = judge(Requirement(metric="throughput_per_s", min="1000 /s"), metrics)
    assert not fast.passed and fast.margin == pytest.approx(500 / 1000 - 1)  # −50%


def with_requirement(scenario: Scenario, metric: str, **bound) -> Scenario:
    data = scenario.model_dump()
    data["requirements"] = [{"metric": metric, **bound}]
    return Scenario.model_validate(data)


@pytest.mark.parametrize(("name", "metric"), [("kws-cortex-m4", "energy_per_inference_j"),
                                               ("chatbot-llama3-8b-h100", "tpot_s"),
                                               ("gpt2-xl-finetune-1gpu", "time_to_train_s")])
def test_the_verdict_flips_where_the_budget_crosses_the_computed_value(name, metric):
    scenario = load(name)
    value = evaluate(scenario).metrics[metric]
    assert evaluate(with_requirement(scenario, metric, max=value * 1.001)).passed
    assert not evaluate(with_requirement(scenario, metric, max=value * 0.999)).passed


def test_a_model_that_does_not_fit_is_a_verdict_with_its_reason():
    data = load("dlrm-serving").model_dump()
    data["workload"].update(model="llama-3-70b", batch=1, phase="decode", seq=1, context=128)
    verdict = evaluate(Scenario.model_validate(data))
    assert not verdict.feasible and not verdict.passed
    assert "needs" in verdict.reason and "h100-sxm" in verdict.reason


def test_training_that_does_not_fit_is_a_verdict():
    data = load("gpt2-xl-finetune-1gpu").model_dump()
    data["workload"].update(model="llama-2-70b", micro_batch=1, seq=2048)
    verdict = evaluate(Scenario.model_validate(data))
    assert not verdict.feasible and "a100-80gb has 85.9 GB" in verdict.reason
    # Adam in mixed precision: 16 bytes per parameter of model states (ZeRO paper, §3)
    assert verdict.metrics["memory_model_states_bytes"] == 16 * 68_976_648_192


BAD = {
    "missing model": ("workload: {task: inference}\n", "workload.model"),
    "bad task": ("workload: {task: dreaming, model: mlp}\n", "workload.task"),
    "two bounds": ("requirements: [{metric: latency_s, max: 1, min: 0}]\n",
                   "exactly one of 'max' or 'min'"),
    "bad yaml": ("workload: [unclosed\n", "not valid YAML"),
}
BASE = """id: mine
title: My scenario
system: {device: h100}
"""


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_scenario_files_exit_2_naming_the_field(cli, tmp_path, case):
    text, needle = BAD[case]
    body = BASE + text
    if "workload" not in text:
        body += "workload: {task: inference, model: mlp}\n"
    if "requirements" not in text:
        body += "requirements: [{metric: latency_s, max: 1 s}]\n"
    path = tmp_path / "mine.yaml"
    path.write_text(body)
    code, out, err = cli("scenario", "run", str(path))
    assert code == 2, err
    assert needle in err and str(path) in err and len(err.strip().splitlines()) == 1


def test_unknown_metric_and_bad_bound_are_user_errors(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(BASE + "workload: {task: inference, model: mlp}\n"
                    "requirements: [{metric: latency_ms, max: 1}]\n")
    with pytest.raises(UserError, match="'latency_ms' is not computed.*latency_s"):
        evaluate(load(path))
    path.write_text(BASE + "workload: {task: inference, model: mlp}\n"
                    "requirements: [{metric: latency_s, max: 3 GB}]\n")
    with pytest.raises(UserError, match="mine.yaml: requirements.0: latency_s max"):
        evaluate(load(path))
    with pytest.raises(UserError, match="unknown scenario 'kws-cortex'; did you mean"):
        load("kws-cortex")


def test_scenario_cli(cli):
    code, out, _ = cli("scenario", "list", "--format", "json")
    assert code == 0 and LIGHTHOUSE_SCENARIOS <= {s["id"] for s in json.loads(out)["rows"]}
    code, out, _ = cli("scenario", "run", "kws-cortex-m4", "--format", "json", "--explain")
    data = json.loads(out)
    assert code == 0 and data["passed"] and data["binding"] and data["explain"]
    code, out, _ = cli("scenario", "show", "chatbot-llama3-8b-h100")
    assert code == 0 and "llama-3-8b" in out


def test_a_requirement_is_judged_across_the_metrics_interval():
    """TPOT 7.0 ms [6.5–7.8 ms] against a 7.5 ms maximum passes at the value and fails at the
    slow end; against 8 ms it holds across; a throughput of 900 /s [850–1,000] against a
    950 /s minimum fails at the value and would pass at the fast end."""
    from ironlaw.applications.scenario import Requirement, judge

    metrics = {"tpot_s": 7.0e-3, "tpot_s_low": 6.5e-3, "tpot_s_high": 7.8e-3,
               "requests_per_s": 900.0, "requests_per_s_low": 850.0,
               "requests_per_s_high": 1000.0}
    tight = judge(Requirement(metric="tpot_s", max="7.5 ms"), metrics)
    assert tight.passed and tight.passed_across_interval is False
    assert tight.interval == (6.5e-3, 7.8e-3)
    assert judge(Requirement(metric="tpot_s", max="8 ms"), metrics).passed_across_interval
    rate = judge(Requirement(metric="requests_per_s", min="950 /s"), metrics)
    assert not rate.passed and rate.passed_across_interval is False
    assert judge(Requirement(metric="replicas", max=2), {"replicas": 1}).interval is None


def test_a_scenario_shows_each_metric_with_its_interval(cli, tmp_path):
    code, text, _ = cli("scenario", "template")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = cli("scenario", "run", str(path), "-f", "json")
    assert code in (0, 1), err
    tpot = next(r for r in json.loads(out)["requirements"] if r["metric"] == "tpot_s")
    low, high = tpot["interval"]
    assert low < tpot["value"] < high
    # the template requires tpot_s max 50 ms: it holds across the interval iff its slow end does
    assert tpot["passed_across_interval"] is (high <= 0.050)


def test_mfu_is_judged_and_shown_as_a_share():
    """MFU has no unit suffix; its key makes it a share: a bound of '40%' is 0.4, and the
    verdict prints 0.371 as 37.1% (37.1/40 − 1 = −7.25%, a failed minimum)."""
    mfu = judge(Requirement(metric="mfu", min="40%"), {"mfu": 0.371})
    assert mfu.bound == pytest.approx(0.40) and mfu.dimension == "share"
    assert not mfu.passed and mfu.margin == pytest.approx(0.371 / 0.40 - 1)
    data = load("gpt2-xl-finetune-1gpu").model_dump()
    data["requirements"] = [{"metric": "mfu", "min": "40%"}]
    (table,) = evaluate(Scenario.model_validate(data)).rows()
    (row,) = table.records
    # the value as a percent, with its interval (the efficiency parameters' ends)
    assert row["requirement"] == "mfu ≥ 40.0%"
    assert re.fullmatch(r"\d+\.\d% \[\d+\.\d%–\d+\.\d%\]", row["value"]), row["value"]
