"""Invariants that must hold for any input: broadcasting, monotonicity, scalar/array agreement."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ironlaw.laws import gravity, iron, queueing, roofline, speedup

positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)
shapes = hnp.array_shapes(min_dims=0, max_dims=3, max_side=4)


def arrays(shape):
    return hnp.arrays(np.float64, shape, elements=positive)


@settings(max_examples=60, deadline=None)
@given(st.data(), hnp.mutually_broadcastable_shapes(num_shapes=6, max_dims=3, max_side=4))
def test_iron_law_broadcasts_like_numpy(data, shapes_):
    args = [data.draw(arrays(s)) for s in shapes_.input_shapes]
    args[4] = np.clip(args[4] / 1e6, 1e-6, 1.0)  # utilization in (0, 1]
    for law in (iron.iron_law, iron.iron_law_overlapped):
        r = law(*args)
        assert np.shape(r.total_s) == shapes_.result_shape
        assert np.shape(r.dominant) == shapes_.result_shape
        # each element equals the scalar call on that element's inputs
        index = tuple(0 for _ in shapes_.result_shape)
        scalars = [float(np.broadcast_to(a, shapes_.result_shape)[index]) for a in args]
        assert np.isclose(np.asarray(r.total_s)[index], law(*scalars).total_s)
        assert np.asarray(r.dominant)[index] == law(*scalars).dominant


@given(positive, positive, positive, positive, positive, st.floats(0.01, 1.0), positive)
def test_iron_law_is_monotonic(data, bw, flops, peak, overhead, eta, factor):
    base = iron.iron_law(data, bw, flops, peak, eta, overhead).total_s
    more = 1.0 + factor
    assert iron.iron_law(data, bw * more, flops, peak, eta, overhead).total_s <= base
    assert iron.iron_law(data, bw, flops, peak * more, eta, overhead).total_s <= base
    assert iron.iron_law(data, bw, flops, peak, eta, overhead * more).total_s >= base
    over = iron.iron_law_overlapped(data, bw, flops, peak, eta, overhead).total_s
    assert over <= base  # overlapping never makes it slower


@given(positive, positive, positive, positive)
def test_roofline_is_monotonic_and_capped(intensity, peak, bandwidth, factor):
    p = roofline.attainable(intensity, peak * 1e6, bandwidth)
    assert p <= peak * 1e6
    assert roofline.attainable(intensity, peak * 1e6, bandwidth * (1 + factor)) >= p
    assert roofline.attainable(intensity * (1 + factor), peak * 1e6, bandwidth) >= p
    assert roofline.attainable(intensity, peak * 1e6 * (1 + factor), bandwidth) >= p


@settings(max_examples=40, deadline=None)
@given(st.data(), hnp.mutually_broadcastable_shapes(num_shapes=3, max_dims=3, max_side=4))
def test_roofline_broadcasts(data, shapes_):
    i, r, b = (data.draw(arrays(s)) for s in shapes_.input_shapes)
    result = roofline.roofline(i, r, b)
    assert np.shape(result.attainable_flop_per_s) == shapes_.result_shape
    assert np.shape(result.bound) == shapes_.result_shape


@given(st.floats(0.0, 1.0), st.floats(1.0, 1e6), st.floats(1.0, 1e6))
def test_amdahl_never_exceeds_its_limit_and_grows_with_s(p, s, t):
    lo, hi = sorted((s, t))
    assert speedup.amdahl(p, lo) <= speedup.amdahl(p, hi) + 1e-12
    assert speedup.amdahl(p, hi) <= speedup.amdahl_limit(p) * (1 + 1e-12)


@given(positive, st.floats(0.01, 0.99), st.floats(0.5, 0.999))
def test_queue_response_grows_with_load_and_percentile(mu, rho, q):
    lam = rho * mu
    assert queueing.mm1_response(lam * 0.9, mu) <= queueing.mm1_response(lam, mu)
    assert queueing.mm1_percentile(lam, mu, q * 0.9) <= queueing.mm1_percentile(lam, mu, q)
    # more servers at the same per-server load never wait longer on average (pooling)
    assert queueing.mmc_wait(2 * lam, mu, 2) <= queueing.mmc_wait(lam, mu, 1) + 1e-12


@given(hnp.arrays(np.float64, st.integers(1, 20), elements=positive), positive, positive)
def test_transfer_time_vectorizes_and_is_monotonic_in_size(sizes, bw, latency):
    times = gravity.transfer_time(np.sort(sizes), bw, latency)
    assert times.shape == sizes.shape
    assert np.all(np.diff(times) >= 0)
