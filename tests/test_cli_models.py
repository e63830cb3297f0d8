"""`ironlaw model list|show|lighthouse` and `ironlaw analyze`: tables, JSON, and user errors."""

import json

import pytest


def test_model_list_has_every_required_id(cli):
    code, out, _ = cli("model", "list", "--format", "json")
    ids = {m["id"] for m in json.loads(out)["rows"]}
    required = {"resnet18", "resnet50", "mobilenetv1", "mobilenetv2", "efficientnet-b0", "vgg16",
                "vit-b-16", "ds-cnn", "dlrm", "mlp", "gpt2", "gpt2-xl", "bert-base",
                "bert-large", "llama-2-7b", "llama-2-70b", "llama-3-8b", "llama-3-70b",
                "mistral-7b", "mixtral-8x7b", "qwen2-7b"}
    assert code == 0 and required <= ids


def test_model_show_summary_and_layers(cli):
    code, out, _ = cli("model", "show", "ResNet-50", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["params"] == 25_557_032
    assert (data["model"], data["precision"], data["phase"], data["batch"]) == (
        "resnet50", "bf16", "forward", 1)  # the operating point, as every result keys it
    assert any(layer["kind"] == "conv2d" for layer in data["layers"])
    code, out, _ = cli("model", "show", "gpt2", "--seq", "64")
    assert code == 0 and "attn.sdpa" in out and "parameters" in out


def test_model_show_from_a_config_file(cli, tmp_path):
    config = {"model_type": "llama", "vocab_size": 1000, "hidden_size": 256,
              "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
              "intermediate_size": 512, "max_position_embeddings": 512}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    code, out, _ = cli("model", "show", "--config", str(path), "--format", "json")
    # by hand: embed 1000·256 + 2 × (q 256·256 + k,v 2·256·128 + o 256·256 + MLP 3·256·512
    # + 2 norms·256) + final norm 256 + head 256·1000
    per_layer = 256 * 256 + 2 * 256 * 128 + 256 * 256 + 3 * 256 * 512 + 2 * 256
    assert code == 0 and json.loads(out)["params"] == 2 * 256_000 + 2 * per_layer + 256


def test_analyze_json_keys_carry_units(cli):
    code, out, _ = cli("analyze", "llama-3-8b", "--on", "h100", "--phase", "decode",
                       "--seq", "1", "--context", "2048", "--batch", "4", "--format", "json",
                       "--ops")
    data = json.loads(out)
    assert code == 0
    for key in ("latency_s", "throughput_per_s", "mfu", "memory_bytes", "bottleneck", "ops"):
        assert key in data
    assert data["bottleneck"] == "memory" and data["fits"] is True
    assert data["throughput_per_s"] == pytest.approx(4 / data["latency_s"])


def test_analyze_table_and_per_op(cli):
    code, out, _ = cli("analyze", "resnet50", "--on", "a100", "--batch", "32", "--ops",
                       "--precision", "fp16", "--mode", "eager")
    assert code == 0 and "bottleneck" in out and "Per op" in out and "conv2d" in out


def test_lighthouse_profiles(cli):
    code, out, _ = cli("model", "lighthouse", "--format", "json")
    data = {p["model"]: p for p in json.loads(out)["rows"]}
    assert code == 0 and set(data) == {"resnet50", "gpt2-xl", "llama-3-8b", "dlrm",
                                       "mobilenetv2", "ds-cnn"}
    # Llama-3-8B decode on an H100 is bandwidth-bound; DLRM's 24 G parameters fit no phone
    assert data["llama-3-8b"]["dominant_constraint"]["datacenter"] == "bandwidth"
    assert data["dlrm"]["dominant_constraint"]["mobile"] == "capacity"
    assert data["resnet50"]["weight_bytes"]["int8"] == 25_557_032


@pytest.mark.parametrize(("args", "needle"), [
    (("analyze", "resnet-5o", "--on", "h100"), "unknown model 'resnet-5o'; did you mean"),
    (("analyze", "gpt2", "--on", "h1000"), "unknown device 'h1000'"),
    (("analyze", "gpt2", "--on", "v100"), "v100 has no bf16 peak"),
    (("analyze", "bert-base", "--on", "h100", "--phase", "decode"), "supports encoder"),
    # a decode step's context is stated, never taken from --seq (issue 11: a 1-token context)
    (("analyze", "llama-3-8b", "--on", "h100", "--phase", "decode", "--seq", "1"),
     "--context: a decode step attends to the tokens already in the KV cache"),
    (("analyze", "llama-3-8b", "--on", "h100", "--phase", "decode", "--seq", "512",
      "--context", "4096"), "--seq: a decode step takes 1 new token a sequence; got 512"),
    (("cost", "llama-3-8b", "--on", "h100", "--phase", "decode", "--batch", "8"), "--context"),
    # a KV precision is named by its own flag (it was 'kv_dtype', or blamed on --precision)
    (("analyze", "resnet50", "--on", "h100", "--kv-precision", "fp8"),
     "--kv-precision: does not apply to resnet50"),
    (("cost", "llama-3-8b", "--on", "h100", "--phase", "decode", "--context", "8",
      "--kv-precision", "int3"), "--kv-precision: expected one of"),
    # --config is a config file, not a model's name
    (("sweep", "--config", "llama-3-8b", "--device", "h100"),
     "--config: expected a config.json file"),
    (("analyze", "--config", "gpt2", "--on", "h100"), "--config: expected a config.json file"),
    (("compress", "llama-3-8b", "--on", "h100", "--scheme", "int8-weight", "--phase",
      "decode"), "--context"),
    (("analyze", "resnet50", "--on", "h100", "--seq", "128"), "--seq: does not apply"),
    (("analyze", "gpt2", "--on", "h100", "--mode", "turbo"), "--mode: expected one of"),
    (("analyze", "gpt2", "--on", "h100", "--batch", "0"), "--batch"),
    (("model", "show", "gpt2", "--precision", "fp12"), "--precision"),
    (("model", "show"), "give exactly one of"),
])
def test_model_user_errors_exit_2_with_one_line(cli, args, needle):
    code, out, err = cli(*args)
    assert code == 2, err
    assert needle in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_broken_config_file_exits_2(cli, tmp_path):
    path = tmp_path / "config.json"
    path.write_text('{"model_type": "llama", ')
    code, _, err = cli("model", "show", "--config", str(path))
    assert code == 2 and "not valid JSON" in err and str(path) in err


def test_model_show_and_analyze_an_onnx_file(cli, tmp_path):
    onnx = pytest.importorskip("onnx")
    from test_importers import _mlp_onnx

    path = _mlp_onnx(onnx, tmp_path)
    code, out, _ = cli("model", "show", "--onnx", str(path), "--batch", "8", "--format", "json")
    data = json.loads(out)
    # by hand: (16·32 + 32) + (32·4 + 4) = 676 parameters; 2·8·(16·32 + 32·4) = 10,240 FLOP
    assert code == 0 and data["params"] == 676 and data["tensor_flops"] == 10_240
    code, out, _ = cli("analyze", "--onnx", str(path), "--on", "h100", "--format", "json")
    assert code == 0 and json.loads(out)["latency_s"] > 0
    garbage = tmp_path / "garbage.onnx"
    garbage.write_bytes(b"\x00not an onnx file")
    code, _, err = cli("model", "show", "--onnx", str(garbage))
    assert code == 2 and str(garbage) in err and len(err.strip().splitlines()) == 1


def test_analyze_and_serve_write_plots(cli, tmp_path):
    pytest.importorskip("matplotlib")
    roof = tmp_path / "roof.svg"
    code, _, err = cli("analyze", "resnet50", "--on", "t4", "--precision", "int8",
                       "--plot", str(roof))
    assert code == 0, err
    assert roof.read_text().startswith("<?xml")
    curve = tmp_path / "curve.png"
    code, _, err = cli("serve", "llama-3-8b", "--on", "h100", "--batch", "16",
                       "--plot", str(curve))
    assert code == 0, err
    assert curve.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("command", [("analyze", "gpt2", "--on", "h100"),
                                     ("serve", "gpt2", "--on", "h100")])
def test_a_bad_plot_name_names_the_plot_flag(cli, tmp_path, command):
    code, _, err = cli(*command, "--plot", str(tmp_path / "figure.jpg"))
    assert code == 2 and err.startswith("error: --plot: expected a file name ending in .png")


def test_config_is_taken_by_sweep_explore_and_pipeline(cli, tmp_path):
    """`--config FILE` on every command that takes a model (issue 12): the same 2-layer
    config.json as above, named by its folder, in sweep (beside a named model), pipeline (the
    demand from its step time) and explore (its page's model list)."""
    config = {"model_type": "llama", "vocab_size": 1000, "hidden_size": 256,
              "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
              "intermediate_size": 512, "max_position_embeddings": 512}
    path = tmp_path / "tiny" / "config.json"
    path.parent.mkdir()
    path.write_text(json.dumps(config))
    code, out, err = cli("sweep", "--model", "gpt2", "--config", str(path), "--device", "h100",
                         "--batch", "1", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)["rows"]
    assert sorted(r["model"] for r in rows) == ["gpt2", "tiny"]
    code, out, err = cli("pipeline", "--config", str(path), "--on", "h100", "--storage",
                         "2 GB/s", "--cores", "8", "--decode-rate", "none",
                         "--bytes-per-sample", "10 kB", "--format", "json")
    assert code == 0, err
    assert any("tiny" in a for a in json.loads(out)["assumptions"])
    page = tmp_path / "e.html"
    code, out, err = cli("explore", "--config", str(path), "--device", "h100", "--batch", "1,8",
                         "--context", "512", "--out", str(page))
    assert code == 0, err
    assert out.startswith(f"wrote {page}") and '"tiny"' in page.read_text()


def test_kv_what_ifs_on_analyze_model_show_and_cost(cli):
    """--kv-precision and --kv-heads wherever a model's decode is costed (issue 11): Llama 3 8B
    decode at batch 8, context 4096, its cache by hand 8 × 4096 × 2 (K, V) × 32 layers × h_kv
    × 128 × b: 8 heads in bf16 4,294,967,296 B; 2 heads (GQA → fewer) in fp8 536,870,912 B."""
    base = ("llama-3-8b", "--on", "h100", "--phase", "decode", "--context", "4096", "--batch",
            "8", "--format", "json")
    code, out, _ = cli("analyze", *base)
    plain = json.loads(out)
    code2, out, _ = cli("analyze", *base, "--kv-precision", "fp8", "--kv-heads", "2")
    small = json.loads(out)
    assert code == code2 == 0
    assert plain["kv_cache_bytes"] == 8 * 4096 * 2 * 32 * 8 * 128 * 2 == 4_294_967_296
    assert small["kv_cache_bytes"] == 8 * 4096 * 2 * 32 * 2 * 128 * 1 == 536_870_912
    assert small["latency_s"] < plain["latency_s"]  # less cache read every step
    code, out, _ = cli("model", "show", "llama-3-8b", "--phase", "decode", "--context", "4096",
                       "--batch", "8", "--kv-heads", "2", "--format", "json")
    assert code == 0 and json.loads(out)["kv_cache_bytes"] == 8 * 4096 * 2 * 32 * 2 * 128 * 2
    # cost: the same decode step with its cache in fp8, priced at AWS's on-demand p5.48xlarge
    # ($55.04/h for 8 H100s = $6.88 per GPU-hour, SkyPilot's AWS catalog)
    runs = {}
    for kv in ("bf16", "fp8"):
        code, out, _ = cli("cost", *base[:-2], "--kv-precision", kv, "--instance",
                           "p5.48xlarge", "--format", "json")
        assert code == 0
        runs[kv] = json.loads(out)
    hbm = {kv: r["energy"]["bytes_by_level"]["hbm"] for kv, r in runs.items()}
    # one byte less per cached element: 8 × 4,096 × 2 × 32 × 8 × 128 × (2 − 1) B fewer read
    assert hbm["bf16"] - hbm["fp8"] == 8 * 4096 * 2 * 32 * 8 * 128 == 2_147_483_648
    # the step reads at least its bf16 weights less the embedding table (an embedding reads 8
    # rows): (8,030,261,248 − 128,256 × 4,096) × 2 = 15,009,849,344 B, plus the fp8 cache
    # 2,147,483,648 B = 17,157,332,992 B; activations at batch 8 add well under 1%
    least = (8_030_261_248 - 128_256 * 4096) * 2 + 2_147_483_648
    assert least == 17_157_332_992 and least <= hbm["fp8"] <= 1.01 * least
    # so the step takes at least 17.157 GB / 3.35 TB/s = 5.12 ms (H100 SXM HBM3); within
    # 1.5× of it (this test's band: decode at batch 8 streams HBM at ≥ 2/3 of its peak)
    seconds = runs["fp8"]["run"]["latency_s"]
    assert least / 3.35e12 <= seconds <= 1.5 * least / 3.35e12
    # and costs price × time: $6.88/h × t / 3,600 s/h on one device
    assert runs["fp8"]["cost"]["cost_usd"] == pytest.approx(55.04 / 8 * seconds / 3600)
    assert runs["fp8"]["cost"]["cost_usd"] < runs["bf16"]["cost"]["cost_usd"]
    code, _, err = cli("cost", "llama-3-8b", "--on", "h100", "--phase", "train", "--kv-heads",
                       "2")
    assert code == 2 and "--kv-heads: a training step keeps no KV cache" in err
