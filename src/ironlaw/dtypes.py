"""The one precision table: per number format its storage width and its names elsewhere.

    bytes per element   storage width [B] (fp6 0.75, fp4 and int4 0.5: packed)
    kind                float | int
    torch               the torch.dtype attribute name (None: torch has no such dtype)
    onnx                the onnx.TensorProto data-type codes that map to it
    energy              the key of laws.energy_table.OPERATION its operations are costed at,
                        and, when that is another format's figure, why (``energy_note``)

Every layer asks this module for a precision's width or names; an unknown precision is a
:class:`ironlaw.errors.ParameterError` naming ``precision``. A bottom module: imports nothing
from the stack.
"""

from __future__ import annotations

from dataclasses import dataclass

from ironlaw.errors import ParameterError, quoted


@dataclass(frozen=True)
class DType:
    """One number format (see the module table)."""

    name: str
    bytes: float
    kind: str  # float | int
    torch: str | None
    onnx: tuple[int, ...]
    energy: str
    energy_note: str | None = None

    @property
    def bits(self) -> float:
        return 8.0 * self.bytes


_UPPER = "costed at the {} figure (an upper bound; the table has no {})"
# onnx.TensorProto: FLOAT 1, INT8 3 (UINT8 2), FLOAT16 10, DOUBLE 11, BFLOAT16 16,
# FLOAT8E4M3FN 17, FLOAT8E4M3FNUZ 18, FLOAT8E5M2 19, FLOAT8E5M2FNUZ 20, UINT4 21, INT4 22,
# FLOAT4E2M1 23.
DTYPES: dict[str, DType] = {d.name: d for d in (
    DType("fp64", 8.0, "float", "float64", (11,), "fp64"),
    DType("fp32", 4.0, "float", "float32", (1,), "fp32"),
    DType("tf32", 4.0, "float", None, (), "fp32",
          "tf32 operations costed at the fp32 figure (an upper bound)"),
    DType("bf16", 2.0, "float", "bfloat16", (16,), "bf16"),
    DType("fp16", 2.0, "float", "float16", (10,), "fp16"),
    DType("fp8", 1.0, "float", "float8_e4m3fn", (17, 18, 19, 20), "fp8"),
    DType("fp6", 0.75, "float", None, (), "int8",
          "fp6 operations costed at the int8 figure (an 8-bit datapath; a lower bound)"),
    DType("fp4", 0.5, "float", None, (23,), "int8",
          "fp4 operations costed at the int8 figure (an 8-bit datapath; an upper bound)"),
    DType("int8", 1.0, "int", "int8", (3, 2), "int8"),
    DType("int4", 0.5, "int", None, (22, 21), "int8",
          "int4 operations costed at the int8 figure (an upper bound)"),
)}
NAMES: tuple[str, ...] = tuple(DTYPES)
_BY_ONNX = {code: d.name for d in DTYPES.values() for code in d.onnx}
_BY_TORCH = {d.torch: d.name for d in DTYPES.values() if d.torch}


def dtype(precision: str) -> DType:
    """The format named ``precision``; ParameterError('precision') when there is none."""
    found = DTYPES.get(precision) if isinstance(precision, str) else None
    if found is None:
        raise ParameterError("precision", f"expected one of {', '.join(NAMES)}; "
                                          f"got {quoted(precision)}")
    return found


def element_bytes(precision: str) -> float:
    """Storage bytes per element of ``precision`` [B]."""
    return dtype(precision).bytes


def from_onnx(code: int) -> str | None:
    """The precision of an onnx.TensorProto data type (None: not a format ironlaw costs)."""
    return _BY_ONNX.get(code)


def from_torch(torch_dtype) -> str | None:
    """The precision of a torch.dtype (or its attribute name, e.g. 'bfloat16'); None if none."""
    return _BY_TORCH.get(str(torch_dtype).removeprefix("torch."))
