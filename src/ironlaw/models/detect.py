"""Object detectors as op graphs: YOLOv8n (Ultralytics, 2023).

The inference forward pass at 640×640 with the 80 COCO classes, as ``ultralytics/cfg/models/
v8/yolov8.yaml`` lays it out at scale n (depth 0.33, width 0.25, at most 1024 channels): a
CSP backbone of C2f blocks and SPPF, a PAN neck (nearest 2× upsampling and concatenation), and
the decoupled Detect head on strides 8, 16 and 32 — per level a box branch (two 3×3 Conv of
max(16, C₃/4, 4·16) = 64 channels, a 1×1 conv to 4·16 distribution bins) and a class branch
(two 3×3 Conv of max(C₃, 80) = 80 channels, a 1×1 conv to 80), then the distribution focal
loss decoding (softmax over 16 bins, a fixed 1×1 conv of 16 weights to their expectation) and
the boxes from the anchor points. A Conv is conv (no bias) + batch norm + SiLU. Parameters
follow PyTorch's count, as the vision builders do; FLOPs count a multiply-add as 2.

Published: "YOLOv8n summary: 225 layers, 3157200 parameters, 3157184 gradients, 8.9 GFLOPs"
(the comment on scale n in yolov8.yaml; the 16 fixed DFL weights make the difference).
"""

from __future__ import annotations

from ironlaw.frameworks import ops
from ironlaw.frameworks.graph import Graph
from ironlaw.models.parts import ACTIVATION_FLOPS
from ironlaw.models.vision import Tape, image_meta

CLASSES = 80
BINS = 16  # reg_max: distribution bins per box side


def _conv(t: Tape, name: str, c_out: int, kernel: int, stride: int = 1) -> None:
    t.conv_bn(name, c_out, kernel, stride, act="silu")


def _c2f(t: Tape, name: str, c_out: int, n: int, shortcut: bool) -> None:
    """C2f: a 1×1 Conv to 2c (c = c_out/2) split in halves, n bottlenecks (two 3×3 Conv of c,
    a residual add with ``shortcut``) chained on the second half, all 2 + n outputs
    concatenated and a 1×1 Conv to c_out."""
    c = c_out // 2
    _conv(t, f"{name}.cv1", 2 * c, 1)
    t.c = c  # the second half, a view

    def bottleneck(b: Tape) -> None:
        _conv(b, f"{name}.m.cv1", c, 3)
        _conv(b, f"{name}.m.cv2", c, 3)
        if shortcut:
            b.add(f"{name}.m.add")

    t.repeat(f"{name}.m", n, bottleneck)
    t.concat(f"{name}.cat", (c,) * (2 + n))
    _conv(t, f"{name}.cv2", c_out, 1)


def _sppf(t: Tape, name: str, c_out: int) -> None:
    """SPPF: a 1×1 Conv to half, three chained 5×5 max pools (stride 1), the four
    concatenated and a 1×1 Conv to c_out."""
    half = t.c // 2
    _conv(t, f"{name}.cv1", half, 1)
    for i in range(3):
        t.pool(f"{name}.m{i}", 5, 1, padding=2)
    t.concat(f"{name}.cat", (half,) * 4)
    _conv(t, f"{name}.cv2", c_out, 1)


def _at(t: Tape, shape: tuple) -> None:
    """Continue from an earlier feature map of (C, H, W) ``shape``."""
    t.c, t.h, t.w = shape


def yolov8n(batch: int = 1, dtype: str = "fp32", resolution: int = 640) -> Graph:
    """YOLOv8n: 3,157,200 parameters (module docstring). Its convolutions count 8.27 GFLOP at
    640² here; Ultralytics reports 8.9 GFLOPs (thop, unfused) and 8.7 (fused), a difference of
    about 7% not traced."""
    t = Tape.input(batch, dtype, 3, resolution)
    _conv(t, "b0", 16, 3, 2)
    _conv(t, "b1", 32, 3, 2)
    _c2f(t, "b2", 32, 1, True)
    _conv(t, "b3", 64, 3, 2)
    _c2f(t, "b4", 64, 2, True)
    p3 = (t.c, t.h, t.w)
    _conv(t, "b5", 128, 3, 2)
    _c2f(t, "b6", 128, 2, True)
    p4 = (t.c, t.h, t.w)
    _conv(t, "b7", 256, 3, 2)
    _c2f(t, "b8", 256, 1, True)
    _sppf(t, "b9", 256)
    p5 = (t.c, t.h, t.w)
    t.upsample("h10.up")
    t.concat("h11.cat", (p5[0], p4[0]))
    _c2f(t, "h12", 128, 1, False)
    n4 = (t.c, t.h, t.w)
    t.upsample("h13.up")
    t.concat("h14.cat", (n4[0], p3[0]))
    _c2f(t, "h15", 64, 1, False)
    out3 = (t.c, t.h, t.w)
    _conv(t, "h16", 64, 3, 2)
    t.concat("h17.cat", (64, n4[0]))
    _c2f(t, "h18", 128, 1, False)
    out4 = (t.c, t.h, t.w)
    _conv(t, "h19", 128, 3, 2)
    t.concat("h20.cat", (128, p5[0]))
    _c2f(t, "h21", 256, 1, False)
    out5 = (t.c, t.h, t.w)
    _detect(t, (out3, out4, out5))
    return t.graph("yolov8n", image_meta("detector", resolution, "Ultralytics YOLOv8 (ultralytics/"
                                         "cfg/models/v8/yolov8.yaml, scale n)"))


def _detect(t: Tape, levels: tuple) -> None:
    """The Detect head on each level, then the outputs of all anchors decoded."""
    box = max(16, levels[0][0] // 4, 4 * BINS)
    cls = max(levels[0][0], min(CLASSES, 100))
    anchors = 0
    for i, level in enumerate(levels):
        for branch, width, out in (("box", box, 4 * BINS), ("cls", cls, CLASSES)):
            _at(t, level)
            _conv(t, f"detect{i}.{branch}0", width, 3)
            _conv(t, f"detect{i}.{branch}1", width, 3)
            t.conv(f"detect{i}.{branch}2", out, 1, bias=True)
        t.concat(f"detect{i}.cat", (4 * BINS, CLASSES))
        anchors += level[1] * level[2]
    b, e = t.batch, t.dtype
    t.items.append(ops.concat("detect.cat", tuple(b * (4 * BINS + CLASSES) * lv[1] * lv[2]
                                                  for lv in levels), e,
                              (b, 4 * BINS + CLASSES, anchors)))
    t.items.append(ops.softmax("dfl.softmax", b * 4 * anchors, BINS, e))
    t.items.append(ops.conv2d("dfl.conv", b, BINS, 4, anchors, 1, 1, e))
    # distances to corners, then centre and size from the anchor point, times the stride:
    # 3 FLOP per box coordinate, the anchors (2 per point) and strides broadcast
    t.items.append(ops.elementwise("dfl.boxes", b * 4 * anchors, e, 3.0, shape=(b, 4, anchors),
                                   broadcast=(2 * anchors, anchors)))
    t.items.append(ops.elementwise("cls.sigmoid", b * CLASSES * anchors, e,
                                   ACTIVATION_FLOPS["sigmoid"], shape=(b, CLASSES, anchors)))
    t.items.append(ops.concat("detect.out", (b * 4 * anchors, b * CLASSES * anchors), e,
                              (b, 4 + CLASSES, anchors)))
