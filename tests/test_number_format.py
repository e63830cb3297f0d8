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
    ("train", "gpt2", "--on", "h100"),  # the compute-optimal token budget
    ("scenario", "run", "chatbot-llama3-8b-h100", "--explain"),  # Erlang C's tiny P(wait)
])
def test_no_e_notation_in_tables(cli, args):
    code, out, _ = cli(*args)
    assert code == 0 and not E_NOTATION.search(out), E_NOTATION.findall(out)


def test_resnet50_training_throughput_reads_as_a_whole_number(cli):
    """A rate of 10⁴ samples/s is printed as five digits, not 1.178e+04.

    Why five digits: ResNet-50 is 3.8×10⁹ multiply-adds a 224² image (He et al. 2016, table 1),
    so a training step (forward + backward = 3 passes, 2 FLOP a multiply-add) is
    6 × 3.8e9 = 22.8 GFLOP an image; at the H100 SXM's 989.4 TFLOP/s dense bf16 (datasheet) the
    roof is 989.4e12 / 22.8e9 = 43,395 images/s. Five digits (10,000 up to the roof) means an
    MFU above 10,000 / 43,395 = 23 %; the printed rate may never pass the roof."""
    code, out, _ = cli("train", "resnet50", "--on", "h100", "--micro-batch", "256")
    line = next(x for x in out.splitlines() if "throughput" in x)
    shown = re.search(r"\b(\d{5}) samples/s", line)
    assert shown and int(shown.group(1)) <= 43_395, line


def test_transfer_time_shows_the_point_of_the_example(cli):
    # 1 kB over 10 Gb/s with 10 ms latency: 10 ms + 1000 B/(1.25e9 B/s) = 10 ms + 0.8 µs
    code, out, _ = cli("calc", "transfer-time", "--data", "1 kB", "--bandwidth", "10 Gb/s",
                       "--latency", "10 ms")
    assert code == 0 and "10.0008 ms" in out


@pytest.mark.parametrize(("value", "dim", "digits", "shown"), [
    (999.6, "bytes", 3, "1 kB"),  # rounds to 1000 B at 3 figures: one prefix up
    (999.4, "bytes", 3, "999 B"),
    (999.96, "bytes", 4, "1 kB"),  # at 4 figures the carry starts at 999.95
    (999.94, "bytes", 4, "999.9 B"),  # a fixed 0.9995 moved it to kB: "9.999×10² B"
    (0.9996, "mass", 3, "1 kg"),
    (999.6, "mass", 3, "1 t"),
])
def test_a_value_that_rounds_up_to_the_next_prefix_is_shown_in_it(value, dim, digits, shown):
    from ironlaw.units import format as show

    assert show(value, dim, digits=digits) == shown


def test_a_share_prints_as_a_percent_everywhere_mfu_is_shown(cli):
    """MFU is always a percent (issue 11): the one formatter's 'share', in the sweep table's
    MFU column and in a scenario's MFU requirement; 0.3706 → 37.1%, 0.3 → 30.0%."""
    from ironlaw.units import format as show

    assert (show(0.3706, "share"), show(0.3, "share"), show(None, "share")) == (
        "37.1%", "30.0%", "—")
    code, out, _ = cli("sweep", "--model", "resnet50", "--device", "h100", "--batch", "1,64")
    header = next(line for line in out.splitlines() if "MFU" in line)
    mfu = header.index("MFU")
    rows = [line for line in out.splitlines() if line.strip().startswith("resnet50")]
    assert code == 0 and len(rows) == 2 and all(r[mfu - 3:mfu + 3].strip().endswith("%")
                                                for r in rows)
    code, out, _ = cli("scenario", "run", "resnet50-training-8xa100")
    assert "mfu ≥ 30.0%" in out


def test_the_sources_table_writes_values_without_e_notation(cli):
    """`ironlaw sources` lists every constant: its value column in the one formatter's count
    form (Horowitz's fp32 multiply, 3.7 pJ: '3.7×10⁻¹²' beside its unit J), never 3.7e-12."""
    code, out, _ = cli("sources", "fp32-mult", "--format", "markdown")
    rows = [line.split("|") for line in out.splitlines() if "fp32-mult" in line]
    assert code == 0 and len(rows) == 1
    assert (rows[0][2].strip(), rows[0][3].strip()) == ("3.7×10⁻¹²", "J")
    code, out, _ = cli("sources", "--format", "markdown")
    values = [line.split("|")[2] for line in out.splitlines() if line.startswith("| ")]
    assert code == 0 and len(values) > 100 and not any(E_NOTATION.search(v) for v in values)


def test_rates_are_named_by_what_flows(cli):
    """Rates say what flows (issue 11): one units.per_second for every result, with the
    interval named too; a bare '/s' only where nothing is named."""
    from ironlaw.units import per_second

    assert per_second(21893, "tokens", (20000, 23000)) == \
        "21893 tokens/s [20000–23000 tokens/s]"
    assert (per_second(1.55e6, "tokens"), per_second(0.788)) == ("1.55 M tokens/s", "0.788 /s")
    code, out, _ = cli("analyze", "resnet50", "--on", "h100")
    row = next(line for line in out.splitlines() if line.strip().startswith("throughput"))
    assert code == 0 and row.count("samples/s") == 2 and " /s" not in row  # value, interval
    code, out, _ = cli("serve", "llama-3-8b", "--on", "h100")
    rows = [line for line in out.splitlines() if "throughput" in line and "/s" in line]
    assert code == 0 and rows and all(" /s" not in r for r in rows)


def test_the_sources_table_keeps_six_figures():
    """A listing of where numbers come from shows the value it cites: ImageNet's mean stored
    image, 112,683.08 B, prints 112683 (it printed 112700 at 4 figures); a third, 0.333333."""
    from ironlaw.units import format as show

    assert show(112683.08, "count", digits=6) == "112683"
    assert (show(1 / 3, "count", digits=6), show(1 / 3, "count")) == ("0.333333", "0.3333")
