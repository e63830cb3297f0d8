"""One exit-status rule for verdicts (README, "Conventions"): 0 when the answer is positive
(fits, SLO met), 1 on a negative verdict (does not fit, SLO impossible), 2 on a user mistake."""

import json

import pytest


def test_train_exits_1_when_it_does_not_fit(cli):
    # Llama-2-70B, Adam in bf16: 16 B/param × 69 G parameters ≈ 1.1 TB of model states against
    # one A100's 80 GB (ZeRO §3.1): the verdict is "does not fit", the status 1.
    code, out, _ = cli("train", "llama-2-70b", "--on", "a100-80gb", "--seq", "4096",
                       "--format", "json")
    assert code == 1 and json.loads(out)["verdict"] == "does not fit"


def test_train_exits_0_when_it_fits(cli):
    code, out, _ = cli("train", "gpt2", "--on", "h100", "--seq", "512", "--format", "json")
    assert code == 0 and json.loads(out)["verdict"] == "fits"


def test_serve_exits_1_when_it_does_not_fit(cli):
    # Llama-2-70B in fp16: 2 B × 69 G = 138 GB of weights on one 80 GB H100.
    code, out, _ = cli("serve", "llama-2-70b", "--on", "h100-sxm", "--format", "json")
    assert code == 1 and json.loads(out)["verdict"] == "does not fit"


def test_user_mistake_exits_2(cli):
    code, _, err = cli("train", "gpt2", "--on", "h100", "--micro-batch", "0")
    assert code == 2 and "--micro-batch" in err


def test_scenario_exits_1_after_printing_the_answer_when_a_requirement_fails(cli, tmp_path):
    # The template's Llama-3-8B chatbot on one H100 with a 1 ms TPOT: each decode step reads
    # at least the 16 GB of bf16 weights (8.03 G params × 2 B) at 3.35 TB/s, ≥ 4.8 ms > 1 ms.
    code, template, _ = cli("scenario", "template")
    assert code == 0
    spec = tmp_path / "slow.yaml"
    spec.write_text(template.replace('{metric: tpot_s, max: "50 ms"}',
                                     '{metric: tpot_s, max: "1 ms"}'))
    code, out, _ = cli("scenario", "run", str(spec), "--format", "json")
    verdict = json.loads(out)  # the answer is printed in full before the status
    failed = {r["metric"]: r for r in verdict["requirements"] if not r["passed"]}
    assert code == 1 and verdict["passed"] is False and set(failed) == {"tpot_s"}
    assert failed["tpot_s"]["value"] > 16e9 / 3.35e12
    code, out, _ = cli("scenario", "run", str(spec))
    assert code == 1 and "FAIL" in out and "tpot_s" in out


def test_compress_exits_1_when_the_compressed_model_does_not_fit(cli):
    # Llama-2-70B with int8 weights: 69.0 G parameters × 1 B = 69 GB, still far above an
    # L4's 24 GB: the verdict is "does not fit" (printed), the status 1.
    code, out, _ = cli("compress", "llama-2-70b", "--on", "l4", "--scheme", "int8-weight",
                       "--format", "json")
    result = json.loads(out)
    assert code == 1 and result["verdict"] == "does-not-fit"
    assert result["baseline"]["params"] == pytest.approx(69e9, rel=0.01)
    assert "24.2 GB" in result["reason"]
