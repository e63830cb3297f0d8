"""Devices, memory hierarchies, links and nodes: the YAML catalog with provenance (design.md §2)."""
