"""Figures the data layer needs, each a :class:`~ironlaw.provenance.Constant` (a number in SI
units with its source): decode rates, dataset sizes, egress prices.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from ironlaw.provenance import Constant, Source

CHECKED = datetime.date(2026, 11, 28)

IMREAD = ("V. Iglovikov, D. Kosarevsky, 'Single-Thread JPEG Decoder Benchmarks Mis-Evaluate ML "
          "Data Loaders', arXiv:2605.08731 (2026), and its benchmark tables "
          "(github.com/ternaus/imread_benchmark README): ImageNet validation, 50,000 JPEGs "
          "decoded from memory to RGB uint8, one thread, Intel Xeon Platinum 8581C "
          "(Emerald Rapids)")

# Samples a single CPU core prepares per second [1/s], by input format. Decode only: random
# crops, flips and normalization cost extra CPU time that these figures do not include.
DECODE_RATES: dict[str, Constant] = {
    "jpeg-pillow": Constant(577.0, "1/s", Source(
        "measured", IMREAD, CHECKED, "https://arxiv.org/abs/2605.08731",
        "Pillow (torchvision's default loader), decode only")),
    "jpeg-simplejpeg": Constant(735.0, "1/s", Source(
        "measured", IMREAD, CHECKED, "https://arxiv.org/abs/2605.08731",
        "simplejpeg (libjpeg-turbo), decode only; the fastest on that CPU")),
}

# A dataset: bytes per stored sample and the decode-rate entry its format uses (None: no CPU
# decode stage, e.g. pre-tokenized text read straight into a tensor).
IMAGENET_BYTES = Constant(150e9 / (1_281_167 + 50_000), "B", Source(
    "estimate", "J. Simon, 'ImageNet — part 1: going on an adventure' (2017): ILSVRC-2012 "
    "'clocking in at 150 GB', 1,281,167 training and 50,000 validation images", CHECKED,
    "https://julsimon.medium.com/imagenet-part-1-going-on-an-adventure-c0a62976dc72",
    "150 GB / 1,331,167 JPEGs ≈ 113 kB per image (train + validation archives together)"))

TOKENS_BYTES = Constant(2048 * 2.0, "B", Source(
    "derived", "definition: 2,048 token IDs stored as uint16", CHECKED,
    note="a pre-tokenized 2k-token sequence; vocabularies above 65,536 need uint32 (twice "
         "the bytes)"))


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    bytes_per_sample: Constant
    decode: str | None  # key of DECODE_RATES, or None when there is no decode stage


DATASETS: dict[str, Dataset] = {
    "imagenet": Dataset("imagenet", "ILSVRC-2012 JPEGs decoded with Pillow", IMAGENET_BYTES,
                        "jpeg-pillow"),
    "imagenet-simplejpeg": Dataset("imagenet-simplejpeg",
                                   "ILSVRC-2012 JPEGs decoded with simplejpeg (libjpeg-turbo)",
                                   IMAGENET_BYTES, "jpeg-simplejpeg"),
    "tokens-2k": Dataset("tokens-2k", "pre-tokenized text, 2,048 uint16 tokens per sample",
                         TOKENS_BYTES, None),
}

# Price of moving data out of a cloud region to the internet [USD/B].
EGRESS: dict[str, Constant] = {
    "aws-ap-southeast-2": Constant(0.114e-9, "USD/B", Source(
        "datasheet", "AWS data transfer out to the internet, Asia Pacific (Sydney), tier 'next "
        "9.999 TB / month' ($0.114/GB), as tabulated in 'How Does AWS Data Transfer Pricing "
        "Work?' (2020)", CHECKED, "https://chengqing.dev/en/2020/01/23/aws-data-transfer/",
        "first tier after the free 1 GB; later tiers $0.098-0.092/GB")),
}


def lookup(table: dict[str, Any], name: str, what: str, parameter: str) -> Any:
    """``table[name]`` or a ParameterError naming the parameter, the known keys and the closest
    match."""
    import difflib

    from ironlaw.errors import ParameterError

    key = name.strip().lower()
    if key in table:
        return table[key]
    close = difflib.get_close_matches(key, list(table), n=2, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise ParameterError(parameter, f"unknown {what} {name!r}{hint} (known: {', '.join(table)})")
