"""Where a model is served: a device (or a node's accelerator), how many of them share one
replica by tensor parallelism, and the link their collectives cross.

``--on`` names a device or a node. On a node, a replica spans ``tp`` of its ``count``
accelerators, so one node holds ⌊count/tp⌋ replicas. On a bare device, ``tp`` devices are
assumed to sit in one node. The link is ``hardware.links.link_for``: the device's
scale-up fabric (NVLink, Infinity Fabric, ICI) or else its PCIe host link, with α per ring step.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ironlaw.checks import whole
from ironlaw.errors import ParameterError
from ironlaw.hardware.catalog import Catalog, open_catalog
from ironlaw.hardware.links import Link, link_for
from ironlaw.hardware.schema import Device, Efficiency, Node

MAX_TP = 8  # a node holds 1-8 accelerators (hardware schema)


@dataclass(frozen=True)
class Target:
    device: Device
    efficiency: Efficiency
    node: Node | None
    tp: int
    link: Link | None  # None when tp == 1
    assumptions: tuple[str, ...] = ()

    @property
    def replicas_per_node(self) -> int | None:
        return None if self.node is None else self.node.count // self.tp

    @property
    def name(self) -> str:
        return self.node.id if self.node else self.device.id


def resolve(on: str, devices: int, catalog: Catalog | str | Path | None) -> Target:
    """The device (or node) ``on`` serving with ``devices``-way tensor parallelism."""
    cat = open_catalog(catalog)
    tp = whole(devices, "devices")
    ident = cat.resolve(on)
    node = cat.nodes.get(ident)
    device = cat.devices[node.accelerator] if node else cat.devices[ident]
    limit = node.count if node else MAX_TP
    if tp > limit:
        where = f"node {node.id} has {node.count}" if node else f"a node holds at most {limit}"
        raise ParameterError("devices", f"tensor parallelism spans one node; {where} "
                                        f"accelerators, got {tp}")
    link = link_for(device, tp) if tp > 1 else None
    assumptions = list(link.assumptions) if link else []
    if link and node is None:
        assumptions.append(f"{tp} × {device.id} in one node, joined by {link.name}")
    return Target(device, cat.efficiency_of(device), node, tp, link, tuple(assumptions))
