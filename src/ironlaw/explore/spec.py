"""From what a user asks (keyword arguments or a YAML file) to a checked :class:`Space`.

Every name is resolved here (model and device aliases, grid regions), every size and quantity
checked, so evaluation never meets bad input: a mistake is a :class:`UserError` naming the
field. ``count`` is the number of data-parallel replicas, one model copy per device: latency
and memory per device do not change; throughput, power and cost scale with it.
"""

from __future__ import annotations

import math

from ironlaw import checks
from ironlaw.errors import ParameterError, UserError
from ironlaw.explore.space import AUTO_PHASE, DEFAULT_CHUNK, METHODS, Space
from ironlaw.ranges import expand, positive, text, unique, whole

SERVING_ONLY = ("prompt", "output", "rate", "slo_ttft", "slo_tpot", "kv_precision", "kv_heads",
                "kv_reads", "shared_prefix", "prefix_hit", "percentile")
COUNT_NOTE = ("count = data-parallel replicas, one full model copy per device: latency and "
              "memory per device are those of one device; throughput, power and cost × count")


def _models(raw) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The models' IDs, and (ID, config.json) of the user's among them (each process that
    evaluates a chunk makes them known again)."""
    from ironlaw.models.zoo import get_model

    specs = [get_model(n) for n in expand(raw, "model", text("model"))]
    return (unique([s.id for s in specs], "model"),
            tuple((s.id, s.config) for s in specs if s.config))


# A sweep's results are held in memory as ~30 float64 columns (~250 B per configuration):
# 2·10^7 configurations is about 5 GB, a safe share of a 24 GiB machine.
MAX_CONFIGURATIONS = 20_000_000


def _cloud(device_ids: tuple[str, ...]) -> tuple[tuple, list[str]]:
    from ironlaw.operations.cost import instance_price
    from ironlaw.operations.tables import INSTANCES

    instance_of: dict[str, str] = {}
    for name, instance in INSTANCES.items():  # a device's first listed instance is its price
        instance_of.setdefault(instance.accelerator, name)
    prices, notes = [], []
    for ident in device_ids:
        if ident not in instance_of:
            prices.append(None)
            notes.append(f"price 'cloud': no instance price for {ident} in the table "
                         f"(known: {', '.join(instance_of)}); costed as owned hardware")
            continue
        price, said = instance_price(instance_of[ident], ident)
        prices.append(price)
        notes.append(f"{ident}: {said}")
    return tuple(prices), notes


def _prices(raw, device_ids: tuple[str, ...], cat) -> tuple[tuple, list[str]]:
    """Per device, its cloud price [USD per device-second], or None (owned, amortized): an SI
    float or a string with its unit ("$4.50/h")."""
    read = positive("price", "usd_per_time", "$4.50/h")
    if raw is None:
        return tuple(None for _ in device_ids), []
    if isinstance(raw, str) and raw.strip().lower() == "cloud":
        return _cloud(device_ids)
    if not isinstance(raw, dict):
        return tuple(read(raw) for _ in device_ids), []
    prices: dict[str, float] = {}
    for name, value in raw.items():
        ident = cat.device(str(name)).id
        if ident not in device_ids:
            raise ParameterError("price", f"{ident} is not one of the swept devices")
        prices[ident] = read(value)
    missing = [d for d in device_ids if d not in prices]
    notes = [f"no cloud price given for {', '.join(missing)}: costed as owned hardware"] \
        if missing else []
    return tuple(prices.get(d) for d in device_ids), notes


def _capex(devices, prices, cat) -> tuple[tuple, list[str]]:
    """Per device bought (no cloud price): its catalog price, else the price of a catalog node
    that carries it divided by its accelerator count (host included: an upper bound)."""
    out, notes = [], []
    for device, price in zip(devices, prices, strict=True):
        if price is not None:
            out.append(None)
            continue
        if device.price is not None:
            out.append(device.price.value)
            continue
        node = next((n for n in cat.nodes.values() if n.accelerator == device.id and n.price),
                    None)
        if node is None:
            out.append(None)
            notes.append(f"{device.id}: no price in the catalog (device or node); its cost is "
                         "left empty — give a price (per device-hour, e.g. '$4.50/h')")
            continue
        out.append(node.price.value / node.count)
        notes.append(f"{device.id}: price = {node.id} price / {node.count} (host included; "
                     "an upper bound for the device)")
    return tuple(out), notes


def _decoders(models):
    """The architecture of each decoder among ``models`` (the others are left to the sweep,
    which says so per configuration)."""
    from ironlaw.serving.phases import arch_of

    for model in models:
        try:
            yield arch_of(model)
        except UserError:
            continue


def _check_kv_heads(models, heads) -> None:
    """Every swept key/value head count must divide every swept model's query heads."""
    from ironlaw.models.transformer import with_kv_heads

    for arch in _decoders(models):
        for h in heads:
            with_kv_heads(arch, h)


def _check_kv_precision(models, precisions) -> None:
    """Every swept model must keep a KV cache to store in a swept precision (a state-space
    model's state stays in the precision it computes in, as ``serve_llm`` takes it)."""
    from ironlaw.models.transformer import check_kv_precision

    for arch in _decoders(models):
        for p in precisions:
            check_kv_precision(arch, p, "kv_precision")


def _prefix_dims(models, shared, hit, prompt: int) -> dict[str, tuple]:
    """The shared_prefix and prefix_hit dimensions (prefix caching, serving.prefix), each value
    checked as ``serve_llm`` checks it against the shortest swept ``prompt`` and every decoder
    among the ``models``; 0 shared tokens is the sweep's point without prefix caching."""
    from ironlaw.serving import prefix, sources

    if shared is None:
        prefix.check(None, hit, prompt, None)  # a hit share without a prefix: refused
    shares = unique(expand(shared, "shared_prefix", whole("shared_prefix", 0)), "shared_prefix")
    hits = unique(expand(sources.PREFIX_HIT.value if hit is None else hit, "prefix_hit",
                         lambda x: checks.fraction(x, "prefix_hit", open_low=False)),
                  "prefix_hit")
    for arch in _decoders(models):
        for s in shares:
            for h in hits:
                if s:
                    prefix.check(s, h, prompt, arch)
    return {"shared_prefix": shares, "prefix_hit": hits}


def make_space(model, device, *, method: str = "graph", count=1, tp=1, batch=1, seq=None,
               context=None, precision="bf16", phase=None, mode="fused", region=None,
               price=None, prompt=None, output=None, rate=None, slo_ttft=None,
               slo_tpot=None, kv_precision=None, kv_heads=None, kv_reads=None,
               shared_prefix=None, prefix_hit=None, percentile=0.99, catalog=None,
               chunk=None) -> Space:
    """Check and resolve a sweep's dimensions (see the module docstring and ``sweep``)."""
    from ironlaw.dtypes import NAMES as PRECISION_NAMES
    from ironlaw.frameworks.cost import MODES
    from ironlaw.frameworks.ops import KV_READS
    from ironlaw.models.transformer import PHASES

    checks.choice(method, "method", METHODS)
    given = {"phase": phase, "seq": seq, "context": context, "region": region,
             "prompt": prompt, "output": output, "rate": rate, "slo_ttft": slo_ttft,
             "slo_tpot": slo_tpot, "kv_precision": kv_precision, "kv_heads": kv_heads,
             "kv_reads": kv_reads, "shared_prefix": shared_prefix, "prefix_hit": prefix_hit}
    wrong = [k for k in SERVING_ONLY if k in given] if method != "serving" \
        else ("phase", "seq", "context", "region")
    for key in wrong:
        if given[key] is not None:
            hint = ("the serving method takes it" if method != "serving"
                    else "the serving method sets it itself")
            raise ParameterError(key, f"does not apply to the {method} method ({hint})")
    if method != "serving" and tp != 1:
        raise ParameterError("tp", "tensor parallelism applies to the serving method (the "
                             "graph and closed-form methods cost one device per replica)")
    if method == "serving" and (count != 1 or mode != "fused"):
        raise ParameterError("count" if count != 1 else "mode", "the serving method sizes "
                             "replicas itself and runs fused; leave it out")
    from ironlaw.hardware.catalog import open_catalog

    cat = open_catalog(catalog)
    models, model_configs = _models(model)
    device_names = expand(device, "device", text("device"))
    devices = [cat.device(n) for n in device_names]
    device_ids = unique([d.id for d in devices], "device")
    efficiencies = tuple(cat.efficiency_of(d) for d in devices)
    prices, notes = _prices(price, device_ids, cat)
    capex, capex_notes = _capex(devices, prices, cat)
    notes += capex_notes
    precisions = unique(expand(precision, "precision",
                                text("precision", PRECISION_NAMES)), "precision")
    batches = unique(expand(batch, "batch", whole("batch")), "batch")
    if chunk is None:
        chunk = DEFAULT_CHUNK[method]
    chunk = whole("chunk")(chunk)

    if method == "serving":
        read_out = whole("output")
        outputs = unique(expand(128 if output is None else output, "output", read_out),
                         "output")
        if min(outputs) < 2:
            raise ParameterError("output", "at least 2 tokens (the first comes from the prefill)")
        dims = {"model": models, "precision": precisions, "device": device_ids,
                "tp": unique(expand(tp, "tp", whole("tp")), "tp")}
        if kv_precision is not None:
            dims["kv_precision"] = unique(expand(kv_precision, "kv_precision", text(
                "kv_precision", PRECISION_NAMES)), "kv_precision")
            _check_kv_precision(models, dims["kv_precision"])
        if kv_heads is not None:
            dims["kv_heads"] = unique(expand(kv_heads, "kv_heads", whole("kv_heads")),
                                      "kv_heads")
            _check_kv_heads(models, dims["kv_heads"])
        if kv_reads is not None:  # how decode reads a grouped cache (frameworks.ops.KV_READS)
            dims["kv_reads"] = unique(expand(kv_reads, "kv_reads", text("kv_reads", KV_READS)),
                                      "kv_reads")
        dims |= {"batch": batches,
                 "prompt": unique(expand(512 if prompt is None else prompt, "prompt",
                                          whole("prompt")), "prompt"),
                "output": outputs}
        if shared_prefix is not None or prefix_hit is not None:
            dims |= _prefix_dims(models, shared_prefix, prefix_hit, min(dims["prompt"]))
        if rate is not None:
            dims["rate"] = unique(expand(rate, "rate", positive("rate", "rate", "20 /s")),
                                  "rate")
        if slo_ttft is not None:
            if rate is None:
                raise ParameterError("slo_ttft", "needs a rate too (replicas are sized for a rate)")
            dims["slo_ttft"] = unique(expand(slo_ttft, "slo_ttft",
                                              positive("slo_ttft", "time", "200 ms")),
                                      "slo_ttft")
        options = {"percentile": checks.percentile(percentile),
                   "slo_tpot_s": None if slo_tpot is None else
                   positive("slo_tpot", "time", "50 ms")(slo_tpot)}
        if max(dims["tp"]) > 8:
            raise ParameterError("tp", f"tensor parallelism spans one node of at most 8 "
                                 f"devices; got {max(dims['tp'])}")
        assumptions = ["fused execution; a replica of tp devices in one node (Megatron-LM "
                       "split, collectives on the device's scale-up link)"]
    else:
        phases = (AUTO_PHASE,) if phase is None else unique(
            expand(phase, "phase", text("phase", (AUTO_PHASE, "forward", *PHASES))),
            "phase")
        dims = {"model": models, "phase": phases, "precision": precisions,
                "device": device_ids,
                "mode": unique(expand(mode, "mode", text("mode", MODES)), "mode"),
                "batch": batches,
                "seq": unique(expand(128 if seq is None else seq, "seq", whole("seq")),
                              "seq")}
        if context is not None:
            dims["context"] = unique(expand(context, "context", whole("context")),
                                     "context")
        dims["count"] = unique(expand(count, "count", whole("count")), "count")
        if region is not None:
            from ironlaw.operations.carbon import grid_intensity
            from ironlaw.operations.tables import GRID_ALIASES

            names = expand(region, "region", text("region"))
            for name in names:
                grid_intensity(name)  # a UserError for an unknown region
            dims["region"] = unique([GRID_ALIASES.get(n.lower(), n.lower()) for n in names],
                                    "region")
        options = {}
        assumptions = [COUNT_NOTE]
        if phase is None:
            assumptions.append("phase 'auto': each model's first phase (forward; prefill for "
                               "decoders; encoder for BERT)")
        if context is None and "decode" in phases:
            assumptions.append("decode steps attend to seq tokens (no context dimension)")
    size = math.prod(len(v) for v in dims.values())
    if size > MAX_CONFIGURATIONS:
        shape = " × ".join(f"{len(v)} {name}" for name, v in dims.items() if len(v) > 1)
        raise UserError(f"the sweep has {size:.3g} configurations ({shape}); at most "
                        f"{MAX_CONFIGURATIONS:.2g} are held in memory (about 5 GB of results): "
                        "narrow a dimension or split the sweep")
    return Space(method=method, dims=tuple(dims), values=tuple(tuple(v) for v in dims.values()),
                 devices=tuple(devices), efficiencies=efficiencies, price_per_s=prices,
                 capex=capex, chunk=chunk, options=options, model_configs=model_configs,
                 assumptions=tuple([*assumptions, *notes]))
