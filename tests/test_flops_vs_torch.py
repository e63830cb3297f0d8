"""Our transformer graphs against PyTorch's dispatcher-level FLOP counter on the reference
modules, on the meta device: prefill at two sequence lengths, and a decode step.

PyTorch's counter counts causal attention as the full S×S square (its math path masks, it
does not skip); our graphs count the S(S+1)/2 scores a causal kernel computes. The test adds
the difference, 4·B·H·d·(S² − S(S+1)/2) per layer, written out below, before comparing.
"""

import pytest

torch = pytest.importorskip("torch")
from torch.utils.flop_counter import FlopCounterMode  # noqa: E402

from ironlaw.models import torch_transformers as ref  # noqa: E402
from ironlaw.models.transformer import build, parse_config  # noqa: E402
from ironlaw.models.zoo import config_of, get_model  # noqa: E402

LAYERS = 2
MODELS = ["gpt2", "bert-base", "llama-2-7b", "llama-3-8b", "mistral-7b", "qwen2-7b",
          "mixtral-8x7b"]


def shallow(name: str) -> dict:
    config = dict(config_of(get_model(name)))
    config["n_layer" if config["model_type"] == "gpt2" else "num_hidden_layers"] = LAYERS
    return config


def torch_flops(run) -> float:
    with torch.device("meta"), FlopCounterMode(display=False) as counter:
        run()
    return float(counter.get_total_flops())


def causal_surplus(config: dict, batch: int, s: int) -> float:
    """What the counter adds for causal attention: 4·B·H·d·(S² − S(S+1)/2) per layer."""
    arch = parse_config(config)
    window = arch.window or s
    seen = sum(min(i + 1, window) for i in range(s))  # keys each query actually sees
    return LAYERS * 4 * batch * arch.heads * arch.head_dim * (s * s - seen)


@pytest.mark.parametrize("seq", [64, 256])
@pytest.mark.parametrize("name", MODELS)
def test_prefill_flops_match_torch(name, seq):
    config = shallow(name)
    batch = 2
    encoder = config["model_type"] == "bert"
    with torch.device("meta"):
        model = ref.make(config, moe_routing="balanced")
    tokens = torch.zeros((batch, seq), dtype=torch.long, device="meta")
    counted = torch_flops(lambda: ref.prefill(model, tokens, last_logits_only=True))
    graph = build(config, "encoder" if encoder else "prefill", batch=batch, seq=seq,
                  dtype="fp32")
    ours = graph.tensor_flops + (0 if encoder else causal_surplus(config, batch, seq))
    assert ours == pytest.approx(counted, rel=0.01)


@pytest.mark.parametrize("name", [m for m in MODELS if m != "bert-base"])
def test_decode_step_flops_match_torch(name):
    config = shallow(name)
    batch, cached = 3, 500
    with torch.device("meta"):
        model = ref.make(config, moe_routing="balanced")
        cache = ref.empty_cache(model, batch, cached)
    token = torch.zeros((batch, 1), dtype=torch.long, device="meta")
    counted = torch_flops(lambda: ref.decode_step(model, token, cache))
    # the new token attends to the cached tokens and itself
    graph = build(config, "decode", batch=batch, seq=1, context=cached + 1, dtype="fp32")
    assert graph.tensor_flops == pytest.approx(counted, rel=0.01)


def test_parameters_match_the_reference_modules():
    for name in MODELS:
        config = shallow(name)
        with torch.device("meta"):
            model = ref.make(config, moe_routing="balanced")
        expected = sum(p.numel() for p in model.parameters())
        assert build(config, "encoder" if name == "bert-base" else "prefill").params == expected
