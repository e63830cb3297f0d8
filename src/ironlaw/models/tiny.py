"""Microcontroller-sized models as op graphs: the MLPerf Tiny keyword-spotting DS-CNN and an MLP.

FLOPs count a multiply-add as 2; parameters follow PyTorch's count (batch norm: weight and
bias, 2 per channel). The DS-CNN ends in a softmax, as its reference does; the MLP returns
logits.
"""

from __future__ import annotations

from ironlaw.dtypes import element_bytes
from ironlaw.frameworks import ops
from ironlaw.frameworks.graph import Graph, Workload
from ironlaw.models.vision import Tape


def _ds_block(t: Tape, name: str) -> None:
    t.conv(f"{name}.dw", t.c, 3, groups=t.c, bias=True)
    t.bn(f"{name}.dw.bn")
    t.act(f"{name}.dw.relu", "relu")
    t.conv(f"{name}.pw", t.c, 1, bias=True)
    t.bn(f"{name}.pw.bn")
    t.act(f"{name}.pw.relu", "relu")


def ds_cnn(batch: int = 1, dtype: str = "fp32") -> Graph:
    """DS-CNN keyword spotter: 49×10 MFCC in, 12 classes; 23,756 parameters, 5.3 MFLOP in GEMMs.

    Architecture of the MLPerf Tiny v0.5 keyword-spotting reference model (mlcommons/tiny,
    benchmark/training/keyword_spotting/keras_model.py, ``ds_cnn``), itself the DS-CNN of
    Zhang et al., "Hello Edge: Keyword Spotting on Microcontrollers", arXiv:1711.07128:

    - conv 10×4, stride 2, "same" padding (4 rows above, 5 below, 1 column each side),
      1 → 64 channels, with bias; batch norm; ReLU. Output 25×5.
    - 4 × [depthwise 3×3 conv (bias), BN, ReLU, pointwise 1×1 conv 64 → 64 (bias), BN, ReLU]
    - average pool 24×5 (the reference's ``(int(49/2), int(10/2))``) → 1×1; the 25th row is
      dropped; fully connected 64 → 12 with bias; softmax.
    """
    t = Tape.input(batch, dtype, 1, 49, 10)
    # Keras "same" with stride 2 pads asymmetrically: 4 rows above, 5 below, 1 column each side
    t.conv("conv1", 64, (10, 4), stride=2, padding=(4, 5, 1, 1), bias=True)
    t.bn("conv1.bn")
    t.act("conv1.relu", "relu")
    t.repeat("ds1-4", 4, lambda b: _ds_block(b, "ds"))
    t.pool("avgpool", (24, 5), (24, 5))  # Keras pools with stride = window: 25×5 -> 1×1
    t.flatten("flatten")
    t.linear("fc", 12)
    t.items.append(ops.softmax("softmax", batch, 12, dtype))
    meta = {"family": "ds-cnn", "input": "1x49x10",
            "source": "MLPerf Tiny v0.5 keyword spotting (mlcommons/tiny); arXiv:1711.07128"}
    return t.graph("ds_cnn", meta)


def mlp(batch: int = 1, dtype: str = "fp32") -> Graph:
    """784-128-64-10 multilayer perceptron (MNIST-sized) with ReLU: 109,386 parameters.

    Parameters: 784·128 + 128 + 128·64 + 64 + 64·10 + 10 = 109,386.
    FLOPs per image: 2·(784·128 + 128·64 + 64·10) = 218,368 in the three GEMMs.
    """
    element_bytes(dtype)
    widths = (784, 128, 64, 10)
    items = []
    for i, (n_in, n_out) in enumerate(zip(widths, widths[1:], strict=False), 1):
        items.append(ops.linear(f"fc{i}", batch, n_in, n_out, dtype))
        if i < len(widths) - 1:
            items.append(ops.elementwise(f"fc{i}.relu", batch * n_out, dtype, 1.0,
                                         shape=(batch, n_out)))
    return Graph("mlp", tuple(items), dtype, {"family": "mlp", "input": "784"},
                 Workload(batch=batch))


BUILDERS = {"ds_cnn": ds_cnn, "mlp": mlp}
