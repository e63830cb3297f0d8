"""Operational constants with their provenance: grid carbon intensity, PUE, WUE, prices, MTBF.

Each value is a :class:`~ironlaw.provenance.Constant` in SI units, which its ``unit`` field
names: kg/J for grid carbon, m³/J for WUE, USD/J for electricity, USD/s for instances, s for
lifetimes and MTBF. Figures quoted per kWh or per hour (WUE in L/kWh, electricity in $/kWh,
instances in $/h) are written as quoted times a named conversion (``0.15 * L_PER_KWH``), so the
source's number stays readable here; ironlaw.units shows them in those units again.
Grid intensities are annual averages; hour by hour they can differ by a factor of several.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from ironlaw.provenance import Constant, Source
from ironlaw.units import HOUR, KWH, YEAR

G_PER_KWH = 1e-3 / KWH  # 1 g/kWh in kg/J
L_PER_KWH = 1e-3 / KWH  # 1 L/kWh in m³/J (1 L = 1e-3 m³)
USD_PER_KWH = 1.0 / KWH  # $1/kWh in USD/J
USD_PER_HOUR = 1.0 / HOUR  # $1/h in USD/s
CHECKED = datetime.date(2026, 11, 28)


def _figure(value: float, unit: str, title: str, kind: str, year: int, note: str = "",
            url: str | None = None, checked: datetime.date = CHECKED) -> Constant:
    """A constant whose source's title names the year it describes."""
    title = title if str(year) in title else f"{title} ({year})"
    return Constant(value, unit, Source(kind, title, checked, url, note))

OWID = ("Our World in Data, 'Carbon intensity of electricity generation' (data: Ember and "
        "Energy Institute), 2023 column, lifecycle gCO2e/kWh")
OWID_URL = "https://ourworldindata.org/grapher/carbon-intensity-electricity?tab=table"
EMBER_WORLD = ("Ember via Statista, 'Electricity generation emission intensity in selected "
               "countries worldwide in 2023' (published 3 July 2024)")
EMBER_WORLD_URL = ("https://statista.com/statistics/943137/"
                   "global-emissions-intensity-power-sector-by-country")
EMBER_EU = ("Ember via Statista, 'Carbon intensity of the power sector in the European Union in "
            "2023, by country' (lifecycle, all gases as CO2e over 100 years)")


def _grid(g_per_kwh: float, source: str, kind: str, year: int, note: str = "",
          url: str | None = None) -> Constant:
    return _figure(g_per_kwh * G_PER_KWH, "kg/J", source, kind, year, note, url)


# Carbon intensity of grid electricity [kg CO2e per J] by region.
GRID_CARBON: dict[str, Constant] = {
    "world": _grid(481, EMBER_WORLD, "datasheet", 2023, "global power sector average",
                   EMBER_WORLD_URL),
    "us-average": _grid(0.81 * 453.59237,
                        "U.S. EIA FAQ 'How much carbon dioxide is produced per kilowatthour of "
                        "U.S. electricity generation?': 0.81 lb CO2/kWh in 2023", "derived",
                        2023, "0.81 lb × 453.59 g/lb; CO2 only (no CH4/N2O, no upstream), "
                        "utility-scale generation", "https://www.eia.gov/tools/faqs/faq.php?id=74&t=3"),
    "fr": _grid(56, OWID, "datasheet", 2023, "France", OWID_URL),
    "de": _grid(381, OWID, "datasheet", 2023, "Germany", OWID_URL),
    "pl": _grid(662, EMBER_EU, "datasheet", 2023, "Poland: the EU's highest"),
    "se": _grid(40.7, EMBER_EU, "datasheet", 2023, "Sweden: the EU's lowest"),
    "no": _grid(30, EMBER_WORLD, "datasheet", 2023, "Norway (~90% hydro)", EMBER_WORLD_URL),
    "dk": _grid(152, OWID, "datasheet", 2023, "Denmark", OWID_URL),
    "fi": _grid(79, OWID, "datasheet", 2023, "Finland", OWID_URL),
    "ie": _grid(291, OWID, "datasheet", 2023, "Ireland", OWID_URL),
    "gb": _grid(207.05, "UK DESNZ greenhouse gas conversion factors 2024: UK electricity "
                "0.20705 kgCO2e/kWh, as quoted in 'UK grid decarbonisation stalled?' (Entrnce)",
                "datasheet", 2024, "generation factor, excluding transmission and distribution",
                "https://entrnce.com/en-gb/blog/uk-grid-decarbonisation-stalled"),
    "cn": _grid(582, OWID, "datasheet", 2023, "China", OWID_URL),
    "in": _grid(713, OWID, "datasheet", 2023, "India", OWID_URL),
    "jp": _grid(421, "Electric Power Council for a Low Carbon Society (ELCS), preliminary "
                "FY2023 (April 2023 - March 2024): 0.421 kg CO2/kWh sold, via Argus Media",
                "datasheet", 2023, "CO2 per kWh sold by 61 power firms (91% of sales)",
                "https://argusmedia.com/zh/news-and-insights/latest-market-news/"
                "2616297-japan-s-power-sector-cuts-co2-emissions-in-2023-24"),
    "au": _grid(549, OWID, "datasheet", 2023, "Australia", OWID_URL),
    "ca": _grid(170, OWID, "datasheet", 2023, "Canada", OWID_URL),
    "ca-qc": _grid(0.36, "Hydro-Québec, 'Atmospheric emissions' (activities in 2016): 360 t "
                   "CO2/TWh from electricity generated and purchased in Québec", "datasheet",
                   2016, "direct combustion emissions only; hydro reservoirs' lifecycle "
                   "emissions are not included",
                   "http://www.hydroquebec.com/sustainable-development/energy-environment/"
                   "atmospheric-emissions.html"),
    "br": _grid(98, OWID, "datasheet", 2023, "Brazil", OWID_URL),
}
GRID_ALIASES = {"us": "us-average", "usa": "us-average", "uk": "gb", "global": "world",
                "quebec": "ca-qc", "france": "fr", "germany": "de", "norway": "no",
                "sweden": "se", "poland": "pl", "japan": "jp", "china": "cn", "india": "in"}

# Power usage effectiveness: facility energy / IT energy.
PUE: dict[str, Constant] = {
    "industry-average": _figure(
        1.58, "1", "Uptime Institute Intelligence, 'Large data centers are mostly more efficient, "
        "analysis confirms' (UII Update 221, 23 Nov 2023): industry average PUE 1.58 in 2023",
        "paper", 2023, "annual survey average; flat at 1.55-1.59 since about 2020",
        "https://intelligence.uptimeinstitute.com/resource/"
        "large-data-centers-are-mostly-more-efficient-analysis-confirms"),
    "aws-2024": _figure(1.15, "1", "AWS Sustainable Infrastructure: 'In 2024, AWS reported a "
                       "global power usage effectiveness (PUE) of 1.15'", "datasheet", 2024,
                       "fleet-wide, ISO methodology",
                       "https://aws.amazon.com/tw/sustainability/data-centers"),
}
DEFAULT_PUE = "industry-average"

def _wue(l_per_kwh: float, title: str, year: int, note: str, url: str) -> Constant:
    """A water usage effectiveness [m³/J] from the L/kWh its source quotes."""
    return _figure(l_per_kwh * L_PER_KWH, "m³/J", title, "datasheet", year, note, url)


# Water usage effectiveness: on-site water per IT energy [m³/J], defined and quoted in L/kWh
# (see operations.water).
WUE: dict[str, Constant] = {
    "aws-2024": _wue(0.15, "AWS water usage effectiveness 0.15 L/kWh (2024 data; Microsoft "
                     "0.30), as reported in 'Amazon's innovative approach: using wastewater to "
                     "cool data centers' (SiliconFlash)", 2024, "on-site (cooling) water only",
                     "https://siliconflash.com/amazons-innovative-approach-using-wastewater-"
                     "to-cool-data-centers-as-demand-skyrockets"),
    "aws-2021": _wue(0.25, "AWS re:Invent 2022 water-positive announcement: 2021 global WUE "
                     "0.25 L/kWh (ITBusiness.ca)", 2021, "on-site water only",
                     "https://itbusiness.ca/news/aws-announces-water-positive-pledge-and-global-"
                     "water-replenishment-programs/123490?amp=1"),
}
DEFAULT_WUE = "aws-2024"

EIA_ANNUAL = ("U.S. EIA Electric Power Annual (data for 2023, released 17 Oct 2024), average "
              "revenue per kWh by state and sector")
EIA_ANNUAL_URL = "https://www.eia.gov/electricity/annual/secrev-map.php"


def _electricity(usd_per_kwh: float, title: str, note: str, url: str) -> Constant:
    """An electricity price for 2023 [USD/J] from the $/kWh its source quotes."""
    return _figure(usd_per_kwh * USD_PER_KWH, "USD/J", title, "datasheet", 2023, note, url)


# Electricity price [USD/J], quoted in $/kWh.
ELECTRICITY: dict[str, Constant] = {
    "us-industrial": _electricity(0.0806, "U.S. EIA via Statista, 'Average retail electricity "
                                  "price for industrial consumers in the United States' (8.06 "
                                  "¢/kWh in 2023)", "national average",
                                  "https://www.statista.com/statistics/190680/"
                                  "us-industrial-consumer-price-estimates-for-retail-"
                                  "electricity-since-1970/"),
    "us-va-commercial": _electricity(0.0895, EIA_ANNUAL, "Virginia, commercial sector: 8.95 "
                                     "¢/kWh", EIA_ANNUAL_URL),
    "us-va-industrial": _electricity(0.0892, EIA_ANNUAL, "Virginia, industrial sector: 8.92 "
                                     "¢/kWh", EIA_ANNUAL_URL),
    "us-ca-commercial": _electricity(0.2391, EIA_ANNUAL, "California, commercial sector: 23.91 "
                                     "¢/kWh", EIA_ANNUAL_URL),
}
DEFAULT_ELECTRICITY = "us-industrial"

CAPACITY_BLOCKS = ("Amazon EC2 Capacity Blocks for ML pricing: effective instance hourly "
                   "reservation rates (page copy; rates stated as current until 2025-01-01)")

# On-demand list prices as recorded, region by region, in the SkyPilot catalog (the public
# price tables the SkyPilot project keeps of the clouds' instances and Cloud TPU slices). The
# files carry no date of their own: the date is the day they were read, and the commit pins
# the version that was read. The AWS prices are Linux ones: SkyPilot's fetcher keeps only the
# price list's rows with Operating System 'Linux', TermType 'OnDemand', no pre-installed
# software, shared or host tenancy (_get_pricing_table in
# https://github.com/skypilot-org/skypilot/blob/c432f1657777ab082e647ada1f820e91b775b1f8/sky/clouds/service_catalog/data_fetchers/fetch_aws.py).
PRICES_READ = datetime.date(2026, 12, 5)
SKYPILOT_AWS = ("SkyPilot catalog, catalogs/v8/aws/vms.csv at commit 00148f2 (AWS on-demand "
                "Linux prices per instance-hour, column Price), read 2026-12-05")
SKYPILOT_AWS_URL = ("https://github.com/skypilot-org/skypilot-catalog/blob/"
                    "00148f2af3672e2229b4f7bf8157d5a3f36e3c35/catalogs/v8/aws/vms.csv")
SKYPILOT_GCP = ("SkyPilot catalog, catalogs/v8/gcp/vms.csv at commit 006059e (Cloud TPU "
                "on-demand prices per slice-hour, column Price), read 2026-12-05")
SKYPILOT_GCP_URL = ("https://github.com/skypilot-org/skypilot-catalog/blob/"
                    "006059e0f18acb1341e22a27751e9f80df6ba92f/catalogs/v8/gcp/vms.csv")


def _reserved(usd_per_hour: float, note: str) -> Constant:
    """A Capacity Block rate per instance-second [USD/s] from the hourly rate AWS quotes."""
    return _figure(usd_per_hour * USD_PER_HOUR, "USD/s", CAPACITY_BLOCKS, "datasheet", 2024,
                   note)


def _on_demand(usd_per_hour: float, title: str, url: str, note: str) -> Constant:
    """An on-demand price per instance-second [USD/s] from the price per instance-hour a dated
    price list quotes."""
    return _figure(usd_per_hour * USD_PER_HOUR, "USD/s", title, "datasheet", 2026, note, url,
                   PRICES_READ)


class Instance(NamedTuple):
    """A cloud instance: its price per instance-second [USD/s], the accelerators it carries, and
    which catalog device they are (so a price is used only for its device)."""

    price: Constant
    devices: int
    accelerator: str


# Cloud instances. Keys ending in -cb are Capacity Block reservation rates (CAPACITY_BLOCKS, the
# instance-type column: p5.48xlarge 8 × H100 80GB, p4d.24xlarge 8 × A100 40GB, p5e.48xlarge
# 8 × H200); the others are on-demand list prices (the SkyPilot catalog's AcceleratorName and
# count columns). Where a device has more than one, the first listed is its default cloud price
# (sweeps): the Capacity Block rates come first, as they did before on-demand ones.
INSTANCES: dict[str, Instance] = {
    "p5.48xlarge-cb": Instance(_reserved(39.33, "8 × H100 80GB, US East (N. Virginia); a "
                                         "reservation rate, not on-demand ($4.916 per "
                                         "GPU-hour)"), 8, "h100-sxm"),
    "p4d.24xlarge-cb": Instance(_reserved(14.75, "8 × A100 40GB, US East (Ohio); a reservation "
                                          "rate, not on-demand ($1.844 per GPU-hour)"), 8,
                                "a100-40gb"),
    "p5e.48xlarge-cb": Instance(_reserved(43.26, "8 × H200 (1128 GB HBM3e), US East (Ohio); a "
                                          "reservation rate, not on-demand ($5.408 per "
                                          "GPU-hour)"), 8, "h200"),
    "p5.48xlarge": Instance(_on_demand(55.04, SKYPILOT_AWS, SKYPILOT_AWS_URL,
                               "8 × H100 80GB, us-east-1, on-demand: $55.04 / 8 = $6.88 "
                               "per GPU-hour; the same figure in data-receipts' "
                               "109-gpu-pricing/hyperscalers.json (retrieved 2026-11-09)"),
                             8, "h100-sxm"),
    "p4de.24xlarge": Instance(_on_demand(27.44705, SKYPILOT_AWS, SKYPILOT_AWS_URL,
                                 "8 × A100 80GB, us-east-1, on-demand: $27.44705 / 8 = $3.431 "
                                 "per GPU-hour; the same figure in data-receipts' "
                                 "109-gpu-pricing/hyperscalers.json (retrieved 2026-11-09)"),
                               8, "a100-80gb"),
    "p4d.24xlarge": Instance(_on_demand(21.957642, SKYPILOT_AWS, SKYPILOT_AWS_URL,
                                "8 × A100 40GB, us-east-1, on-demand: $21.957642 / 8 = "
                                "$2.745 per GPU-hour; the same figure in data-receipts' "
                                "109-gpu-pricing/hyperscalers.json (retrieved 2026-11-09)"),
                              8, "a100-40gb"),
    "p3dn.24xlarge": Instance(_on_demand(31.212, SKYPILOT_AWS, SKYPILOT_AWS_URL,
                                 "8 × V100 32GB (SXM2), us-east-1, on-demand: $31.212 / 8 = "
                                 "$3.9015 per GPU-hour; the p3 sizes carry the 16 GB V100, "
                                 "which the catalog does not hold"), 8, "v100"),
    "g6e.12xlarge": Instance(_on_demand(10.49264, SKYPILOT_AWS, SKYPILOT_AWS_URL,
                                "4 × L40S, us-east-1, on-demand: $10.49264 / 4 = $2.623 per "
                                "GPU-hour"), 4, "l40s"),
    "g6.xlarge": Instance(_on_demand(0.8048, SKYPILOT_AWS, SKYPILOT_AWS_URL,
                             "1 × L4, us-east-1, on-demand: $0.8048 per GPU-hour (the 4-GPU "
                             "g6.12xlarge lists $4.6016, $1.1504 per GPU-hour)"), 1, "l4"),
    "g4dn.xlarge": Instance(_on_demand(0.526, SKYPILOT_AWS, SKYPILOT_AWS_URL,
                               "1 × T4, us-east-1, on-demand: $0.526 per GPU-hour; the same "
                               "figure as AWS's G4 instance table (copy at "
                               "securemachinery.com)"), 1, "t4"),
    "tpu-v6e-8": Instance(_on_demand(21.6, SKYPILOT_GCP, SKYPILOT_GCP_URL,
                             "8 × TPU v6e (Trillium), one host, us-central1, on-demand: $21.60 "
                             "/ 8 = $2.70 per chip-hour, the rate Google announced at general "
                             "availability (Dec 2024, as reported by Neowin)"), 8, "tpu-v6e"),
    "tpu-v5p-8": Instance(_on_demand(16.8, SKYPILOT_GCP, SKYPILOT_GCP_URL,
                             "4 × TPU v5p (v5p-8 names 8 TensorCores: 2x2x1, 4 chips, in the "
                             "Cloud TPU v5p documentation), us-central1, on-demand: $16.80 / 4 "
                             "= $4.20 per chip-hour"), 4, "tpu-v5p"),
    "tpu-v5litepod-64": Instance(_on_demand(76.8, SKYPILOT_GCP, SKYPILOT_GCP_URL,
                                    "64 × TPU v5e, us-central1, on-demand: $76.80 / 64 = $1.20 "
                                    "per chip-hour"), 64, "tpu-v5e"),
}

# Service life over which hardware is depreciated [s].
LIFETIME = _figure(5 * YEAR, "s", "Amazon.com 10-K for FY2024: useful life of a subset of "
                  "servers and networking equipment changed from six to five years from 1 Jan "
                  "2025, citing the pace of AI/ML technology (as quoted by Deep Quarry)",
                  "datasheet", 2025, "accounting life, not a failure rate",
                  "https://deepquarry.substack.com/p/amazon-revises-server-lifespan-amid")

# The widest run costed (stated bounds, not measurements: each is far past any real run, and
# within them every figure stays a finite float). A century of hours is 100 × 8766 h; ten
# million accelerators is tens of times the largest clusters built (hundreds of thousands);
# 10^18 requests is a billion a second for 30 years (10^9 × 30 × 3.156·10^7 s ≈ 0.95·10^18).
# A service life under 0.1 year (five weeks) or over a century amortizes nothing real.
LONGEST_RUN_H = 100 * YEAR / HOUR
MOST_DEVICES = 10**7
MOST_REQUESTS = 10**18
SERVICE_LIFE_YEARS = (0.1, 100.0)

LLAMA3 = ("Llama Team, Meta, 'The Llama 3 Herd of Models' (arXiv:2407.21783, 2024): 419 "
          "unexpected interruptions in a 54-day snapshot of pre-training on 16,384 H100 GPUs "
          "(as reported by DatacenterDynamics)")
LLAMA3_URL = ("https://direct.datacenterdynamics.com/en/news/meta-report-details-hundreds-of-gpu-"
              "and-hbm3-related-interruptions-to-llama-3-training-run")

# Mean time between job interruptions per accelerator [s]: a cluster's rate divided among its
# GPUs, so it includes each GPU's share of host, network and software failures.
MTBF = _figure(16_384 * 54 * 86400.0 / 419, "s", LLAMA3, "derived", 2024,
              "16,384 GPUs × 54 days / 419 interruptions ≈ 50,700 GPU-hours; 58.7% were GPU "
              "faults (30.1% GPU, 17.2% HBM3)", LLAMA3_URL)

