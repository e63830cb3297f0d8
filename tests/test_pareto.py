"""Pareto fronts, ranking and ``where`` constraints (ironlaw.explore.pareto, .constraints)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ironlaw.errors import UserError
from ironlaw.explore.pareto import pareto_front

xr = pytest.importorskip("xarray")


def test_a_two_metric_front_by_hand():
    # (cost, latency), both minimized. By hand: A(1, 9) B(2, 5) C(3, 5) D(4, 2) E(5, 3) F(2, 5)
    #   A: nothing is cheaper                                   → front
    #   B, F: equal points; only A is cheaper and A is slower   → both on the front
    #   C: B costs less at the same latency                     → dominated
    #   D: the fastest                                          → front
    #   E: D is cheaper and faster                              → dominated
    points = [(1, 9), (2, 5), (3, 5), (4, 2), (5, 3), (2, 5)]
    assert pareto_front(points).tolist() == [True, True, False, True, False, True]


def test_maximized_metrics_and_nan_points():
    # (throughput ↑, power ↓): (10, 100) (20, 300) (15, 400) (nan, 1) (20, 250)
    # (20, 250) beats (20, 300) and (15, 400); (10, 100) is the low-power end; nan never counts
    points = [(10, 100), (20, 300), (15, 400), (np.nan, 1), (20, 250)]
    assert pareto_front(points, [True, False]).tolist() == [True, False, False, False, True]


def test_a_three_metric_front_by_hand():
    # (cost, latency, energy): P(1,1,9) Q(1,2,9) R(2,2,2) S(3,3,3) T(9,1,1)
    #   Q: P is as cheap, faster, same energy → dominated; S: R is better in all three
    points = [(1, 1, 9), (1, 2, 9), (2, 2, 2), (3, 3, 3), (9, 1, 1)]
    assert pareto_front(points).tolist() == [True, False, True, False, True]


def _dominated_brute_force(v):
    n = len(v)
    out = np.zeros(n, bool)
    for i in range(n):
        for j in range(n):
            if np.all(v[j] <= v[i]) and np.any(v[j] < v[i]):
                out[i] = True
                break
    return out


@settings(max_examples=60, deadline=None)
@given(arrays(float, st.tuples(st.integers(1, 40), st.integers(2, 3)),
              elements=st.integers(0, 6).map(float)))
def test_the_front_is_exactly_the_non_dominated_points(values):
    assert (pareto_front(values) == ~_dominated_brute_force(values)).all()


@pytest.fixture
def ds():
    # six configurations of a made-up sweep over device × batch
    return xr.Dataset(
        {"latency_s": (("device", "batch"), [[0.010, 0.020, 0.040], [0.030, 0.050, np.nan]]),
         "power_w": (("device", "batch"), [[700.0, 700.0, 700.0], [300.0, 300.0, np.nan]]),
         "fits": (("device", "batch"), [[True, True, True], [True, True, False]]),
         "bottleneck": (("device", "batch"), [["memory", "memory", "compute"],
                                               ["memory", "compute", ""]]),
         "feasible": (("device", "batch"), [[True, True, True], [True, True, False]])},
        coords={"device": ["h100-sxm", "l4"], "batch": [1, 8, 64]})


def test_where_expressions(ds):
    from ironlaw.explore.constraints import where

    assert where(ds, "latency_s <= 0.03").values.tolist() == [[True, True, False],
                                                             [True, False, False]]
    assert where(ds, "latency_s < '25 ms'").values.sum() == 2
    assert where(ds, "fits and power_w <= 500").values.tolist() == [[False] * 3,
                                                                   [True, True, False]]
    assert where(ds, "device in ['l4'] and not fits").values.sum() == 1
    assert where(ds, "0.015 <= latency_s <= 0.045", "batch >= 8").values.sum() == 2
    assert where(ds, "bottleneck == 'compute' or latency_s * 1000 < 11").values.sum() == 3


@pytest.mark.parametrize(("text", "message"), [
    ("latency_s <=", "not a valid expression"),
    ("__import__('os').system('ls')", "call is not allowed"),
    ("ds.latency_s < 1", "attribute is not allowed"),
    ("latency_s[0] < 1", "subscript is not allowed"),
    ("latncy_s < 1", "did you mean latency_s"),
    ("bottleneck < 3", "compares text with a number"),
    ("device in 'l4'", "'in' needs a list"),
    ("latency_s + 1", "expected a condition"),
    ("latency_s < '3 GB'", "latency_s"),
    ("latency_s and fits", "combine conditions"),
    ("", "expected an expression"),
    ("'a' * 1000000000000 == bottleneck", "applies to numbers, not to text"),  # MemoryError
    ("bottleneck * 1000000000000 == 'a'", "applies to numbers, not to text"),
])
def test_bad_constraints_are_user_errors(ds, text, message):
    from ironlaw.explore.constraints import where

    with pytest.raises(UserError, match=message):
        where(ds, text)


def test_rank_and_pareto_on_a_dataset(ds):
    from ironlaw.explore.pareto import pareto, rank

    flat = rank(ds, "latency_s")
    assert flat.tolist() == [0, 1, 3, 2, 4]  # the infeasible (nan) point is left out
    assert rank(ds, "max:power_w").tolist() == [0, 1, 2, 3, 4]
    front = pareto(ds, "latency_s,power_w")
    # (10 ms, 700 W) is fastest; (30 ms, 300 W) uses least power; the rest are dominated
    assert front.values.tolist() == [[True, False, False], [True, False, False]]
    with pytest.raises(UserError, match="minimize or maximize"):
        pareto(ds, "fits,latency_s")


def _front_figure(tmp_path, front):
    from ironlaw.explore.plot import pareto_plot
    from ironlaw.explore.run import run_space
    from ironlaw.explore.select import select
    from ironlaw.explore.spec import make_space

    space = make_space(model="llama-3-8b,mistral-7b,qwen2-7b", device="h100,mi300x,a100",
                       batch="1,4,16,64,256", phase="decode", context=2048, precision="bf16")
    selection = select(run_space(space), space, front=front)
    return selection, pareto_plot(selection, tmp_path / "front.png")


def test_the_pareto_figure_names_every_device_and_model(tmp_path):
    """Every point, front or dominated, is colored by its device and marked by its model, and
    the legend names all three devices and all three models, not only those on the front."""
    selection, plot = _front_figure(tmp_path, "latency_s,throughput_per_s")
    ax = plot.figure.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    for name in ("h100-sxm", "mi300x", "a100-80gb", "llama-3-8b", "mistral-7b", "qwen2-7b"):
        assert name in legend, (name, legend)
    front, dominated = plot.data["front_points"], plot.data["dominated_points"]
    assert front == len(selection.chosen) and front + dominated == 45
    assert plot.data["dominated_drawn"] == dominated  # 45 points: none left out
    assert plot.data["devices"] == ["h100-sxm", "mi300x", "a100-80gb"]
    # the points drawn: one scatter per (device, model, front or not), all colored (no grey)
    drawn = ax.collections
    assert sum(len(c.get_offsets()) for c in drawn) == 45
    grey = {(0.784, 0.784, 0.784)}
    assert not any(tuple(round(v, 3) for v in c.get_facecolor()[0][:3]) in grey for c in drawn)
    colors = {tuple(c.get_facecolor()[0][:3]) for c in drawn}
    assert len(colors) == 3  # one per device, front and dominated alike
    markers = {c.get_paths()[0].vertices.tobytes() for c in drawn}
    assert len(markers) == 3  # one per model
    assert ax.get_xlabel() == "latency  [ms]" and ax.get_ylabel().startswith("throughput  [")


def test_a_three_metric_pareto_figure_rings_devices_and_marks_models(tmp_path):
    _, plot = _front_figure(tmp_path, "latency_s,throughput_per_s,energy_per_sample_j")
    ax = plot.figure.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"h100-sxm", "mi300x", "a100-80gb", "llama-3-8b", "mistral-7b",
            "qwen2-7b"} <= set(legend)
    assert plot.figure.axes[1].get_ylabel() == "energy per sample  [J]"  # the colorbar
