"""``ironlaw explore``: write one self-contained interactive page (explore/html.py).

    ironlaw explore --model llama-3-8b,mistral-7b --device h100,a100-80gb,mi300x \\
        --precision bf16,fp8 --batch 1..256x2 --context 512,2048,8192 --out explore.html
"""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.model import KV_HEADS, KV_PRECISION, KV_READS


def register(root: typer.Typer) -> None:
    @root.command("explore")
    def explore(
        model: str = typer.Option(None, "--model", help="Models, e.g. "
                                  "llama-3-8b,mistral-7b (default: llama-3-8b)."),
        config: str = typer.Option(None, "--config", help="Your own models' config.json "
                                   "files, with or instead of --model, e.g. a.json,b.json."),
        device: str = typer.Option("h100,a100-80gb,mi300x", "--device",
                                   help="Devices, e.g. h100,a100-80gb."),
        precision: str = typer.Option("bf16", "--precision", help="Precisions, e.g. bf16,fp8."),
        phase: str = typer.Option(None, "--phase", help="Phases (default: each model's own), "
                                  "e.g. prefill,decode."),
        batch: str = typer.Option("1..256x2", "--batch", help="Batch sizes, e.g. 1..256x2."),
        context: str = typer.Option("512,2048,8192", "--context",
                                    help="Prompt tokens (prefill) or tokens attended to "
                                         "(decode), e.g. 512,2048."),
        mode: str = typer.Option("fused", "--mode", help="eager | fused."),
        kv_precision: str = KV_PRECISION, kv_heads: int = KV_HEADS, kv_reads: str = KV_READS,
        catalog: Path = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                                     help="Your own devices (YAML)."),
        out: Path = typer.Option(Path("explore.html"), "--out", help="The page to write."),
    ):
        """Write one interactive HTML page (no network needed) over a bounded grid: roofline,
        Iron Law terms, latency-throughput ladder, memory, devices and the Pareto front."""
        from ironlaw.errors import UserError
        from ironlaw.explore.html import explore_page
        from ironlaw.files import target, write_text
        from ironlaw.units import format as show

        if out.suffix.lower() not in (".html", ".htm") or out.is_dir():
            raise UserError(f"--out: expected a file name ending in .html; got {str(out)!r}")
        target(out, "out")  # its folder and name, before the grid is costed
        from ironlaw.cli.model import config_file

        configs = [config_file(c.strip()) for c in config.split(",")] if config else []
        models = ",".join([*([model] if model else []), *configs]) or "llama-3-8b"
        text, data = explore_page(models, device, precision, batch, context, phase, catalog,
                                  mode, kv_precision, kv_heads, kv_reads)
        write_text(out, text, "out")  # whole or not at all
        print(f"wrote {out} ({show(len(text.encode()), 'bytes')}, "
              f"{len(data.points)} configurations)")
