"""Diffusion denoisers as op graphs: the Stable Diffusion v1.5 UNet (Rombach et al., CVPR 2022).

One denoising step of ``UNet2DConditionModel`` with the configuration of
stable-diffusion-v1-5's ``unet/config.json``: 4 latent channels at 64×64 (a 512×512 image),
block channels (320, 640, 1280, 1280) with 2 ResNet blocks per level, three cross-attention
down blocks and a plain one, a cross-attention middle block, the mirrored up blocks with 3
ResNet blocks each over the skip connections, 8 attention heads, 77 text tokens of 768
(CLIP ViT-L/14), GroupNorm of 32 groups, a 320-wide sinusoidal time step into a 1280-wide
embedding. The text encoder and the VAE run once per image, not per step, and are not in it;
classifier-free guidance is a batch of 2 per image.

A ResNet block: GroupNorm, SiLU, 3×3 conv, + the time embedding's projection, GroupNorm,
SiLU, 3×3 conv, + the input (through a 1×1 conv when the width changes). A transformer
block (use_linear_projection false): GroupNorm, 1×1 conv in, LayerNorm + self-attention,
LayerNorm + cross-attention on the text, LayerNorm + a GEGLU MLP of 4·C, 1×1 conv out, + the
input. GroupNorm costs what LayerNorm does (mean and variance per group, scale and shift per
channel: 2·C parameters), as ``from_torch`` maps it. Parameters follow PyTorch's count:
diffusers' ``unet.num_parameters()`` for this model is 859,520,964.
"""

from __future__ import annotations

from ironlaw.frameworks import ops
from ironlaw.frameworks.graph import Graph
from ironlaw.models.parts import ACTIVATION_FLOPS
from ironlaw.models.vision import Tape

CHANNELS = (320, 640, 1280, 1280)
TIME = 1280  # the time embedding's width (4 × 320)
TEXT, TEXT_TOKENS, HEADS = 768, 77, 8


def _norm(t: Tape, name: str, kind: str = "layernorm") -> None:
    """GroupNorm (or a token LayerNorm) over the current map's channels."""
    t.items.append(ops.norm(name, t.batch * t.h * t.w, t.c, t.dtype, kind))


def _resnet(t: Tape, name: str, c_out: int) -> None:
    c_in, skip = t.c, t.fork()
    _norm(t, f"{name}.norm1")
    t.act(f"{name}.silu1", "silu")
    t.conv(f"{name}.conv1", c_out, 3, bias=True)
    t.items.append(ops.linear(f"{name}.time_proj", t.batch, TIME, c_out, t.dtype))
    t.scale(f"{name}.add_time")  # x + the projection, one value per (image, channel)
    _norm(t, f"{name}.norm2")
    t.act(f"{name}.silu2", "silu")
    t.conv(f"{name}.conv2", c_out, 3, bias=True)
    if c_in != c_out:
        skip.conv(f"{name}.shortcut", c_out, 1, bias=True)
        t.merge(skip)
    t.add(f"{name}.add")


def _transformer(t: Tape, name: str) -> None:
    c, e, b, tokens = t.c, t.dtype, t.batch, t.h * t.w
    rows, d = b * tokens, t.c // HEADS
    _norm(t, f"{name}.norm")
    t.conv(f"{name}.proj_in", c, 1, bias=True)
    items = t.items

    def linear(part: str, n_rows: float, c_in: int, c_out: int, bias: bool = False) -> None:
        items.append(ops.linear(f"{name}.{part}", n_rows, c_in, c_out, e, bias))

    def residual(part: str) -> None:
        items.append(ops.elementwise(f"{name}.{part}", rows * c, e, 1.0, inputs=2,
                                     shape=(b, tokens, c)))

    for attn, kv_rows, kv_in, kv_len in (("attn1", rows, c, tokens),
                                         ("attn2", b * TEXT_TOKENS, TEXT, TEXT_TOKENS)):
        items.append(ops.norm(f"{name}.{attn}.norm", rows, c, e))
        linear(f"{attn}.to_q", rows, c, c)
        linear(f"{attn}.to_k", kv_rows, kv_in, c)
        linear(f"{attn}.to_v", kv_rows, kv_in, c)
        items.append(ops.attention(f"{name}.{attn}", b, HEADS, tokens, kv_len, d, e))
        linear(f"{attn}.to_out", rows, c, c, bias=True)
        residual(f"{attn}.add")
    items.append(ops.norm(f"{name}.ff.norm", rows, c, e))
    linear("ff.proj", rows, c, 8 * c, bias=True)  # GEGLU: value and gate, 4·C each
    items.append(ops.elementwise(f"{name}.ff.geglu", rows * 4 * c, e,
                                 ACTIVATION_FLOPS["gelu"] + 1.0, inputs=2,
                                 shape=(b, tokens, 4 * c)))
    linear("ff.out", rows, 4 * c, c, bias=True)
    residual("ff.add")
    t.conv(f"{name}.proj_out", c, 1, bias=True)
    t.add(f"{name}.add")


def sd15_unet(batch: int = 1, dtype: str = "fp32", resolution: int = 512) -> Graph:
    """One denoising step of the Stable Diffusion v1.5 UNet on a ``resolution``² image (a
    latent of resolution/8): 859,520,964 parameters (module docstring)."""
    t = Tape.input(batch, dtype, 4, resolution // 8)
    e = t.dtype
    t.items += [ops.elementwise("time.sinusoid", batch * 320, e, 4.0, shape=(batch, 320)),
                ops.linear("time.linear1", batch, 320, TIME, e),
                ops.elementwise("time.silu", batch * TIME, e, ACTIVATION_FLOPS["silu"]),
                ops.linear("time.linear2", batch, TIME, TIME, e)]
    t.conv("conv_in", CHANNELS[0], 3, bias=True)
    skips = [t.c]
    for level, c in enumerate(CHANNELS):
        for i in range(2):
            _resnet(t, f"down{level}.res{i}", c)
            if level < 3:
                _transformer(t, f"down{level}.attn{i}")
            skips.append(t.c)
        if level < 3:
            t.conv(f"down{level}.downsample", c, 3, stride=2, bias=True)
            skips.append(t.c)
    _resnet(t, "mid.res0", CHANNELS[-1])
    _transformer(t, "mid.attn")
    _resnet(t, "mid.res1", CHANNELS[-1])
    for level, c in enumerate(reversed(CHANNELS)):
        for i in range(3):
            skip = skips.pop()
            t.concat(f"up{level}.cat{i}", (t.c, skip))
            _resnet(t, f"up{level}.res{i}", c)
            if level > 0:
                _transformer(t, f"up{level}.attn{i}")
        if level < 3:  # nearest 2×, then a 3×3 conv
            t.upsample(f"up{level}.upsample.nearest")
            t.conv(f"up{level}.upsample.conv", t.c, 3, bias=True)
    _norm(t, "norm_out")
    t.act("silu_out", "silu")
    t.conv("conv_out", 4, 3, bias=True)
    return t.graph("sd15-unet", {"family": "diffusion", "input": f"4x{t.h}x{t.w} latent",
                                 "resolution": resolution,
                                 "source": "stable-diffusion-v1-5 unet/config.json "
                                           "(diffusers UNet2DConditionModel)"})

