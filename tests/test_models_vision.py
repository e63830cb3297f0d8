"""Vision, tiny and DLRM graphs: published parameter counts, the torch reference modules' own
counts, FLOPs against torch's dispatcher-level counter and by hand, and batch scaling."""

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ironlaw.models import dlrm, tiny, vision

BUILDERS = {**vision.BUILDERS, **tiny.BUILDERS,
            "dlrm_small": lambda batch=1: dlrm.dlrm(batch, config="small"),
            "dlrm_mlperf": lambda batch=1: dlrm.dlrm(batch, config="mlperf")}

# Published parameter counts (torch convention: batch norm weight + bias, no running stats).
PUBLISHED_PARAMS = {
    # torchvision model documentation ("num_params" of the ImageNet-1K weights)
    "resnet18": 11_689_512,
    "resnet50": 25_557_032,
    "mobilenetv2": 3_504_872,
    "efficientnet_b0": 5_288_548,
    "vgg16": 138_357_544,
    "vit_b_16": 86_567_656,
    # Keras Applications MobileNet (alpha 1.0, 224, 1000 classes) summary: 4,253,864 total,
    # of which 4,231,976 trainable; the 21,888 others are batch-norm moving mean/variance.
    "mobilenetv1": 4_231_976,
    # Keras summary of the MLPerf Tiny v0.5 KWS reference model (kws_ref_model, DS-CNN):
    # 24,908 total, 23,756 trainable, 1,152 = 9 BN × 64 × 2 moving statistics.
    "ds_cnn": 23_756,
    # by hand: 784·128 + 128 + 128·64 + 64 + 64·10 + 10
    "mlp": 109_386,
}

# torchvision's model table lists "GFLOPS" that are multiply-adds (4.09 for ResNet-50, whose
# 4.1 GMAC is the classic figure), rounded to 0.01; MobileNet V1 paper, Table 1: 569 M mult-adds.
PUBLISHED_GMAC = {"resnet18": 1.81, "resnet50": 4.09, "mobilenetv2": 0.30,
                  "efficientnet_b0": 0.39, "vgg16": 15.47, "vit_b_16": 17.56}


@pytest.mark.parametrize("name", sorted(PUBLISHED_PARAMS))
def test_parameter_counts_match_published(name):
    assert BUILDERS[name]().params == PUBLISHED_PARAMS[name]


@pytest.mark.parametrize("name", sorted(PUBLISHED_GMAC))
def test_multiply_adds_match_torchvision_table(name):
    assert round(BUILDERS[name]().tensor_flops / 2e9, 2) == PUBLISHED_GMAC[name]


def test_mobilenetv1_multiply_adds_match_paper():
    assert round(vision.mobilenetv1().tensor_flops / 2e6) == 569


def test_resnet50_is_about_8_2_gflop():
    assert vision.resnet50().tensor_flops == pytest.approx(8.2e9, rel=0.01)


def test_ds_cnn_flops_by_hand():
    # 25×5 outputs after the strided 10×4 conv; 4 blocks of depthwise 3×3 and pointwise 64→64.
    positions = 25 * 5
    conv1 = positions * 64 * 10 * 4
    blocks = 4 * (positions * 64 * 9 + positions * 64 * 64)
    fc = 64 * 12
    assert tiny.ds_cnn().tensor_flops == 2 * (conv1 + blocks + fc)


def test_mlp_flops_by_hand():
    assert tiny.mlp(batch=3).tensor_flops == 3 * 2 * (784 * 128 + 128 * 64 + 64 * 10)


# --- DLRM ---------------------------------------------------------------------------------

# MLPerf DLRM, Criteo Terabyte rows capped at 40 M (mlcommons/inference,
# recommendation/dlrm/pytorch/python/main.py): dim 128, bottom 13-512-256-128,
# top 479-1024-1024-512-256-1.
MLPERF_ROWS = [39884406, 39043, 17289, 7420, 20263, 3, 7120, 1543, 63, 38532951, 2953546,
               403346, 10, 2208, 11938, 155, 4, 976, 14, 39979771, 25641295, 39664984, 585935,
               12972, 108, 36]
MLPERF_BOTTOM = [13, 512, 256, 128]
MLPERF_TOP = [479, 1024, 1024, 512, 256, 1]


def _dense_params(widths):
    return sum(a * b + b for a, b in zip(widths, widths[1:], strict=False))


def test_dlrm_mlperf_parameters_by_hand():
    expected = sum(MLPERF_ROWS) * 128 + _dense_params(MLPERF_BOTTOM) + _dense_params(MLPERF_TOP)
    assert dlrm.dlrm().params == expected
    assert dlrm.MLPERF.top_input == 479  # 128 + 27·26/2, as the reference lists it


def test_dlrm_mlperf_flops_by_hand():
    gemms = sum(a * b for a, b in zip(MLPERF_BOTTOM, MLPERF_BOTTOM[1:], strict=False))
    gemms += sum(a * b for a, b in zip(MLPERF_TOP, MLPERF_TOP[1:], strict=False))
    interaction = 27 * 27 * 128  # (27×128)·(128×27) per sample
    assert dlrm.dlrm(batch=8).tensor_flops == 8 * 2 * (gemms + interaction)


def test_dlrm_gathers_only_the_rows_it_looks_up():
    batch = 1000
    g = dlrm.dlrm(batch=batch)
    gathered = sum(op.weight_bytes for op in g.ops if op.kind == "embedding")
    assert gathered == sum(min(batch, r) for r in MLPERF_ROWS) * 128 * 4
    assert gathered < 1e-3 * g.param_bytes


# --- invariants ---------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(BUILDERS)), st.integers(1, 256))
def test_flops_and_activations_scale_linearly_with_batch(name, batch):
    one, many = BUILDERS[name](batch=1), BUILDERS[name](batch=batch)
    assert many.flops == pytest.approx(batch * one.flops, rel=1e-12)
    assert many.tensor_flops == pytest.approx(batch * one.tensor_flops, rel=1e-12)
    assert many.activation_bytes == pytest.approx(batch * one.activation_bytes, rel=1e-12)
    assert many.params == one.params


def test_vit_flash_changes_bytes_not_flops():
    flash, naive = vision.vit_b_16(flash=True), vision.vit_b_16(flash=False)
    assert flash.flops == naive.flops
    # naive attention writes and re-reads S and P: 4 · H · N² elements per layer, fp32
    assert naive.bytes - flash.bytes == 12 * 4 * 12 * 197**2 * 4


def test_precision_scales_bytes_not_flops():
    fp32, bf16 = vision.resnet50(dtype="fp32"), vision.resnet50(dtype="bf16")
    assert bf16.flops == fp32.flops
    assert bf16.bytes == pytest.approx(fp32.bytes / 2)


def test_resolution_changes_vit_positions_and_rejects_bad_sizes():
    assert vision.vit_b_16(resolution=384).params - vision.vit_b_16().params == \
        (24 * 24 - 14 * 14) * 768
    with pytest.raises(ValueError):
        vision.vit_b_16(resolution=200)
    with pytest.raises(ValueError):
        vision.vgg16(resolution=200)


def test_builders_do_not_import_torch():
    code = ("import sys; import ironlaw.models.vision, ironlaw.models.tiny, "
            "ironlaw.models.dlrm, ironlaw.models.torch_zoo; assert 'torch' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


# --- against the plain-torch reference modules -----------------------------------------------

TORCH_NAMES = sorted(BUILDERS)


def _meta_model(torch, name):
    from ironlaw.models import torch_zoo

    with torch.device("meta"):
        return torch_zoo.make(name)


@pytest.mark.parametrize("name", sorted(PUBLISHED_PARAMS))
def test_torch_module_parameter_counts_match_published(name):
    torch = pytest.importorskip("torch")
    model = _meta_model(torch, name)
    assert sum(p.numel() for p in model.parameters()) == PUBLISHED_PARAMS[name]


@pytest.mark.parametrize("name", ["dlrm_small", "dlrm_mlperf"])
def test_torch_dlrm_parameter_counts_match_graph(name):
    torch = pytest.importorskip("torch")
    model = _meta_model(torch, name)
    assert sum(p.numel() for p in model.parameters()) == BUILDERS[name]().params


@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("name", TORCH_NAMES)
def test_tensor_flops_match_torch_flop_counter(name, batch):
    torch = pytest.importorskip("torch")
    from torch.utils.flop_counter import FlopCounterMode

    from ironlaw.models import torch_zoo

    # Meta tensors: shapes only. (On real CPU tensors torch 2.13 routes SDPA to
    # _scaled_dot_product_flash_attention_for_cpu, which the counter does not count.)
    model = _meta_model(torch, name)
    inputs = torch_zoo.example_input(name, batch, device="meta")
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        model(*inputs)
    assert BUILDERS[name](batch=batch).tensor_flops == pytest.approx(
        counter.get_total_flops(), rel=0.01)


@pytest.mark.parametrize("name", [n for n in TORCH_NAMES if n != "dlrm_mlperf"])
def test_torch_modules_run(name):
    torch = pytest.importorskip("torch")
    from ironlaw.models import torch_zoo

    torch.manual_seed(0)
    resolution = 64  # small images keep the test fast; every model accepts them
    model = torch_zoo.make(name, resolution=resolution)
    with torch.no_grad():
        out = model(*torch_zoo.example_input(name, 2, resolution=resolution))
    classes = {"ds_cnn": 12, "mlp": 10, "dlrm_small": 1}.get(name, 1000)
    assert out.shape == (2, classes)
    assert torch.isfinite(out).all()
