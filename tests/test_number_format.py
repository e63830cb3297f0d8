"""Numbers as people write them (issue 11, item 4): enough figures that the point shows, and no
Python e-notation (1.417e+04) in any table."""

import re

import pytest

E_NOTATION = re.compile(r"\d[eE][+-]?\d")


@pytest.mark.parametrize("args", [
    ("train", "llama-2-7b", "--on", "dgx-h100", "--zero", "3", "--tokens", "1e9", "--explain"),
    ("train", "resnet50", "--on", "h100", "--micro-batch", "256", "--explain"),
    ("calc", "training-flops", "--parameters", "175e9", "--tokens", "300e9"),
    ("cost", "llama-2-7b", "--on", "h100-sxm", "--explain"),  # kWh and litres, tiny ones
    ("calc", "dense", "--batch", "512", "--in-features", "4096", "--out-features", "4096"),
])
def test_no_e_notation_in_tables(cli, args):
    code, out, _ = cli(*args)
    assert code == 0 and not E_NOTATION.search(out), E_NOTATION.findall(out)


def test_resnet50_training_throughput_reads_as_a_whole_number(cli):
    # ~1.08e4 images/s on an H100 at micro-batch 256 is printed as five digits, not 1.076e+04
    code, out, _ = cli("train", "resnet50", "--on", "h100", "--micro-batch", "256")
    line = next(x for x in out.splitlines() if "throughput" in x)
    assert re.search(r"\b\d{5} samples/s", line), line


def test_transfer_time_shows_the_point_of_the_example(cli):
    # 1 kB over 10 Gb/s with 10 ms latency: 10 ms + 1000 B/(1.25e9 B/s) = 10 ms + 0.8 µs
    code, out, _ = cli("calc", "transfer-time", "--data", "1 kB", "--bandwidth", "10 Gb/s",
                       "--latency", "10 ms")
    assert code == 0 and "10.0008 ms" in out
