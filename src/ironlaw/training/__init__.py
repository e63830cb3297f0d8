"""The training layer: memory per device, step time, MFU, time-to-train and cost on one node.

tables   bytes per parameter and optimizer state, runtime overheads: every constant sourced
memory   model states (ZeRO 0–3), activations under recomputation, "does it fit"
step     per-micro-batch time, tensor/pipeline/data-parallel communication, the step
budget   steps from tokens or epochs, price per device-hour, the memory verdict
plan     plan_training(...) -> TrainingPlan, with to_dict() and explain()
explain  the worked derivation behind --explain
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ironlaw.training.plan import TrainingPlan, plan_training

__all__ = ["TrainingPlan", "plan_training"]


def __getattr__(name: str) -> Any:
    """``plan_training`` and ``TrainingPlan``, imported when first used: a worked calculation
    (``training.calcs``) needs neither them nor the cost core they bring in."""
    if name in __all__:
        from ironlaw.training import plan

        return getattr(plan, name)
    raise AttributeError(f"module 'ironlaw.training' has no attribute {name!r}")
