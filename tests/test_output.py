"""One output path: every result prints its table, then (--explain) its derivation; JSON embeds
the derivation; one number formatter."""

import json
import re

import pytest

from ironlaw import units

# Commands with --explain that run in well under a second (bench, measure, validate and
# calibrate need a real machine and are covered in their own test files).
EXPLAINED = {
    "serve": ("serve", "llama-3-8b", "--on", "h100", "--rate", "5 /s"),
    "serve-model": ("serve", "resnet50", "--on", "a100", "--batch", "8"),
    "train": ("train", "gpt2", "--on", "h100", "--seq", "512"),
    "analyze": ("analyze", "resnet50", "--on", "h100", "--batch", "32"),
    "model show": ("model", "show", "gpt2"),
    "compress": ("compress", "gpt2", "--on", "h100", "--scheme", "int8-weight"),
    "scenario": ("scenario", "run", "kws-cortex-m4"),
    "cost": ("cost", "resnet50", "--on", "a100"),
    "pipeline": ("pipeline", "--dataset", "tokens-2k", "--demand", "1000 /s", "--storage",
                 "1 GB/s", "--cores", "4"),
    "gravity": ("gravity", "1 PB", "--bandwidth", "10 Gbps"),
    "hw show": ("hw", "show", "h100"),
    "sweep": ("sweep", "--model", "llama-3-8b", "--device", "h100", "--phase", "decode",
              "--batch", "1,8", "--context", "2048"),
}


@pytest.mark.parametrize("fmt", ["table", "markdown"])
@pytest.mark.parametrize("name", sorted(EXPLAINED))
def test_explain_prints_the_table_then_the_derivation(cli, name, fmt):
    args = (*EXPLAINED[name], "--format", fmt)
    code, plain, _ = cli(*args)
    code_explained, explained, _ = cli(*args, "--explain")
    assert code == code_explained and plain.strip()
    assert explained.startswith(plain), "--explain must keep the output it adds to"
    derivation = explained[len(plain):]
    assert derivation.strip(), "--explain must add the derivation after the table"
    if fmt == "markdown":
        assert "| quantity | formula |" in derivation
    else:
        assert re.search(r"^ {4}= ", derivation, re.M)  # a substitution line


@pytest.mark.parametrize("name", sorted(EXPLAINED))
def test_json_embeds_the_derivation(cli, name):
    _, plain, _ = cli(*EXPLAINED[name], "--format", "json")
    _, explained, _ = cli(*EXPLAINED[name], "--format", "json", "--explain")
    data, with_explain = json.loads(plain), json.loads(explained)
    assert "explain" not in data
    worked = with_explain.pop("explain")
    assert with_explain == data  # the result itself is unchanged
    steps = worked["steps"] if isinstance(worked, dict) else [s for w in worked
                                                               for s in w["steps"]]
    assert steps and all({"formula", "substituted", "result"} <= set(s) for s in steps)


def test_analyze_explain_substitutes_mfu_and_latency(cli):
    args = ("analyze", "resnet50", "--on", "h100", "--batch", "32")
    data = json.loads(cli(*args, "--format", "json")[1])
    # H100 SXM datasheet: 989.4 TFLOP/s dense bf16
    assert data["peak_flop_per_s"] == pytest.approx(989.4e12)
    # MFU = FLOPs / (latency · peak), by hand from the reported numbers
    mfu = data["flops"] / (data["latency_s"] * 989.4e12)
    assert data["mfu"] == pytest.approx(mfu)
    # the latency is the sum of the three terms: compute-bound + memory-bound + overhead
    bound = data["bound_s"]
    assert bound["compute"] + bound["memory"] + bound["overhead"] == pytest.approx(
        data["latency_s"])
    _, out, _ = cli(*args, "--explain")
    assert "MFU = FLOPs / (T · R_peak)" in out
    assert (f"= {units.format(data['flops'], 'flops')} / ({units.format(data['latency_s'], 'time')}"
            f" × 989 TFLOP/s)") in out
    assert f"= {mfu:.1%}" in out
    assert "T = Σ count·(max(compute, memory) + overhead)" in out
    assert f"= {data['bottleneck']}" in out


def test_model_show_explain_substitutes_the_totals(cli):
    data = json.loads(cli("model", "show", "gpt2", "--format", "json")[1])
    # GPT-2 small (Radford et al. 2019; Hugging Face gpt2, num_parameters()), by hand:
    # per block 2·768 (ln_1) + 768·2304 + 2304 (c_attn) + 768·768 + 768 (attn c_proj)
    # + 2·768 (ln_2) + 768·3072 + 3072 (c_fc) + 3072·768 + 768 (mlp c_proj) = 7,087,872;
    # 12 blocks 85,054,464 + wte 50257·768 = 38,597,376 (tied with the LM head)
    # + wpe 1024·768 = 786,432 + ln_f 2·768 = 1,536 → 124,439,808; bf16 stores 2 bytes each
    assert data["params"] == 124_439_808
    moved = data["weight_bytes"] + data["activation_bytes"]
    _, out, _ = cli("model", "show", "gpt2", "--explain")
    assert "I = O / D" in out and "P · bytes per element" in out
    assert f"× 2 B\n    = {units.format(2 * data['params'], 'bytes')}" in out
    assert f"= {units.format(data['flops'] / moved, 'intensity')}" in out


@pytest.mark.parametrize(("value", "dim", "shown"), [
    (None, "time", "—"), (float("nan"), "bytes", "—"), ("bf16", "text", "bf16"),
    (float("inf"), "time", "∞"), (42.0, "count", "42"), (3.15e23, "count", "3.15×10²³"),
    (0.5, "count", "0.5"), (21893.4, "rate", "21893 /s"), (0.7884, "rate", "0.788 /s"),
    (32 * 2**30, "bytes", "34.4 GB"), (34.4e9, "bytes", "34.4 GB"),  # decimal unless asked
])
def test_one_formatter_for_every_kind_of_value(value, dim, shown):
    assert units.format(value, dim) == shown


def test_no_second_formatter():
    import ironlaw.derive
    import ironlaw.report.render

    assert not hasattr(ironlaw.derive, "show")
    assert not hasattr(ironlaw.report.render, "human")


def test_a_worked_derivation_is_a_result_too(capsys):
    from ironlaw.derive import Line, Worked
    from ironlaw.report.render import render

    # Little's law by hand: N = λ·T = 20 /s × 0.5 s = 10
    worked = Worked("Little's law", (Line("requests in the system", "N = λ·T",
                                          "20 /s × 500 ms", "10"),), ("M/M/c",))
    render(worked, "markdown")
    out = capsys.readouterr().out
    assert "| requests in the system | N = λ·T | 20 /s × 500 ms | 10 |" in out
    assert worked.explain() is worked and worked.to_dict()["steps"][0]["result"] == "10"


@pytest.mark.parametrize(("args", "header"), [
    (("model", "show", "gpt2"), "name,kind,count,shape,params,flops"),  # one line per layer
    (("scenario", "run", "kws-cortex-m4"), "metric,kind,bound,value,passed,margin"),
    (("compress", "gpt2", "--on", "h100", "--scheme", "int8-weight"), "side,model,precision"),
    (("cost", "resnet50", "--on", "a100"),
     "model,device,precision,mode,phase,batch,scope,latency_s,latency_s_low,latency_s_high"),
])
def test_csv_is_a_table_of_its_own_or_one_flat_line(cli, args, header):
    code, out, err = cli(*args, "--format", "csv")  # none of these is a failing verdict
    assert code == 0 and out.splitlines()[0].startswith(header), err


def test_a_flat_csv_line_keeps_intervals_and_nested_records():
    from ironlaw.table import flatten

    assert flatten({"a_s": 1.0, "ci": {"p99_s": [0.1, None]}, "notes": ["x", "y", "z"],
                    "memory": {"total_bytes": 8}}) == {
        "a_s": 1.0, "ci.p99_s.low": 0.1, "ci.p99_s.high": None, "memory.total_bytes": 8}


def test_table_text_in_square_brackets_is_printed_not_read_as_markup(capsys):
    """rich reads ``[fp64]`` as a style tag and drops it unless the renderer escapes it."""
    from ironlaw.report.render import emit
    from ironlaw.table import Column

    emit([{"name": "peak [fp64]", "note": "MOVEMENT[dram]"}],
         [Column("name", "name [unit]"), Column("note", "note")], "table", title="[bold] title")
    out = capsys.readouterr().out
    assert "peak [fp64]" in out
    assert "MOVEMENT[dram]" in out
    assert "name [unit]" in out
    assert "[bold] title" in out


@pytest.mark.parametrize("args", [
    ("hw", "list"), ("hw", "show", "h100"), ("sources",), ("version",),
    ("analyze", "resnet50", "--on", "h100"), ("serve", "gpt2", "--on", "h100"),
    ("calc", "roofline", "--intensity", "64", "--peak", "989.4 TFLOP/s",
     "--bandwidth", "3.35 TB/s"),
    ("sweep", "--model", "gpt2", "--device", "h100", "--batch", "1,8"),
    ("scenario", "show", "chatbot-llama3-8b-h100"), ("examples",),
])
def test_every_json_answer_names_the_version_that_computed_it(cli, args):
    import ironlaw

    code, out, err = cli(*args, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, dict) and next(iter(data)) == "ironlaw_version"
    assert data["ironlaw_version"] == ironlaw.__version__


def test_binary_prefixes_only_when_asked():
    # 32 GiB = 32 × 2³⁰ B = 34,359,738,368 B: decimal by default, IEC when asked for
    assert units.format(32 * 2**30, "bytes", binary=True) == "32 GiB"
    assert units.format(80 * 2**20, "bytes") == "83.9 MB"


DECIMAL = re.compile(r"\d\s?(kB|MB|GB|TB|PB)\b")
BINARY = re.compile(r"\d\s?(KiB|MiB|GiB|TiB|PiB)\b")


MIXING = [
    ("hw", "list"), ("hw", "show", "h100"), ("hw", "compare", "h100", "h200", "mi300x"),
    ("hw", "show", "h200"),  # 141 GiB of HBM reads 151 GB; the GiB only in its source note
    ("serve", "llama-3-8b", "--on", "h100", "--explain"),
    ("serve", "llama-3-8b", "--on", "h100", "--precision", "int4", "--explain"),
    ("serve", "llama-3-8b", "--on", "h100", "--kv-precision", "fp8", "--explain"),
    ("analyze", "resnet50", "--on", "h100", "--explain"),
    ("train", "gpt2", "--on", "h100", "--explain"),
    ("calc", "kv-cache", "--layers", "32", "--kv-heads", "8", "--head-dim", "128",
     "--tokens", "4096", "--batch", "1", "--precision", "bf16"),
    ("model", "lighthouse"), ("compress", "gpt2", "--on", "h100", "--scheme", "int8-weight"),
]


def _ours(out: str) -> str:
    """What ironlaw formats, not what its sources say in their own words ("GPUs of ≥ 70
    GiB")."""
    return "\n".join(line for line in out.splitlines()
                     if not re.search(r"checked|Source|datasheet|nvidia-smi|STREAM|issue #",
                                      line))


@pytest.mark.parametrize("args", MIXING)
def test_no_output_mixes_decimal_and_binary_sizes(cli, args, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # a source's note stays on its row, not wrapped
    code, out, err = cli(*args)
    assert code in (0, 1), err
    ours = _ours(out)
    assert DECIMAL.search(ours), "expected sizes in the output"
    assert not BINARY.search(ours), BINARY.search(ours).group(0)


@pytest.mark.parametrize("args", [a for a in MIXING if a[:2] != ("hw", "show")])
def test_binary_is_one_switch_for_every_output(cli, args, monkeypatch):
    """`ironlaw --binary CMD ...` shows every size with IEC prefixes, and no decimal one
    (`hw show` is left out: its rows quote each source's own words, '3.94 GB/s per lane')."""
    monkeypatch.setenv("COLUMNS", "400")
    code, out, err = cli("--binary", *args)
    assert code in (0, 1), err
    ours = _ours(out)
    assert BINARY.search(ours), "expected IEC sizes in the output"
    assert not DECIMAL.search(ours), DECIMAL.search(ours).group(0)


@pytest.mark.parametrize(("args", "heading"), [
    (("analyze", "llama-3-8b", "--on", "h100", "--phase", "decode", "--context", "4096",
      "--batch", "8"), "llama-3-8b on h100-sxm · bf16 · fused · decode · batch 8 · context 4096"),
    (("analyze", "llama-3-8b", "--on", "h100", "--phase", "prefill", "--seq", "512"),
     "llama-3-8b on h100-sxm · bf16 · fused · prefill · batch 1 · seq 512"),
    (("analyze", "resnet50", "--on", "h100", "--batch", "32"),
     "resnet50 on h100-sxm · bf16 · fused · forward · batch 32"),
    (("cost", "llama-3-8b", "--on", "h100", "--phase", "decode", "--context", "4096", "--batch",
      "8"), "llama-3-8b on h100-sxm · bf16 · fused · decode · batch 8 · context 4096"),
    (("compress", "llama-3-8b", "--on", "h100", "--scheme", "int4-weight", "--phase", "decode",
      "--context", "2048"), "llama-3-8b on h100-sxm · int4-weight (int4 weights, compute at the "
     "baseline precision) · bf16 baseline · fused · decode · batch 1 · context 2048"),
    (("model", "show", "llama-3-8b", "--seq", "2048"),
     "llama-3-8b · bf16 · prefill · batch 1 · seq 2048"),
    (("serve", "llama-3-8b", "--on", "h100", "--kv-precision", "fp8", "--kv-heads", "4"),
     "llama-3-8b on h100-sxm · bf16 · batch 1 · prompt 512 · output 128 · cache fp8, 4 KV heads"),
])
def test_the_operating_point_heads_every_table(cli, args, heading):
    """Model, device, precision, mode, phase, batch and the sequence or context head the
    table (issue 11: the operating point is always visible), on one line."""
    code, out, _ = cli(*args, "--format", "table")
    assert code == 0 and out.splitlines()[0].rstrip() == heading


def test_binary_ends_with_its_command(cli):
    """`ironlaw --binary` lasts one command: afterwards (a library call, the next command in
    one process) sizes are decimal again; 32 GiB = 34,359,738,368 B = 34.4 GB. It used to
    stay on, and tests run after one with --binary failed on their expected 'MB'."""
    code, out, _ = cli("--binary", "calc", "kv-cache", "--layers", "32", "--kv-heads", "8",
                       "--head-dim", "128", "--tokens", "4096", "--batch", "1",
                       "--precision", "bf16")
    assert code == 0 and "512 MiB" in out  # 32·2·8·128·2 B × 4096 = 2^29 B
    assert units.format(32 * 2**30, "bytes") == "34.4 GB"
    code, out, _ = cli("calc", "kv-cache", "--layers", "32", "--kv-heads", "8", "--head-dim",
                       "128", "--tokens", "4096", "--batch", "1", "--precision", "bf16")
    assert "537 MB" in out and "MiB" not in out


def test_the_size_switch_is_the_roots_alone(cli, monkeypatch):
    """One switch for the size convention: `ironlaw --decimal` overrides IRONLAW_BINARY, and
    `calc LAW --binary` (once an option of calc's own) names where the switch goes.
    2·32·8·128·2 B × 4096 = 2^29 B = 536,870,912 B: 537 MB decimal, 512 MiB binary."""
    kv = ("calc", "kv-cache", "--layers", "32", "--kv-heads", "8", "--head-dim", "128",
          "--tokens", "4096", "--batch", "1", "--precision", "bf16")
    monkeypatch.setenv("IRONLAW_BINARY", "1")
    code, out, _ = cli(*kv)
    assert code == 0 and "512 MiB" in out
    code, out, _ = cli("--decimal", *kv)
    assert code == 0 and "537 MB" in out and "MiB" not in out
    code, _, err = cli(*kv, "--binary")
    assert code == 2 and "`ironlaw --binary calc ...`" in err
