"""Your own model everywhere (issue 12 item 6): one resolver for built-in names, Hugging Face
ids (offline, from the local cache or $IRONLAW_MODELS) and config.json paths, reached by every
command; the Llama 3.1/3.2/3.3 names with their published parameter counts."""

import json

import pytest

from ironlaw.models.zoo import build_model, get_model


def _llama_params(d, f, layers, heads, kv, vocab, tied, head_dim=None):
    """Hand count of a Llama decoder from its config.json (no biases)."""
    hd = head_dim or d // heads
    attention = d * heads * hd + 2 * d * kv * hd + heads * hd * d  # q, k, v, o
    mlp = 3 * d * f  # gate, up, down
    per_layer = attention + mlp + 2 * d  # two RMSNorm scales
    return layers * per_layer + vocab * d * (1 if tied else 2) + d  # + final norm


@pytest.mark.parametrize(("name", "shape", "published"), [
    # config.json of each Hugging Face repo; published totals as the model pages give them
    ("llama-3.1-8b", (4096, 14336, 32, 32, 8, 128256, False), 8.03e9),
    ("llama-3.1-70b", (8192, 28672, 80, 64, 8, 128256, False), 70.6e9),
    ("llama-3.1-405b", (16384, 53248, 126, 128, 8, 128256, False), 405.9e9),
    ("llama-3.2-1b", (2048, 8192, 16, 32, 8, 128256, True), 1.24e9),
    ("llama-3.2-3b", (3072, 8192, 28, 24, 8, 128256, True), 3.21e9),
    ("llama-3.3-70b", (8192, 28672, 80, 64, 8, 128256, False), 70.6e9),
])
def test_llama_3x_parameter_counts(name, shape, published):
    params = build_model(name).params
    assert params == _llama_params(*shape)
    assert params == pytest.approx(published, rel=5e-3)


def test_hugging_face_ids_of_built_in_models():
    assert get_model("meta-llama/Llama-3.1-8B").id == "llama-3.1-8b"
    assert get_model("meta-llama/Llama-3.3-70B-Instruct").id == "llama-3.3-70b"


TINY = {"model_type": "llama", "hidden_size": 512, "intermediate_size": 1376,
        "num_hidden_layers": 4, "num_attention_heads": 8, "num_key_value_heads": 2,
        "vocab_size": 32000, "max_position_embeddings": 2048, "tie_word_embeddings": False}


def _fake_hub(root, org, name, config):
    repo = root / "hub" / f"models--{org}--{name}"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text("0123abcd")
    snapshot = repo / "snapshots" / "0123abcd"
    snapshot.mkdir(parents=True)
    (snapshot / "config.json").write_text(json.dumps(config))


def test_a_hugging_face_id_from_the_local_cache(tmp_path, monkeypatch, cli):
    _fake_hub(tmp_path, "acme", "tiny-llama", TINY)
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    spec = get_model("acme/tiny-llama")
    assert spec.id == "tiny-llama" and spec.phases == ("prefill", "decode")
    assert build_model("acme/tiny-llama").params == _llama_params(512, 1376, 4, 8, 2, 32000,
                                                                  False)
    for args in (("analyze", "acme/tiny-llama", "--on", "h100"),
                 ("serve", "acme/tiny-llama", "--on", "h100"),
                 ("train", "acme/tiny-llama", "--on", "h100", "--seq", "512"),
                 ("compress", "acme/tiny-llama", "--on", "h100", "--scheme", "int8-weight"),
                 ("sweep", "--model", "acme/tiny-llama", "--device", "h100", "--batch", "1,8")):
        code, out, err = cli(*args)
        assert code == 0, (args, err)


def test_ironlaw_models_folder(tmp_path, monkeypatch):
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "small.json").write_text(json.dumps(TINY))
    monkeypatch.setenv("IRONLAW_MODELS", str(tmp_path / "acme"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "nowhere"))
    assert get_model("acme/small").id == "small"


def test_an_id_found_nowhere_says_where_it_looked(tmp_path, monkeypatch, cli):
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    code, _, err = cli("serve", "acme/missing", "--on", "h100")
    assert code == 2 and str(tmp_path / "hub") in err and "no network" in err


def test_config_flag_on_every_model_command(tmp_path, cli):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(TINY))
    for args in (("analyze", "--config", str(path), "--on", "h100"),
                 ("serve", "--config", str(path), "--on", "h100"),
                 ("train", "--config", str(path), "--on", "h100", "--seq", "512"),
                 ("compress", "--config", str(path), "--on", "h100", "--scheme", "int8"),
                 ("cost", "--config", str(path), "--on", "h100")):
        code, out, err = cli(*args)
        assert code == 0, (args, err)
    code, _, err = cli("serve", "llama-3-8b", "--config", str(path), "--on", "h100")
    assert code == 2 and "--config" in err


def test_a_broken_config_is_refused_naming_the_file(tmp_path, cli):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"model_type": "llama", "hidden_size": 512}))
    code, _, err = cli("serve", "--config", str(path), "--on", "h100")
    assert code == 2 and "num_attention_heads" in err
    code, _, err = cli("serve", str(tmp_path / "absent.json"), "--on", "h100")
    assert code == 2 and "no such file" in err


def _gemma2_params(d, f, layers, heads, kv, hd, vocab=256000):
    """Hand count of Gemma 2 from its config: head_dim given, 4 RMSNorms a layer, tied."""
    attention = d * heads * hd + 2 * d * kv * hd + heads * hd * d
    return layers * (attention + 3 * d * f + 4 * d) + vocab * d + d


@pytest.mark.parametrize(("name", "count", "published"), [
    # Phi-3 mini: 32 layers of 3072, MLP 8192, MHA, vocab 32,064, untied (keras-hub preset:
    # 3,821,079,552 parameters)
    ("phi-3-mini", _llama_params(3072, 8192, 32, 32, 32, 32064, False), 3_821_079_552),
    # Gemma 2 (keras-hub presets 2.61B and 9.24B; Gemma 2 report: 27.2B)
    ("gemma-2-2b", _gemma2_params(2304, 9216, 26, 8, 4, 256), 2.61e9),
    ("gemma-2-9b", _gemma2_params(3584, 14336, 42, 16, 8, 256), 9.24e9),
    ("gemma-2-27b", _gemma2_params(4608, 36864, 46, 32, 16, 128), 27.2e9),
])
def test_new_architectures_have_their_published_parameter_counts(name, count, published):
    params = build_model(name).params
    assert params == count
    assert params == pytest.approx(published, rel=5e-3)


def test_gemma2_alternates_local_and_global_layers_in_its_kv_cache():
    graph = build_model("gemma-2-9b", "decode", batch=1, context=8192)
    # 21 global layers keep all 8192 tokens, 21 local ones the last 4096; per token and layer
    # K and V: 2 × 8 KV heads × 256 × 2 B = 8192 B
    assert graph.workload.kv_cache_bytes == 21 * 8192 * 8192 + 21 * 4096 * 8192


def test_a_config_path_in_a_sweep_spec_or_scenario_is_read_beside_the_file(tmp_path,
                                                                            monkeypatch, cli):
    (tmp_path / "mine.json").write_text(json.dumps(TINY))
    (tmp_path / "sweep.yaml").write_text("model: [mine.json]\ndevice: [h100]\nbatch: [1, 8]\n")
    (tmp_path / "scenario.yaml").write_text(
        "id: mine\ntitle: mine\nworkload: {task: llm-serving, model: mine.json}\n"
        "system: {device: h100}\nrequirements: [{metric: ttft_s, max: 10 s}]\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = cli("sweep", "--spec", str(tmp_path / "sweep.yaml"), "--format", "json")
    assert code == 0, err
    mine = get_model(tmp_path / "mine.json").id
    assert {row["model"] for row in json.loads(out)["rows"]} == {mine}
    code, _, err = cli("scenario", "run", str(tmp_path / "scenario.yaml"))
    assert code == 0, err


def test_a_sweep_worker_resolves_the_users_model_from_its_file(tmp_path, monkeypatch):
    """A Dask worker is another process: it has not seen the user's config until the space
    names its file."""
    from ironlaw.explore.run import evaluate_chunk
    from ironlaw.explore.spec import make_space
    from ironlaw.models import zoo

    path = tmp_path / "mine.json"
    path.write_text(json.dumps(TINY))
    (tmp_path / "config.json").write_text(json.dumps(TINY))
    space = make_space([str(path), str(tmp_path)], "h100", batch=[1, 8])
    ids = space.coord("model")
    assert space.model_configs == ((ids[0], str(path.resolve())),
                                   (ids[1], str((tmp_path / "config.json").resolve())))
    monkeypatch.setattr(zoo, "_USER", {})  # a fresh process
    chunk = evaluate_chunk(space, 0)
    assert (chunk.start, chunk.stop) == (0, 4)
    assert [get_model(i).config for i in ids] == [f for _, f in space.model_configs]


def _narayanan(l, h, V, s):  # noqa: E741 — the paper's symbols
    """Narayanan et al., SC '21 (arXiv 2104.04473), eq. 2: P = 12lh²(1 + 13/(12h) +
    (V + s)/(12lh)) = 12lh² + 13lh + (V + s)h; the final LayerNorm (2h) is left out there."""
    return 12 * l * h * h + 13 * l * h + (V + s) * h


@pytest.mark.parametrize(("shape", "published"), [
    # Narayanan et al. Table 1 (V = 51,200, s = 2048): 1.7B (24 layers of 2304, 24 heads),
    # GPT-3's 175B row (96 × 12288, 96 heads: 174.6B) and 1 trillion (128 × 25600, 160 heads:
    # 1008.0B)
    ((24, 2304, 24), 1.7e9), ((96, 12288, 96), 174.6e9), ((128, 25600, 160), 1008.0e9),
])
def test_a_bare_shape_is_megatrons_gpt(shape, published):
    from ironlaw.models.zoo import shape_model

    layers, hidden, heads = shape
    spec = shape_model(layers, hidden, heads, 51200, 2048)
    params = build_model(spec.id).params
    assert params == _narayanan(layers, hidden, 51200, 2048) + 2 * hidden
    assert params == pytest.approx(published, rel=0.03 if published < 2e9 else 5e-4)


def test_train_takes_a_bare_shape(cli):
    code, out, err = cli("train", "--layers", "4", "--hidden", "512", "--heads", "8", "--vocab",
                         "32000", "--seq", "512", "--on", "h100", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["params"] == _narayanan(4, 512, 32000, 512) + 2 * 512
    for args, field in ((("--layers", "4", "--hidden", "512"), "--heads"),
                        (("--layers", "4", "--hidden", "512", "--heads", "7", "--vocab", "9"),
                         "--heads"),
                        (("gpt2", "--layers", "4"), "bare shape")):
        code, _, err = cli("train", *args, "--on", "h100")
        assert code == 2 and field in err and len(err.strip().splitlines()) == 1, (args, err)
