"""The link a group of devices in one node communicates over: bandwidth β per direction and the
per-step latency α of a ring collective, each with its source (``laws.collectives`` takes them).

Scale-up fabric when the catalog has one (NVLink, Infinity Fabric, ICI, RoCE), else the PCIe
host link; α from :data:`LINK_LATENCY`. A switched NVLink of generation 4 or later reduces in
the switch (NVLink SHARP, :data:`NVLS_EFFICIENCY`): the all-reduce gains the NVLS candidate.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ironlaw.checks import whole
from ironlaw.errors import ParameterError
from ironlaw.laws.collectives import tuned
from ironlaw.provenance import Constant, Source

if TYPE_CHECKING:
    from ironlaw.hardware.schema import Device

CHECKED = _dt.date(2026, 11, 28)

_NCCL_TUNING = "https://github.com/NVIDIA/nccl/blob/master/src/graph/tuning.cc"
_RCCL_TUNING = "https://github.com/ROCm/rccl/blob/develop/src/graph/tuning.cc"

# α for each kind of link: the per-step latency of a ring collective [s].
LINK_LATENCY: dict[str, Constant] = {
    "nvlink": Constant(3.4e-6, "s", Source(
        kind="estimate", checked=CHECKED, url=_NCCL_TUNING,
        title="NCCL src/graph/tuning.cc: hwLat[NVLINK][RING][SIMPLE] = 3.4 us per ring step",
        note="NCCL adds a base latency of 8.4 us per call (baseLat, ring/Simple), not modeled "
             "here")),
    "pcie": Constant(5.7e-6, "s", Source(
        kind="estimate", checked=CHECKED, url=_NCCL_TUNING,
        title="NCCL src/graph/tuning.cc: hwLat[PCI][RING][SIMPLE] = 5.7 us per ring step")),
    "infinity-fabric": Constant(2.7e-6, "s", Source(
        kind="estimate", checked=CHECKED, url=_RCCL_TUNING,
        title="RCCL src/graph/tuning.cc: hwLat[NVLINK (xGMI)][RING][SIMPLE] = 2.7 us per "
              "ring step",
        note="RCCL adds a base latency of 27.9 us per call (ring/Simple), not modeled here")),
    "ici": Constant(3.4e-6, "s", Source(
        kind="estimate", checked=CHECKED, url=_NCCL_TUNING,
        title="ironlaw estimate: no published per-step ICI collective latency; NCCL's NVLink "
              "ring step (3.4 us) is used for a comparable point-to-point chip fabric")),
    "roce": Constant(9.6e-6, "s", Source(
        kind="estimate", checked=CHECKED, url=_NCCL_TUNING,
        title="NCCL src/graph/tuning.cc: hwLat[NET][RING][SIMPLE] = 9.6 us per ring step, "
              "taken for RDMA over Converged Ethernet between accelerators")),
}

# The access latency of node storage: a read that reaches the flash [s] (the ladder's disk rung).
STORAGE_LATENCY: dict[str, Constant] = {
    "nvme": Constant(92e-6, "s", Source(
        kind="estimate", checked=_dt.date(2026, 12, 5),
        url="https://vdocument.in/9200-nvme-ssds-2-steady-state-as-defined-by-snia-solid-state-"
            "storage-performance.html",
        title="Micron 9200 NVMe SSDs datasheet (U.2, PCIe Gen3 x4): latency to media, typical "
              "(QD = 1): read 92-150 us, write 21 us",
        note="the low end of the read range (it varies by capacity); an enterprise U.2 NVMe "
             "SSD taken for any node's data drives, not the node's own model")),
}

# NCCL's ring protocols per link kind: (name, call latency a [s], step latency α [s], share of
# the link's bandwidth s for an all-reduce, s for the other collectives). Bandwidth shares:
# LL's 8-byte lines carry 4 bytes of data (ring all-reduce busBw × 1/4, other collectives
# × 1/3 in NCCL's model), LL128 × 0.92 (120 of 128 bytes), Simple × 1. LL128 is enabled only
# over NVLink; RCCL's xGMI, ICI and RoCE entries keep the Simple ring the α above describes.
_NCCL_SOURCE = Source(
    kind="estimate", checked=_dt.date(2026, 12, 5), url=_NCCL_TUNING,
    title="NCCL src/graph/tuning.cc (ncclTopoTuneModel): baseLat ring {LL 3.6, LL128 10.0, "
          "Simple 8.4} us; hwLat NVLink ring {0.47, 1.9, 3.4} us, PCI {1.0, 2.5, 5.7} us, NET "
          "{2.7, 4.0, 9.6} us; ring LL busBw x 1/4 (all-reduce) or 1/3, LL128 x 0.92; LL128 "
          "enabled by default on NVLink only",
    note="NCCL 2.8-era tuning table (stored copy at commit 01afd20); later releases add NVLS "
         "and retune, not modeled here")


@dataclass(frozen=True)
class Protocol:
    """One NCCL protocol of the ring on one kind of link: T = base + steps·step +
    M/(share·β·N/steps)."""

    name: str  # LL | LL128 | Simple
    base_s: float  # latency of a call [s]
    step_s: float  # latency of each ring step [s]
    share_all_reduce: float  # of the link's bandwidth, in an all-reduce
    share_other: float  # in the other collectives
    source: Source = _NCCL_SOURCE


_RCCL_SOURCE = Source(kind="estimate", checked=_dt.date(2026, 12, 5), url=_RCCL_TUNING,
                      title="RCCL src/graph/tuning.cc: baseLat ring/Simple 27.9 us, hwLat xGMI "
                            "ring/Simple 2.7 us (other protocols not modeled)")
PROTOCOLS: dict[str, tuple[Protocol, ...]] = {
    "nvlink": (Protocol("LL", 3.6e-6, 0.47e-6, 1 / 4, 1 / 3),
               Protocol("LL128", 10.0e-6, 1.9e-6, 0.92, 0.92),
               Protocol("Simple", 8.4e-6, 3.4e-6, 1.0, 1.0)),
    "pcie": (Protocol("LL", 3.6e-6, 1.0e-6, 1 / 4, 1 / 3),
             Protocol("Simple", 8.4e-6, 5.7e-6, 1.0, 1.0)),
    "roce": (Protocol("LL", 3.6e-6, 2.7e-6, 1 / 4, 1 / 3),
             Protocol("Simple", 8.4e-6, 9.6e-6, 1.0, 1.0)),
    "infinity-fabric": (Protocol("Simple", 27.9e-6, 2.7e-6, 1.0, 1.0, _RCCL_SOURCE),),
    "ici": (Protocol("Simple", 8.4e-6, 3.4e-6, 1.0, 1.0, Source(
        kind="estimate", checked=_dt.date(2026, 12, 5), url=_NCCL_TUNING,
        title="ironlaw estimate: no published ICI collective latencies; NCCL's NVLink "
              "ring/Simple figures used")),),
}

_NCCL_2_30 = "https://github.com/NVIDIA/nccl/blob/v2.30.7-1/src/graph/"
# NVLink SHARP: the NVSwitch reduces (multimem loads) and multicasts, so an all-reduce costs
# T = a + M/(e·β) (laws.collectives.nvls_all_reduce). NCCL 2.30's tuning model: NVLS latency is
# hwLat[NVLINK][NVLS][SIMPLE] alone (baseLat 0); its all-reduce bus bandwidth is
# 2·e·bwIntra·nCh·(nCh−1)/nCh, converted to algorithm bandwidth by N/(2(N−1)); with one NVLS
# channel per GPU (nCh = N, search.cc) and nCh·bwIntra = β that is e·β.
NVLS_LATENCY = Constant(25e-6, "s", Source(
    kind="estimate", checked=_dt.date(2026, 12, 5), url=_NCCL_2_30 + "tuning.cc",
    title="NCCL 2.30.7 src/graph/tuning.cc: hwLatencies[NVLINK][NVLS][SIMPLE] = 25 us, "
          "baseLatencies[NVLS] = 0 (latency of an intra-node NVLS collective)"))
# e by NVLink generation: NCCL builds NVLS graphs only with an NVSwitch and compute capability
# >= 9.0 (search.cc), i.e. NVLink 4 (Hopper, NVSwitch gen 3) and later; the catalog names the
# NVLink generation, not the switch, so the generation stands for it (ironlaw's rule).
NVLS_EFFICIENCY: dict[int, Constant] = {
    4: Constant(0.85, "1", Source(
        kind="estimate", checked=_dt.date(2026, 12, 5), url=_NCCL_2_30 + "tuning.cc",
        title="NCCL 2.30.7 src/graph/tuning.cc: nvlsEfficiency[Hopper] = 0.85 (Volta, "
              "Ampere 0: no NVLS)",
        note="search.cc: no NVLS graph without an NVSwitch or below compute capability 9.0")),
    5: Constant(0.74, "1", Source(
        kind="estimate", checked=_dt.date(2026, 12, 5), url=_NCCL_2_30 + "tuning.cc",
        title="NCCL 2.30.7 src/graph/tuning.cc: nvlsEfficiency[Blackwell] = 0.74")),
}


_TOPO = _NCCL_2_30 + "topo.h"
# The data bandwidth NCCL's topology model gives one NVLink, per direction, by generation
# (its per-SM-generation constants): a GPU's NVLink bandwidth is links × this, below the line
# rate (25 GB/s per link per direction for NVLink 2-4, 50 for NVLink 5). nccl-tests bus
# bandwidths on 8 × H100 (~370 GB/s for the ring) sit at 18 × 20.6 GB/s.
NCCL_NVLINK_BW: dict[int, Constant] = {
    gen: Constant(bw * 1e9, "B/s", Source(
        kind="estimate", checked=_dt.date(2026, 12, 5), url=_TOPO,
        title=f"NCCL 2.30.7 src/graph/topo.h: {sm}_NVLINK_BW = {bw} GB/s per NVLink "
              f"({arch}); topo.cc: a GPU's NVLink bandwidth = link count × it"))
    for gen, sm, bw, arch in ((2, "SM70", 20.0, "Volta, NVLink 2"),
                              (3, "SM80", 20.0, "Ampere, NVLink 3"),
                              (4, "SM90", 20.6, "Hopper, NVLink 4"),
                              (5, "SM100", 40.1, "Blackwell, NVLink 5"))}


def nvlink_generation(fabric_name: str) -> int | None:
    """The NVLink generation a fabric's name states ("NVLink 4 (18 links)" -> 4), else None."""
    found = re.match(r"nvlink\s*(\d+)", fabric_name.lower())
    return int(found.group(1)) if found else None


# The NVLink generation of each GPU architecture NCCL indexes nvlsEfficiency by (its NVSwitch
# reduces at that generation's e): the names ``ironlaw calc collective --nvls`` takes.
NVLS_ARCHITECTURE: dict[str, int] = {"hopper": 4, "blackwell": 5}


def nvls_efficiency(generation: int | None) -> float:
    """e [1], the share of β an all-reduce reduced in a switched NVLink of ``generation`` moves
    data at (:data:`NVLS_EFFICIENCY`; the newest generation's e for later ones); 0 below
    NVLink 4 or for no generation (no NVLS)."""
    if generation is None or generation < min(NVLS_EFFICIENCY):
        return 0.0
    return NVLS_EFFICIENCY[min(generation, max(NVLS_EFFICIENCY))].value


def candidates(kind: str, collective: str, nvls: float = 0.0
               ) -> tuple[tuple[str, str, float, float, float], ...]:
    """(name, algorithm, call latency a [s], step latency α [s], bandwidth share s [1]) of each
    candidate NCCL would consider for ``collective`` on a link of ``kind``: the ring protocols
    (:data:`PROTOCOLS`), and NVLS (a = :data:`NVLS_LATENCY`, s = e = ``nvls``) for an all-reduce
    where the switch reduces (``nvls`` > 0). ``laws.collectives.tuned`` picks among them."""
    rings = tuple((p.name, "ring", p.base_s, p.step_s,
                   p.share_all_reduce if collective == "all-reduce" else p.share_other)
                  for p in PROTOCOLS[kind])
    if nvls > 0.0 and collective == "all-reduce":
        return (*rings, ("NVLS", "nvls", NVLS_LATENCY.value, 0.0, nvls))
    return rings


MESH_PEERS = 7  # a fully connected 8-device platform: each device's links are split over 7 peers


@dataclass(frozen=True)
class Link:
    """The link a group of ``devices`` devices communicates over.

    ``bandwidth`` [B/s] is per direction per device, already reduced for the group when the
    fabric is a point-to-point mesh; ``latency`` [s] is α per message step.
    """

    kind: str  # nvlink | infinity-fabric | ici | roce | pcie
    name: str
    devices: int
    bandwidth: float
    latency: float
    topology: str  # switched | mesh | torus | bridge | pcie
    assumptions: tuple[str, ...] = ()
    nvls: float = 0.0  # NVLink SHARP efficiency e; 0: the switch does not reduce

    def protocols(self, collective: str) -> tuple[tuple[str, str, float, float, float], ...]:
        """The candidates NCCL would consider for ``collective`` on this link
        (:func:`candidates`)."""
        return candidates(self.kind, collective, self.nvls)

    @property
    def latency_source(self) -> Source:
        return LINK_LATENCY[self.kind].source

    def time(self, collective: str, size, devices: int | None = None):
        """Seconds for ``collective`` of ``size`` bytes over ``devices`` (default: the link's
        group) as NCCL runs it: the fastest candidate (``laws.collectives.tuned``)."""
        return tuned(collective, size, self.devices if devices is None else devices,
                     self.bandwidth, self.protocols(collective))[0]

    def protocol(self, collective: str, size) -> str:
        """The protocol (or "NVLS") NCCL would choose for one message of ``size`` bytes."""
        chosen = self.protocols(collective)[int(np.ravel(tuned(
            collective, size, self.devices, self.bandwidth, self.protocols(collective))[1])[0])]
        return chosen[0]

    def to_dict(self) -> dict:
        return {"kind": self.kind, "name": self.name, "devices": self.devices,
                "bandwidth_bytes_per_s": self.bandwidth, "latency_s": self.latency,
                "topology": self.topology, "latency_source": self.latency_source.title,
                "nvls_efficiency": self.nvls,
                "assumptions": list(self.assumptions)}


def fabric_kind(name: str) -> str | None:
    lowered = name.lower()
    for prefix, kind in (("nvlink", "nvlink"), ("infinity fabric", "infinity-fabric"),
                         ("ici", "ici"), ("roce", "roce")):
        if lowered.startswith(prefix):
            return kind
    return None


def _pcie_link(device: Device, devices: int, why: str) -> Link:
    if device.host_link is None:
        raise ParameterError("devices", f"{devices}: {device.id} has neither a scale-up link nor a "
                        "host link in the catalog, so its devices cannot exchange data")
    beta = device.host_link.bandwidth_per_direction.value
    notes = (why, f"PCIe peer-to-peer at the host link's {beta / 1e9:.4g} GB/s per direction "
             "through a switch; traffic through the CPU root complex can be slower")
    return Link("pcie", f"PCIe ({device.host_link.kind})", devices, beta,
                LINK_LATENCY["pcie"].value, "pcie", notes)


def link_for(device: Device, devices: int) -> Link:
    """The link ``devices`` copies of ``device`` in one node use for collectives.

    Scale-up fabric when the catalog has one: NVLink is taken as switched (NVSwitch, full
    per-direction bandwidth in any group); Infinity Fabric and Gaudi's RoCE ports as a fully
    connected mesh of 8, so a group of n uses n−1 of 7 peer links: β·(n−1)/7; ICI at its full
    bandwidth (optimistic below a full torus ring); an NVLink bridge joins pairs only. Else PCIe.
    """
    whole(devices, "devices")
    fabric = device.scale_up
    kind = fabric_kind(fabric.name) if fabric else None
    if fabric is None or kind is None:
        why = (f"{device.id} has no scale-up link in the catalog" if fabric is None else
               f"{device.id}'s scale-up link {fabric.name!r} is of no known kind")
        return _pcie_link(device, devices, why)
    beta = fabric.bandwidth_per_direction.value
    alpha = LINK_LATENCY[kind].value
    if kind == "nvlink" and "bridge" in fabric.name.lower():
        if devices > 2:
            return _pcie_link(device, devices,
                              f"{fabric.name} joins pairs only; {devices} devices use PCIe")
        return Link(kind, fabric.name, devices, beta, alpha, "bridge")
    if kind == "nvlink":
        gen = nvlink_generation(fabric.name)
        nvls = nvls_efficiency(gen)
        sharp = (f"NVLink SHARP: all-reduces may reduce in the switch at {nvls:.0%} of β "
                 "(NCCL's NVLS)",) if nvls else ()
        usable = (f"{fabric.name} through NVSwitch: each device drives its full "
                  f"{beta / 1e9:.4g} GB/s per direction in any group (a point-to-point "
                  "NVLink topology such as DGX-1's would be slower)",)
        if fabric.links and gen in NCCL_NVLINK_BW:
            per_link = NCCL_NVLINK_BW[gen].value
            if fabric.links * per_link < beta:
                usable = (f"{fabric.name} through NVSwitch: β = {fabric.links:g} links × "
                          f"{per_link / 1e9:.4g} GB/s = {fabric.links * per_link / 1e9:.4g} "
                          f"GB/s per direction, the data bandwidth NCCL's topology model "
                          f"gives the links (line rate {beta / 1e9:.4g} GB/s), in any group",)
                beta = fabric.links * per_link
        return Link(kind, fabric.name, devices, beta, alpha, "switched", (*usable, *sharp),
                    nvls)
    if kind in ("infinity-fabric", "roce"):
        share = min(1.0, (devices - 1) / MESH_PEERS) if devices > 1 else 1.0
        return Link(kind, fabric.name, devices, beta * share, alpha, "mesh", (
            f"{fabric.name}: fully connected mesh of 8; a group of {devices} uses "
            f"{max(devices - 1, 0)} of {MESH_PEERS} peer links: β = {beta / 1e9:.4g} GB/s × "
            f"{max(devices - 1, 0)}/{MESH_PEERS}",))
    return Link(kind, fabric.name, devices, beta, alpha, "torus", (
        f"{fabric.name}: collectives assumed to use all links at {beta / 1e9:.4g} GB/s per "
        "direction (optimistic for slices smaller than a torus ring)",))
