"""The Stable Diffusion v1.5 UNet (issue 12 item 6: a diffusion UNet) against its published
parameter count and a hand count from its unet/config.json."""

from ironlaw.models.zoo import build_model


def _resnet(c1, c2, time=1280):
    """GroupNorm, 3×3 conv (bias), time projection, GroupNorm, 3×3 conv, 1×1 shortcut."""
    shortcut = c1 * c2 + c2 if c1 != c2 else 0
    return 2 * c1 + 9 * c1 * c2 + c2 + time * c2 + c2 + 2 * c2 + 9 * c2 * c2 + c2 + shortcut


def _transformer(c, text=768):
    """GroupNorm, 1×1 proj_in; LayerNorm + self-attention (q, k, v unbiased, out biased),
    LayerNorm + cross-attention (k, v from 768), LayerNorm + GEGLU c→8c→(4c)→c; 1×1 proj_out."""
    self_attn = 2 * c + 3 * c * c + c * c + c
    cross = 2 * c + c * c + 2 * text * c + c * c + c
    ff = 2 * c + 8 * c * c + 8 * c + 4 * c * c + c
    return 2 * c + c * c + c + self_attn + cross + ff + c * c + c


def _conv3(c):  # a 3×3 conv with bias: the down- and upsamplers
    return 9 * c * c + c


def test_sd15_unet_has_its_published_parameter_count():
    down = (2 * _resnet(320, 320) + 2 * _transformer(320) + _conv3(320)
            + _resnet(320, 640) + _resnet(640, 640) + 2 * _transformer(640) + _conv3(640)
            + _resnet(640, 1280) + _resnet(1280, 1280) + 2 * _transformer(1280) + _conv3(1280)
            + 2 * _resnet(1280, 1280))
    mid = 2 * _resnet(1280, 1280) + _transformer(1280)
    # up blocks: 3 ResNets each over the skips (popped from the down path's outputs)
    up = (3 * _resnet(2560, 1280) + _conv3(1280)
          + 2 * _resnet(2560, 1280) + _resnet(1920, 1280) + 3 * _transformer(1280) + _conv3(1280)
          + _resnet(1920, 640) + _resnet(1280, 640) + _resnet(960, 640) + 3 * _transformer(640)
          + _conv3(640)
          + _resnet(960, 320) + 2 * _resnet(640, 320) + 3 * _transformer(320))
    ends = (9 * 4 * 320 + 320  # conv_in
            + 320 * 1280 + 1280 + 1280 * 1280 + 1280  # time embedding
            + 2 * 320 + 9 * 320 * 4 + 4)  # norm_out, conv_out
    graph = build_model("sd15-unet")
    assert graph.params == down + mid + up + ends
    # diffusers' ModelMixin.num_parameters docs: UNet2DConditionModel of
    # stable-diffusion-v1-5, num_parameters(only_trainable=True) -> 859520964
    assert graph.params == 859_520_964


def test_sd15_unet_denoises_the_latent_of_a_512_image(cli):
    graph = build_model("stable-diffusion-v1-5", batch=2)  # classifier-free guidance: 2
    assert graph.ops[-1].shape == (2, 4, 64, 64)  # 512 / 8
    code, _, err = cli("analyze", "sd15-unet", "--on", "h100")
    assert code == 0, err
