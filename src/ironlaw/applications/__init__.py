"""Scenarios: a workload on a system against requirements, judged across every layer."""
