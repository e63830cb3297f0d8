"""HTML output: `ironlaw explore` and `--format html`, checked as files and in a real browser.

The browser tests open the pages in Debian's headless Chromium (driven by Selenium through
chromium-driver) with the network emulated offline, and assert: no console message, nothing
fetched, a control change redraws the chart (read back from the SVG DOM), and a non-blank
screenshot. They skip only when no browser is installed and CI is unset; under CI they fail.
"""

import io
import json
import os
import re
import shutil
import time

import pytest

if not os.environ.get("CI"):  # CI installs ironlaw[html]; elsewhere it may be absent
    pytest.importorskip("vl_convert", reason="pip install 'ironlaw[html]'")

from ironlaw.errors import ParameterError  # noqa: E402
from ironlaw.explore.html import MAX_CONFIGURATIONS, grid  # noqa: E402

GRID = dict(model="llama-3-8b", device="h100,a100-80gb", precision="bf16", batch="1,16,300",
            context="2048", phase="decode")


@pytest.fixture(scope="module")
def explore_file(tmp_path_factory):
    import sys

    from ironlaw.cli.main import run

    path = tmp_path_factory.mktemp("explore") / "explore.html"
    argv = sys.argv
    sys.argv = ["ironlaw", "explore", "--model", "llama-3-8b", "--device", "h100,a100-80gb",
                "--batch", "1,16,256", "--context", "512,2048", "--out", str(path)]
    try:
        run()
    except SystemExit as exc:
        assert exc.code in (0, None)
    finally:
        sys.argv = argv
    return path


def embedded_specs(text: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r"vegaEmbed\('#figure\d+', (.*?), \{renderer",
                                              text)]


# --- the page as a file ------------------------------------------------------------------------
def test_explore_page_is_self_contained(explore_file):
    from ironlaw.report.html import script

    text = explore_file.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert text.count(script()) == 1  # Vega, Vega-Lite and Vega-Embed inline
    text = text.replace(script(), "")  # the library's own strings aside, the page loads nothing
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=|<link\b", text)  # nothing loaded
    (figure,) = embedded_specs(text)
    assert [p["name"] for p in figure["params"]] == [
        f"{n}_choice" for n in ("model", "device", "precision", "phase", "batch", "context")]
    assert {p["bind"]["input"] for p in figure["params"]} == {"select"}
    assert set(figure["datasets"]) == {"points", "ops", "terms", "memory", "roofs"}


def test_explore_roofs_are_the_datasheet_roofline():
    data = grid(**GRID)
    # H100 SXM datasheet: 989.4 TFLOP/s dense bf16, 3.35 TB/s HBM3; ridge 989.4e12/3.35e12 ≈ 295
    roof = {round(r["intensity"], 6): r["attainable"] for r in data.roofs
            if r["device"] == "h100-sxm"}
    assert roof[10.0] == pytest.approx(10 * 3.35e12)
    assert roof[1000.0] == pytest.approx(989.4e12)
    # no op above its roof: attained ≤ min(R, I·BW)
    for op in (o for o in data.ops if o["device"] == "h100-sxm"):
        assert op["attained"] <= min(989.4e12, op["intensity"] * 3.35e12) * (1 + 1e-9)


def test_explore_memory_parts_match_hand_calculation():
    data = grid(**GRID)
    parts = {(m["use"], m["part"]): m["bytes"] for m in data.memory
             if m["device"] == "h100-sxm" and m["batch"] == 16}
    params = 8.03e9  # Llama 3 8B: 8.03 B parameters (Meta's model card)
    assert parts[("this phase", "weights")] == pytest.approx(2 * params, rel=0.01)  # bf16
    # KV cache = 2 (K, V) · 32 layers · 8 KV heads · 128 dims · 2048 tokens · 16 seqs · 2 B
    assert parts[("this phase", "KV cache")] == pytest.approx(2 * 32 * 8 * 128 * 2048 * 16 * 2)
    # AdamW in mixed precision: 2 (weights) + 2 (gradients) + 4 (master) + 8 (moments) B/param
    use = "training states (adamw)"
    assert parts[(use, "gradients")] == pytest.approx(2 * params, rel=0.01)
    assert parts[(use, "optimizer")] == pytest.approx(12 * params, rel=0.01)


def test_explore_throughput_and_pareto_front():
    data = grid(**GRID)
    for p in data.points:
        assert p["throughput_per_s"] == pytest.approx(p["batch"] / p["latency_s"])
    front = [p for p in data.points if p["front"]]
    fitting = [p for p in data.points if p["fits"]]
    # 300 sequences × 2048 tokens of KV cache (2·32·8·128·2 B = 131,072 B a token: 80.5 GB)
    # + 16.1 GB of weights exceed the H100's 85.5 GB (81559 MiB) and the A100's 85.9 GB
    # (81920 MiB); batch 16 needs 4.3 GB of KV cache and fits on both
    assert {(p["device"], p["batch"]) for p in data.points if not p["fits"]} == {
        ("h100-sxm", 300), ("a100-80gb", 300)}
    assert front and all(f["fits"] for f in front)
    for f in front:  # no fitting point is at least as fast and as productive, and better in one
        assert not any(q["latency_s"] <= f["latency_s"]
                       and q["throughput_per_s"] >= f["throughput_per_s"]
                       and (q["latency_s"], q["throughput_per_s"])
                       != (f["latency_s"], f["throughput_per_s"]) for q in fitting)
    terms = {t["term"]: t["time_s"] for t in data.terms if t["device"] == "h100-sxm"
             and t["batch"] == 1}
    point = next(p for p in data.points if p["device"] == "h100-sxm" and p["batch"] == 1)
    assert sum(terms.values()) == pytest.approx(point["latency_s"])  # T = compute + memory + L


def test_explore_points_carry_the_interval_analyze_gives():
    """Each point's interval is the one `analyze_bounded` gives for that configuration alone
    (the same pass with every efficiency parameter at the ends of its range), and its tooltip
    shows it."""
    from ironlaw.frameworks.cost import analyze_bounded
    from ironlaw.hardware.catalog import open_catalog
    from ironlaw.models.zoo import build_model

    data = grid(**GRID)
    cat = open_catalog()
    point = next(p for p in data.points if p["device"] == "a100-80gb" and p["batch"] == 16
                 and p["phase"] == "decode" and p["context"] == 2048)
    device = cat.device("a100-80gb")
    graph = build_model("llama-3-8b", phase="decode", batch=16, context=2048, dtype="bf16")
    alone = analyze_bounded(graph, device, cat.efficiency_of(device), "fused")
    assert point["latency_s"] == pytest.approx(alone.latency_s, rel=1e-12)
    assert (point["latency_s_low"], point["latency_s_high"]) == pytest.approx(
        alone.latency_interval_s, rel=1e-12)
    assert point["latency_s_low"] < point["latency_s"] < point["latency_s_high"]
    assert "[" in point["latency"] and "]" in point["latency"]


def test_explore_refuses_a_grid_above_the_limit(cli_text, tmp_path):
    code, text = cli_text("explore", "--batch", f"1..{MAX_CONFIGURATIONS}", "--context",
                          "1,2", "--out", str(tmp_path / "x.html"))
    assert code == 2
    assert "--batch" in text and str(MAX_CONFIGURATIONS) in text
    assert not (tmp_path / "x.html").exists()


def test_explore_refuses_a_file_that_is_not_html(cli_text, tmp_path):
    code, text = cli_text("explore", "--out", str(tmp_path / "x.png"))
    assert code == 2 and "--out" in text


def test_unsupported_precision_is_said_not_hidden():
    data = grid(model="llama-3-8b", device="a100-80gb,h100", precision="fp8", batch="1",
                context="512", phase="decode")
    assert any("a100-80gb does not support fp8" in n for n in data.notes)
    assert {p["device"] for p in data.points} == {"h100-sxm"}


COMMANDS = [
    ("analyze", "llama-3-8b", "--on", "h100", "--phase", "decode", "--batch", "8",
     "--context", "4096"),
    ("hw", "list"),
    ("hw", "show", "h100"),
    ("hw", "compare", "h100", "mi300x"),
    ("scenario", "show", "chatbot-llama3-8b-h100"),
    ("sources",),
    ("calc", "roofline", "--peak", "989.4 TFLOP/s", "--bandwidth", "3.35 TB/s",
     "--intensity", "64"),
    ("train", "gpt2", "--on", "h100", "--tokens", "1e9"),  # fits: exit 0, not the verdict 1
    ("serve", "llama-3-8b", "--on", "h100", "--rate", "10"),
    ("sweep", "--model", "llama-3-8b", "--device", "h100", "--batch", "1,8", "--phase",
     "decode"),
    ("version",),
    ("examples", "run", "training-pcie-batch-transfer"),
    ("gravity", "1 PB", "--bandwidth", "10 Gbps", "--transit", "2 days", "--copy-bandwidth",
     "2 GB/s", "--compute-bytes", "16 GB"),
    ("validate", "--published"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_format_html_is_one_page(cli, args):
    code, out, err = cli(*args, "--format", "html")
    assert code == 0, err
    assert out.count("<!DOCTYPE html>") == 1 and out.rstrip().endswith("</html>")
    assert "<table>" in out


def test_format_html_has_table_derivation_and_figure(cli):
    code, out, _ = cli("analyze", "llama-3-8b", "--on", "h100", "--phase", "decode", "--batch",
                       "8", "--context", "4096", "--format", "html")
    assert code == 0
    assert "<h2>Derivation</h2>" in out and "MFU = FLOPs / (T · R_peak)" in out
    titles = [s["title"] for s in embedded_specs(out)]
    assert "terms" in titles  # compute / memory / overhead, in seconds (the value axis)
    terms = next(s for s in embedded_specs(out) if s["title"] == "terms")
    assert [v["label"] for v in terms["data"]["values"]] == ["compute", "memory", "overhead"]
    assert terms["encoding"]["x"]["title"] == "value [s]"


def _page_parts(out: str) -> tuple[str, str, list[dict]]:
    """(tables, derivation, figure specs) of one page: the tables before the derivation."""
    assert out.count("<!DOCTYPE html>") == 1 and out.rstrip().endswith("</html>")
    body = out.split("</head>", 1)[1]
    tables, _, derivation = body.partition("<h2>Derivation</h2>")
    return tables, derivation.split("<script>")[0], embedded_specs(out)


def test_examples_run_html_is_the_one_page(cli):
    code, out, _ = cli("examples", "run", "training-pcie-batch-transfer", "--format", "html")
    assert code == 0
    tables, derivation, (figure,) = _page_parts(out)
    # the table: where the book prints it, its value, ironlaw's, the verdict
    assert "<table>" in tables and "book prints" in tables and "0.016ms" in tables
    assert "16.25 µs (time)" in tables and "Agrees with the book" in tables
    # the derivation: T = L + D/BW on the book's inputs, 256 kB / 15.75 GB/s = 16.3 µs
    assert "T = L + D/BW" in derivation and "16.3 µs" in derivation
    # the figure: the book's 0.016 ms beside ironlaw's 256e3 / 15.75e9 s
    values = {v["label"]: v["value"] for v in figure["data"]["values"]}
    assert values["book"] == pytest.approx(16e-6)
    assert values["ironlaw"] == pytest.approx(256e3 / 15.75e9)
    assert figure["encoding"]["x"]["title"] == "value [s]"


PLOTS = [
    ("roofline", "llama-3-8b", "--on", "h100", "--phase", "decode", "--context", "2048"),
    ("terms", "gpt2", "--on", "h100"),
    ("batch", "gpt2", "--on", "h100", "--batches", "1,8"),
    ("waterfall", "gpt2", "--on", "h100"),
    ("ladder", "--on", "h100"),
    ("memory", "gpt2", "--on", "h100"),
]


def _plot_page(cli, args, path):
    code, out, err = cli("plot", *args, "--out", str(path), "--format", "html")
    assert code == 0, err
    return out


@pytest.mark.parametrize("args", PLOTS, ids=lambda a: a[0])
def test_plot_html_embeds_the_figure_it_drew(cli, tmp_path, args):
    import base64

    path = tmp_path / f"{args[0]}.png"
    tables, derivation, (figure,) = _page_parts(_plot_page(cli, args, path))
    assert "<table>" in tables and str(path) in tables  # the file written, named
    assert derivation.strip()  # the worked numbers of the figure
    # the figure: the file's own bytes, inline; nothing on the page refers to the file
    assert figure["mark"]["type"] == "image"
    (value,) = figure["data"]["values"]
    assert value["url"] == "data:image/png;base64," + base64.b64encode(
        path.read_bytes()).decode()
    assert value["file"] == str(path)
    from PIL import Image

    width, height = Image.open(path).size  # shown 900 px wide at the PNG's own aspect
    assert (figure["width"], figure["height"]) == (900, round(900 * height / width))


def test_plot_html_embeds_an_svg_too(cli, tmp_path):
    import base64

    path = tmp_path / "roofline.svg"
    tables, derivation, (figure,) = _page_parts(_plot_page(cli, PLOTS[0], path))
    assert str(path) in tables and derivation.strip()
    assert figure["mark"]["type"] == "image" and figure["width"] == 900
    (value,) = figure["data"]["values"]
    assert value["url"] == "data:image/svg+xml;base64," + base64.b64encode(
        path.read_bytes()).decode()


def test_hw_compare_html_draws_the_devices(cli):
    code, out, _ = cli("hw", "compare", "h100", "mi300x", "--format", "html")
    assert code == 0
    tables, _, figures = _page_parts(out)
    assert "<table>" in tables and "bf16 dense peak" in tables and "1.31 PFLOP/s" in tables
    drawn = {f["title"]: {v["label"]: v["value"] for v in f["data"]["values"]} for f in figures}
    # the datasheets: H100 SXM 989.4 TFLOP/s bf16 dense, 3.35 TB/s, 700 W;
    # MI300X 1307.4 TFLOP/s, 5.3 TB/s, 750 W
    # titled in words, the unit on the value axis (units.words)
    assert drawn["bf16 dense peak"] == pytest.approx(
        {"h100-sxm": 989.4e12, "mi300x": 1307.4e12})
    assert drawn["memory bandwidth"] == pytest.approx({"h100-sxm": 3.35e12, "mi300x": 5.3e12})
    assert drawn["TDP"] == {"h100-sxm": 700, "mi300x": 750}
    assert set(drawn) == {"bf16 dense peak", "memory bandwidth", "memory", "TDP"}


def test_hw_compare_html_draws_the_first_headline_precision_both_have(cli):
    """An ESP32-S3 has no bf16, fp16 or fp8 peak: the figure draws int8, the next precision
    of the headline order, in OP/s (not FLOP/s) as the table shows it. NVIDIA's Jetson Orin
    Nano 8GB datasheet: 40 TOPS sparse INT8, so 20 TOPS dense."""
    code, out, _ = cli("hw", "compare", "esp32-s3", "jetson-orin-nano", "--format", "html")
    assert code == 0
    _, _, figures = _page_parts(out)
    peak = next(f for f in figures if f["title"] == "int8 dense peak")
    values = {v["label"]: v["value"] for v in peak["data"]["values"]}
    assert values["jetson-orin-nano"] == pytest.approx(20e12)
    assert "OP/s" in json.dumps(peak) and "FLOP/s" not in json.dumps(peak)


def test_gravity_html_draws_each_option(cli):
    code, out, _ = cli("gravity", "1 PB", "--bandwidth", "10 Gbps", "--transit", "2 days",
                       "--copy-bandwidth", "2 GB/s", "--compute-bytes", "16 GB", "--format",
                       "html")
    assert code == 0
    tables, derivation, figures = _page_parts(out)
    assert "<table>" in tables and "move-compute" in tables
    assert derivation.strip()
    (time,) = [f for f in figures if f["title"] == "options time_s"]
    # send: 1e15 B / 1.25e9 B/s = 8e5 s; ship: 2 days + 2 × 1e15 / 2e9 s; move the 16 GB:
    # 16e9 / 1.25e9 = 12.8 s
    assert {v["label"]: v["value"] for v in time["data"]["values"]} == pytest.approx(
        {"send": 8e5, "ship": 2 * 86400 + 1e6, "move-compute": 12.8})


def test_validate_published_html_draws_the_errors(cli):
    """The page shows every published case with the figure its source printed, and draws each
    error as (predicted − published) / published against those figures. The cases and figures
    are read from the data files themselves (plain YAML, not ironlaw's loader), and four are
    spot-checked against their sources (as in test_validate_published)."""
    from pathlib import Path

    import yaml

    import ironlaw

    folder = Path(ironlaw.__file__).parent / "measure" / "published"
    published = {case["id"]: case for f in sorted(folder.glob("*.yaml"))
                 for case in yaml.safe_load(f.read_text(encoding="utf-8"))["cases"]}
    # the sources: TensorRT-LLM performance.md, H100 FP8 Llama 2 7B batch 768 at 128/128:
    # 19,694 output tok/s/GPU; A100 FP16 Llama 2 70B TP4 first token at 2,048 input tokens:
    # 377 ms; TensorRT-LLM perf-overview v1.0, Llama 3.1 8B FP8 on one H100 at 1000/1000:
    # 15,220 tok/s; MAMF, H100 SXM bf16 at 6144×17920×2816: 792.1 TFLOP/s
    shown = {"trt-h100-llama2-7b-b768-128-128": (19694, "19,694 tok/s/GPU"),
             "trt-a100-llama2-70b-tp4-ttft-2048": (0.377, "377 ms"),
             "trtib-h100-llama31-8b-1000-1000": (15220, "15,220 tok/s"),
             "mamf-h100-sxm-bf16": (792.1e12, "792 TFLOP/s")}
    for case_id, (figure, _) in shown.items():
        assert published[case_id]["published"] == pytest.approx(figure)
    code, out, _ = cli("validate", "--published", "--format", "json")
    assert code == 0
    predicted = {c["id"]: c["predicted"] for c in json.loads(out)["cases"]}
    code, out, _ = cli("validate", "--published", "--format", "html")
    assert code == 0
    tables, derivation, (errors, mape) = _page_parts(out)
    assert "<table>" in tables
    rows = {row.split("</td>", 1)[0]: row for row in tables.split("<tr><td>")[1:]}
    assert set(published) <= set(rows)  # every case in the files has its row
    for case_id, (_, text) in shown.items():  # the published column, as the source printed it
        assert f"<td>{text}</td>" in rows[case_id]
    assert "error = (predicted − published) / published" in derivation
    drawn = {v["label"]: v["value"] for v in errors["data"]["values"]}
    assert set(drawn) == set(published)
    assert drawn == pytest.approx({i: (predicted[i] - c["published"]) / c["published"]
                                   for i, c in published.items()})
    assert errors["encoding"]["x"]["axis"]["format"] == ".0%"
    # each kind's bar is the mean |error| of its cases (the MAPE), from the files' figures
    by_kind: dict[str, list[float]] = {}
    for case_id, case in published.items():
        by_kind.setdefault(case["kind"], []).append(
            abs(predicted[case_id] - case["published"]) / case["published"])
    assert {v["label"]: v["value"] for v in mape["data"]["values"]} == pytest.approx(
        {kind: sum(e) / len(e) for kind, e in by_kind.items()})


# --- in a real browser ---------------------------------------------------------------------------
def _chromium():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        browser = None
    if browser and driver:
        return browser, driver
    if os.environ.get("CI"):
        pytest.fail("CI: the browser tests need chromium, chromium-driver and selenium "
                    "(make test installs them)")
    pytest.skip("no headless chromium + chromedriver + selenium here")


@pytest.fixture(scope="module")
def browser():
    binary, driver_path = _chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1400,1100", "--host-resolver-rules=MAP * ~NOTFOUND"):
        options.add_argument(flag)
    options.binary_location = binary
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    yield driver
    driver.quit()


def _open(driver, path, figures: int):
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # vegaEmbed renders asynchronously
        if driver.execute_script("return document.querySelectorAll("
                                 "'.figure svg.marks').length") >= figures:
            break
        time.sleep(0.2)
    assert driver.execute_script(
        "return document.querySelectorAll('.figure svg.marks').length") == figures
    time.sleep(0.5)


def _console(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser")]


def _pixel_spread(png: bytes) -> float:
    from PIL import Image, ImageStat

    image = Image.open(io.BytesIO(png)).convert("L")
    return ImageStat.Stat(image).stddev[0]


def test_explore_page_in_a_browser(browser, explore_file, tmp_path):
    _open(browser, explore_file, 1)
    assert _console(browser) == []
    assert browser.execute_script(
        "return performance.getEntriesByType('resource').length") == 0  # nothing fetched

    def ops_drawn():  # the roofline's op circles and labels, as drawn in the SVG
        return browser.execute_script("""
            const svg = document.querySelector('#figure0 svg');
            return Array.from(svg.querySelectorAll('g.mark-symbol path, g.mark-text text'))
                        .map(e => (e.getAttribute('transform') || '') + (e.textContent || ''));
        """)

    labels_before = browser.execute_script(
        "return Array.from(document.querySelectorAll('#figure0 g.mark-text text'))"
        ".map(e => e.textContent)")
    assert any("mlp.down" in t or "attn.sdpa" in t for t in labels_before)
    # the controls sit above the charts (Vega's bind.element: the page's #controls)
    assert browser.execute_script("""
        const select = document.querySelector('#controls select[name=batch_choice]');
        const chart = document.querySelector('#figure0 svg');
        return select !== null && select.getBoundingClientRect().bottom
                                  <= chart.getBoundingClientRect().top;""")
    # labels of ops whose points coincide are one label: no two labels' boxes overlap
    overlap = browser.execute_script("""
        const boxes = Array.from(document.querySelectorAll('#figure0 g.mark-text.role-mark text'))
            .filter(e => e.textContent)
            .map(e => Object.assign(e.getBoundingClientRect().toJSON(), {text: e.textContent}));
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
                return [boxes[i].text, boxes[j].text];
        }
        return boxes.length > 0;""")
    assert overlap is True
    before = ops_drawn()
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("name", "batch_choice")).select_by_visible_text("256")
    time.sleep(1.0)
    after = ops_drawn()
    assert after and after != before  # the ops moved as the batch changed
    Select(browser.find_element("name", "device_choice")).select_by_visible_text("a100-80gb")
    time.sleep(1.0)
    assert ops_drawn() != after
    assert _console(browser) == []
    png = browser.get_screenshot_as_png()
    (tmp_path / "explore.png").write_bytes(png)
    assert _pixel_spread(png) > 10  # a blank page is one colour: spread 0


def test_format_html_page_in_a_browser(browser, cli, tmp_path):
    code, out, _ = cli("analyze", "llama-3-8b", "--on", "h100", "--phase", "decode", "--batch",
                       "8", "--context", "4096", "--format", "html")
    assert code == 0
    path = tmp_path / "analyze.html"
    path.write_text(out, encoding="utf-8")
    _open(browser, path, len(embedded_specs(out)))
    assert _console(browser) == []
    bars = browser.execute_script(
        "return document.querySelectorAll('#figure0 g.mark-rect path').length")
    assert bars == 3  # compute, memory, overhead
    assert _pixel_spread(browser.get_screenshot_as_png()) > 10


@pytest.mark.parametrize("args", [a for a in COMMANDS if a[:2] in (
    ("hw", "list"), ("hw", "compare"), ("calc", "roofline"), ("train", "gpt2"),
    ("serve", "llama-3-8b"), ("examples", "run"), ("gravity", "1 PB"),
    ("validate", "--published"))],
    ids=lambda a: " ".join(a[:2]))
def test_other_pages_in_a_browser(browser, cli, tmp_path, args):
    code, out, _ = cli(*args, "--format", "html")
    assert code == 0
    path = tmp_path / "page.html"
    path.write_text(out, encoding="utf-8")
    _open(browser, path, len(embedded_specs(out)))  # every figure drawn
    assert _console(browser) == []
    assert _pixel_spread(browser.get_screenshot_as_png()) > 10


def test_plot_page_in_a_browser(browser, cli, tmp_path):
    """The drawn PNG is shown from the page alone (network off, the file gone) and fills its
    place: an <image> of its own width, not a broken one."""
    from PIL import Image

    path = tmp_path / "roofline.png"
    out = _plot_page(cli, PLOTS[0], path)
    pixels = Image.open(path).size[0]
    path.unlink()  # the page must not need the file
    page = tmp_path / "plot.html"
    page.write_text(out, encoding="utf-8")
    _open(browser, page, 1)
    assert _console(browser) == []
    assert browser.execute_script(
        "return performance.getEntriesByType('resource').length") == 0
    href, width = browser.execute_script("""
        const image = document.querySelector('#figure0 svg image');
        return [image.getAttribute('href'), image.getBoundingClientRect().width];""")
    assert href.startswith("data:image/png;base64,") and width == pytest.approx(900, abs=1)
    decoded = browser.execute_async_script("""
        const done = arguments[arguments.length - 1], image = new Image();
        image.onload = () => done(image.naturalWidth); image.onerror = () => done(-1);
        image.src = document.querySelector('#figure0 svg image').getAttribute('href');""")
    assert decoded == pixels  # the PNG itself decodes, whole
    assert _pixel_spread(browser.get_screenshot_as_png()) > 10


def test_ci_run_sets_ci_before_the_tests():
    """CI runs `.ci/run`; it sets CI itself, so the browser tests fail there, never skip."""
    from pathlib import Path

    lines = (Path(__file__).parents[1] / ".ci" / "run").read_text().splitlines()
    assert "export CI=true" in lines and "make test" in lines
    assert lines.index("export CI=true") < lines.index("make test")


def test_no_browser_fails_under_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI"):
        _chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _chromium()


def test_every_format_option_offers_html():
    import typer

    from ironlaw.cli.main import app

    def walk(command, path=()):
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                yield from walk(sub, (*path, name))
            return
        for param in command.params:
            if "--format" in param.opts:
                yield " ".join(path), [str(v) for v in type(param.default)]  # its StrEnum

    found = dict(walk(typer.main.get_command(app)))
    assert len(found) > 20
    assert {path for path, choices in found.items() if "html" not in choices} == set()


def test_explore_takes_the_kv_cache_layout():
    """--kv-precision and --kv-heads reach the explorer's decoders (issue 11: wherever a model
    is served). Llama 3 8B decode, batch 8 at 4096 tokens, fp8 cache with 2 KV heads of 128:
    2 (K, V) · 32 layers · 2 heads · 128 · 4096 tokens · 8 sequences · 1 B = 536,870,912 B."""
    data = grid("llama-3-8b", "h100", batch="8", context="4096", phase="decode",
                kv_precision="fp8", kv_heads=2)
    kv = [m["bytes"] for m in data.memory if m["part"] == "KV cache" and m["use"] == "this phase"]
    assert kv == [2 * 32 * 2 * 128 * 4096 * 8 * 1]
    with pytest.raises(ParameterError) as err:
        grid("resnet50", "h100", batch="8", kv_precision="fp8")
    assert err.value.parameter == "kv_precision"
