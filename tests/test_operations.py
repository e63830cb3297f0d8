"""Energy, carbon, water, cost and reliability: hand calculations, published figures, invariants."""

import dataclasses
import json
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ironlaw.errors import UserError
from ironlaw.frameworks import ops
from ironlaw.frameworks.cost import analyze
from ironlaw.frameworks.graph import Graph
from ironlaw.hardware.catalog import builtin
from ironlaw.laws.reliability import daly_interval, failure_probability, young_interval
from ironlaw.operations import carbon, energy_of, reliability, run_cost, water
from ironlaw.operations.tables import GRID_CARBON, INSTANCES, MTBF, PUE

KWH = 3.6e6  # J
HOUR = 3600.0  # s
YEAR = 365.25 * 86400.0  # s, a Julian year
L_PER_KWH = 1e-3 / KWH  # 1 L/kWh in m³/J: 1 L = 1e-3 m³

# --- energy --------------------------------------------------------------------------------------


def _one_linear_on_h100(**energy_kwargs):
    catalog = builtin()
    device = catalog.device("h100")
    graph = Graph("one-linear", (ops.linear("fc", 1, 1024, 1024, "fp16"),), "fp16", {"batch": 1})
    analysis = analyze(graph, device, catalog.efficiency_of(device), "eager")
    return analysis, energy_of(analysis, **energy_kwargs)


def test_physics_energy_of_one_linear_layer_by_hand():
    # y = x·Wᵀ + b, 1 row, 1024 -> 1024, fp16:
    #   FLOPs 2·1024·1024 = 2,097,152 at 0.75 pJ (Horowitz fp16: (1.1 + 0.4) pJ / 2 FLOP)
    #   weights (1024·1024 + 1024)·2 B = 2,099,200 B from HBM at 3.97 pJ/bit × 8 = 31.76 pJ/B;
    #   activations 2·1024·2 B = 4,096 B fit the 50 MiB L2 (which has a bandwidth), read there at
    #   Horowitz's 1 MB SRAM figure, 100 pJ / 8 B = 12.5 pJ/B
    _, e = _one_linear_on_h100(method="physics")
    compute = 2_097_152 * 0.75e-12
    movement = 2_099_200 * 31.76e-12 + 4_096 * 12.5e-12
    assert e.flops_by_precision == {"fp16": 2_097_152}
    assert e.bytes_by_level == {"hbm": pytest.approx(2_099_200), "l2": pytest.approx(4_096)}
    assert e.physics_compute_j == pytest.approx(compute)
    assert e.physics_movement_j == pytest.approx(movement)
    assert e.energy_j == pytest.approx(compute + movement) and e.headline == "physics"
    assert e.physics_dominant == "movement"  # a byte from HBM costs ~42 fp16 FLOPs


def test_board_energy_is_idle_plus_busy_share_of_tdp_times_latency():
    # P = P_idle + (P_TDP − P_idle)·u = 100 + (700 − 100)·0.5 = 400 W; E = P·T
    analysis, e = _one_linear_on_h100(method="board", utilization=0.5, idle_w=100.0)
    assert e.power_w == pytest.approx(400.0)
    assert e.energy_j == pytest.approx(400.0 * analysis.latency_s)
    # default utilization: the time not spent in launch gaps, 1 − overhead/latency
    analysis, e = _one_linear_on_h100()
    assert e.utilization == pytest.approx(1 - analysis.overhead_s / analysis.latency_s)
    # the H100's catalog idle power: 85 W, the median of 8 idle GPUs in a public nvidia-smi -q
    assert e.board_j == pytest.approx((85.0 + (700.0 - 85.0) * e.utilization)
                                      * analysis.latency_s)
    assert e.headline == "board" and e.physics_j is not None
    assert not any("idle power not in the catalog" in a for a in e.assumptions)
    # a device without one (the MI325X: no public idle reading was found) says so and draws
    # the TDP share alone
    mi325x = builtin().device("mi325x")
    assert mi325x.power.idle is None
    graph = analysis.graph
    bare = energy_of(analyze(graph, mi325x, builtin().efficiency_of(mi325x)))
    assert any("idle power not in the catalog" in a for a in bare.assumptions)


def test_energy_per_token_and_explain():
    catalog = builtin()
    device = catalog.device("h100")
    from ironlaw.models.zoo import build_model

    graph = build_model("llama-3-8b", phase="decode", batch=8, context=2048)
    e = energy_of(analyze(graph, device, catalog.efficiency_of(device)))
    assert e.tokens == 8 and e.per_token_j == pytest.approx(e.energy_j / 8)
    text = e.explain().text()
    assert "E = P·T" in text and "E_D = Σ D_ℓ·e_byte(ℓ)" in text
    assert e.to_dict()["per_sample_j"] == pytest.approx(e.energy_j / 8)


def test_energy_user_errors():
    analysis, _ = _one_linear_on_h100()
    with pytest.raises(UserError, match="^method: expected one of"):
        energy_of(analysis, "magic")
    with pytest.raises(UserError, match="^utilization: expected a fraction"):
        energy_of(analysis, utilization=1.5)
    with pytest.raises(UserError, match="^idle_w: expected 0 to the TDP"):
        energy_of(analysis, idle_w=900.0)


def test_physics_energy_refused_where_the_table_has_no_figure():
    catalog = builtin()
    device = catalog.device("esp32-s3")
    from ironlaw.models.zoo import build_model

    analysis = analyze(build_model("ds-cnn", dtype="int8"), device,
                       catalog.efficiency_of(device))
    e = energy_of(analysis)  # board still works; physics is reported as unavailable
    assert e.physics_j is None and any("flash" in a for a in e.assumptions)
    with pytest.raises(UserError, match="flash"):
        energy_of(analysis, "physics")


# --- carbon and water ----------------------------------------------------------------------------


def test_carbon_is_kwh_times_grams_per_kwh_times_pue():
    # France 2023 (Ember via Our World in Data): 56 gCO2e/kWh. 1 kWh at PUE 1.2:
    # 1 × 56 × 1.2 = 67.2 g
    assert GRID_CARBON["fr"].value * KWH * 1e3 == pytest.approx(56)
    c = carbon(KWH, "fr", 1.2)
    assert c.carbon_kg == pytest.approx(0.0672) and c.facility_energy_j == pytest.approx(1.2 * KWH)
    # a custom 429 g/kWh: 10 kWh × 429 g/kWh × 1.5 = 6,435 g
    c = carbon(10 * KWH, pue=1.5, intensity=429e-3 / KWH)
    assert c.carbon_kg == pytest.approx(6.435) and c.region == "custom"
    # EIA: 0.81 lb CO2/kWh in 2023 = 0.81 × 453.59237 g
    assert carbon(KWH, "us", 1.0).carbon_kg == pytest.approx(0.81 * 0.45359237)
    assert "C_op = E_IT · PUE · I_grid" in c.explain().text()


def test_default_pue_is_recorded_and_embodied_carbon_is_amortized():
    c = carbon(KWH, "se")
    assert c.pue == PUE["industry-average"].value == 1.58  # Uptime Institute, 2023
    said = next(a for a in c.assumptions if a.startswith("PUE 1.58 assumed"))
    assert "Uptime Institute" in said and "Source(" not in said  # cited, not a raw record
    # 8 H100s at 164 kg each (NVIDIA HGX H100 PCF / 8), used 1 year of a 5-year life:
    # 8 × 164 × 1/5 = 262.4 kg
    c = carbon(0.0, "fr", 1.1, embodied_kg=8 * 164, use_s=1.0, lifetime_s=5.0)
    assert c.embodied_kg == pytest.approx(262.4) and c.carbon_kg == pytest.approx(262.4)


def test_carbon_user_errors():
    with pytest.raises(UserError, match="region"):
        carbon(1.0, "atlantis")
    with pytest.raises(UserError, match="^pue: power usage effectiveness"):
        carbon(1.0, "fr", 0.8)
    with pytest.raises(UserError, match="pue"):
        carbon(1.0, "fr", "hyperscale-magic")


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 1e12), st.floats(0, 1e12), st.floats(1.0, 3.0), st.floats(1.0, 3.0),
       st.sampled_from(sorted(GRID_CARBON)))
def test_carbon_is_monotonic_in_energy_and_pue(e1, e2, p1, p2, region):
    lo_e, hi_e = sorted((e1, e2))
    lo_p, hi_p = sorted((p1, p2))
    assert carbon(lo_e, region, lo_p).carbon_kg <= carbon(hi_e, region, lo_p).carbon_kg
    assert carbon(lo_e, region, lo_p).carbon_kg <= carbon(lo_e, region, hi_p).carbon_kg


def test_carbon_and_water_broadcast_over_arrays():
    energy = np.array([1.0, 2.0, 3.0]) * KWH
    c = carbon(energy, "de", 1.0)
    assert c.carbon_kg.shape == (3,) and c.carbon_kg[2] == pytest.approx(3 * 0.381)
    # 1, 2, 3 kWh × 0.5 L/kWh = 0.5, 1, 1.5 L = 0.0005, 0.001, 0.0015 m³
    w = water(energy, 0.5 * L_PER_KWH)
    assert w.water_m3 == pytest.approx([0.5e-3, 1e-3, 1.5e-3])


def test_water_from_wue_and_the_grid():
    # 1 MWh × 0.15 L/kWh (AWS 2024) = 1,000 kWh × 0.15 L/kWh = 150 L = 0.15 m³ on site
    w = water(1000 * KWH)
    assert w.onsite_m3 == pytest.approx(0.15) and w.grid_m3 is None
    assert w.wue_m3_per_j == pytest.approx(0.15e-3 / 3.6e6)  # 0.15 L/kWh = 4.17e-11 m³/J
    # plus the grid: 1,000 kWh × PUE 1.2 × 2 L/kWh = 2,400 L; with 0.3 L/kWh on site, 300 L
    w = water(1000 * KWH, 0.3 * L_PER_KWH, pue=1.2, grid_water=2.0 * L_PER_KWH)
    assert w.onsite_m3 == pytest.approx(0.3) and w.grid_m3 == pytest.approx(2.4)
    assert w.water_m3 == pytest.approx(2.7)  # 300 L + 2,400 L = 2,700 L
    assert w.to_dict()["water_m3"] == pytest.approx(2.7)
    assert "2.7 kL" in w.explain().text() and w.rows()[0].records[0]["value"] == "2.7 kL"
    with pytest.raises(UserError, match="^wue: water usage effectiveness"):
        water(1.0, -1.0)
    with pytest.raises(UserError, match="^grid_water: must be 0 or more"):
        water(1.0, grid_water=-1e-10)


def test_water_of_a_stated_energy_by_hand():
    """A 10 MW IT load for one hour at WUE 1.8 L/kWh (the book's vol2 System Assumptions
    appendix): 10 MW × 1 h = 10,000 kWh, × 1.8 L/kWh = 18,000 L = 18 m³; at the table's key
    aws-2021 (0.25 L/kWh), 10,000 kWh × 0.25 = 2,500 L = 2.5 m³."""
    energy = 10e6 * HOUR  # J
    assert water(energy, 1.8 * L_PER_KWH).water_m3 == pytest.approx(18.0)
    w = water(energy, "aws-2021")
    assert w.water_m3 == pytest.approx(2.5) and "0.25 L/kWh" in w.sources[0]


# --- cost ----------------------------------------------------------------------------------------


def test_cloud_cost_by_hand():
    # p5.48xlarge capacity block: $39.33 per instance-hour for 8 GPUs;
    # 64 GPUs = 8 instances × 100 h × $39.33 = $31,464
    figure, gpus, _ = INSTANCES["p5.48xlarge-cb"]
    assert figure.value == pytest.approx(39.33 / HOUR) and gpus == 8  # USD per instance-second
    c = run_cost(100 * HOUR, 64, instance="p5.48xlarge-cb")
    assert c.cost_usd == pytest.approx(8 * 100 * 39.33) and c.mode == "cloud"
    # 10 h × 2 devices × $2.50/h = $50, the price given in SI or as people write it
    assert run_cost(10 * HOUR, 2, price=2.5 / HOUR).cost_usd == pytest.approx(50.0)
    assert run_cost(10 * HOUR, 2, price="$2.50/h").cost_usd == pytest.approx(50.0)


def test_h200_capacity_block_price_by_hand():
    # AWS EC2 Capacity Blocks table: p5e.48xlarge (8 × H200), US East (Ohio), $43.26 per
    # instance-hour, $5.408 per GPU-hour; 16 GPUs for 10 h = 2 instances × 10 h × $43.26
    figure, gpus, _ = INSTANCES["p5e.48xlarge-cb"]
    assert figure.value == pytest.approx(43.26 / HOUR) and gpus == 8
    assert figure.value * HOUR / gpus == pytest.approx(5.408, abs=0.001)
    assert run_cost(10 * HOUR, 16, instance="p5e.48xlarge-cb").cost_usd == pytest.approx(
        2 * 10 * 43.26)


# Each dated on-demand price as its source lists it, per instance-hour, and the devices the
# instance carries; the price per device-hour is written out by hand. AWS rows: SkyPilot catalog
# catalogs/v8/aws/vms.csv (commit 00148f2), us-east-1. Cloud TPU rows: catalogs/v8/gcp/vms.csv
# (commit 006059e), us-central1; v5p-8 is 4 chips (8 TensorCores), v6e-8 and v5litepod-64 count
# chips.
ON_DEMAND = [
    # instance, $/instance-hour, devices, catalog device, $/device-hour by hand
    ("p5.48xlarge", 55.04, 8, "h100-sxm", 6.88),            # 55.04 / 8
    ("p4de.24xlarge", 27.44705, 8, "a100-80gb", 3.43088125),  # 27.44705 / 8
    ("p4d.24xlarge", 21.957642, 8, "a100-40gb", 2.74470525),  # 21.957642 / 8
    ("p3dn.24xlarge", 31.212, 8, "v100", 3.9015),            # 31.212 / 8, V100 32GB
    ("g6e.12xlarge", 10.49264, 4, "l40s", 2.62316),          # 10.49264 / 4
    ("g6.xlarge", 0.8048, 1, "l4", 0.8048),
    ("g4dn.xlarge", 0.526, 1, "t4", 0.526),
    ("tpu-v6e-8", 21.6, 8, "tpu-v6e", 2.70),                 # 21.60 / 8
    ("tpu-v5p-8", 16.8, 4, "tpu-v5p", 4.20),                 # 16.80 / 4
    ("tpu-v5litepod-64", 76.8, 64, "tpu-v5e", 1.20),         # 76.80 / 64
]


@pytest.mark.parametrize("instance, price, devices, device, per_device", ON_DEMAND,
                         ids=[r[0] for r in ON_DEMAND])
def test_on_demand_price_per_device_hour_by_hand(instance, price, devices, device, per_device):
    figure, per, carried = INSTANCES[instance]
    # SI in the table: the quoted $/instance-hour over 3600 s
    assert figure.value == pytest.approx(price / HOUR, rel=1e-12) and figure.unit == "USD/s"
    assert per == devices and carried == device and builtin().device(device).id == device
    # the price cost uses: run_cost's price per device-second, for one device-hour
    one = run_cost(HOUR, 1, instance=instance)
    assert one.price_usd_per_s == pytest.approx(per_device / HOUR, rel=1e-9)
    assert one.cost_usd == pytest.approx(per_device, rel=1e-9)
    # a whole instance for 10 h is 10 instance-hours
    assert run_cost(10 * HOUR, devices, instance=instance).cost_usd == pytest.approx(10 * price)
    # dated, with the source's address, and the split stated in the note
    assert figure.source.checked.isoformat() == "2026-12-05" and figure.source.url
    assert "on-demand" in figure.source.note and re.search(r"\b20[0-2]\d\b", figure.source.title)


def test_every_instance_names_its_catalog_accelerator():
    catalog = builtin()
    for name, instance in INSTANCES.items():
        assert catalog.device(instance.accelerator).id == instance.accelerator, name


def test_tpu_v6e_instance_is_costed_through_the_cli(cli):
    code, out, _ = cli("cost", "llama-3-8b", "--on", "tpu-v6e", "--hours", "2", "--devices",
                       "8", "--instance", "tpu-v6e-8", "--format", "json")
    assert code == 0, out
    # 8 chips × 2 h × $2.70 per chip-hour = $43.20
    assert json.loads(out)["cost"]["cost_usd"] == pytest.approx(43.20)


def test_sweep_cloud_price_is_a_devices_first_listed_instance():
    from ironlaw.explore.spec import make_space

    space = make_space("resnet50", "h100,tpu-v6e,l4", price="cloud")
    # H100 keeps its Capacity Block rate ($39.33 / 8), listed before the on-demand p5.48xlarge;
    # per device-second: each $/device-hour over 3600 s
    assert space.price_per_s == pytest.approx((39.33 / 8 / HOUR, 21.6 / 8 / HOUR,
                                               0.8048 / HOUR))


def test_owned_cost_amortizes_capex_and_adds_electricity():
    # DGX A100 at $199,000 for 8 GPUs = $24,875 per GPU; 64 GPUs for 100 h over a 4-year
    # life (4 × 365.25 × 24 = 35,064 h) at 50% utilization:
    #   24,875 × 64 × 100 / (35,064 × 0.5) = $9,080.53
    # electricity at the node's 6.5 kW rating: 6.5 kW / 8 × 64 × 100 h = 5,200 kWh
    #   × PUE 1.5 × $0.10/kWh = $780
    c = run_cost(100 * HOUR, 64, node="dgx-a100", lifetime_s=4 * YEAR, utilization=0.5,
                 electricity_price="$0.10/kWh", pue=1.5)
    assert c.capex_per_device_usd == pytest.approx(24_875)
    assert c.compute_usd == pytest.approx(24_875 * 64 * 100 / (35_064 * 0.5))
    assert c.energy_j == pytest.approx(5_200 * KWH)
    assert c.electricity_usd == pytest.approx(780.0)
    assert c.cost_usd == pytest.approx(c.compute_usd + 780.0)
    assert c.electricity_usd_per_j == pytest.approx(0.10 / KWH)  # $0.10/kWh in USD/J
    assert "C_capex = c · N · t / (L · u)" in c.explain().text()
    # the same price in SI: $0.10/kWh = 0.10 / 3.6e6 USD/J
    si = run_cost(100 * HOUR, 64, node="dgx-a100", lifetime_s=4 * YEAR, utilization=0.5,
                  electricity_price=0.10 / KWH, pue=1.5)
    assert si.electricity_usd == pytest.approx(780.0)
    # a table key: us-ca-commercial, 23.91 ¢/kWh (EIA 2023) on 5,200 kWh × 1.5 = $1,864.98
    keyed = run_cost(100 * HOUR, 64, node="dgx-a100", electricity_price="us-ca-commercial",
                     pue=1.5)
    assert keyed.electricity_usd == pytest.approx(5_200 * 1.5 * 0.2391)


def test_cost_user_errors():
    with pytest.raises(UserError, match="no price"):
        run_cost(1, 1)
    with pytest.raises(UserError, match="not both"):
        run_cost(1, 1, price=2.0, node="dgx-a100")
    with pytest.raises(UserError, match="capex_usd"):
        run_cost(1, 1, node="dgx-h100")  # the catalog has no DGX H100 price
    with pytest.raises(UserError, match="instance"):
        run_cost(1, 1, instance="p9.huge")
    with pytest.raises(UserError, match="^duration_s"):
        run_cost(0, 1, price=1.0)
    with pytest.raises(UserError, match="^price: .*a price per unit time"):
        run_cost(1, 1, price="$2/GB")
    with pytest.raises(UserError, match="^electricity_price: .*price of electricity"):
        run_cost(1, 1, node="dgx-a100", electricity_price="$0.10/h")
    with pytest.raises(UserError, match="^electricity_price: unknown electricity rate"):
        run_cost(1, 1, node="dgx-a100", electricity_price="us-moon")


# --- reliability ---------------------------------------------------------------------------------


def test_young_daly_interval_by_hand():
    # δ = 5 min = 300 s, M = 24 h = 86,400 s: τ = √(2 × 300 × 86,400) = √51,840,000 = 7,200 s
    assert young_interval(300.0, 86_400.0) == pytest.approx(7_200.0)
    # Daly: δ/2M = 1/576, √ = 1/24: 7,200 × (1 + 1/72 + 1/5,184) − 300 = 7,001.39 s
    assert daly_interval(300.0, 86_400.0) == pytest.approx(7_200 * (1 + 1 / 72 + 1 / 5184) - 300)
    assert daly_interval(200_000.0, 86_400.0) == 86_400.0  # δ ≥ 2M: checkpoint every M


def test_reliability_goodput_by_hand():
    # one device, MTBF 24 h; 300 GB checkpoint at 1 GB/s -> δ = 300 s, restart R = δ
    r = reliability(24 * HOUR, 1, mtbf_s=24 * HOUR, checkpoint_bytes=300e9,
                    storage_bandwidth=1e9)
    assert r.checkpoint_s == 300 and r.interval_young_s == pytest.approx(7_200)
    # waste = 300/7,200 + 7,200/(2 × 86,400) + 300/86,400 = 0.041667 + 0.041667 + 0.003472
    waste = 300 / 7200 + 7200 / 172_800 + 300 / 86_400
    assert r.waste_fraction == pytest.approx(waste) and r.goodput == pytest.approx(1 - waste)
    assert r.wall_clock_s == pytest.approx(24 * HOUR / (1 - waste)) and r.feasible


def test_failure_probability_by_hand():
    # 10 devices of 1,000 h MTBF: the cluster fails every 100 h; a 100 h run expects 1 failure
    # and fails with probability 1 − e⁻¹ = 0.6321
    r = reliability(100 * HOUR, 10, mtbf_s=1_000 * HOUR)
    assert r.mtbf_cluster_s == pytest.approx(100 * HOUR)
    assert r.expected_failures == pytest.approx(1.0)
    assert r.failure_probability == pytest.approx(1 - math.exp(-1))
    assert failure_probability(np.array([0.0, 1.0]), 1.0) == pytest.approx([0.0, 1 - 1 / math.e])


def test_llama3_interruption_rate_validates_the_model():
    # Meta, Llama 3 (2024): 419 unexpected interruptions in 54 days on 16,384 H100s. The default
    # MTBF is derived from that count, so expecting 419 is a check of the arithmetic; the
    # independent check is DatacenterDynamics' "one failure every three hours" and Meta's
    # ">90% effective training time" with checkpoints of up to 4 GB per GPU written to a
    # 2 TB/s (sustained) Tectonic file system.
    assert MTBF.value / HOUR == pytest.approx(16_384 * 54 * 24 / 419)
    r = reliability(54 * 24 * HOUR, 16_384, checkpoint_bytes=16_384 * 4e9, storage_bandwidth=2e12)
    assert r.expected_failures == pytest.approx(419)
    assert 2.9 < r.mtbf_cluster_s / HOUR < 3.2
    assert 0.90 < r.goodput < 0.97


def test_a_checkpoint_slower_than_failures_is_an_infeasible_verdict():
    r = reliability(24 * HOUR, 1000, mtbf_s=100 * HOUR, checkpoint_bytes=1e15,
                    storage_bandwidth=1e9)
    assert not r.feasible and r.goodput == 0 and r.verdict.startswith("INFEASIBLE")
    with pytest.raises(UserError, match="checkpoint_bytes: goes with storage_bandwidth"):
        reliability(24 * HOUR, 8, checkpoint_bytes=1e12)
    with pytest.raises(UserError, match="^mtbf_s"):
        reliability(24 * HOUR, 8, mtbf_s=-3 * HOUR)


@settings(max_examples=60, deadline=None)
@given(st.floats(1, 1e4), st.floats(1, 1e5), st.floats(1e2, 1e7))
def test_young_interval_minimizes_first_order_waste(delta, factor, mtbf):
    from ironlaw.laws.reliability import waste_fraction

    mtbf = max(mtbf, 4 * delta)
    tau = young_interval(delta, mtbf)
    best = waste_fraction(tau, delta, mtbf)
    for t in (tau * 0.8, tau * 1.25, tau * factor / (1 + factor)):
        assert waste_fraction(t, delta, mtbf) >= best * (1 - 1e-12)


# --- provenance --------------------------------------------------------------------------------


def test_every_table_value_has_provenance():
    from ironlaw.operations import tables

    figures = [*tables.GRID_CARBON.values(), *tables.PUE.values(), *tables.WUE.values(),
               *tables.ELECTRICITY.values(), *(i.price for i in tables.INSTANCES.values()),
               tables.LIFETIME, tables.MTBF]
    for f in figures:
        assert f.source.title and f.source.kind in ("datasheet", "paper", "measured", "derived",
                                                    "estimate")
        # checked when the table was assembled, or the day a later price list was read
        assert str(f.source.checked) in ("2026-11-28", "2026-12-05") and f.value >= 0
        assert re.search(r"\b20[0-2]\d\b", f.source.title)  # the year it describes


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_cost_json_keys_carry_units(cli):
    code, out, _ = cli("cost", "llama-3-8b", "--on", "h100", "--phase", "decode", "--context",
                       "2048", "--batch", "8", "--requests", "1000", "--region", "fr", "--pue",
                       "1.2", "--instance", "p5.48xlarge-cb", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["run"]["energy_j"] == pytest.approx(data["energy"]["per_sample_j"] * 1000)
    # France 56 g/kWh in SI: 56e-3 kg / 3.6e6 J
    assert data["carbon"]["carbon_intensity_kg_per_j"] == pytest.approx(56e-3 / 3.6e6)
    assert "carbon_intensity_g_per_kwh" not in data["carbon"]  # one key, in SI
    # carbon = kWh × g/kWh × PUE (+ the embodied share of the H100's 164 kg)
    assert data["carbon"]["operational_kg"] == pytest.approx(
        data["run"]["energy_j"] / KWH * 56e-3 * 1.2)
    assert data["cost"]["price_usd_per_s"] == pytest.approx(39.33 / 8 / HOUR)
    for key in ("energy_j", "board_j", "physics_j", "power_w", "per_token_j"):
        assert key in data["energy"]
    # on-site water = IT energy × WUE, the default WUE AWS's 0.15 L/kWh (2024 data), in m³
    # (1 L = 1e-3 m³); the grid's water is not counted unless asked for
    assert data["water"]["water_m3"] == pytest.approx(data["run"]["energy_j"] / KWH * 0.15e-3)
    assert data["water"]["wue_m3_per_j"] == pytest.approx(0.15e-3 / KWH)
    assert data["water"]["grid_m3"] is None
    assert data["reliability"] is None


@pytest.mark.parametrize("wue, l_per_kwh", [("0.15 L/kWh", 0.15), ("300 mL/kWh", 0.3),
                                             ("aws-2021", 0.25)])  # AWS 2021: 0.25 L/kWh
def test_cli_cost_reads_wue_and_grid_water_in_people_units(cli, wue, l_per_kwh):
    code, out, err = cli("cost", "resnet50", "--on", "a100", "--hours", "2", "--pue", "1.2",
                         "--wue", wue, "--grid-water", "1.8 L/kWh", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    kwh = data["run"]["energy_j"] / KWH
    # on site: kWh × WUE [L/kWh] litres, 1e-3 m³ each; the grid's: kWh × PUE 1.2 × 1.8 L/kWh
    assert data["water"]["onsite_m3"] == pytest.approx(kwh * l_per_kwh * 1e-3)
    assert data["water"]["grid_m3"] == pytest.approx(kwh * 1.2 * 1.8 * 1e-3)
    assert data["water"]["water_m3"] == pytest.approx(kwh * (l_per_kwh + 1.2 * 1.8) * 1e-3)


def test_cli_cost_training_run_with_checkpoints(cli):
    code, out, _ = cli("cost", "gpt2", "--on", "h100", "--phase", "train", "--seq", "512",
                       "--batch", "8", "--hours", "100", "--devices", "64", "--checkpoint",
                       "100 GB", "--storage", "10 GB/s", "--mtbf-hours", "50000",
                       "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["energy"]["model"] == "gpt2.train"
    rel = data["reliability"]
    assert rel["checkpoint_s"] == pytest.approx(10.0)
    assert rel["interval_young_s"] == pytest.approx(math.sqrt(2 * 10 * 50_000 * HOUR / 64))


def test_cli_cost_table_explain_and_csv(cli):
    code, out, _ = cli("cost", "resnet50", "--on", "a100", "--batch", "32", "--hours", "2",
                       "--capex", "$15000", "--electricity", "$0.12/kWh")
    assert code == 0 and "carbon" in out and "cost (owned)" in out and "assumption" in out
    code, out, _ = cli("cost", "resnet50", "--on", "a100", "--explain")
    assert code == 0 and "E = P·T" in out and "C_op = E_IT · PUE · I_grid" in out
    code, out, _ = cli("cost", "resnet50", "--on", "a100", "--format", "csv")
    assert code == 0 and out.startswith("model,device,precision,mode,phase,batch,scope,")
    code, out, _ = cli("cost", "resnet50", "--on", "a100", "--explain", "--format", "markdown")
    assert code == 0 and "| quantity | formula |" in out


@pytest.mark.parametrize("args, flag", [
    (("--region", "atlantis"), "--region"),
    (("--pue", "0.5"), "--pue"),
    (("--requests", "10", "--hours", "1"), "--requests"),
    (("--checkpoint", "1 TB"), "--hours"),
    (("--hours", "1e308"), "--hours: expected a run length in hours, more than 0 and at most "
     "876,600"),  # was ∞
    (("--price-per-hour", "$2/GB"), "--price-per-hour"),
    (("--price-per-hour", "nan"), "--price-per-hour"),  # float() read it as a price
    (("--price-per-hour", "inf"), "--price-per-hour"),
    (("--price-per-hour", "1_0"), "--price-per-hour"),  # float() read it as 10
    (("--method", "vibes"), "--method"),
    # domain parameters named by this command's options: idle_w by the alias table,
    # grid_water, utilization and lifetime_years by the options of their own names
    (("--idle-power", "900 W"), "--idle-power: expected 0 to the TDP"),
    (("--grid-water", "-1 L/kWh"), "--grid-water: must be 0 or more"),
    # a water intensity or an electricity price without its unit is refused, never guessed
    (("--wue", "0.15"), "--wue: '0.15' has no unit; write it with its unit, like '0.15 L/kWh'"),
    (("--wue", "0.15 L/h"), "--wue: '0.15 L/h' is not a volume of water per energy"),
    (("--wue", "aws-2099"), "--wue: unknown WUE figure"),
    (("--grid-water", "1.8"), "--grid-water: '1.8' has no unit"),
    (("--capex", "$30000", "--electricity", "0.12"), "--electricity: '0.12' has no unit"),
    (("--capex", "$30000", "--electricity", "$0.12/h"), "--electricity: '$0.12/h' is not a "
     "price of electricity"),
    # refused where nothing is priced by it too: never ignored (it passed with exit 0)
    (("--electricity", "$"), "--electricity: cannot read '$'"),
    (("--utilization", "1.5"), "--utilization: expected a fraction"),
    (("--lifetime-years", "-2"), "--lifetime-years: expected a service life in years"),
])
def test_cli_cost_user_errors_exit_2(cli, args, flag):
    code, _, err = cli("cost", "resnet50", "--on", "a100", *args)
    assert code == 2 and flag in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")


# The run's bounds, by hand: a century is 100 × 365.25 × 24 = 876,600 h; ten million devices;
# 10^18 requests (a billion a second for ~30 years); a service life of 0.1 to 100 years.
HUGE = "9" * 320  # a whole number past any float: it once overflowed float() (a traceback)
BOUNDS = [
    ("--hours", "876600.001", "more than 0 and at most 876,600"),
    ("--hours", "1e308", "more than 0 and at most 876,600"),
    ("--hours", "0", "more than 0 and at most 876,600"),
    ("--requests", HUGE, "from 1 to 1000000000000000000; got a 320-digit number"),
    ("--requests", "1000000000000000001", "from 1 to 1000000000000000000"),
    ("--requests", "0", "from 1 to 1000000000000000000"),
    ("--devices", HUGE, "from 1 to 10000000; got a 320-digit number"),
    ("--devices", "10000001", "from 1 to 10000000"),
    ("--devices", "0", "from 1 to 10000000"),
    ("--lifetime-years", "1e-300", "from 0.1 to 100"),  # once amortized carbon over 3e-293 s
    ("--lifetime-years", "0.09", "from 0.1 to 100"),
    ("--lifetime-years", "100.5", "from 0.1 to 100"),
]


@pytest.mark.parametrize("flag, value, says", BOUNDS, ids=lambda x: str(x)[:20])
def test_cli_cost_refuses_a_run_out_of_bounds(cli, flag, value, says):
    scope = () if flag in ("--hours", "--requests") else ("--hours", "1")
    # a service life prices owned hardware; the others a rented instance
    price = ("--capex", "$30000") if flag == "--lifetime-years" else ("--instance", "p5.48xlarge")
    code, out, err = cli("cost", "gpt2", "--on", "h100", *scope, flag, value, *price)
    assert code == 2, out
    assert err.startswith(f"error: {flag}: expected ") and says in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("extra", [
    ("--hours", "876600", "--devices", "10000000", "--instance", "p5.48xlarge"),
    ("--hours", "876600", "--devices", "10000000", "--capex", "$30000", "--lifetime-years",
     "0.1"),
    ("--requests", "1000000000000000000", "--capex", "$30000", "--lifetime-years", "100"),
])
def test_cli_cost_at_its_bounds_is_finite(cli, extra):
    code, out, err = cli("cost", "gpt2", "--on", "h100", *extra, "--format", "json")
    assert code == 0, err
    got = json.loads(out)
    for key in ("energy_j", "carbon_kg", "cost_usd"):
        assert math.isfinite(got["run"][key]) and got["run"][key] > 0, key


def test_one_hardware_lifetime_in_training_operations_and_sweeps():
    """An owned H100 SXM costs the same per device-hour whether training, operations or a
    serving sweep prices it: price / (5 years × 8766 h) + 700 W for an hour × PUE × $/kWh."""
    from ironlaw.explore import sweep
    from ironlaw.hardware.catalog import Catalog, builtin
    from ironlaw.operations.cost import owned_price
    from ironlaw.training import plan_training

    base = builtin()
    h100 = base.device("h100-sxm")
    priced = dataclasses.replace(h100, price=dataclasses.replace(base.device("gaudi2").price,
                                                                 value=30_000.0))
    catalog = Catalog({**base.devices, "h100-sxm": priced}, dict(base.nodes),
                      dict(base.aliases), dict(base.efficiency))
    # $30,000 over a 5-year service life (Amazon 10-K FY2024) of 365.25 × 24 = 8766 h, plus
    # the 700 W TDP (NVIDIA datasheet) for an hour at PUE 1.58 (Uptime Institute 2023) and
    # $0.0806/kWh (EIA 2023, US industrial)
    by_hand = 30_000 / (5 * 8766) + 0.700 * 1.58 * 0.0806  # USD per device-hour

    from_operations = run_cost(HOUR, 1, device=priced).cost_usd
    plan = plan_training("llama-2-7b", "h100-sxm", 1, seq=512, catalog=catalog,
                         price=owned_price)
    ds = sweep(model="llama-3-8b", device="h100-sxm", method="serving", batch=8, prompt=512,
               output=128, rate=2.0, catalog=catalog)
    from_sweep = float(ds["cost_usd_per_s"].values.ravel()[0]
                       / ds["replicas"].values.ravel()[0])  # USD per device-second
    assert from_operations == pytest.approx(by_hand)
    assert plan.price_usd_per_s == pytest.approx(by_hand / HOUR)
    assert from_sweep == pytest.approx(by_hand / HOUR)
    assert owned_price(priced)[0] == pytest.approx(by_hand / HOUR)


def test_run_cost_broadcasts_over_duration_and_energy():
    """Arrays in, arrays out: each element equals the scalar call (one function for both)."""
    seconds, energy = np.array([1.0, 10.0, 100.0]) * HOUR, np.array([1e8, 2e9, 3e10])
    costs = run_cost(seconds, 8, node="dgx-a100", energy_j=energy)
    for t, e, c in zip(seconds, energy, costs.cost_usd, strict=True):
        assert c == pytest.approx(run_cost(float(t), 8, node="dgx-a100",
                                           energy_j=float(e)).cost_usd, rel=1e-12)
    # cloud: 2 h × 4 devices × $3/h = $24, 5 h → $60
    np.testing.assert_allclose(run_cost(np.array([2.0, 5.0]) * HOUR, 4,
                                        price="$3/h").cost_usd, [24.0, 60.0])
    with pytest.raises(UserError, match="^duration_s"):
        run_cost(np.array([1.0, -1.0]), 1, price=1.0)


@pytest.mark.parametrize("instance, on, carried, device", [
    ("p4d.24xlarge-cb", "h100", "a100-40gb", "h100-sxm"),   # 8 × A100 40GB, not an H100
    ("p5.48xlarge-cb", "a100-40gb", "h100-sxm", "a100-40gb"),  # 8 × H100 80GB, not an A100
])
def test_cost_refuses_an_instance_of_another_accelerator(cli, instance, on, carried, device):
    code, out, err = cli("cost", "llama-3-8b", "--on", on, "--hours", "1", "--instance", instance)
    assert code == 2, out
    assert "--instance" in err and carried in err and device in err
    assert len(err.strip().splitlines()) == 1, err


def test_instance_accelerator_check_reads_the_name_as_the_table_does(cli):
    # The table's lookup strips and lowercases a name, so " P5.48XLARGE " is p5.48xlarge,
    # 8 × H100 (SkyPilot's AWS catalog): its price is not an A100's, whatever the case.
    code, out, err = cli("cost", "gpt2", "--on", "a100", "--instance", " P5.48XLARGE ")
    assert code == 2, out
    assert "--instance: p5.48xlarge carries h100-sxm, not a100-80gb" in err, err
    assert len(err.strip().splitlines()) == 1, err
    # ...and on its own accelerator the same spelling is accepted
    code, out, err = cli("cost", "gpt2", "--on", "h100-sxm", "--instance", "P5.48XLARGE-CB",
                         "--hours", "1", "--devices", "8", "--format", "json")
    assert code == 0, err
    # AWS Capacity Blocks: p5.48xlarge $39.33/h for 8 GPUs; 8 GPUs for 1 h = one instance-hour
    assert json.loads(out)["cost"]["cost_usd"] == pytest.approx(39.33)


def test_run_cost_refuses_an_instance_of_another_accelerator():
    # p4d.24xlarge-cb carries 8 × A100 40GB (AWS Capacity Blocks), not H100s
    with pytest.raises(UserError, match="^instance: p4d.24xlarge-cb carries a100-40gb"):
        run_cost(HOUR, 8, instance="P4D.24xlarge-CB", accelerator="h100-sxm")
    # $14.75 per instance-hour for its 8 A100s: one instance-hour
    assert run_cost(HOUR, 8, instance="P4D.24xlarge-CB",
                    accelerator="a100-40gb").cost_usd == pytest.approx(14.75)


def test_cost_uses_an_instance_on_its_own_accelerator(cli):
    code, out, _ = cli("cost", "llama-3-8b", "--on", "a100-40gb", "--hours", "1", "--devices",
                       "8", "--instance", "p4d.24xlarge-cb", "--format", "json")
    assert code == 0
    # AWS Capacity Blocks: p4d.24xlarge $14.75/h for 8 GPUs; 8 GPUs for 1 h = one instance-hour
    assert json.loads(out)["cost"]["cost_usd"] == pytest.approx(14.75)


def test_fp4_energy_note_reaches_the_physics_result():
    # One fp4 linear layer on a B200 (it has an fp4 peak). The 45 nm table has no fp4 figure:
    # fp4 operations are costed at the int8 one, (0.2 + 0.03) pJ / 2 FLOP = 0.115 pJ per FLOP
    # (Horowitz ISSCC 2014: 8-bit add 0.03 pJ, 8-bit multiply 0.2 pJ), and the result says so.
    catalog = builtin()
    device = catalog.device("b200")
    graph = Graph("one-linear", (ops.linear("fc", 16, 4096, 4096, "fp4", bias=False),), "fp4")
    e = energy_of(analyze(graph, device, catalog.efficiency_of(device)), method="physics")
    flops = 2 * 16 * 4096 * 4096
    assert e.flops_by_precision == {"int8": pytest.approx(flops)}
    assert e.physics_compute_j == pytest.approx(flops * 0.115e-12)
    assert any("fp4 operations costed at the int8 figure" in a for a in e.assumptions)
    assert any("int8 figure" in a for a in e.to_dict()["assumptions"])


def test_a_device_without_an_fp32_peak_says_how_vector_ops_are_costed():
    catalog = builtin()
    device = catalog.device("tpu-v5e")  # bf16 and int8 peaks only
    graph = Graph("add", (ops.elementwise("add", 1e6, "bf16", inputs=2),), "bf16")
    a = analyze(graph, device, catalog.efficiency_of(device))
    assert any("no fp32 peak" in x for x in a.assumptions)
    assert np.isfinite(a.latency_s) and a.latency_s > 0


def test_a_missing_peak_is_an_error_naming_device_and_precision():
    catalog = builtin()
    device = catalog.device("tpu-v5e")
    graph = Graph("fc", (ops.linear("fc", 8, 64, 64, "fp32"),), "fp32")
    with pytest.raises(UserError, match=r"tpu-v5e has no fp32 peak"):
        analyze(graph, device, catalog.efficiency_of(device))
    # a cast that computes nothing needs no peak at its precision
    cast = Graph("cast", (ops.cast("to_bf16", 1e6, "fp32", "bf16"),), "fp32")
    assert analyze(cast, device, catalog.efficiency_of(device)).latency_s > 0


@pytest.mark.parametrize("args, key", [
    (("cost", "gpt2", "--on", "h100", "--hours", "2"), ("cost", "price_usd_per_s")),
    (("train", "gpt2", "--on", "h100", "--tokens", "1e9"), ("price_usd_per_s",)),
])
def test_price_per_hour_reads_a_bare_number_as_dollars_per_hour_in_every_command(cli, args,
                                                                                   key):
    """The flag's name states its unit: --price-per-hour 2.5 is $2.50 per device-hour in
    every command that takes it, as '$2.50/h' is: 2.5 / 3600 = 6.944e-4 USD/s."""
    for written in ("2.5", "$2.50/h"):
        code, out, err = cli(*args, "--price-per-hour", written, "--format", "json")
        assert code in (0, 1), err
        value = json.loads(out)
        for k in key:
            value = value[k]
        assert value == pytest.approx(2.5 / 3600)


def test_sweep_reads_a_bare_price_per_hour_as_dollars_per_hour(cli):
    # one GPT-2 configuration on one device priced at "3" and at "$3/h": 3/3600 USD/s both
    for written in ("3", "$3/h"):
        code, out, err = cli("sweep", "--model", "gpt2", "--device", "h100", "--batch", "1",
                             "--price-per-hour", written, "--format", "csv")
        assert code == 0, err
        header, row = out.splitlines()[:2]
        value = float(dict(zip(header.split(","), row.split(","), strict=True))["cost_usd_per_s"])
        assert value == pytest.approx(3 / 3600)
