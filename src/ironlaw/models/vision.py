"""Image classifiers as op graphs: ResNet, MobileNet V1/V2, EfficientNet-B0, VGG-16, ViT-B/16.

Each builder returns the inference forward pass (eval mode: batch norm as a per-channel scale
and shift, dropout and stochastic depth absent) at a given batch, precision and square input
resolution, with 1000 ImageNet classes. FLOPs count a multiply-add as 2; parameters follow
PyTorch's count (batch norm holds 2·C: weight and bias; running statistics are buffers).

Elementwise cost per output element, in FLOP: add 1, ReLU 1, ReLU6 2 (a max and a min),
sigmoid 3 (exp, add, divide), SiLU 4 (a sigmoid and a multiply), GELU 8
(:data:`ironlaw.models.parts.ACTIVATION_FLOPS`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ironlaw.dtypes import element_bytes
from ironlaw.frameworks import ops
from ironlaw.frameworks.graph import Block, Graph, Workload
from ironlaw.models.parts import ACTIVATION_FLOPS, role


@dataclass
class Tape:
    """Records a CNN's ops in order while tracking its activation shape (C, H, W) per image.

    Methods append one op (or a Block) and advance the shape; ``fork`` starts a side branch
    (a shortcut, a squeeze-excite path) at the current shape whose ops are merged back with
    ``merge``.
    """

    batch: int
    dtype: str
    c: int
    h: int
    w: int
    items: list = field(default_factory=list)

    @classmethod
    def input(cls, batch: int, dtype: str, channels: int, height: int,
              width: int | None = None) -> Tape:
        """An empty tape at a (channels, height, width) input (width: height, a square image);
        an unknown precision fails here, before any op is built."""
        element_bytes(dtype)
        return cls(batch, dtype, channels, height, height if width is None else width)

    @property
    def elements(self) -> float:
        """Elements of the current activation over the whole batch."""
        return self.batch * self.c * self.h * self.w * 1.0

    @property
    def shape(self) -> tuple:
        """(batch, C, H, W) of the current activation."""
        return (self.batch, self.c, self.h, self.w)

    def fork(self) -> Tape:
        """An empty tape starting at the current shape, for a side branch."""
        return Tape(self.batch, self.dtype, self.c, self.h, self.w)

    def merge(self, branch: Tape) -> None:
        """Append a side branch's ops (the main path's shape is unchanged)."""
        self.items.extend(branch.items)

    def conv(self, name: str, c_out: int, kernel: int | tuple, stride: int = 1,
             padding: int | None = None, groups: int = 1, bias: bool = False) -> None:
        """Convolution; ``padding`` defaults to kernel // 2 ("same" for odd kernels, stride 1)."""
        k = kernel if isinstance(kernel, int) else kernel[0]
        pad = k // 2 if padding is None else padding
        op = ops.conv2d(name, self.batch, self.c, self.h, self.w, c_out, kernel, self.dtype,
                        stride=stride, padding=pad, groups=groups, bias=bias)
        self.items.append(op)
        _, self.c, self.h, self.w = op.shape

    def bn(self, name: str) -> None:
        """Inference batch norm: per-channel scale and shift, 2·C parameters."""
        self.items.append(ops.norm(name, self.batch * self.h * self.w, self.c, self.dtype,
                                   kind="batchnorm"))

    def act(self, name: str, fn: str) -> None:
        """Activation ``fn`` (a key of ACTIVATION_FLOPS) on the current tensor."""
        self.items.append(ops.elementwise(name, self.elements, self.dtype, ACTIVATION_FLOPS[fn],
                                          shape=self.shape))

    def conv_bn(self, name: str, c_out: int, kernel: int, stride: int = 1, groups: int = 1,
                act: str | None = "relu") -> None:
        """Convolution without bias, batch norm, then an optional activation."""
        self.conv(f"{name}.conv", c_out, kernel, stride, groups=groups)
        self.bn(f"{name}.bn")
        if act:
            self.act(f"{name}.{act}", act)

    def add(self, name: str) -> None:
        """Residual sum of two tensors of the current shape."""
        self.items.append(ops.elementwise(name, self.elements, self.dtype, 1.0, inputs=2,
                                          shape=self.shape))

    def concat(self, name: str, channels: tuple[int, ...]) -> None:
        """Feature maps of the current H×W with ``channels`` channels each, joined along the
        channels: reads and writes B·H·W·ΣC elements; the tape then has ΣC channels."""
        hw = self.batch * self.h * self.w
        self.c = sum(channels)
        self.items.append(ops.concat(name, tuple(hw * c for c in channels), self.dtype,
                                     self.shape))

    def upsample(self, name: str) -> None:
        """Nearest-neighbour 2× upsampling: reads the B·C·H·W map once and writes it four
        times (B·C·2H·2W elements)."""
        read = self.elements
        self.h, self.w = 2 * self.h, 2 * self.w
        self.items.append(ops.copy(name, self.elements, self.dtype, self.shape, read=read))

    def scale(self, name: str) -> None:
        """x · s with s one value per (image, channel), broadcast over H×W (squeeze-excite)."""
        self.items.append(ops.elementwise(name, self.elements, self.dtype, 1.0, shape=self.shape,
                                          broadcast=(self.batch * self.c,)))

    def pool(self, name: str, kernel: int | tuple, stride: int | tuple,
             padding: int | tuple = 0) -> None:
        """Max or average pooling over ``kernel`` windows (kh, kw)."""
        op = ops.pool(name, self.batch, self.c, self.h, self.w, kernel, stride, self.dtype,
                      padding=padding)
        self.items.append(op)
        _, self.c, self.h, self.w = op.shape

    def global_pool(self, name: str) -> None:
        """Average over the whole feature map down to 1×1."""
        self.pool(name, (self.h, self.w), 1)

    def flatten(self, name: str) -> None:
        """(B, C, H, W) → (B, C·H·W), a view."""
        self.c, self.h, self.w = self.c * self.h * self.w, 1, 1
        self.items.append(ops.view(name, self.dtype, (self.batch, self.c)))

    def linear(self, name: str, out_features: int, bias: bool = True) -> None:
        """Fully connected layer on a flattened (batch, C) activation."""
        if self.h != 1 or self.w != 1:
            raise ValueError(f"{name}: flatten first (map is {self.h}x{self.w})")
        self.items.append(ops.linear(name, self.batch, self.c, out_features, self.dtype, bias))
        self.c = out_features

    def repeat(self, name: str, count: int, body: Callable[[Tape], None]) -> None:
        """Append ``body`` as one Block run ``count`` times; it must keep the shape if count > 1."""
        if count < 1:
            return
        inner = self.fork()
        body(inner)
        if count > 1 and (inner.c, inner.h, inner.w) != (self.c, self.h, self.w):
            raise ValueError(f"{name}: a repeated block must keep its input shape")
        self.items.append(Block(name, tuple(inner.items), count))
        self.c, self.h, self.w = inner.c, inner.h, inner.w

    def graph(self, name: str, meta: dict) -> Graph:
        """The recorded ops as a Graph."""
        return Graph(name, tuple(self.items), self.dtype, meta, Workload(batch=self.batch))


def image_meta(family: str, resolution: int, source: str) -> dict:
    """A graph's ``meta`` for a model of a square RGB image of ``resolution``² pixels."""
    return {"family": family, "input": f"3x{resolution}x{resolution}",
            "resolution": resolution, "source": source}


# --- ResNet (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016, Table 1).
# Stride in the 3x3 convolution of a bottleneck ("v1.5", as torchvision and MLPerf use).

def _basic_block(t: Tape, name: str, width: int, stride: int) -> None:
    shortcut = t.fork()
    if stride != 1 or t.c != width:
        shortcut.conv_bn(f"{name}.downsample", width, 1, stride, act=None)
    t.conv_bn(f"{name}.1", width, 3, stride)
    t.conv_bn(f"{name}.2", width, 3, act=None)
    t.merge(shortcut)
    t.add(f"{name}.add")
    t.act(f"{name}.relu", "relu")


def _bottleneck(t: Tape, name: str, width: int, stride: int) -> None:
    shortcut = t.fork()
    if stride != 1 or t.c != 4 * width:
        shortcut.conv_bn(f"{name}.downsample", 4 * width, 1, stride, act=None)
    t.conv_bn(f"{name}.1", width, 1)
    t.conv_bn(f"{name}.2", width, 3, stride)
    t.conv_bn(f"{name}.3", 4 * width, 1, act=None)
    t.merge(shortcut)
    t.add(f"{name}.add")
    t.act(f"{name}.relu", "relu")


def _resnet(name: str, depths: tuple, block, batch: int, dtype: str, resolution: int) -> Graph:
    t = Tape.input(batch, dtype, 3, resolution)
    t.conv_bn("stem", 64, 7, 2)
    t.pool("stem.maxpool", 3, 2, padding=1)
    for stage, (width, n) in enumerate(zip((64, 128, 256, 512), depths, strict=True), 1):
        stride = 1 if stage == 1 else 2
        t.repeat(f"layer{stage}.0", 1, lambda s, w=width, st=stride, p=f"layer{stage}.0":
                 block(s, p, w, st))
        t.repeat(f"layer{stage}.1-{n - 1}", n - 1, lambda s, w=width, p=f"layer{stage}.n":
                 block(s, p, w, 1))
    t.global_pool("avgpool")
    t.flatten("flatten")
    t.linear("fc", 1000)
    return t.graph(name, image_meta("resnet", resolution, "He et al., CVPR 2016, Table 1"))


def resnet18(batch: int = 1, dtype: str = "fp32", resolution: int = 224) -> Graph:
    """ResNet-18: basic blocks [2, 2, 2, 2]; 11.7 M parameters, 3.6 GFLOP at 224²."""
    return _resnet("resnet18", (2, 2, 2, 2), _basic_block, batch, dtype, resolution)


def resnet50(batch: int = 1, dtype: str = "fp32", resolution: int = 224) -> Graph:
    """ResNet-50 v1.5: bottlenecks [3, 4, 6, 3]; 25.6 M parameters, 8.2 GFLOP at 224²."""
    return _resnet("resnet50", (3, 4, 6, 3), _bottleneck, batch, dtype, resolution)


# --- MobileNet V1 (Howard et al., arXiv:1704.04861, Table 1; width 1.0, ReLU after each BN).

# (output channels, stride, repeats) of the depthwise-separable layers
_MOBILENET_V1 = ((64, 1, 1), (128, 2, 1), (128, 1, 1), (256, 2, 1), (256, 1, 1), (512, 2, 1),
                 (512, 1, 5), (1024, 2, 1), (1024, 1, 1))


def _separable(t: Tape, name: str, c_out: int, stride: int) -> None:
    t.conv_bn(f"{name}.dw", t.c, 3, stride, groups=t.c)
    t.conv_bn(f"{name}.pw", c_out, 1)


def mobilenetv1(batch: int = 1, dtype: str = "fp32", resolution: int = 224) -> Graph:
    """MobileNet V1 1.0: 13 depthwise-separable layers; 4.2 M parameters, 1.1 GFLOP at 224²."""
    t = Tape.input(batch, dtype, 3, resolution)
    t.conv_bn("stem", 32, 3, 2)
    for i, (c, s, n) in enumerate(_MOBILENET_V1, 1):
        t.repeat(f"sep{i}", n, lambda b, c=c, s=s, p=f"sep{i}": _separable(b, p, c, s))
    t.global_pool("avgpool")
    t.flatten("flatten")
    t.linear("fc", 1000)
    return t.graph("mobilenetv1", image_meta("mobilenet", resolution,
                                             "Howard et al., arXiv:1704.04861, Table 1"))


# --- MobileNet V2 (Sandler et al., CVPR 2018, Table 2): (expansion t, channels c, repeats n,
# stride s) per stage; inverted residual blocks with a linear bottleneck and ReLU6.

_MOBILENET_V2 = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
                 (6, 160, 3, 2), (6, 320, 1, 1))


def _inverted_residual(t: Tape, name: str, expand: int, c_out: int, stride: int) -> None:
    residual = stride == 1 and t.c == c_out
    if expand != 1:
        t.conv_bn(f"{name}.expand", t.c * expand, 1, act="relu6")
    t.conv_bn(f"{name}.dw", t.c, 3, stride, groups=t.c, act="relu6")
    t.conv_bn(f"{name}.project", c_out, 1, act=None)
    if residual:
        t.add(f"{name}.add")


def mobilenetv2(batch: int = 1, dtype: str = "fp32", resolution: int = 224) -> Graph:
    """MobileNet V2 1.0: 17 inverted residual blocks; 3.5 M parameters, 0.6 GFLOP at 224²."""
    t = Tape.input(batch, dtype, 3, resolution)
    t.conv_bn("stem", 32, 3, 2, act="relu6")
    for i, (expand, c, n, s) in enumerate(_MOBILENET_V2, 1):
        t.repeat(f"stage{i}.0", 1, lambda b, e=expand, c=c, s=s, p=f"stage{i}.0":
                 _inverted_residual(b, p, e, c, s))
        t.repeat(f"stage{i}.1-{n - 1}", n - 1, lambda b, e=expand, c=c, p=f"stage{i}.n":
                 _inverted_residual(b, p, e, c, 1))
    t.conv_bn("head", 1280, 1, act="relu6")
    t.global_pool("avgpool")
    t.flatten("flatten")
    t.linear("classifier", 1000)
    return t.graph("mobilenetv2", image_meta("mobilenet", resolution,
                                             "Sandler et al., CVPR 2018, Table 2"))


# --- EfficientNet-B0 (Tan & Le, ICML 2019, Table 1): (expansion, kernel, stride, channels,
# repeats) per stage; MBConv with squeeze-excite (reduced to a quarter of the block's input
# channels) and SiLU.

_EFFICIENTNET_B0 = ((1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3),
                    (6, 5, 1, 112, 3), (6, 5, 2, 192, 4), (6, 3, 1, 320, 1))


def _mbconv(t: Tape, name: str, expand: int, kernel: int, stride: int, c_out: int) -> None:
    c_in = t.c
    if expand != 1:
        t.conv_bn(f"{name}.expand", c_in * expand, 1, act="silu")
    t.conv_bn(f"{name}.dw", t.c, kernel, stride, groups=t.c, act="silu")
    se = t.fork()
    se.global_pool(f"{name}.se.pool")
    se.conv(f"{name}.se.reduce", max(1, c_in // 4), 1, bias=True)
    se.act(f"{name}.se.silu", "silu")
    se.conv(f"{name}.se.expand", t.c, 1, bias=True)
    se.act(f"{name}.se.sigmoid", "sigmoid")
    t.merge(se)
    t.scale(f"{name}.se.scale")
    t.conv_bn(f"{name}.project", c_out, 1, act=None)
    if stride == 1 and c_in == c_out:
        t.add(f"{name}.add")


def efficientnet_b0(batch: int = 1, dtype: str = "fp32", resolution: int = 224) -> Graph:
    """EfficientNet-B0: 16 MBConv blocks; 5.3 M parameters, 0.8 GFLOP at 224²."""
    t = Tape.input(batch, dtype, 3, resolution)
    t.conv_bn("stem", 32, 3, 2, act="silu")
    for i, (e, k, s, c, n) in enumerate(_EFFICIENTNET_B0, 1):
        t.repeat(f"stage{i}.0", 1, lambda b, e=e, k=k, s=s, c=c, p=f"stage{i}.0":
                 _mbconv(b, p, e, k, s, c))
        t.repeat(f"stage{i}.1-{n - 1}", n - 1, lambda b, e=e, k=k, c=c, p=f"stage{i}.n":
                 _mbconv(b, p, e, k, 1, c))
    t.conv_bn("head", 1280, 1, act="silu")
    t.global_pool("avgpool")
    t.flatten("flatten")
    t.linear("classifier", 1000)
    return t.graph("efficientnet_b0", image_meta("efficientnet", resolution,
                                                 "Tan & Le, ICML 2019, Table 1"))


# --- VGG-16 (Simonyan & Zisserman, ICLR 2015, Table 1, configuration D): 3x3 convolutions
# with bias and ReLU, 2x2 max pooling, average pooling to 7x7, three fully connected layers.

_VGG16 = ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3))  # (channels, convolutions) per stage


def _conv_relu(t: Tape, name: str, c_out: int) -> None:
    t.conv(f"{name}.conv", c_out, 3, bias=True)
    t.act(f"{name}.relu", "relu")


def _fc_relu(t: Tape, name: str, out_features: int) -> None:
    t.linear(f"{name}", out_features)
    t.act(f"{name}.relu", "relu")


def vgg16(batch: int = 1, dtype: str = "fp32", resolution: int = 224) -> Graph:
    """VGG-16 (configuration D): 13 convolutions, 3 FC; 138.4 M parameters, 31 GFLOP at 224².

    Like torchvision's, the classifier sees a 7×7 map: an average pool of k×k windows brings
    a (7k)×(7k) map to 7×7 (k = 1 at 224², where it copies); other sizes are rejected.
    """
    t = Tape.input(batch, dtype, 3, resolution)
    for i, (c, n) in enumerate(_VGG16, 1):
        first = t.c != c
        if first:
            _conv_relu(t, f"stage{i}.0", c)
        t.repeat(f"stage{i}.{int(first)}-{n - 1}", n - int(first),
                 lambda b, c=c, p=f"stage{i}.n": _conv_relu(b, p, c))
        t.pool(f"stage{i}.maxpool", 2, 2)
    if t.h != t.w or t.h % 7:
        raise ValueError(f"vgg16: resolution {resolution} gives a {t.h}x{t.w} map; "
                         "use a multiple of 224")
    t.pool("avgpool", t.h // 7, t.h // 7)
    t.flatten("flatten")
    _fc_relu(t, "fc1", 4096)
    _fc_relu(t, "fc2", 4096)
    t.linear("fc3", 1000)
    return t.graph("vgg16", image_meta("vgg", resolution,
                                       "Simonyan & Zisserman, ICLR 2015, Table 1 (D)"))


# --- ViT-B/16 (Dosovitskiy et al., ICLR 2021, Table 1): patch 16, 12 layers, hidden 768,
# 12 heads, MLP 3072; pre-norm encoder, a class token, learned position embeddings.


def vit_b_16(batch: int = 1, dtype: str = "fp32", resolution: int = 224,
             flash: bool = True) -> Graph:
    """ViT-B/16: 86.6 M parameters, 35 GFLOP at 224² (197 tokens).

    ``flash`` chooses fused attention (S = QKᵀ never stored) or the naive kernel that writes
    and re-reads the B·H·N² score and probability matrices.
    """
    patch, dim, layers, heads, mlp = 16, 768, 12, 12, 3072
    if resolution % patch:
        raise ValueError(f"vit_b_16: resolution {resolution} is not a multiple of {patch}")
    element_bytes(dtype)
    n = (resolution // patch) ** 2 + 1  # patches plus the class token
    rows = batch * n
    items: list = [
        ops.conv2d("patch_embed", batch, 3, resolution, resolution, dim, patch, dtype,
                   stride=patch, bias=True),
        ops.view("flatten_patches", dtype, (batch, n - 1, dim)),
        ops.concat("class_token", (batch * (n - 1) * dim,), dtype, (batch, n, dim),
                   learned=dim, copies=batch),
        ops.elementwise("pos_embed", rows * dim, dtype, 1.0, shape=(batch, n, dim),
                        learned=n * dim),
    ]
    encoder = (
        ops.norm("ln1", rows, dim, dtype),
        role(ops.linear("qkv", rows, dim, 3 * dim, dtype), "column"),
        role(ops.attention("attention", batch, heads, n, n, dim // heads, dtype, flash=flash),
             "split"),
        role(ops.linear("proj", rows, dim, dim, dtype), "row", reduce=True),
        ops.elementwise("add1", rows * dim, dtype, 1.0, inputs=2, shape=(batch, n, dim)),
        ops.norm("ln2", rows, dim, dtype),
        role(ops.linear("fc1", rows, dim, mlp, dtype), "column"),
        role(ops.elementwise("gelu", rows * mlp, dtype, ACTIVATION_FLOPS["gelu"],
                             shape=(batch, n, mlp)), "split"),
        role(ops.linear("fc2", rows, mlp, dim, dtype), "row", reduce=True),
        ops.elementwise("add2", rows * dim, dtype, 1.0, inputs=2, shape=(batch, n, dim)),
    )
    items += [
        Block("encoder", encoder, layers),
        ops.norm("ln", rows, dim, dtype),
        ops.view("class_token_out", dtype, (batch, dim)),
        ops.linear("head", batch, dim, 1000, dtype),
    ]
    meta = image_meta("vit", resolution, "Dosovitskiy et al., ICLR 2021, Table 1")
    return Graph("vit_b_16", tuple(items), dtype, {**meta, "flash": flash},
                 Workload(batch=batch, tokens=batch * n))


BUILDERS = {"resnet18": resnet18, "resnet50": resnet50, "mobilenetv1": mobilenetv1,
            "mobilenetv2": mobilenetv2, "efficientnet_b0": efficientnet_b0, "vgg16": vgg16,
            "vit_b_16": vit_b_16}
