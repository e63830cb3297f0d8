"""``ironlaw serve``: a model served on a device or node — TTFT/TPOT, KV cache, batching,
queueing and the replicas an SLO needs."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.model import KV_READS
from ironlaw.cli.options import FORMAT, Format, model_argument, on_option, quantity, wrote

# the options only an LLM (a decoder) is served with, by parameter name; a model of any other
# kind refuses those the user gave, each named by the flag its option declares
LLM_ONLY = ("prompt", "output", "slo_ttft", "slo_tpot", "engine", "token_budget", "idle_power",
            "draft", "draft_tokens", "acceptance", "kv_precision", "lengths", "kv_heads",
            "kv_reads", "shared_prefix", "prefix_hit", "disaggregate")


def _given(ctx: typer.Context, names: tuple[str, ...]) -> list[str]:
    """The flags of ``ctx``'s command's options among ``names`` that the user set (on the
    command line or through an environment variable), as the options declare them."""
    sources = {p.name: ctx.get_parameter_source(p.name) for p in ctx.command.params}
    return [max(p.opts, key=len) for p in ctx.command.params if p.name in names
            and sources[p.name] is not None and sources[p.name].name != "DEFAULT"]


def serve(ctx: typer.Context,
          name: str = model_argument(help="A model: built-in (e.g. llama-2-70b, "
                                     "resnet50), a Hugging Face id in the local cache, or a "
                                     "config.json."),
          config: Path = typer.Option(None, "--config", help="A Hugging Face config.json "
                                      "(instead of a model name)."),
          on: str = on_option(help="Device or node, e.g. h100, dgx-h100."),
          devices: int = typer.Option(1, "--devices", "-n",
                                      help="Tensor-parallel devices per replica (LLMs)."),
          precision: str = typer.Option("bf16", "--precision",
                                        help="bf16, fp16; fp8, int8 (LLMs: W8A8 in the linear "
                                             "layers, the rest 16-bit); int4 (W4A16)."),
          prompt: int = typer.Option(None, "--prompt", help="Prompt tokens (LLMs; 512)."),
          output: int = typer.Option(None, "--output", help="Output tokens (LLMs; 128)."),
          batch: int = typer.Option(1, "--batch", "-b",
                                    help="Concurrent sequences (LLM) or batch size."),
          rate: str = typer.Option(None, "--rate", help="Arrival rate, e.g. '20 /s'."),
          slo_ttft: str = typer.Option(None, "--slo-ttft", help="TTFT SLO, e.g. '500 ms'."),
          slo_tpot: str = typer.Option(None, "--slo-tpot", help="TPOT SLO, e.g. '50 ms'."),
          slo: str = typer.Option(None, "--slo", help="Latency SLO (non-LLMs), e.g. '200 ms'."),
          percentile: float = typer.Option(0.99, "--percentile", help="SLO percentile."),
          engine: str = typer.Option(None, "--engine", help="LLM engine whose default token "
                                     "budget per iteration applies: vllm (default), trtllm, "
                                     "sglang."),
          token_budget: int = typer.Option(None, "--token-budget",
                                           help="Tokens per engine iteration (LLMs), instead "
                                                "of the engine's default."),
          idle_power: str = typer.Option(None, "--idle-power",
                                         help='One device\'s idle power for energy per token, '
                                              '"60 W" (the catalog\'s by default).'),
          lengths: Path = typer.Option(None, "--lengths",
                                       help="A CSV of prompt,output[,count] lengths (LLMs), "
                                            "instead of --prompt and --output."),
          kv_precision: str = typer.Option(None, "--kv-precision",
                                           help="KV cache precision (LLMs with attention; "
                                                "default: --precision, fp16 for int4 weights, "
                                                "served W4A16), e.g. fp8. A state-space "
                                                "model's state stays in --precision."),
          kv_heads: int = typer.Option(None, "--kv-heads",
                                       help="Key/value heads (LLMs; default: the model's): "
                                            "MHA → GQA → MQA what-ifs."),
          kv_reads: str = KV_READS,
          draft: str = typer.Option(None, "--draft", help="Speculative decoding: a smaller "
                                    "model of the same vocabulary drafts tokens (LLMs)."),
          draft_tokens: int = typer.Option(None, "--draft-tokens",
                                           help="Tokens drafted per iteration (with --draft; "
                                                "4)."),
          acceptance: float = typer.Option(None, "--acceptance",
                                           help="Probability a drafted token is accepted, "
                                                "0 to 1 (required with --draft)."),
          shared_prefix: int = typer.Option(None, "--shared-prefix",
                                            help="Prefix caching: prompt tokens every request "
                                                 "shares (a system prompt, a document), their "
                                                 "KV blocks reused (LLMs)."),
          prefix_hit: float = typer.Option(None, "--prefix-hit",
                                           help="Share of requests that find the shared "
                                                "prefix cached, 0 to 1 (default 1 with "
                                                "--shared-prefix)."),
          disaggregate: bool = typer.Option(False, "--disaggregate",
                                            help="Split the node's instances into prefill and "
                                                 "decode ones (LLMs on a node)."),
          catalog: Path = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                                       help="Your own devices (YAML)."),
          explain: bool = typer.Option(False, "--explain", help="Show the worked derivation."),
          plot: Path = typer.Option(None, "--plot",
                                    help="Write latency vs throughput over batch sizes (PNG/SVG)."),
          fmt: Format = FORMAT):
    """Serve a model: TTFT and TPOT (LLMs) or batch latency, throughput vs batch, KV cache,
    p50/p99 latency and the replicas an SLO needs. Exit status 1 when the verdict is
    'does not fit' or 'SLO impossible'."""
    from ironlaw.errors import UserError
    from ironlaw.models.zoo import get_model
    from ironlaw.operations.serving_energy import with_energy
    from ironlaw.report.render import render
    from ironlaw.serving import serve_llm, serve_model
    from ironlaw.serving.result import bounded

    if plot is not None:
        from ironlaw.report.plots import check_target

        check_target(plot, "plot")  # a bad file name fails before any work
    from ironlaw.cli.model import model_name
    from ironlaw.serving import is_llm

    spec = get_model(model_name(name, config))
    llm = is_llm(spec.id)
    arrival = quantity(rate, "rate", "--rate")
    if llm:
        if slo is not None:
            raise UserError(f"--slo: {spec.id} is an LLM; give --slo-ttft and/or --slo-tpot")
        if lengths is not None and (prompt is not None or output is not None):
            raise UserError("--lengths: gives the prompt and output lengths; drop --prompt and "
                            "--output")
        options = dict(devices=devices, precision=precision,
                       prompt=512 if prompt is None else prompt,
                       output=128 if output is None else output, batch=batch,
                       arrival_rate=arrival, slo_ttft=quantity(slo_ttft, "time", "--slo-ttft"),
                       slo_tpot=quantity(slo_tpot, "time", "--slo-tpot"),
                       percentile=percentile, catalog=catalog, engine=engine,
                       token_budget=token_budget, draft=draft, draft_tokens=draft_tokens,
                       acceptance=acceptance, disaggregate=disaggregate,
                       kv_precision=kv_precision, kv_heads=kv_heads, kv_reads=kv_reads,
                       lengths=lengths,
                       shared_prefix=shared_prefix, prefix_hit=prefix_hit)
        idle = quantity(idle_power, "power", "--idle-power")
        result = bounded(lambda: with_energy(serve_llm(spec.id, on, **options), idle))
    else:
        for flag in _given(ctx, LLM_ONLY):
            raise UserError(f"{flag} applies to LLMs (decoders); {spec.id} is not one")
        if devices != 1:
            raise UserError(f"--devices: tensor parallelism applies to LLM serving; {spec.id} "
                            "is served one device per replica")
        slo_latency = quantity(slo, "time", "--slo")
        result = bounded(lambda: serve_model(spec.id, on, batch=batch, precision=precision,
                                             arrival_rate=arrival, slo_latency=slo_latency,
                                             percentile=percentile, catalog=catalog))
    render(result, fmt, explain)
    if plot is not None:
        wrote(_plot(result, plot, llm).path, fmt)
    if not result.feasible:
        raise typer.Exit(1)


def _plot(result, path: Path, llm: bool):
    """Latency vs throughput over the batch sizes of the result's sweep (those that fit), the
    batch asked for marked, and the latency SLO (TPOT for an LLM) drawn when given; an LLM's
    TTFT over batch beside it, with the TTFT SLO and the tail TTFT with queueing."""
    from ironlaw.report.plots import batch_curve

    data = result.to_dict()
    if llm:
        rows = [(r["batch"], r["tpot_s"], r["tokens_per_s"]) for r in data["sweep"] if r["fits"]]
        title, unit = (f"{data['model']} on {data['device']}: TPOT vs throughput, TTFT "
                       "vs batch"), "tokens"
        slo, slo_label = (data.get("slo") or {}).get("tpot_s"), "TPOT SLO"
    else:
        rows = [(r["batch"], r["latency_s"], r["throughput_per_s"]) for r in data["sweep"]
                if r.get("fits", True)]
        title, unit = f"{data['model']} on {data['device']}: latency vs throughput", "samples"
        slo, slo_label = (data.get("slo") or {}).get("latency_s"), "latency SLO"
    extra = {}
    if llm:  # TTFT beside, so a TTFT SLO is drawn where TTFT is
        from ironlaw.serving.result import percentile_key

        q = percentile_key(data["percentile"])
        tail = data.get(f"ttft_{q}_s")
        extra = {"first_token": [(r["batch"], r["ttft_s"]) for r in data["sweep"] if r["fits"]],
                 "first_token_slo": (data.get("slo") or {}).get("ttft_s"),
                 "first_token_tail": (tail, f"{q} TTFT with queueing")
                 if tail is not None else None}
    return batch_curve(rows, path, title=title, throughput_unit=unit, chosen=data["batch"],
                       slo=(slo, slo_label) if slo else None, **extra)


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)
