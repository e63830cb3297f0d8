"""DLRM (Naumov et al., arXiv:1906.00091) as an op graph: embeddings, two MLPs, dot interaction.

Per sample: 13 dense features go through the bottom MLP to a ``dim``-vector; each sparse
feature looks up one row of its table (one index per table, as in Criteo); the F = tables + 1
vectors interact through all pairwise dot products (a batched GEMM F×dim·dim×F, of which the
F(F−1)/2 below the diagonal are kept); the top MLP maps [bottom output, pairs] to a
click probability. FLOPs count a multiply-add as 2; an embedding gather does no FLOPs and reads
only the rows it looks up, while its whole table counts as parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

from ironlaw.frameworks import ops
from ironlaw.frameworks.graph import Graph, Workload


@dataclass(frozen=True)
class DLRMConfig:
    """Table rows, embedding width and MLP widths (bottom from 13 inputs; top without its input,
    which is dim + F(F−1)/2)."""

    table_rows: tuple[int, ...]
    dim: int
    bottom: tuple[int, ...]
    top: tuple[int, ...]

    @property
    def features(self) -> int:
        """Vectors entering the interaction: the bottom MLP's output plus one per table."""
        return len(self.table_rows) + 1

    @property
    def top_input(self) -> int:
        """Width of the top MLP's input: the bottom output and the F(F−1)/2 dot products."""
        return self.dim + self.features * (self.features - 1) // 2


# MLPerf DLRM on Criteo Terabyte, row counts capped at 40 M ("--max-ind-range=40000000"):
# mlcommons/inference, recommendation/dlrm/pytorch/python/main.py (get_backend, "terabyte",
# max_ind_range == 40000000), from facebookresearch/dlrm bench/run_and_time.sh. There the top
# MLP is listed with its input, 479 = 128 + 27·26/2.
MLPERF = DLRMConfig(
    table_rows=(39884406, 39043, 17289, 7420, 20263, 3, 7120, 1543, 63, 38532951, 2953546,
                403346, 10, 2208, 11938, 155, 4, 976, 14, 39979771, 25641295, 39664984,
                585935, 12972, 108, 36),
    dim=128, bottom=(13, 512, 256, 128), top=(1024, 1024, 512, 256, 1))

# A laptop-sized variant for benchmarking (our choice): 8 tables of 100k rows, dim 64,
# 51.2 M embedding parameters (205 MB in fp32).
SMALL = DLRMConfig(table_rows=(100_000,) * 8, dim=64, bottom=(13, 256, 128, 64),
                   top=(256, 128, 1))

CONFIGS = {"mlperf": MLPERF, "small": SMALL}


def _mlp(prefix: str, widths: tuple, batch: int, dtype: str, last: str) -> list:
    """Linear layers with ReLU after each but the last, which gets ``last`` (relu/sigmoid)."""
    items = []
    for i, (n_in, n_out) in enumerate(zip(widths, widths[1:], strict=False), 1):
        items.append(ops.linear(f"{prefix}.fc{i}", batch, n_in, n_out, dtype))
        fn = last if i == len(widths) - 1 else "relu"
        items.append(ops.elementwise(f"{prefix}.{fn}{i}", batch * n_out, dtype,
                                     {"relu": 1.0, "sigmoid": 3.0}[fn], shape=(batch, n_out)))
    return items


def dlrm(batch: int = 1, dtype: str = "fp32", config: str = "mlperf") -> Graph:
    """DLRM forward pass for ``batch`` samples; ``config`` is "mlperf" or "small".

    MLPerf config: 26 tables, 187.8 M rows × 128 = 24.0 G parameters (96 GB in fp32);
    4.9 MFLOP per sample (bottom MLP 0.34, interaction 0.19, top MLP 4.39).
    """
    if config not in CONFIGS:
        raise KeyError(f"unknown DLRM config {config!r}; known: {', '.join(CONFIGS)}")
    c = CONFIGS[config]
    if c.bottom[-1] != c.dim:
        raise ValueError("the bottom MLP must end at the embedding width")
    f, pairs = c.features, c.features * (c.features - 1) // 2
    items = _mlp("bottom", c.bottom, batch, dtype, last="relu")
    items += [ops.embedding(f"emb{i}", batch, rows, c.dim, dtype)
              for i, rows in enumerate(c.table_rows)]
    items += [
        ops.concat("stack", (batch * c.dim,) * f, dtype, (batch, f, c.dim)),
        ops.matmul("interaction", batch, f, f, c.dim, dtype),
        # keep the F(F−1)/2 dot products below the diagonal: a gather, no FLOPs
        ops.copy("tril", batch * pairs, dtype, (batch, pairs), kind="gather"),
        ops.concat("concat", (batch * c.dim, batch * pairs), dtype, (batch, c.top_input)),
    ]
    items += _mlp("top", (c.top_input, *c.top), batch, dtype, last="sigmoid")
    meta = {"family": "dlrm", "config": config, "input": f"13 dense + {len(c.table_rows)} sparse",
            "source": "Naumov et al., arXiv:1906.00091; MLPerf inference DLRM"}
    return Graph(f"dlrm-{config}", tuple(items), dtype, meta, Workload(batch=batch))
