"""One exit-status rule for verdicts (README, "Conventions"): 0 when the answer is positive
(fits, SLO met), 1 on a negative verdict (does not fit, SLO impossible), 2 on a user mistake."""

import json


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
