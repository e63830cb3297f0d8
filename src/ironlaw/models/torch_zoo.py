"""The same models as plain PyTorch modules (random weights, eval mode), written from the papers.

They are the torch-side reference for parameter and FLOP counts and the workloads the
benchmark harness runs. torch is optional: it is imported on first use, inside ``make``.

    model = make("resnet50")             # an nn.Module in eval mode
    y = model(*example_input("resnet50", batch=8))

Build on the meta device (``with torch.device("meta"): make(...)``) to count without memory;
"dlrm_mlperf" (24 G parameters, 96 GB in fp32) is only practical there.
"""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

NAMES = ("resnet18", "resnet50", "mobilenetv1", "mobilenetv2", "efficientnet_b0", "vgg16",
         "vit_b_16", "ds_cnn", "mlp", "dlrm_small", "dlrm_mlperf")


@cache
def _nn() -> SimpleNamespace:
    """torch, torch.nn and the few modules that nn.Sequential cannot express."""
    import torch
    from torch import nn
    from torch.nn import functional as F  # noqa: N812

    class Residual(nn.Module):
        """act(body(x) + shortcut(x)); the shortcut is the identity when None."""

        def __init__(self, body, shortcut=None, act=None):
            super().__init__()
            self.body, self.shortcut = body, shortcut
            self.act = act if act is not None else nn.Identity()

        def forward(self, x):
            skip = x if self.shortcut is None else self.shortcut(x)
            return self.act(self.body(x) + skip)

    class SqueezeExcite(nn.Module):
        """x · sigmoid(W2 · silu(W1 · mean_hw(x))), per channel."""

        def __init__(self, channels, reduced):
            super().__init__()
            self.reduce = nn.Conv2d(channels, reduced, 1)
            self.expand = nn.Conv2d(reduced, channels, 1)

        def forward(self, x):
            s = F.adaptive_avg_pool2d(x, 1)
            return x * torch.sigmoid(self.expand(F.silu(self.reduce(s))))

    class SelfAttention(nn.Module):
        """Multi-head self-attention through F.scaled_dot_product_attention."""

        def __init__(self, dim, heads):
            super().__init__()
            self.heads = heads
            self.qkv = nn.Linear(dim, 3 * dim)
            self.proj = nn.Linear(dim, dim)

        def forward(self, x):
            b, n, d = x.shape
            q, k, v = self.qkv(x).view(b, n, 3, self.heads, d // self.heads).unbind(2)
            o = F.scaled_dot_product_attention(q.transpose(1, 2), k.transpose(1, 2),
                                               v.transpose(1, 2))
            return self.proj(o.transpose(1, 2).reshape(b, n, d))

    class VisionTransformer(nn.Module):
        """Patch embedding, class token, learned positions, pre-norm encoder, linear head."""

        def __init__(self, resolution, patch, dim, layers, heads, mlp, classes):
            super().__init__()
            n = (resolution // patch) ** 2 + 1
            self.patch_embed = nn.Conv2d(3, dim, patch, stride=patch)
            self.class_token = nn.Parameter(torch.zeros(1, 1, dim))
            self.pos_embed = nn.Parameter(torch.randn(1, n, dim) * 0.02)
            self.encoder = nn.Sequential(*[
                nn.Sequential(
                    Residual(nn.Sequential(nn.LayerNorm(dim, eps=1e-6),
                                           SelfAttention(dim, heads))),
                    Residual(nn.Sequential(nn.LayerNorm(dim, eps=1e-6), nn.Linear(dim, mlp),
                                           nn.GELU(), nn.Linear(mlp, dim))))
                for _ in range(layers)])
            self.norm = nn.LayerNorm(dim, eps=1e-6)
            self.head = nn.Linear(dim, classes)

        def forward(self, images):
            x = self.patch_embed(images).flatten(2).transpose(1, 2)
            x = torch.cat([self.class_token.expand(x.shape[0], -1, -1), x], dim=1)
            x = self.norm(self.encoder(x + self.pos_embed))
            return self.head(x[:, 0])

    class DLRM(nn.Module):
        """Bottom MLP, one embedding lookup per table, pairwise dot products, top MLP."""

        def __init__(self, table_rows, dim, bottom, top):
            super().__init__()
            f = len(table_rows) + 1
            self.bottom = _mlp(nn, bottom, last=nn.ReLU())
            self.tables = nn.ModuleList(nn.Embedding(rows, dim) for rows in table_rows)
            self.top = _mlp(nn, (dim + f * (f - 1) // 2, *top), last=nn.Sigmoid())
            self.register_buffer("pairs", torch.tril_indices(f, f, offset=-1), persistent=False)

        def forward(self, dense, sparse):
            x = self.bottom(dense)
            vectors = [x] + [table(sparse[:, i]) for i, table in enumerate(self.tables)]
            t = torch.stack(vectors, dim=1)
            dots = torch.bmm(t, t.transpose(1, 2))[:, self.pairs[0], self.pairs[1]]
            return self.top(torch.cat([x, dots], dim=1))

    return SimpleNamespace(torch=torch, nn=nn, Residual=Residual, SqueezeExcite=SqueezeExcite,
                           VisionTransformer=VisionTransformer, DLRM=DLRM)


def _mlp(nn, widths, last):
    layers = []
    for i, (n_in, n_out) in enumerate(zip(widths, widths[1:], strict=False), 1):
        layers += [nn.Linear(n_in, n_out), last if i == len(widths) - 1 else nn.ReLU()]
    return nn.Sequential(*layers)


def _conv_bn(c_in, c_out, kernel, stride=1, groups=1, act="relu"):
    nn = _nn().nn
    acts = {"relu": nn.ReLU, "relu6": nn.ReLU6, "silu": nn.SiLU}
    layers = [nn.Conv2d(c_in, c_out, kernel, stride, kernel // 2, groups=groups, bias=False),
              nn.BatchNorm2d(c_out)]
    return nn.Sequential(*layers, acts[act]()) if act else nn.Sequential(*layers)


def _classifier(features, c_out, head):
    nn = _nn().nn
    return nn.Sequential(features, nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                         *head, nn.Linear(c_out, 1000))


# --- ResNet (He et al., CVPR 2016); stride on the 3x3 convolution of a bottleneck (v1.5).

def _resnet(depths, bottleneck):
    t = _nn()
    nn = t.nn
    expansion = 4 if bottleneck else 1
    layers = [_conv_bn(3, 64, 7, 2), nn.MaxPool2d(3, 2, 1)]
    c_in = 64
    for stage, (width, n) in enumerate(zip((64, 128, 256, 512), depths, strict=True)):
        for i in range(n):
            stride = 2 if stage > 0 and i == 0 else 1
            c_out = width * expansion
            if bottleneck:
                body = nn.Sequential(_conv_bn(c_in, width, 1), _conv_bn(width, width, 3, stride),
                                     _conv_bn(width, c_out, 1, act=None))
            else:
                body = nn.Sequential(_conv_bn(c_in, width, 3, stride),
                                     _conv_bn(width, width, 3, act=None))
            shortcut = None
            if stride != 1 or c_in != c_out:
                shortcut = _conv_bn(c_in, c_out, 1, stride, act=None)
            layers.append(t.Residual(body, shortcut, nn.ReLU()))
            c_in = c_out
    return _classifier(nn.Sequential(*layers), c_in, ())


# --- MobileNet V1 (Howard et al., arXiv:1704.04861) and V2 (Sandler et al., CVPR 2018).

def _mobilenetv1():
    layers, c_in = [_conv_bn(3, 32, 3, 2)], 32
    for c_out, stride, n in ((64, 1, 1), (128, 2, 1), (128, 1, 1), (256, 2, 1), (256, 1, 1),
                             (512, 2, 1), (512, 1, 5), (1024, 2, 1), (1024, 1, 1)):
        for _ in range(n):
            layers += [_conv_bn(c_in, c_in, 3, stride, groups=c_in), _conv_bn(c_in, c_out, 1)]
            c_in = c_out
    return _classifier(_nn().nn.Sequential(*layers), 1024, ())


def _mobilenetv2():
    t = _nn()
    nn = t.nn
    layers, c_in = [_conv_bn(3, 32, 3, 2, act="relu6")], 32
    for expand, c_out, n, s in ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                                (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)):
        for i in range(n):
            stride, hidden = (s if i == 0 else 1), c_in * expand
            body = [_conv_bn(c_in, hidden, 1, act="relu6")] if expand != 1 else []
            body += [_conv_bn(hidden, hidden, 3, stride, groups=hidden, act="relu6"),
                     _conv_bn(hidden, c_out, 1, act=None)]
            block = nn.Sequential(*body)
            layers.append(t.Residual(block) if stride == 1 and c_in == c_out else block)
            c_in = c_out
    layers.append(_conv_bn(c_in, 1280, 1, act="relu6"))
    return _classifier(nn.Sequential(*layers), 1280, (nn.Dropout(0.2),))


# --- EfficientNet-B0 (Tan & Le, ICML 2019, Table 1).

def _efficientnet_b0():
    t = _nn()
    nn = t.nn
    layers, c_in = [_conv_bn(3, 32, 3, 2, act="silu")], 32
    for expand, k, s, c_out, n in ((1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2),
                                   (6, 3, 2, 80, 3), (6, 5, 1, 112, 3), (6, 5, 2, 192, 4),
                                   (6, 3, 1, 320, 1)):
        for i in range(n):
            stride, hidden = (s if i == 0 else 1), c_in * expand
            body = [_conv_bn(c_in, hidden, 1, act="silu")] if expand != 1 else []
            body += [_conv_bn(hidden, hidden, k, stride, groups=hidden, act="silu"),
                     t.SqueezeExcite(hidden, max(1, c_in // 4)),
                     _conv_bn(hidden, c_out, 1, act=None)]
            block = nn.Sequential(*body)
            layers.append(t.Residual(block) if stride == 1 and c_in == c_out else block)
            c_in = c_out
    layers.append(_conv_bn(c_in, 1280, 1, act="silu"))
    return _classifier(nn.Sequential(*layers), 1280, (nn.Dropout(0.2),))


# --- VGG-16 (Simonyan & Zisserman, ICLR 2015, configuration D).

def _vgg16():
    nn = _nn().nn
    layers, c_in = [], 3
    for c_out, n in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
        for _ in range(n):
            layers += [nn.Conv2d(c_in, c_out, 3, padding=1), nn.ReLU()]
            c_in = c_out
        layers.append(nn.MaxPool2d(2, 2))
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(7), nn.Flatten(),
                         nn.Linear(512 * 7 * 7, 4096), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(4096, 1000))


# --- Tiny models: the MLPerf Tiny keyword-spotting DS-CNN (see ironlaw.models.tiny.ds_cnn for
# the source) and a 784-128-64-10 MLP.

def _ds_cnn():
    nn = _nn().nn
    layers = [nn.ZeroPad2d((1, 1, 4, 5)), nn.Conv2d(1, 64, (10, 4), 2), nn.BatchNorm2d(64),
              nn.ReLU()]
    for _ in range(4):
        layers += [nn.Conv2d(64, 64, 3, padding=1, groups=64), nn.BatchNorm2d(64), nn.ReLU(),
                   nn.Conv2d(64, 64, 1), nn.BatchNorm2d(64), nn.ReLU()]
    return nn.Sequential(*layers, nn.AvgPool2d((24, 5)), nn.Flatten(), nn.Linear(64, 12),
                         nn.Softmax(dim=1))


def _dlrm(config):
    from ironlaw.models.dlrm import CONFIGS

    c = CONFIGS[config]
    return _nn().DLRM(c.table_rows, c.dim, c.bottom, c.top)


def make(name: str, resolution: int = 224) -> torch.nn.Module:
    """A freshly initialised model in eval mode; ``resolution`` only changes ViT's positions."""
    if name not in NAMES:
        raise KeyError(f"unknown model {name!r}; known: {', '.join(NAMES)}")
    builders = {
        "resnet18": lambda: _resnet((2, 2, 2, 2), bottleneck=False),
        "resnet50": lambda: _resnet((3, 4, 6, 3), bottleneck=True),
        "mobilenetv1": _mobilenetv1,
        "mobilenetv2": _mobilenetv2,
        "efficientnet_b0": _efficientnet_b0,
        "vgg16": _vgg16,
        "vit_b_16": lambda: _nn().VisionTransformer(resolution, 16, 768, 12, 12, 3072, 1000),
        "ds_cnn": _ds_cnn,
        "mlp": lambda: _mlp(_nn().nn, (784, 128, 64, 10), last=_nn().nn.Identity()),
        "dlrm_small": lambda: _dlrm("small"),
        "dlrm_mlperf": lambda: _dlrm("mlperf"),
    }
    return builders[name]().eval()


def example_input(name: str, batch: int = 1, device=None, resolution: int = 224) -> tuple:
    """Random inputs for ``make(name)``, as a tuple of positional arguments.

    Images are (batch, 3, resolution, resolution); DS-CNN takes (batch, 1, 49, 10) MFCCs; the
    MLP (batch, 784); DLRM (batch, 13) dense features and (batch, tables) row indices.
    """
    torch = _nn().torch
    if name not in NAMES:
        raise KeyError(f"unknown model {name!r}; known: {', '.join(NAMES)}")
    if name == "ds_cnn":
        return (torch.randn(batch, 1, 49, 10, device=device),)
    if name == "mlp":
        return (torch.randn(batch, 784, device=device),)
    if name.startswith("dlrm"):
        from ironlaw.models.dlrm import CONFIGS

        rows = CONFIGS[name.removeprefix("dlrm_")].table_rows
        sparse = torch.stack([torch.randint(0, r, (batch,), device=device) for r in rows], 1)
        return torch.randn(batch, 13, device=device), sparse
    return (torch.randn(batch, 3, resolution, resolution, device=device),)
