"""In-node parallelism: α–β collectives by hand, links, Megatron splits, pipeline bubbles."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ironlaw.errors import UserError
from ironlaw.frameworks import parallel
from ironlaw.frameworks.autodiff import saved_bytes
from ironlaw.frameworks.graph import Block
from ironlaw.hardware import links
from ironlaw.hardware.catalog import builtin
from ironlaw.laws import collectives
from ironlaw.models.transformer import build
from ironlaw.models.zoo import build_model, config_of, get_model

CATALOG = builtin()


# --- collectives ----------------------------------------------------------------------------

def test_ring_all_reduce_by_hand():
    # 8 GPUs, 1 GB, β = 450 GB/s per direction, α = 3.4 µs:
    # 2·7/8 · 1e9/450e9 = 3.888889 ms; 2·7 · 3.4 µs = 47.6 µs; total 3.936489 ms.
    t = collectives.ring_all_reduce(1e9, 8, 450e9, 3.4e-6)
    assert t == pytest.approx(3.888889e-3 + 47.6e-6, rel=1e-6)
    # two devices: 2·1/2 · M/β + 2α = M/β + 2α
    assert collectives.ring_all_reduce(1e9, 2, 100e9, 1e-6) == pytest.approx(10e-3 + 2e-6)
    assert collectives.ring_all_reduce(1e9, 1, 100e9, 1e-6) == 0.0


def test_tree_all_gather_reduce_scatter_all_to_all_by_hand():
    m, beta, alpha = 64e6, 300e9, 5e-6
    # tree: 2·⌈log2 8⌉ = 6 steps of α + M/β = 5 µs + 213.33 µs
    assert collectives.tree_all_reduce(m, 8, beta, alpha) == pytest.approx(6 * (5e-6 + 213.333e-6),
                                                                        rel=1e-5)
    assert collectives.tree_all_reduce(m, 5, beta, alpha) == pytest.approx(
        6 * (5e-6 + 213.333e-6), rel=1e-5)  # ⌈log2 5⌉ = 3
    # (N−1)/N · M/β + (N−1)·α with N = 4: 3/4 · 213.333 µs + 3 · 5 µs = 175 µs
    for f in (collectives.all_gather, collectives.reduce_scatter, collectives.all_to_all):
        assert f(m, 4, beta, alpha) == pytest.approx(175e-6, rel=1e-6)
    assert collectives.send_receive(m, beta, alpha) == pytest.approx(218.333e-6, rel=1e-5)


def test_collectives_broadcast_over_arrays():
    n = np.array([1, 2, 4, 8])
    t = collectives.ring_all_reduce(1e9, n, 1e9)
    assert t.shape == (4,)
    assert t == pytest.approx([0.0, 1.0, 1.5, 1.75])  # 2(N−1)/N seconds for M/β = 1 s
    assert isinstance(collectives.ring_all_reduce(1e9, 8, 1e9), float)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 64), size=st.floats(1e3, 1e11), beta=st.floats(1e9, 1e12))
def test_ring_bus_bandwidth_is_the_link_bandwidth(n, size, beta):
    # nccl-tests: busbw = algbw · 2(n−1)/n with algbw = S/t; with α = 0 the ring reaches β.
    t = collectives.ring_all_reduce(size, n, beta)
    assert size / t * 2 * (n - 1) / n == pytest.approx(beta, rel=1e-9)
    t_gather = collectives.all_gather(size, n, beta)
    assert size / t_gather * (n - 1) / n == pytest.approx(beta, rel=1e-9)
    # a reduce-scatter followed by an all-gather is a ring all-reduce
    assert collectives.reduce_scatter(size, n, beta, 2e-6) + collectives.all_gather(
        size, n, beta, 2e-6) == pytest.approx(collectives.ring_all_reduce(size, n, beta, 2e-6))


# --- links ----------------------------------------------------------------------------------

def test_nvlink_is_switched_at_full_bandwidth_with_ncclss_latency():
    # NVLink 4 on H100 SXM: 18 links; NCCL's topology model (topo.h SM90_NVLINK_BW) gives each
    # 20.6 GB/s of data per direction: 18 × 20.6 = 370.8 GB/s, below the 450 GB/s line rate;
    # A100's NVLink 3: 12 × 20.0 = 240 GB/s (line 300); B200's NVLink 5: 18 × 40.1 = 721.8
    link = links.link_for(CATALOG.device("h100-sxm"), 8)
    assert (link.kind, link.topology, link.bandwidth) == ("nvlink", "switched", 18 * 20.6e9)
    assert links.link_for(CATALOG.device("a100-80gb"), 8).bandwidth == pytest.approx(240e9)
    assert links.link_for(CATALOG.device("b200"), 8).bandwidth == pytest.approx(18 * 40.1e9)
    assert link.latency == 3.4e-6  # NCCL tuning.cc, NVLink ring step (Simple)
    assert link.latency_source.url.startswith("https://github.com/NVIDIA/nccl")


def test_infinity_fabric_mesh_uses_one_link_per_peer():
    mi300x = CATALOG.device("mi300x")  # 448 GB/s over 7 peer links, 64 GB/s each
    assert links.link_for(mi300x, 8).bandwidth == pytest.approx(448e9)
    assert links.link_for(mi300x, 4).bandwidth == pytest.approx(3 * 64e9)
    assert links.link_for(mi300x, 2).bandwidth == pytest.approx(64e9)


def test_pcie_fallbacks_and_missing_links():
    t4 = links.link_for(CATALOG.device("t4"), 4)  # no NVLink: PCIe 3.0 x16, 15.75 GB/s
    assert (t4.kind, t4.bandwidth, t4.latency) == ("pcie", 15.75e9, 5.7e-6)
    h100_pcie = CATALOG.device("h100-pcie")  # an NVLink bridge joins pairs only
    assert links.link_for(h100_pcie, 2).kind == "nvlink"
    assert links.link_for(h100_pcie, 4).kind == "pcie"
    with pytest.raises(UserError, match="cannot exchange data"):
        links.link_for(CATALOG.device("jetson-orin-nano"), 2)


def test_every_link_latency_has_a_source():
    for entry in links.LINK_LATENCY.values():
        assert entry.value > 0 and entry.source.title and entry.source.kind
        assert str(entry.source.checked) == "2026-11-28"


# --- tensor parallelism ---------------------------------------------------------------------

def test_tensor_parallel_splits_matmuls_and_heads_not_norms():
    graph = build_model("gpt2", batch=2, seq=64)
    split = parallel.tensor_parallel(graph, 4)
    layer = next(i for i in graph.items if isinstance(i, Block))
    layer4 = next(i for i in split.items if isinstance(i, Block))
    by_name = {op.name: op for op in layer4.ops}
    original = {op.name: op for op in layer.ops}
    for name in ("attn.qkv", "attn.o", "mlp.up", "mlp.down", "attn.sdpa"):
        assert by_name[name].flops == pytest.approx(original[name].flops / 4)
    assert by_name["norm.attn"] == original["norm.attn"]  # replicated
    # GPT-2 small layer, by hand: qkv 768·2304 + 2304 and up 768·3072 + 3072 split 4 ways
    # (column parallel, bias too); o 768·768 and down 3072·768 split, their biases 768 kept
    # whole (added after the all-reduce); two layer norms 2·768 each replicated.
    expected = ((768 * 2304 + 2304) + (768 * 3072 + 3072) + 768 * 768 + 3072 * 768) / 4 \
        + 768 + 768 + 2 * 1536
    assert sum(op.params for op in layer4.ops) == pytest.approx(expected)


def test_tensor_parallel_splits_the_kv_cache_by_heads_and_keeps_a_latent_whole():
    """Each device holds its heads' K and V: Llama 3 8B decode at batch 4, context 1024,
    one layer's cache 4 × 1024 × 2 × 8 × 128 × 2 B = 16,777,216 B, a quarter on each of 4
    devices. DeepSeek-V3's MLA latent (512 + 64 per token, bf16) is read whole by every
    device: 4 × 1024 × 576 × 2 B = 4,718,592 B on each of 8."""
    def sdpa(graph):
        block = next(i for i in graph.items if isinstance(i, Block))
        return next(op for op in block.ops if op.kind == "attention")

    llama = build_model("llama-3-8b", phase="decode", batch=4, seq=1, context=1024)
    assert sdpa(llama).cache_bytes == 4 * 1024 * 2 * 8 * 128 * 2
    split = parallel.tensor_parallel(llama, 4, heads=32, kv_heads=8)
    assert sdpa(split).cache_bytes == 4 * 1024 * 2 * 8 * 128 * 2 / 4
    mla = build_model("deepseek-v3", phase="decode", batch=4, seq=1, context=1024)
    assert sdpa(mla).cache_bytes == 4 * 1024 * 576 * 2
    assert sdpa(parallel.tensor_parallel(mla, 8, heads=128, kv_heads=128)).cache_bytes == \
        4 * 1024 * 576 * 2


def test_a_tensor_parallel_device_holds_its_share_of_the_kv_cache():
    """Llama 2 70B decode on 4 H100s, batch 480 at context 1152, fp8 (TensorRT-LLM's static
    TP4 row): the cache is 480 × 1152 × 2 × 80 layers × 8 KV heads × 128 × 1 B =
    90,596,966,400 B, and each device holds 2 of the 8 KV heads: 22,649,241,600 B, beside its
    share of the weights and the largest live activation, the replicated residual add's
    480 × 3 × 8192 × 2 B (two hidden states read, one written: served fp8 is W8A8 in the linear
    layers only, the residual stream stays 16-bit). The whole cache on every device said 108 GB
    did not fit in 85.5 GB."""
    from ironlaw.serving import phases
    from ironlaw.serving.target import resolve

    step = phases.decode("llama-2-70b", resolve("h100", 4, None), 480, 1152, "fp8")
    kv = 480 * 1152 * 2 * 80 * 8 * 128
    assert step.kv_cache_bytes == kv  # the replica's
    assert step.analysis.memory_bytes == step.param_bytes + kv / 4 + step.activation_bytes
    assert step.activation_bytes == 480 * 3 * 8192 * 2
    assert step.fits


def test_tensor_parallel_splits_every_expert_of_a_mixture():
    # Mixtral 8x7B: 8 experts of gate/up 4096→14336 and down 14336→4096 per layer;
    # with tp = 2 each device holds half of every expert matrix: 3·8·4096·14336/2.
    forward = build(config_of(get_model("mixtral-8x7b")), batch=1, seq=64, all_logits=True)
    split = parallel.tensor_parallel(forward, 2)
    layer = next(i for i in split.items if isinstance(i, Block))
    experts = sum(op.params for op in layer.ops if op.name in ("moe.gate", "moe.up", "moe.down"))
    assert experts == pytest.approx(3 * 8 * 4096 * 14336 / 2)
    # the experts' combined output, 64 tokens × 4096 in bf16, is what is all-reduced
    assert {size for size, _ in parallel.tensor_parallel_allreduces(split)} == {64 * 4096 * 2}


def test_tensor_parallel_activations_match_korthikanti():
    # Korthikanti et al. 2022, eq. 2: per layer with t-way tensor parallelism
    # s·b·h·(10 + 24/t) + 5·a·s²·b/t bytes (16-bit). Without the two replicated dropout masks
    # (2·s·b·h) and with flash attention (no s² terms): s·b·h·(8 + 24/t).
    s, b, h, t = 256, 2, 768, 4
    split = parallel.tensor_parallel(build_model("gpt2", batch=b, seq=s), t)
    layer = next(i for i in split.items if isinstance(i, Block))
    assert sum(saved_bytes(op) for op in layer.ops) == pytest.approx(s * b * h * (8 + 24 / t))


def test_tensor_parallel_all_reduces_per_layer():
    # Megatron-LM §3: 2 all-reduces of the b·s·h activation forward and 2 backward per layer;
    # plus the vocabulary-parallel embedding (forward) and the LM head's input (backward).
    b, s, h, layers = 1, 128, 4096, 32
    forward = build(config_of(get_model("llama-2-7b")), batch=b, seq=s, all_logits=True)
    graph = parallel.tensor_parallel(forward, 2)
    reduces = parallel.tensor_parallel_allreduces(graph)
    assert {size for size, _ in reduces} == {b * s * h * 2}
    assert sum(count for _, count in reduces) == 4 * layers + 2
    with_recompute = parallel.tensor_parallel_allreduces(graph, recompute_forward=True)
    assert sum(count for _, count in with_recompute) == 6 * layers + 2


def test_tensor_parallel_rejects_what_it_cannot_split():
    with pytest.raises(UserError, match="12 attention heads"):
        parallel.tensor_parallel(build_model("gpt2", seq=64), 8)
    with pytest.raises(UserError, match="tags tensor-parallel roles"):
        parallel.tensor_parallel(build_model("resnet50"), 2)
    assert parallel.tensor_parallel(build_model("resnet50"), 1).name == "resnet50"


# --- pipeline parallelism -------------------------------------------------------------------

def test_pipeline_bubble_by_hand():
    # (p − 1)/(m + p − 1): 4 stages, 8 micro-batches → 3/11; one stage has no bubble
    assert parallel.pipeline_bubble(4, 8) == pytest.approx(3 / 11)
    assert parallel.pipeline_bubble(1, 8) == 0.0
    assert parallel.pipeline_bubble(np.array([2, 8]), 16) == pytest.approx([1 / 17, 7 / 23])


def test_pipeline_stages_split_layers_evenly_and_keep_every_parameter():
    graph = build_model("llama-2-7b", seq=64)  # 32 layers
    stages = parallel.pipeline_stages(graph, 3)
    assert [s.meta["layers"] for s in stages] == [11, 11, 10]
    assert stages[0].ops[0].name == "embed.tokens" and stages[-1].ops[-1].name == "lm_head"
    assert sum(s.params for s in stages) == pytest.approx(graph.params)
    assert sum(s.flops for s in stages) == pytest.approx(graph.flops)
    resnet = parallel.pipeline_stages(build_model("resnet50"), 4)  # 16 bottleneck blocks
    assert [s.meta["layers"] for s in resnet] == [4, 4, 4, 4]
    with pytest.raises(UserError, match="repeated layers"):
        parallel.pipeline_stages(build_model("mlp"), 2)


@settings(max_examples=30, deadline=None)
@given(stages=st.integers(1, 8), micro=st.integers(1, 64))
def test_pipeline_bubble_shrinks_with_more_micro_batches(stages, micro):
    assert parallel.pipeline_bubble(stages, micro + 1) <= parallel.pipeline_bubble(stages, micro)
    assert 0.0 <= parallel.pipeline_bubble(stages, micro) < 1.0


# --- collectives in the graph (analyze --tp) ----------------------------------------------------

def test_analyze_costs_the_tensor_parallel_all_reduces_on_nvlink_by_hand():
    # Llama-3-8B prefill, batch 1, 128 tokens, bf16, split over 2 H100 SXM.
    # Each row-parallel group (attention out-projection, MLP down) ends in an all-reduce of its
    # output: 128 tokens × 4096 features × 2 B = 1,048,576 B (M).
    # NVLink 4 on H100 SXM: 18 links × 20.6 GB/s per direction in NCCL's topology model
    # (topo.h) = 370.8 GB/s (β). NCCL's ring protocols (tuning.cc; tests/nccl_reference.py),
    # 2 steps:
    #   LL      3.6 + 2 × 0.47 = 4.54 µs + M/(β/4 · 2/2) = 11.312 µs → 15.851 µs  (chosen)
    #   LL128  10.0 + 2 × 1.9 = 13.8 µs + M/(0.92 β)     = 3.074 µs  → 16.874 µs
    #   Simple  8.4 + 2 × 3.4 = 15.2 µs + M/β            = 2.828 µs  → 18.028 µs
    from nccl_reference import nvlink_ring

    from ironlaw.frameworks.cost import analyze

    device = CATALOG.device("h100")
    graph = build_model("llama-3-8b", phase="prefill", batch=1, seq=128, dtype="bf16")
    split = parallel.with_collectives(parallel.tensor_parallel(graph, 2), 2)
    a = analyze(split, device, CATALOG.efficiency_of(device), "fused")
    one = nvlink_ring(1_048_576, 2, 370.8e9)["best"]
    assert one == pytest.approx(15.851e-6, rel=1e-4)
    rows = {r["name"]: r for r in a.op_rows()}
    for name in ("attn.o.all_reduce", "mlp.down.all_reduce"):
        assert rows[name]["kind"] == "collective"
        assert rows[name]["count"] == 32  # once per layer
        assert rows[name]["link_s"] == pytest.approx(one, rel=1e-9)
        assert rows[name]["bound"] == "link"
    # the vocabulary-parallel embedding's output is all-reduced too (same M); the LM head's
    # logits (1 row × 128,256 vocabulary × 2 B = 256,512 B) are all-gathered, 1 step, LL at a
    # third of β: 3.6 + 0.47 µs + 256,512/(β/3 · 2) = 1.038 µs → 5.108 µs
    assert rows["embed.tokens.all_reduce"]["link_s"] == pytest.approx(one, rel=1e-9)
    gather = nvlink_ring(256_512, 2, 370.8e9, all_reduce=False)["best"]
    assert gather == pytest.approx(5.108e-6, rel=1e-3)
    assert rows["lm_head.all_gather"]["link_s"] == pytest.approx(gather, rel=1e-9)
    assert a.link_bound_s == pytest.approx(65 * one + gather, rel=1e-9)
    assert a.latency_s > a.link_bound_s + a.compute_bound_s
    # the unsplit graph has none
    assert analyze(graph, device, CATALOG.efficiency_of(device)).link_bound_s == 0.0


def test_analyze_tp_on_the_command_line_shows_the_all_reduce_per_layer(cli):
    import json

    code, out, _ = cli("analyze", "llama-3-8b", "--on", "h100", "--tp", "2", "--seq", "128",
                       "--ops", "--format", "json")
    assert code == 0
    result = json.loads(out)
    rows = {r["name"]: r for r in result["ops"]}
    # NCCL's LL ring on NVLink for 1 MiB over 2 H100s (see the test above): 15.851 µs
    assert rows["attn.o.all_reduce"]["link_s"] == pytest.approx(15.851e-6, rel=1e-4)
    # the link term: 65 such all-reduces (32 layers × 2 + the embedding's) and the LM head's
    # 5.108 µs all-gather, as the test above derives them
    assert result["terms_s"]["link"] == pytest.approx(65 * 15.851e-6 + 5.108e-6, rel=1e-3)
    code, out, _ = cli("analyze", "llama-3-8b", "--on", "h100", "--seq", "128", "--format",
                       "json")
    assert "link" not in json.loads(out)["terms_s"]  # one device: no collectives
    code, out, _ = cli("analyze", "llama-3-8b", "--on", "h100", "--tp", "2", "--seq", "128")
    assert code == 0 and "collectives (link)" in out


def test_a_collective_fuses_nothing():
    # the residual add after a row-parallel all-reduce reads the reduced tensor from memory
    graph = build_model("llama-3-8b", phase="decode", batch=4, context=256, dtype="bf16")
    split = parallel.with_collectives(parallel.tensor_parallel(graph, 2), 2)
    names = [op.name for op in split.ops]
    i = names.index("attn.o.all_reduce")
    assert names[i + 1] == "residual.add"
    fused = split.fused
    assert fused["launches"][i] == 1.0 and fused["launches"][i + 1] == 1.0
    assert fused["output_bytes"][i] == split.ops[i].output_bytes


def test_nccl_picks_ll_for_small_messages_and_simple_for_large_ones():
    from dataclasses import replace

    import numpy as np
    from nccl_reference import nvlink_ring

    from ironlaw.hardware.links import link_for

    # the rings alone: NVLS off (NCCL_NVLS_ENABLE=0; with it, see the NVLS test below)
    link = replace(link_for(CATALOG.device("h100"), 8), nvls=0.0)
    sizes = np.array([8e3, 4e6, 64e6])
    # β = 18 × 20.6 GB/s = 370.8 GB/s (NCCL's NVLink 4 model). 8 kB: LL 10.33 µs (LL128 36.6,
    # Simple 56.0); 4 MB: LL128 57.1 µs (LL 85.7, Simple 74.9); 64 MB: Simple 358.1 µs (LL128
    # 364.9): the protocols cross over as the message grows
    assert [link.protocol("all-reduce", m) for m in sizes] == ["LL", "LL128", "Simple"]
    expected = [nvlink_ring(m, 8, 370.8e9)["best"] for m in sizes]
    assert link.time("all-reduce", sizes) == pytest.approx(expected, rel=1e-12)
    assert expected[0] == pytest.approx(10.331e-6, rel=1e-4)
    assert expected[2] == pytest.approx(358.05e-6, rel=1e-4)
    # PCIe enables no LL128 (NCCL: data corruption risk off NVLink): LL or Simple only
    pcie = link_for(CATALOG.device("l4"), 2)
    assert {pcie.protocol("all-reduce", m) for m in (1e3, 1e9)} == {"LL", "Simple"}


def test_nvls_all_reduce_where_the_switch_reduces_by_hand():
    import numpy as np
    from nccl_reference import nvlink_ring

    from ironlaw.hardware.links import link_for

    # NCCL 2.30 tuning.cc: NVLS latency hwLat[NVLINK][NVLS][SIMPLE] = 25 µs, nvlsEfficiency
    # Hopper 0.85; algorithm bandwidth e·β (module note of hardware.links). 8 H100, β =
    # 18 × 20.6 = 370.8 GB/s (NCCL topo.h), e·β = 315.18 GB/s:
    #   8 kB:  25 + 8e3/315.18e9 = 25.025 µs > LL ring 10.331 µs → LL
    #   1 MB:  25 + 1e6/315.18e9 = 28.173 µs < LL 3.6 + 14 × 0.47 + 1e6 × 14/(370.8e9/4 × 8)
    #          = 10.18 + 18.878 = 29.058 µs → NVLS
    #   1 GB:  25 µs + 1e9/315.18e9 = 3,197.79 µs < Simple 56 µs + 1e9 × 14/(370.8e9 × 8)
    #          = 4,775.53 µs → NVLS
    link = link_for(CATALOG.device("h100"), 8)
    sizes = np.array([8e3, 1e6, 1e9])
    assert [link.protocol("all-reduce", m) for m in sizes] == ["LL", "NVLS", "NVLS"]
    t = link.time("all-reduce", sizes)
    assert t.shape == (3,)  # arrays in, arrays out
    assert t[0] == pytest.approx(nvlink_ring(8e3, 8, 370.8e9)["best"], rel=1e-12)
    assert t[1] == pytest.approx(28.173e-6, rel=1e-4)
    assert t[2] == pytest.approx(3197.79e-6, rel=1e-5)
    assert nvlink_ring(1e9, 8, 370.8e9)["Simple"] == pytest.approx(4775.53e-6, rel=1e-5)
    # NVLS reduces only in an all-reduce: an all-gather keeps the rings
    assert link.protocol("all-gather", 1e9) in ("LL", "LL128", "Simple")
    # Blackwell (NVLink 5, 18 × 40.1 = 721.8 GB/s in NCCL's model): e = 0.74 →
    # 25 µs + 1e9/(0.74 × 721.8e9) = 1,897.2 µs
    b200 = link_for(CATALOG.device("b200"), 8)
    assert b200.time("all-reduce", 1e9) == pytest.approx(1897.2e-6, rel=1e-4)


def test_nvls_only_where_the_nvlink_switch_reduces():
    from ironlaw.hardware.links import link_for

    # NCCL builds no NVLS graph below compute capability 9.0 (A100: NVLink 3, NVSwitch gen 2)
    # nor without a switch (the H100 NVL's bridge, PCIe cards)
    for device in ("a100", "h100-pcie", "l4"):
        link = link_for(CATALOG.device(device), 2)
        assert link.nvls == 0.0
        assert link.protocol("all-reduce", 1e9) != "NVLS"
    assert link_for(CATALOG.device("h100"), 2).nvls == pytest.approx(0.85)
    # nvlsEfficiency (NCCL 2.30 tuning.cc): Volta, Ampere 0; Hopper (NVLink 4) 0.85, Blackwell
    # (NVLink 5) 0.74, kept for later generations
    assert [links.nvls_efficiency(g) for g in (None, 3, 4, 5, 6)] == [0.0, 0.0, 0.85, 0.74, 0.74]


def test_calc_collective_shows_the_nvls_candidate(cli):
    code, out, _ = cli("calc", "collective", "--size", "1GB", "--devices", "8", "--bandwidth",
                       "450 GB/s", "--nvls", "hopper")
    assert code == 0
    assert "NVLS 2.64 ms" in out and "(NVLS)" in out  # 25 µs + 1e9/(0.85 × 450e9), as above
    code, _, err = cli("calc", "collective", "--size", "1GB", "--devices", "8", "--bandwidth",
                       "64 GB/s", "--link", "pcie", "--nvls", "hopper")
    assert code == 2 and "nvls" in err
