"""The laws added for the book's counting napkin math (issue 11): resource-time (GPU-hours,
person-years), the labeling cost with review and rework, the pairs of an all-to-all network and
the memory of training a small MLP. Each expected value is worked by hand beside it."""

import numpy as np
import pytest

from ironlaw.derive import derive
from ironlaw.errors import ParameterError
from ironlaw.laws.cost import elapsed_time, labeling_cost, resource_time
from ironlaw.laws.memory import mlp_activation_values
from ironlaw.laws.speedup import pairs, usl

HOUR, DAY = 3600.0, 86400.0
KIB = 1024.0


# --- resource-time: N·t, T = N·t/W, N·t/Y ---

def test_gpu_hours_of_two_gpus_for_six_days():
    # 2 GPUs × 6 days × 24 h = 288 GPU-hours; shared by the 2 GPUs: 288/2 = 144 h = 6 days
    d = derive("resource-time", count="2", each="6 days", workers="2")
    values = d.to_dict()["values"]
    assert values["total_s"] == pytest.approx(288 * HOUR)
    assert values["elapsed_s"] == pytest.approx(6 * DAY)
    assert values["hours"] == pytest.approx(288)  # GPU-hours as a count, not "12 days"


def test_a_month_of_a_thousand_gpus_reads_in_gpu_hours():
    # 1024 GPUs × 30 days × 24 h = 737,280 GPU-hours (as time alone it is 84.1 years)
    text = derive("resource-time", count="1024", each="30 days").text()
    assert "= 737280 unit-hours" in text


def test_person_years_of_labeling_at_ten_seconds_a_label():
    # 23.4e6 labels × 10 s = 2.34e8 s = 65,000 h; at 2,000 working hours a year:
    # 65,000/2,000 = 32.5 person-years
    d = derive("resource-time", count="23.4e6", each="10 s", work_year="2000 h")
    values = d.to_dict()["values"]
    assert values["total_s"] == pytest.approx(65000 * HOUR)
    assert values["worker_years"] == pytest.approx(32.5)
    assert values["elapsed_s"] is None  # no workers given: no wall-clock time


def test_epochs_times_minutes_per_epoch():
    # 50 epochs × 12 min = 600 min = 10 h
    assert resource_time(50, 12 * 60.0) == pytest.approx(10 * HOUR)
    # it broadcasts: 1, 2 and 4 workers share 10 h as 10, 5 and 2.5 h
    assert elapsed_time(10 * HOUR, np.array([1.0, 2.0, 4.0])).tolist() == pytest.approx(
        [10 * HOUR, 5 * HOUR, 2.5 * HOUR])


def test_resource_time_refuses_a_fraction_of_a_worker():
    with pytest.raises(ParameterError) as err:
        derive("resource-time", count="2", each="6 days", workers="1.5")
    assert err.value.parameter == "workers"


# --- labeling cost: N·c·(1 + r_rev)·(1 + r_rw) ---

def test_labeling_cost_with_review_and_rework():
    # 1e6 × $0.10 = $100,000; × 1.1 × 1.2 = × 1.32 = $132,000, of which $32,000 overhead
    d = derive("labeling-cost", items="1e6", price="$0.10", review="0.1", rework="0.2")
    result = d.to_dict()["result"]
    assert result["cost_usd"] == pytest.approx(132000.0)
    assert result["base_usd"] == pytest.approx(100000.0)
    assert result["overhead_usd"] == pytest.approx(32000.0)


def test_labeling_cost_without_overhead_is_the_plain_total():
    # no review, no rework: 10e6 × $0.02 = $200,000; every label reviewed and redone: × 4
    assert labeling_cost(10e6, 0.02, 0.0, 0.0) == pytest.approx(200000.0)
    assert labeling_cost(10e6, 0.02, 1.0, 1.0) == pytest.approx(800000.0)


@pytest.mark.parametrize("field", ["review", "rework"])
def test_labeling_cost_refuses_a_share_above_one(field):
    given = {"items": "1e6", "price": "$0.10", "review": "0.1", "rework": "0.2", field: "1.5"}
    with pytest.raises(ParameterError) as err:
        derive("labeling-cost", **given)
    assert err.value.parameter == field


# --- pair count: n(n − 1)/2 ---

def test_pairs_of_a_thousand_devices():
    # 1000 × 999/2 = 499,500 links; each device has 999; both directions 999,000
    result = derive("pair-count", n="1000").to_dict()["result"]
    assert result["pairs"] == 499500
    assert result["per_unit"] == 999
    assert result["directed"] == 999000


def test_pairs_of_small_groups():
    # 1 unit: none; 2: one link; 4: 4·3/2 = 6 (the edges of a tetrahedron)
    assert pairs(np.array([1.0, 2.0, 4.0])).tolist() == [0.0, 1.0, 6.0]


def test_usl_coherency_term_counts_ordered_pairs():
    # N = 16, σ = 0.05, κ = 0.001: 16/(1 + 0.05·15 + 0.001·16·15) = 16/(1 + 0.75 + 0.24)
    # = 16/1.99 = 8.0402
    assert usl(16.0, 0.05, 0.001) == pytest.approx(16 / 1.99)


def test_pair_count_refuses_a_fraction_of_a_unit():
    with pytest.raises(ParameterError) as err:
        derive("pair-count", n="2.5")
    assert err.value.parameter == "n"


# --- MLP memory: P·b·(2 + k) + B·Σn_i·b against P·b + B_i·Σn_i·b ---

def test_mnist_mlp_training_against_inference_memory():
    # 784-128-64-10 with biases: 100,480 + 8,256 + 650 = 109,386 parameters × 4 B = 437,544 B
    # activations at batch 32: 32 × (784 + 128 + 64 + 10) = 32 × 986 = 31,552 values × 4 B
    #   = 126,208 B = 123.25 KiB
    # training: 437,544 × (1 + 1 + 2) + 126,208 = 1,750,176 + 126,208 = 1,876,384 B
    #   = 1.789 MiB
    # inference (batch 1): 437,544 + 986 × 4 = 437,544 + 3,944 = 441,488 B = 431.1 KiB
    # ratio 1,876,384/441,488 = 4.2501
    d = derive("mlp-memory", widths="784, 128, 64, 10", batch="32")
    values = d.to_dict()["values"]
    assert values["params"] == 109386
    assert values["values"] == 31552
    assert values["activations_bytes"] == pytest.approx(126208.0)
    assert values["optimizer_bytes"] == pytest.approx(875088.0)
    assert values["training_bytes"] == pytest.approx(1876384.0)
    assert values["inference_bytes"] == pytest.approx(441488.0)
    assert values["ratio"] == pytest.approx(1876384 / 441488)
    assert values["activations_bytes"] / KIB == pytest.approx(123.25)


def test_mlp_memory_with_plain_sgd_in_fp16():
    # 4-4 with biases: 16 + 4 = 20 parameters × 2 B = 40 B; SGD (k = 0): 40 + 40 = 80 B
    # activations at batch 2: 2 × (4 + 4) = 16 values × 2 B = 32 B; training 80 + 32 = 112 B
    # inference at batch 2: 40 + 32 = 72 B
    d = derive("mlp-memory", widths="4, 4", batch="2", precision="fp16", states="0",
               serve_batch="2")
    values = d.to_dict()["values"]
    assert values["training_bytes"] == pytest.approx(112.0)
    assert values["inference_bytes"] == pytest.approx(72.0)


def test_mlp_activation_values_count_the_input_layer():
    # batch 3 of 10-5-2: 3 × 17 = 51
    assert mlp_activation_values((10, 5, 2), 3) == 51


def test_mlp_memory_needs_two_widths():
    with pytest.raises(ParameterError) as err:
        derive("mlp-memory", widths="784", batch="32")
    assert err.value.parameter == "widths"
