"""`ironlaw sources`: every constant, with the one provenance record (issue 9)."""

import csv
import io
import json
import math

import pytest

from ironlaw.cli.sources import constants
from ironlaw.provenance import KINDS, Constant, Source


def by_name() -> dict[str, Constant]:
    return dict(constants())


def test_every_constant_has_a_title_a_kind_and_a_date():
    found = constants()
    assert len(found) > 60
    assert len({name for name, _ in found}) == len(found)
    for name, constant in found:
        assert isinstance(constant.source, Source), name
        assert constant.source.title.strip() and constant.source.kind in KINDS, name
        assert constant.source.checked is not None and constant.unit, name
        assert math.isfinite(constant.value) and constant.value >= 0, name


def test_published_values_appear_with_their_sources():
    table = by_name()
    # Horowitz, ISSCC 2014, 45 nm: a 64-bit DRAM access costs 1.3-2.6 nJ; the midpoint 1.95 nJ
    # over 8 bytes is 243.75 pJ/B
    dram = table["laws.energy_table.MOVEMENT['dram']"]
    assert dram.value == pytest.approx(1.95e-9 / 8) and dram.unit == "J/B"
    assert "Horowitz" in dram.source.title and "ISSCC 2014" in dram.source.title
    # same table: fp32 multiply 3.7 pJ + add 0.9 pJ per FMA = 2 FLOP -> 2.3 pJ/FLOP
    assert table["laws.energy_table.OPERATION['fp32']"].value == pytest.approx(2.3e-12)
    # vLLM's paged KV cache: 16 tokens per block (Kwon et al., SOSP 2023)
    block = table["serving.sources.KV_BLOCK_TOKENS"]
    assert block.value == 16 and "PagedAttention" in block.source.title
    # NCCL tuning.cc: 3.4 us per NVLink ring step
    assert table["hardware.links.LINK_LATENCY['nvlink']"].value == pytest.approx(3.4e-6)
    # Llama 3: 419 interruptions in 54 days on 16,384 GPUs
    mtbf = table["operations.tables.MTBF"]
    assert mtbf.value == pytest.approx(16_384 * 54 * 86_400 / 419) and mtbf.unit == "s"
    # ZeRO §3.1: Adam keeps momentum and variance in fp32, 4 + 4 bytes per parameter
    adam = table["training.tables.OPTIMIZERS['adam'].state_bytes"]
    assert adam.value == 8 and "ZeRO" in adam.source.title
    # MLPerf LoadGen's mlperf.conf: min_duration = 600000 ms; ResNet-50 server target 15 ms
    assert table["measure.loadgen.MLPERF_MIN_DURATION"].value == 600.0
    bound = table["measure.loadgen.MLPERF_SERVER_LATENCY_BOUND['resnet50']"]
    assert bound.value == pytest.approx(0.015) and "mlperf.conf" in bound.source.title


def test_the_pydantic_catalog_validates_into_the_same_record():
    from ironlaw.hardware.catalog import builtin

    peak = builtin().device("h100").peak["bf16"].dense
    assert type(peak.source) is Source and peak.source.kind in KINDS


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_cli_sources_in_every_format(cli, fmt):
    code, out, err = cli("sources", "MOVEMENT['dram']", "--format", fmt)
    assert code == 0, err
    assert "Horowitz" in out
    if fmt == "json":
        (row,) = json.loads(out)["rows"]
        assert row["value"] == pytest.approx(1.95e-9 / 8) and row["unit"] == "J/B"
        assert row["kind"] == "derived" and row["checked"] == "2026-11-28"
        assert row["url"] == "https://doi.org/10.1109/ISSCC.2014.6757323"
    if fmt == "csv":
        (row,) = csv.DictReader(io.StringIO(out))
        assert float(row["value"]) == pytest.approx(1.95e-9 / 8)


def test_cli_sources_with_the_catalog_devices(cli):
    code, out, err = cli("sources", "h100-sxm.memory", "--devices", "--format", "json")
    assert code == 0, err
    rows = {r["name"]: r for r in json.loads(out)["rows"]}
    # NVIDIA H100 SXM datasheet: 80 GB HBM3 at 3.35 TB/s
    hbm = rows["h100-sxm.memory.hbm.bandwidth"]
    assert hbm["value"] == pytest.approx(3.35e12) and hbm["unit"] == "B/s"
    assert hbm["kind"] == "datasheet" and "H100" in hbm["title"]
    # the datasheet's "80 GB" as nvidia-smi reports it: 81559 MiB
    assert rows["h100-sxm.memory.hbm.capacity"]["value"] == pytest.approx(81559 * 2**20)
