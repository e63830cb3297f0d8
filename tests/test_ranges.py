"""One range syntax for every option that takes several sizes (``ironlaw.ranges``)."""

import pytest

from ironlaw.errors import ParameterError
from ironlaw.ranges import MAX_VALUES, expand, positive, unique, whole


@pytest.mark.parametrize(("text", "expected"), [
    ("1..64x2", [1, 2, 4, 8, 16, 32, 64]),  # 2^0 ... 2^6
    ("10..50:10", [10, 20, 30, 40, 50]),
    ("1..4", [1, 2, 3, 4]),
    ("1,8,32", [1, 8, 32]),
    ("1..8x2,12,16", [1, 2, 4, 8, 12, 16]),
    ("3..100x3", [3, 9, 27, 81]),  # 243 > 100
])
def test_lists_of_sizes(text, expected):
    assert expand(text, "batch", whole("batch")) == expected


def test_quantities_with_units_and_lists():
    assert expand("100 ms..300 ms:100 ms", "slo", positive("slo", "time", "200 ms")) == \
        pytest.approx([0.1, 0.2, 0.3])
    assert expand([1, "4..16x4"], "batch", whole("batch")) == [1, 4, 16]


def test_a_long_range_does_not_drift():
    values = expand("0.1..1000:0.1", "x", positive("x", "count", "1"))
    assert len(values) == 10_000 and values[-1] == 1000.0 and values[2] == 0.3


@pytest.mark.parametrize("text", ["1..1e9", "1..20000", "1..10000,1"])
def test_a_list_too_long_is_refused_before_it_is_built(text):
    # "count" (replicas) has no size limit of its own, so the list's length is what is refused
    with pytest.raises(ParameterError, match=f"^count: more than {MAX_VALUES:,} values"):
        expand(text, "count", whole("count"))


@pytest.mark.parametrize("text", ["0,8", "8..1", "1..64x1", "1..64:0", "2.5", "", "a..b",
                                  "1..64x1e400", "1..64x9**9"])  # factors pint cannot read
def test_bad_lists_name_the_parameter(text):
    with pytest.raises(ParameterError) as caught:
        expand(text, "batch", whole("batch"))
    assert caught.value.parameter == "batch"


def test_a_value_listed_twice_is_refused():
    with pytest.raises(ParameterError, match="^batch: 8 is listed twice"):
        unique(expand("8,1..8x2", "batch", whole("batch")), "batch")


@pytest.mark.parametrize("args", [("plot", "batch", "gpt2", "--on", "h100", "--out", "b.png",
                                   "--batches"), ("validate", "mlp", "--batch"),
                                  ("sweep", "--model", "resnet50", "--device", "h100", "--batch")])
def test_every_list_of_sizes_uses_the_same_syntax(cli, args):
    code, _, err = cli(*args, "1..64x1")  # a factor of 1 never grows
    assert code == 2 and f"error: {args[-1]}: range '1..64x1' must run upward" in err, err
