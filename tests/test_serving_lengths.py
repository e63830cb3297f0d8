"""Request lengths as a distribution (issue 10 item 1): a CSV of prompt,output[,count] pairs
read strictly, its means and decode-time-weighted context by hand, TTFT as the mean prefill."""

import pytest

from ironlaw.errors import UserError
from ironlaw.serving import serve_llm
from ironlaw.serving.lengths import read_lengths


@pytest.fixture
def two_kinds(tmp_path):
    path = tmp_path / "lengths.csv"
    # half short chats (128 in, 128 out), half long documents (2048 in, 512 out)
    path.write_text("prompt,output,count\n128,128,3\n2048,512,3\n")
    return path


def test_the_moments_of_a_two_point_distribution_by_hand(two_kinds):
    d = read_lengths(two_kinds)
    assert (d.mean_prompt, d.mean_output) == (1088.0, 320.0)  # (128 + 2048)/2, (128 + 512)/2
    # decode context weighted by the iterations each request decodes (O − 1):
    # [127 × (128 + 64) + 511 × (2048 + 256)] / (127 + 511) = 1,201,728 / 638 = 1883.6
    assert d.context == pytest.approx(1_201_728 / 638)


def test_serving_a_distribution_uses_its_means_and_the_mean_prefill(two_kinds):
    r = serve_llm("llama-3-8b", "h100", batch=32, lengths=two_kinds)
    assert (r.prompt, r.output) == (1088, 320)
    short = serve_llm("llama-3-8b", "h100", batch=32, prompt=128, output=128)
    long = serve_llm("llama-3-8b", "h100", batch=32, prompt=2048, output=512)
    # TTFT is the mean of the two prompts' prefill passes, not the prefill of their mean
    assert r.ttft_s == pytest.approx((short.ttft_s + long.ttft_s) / 2)
    assert r.to_dict()["lengths"]["decode_context"] == pytest.approx(1883.6, abs=0.1)
    # the prefill pass the energy layer prices carries that mean time too
    assert r.passes["prefill"].time_s == r.ttft_s


@pytest.mark.parametrize(("text", "says"), [
    ("prompt,tokens\n1,2\n", "header"),
    ("prompt,output\n128,x\n", "line 2: output"),
    ("prompt,output\n128,1\n", "line 2: output: expected 2"),  # one output token: no decode
    ("prompt,output,count\n128,64,0\n", "no requests"),
    ("prompt,output\n", "no requests"),
])
def test_a_bad_lengths_file_is_refused_naming_the_line(tmp_path, text, says):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(UserError, match=says):
        read_lengths(path)


def test_cli(cli, two_kinds):
    code, out, err = cli("serve", "llama-3-8b", "--on", "h100", "--lengths", str(two_kinds))
    assert code == 0 and "lengths from" in out
    code, _, err = cli("serve", "llama-3-8b", "--on", "h100", "--lengths", str(two_kinds),
                       "--output", "64")
    assert code == 2 and "--lengths" in err
