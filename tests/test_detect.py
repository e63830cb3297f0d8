"""YOLOv8n (issue 12 item 6: a detector) against Ultralytics' published model summary."""

from ironlaw.models.zoo import build_model


def _conv(c1, c2, k):
    """Ultralytics Conv: a k×k convolution without bias + batch norm (weight and bias)."""
    return k * k * c1 * c2 + 2 * c2


def test_yolov8n_has_its_published_parameter_count():
    # yolov8.yaml, scale n: "YOLOv8n summary: 225 layers, 3157200 parameters, 3157184
    # gradients, 8.9 GFLOPs"; its layer table gives Detect [80, [64, 128, 256]] 897664.
    graph = build_model("yolov8n")
    assert graph.params == 3_157_200
    # the Detect head by hand: box branch 64 wide, class branch max(64, 80) = 80, on the
    # three levels of 64, 128 and 256 channels, and the 16 fixed DFL weights
    box = sum(_conv(c, 64, 3) + _conv(64, 64, 3) + 64 * 64 + 64 for c in (64, 128, 256))
    cls = sum(_conv(c, 80, 3) + _conv(80, 80, 3) + 80 * 80 + 80 for c in (64, 128, 256))
    detect = sum(op.params for op in graph.ops if op.name.startswith(("detect", "dfl")))
    assert detect == box + cls + 16 == 897_664
    # the first C2f (layer 2 of the table: 7360): cv1 32→32, cv2 48→32, one bottleneck 16→16
    c2f = sum(op.params for op in graph.ops if op.name.startswith("b2."))
    assert c2f == _conv(32, 32, 1) + _conv(48, 32, 1) + 2 * _conv(16, 16, 3) == 7360


def test_yolov8n_decodes_every_anchor(cli):
    graph = build_model("yolov8n", batch=2)
    # strides 8, 16, 32 at 640²: 80² + 40² + 20² = 8400 anchors, 4 box sides + 80 classes
    assert graph.ops[-1].shape == (2, 84, 8400)
    code, _, err = cli("analyze", "yolov8n", "--on", "h100")
    assert code == 0, err
