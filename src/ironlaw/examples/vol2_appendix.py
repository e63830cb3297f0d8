"""The book's worked examples from the 2026 edition's second volume (vol2): its appendices
(backmatter), as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. Each appendix file was read at the
commit ``COMMITS`` names; the quoted sentence sits beside each example. Where a number comes
from an inline ``{python}`` cell or a table of the book's constants, it was worked out by hand
from the cell's code and ``book/quarto/mlsys/constants.py`` (read at 09602445), with the
arithmetic beside it. The appendices' tables of constants alone are not examples; a value that
the text derives from them is.

Read: all eight appendices to their end (System Assumptions, C³ Taxonomy, Communication
Foundations, D·A·M, Fleet Foundations, Reliability Foundations, Inference Foundations, Foundations
Review), each at the commit the index lists (none was a stub). D·A·M and Foundations Review print
no worked numbers at these commits (the D·A·M exercises' cell computes values its prose no longer
shows; vol1's D·A·M exercises are in :mod:`ironlaw.examples.vol1_more`). Left out:
0.9999^10,000 ≈ 0.37, inexpressible when these files were read (arithmetic took powers up to
4); arithmetic now takes a plain number's powers up to 10⁶, and the example waits for its
sentence to be located again.
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, Source, backmatter_file, sections
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio
from ironlaw.examples.gallery import weights_only as _weights

# the version of each appendix file that was read (harvard-edge/cs249r_book)
COMMITS = {
    "appendix_assumptions": "446d848fa86241a9e7b81c9f999722d08d96137a",
    "appendix_c3": "446d848fa86241a9e7b81c9f999722d08d96137a",
    "appendix_communication": "35cc9150413b11cb59a26cebfbf593ef933af5ae",
    "appendix_dam": "085dce9aa25c3fc9af2264aae4747e8b07e17a81",
    "appendix_fleet": "bf9c40282744243ee1ec2c66487199172bbb7a0a",
    "appendix_reliability": "e0117cebfa4e6912c63efcad795c93a5988095d8",
    "appendix_inference": "e0fde03f4a5570d4fb4d45686762ebcbdfc85ca7",
    "appendix_systems": "9f931da1ea61c6b9e8e2e288b57767efbbd4e38d",
}
MIN, HOUR, DAY = 60.0, 3600.0, 86400.0
MS, GB, MW, TONNE = 1e-3, 1e9, 1e6, 1e3


# The System Assumptions appendix: its sections are unnumbered, so every example points at the
# appendix's own anchor.
ASSUME = Source(backmatter_file("vol2", "appendix_assumptions"), "sec-fleet-system-assumptions",
                COMMITS["appendix_assumptions"])

ASSUMPTIONS: tuple[Example, ...] = (
    # Napkin Math with These Constants: "A cluster of 8,192 GPUs with each GPU having an MTTF of
    # 50,000 hours experiences GPU failures at a rate of 8,192 / 50,000 ≈ 0.16 failures per
    # hour, or roughly 4 GPU failures per day."
    _arithmetic("v2app-8192-gpus-failures-per-hour", "operations",
                "GPU failures per hour among 8,192 GPUs of 50,000 hours MTTF each", ASSUME,
                "≈ 0.16 failures per hour", 0.16 / HOUR, "8192 / [50000 h]",
                note="Failure rates of independent parts add: 8,192/50,000 = 0.164 per hour."),
    _arithmetic("v2app-8192-gpus-failures-per-day", "operations",
                "The same GPU failures per day", ASSUME, "roughly 4 GPU failures per day", 4.0,
                "[24 h] * 8192 / [50000 h]", note="24 × 8,192/50,000 = 3.93."),
    # "At 100,000 GPUs, expect approximately 48 GPU failures per day"
    _arithmetic("v2app-100k-gpus-failures-per-day", "operations",
                "GPU failures per day among 100,000 GPUs", ASSUME, "approximately 48", 48.0,
                "[24 h] * 100000 / [50000 h]", note="24 × 100,000/50,000 = 48."),
    # "With BF16 parameters, the gradient payload is 70 × 10^9 × 2 bytes = 140 GB."
    Example(
        "v2app-70b-bf16-gradient-payload", "training", "A 70B model's gradients in BF16",
        ASSUME, "140 GB", 140 * GB, law="model-states", inputs=_weights("70e9", "2"),
        result="total", note="70 × 10⁹ × 2 B."),
    # "Over InfiniBand NDR (50 GB/s effective per port), the ring AllReduce time is
    # approximately 2 × 140 GB / 50 GB/s ≈ 5.6 seconds"
    _arithmetic("v2app-70b-ring-allreduce-ndr", "data movement",
                "Ring AllReduce of 140 GB over 50 GB/s InfiniBand NDR, large-N limit", ASSUME,
                "≈ 5.6 seconds", 5.6, "2 * [140 GB] / [50 GB/s]",
                note="The ring sends 2(N − 1)/N × M per rank, → 2M for many ranks (the book "
                     "gives no N): 280 GB / 50 GB/s = 5.6 s."),
    # "Each H100 draws 700 W at TDP. With PUE of 1.12 (best-in-class air cooled), total facility
    # power is 10,000 × 700 W × 1.12 = 7.84 MW."
    _arithmetic("v2app-10k-h100-facility-power", "energy",
                "Facility power of 10,000 H100s at 700 W with PUE 1.12", ASSUME, "7.84 MW",
                7.84 * MW, "10000 * [700 W] * 1.12"),
    # "Running in Quebec (20 gCO2/kWh): 7.84 MW × 720 h/month × 20 g/kWh = 113 tonnes CO2 per
    # month."
    _arithmetic("v2app-10k-h100-month-quebec-carbon", "operations",
                "A month (720 h) of 7.84 MW on Quebec's 20 g/kWh grid", ASSUME,
                "113 tonnes", 113 * TONNE, "[7.84 MW] * [720 h] * [20 g/kWh]",
                note="5,644,800 kWh × 20 g = 112.9 t."),
    # "The same run in Poland (820 gCO2/kWh) emits 4,628 tonnes"
    _arithmetic("v2app-10k-h100-month-poland-carbon", "operations",
                "The same month on Poland's 820 g/kWh grid", ASSUME, "4,628 tonnes",
                4628 * TONNE, "[7.84 MW] * [720 h] * [820 g/kWh]", tolerance=1 * TONNE,
                note="5,644,800 kWh × 820 g = 4,628.7 t, which the book truncates (this "
                     "example allows 1 t)."),
    # "--- a 41× difference driven entirely by grid carbon intensity"
    _ratio("v2app-poland-vs-quebec-carbon", "operations",
           "Poland's grid against Quebec's", ASSUME, "a 41× difference", 41.0,
           "820 g/kWh", "20 g/kWh"),
    # tbl-fleet-cluster-sizes caption: "At 8 GPUs per node, these correspond to 32, 256, 1,024,
    # and 12,500 nodes respectively." (CLUSTER_*_GPUS = 256, 2,048, 8,192, 100,000)
    *(_arithmetic(f"v2app-cluster-{gpus}-gpus-nodes", "operations",
                  f"Nodes of 8 GPUs in the {gpus:,}-GPU reference cluster", ASSUME, printed,
                  nodes, f"{gpus} / 8")
      for gpus, printed, nodes in ((256, "32", 32.0), (2048, "256", 256.0),
                                   (8192, "1,024", 1024.0), (100000, "12,500", 12500.0))),
    # tbl-fleet-intra-node caption: "NVLink provides 14--28× higher bandwidth than PCIe within
    # the same node" (NVLINK_H100_BW = 900 GB/s, PCIE_GEN5_BW = 64 GB/s, PCIE_GEN4_BW = 32 GB/s)
    _ratio("v2app-nvlink-h100-vs-pcie5", "data movement",
           "NVLink 4.0 (H100) against PCIe Gen5 x16", ASSUME, "14", 14.0, "900 GB/s", "64 GB/s",
           note="The range's low end: 900/64 = 14.06."),
    _ratio("v2app-nvlink-h100-vs-pcie4", "data movement",
           "NVLink 4.0 (H100) against PCIe Gen4 x16", ASSUME, "28×", 28.0, "900 GB/s", "32 GB/s",
           note="The range's high end: 900/32 = 28.1."),
    # tbl-fleet-inter-node caption: "The 18× gap between NVLink H100 (900 GB/s) and InfiniBand
    # NDR (50 GB/s)"
    _ratio("v2app-nvlink-h100-vs-ib-ndr", "data movement", "NVLink 4.0 against InfiniBand NDR",
           ASSUME, "18×", 18.0, "900 GB/s", "50 GB/s"),
    # Wide-Area Network: "For a 5,000 km link (roughly New York to London), the minimum one-way
    # latency is 5,000 km / 200,000 km/s = 25 ms"
    Example(
        "v2app-new-york-london-fiber", "data movement",
        "One-way light delay over 5,000 km of fiber", ASSUME, "25 ms", 25 * MS,
        law="fiber-latency", inputs=(("distance", "5000 km"), ("speed", "200000 km/s")),
        result="one_way"),
    # tbl-fleet-mttf caption: "A node with 8 GPUs, 8 NICs, 2 PSUs, 1 PCIe switch, and 8 HBM
    # stacks has a combined MTTF of approximately 1 / (8/50,000 + 8/150,000 + 2/100,000 +
    # 1/200,000 + 8/200,000) ≈ 2,700 hours (≈ 112 days)."
    _arithmetic("v2app-node-combined-mttf", "operations",
                "MTTF of a node of 8 GPUs, 8 NICs, 2 PSUs, a PCIe switch and 8 HBM stacks",
                ASSUME, "≈ 2,700 hours", 2700 * HOUR,
                "1 / (8 / [50000 h] + 8 / [150000 h] + 2 / [100000 h] + 1 / [200000 h] "
                "+ 8 / [200000 h])",
                disputed="The rates add to (16 + 5.33 + 2 + 0.5 + 4) × 10⁻⁵ = 2.783 × 10⁻⁴ "
                         "per hour, so the node's MTTF is 1/2.783 × 10⁻⁴ = 3,593 hours "
                         "(150 days), not 2,700.", hand_value=3593.0 * HOUR),
    _arithmetic("v2app-node-combined-mttf-days", "operations", "The same node MTTF in days",
                ASSUME, "≈ 112 days", 112 * DAY,
                "1 / (8 / [50000 h] + 8 / [150000 h] + 2 / [100000 h] + 1 / [200000 h] "
                "+ 8 / [200000 h])",
                disputed="2,700 h / 24 = 112.5 days follows from the printed hours, but the "
                         "formula gives 3,593 h = 149.7 days.", hand_value=3593.0 * HOUR),
    # tbl-fleet-recovery caption: "For a 70B model checkpoint (280 GB in FP32): 30 + 60 +
    # 280/100 ≈ 93 seconds per failure."
    Example(
        "v2app-70b-fp32-checkpoint", "operations", "A 70B model's FP32 checkpoint", ASSUME,
        "280 GB", 280 * GB, law="model-states", inputs=_weights("70e9", "4"), result="total",
        note="70 × 10⁹ × 4 B."),
    _arithmetic("v2app-recovery-time-per-failure", "operations",
                "Heartbeat timeout, rescheduling and reloading 280 GB at 100 GB/s", ASSUME,
                "≈ 93 seconds", 93.0, "[30 s] + [60 s] + [280 GB] / [100 GB/s]",
                note="30 + 60 + 2.8 = 92.8 s."),
    # "At 4 GPU failures per day on an 8,192-GPU cluster, this costs roughly 6 minutes of lost
    # training time daily."
    _arithmetic("v2app-recovery-time-per-day", "operations",
                "Four recoveries of 93 s a day", ASSUME, "roughly 6 minutes", 6 * MIN,
                "4 * [93 s]", note="4 × 93 s = 372 s = 6.2 min."),
    # tbl-fleet-alpha-beta caption: "The 10× latency gap between InfiniBand NDR and TCP/IP"
    # (IB_NDR_LATENCY_US = 5, TCP_LATENCY_US = 50)
    _ratio("v2app-tcp-vs-ib-ndr-latency", "data movement",
           "TCP/IP startup latency against InfiniBand NDR's", ASSUME, "10×", 10.0,
           "50 us", "5 us"),
    # tbl-fleet-pue caption: "The gap between PUE 1.06 and 1.58 means a legacy datacenter
    # consumes 49% more total power than a liquid-cooled facility for the same IT load."
    _ratio("v2app-legacy-vs-liquid-pue", "energy", "Facility power at PUE 1.58 against 1.06",
           ASSUME, "49% more", 0.49, "1.58", "1.06", result="change",
           note="1.58/1.06 − 1 = 0.4906."),
    # "For a 10,000-GPU H100 cluster drawing 7 MW of IT power, this translates to 3.4 MW of
    # additional cooling and infrastructure overhead."
    _arithmetic("v2app-10k-h100-it-power", "energy", "IT power of 10,000 H100s at 700 W",
                ASSUME, "7 MW", 7 * MW, "10000 * [700 W]"),
    _arithmetic("v2app-legacy-vs-liquid-overhead-power", "energy",
                "Extra facility power of PUE 1.58 over 1.06 on a 7 MW IT load", ASSUME,
                "3.4 MW", 3.4 * MW, "[7 MW] * (1.58 - 1.06)",
                disputed="On 7 MW of IT power the facility draws 7 × 1.58 = 11.06 MW against "
                         "7 × 1.06 = 7.42 MW, 3.64 MW more. The printed 3.4 MW is 7 MW × 49%, "
                         "the ratio of facility totals applied to the IT load.",
                hand_value=3.64 * MW),
    # tbl-fleet-wue caption (Water Usage Effectiveness): "A 10 MW AI datacenter using
    # evaporative cooling at WUE 1.8 consumes 18,000 liters per hour --- roughly 430,000 liters
    # per day, equivalent to the daily water use of approximately 3,000 households." (WUE in
    # L/kWh, as the section defines it: "liters of water consumed per kilowatt-hour of IT
    # energy"; the households need a per-household figure the book does not give)
    _arithmetic("v2app-10mw-evaporative-water-per-hour", "operations",
                "On-site water of a 10 MW IT load for an hour at WUE 1.8 L/kWh", ASSUME,
                "18,000 liters per hour", 18.0, "[10 MW] * [1 h] * [1.8 L/kWh]",
                note="10 MW × 1 h = 10,000 kWh; × 1.8 L/kWh = 18,000 L = 18 m³."),
    _arithmetic("v2app-10mw-evaporative-water-per-day", "operations",
                "The same 10 MW at WUE 1.8 L/kWh for a day", ASSUME,
                "roughly 430,000 liters per day", 430.0, "[10 MW] * [24 h] * [1.8 L/kWh]",
                note="18,000 L × 24 = 432,000 L, which the book rounds to 430,000."),
    # tbl-fleet-carbon caption: "The 82× range between Norway and Poland"
    _ratio("v2app-poland-vs-norway-carbon", "operations", "Poland's grid against Norway's",
           ASSUME, "82×", 82.0, "820 g/kWh", "10 g/kWh"),
    # Power Density: "AI accelerator racks draw 6--8× more power than traditional datacenter
    # racks" (RACK_POWER_TRADITIONAL_KW = 12, RACK_POWER_AI_TYPICAL_KW = 70, _HIGH_KW = 100)
    _ratio("v2app-ai-rack-typical-vs-traditional", "energy",
           "A 70 kW AI rack against a 12 kW traditional rack", ASSUME, "6", 6.0, "70 kW",
           "12 kW", note="The range's low end: 70/12 = 5.83."),
    _ratio("v2app-ai-rack-high-vs-traditional", "energy",
           "A 100 kW AI rack against a 12 kW traditional rack", ASSUME, "8×", 8.0, "100 kW",
           "12 kW", note="The range's high end: 100/12 = 8.33."),
    # tbl-fleet-economic caption: "At $4/GPU-hour, a 1,024-GPU training run for 30 days costs
    # $4 × 1,024 × 720 ≈ $2.95M in compute alone."
    _arithmetic("v2app-1024-gpu-30-day-run-cost", "operations",
                "A 30-day run on 1,024 GPUs at $4 per GPU-hour", ASSUME, "≈ $2.95M", 2.95e6,
                "1024 * [720 h] * [4 USD/h]", tolerance=5e3,
                note="$4 × 1,024 × 720 = $2,949,120, printed to two decimals of a million "
                     "(this example allows $5,000)."),
    # "Electricity at $0.12/kWh adds approximately $0.34/GPU-hour for an H100 at TDP (700 W ×
    # PUE 1.12 × $0.12), making it roughly 8.5% of the rental cost."
    _arithmetic("v2app-h100-electricity-per-gpu-hour", "operations",
                "Electricity of an H100 at 700 W and PUE 1.12, at $0.12/kWh", ASSUME,
                "approximately $0.34/GPU-hour", 0.34 / HOUR, "[700 W] * 1.12 * [0.12 USD/kWh]",
                disputed="The book's own product is 0.7 kW × 1.12 × $0.12/kWh = $0.094 per "
                         "hour, not $0.34.", hand_value=0.09408 / HOUR),
    _arithmetic("v2app-h100-electricity-share-of-rent", "operations",
                "That electricity against $4 per GPU-hour of rent", ASSUME, "roughly 8.5%",
                0.085, "[700 W] * 1.12 * [0.12 USD/kWh] / [4 USD/h]",
                disputed="8.5% is the printed $0.34 over $4; with the product worked out, "
                         "$0.094/$4 = 2.35%.", hand_value=0.02352),
    # "at $0.09/GB, serving a model that returns 1 KB per query at 10,000 QPS costs $0.09 ×
    # 0.000001 × 10,000 × 86,400 ≈ $78/day"
    Example(
        "v2app-egress-1kb-10k-qps-day", "operations",
        "A day of 1 KB answers at 10,000 queries/s, egress at $0.09/GB", ASSUME,
        "≈ $78/day", 78.0, law="egress-cost",
        inputs=(("data", "864 GB"), ("price", "$0.09/GB")), result="cost",
        note="The day's data: 1 KB × 10,000/s × 86,400 s = 864 GB (10⁻⁶ GB a query); "
             "864 × $0.09 = $77.76."),
    # tbl-fleet-scaling caption: "At 8,192 GPUs with η = 0.35, you are paying for 8,192 GPUs
    # but getting the effective throughput of only 2,867"
    _arithmetic("v2app-8192-gpus-effective-at-35pct", "speedup",
                "Effective GPUs of 8,192 at scaling efficiency 0.35", ASSUME, "only 2,867",
                2867.0, "8192 * 0.35", note="8,192 × 0.35 = 2,867.2."),
    # Overhead Budgets: "total overhead at fleet scale is approximately 5% + 3% + 10% + 5% =
    # 23%, meaning only 77% of wall time produces useful training progress."
    _arithmetic("v2app-fleet-overhead-total", "operations",
                "Pipeline bubble, checkpoint, failure recovery and maintenance overheads",
                ASSUME, "23%", 0.23, "0.05 + 0.03 + 0.10 + 0.05"),
    _arithmetic("v2app-fleet-useful-wall-time", "operations",
                "The share of wall time left for training", ASSUME, "77%", 0.77,
                "1 - (0.05 + 0.03 + 0.10 + 0.05)"),
    # tbl-fleet-overhead caption: "The combined 23% overhead means a 30-day training run yields
    # only about 23 days of effective training."
    _arithmetic("v2app-30-day-run-effective-days", "operations",
                "Effective training days of a 30-day run at 23% overhead", ASSUME,
                "about 23 days", 23 * DAY, "[30 day] * (1 - 0.23)",
                note="30 × 0.77 = 23.1 days."),
    # tbl-fleet-mfu caption: "Training MFU of 0.30--0.50 means 50--70% of peak FLOPS are wasted"
    _arithmetic("v2app-mfu-050-wasted", "training", "Peak left unused at MFU 0.50", ASSUME,
                "50", 0.50, "1 - 0.50"),
    _arithmetic("v2app-mfu-030-wasted", "training", "Peak left unused at MFU 0.30", ASSUME,
                "70%", 0.70, "1 - 0.30"),
    # Unit Definitions: "The conversion factor is 8 (bits per byte), so 400 Gbps = 50 GB/s."
    _arithmetic("v2app-400-gbps-in-bytes", "data movement", "400 Gbps in bytes per second",
                ASSUME, "50 GB/s", 50 * GB, "[400 Gbps]"),
    # Fallacies: "in a fleet of 10,000 GPUs, you can reliably expect approximately 10,000 /
    # 50,000 = 0.2 failures per hour."
    _arithmetic("v2app-10k-gpus-failures-per-hour", "operations",
                "GPU failures per hour among 10,000 GPUs of 50,000 hours MTTF", ASSUME,
                "0.2 failures per hour", 0.2 / HOUR, "10000 / [50000 h]"),
)


# the C³ Taxonomy appendix
c3 = sections(backmatter_file("vol2", "appendix_c3"), COMMITS["appendix_c3"],
              "sec-c3-taxonomy-")


# cell appendix-c3-setup: H100_FLOPS_FP16_TENSOR = 989 TFLOP/s, MFU_TRAINING_HIGH = 0.50,
# SCALING_EFF_8192GPU = 0.35, goodput_all = 1 − (0.05 + 0.03 + 0.10 + 0.05) = 0.77;
# effective = peak × MFU × η × goodput
EFFECTIVE = c3("effective-flops")
C3_EXAMPLES: tuple[Example, ...] = (
    # Case 1: "With 15% MFU, 85% of the fleet's arithmetic capacity sits idle on every step."
    # (case1_wasted_pct = (1 − 0.15) × 100)
    _arithmetic("v2app-c3-case1-idle-capacity", "training",
                "Arithmetic capacity left idle at 15% MFU", c3("case-1"), "85%", 0.85,
                "1 - 0.15"),
    # "Raising MFU from 15% to 50% on the same hardware delivers 50/15 = 3.3× more useful work"
    # (fmt(0.50 / 0.15, precision=1))
    _ratio("v2app-c3-case1-mfu-15-to-50", "training", "Useful work at 50% MFU against 15%",
           c3("case-1"), "3.3×", 3.3, "0.50", "0.15", note="0.50/0.15 = 3.33."),
    # Case 2: "scaling from 64 to 512 GPUs yields only 4× speedup instead of the expected 8×"
    _ratio("v2app-c3-case2-expected-scaling", "speedup", "Linear speedup from 64 to 512 GPUs",
           c3("case-2"), "the expected 8×", 8.0, "512", "64"),
    # "AllReduce consumes 55% of every training step" -> case2_compute_fraction = 1 − 0.55:
    # "If communication were eliminated entirely, throughput would increase by 2.2× (Amdahl's
    # Law applied to the 45% compute fraction)" (case2_speedup_if_fixed = 1 / 0.45)
    Example(
        "v2app-c3-case2-communication-removed", "speedup",
        "Speedup if the 55% of the step spent in AllReduce vanished", c3("case-2"), "2.2×",
        2.2, law="amdahl", inputs=(("p", "0.55"),), result="limit",
        note="Amdahl's limit with the communication share sped up without bound: "
             "1/(1 − 0.55) = 1/0.45 = 2.22."),
    # Case 3: "the job's goodput ratio ... is only 60%. The remaining 40% of wall time"
    _arithmetic("v2app-c3-case3-coordination-share", "operations",
                "Wall time outside useful steps at a 60% goodput ratio", c3("case-3"), "40%",
                0.40, "1 - 0.60"),
    # The C³ Tax on a 100,000-GPU Cluster: peak_pflops = 100,000 × 989 / 1000
    _arithmetic("v2app-c3-100k-h100-peak", "training",
                "Peak FP16 throughput of 100,000 H100s", EFFECTIVE, "98,900 PFLOPS", 98900e15,
                "100000 * [989 TFLOP/s]"),
    # effective_eq_math: "Effective = 98,900 × 0.50 × 0.35 × 0.77 ≈ 13,327 PFLOPS"
    _arithmetic("v2app-c3-100k-h100-effective", "training",
                "Effective throughput after MFU 0.50, scaling 0.35 and goodput 0.77",
                EFFECTIVE, "≈ 13,327 PFLOPS", 13327e15,
                "100000 * [989 TFLOP/s] * 0.50 * 0.35 * 0.77",
                note="98,900 × 0.13475 = 13,326.8 PFLOP/s."),
    # "The fleet delivers 13.5% of its peak capacity as useful training work."
    _arithmetic("v2app-c3-100k-h100-effective-share", "training",
                "Effective over peak: MFU × scaling efficiency × goodput", EFFECTIVE, "13.5%",
                0.135, "0.50 * 0.35 * 0.77", note="0.13475, printed to one decimal of a "
                                                  "percent."),
    # "The C³ tax---the ratio of peak to effective---is 7.4×"
    _arithmetic("v2app-c3-100k-h100-tax", "training", "Peak over effective throughput",
                EFFECTIVE, "7.4×", 7.4, "1 / (0.50 * 0.35 * 0.77)", note="1/0.13475 = 7.42."),
    # Exercise 2: "A training step on a 1,024-GPU cluster takes 200 ms. ... forward + backward
    # pass = 100 ms, AllReduce = 60 ms, pipeline bubble + checkpoint = 40 ms."
    _ratio("v2app-c3-ex2-fleet-efficiency", "speedup",
           "Fleet efficiency: 100 ms of computation in a 200 ms step", c3("exercises"),
           "0.50", 0.50, "100 ms", "200 ms"),
    _ratio("v2app-c3-ex2-communication-share", "speedup",
           "Communication share: 60 ms of the 200 ms step", c3("exercises"), "30%", 0.30,
           "60 ms", "200 ms"),
    _ratio("v2app-c3-ex2-coordination-share", "speedup",
           "Coordination share: 40 ms of the 200 ms step", c3("exercises"), "20%", 0.20,
           "40 ms", "200 ms"),
    # "overlapping AllReduce with the backward pass could reduce the visible 60 ms to near
    # zero ..., pushing η_fleet toward 100/140 = 0.71"
    _ratio("v2app-c3-ex2-efficiency-overlapped", "speedup",
           "Fleet efficiency with the AllReduce hidden: 100 ms of 140 ms", c3("exercises"),
           "0.71", 0.71, "100 ms", "140 ms", note="100/140 = 0.714."),
    # Exercise 3 (cell appendix-c3-exercise3: eff_frac_val = 0.50 × 0.50 × 0.85): "Effective
    # fraction = 0.50 × 0.50 × 0.85 = 21.2%" ... "The C³ tax is 1 / 0.212 ≈ 4.7×. To deliver
    # 10^24 effective FLOPS, you must provision 4.7 × 10^24 raw peak FLOPS."
    _arithmetic("v2app-c3-ex3-effective-fraction", "training",
                "Effective fraction at MFU 0.50, scaling 0.50 and goodput 0.85",
                c3("exercises"), "21.2%", 0.2125, "0.50 * 0.50 * 0.85", tolerance=0.0005,
                note="0.2125 exactly; the cell's fmt(21.25, precision=1) rounds the tie to "
                     "even and prints 21.2, so this example allows 0.05 of a percent."),
    _arithmetic("v2app-c3-ex3-c3-tax", "training", "The C³ tax at that effective fraction",
                c3("exercises"), "≈ 4.7×", 4.7, "1 / (0.50 * 0.50 * 0.85)",
                note="1/0.2125 = 4.71."),
    _arithmetic("v2app-c3-ex3-provisioned-flops", "training",
                "Peak FLOPs to provision for 10^24 effective FLOPs", c3("exercises"),
                "4.7 × 10^24", 4.7e24, "[1e24 FLOP] / (0.50 * 0.50 * 0.85)",
                note="10²⁴/0.2125 = 4.71 × 10²⁴ FLOPs."),
)


# the Communication Foundations appendix
comm = sections(backmatter_file("vol2", "appendix_communication"),
                COMMITS["appendix_communication"], "sec-comm-foundations-")


# cell appendix-comm-setup: IB_NDR_LATENCY_US = 5, INFINIBAND_NDR_BW_GBS = 50; the ring and tree
# AllReduce of 1 GB on 256 GPUs (calc_ring_allreduce_time: 2(N−1)/N·M/β + 2(N−1)·α); bubbles
# (P − 1)/(P − 1 + M); a 64× Top-K compression with 2 ms of codec time
RING_TREE = comm("allreduce")
BUBBLE = comm("bubble-fraction")
COMPRESS = comm("compression-equation")
NDR_RING = (("size", "1 GB"), ("devices", "256"), ("bandwidth", "50 GB/s"),
            ("latency", "5 us"))
RING_MS = 2 * 255 / 256 * 20 + 2 * 255 * 5e-3  # 39.84 + 2.55 = 42.39 ms
COMMUNICATION: tuple[Example, ...] = (
    # Worked Example: Crossover on InfiniBand NDR: "M_cross = α × β = 5 × 10^-6 s × 50 × 10^9
    # B/s = 250,000 bytes = 250 KB"
    Example(
        "v2app-ib-ndr-crossover-size", "data movement",
        "Message size where InfiniBand NDR's 5 µs startup equals its transfer time",
        comm("regimes"), "250 KB", 250e3, law="crossover-size",
        inputs=(("latency", "5 us"), ("bandwidth", "50 GB/s")), result="crossover"),
    # Worked Example: Ring vs. Tree AllReduce: "For this 1 GB message, ring AllReduce takes
    # 42.4 ms while tree takes 320.1 ms" (ring_time_ms_str, tree_time_ms_str, precision 1)
    Example(
        "v2app-ring-allreduce-1gb-256-ndr", "data movement",
        "Ring AllReduce of 1 GB on 256 GPUs over InfiniBand NDR", RING_TREE, "42.4 ms",
        42.4 * MS, law="all-reduce", inputs=NDR_RING, result="ring",
        note="2 × 255/256 × 1 GB/(50 GB/s) + 2 × 255 × 5 µs = 39.84 + 2.55 = 42.39 ms."),
    # the display equation: "= 39.8 ms + 2.6 ms = 42.3 ms"
    Example(
        "v2app-ring-allreduce-1gb-256-ndr-equation", "data movement",
        "The same ring AllReduce as the display equation sums it", RING_TREE, "42.3 ms",
        42.3 * MS, law="all-reduce", inputs=NDR_RING, result="ring",
        disputed="39.84 ms + 2.55 ms = 42.39 ms (and the equation's own rounded terms, "
                 "39.8 + 2.6, make 42.4); the cell beside it prints 42.4.",
        hand_value=RING_MS * MS),
    # "T_tree = 2 × 8 × 10^9/(50 × 10^9) + 2 × 8 × 5 × 10^-6 = 320.0 ms + 0.1 ms = 320.1 ms"
    Example(
        "v2app-tree-allreduce-1gb-256-ndr", "data movement",
        "Tree AllReduce of the same 1 GB on 256 GPUs", RING_TREE, "320.1 ms", 320.1 * MS,
        law="all-reduce", inputs=NDR_RING, result="tree",
        note="2 log₂256 = 16 steps of (5 µs + 20 ms) = 320.08 ms."),
    # "the ring is 7.6× faster"
    _ratio("v2app-ring-vs-tree-1gb-256", "data movement", "Tree over ring AllReduce time",
           RING_TREE, "7.6 ×", 7.6, "320.08 ms", f"{RING_MS} ms",
           note="320.08/42.39 = 7.55."),
    # tbl-pipeline-bubble: b = (P − 1)/(P − 1 + M), printed f"{b * 100:.1f}"
    *(_arithmetic(f"v2app-pipeline-bubble-p{p}-m{m}", "speedup",
                  f"Pipeline bubble fraction, {p} stages and {m} microbatches", BUBBLE,
                  printed, value, f"({p} - 1) / ({p} - 1 + {m})", note=note)
      for p, m, printed, value, note in (
          (4, 8, "27.3%", 0.273, "3/11 = 0.2727."),
          (4, 16, "15.8%", 0.158, "3/19 = 0.1579."),
          (8, 16, "30.4%", 0.304, "7/23 = 0.3043."),
          (8, 32, "17.9%", 0.179, "7/39 = 0.1795."),
          (8, 64, "9.9%", 0.099, "7/71 = 0.0986."))),
    # Interleaved Scheduling: "For P = 8, M = 16, and V = 4, the bubble fraction drops from
    # 30.4% to 9.9%"
    _arithmetic("v2app-pipeline-bubble-interleaved-p8-m16-v4", "speedup",
                "Interleaved bubble fraction, 8 stages, 16 microbatches, 4 virtual stages",
                comm("interleaved"), "9.9%", 0.099, "(8 - 1) / (8 - 1 + 16 * 4)",
                note="7/71 = 0.0986."),
    # Worked Example: Is Top-K Compression Worth It? "Compressed communication: 42.4 / 64 =
    # 0.7 ms", "Total with compression: 0.7 + 2.0 = 2.7 ms", "Speedup: 42.4 / 2.7 = 15.9×"
    # (the cell divides the unrounded 42.39 ms)
    _arithmetic("v2app-topk-compressed-comm", "data movement",
                "The 42.39 ms AllReduce's payload compressed 64×", COMPRESS, "0.7 ms",
                0.7 * MS, f"[{RING_MS} ms] / 64", note="42.39/64 = 0.662 ms."),
    _arithmetic("v2app-topk-compressed-total", "data movement",
                "Compressed communication plus 2 ms of encode and decode", COMPRESS, "2.7 ms",
                2.7 * MS, f"[{RING_MS} ms] / 64 + [2 ms]", note="0.662 + 2.0 = 2.662 ms."),
    _arithmetic("v2app-topk-compression-speedup", "data movement",
                "Uncompressed over compressed AllReduce time", COMPRESS, "15.9 ×", 15.9,
                f"[{RING_MS} ms] / ([{RING_MS} ms] / 64 + [2 ms])",
                note="42.39/2.662 = 15.92."),
    # tbl-compression-breakeven: T_comm(M) × (1 − 1/C)
    *(_arithmetic(f"v2app-compression-breakeven-{t}ms-{c}x", "data movement",
                  f"Largest codec overhead worth paying: {c}× compression of a {t} ms "
                  "AllReduce", COMPRESS, printed, value * MS, f"[{t} ms] * (1 - 1 / {c})",
                  note=f"{t} × (1 − 1/{c}).")
      for t, c, printed, value in (
          (10, 4, "7.5 ms", 7.5), (10, 16, "9.4 ms", 9.4), (10, 64, "9.8 ms", 9.8),
          (10, 256, "9.96 ms", 9.96), (40, 4, "30 ms", 30.0), (40, 16, "37.5 ms", 37.5),
          (40, 64, "39.4 ms", 39.4), (40, 256, "39.8 ms", 39.8), (100, 4, "75 ms", 75.0),
          (100, 16, "93.8 ms", 93.8), (100, 64, "98.4 ms", 98.4),
          (100, 256, "99.6 ms", 99.6))),
)


# the Fleet Foundations appendix
fleet = sections(backmatter_file("vol2", "appendix_fleet"), COMMITS["appendix_fleet"],
                 "sec-fleet-foundations-")


# cell appendix-fleet-setup: GPU_MTTF_HOURS = 50,000; calc_mtbf_cluster = MTTF/N;
# calc_failure_probability = 1 − e^(−T/MTBF); calc_checkpoint_size(P, 16) = 16 B per parameter;
# goodput_ratio = 1 − (0.05 + 0.03 + 0.10 + 0.05) = 0.77
NUMBERS = fleet("numbers-to-know")
AMDAHL = fleet("amdahls-fleet")
RHO = fleet("comm-compute-ratio")
COMPOUND = fleet("weak-scaling-fleet")
PUE = fleet("energy-hierarchy")
FLEET_PITFALLS = fleet("fallacies-pitfalls")
FLEET: tuple[Example, ...] = (
    # "At 100,000 GPUs, expect a failure every 30 minutes." (fmt(mtbf_100k_min, precision=0))
    _arithmetic("v2app-fleet-100k-gpus-mtbf-minutes", "operations",
                "Cluster MTBF of 100,000 GPUs at 50,000 hours each", NUMBERS, "30 minutes",
                30 * MIN, "[50000 h] / 100000", note="50,000 h / 100,000 = 0.5 h."),
    # per-GPU MTTF "of 50,000 hours (~5.7 years)"; Pitfalls: "that is nearly 6 years"
    _arithmetic("v2app-fleet-gpu-mttf-years", "operations", "50,000 hours in years", NUMBERS,
                "~5.7 years", 5.7 * 365 * DAY, "[50000 h]", tolerance=0.05 * 365 * DAY,
                note="50,000/8,760 = 5.71 years of 365 days."),
    # tbl-fleet-mtbf: MTBF (fmt precision 1; 2 at 100K), minutes (precision 0) and
    # P(failure in 24 h) = 1 − e^(−24/MTBF) (precision 0)
    *(_arithmetic(f"v2app-fleet-mtbf-{gpus}-gpus", "operations",
                  f"Cluster MTBF of {gpus:,} GPUs at 50,000 hours each", NUMBERS,
                  f"{hours} hours", float(hours) * HOUR, f"[50000 h] / {gpus}",
                  note=f"50,000/{gpus:,} = {50000 / gpus:.4g} h.")
      for gpus, hours in ((256, "195.3"), (2048, "24.4"), (8192, "6.1"), (100000, "0.50"))),
    *(_arithmetic(f"v2app-fleet-mtbf-{gpus}-gpus-minutes", "operations",
                  f"The same MTBF of {gpus:,} GPUs in minutes", NUMBERS, printed,
                  minutes * MIN, f"[50000 h] / {gpus}",
                  note=f"60 × 50,000/{gpus:,} = {60 * 50000 / gpus:,.1f} min.")
      for gpus, printed, minutes in ((256, "11,719", 11719.0), (2048, "1,465", 1465.0),
                                     (8192, "366", 366.0))),
    *(Example(
        f"v2app-fleet-pfail-24h-{gpus}-gpus", "operations",
        f"Chance of at least one GPU failure in 24 hours among {gpus:,} GPUs", NUMBERS,
        printed, value, law="poisson",
        inputs=(("arrival_rate", f"{gpus / 50000:g} /h"), ("window", "24 h"), ("k", "1")),
        result="tail", note=f"Failures arrive at N/MTTF = {gpus:,}/50,000 per hour; "
                            f"P(≥ 1 in 24 h) = 1 − e^(−{24 * gpus / 50000:.5g}).")
      for gpus, printed, value in ((256, "12%", 0.12), (2048, "63%", 0.63),
                                   (8192, "98%", 0.98), (100000, "100%", 1.00))),
    # tbl-fleet-checkpoint-sizes: calc_checkpoint_size(P, 16), write time at 100 GB/s
    *(Example(
        f"v2app-fleet-checkpoint-{name}", "operations",
        f"Checkpoint of a {label}-parameter model at 16 bytes per parameter", NUMBERS,
        printed, value, law="model-states", inputs=(("params", params),), result="total",
        note="Mixed-precision Adam: 2 + 2 + 4 + 8 = 16 B per parameter (the model-states "
             "defaults).")
      for name, label, params, printed, value in (
          ("7b", "7B", "7e9", "112 GB", 112 * GB), ("70b", "70B", "70e9", "1,120 GB", 1120 * GB),
          ("175b", "175B", "175e9", "2,800 GB", 2800 * GB),
          ("1t", "1T", "1e12", "16 TB", 16e12))),
    *(Example(
        f"v2app-fleet-checkpoint-write-{name}", "operations",
        f"Writing the {label} checkpoint at 100 GB/s", NUMBERS, printed, value,
        law="transfer-time", inputs=(("data", data), ("bandwidth", "100 GB/s")), result="time",
        tolerance=tol, note=note)
      for name, label, data, printed, value, tol, note in (
          ("7b", "7B", "112 GB", "~1 second", 1.0, 0.5, "112/100 = 1.12 s."),
          ("70b", "70B", "1120 GB", "~11 seconds", 11.0, None, "1,120/100 = 11.2 s."),
          ("175b", "175B", "2800 GB", "~28 seconds", 28.0, None, "2,800/100 = 28 s."),
          ("1t", "1T", "16 TB", "~2.7 minutes", 2.7 * MIN, None,
           "16,000/100 = 160 s = 2.67 min."))),
    # tbl-fleet-overhead-budgets: "The compound effect is multiplicative: total goodput ratio
    # ≈ (1 − 0.05)(1 − 0.03)(1 − 0.10)(1 − 0.05) ≈ 77%."
    _arithmetic("v2app-fleet-goodput-multiplicative", "operations",
                "Goodput with the four overheads compounded", NUMBERS, "≈ 77%", 0.77,
                "(1 - 0.05) * (1 - 0.03) * (1 - 0.10) * (1 - 0.05)",
                disputed="The product the caption writes is 0.95 × 0.97 × 0.90 × 0.95 = 0.788, "
                         "79%; 77% is the additive 1 − (0.05 + 0.03 + 0.10 + 0.05) that the "
                         "appendix's cell (goodput_ratio) uses.", hand_value=0.78788),
    # Power and Sustainability Numbers: "A 10,000-GPU H100 cluster at 700 W each is 7 MW IT; at
    # PUE 1.4 that is 9.8 MW facility draw."
    _arithmetic("v2app-fleet-10k-h100-it-load", "energy", "IT load of 10,000 H100s at 700 W",
                NUMBERS, "7 MW", 7 * MW, "10000 * [700 W]"),
    _arithmetic("v2app-fleet-10k-h100-facility-pue-1-4", "energy",
                "Facility draw of that 7 MW IT load at PUE 1.4", NUMBERS, "9.8 MW", 9.8 * MW,
                "10000 * [700 W] * 1.4"),
    # tbl-fleet-hardware-ref caption: "The B200 represents a ~4.5× compute uplift over the H100"
    _ratio("v2app-fleet-b200-vs-h100-fp16", "roofline",
           "B200 over H100 dense FP16 peak (4,500 and 989 TFLOPS)", NUMBERS, "~4.5×", 4.5,
           "4500 TFLOP/s", "989 TFLOP/s", tolerance=0.06,
           note="4,500/989 = 4.55, which the '~' rounds down (this example allows 0.06)."),
    # "A DGX H100 SuperPOD contains 32 DGX H100 nodes (256 H100 GPUs)."
    _arithmetic("v2app-fleet-superpod-gpus", "operations", "GPUs in 32 DGX H100 nodes of 8",
                NUMBERS, "256 H100 GPUs", 256.0, "32 * 8"),
    # tbl-fleet-scaling-efficiency: "8,192 GPUs | ~35% | Fleet-scale regime; 65% of compute is
    # overhead"
    _arithmetic("v2app-fleet-8192-overhead-share", "speedup",
                "Compute lost at 35% scaling efficiency", NUMBERS, "65%", 0.65, "1 - 0.35"),
    # fleet-amdahl-example: calc_amdahls_speedup(1 − 0.10, N), precision 1; ceiling 1/0.10
    *(Example(
        f"v2app-fleet-amdahl-10pct-serial-{n}", "speedup",
        f"Amdahl speedup on {n:,} GPUs with 10% serial overhead", AMDAHL, printed, value,
        law="amdahl", inputs=(("p", "0.9"), ("s", str(n))), result="speedup",
        note=f"1/(0.1 + 0.9/{n:,}) = {1 / (0.1 + 0.9 / n):.3f}.")
      for n, printed, value in ((32, "7.8×", 7.8), (256, "9.7×", 9.7), (1024, "9.9×", 9.9),
                                (8192, "10.0×", 10.0))),
    Example(
        "v2app-fleet-amdahl-10pct-serial-limit", "speedup",
        "Amdahl's ceiling with 10% serial overhead", AMDAHL, "capped at 10×", 10.0,
        law="amdahl", inputs=(("p", "0.9"), ("s", "8192")), result="limit",
        note="1/(1 − 0.9) = 10."),
    # fleet-comm-comp-ratio: ring AllReduce (2(N−1)/N·M/β + 2(N−1)·α) of BF16 gradients on 256
    # GPUs over IB NDR (50 GB/s, 5 µs), against 50 ms and 5 ms of compute; tbl-fleet-comm-comp
    # prints ar_7b_ms_str = fmt(560.36, precision=1) and rho_7b_str = fmt(11.207, precision=2)
    Example(
        "v2app-fleet-allreduce-7b-256-ndr", "data movement",
        "Ring AllReduce of a 7B model's 14 GB of BF16 gradients on 256 GPUs, IB NDR", RHO,
        "560.4 ms", 560.4 * MS, law="all-reduce",
        inputs=(("size", "14 GB"), ("devices", "256"), ("bandwidth", "50 GB/s"),
                ("latency", "5 us")), result="ring",
        note="2 × 255/256 × 14 GB/(50 GB/s) + 510 × 5 µs = 557.81 + 2.55 = 560.36 ms."),
    _arithmetic("v2app-fleet-rho-7b-256", "data movement",
                "ρ = T_comm/T_comp: that AllReduce against 50 ms of compute", RHO, "11.21",
                11.21, "(2 * 255 / 256 * [14 GB] / [50 GB/s] + 2 * 255 * [5 us]) / [50 ms]",
                note="560.36/50 = 11.207. The table's prose calls this 'partially overlapped', "
                     "but ρ ≫ 1 as printed (the cell's comment expected ~0.1)."),
    # "communication takes about 1,121% as long as computation"
    _arithmetic("v2app-fleet-rho-7b-256-percent", "data movement",
                "The same ρ as a percentage", RHO, "about 1,121%", 11.21,
                "(2 * 255 / 256 * [14 GB] / [50 GB/s] + 2 * 255 * [5 us]) / [50 ms]",
                note="fmt(ρ × 100, precision=0) = 1,121 (percent)."),
    Example(
        "v2app-fleet-allreduce-350m-256-ndr", "data movement",
        "Ring AllReduce of a 350M model's 0.7 GB of BF16 gradients on 256 GPUs", RHO,
        "30.4 ms", 30.4 * MS, law="all-reduce",
        inputs=(("size", "0.7 GB"), ("devices", "256"), ("bandwidth", "50 GB/s"),
                ("latency", "5 us")), result="ring",
        note="2 × 255/256 × 14 ms + 2.55 ms = 27.89 + 2.55 = 30.44 ms."),
    _arithmetic("v2app-fleet-rho-350m-256", "data movement",
                "ρ: that AllReduce against 5 ms of compute", RHO, "6.1", 6.1,
                "(2 * 255 / 256 * [0.7 GB] / [50 GB/s] + 2 * 255 * [5 us]) / [5 ms]",
                note="30.44/5 = 6.09."),
    # "Tensor parallel, 8 GPUs (NVLink) | ~0.02 ms (activation over NVLink) | ~1 ms | 0.018"
    # (16 MB at 900 GB/s against 1 ms)
    Example(
        "v2app-fleet-tp-activation-nvlink", "data movement",
        "A 16 MB activation over 900 GB/s NVLink", RHO, "~0.02 ms", 0.02 * MS,
        law="transfer-time", inputs=(("data", "16 MB"), ("bandwidth", "900 GB/s")),
        result="time", note="16 MB / 900 GB/s = 17.8 µs."),
    _arithmetic("v2app-fleet-rho-tensor-parallel", "data movement",
                "ρ: that transfer against 1 ms of layer compute", RHO, "0.018", 0.018,
                "[16 MB] / [900 GB/s] / [1 ms]", note="0.0178, printed to three decimals."),
    # The Compound Loss of Fleet Utilization: peak_1024 = 1,024 × 989; effective = peak × 0.50 ×
    # 0.50 × 0.77
    _arithmetic("v2app-fleet-1024-h100-peak", "training", "Peak FP16 of 1,024 H100s", COMPOUND,
                "1,012,736 TFLOPS", 1012736e12, "1024 * [989 TFLOP/s]"),
    _arithmetic("v2app-fleet-1024-h100-effective", "training",
                "Its effective throughput at MFU 0.50, scaling 0.50, goodput 0.77", COMPOUND,
                "≈ 194,952 TFLOPS", 194952e12, "1024 * [989 TFLOP/s] * 0.50 * 0.50 * 0.77",
                note="1,012,736 × 0.1925 = 194,951.7 TFLOP/s."),
    _arithmetic("v2app-fleet-1024-h100-effective-share", "training",
                "Effective over peak FLOPS at 1,024 GPUs", COMPOUND, "19.2%", 0.1925,
                "0.50 * 0.50 * 0.77", tolerance=0.0006,
                note="0.1925 × 100 = 19.25, a tie that Python's formatting rounds to even, 19.2; "
                     "this example allows 0.06 of a percent."),
    _arithmetic("v2app-fleet-1024-h100-loss-share", "training",
                "The share of peak lost at 1,024 GPUs", COMPOUND, "81%", 0.81,
                "1 - 0.50 * 0.50 * 0.77", note="1 − 0.1925 = 0.8075."),
    # tbl-fleet-power-density-fleet: "AI racks consume roughly 5.8× the power of traditional
    # racks" (rack_ratio = 70/12, precision 1)
    _ratio("v2app-fleet-ai-rack-vs-traditional", "energy", "A 70 kW AI rack against 12 kW",
           fleet("power-density"), "roughly 5.8×", 5.8, "70 kW", "12 kW",
           note="70/12 = 5.83."),
    # tbl-fleet-pue-fleet: overhead per MW of IT load = (PUE − 1) × 1 MW
    *(_arithmetic(f"v2app-fleet-pue-{str(pue).replace('.', '-')}-overhead-per-mw", "energy",
                  f"Facility overhead per MW of IT load at PUE {pue}", PUE, printed, kw * 1e3,
                  f"[1 MW] * ({pue} - 1)")
      for pue, printed, kw in ((1.06, "60 kW", 60.0), (1.12, "120 kW", 120.0),
                               (1.40, "400 kW", 400.0), (1.58, "580 kW", 580.0))),
    # "The gap between legacy (1.58) and liquid-cooled (1.06) represents a 49% reduction in
    # total facility power."
    _arithmetic("v2app-fleet-liquid-vs-legacy-reduction", "energy",
                "Facility power saved moving from PUE 1.58 to 1.06", PUE, "a 49% reduction",
                0.49, "1 - 1.06 / 1.58",
                disputed="49% is the increase from 1.06 to 1.58 (1.58/1.06 − 1 = 0.491); the "
                         "reduction from 1.58 to 1.06 is 1 − 1.06/1.58 = 0.329, 33%.",
                hand_value=0.3291),
    # "A 10 MW IT load in a legacy datacenter (PUE 1.58) requires 15.8 MW total, while the same
    # load in a liquid-cooled facility (PUE 1.06) requires only 10.6 MW---a savings of 5.2 MW."
    _arithmetic("v2app-fleet-10mw-legacy-facility", "energy", "10 MW of IT load at PUE 1.58",
                PUE, "15.8 MW", 15.8 * MW, "[10 MW] * 1.58"),
    _arithmetic("v2app-fleet-10mw-liquid-facility", "energy", "10 MW of IT load at PUE 1.06",
                PUE, "10.6 MW", 10.6 * MW, "[10 MW] * 1.06"),
    _arithmetic("v2app-fleet-10mw-pue-savings", "energy", "The difference between the two",
                PUE, "5.2 MW", 5.2 * MW, "[10 MW] * (1.58 - 1.06)"),
    # Pitfall: "They scale to 1,024 GPUs and expect 512× throughput (512 GPU-equivalents of
    # useful work). But scaling efficiency at 1,024 GPUs is ~50%, so actual throughput is only
    # 256 GPU-equivalents"
    _arithmetic("v2app-fleet-1024-gpus-at-50pct-mfu", "speedup",
                "GPU-equivalents of useful work: 1,024 GPUs at 50% MFU", FLEET_PITFALLS, "512×",
                512.0, "1024 * 0.5"),
    _arithmetic("v2app-fleet-1024-gpus-mfu-and-scaling", "speedup",
                "The same with 50% scaling efficiency", FLEET_PITFALLS,
                "only 256 GPU-equivalents", 256.0, "1024 * 0.5 * 0.50"),
)


# the Reliability Foundations appendix
reliability = sections(backmatter_file("vol2", "appendix_reliability"),
                       COMMITS["appendix_reliability"], "sec-reliability-foundations-")


# cell appendix-reliability-setup: a node of 8 GPUs (50,000 h), 2 NICs (150,000 h) and 2 PSUs
# (100,000 h): calc_mtbf_node = 1/(8/50,000 + 2/150,000 + 2/100,000) = 5,172.41 h; a cluster of
# N GPUs is N // 8 such nodes; 175B checkpoint 175e9 × 16 B = 2,800 GB at 100 GB/s = 28 s
NODE_RATE = "8 / [50000 h] + 2 / [150000 h] + 2 / [100000 h]"
NODE_RATE_PER_HOUR = 8 / 50000 + 2 / 150000 + 2 / 100000  # 1.9333 × 10⁻⁴ per hour
CASCADE = reliability("mtbf-cascade")
FIT = reliability("component-rates")
JOB_FAILURE = reliability("job-failure")
YOUNG_DALY = reliability("worked-example")
RECOVERY = reliability("recovery-anatomy")
AVAILABILITY = reliability("availability")
YEAR_HOURS = 8760.0  # HOURS_PER_YEAR
RELIABILITY: tuple[Example, ...] = (
    # tbl-component-fit: FIT = 10⁹ / MTTF (int()), MTTF in years = MTTF / 8,760 (one decimal)
    *(_arithmetic(f"v2app-fit-{name}", "operations", f"FIT rate of a {label} of MTTF "
                  f"{hours:,} hours", FIT, f"{fit:,}", float(fit), f"[1e9 h] / [{hours} h]",
                  tolerance=1.0 if name == "nic" else None,
                  note=f"10⁹/{hours:,} = {1e9 / hours:,.2f} failures per 10⁹ hours"
                       + (", which the cell's int() truncates." if name == "nic" else "."))
      for name, label, hours, fit in (
          ("gpu", "GPU", 50000, 20000), ("hbm", "HBM stack", 200000, 5000),
          ("nic", "NIC", 150000, 6666), ("psu", "PSU", 100000, 10000),
          ("pcie-switch", "PCIe switch", 200000, 5000),
          ("optical-cable", "optical cable", 500000, 2000),
          ("tor-switch", "ToR switch", 300000, 3333))),
    *(_arithmetic(f"v2app-mttf-years-{name}", "operations", f"{label} MTTF of {hours:,} hours in "
                  "years of 8,760 hours", FIT, f"{years} years", float(years) * YEAR_HOURS * HOUR,
                  f"[{hours} h]", tolerance=0.05 * YEAR_HOURS * HOUR,
                  note=f"{hours:,}/8,760 = {hours / YEAR_HOURS:.3f} years.")
      for name, label, hours, years in (
          ("gpu", "GPU", 50000, "5.7"), ("hbm", "HBM", 200000, "22.8"),
          ("nic", "NIC", 150000, "17.1"), ("psu", "PSU", 100000, "11.4"),
          ("pcie-switch", "PCIe switch", 200000, "22.8"),
          ("optical-cable", "Optical cable", 500000, "57.1"),
          ("tor-switch", "ToR switch", 300000, "34.2"))),
    # The MTBF Cascade: "A node with 5,172-hour MTBF sounds reliable. A cluster of 1,250 such
    # nodes has an MTBF of just 4.14 hours"
    _arithmetic("v2app-rel-node-mtbf", "operations",
                "MTBF of a node of 8 GPUs, 2 NICs and 2 PSUs", CASCADE, "5,172-hour",
                5172 * HOUR, f"1 / ({NODE_RATE})",
                note="1/(1.6 × 10⁻⁴ + 1.333 × 10⁻⁵ + 2 × 10⁻⁵) = 1/1.9333 × 10⁻⁴ = 5,172.4 h."),
    _arithmetic("v2app-rel-10k-gpu-cluster-mtbf", "operations",
                "MTBF of 10,000 GPUs as 1,250 such nodes", CASCADE, "4.14 hours", 4.14 * HOUR,
                f"1 / (1250 * ({NODE_RATE}))", note="5,172.4/1,250 = 4.138 h."),
    # tbl-mtbf-cluster: MTBF = node MTBF / (N // 8) (hours to one decimal, or whole minutes
    # below an hour); failures per day = 24 / MTBF (one decimal)
    *(_arithmetic(f"v2app-rel-cluster-mtbf-{gpus}-gpus", "operations",
                  f"MTBF of {gpus:,} GPUs ({gpus // 8:,} nodes)", CASCADE, printed, value,
                  f"1 / ({gpus // 8} * ({NODE_RATE}))",
                  note=f"5,172.4 h / {gpus // 8:,} = {5172.41 / (gpus // 8):.4g} h.")
      for gpus, printed, value in (
          (256, "161.6 hours", 161.6 * HOUR), (1024, "40.4 hours", 40.4 * HOUR),
          (2048, "20.2 hours", 20.2 * HOUR), (8192, "5.1 hours", 5.1 * HOUR),
          (10000, "4.1 hours", 4.1 * HOUR), (100000, "25 minutes", 25 * MIN))),
    *(_arithmetic(f"v2app-rel-failures-per-day-{gpus}-gpus", "operations",
                  f"Expected failures per day on {gpus:,} GPUs", CASCADE, printed, value,
                  f"[24 h] * {gpus // 8} * ({NODE_RATE})",
                  note=f"24 × {gpus // 8:,} × 1.9333 × 10⁻⁴ = "
                       f"{24 * (gpus // 8) * NODE_RATE_PER_HOUR:.4g}.")
      for gpus, printed, value in (
          (256, "0.1", 0.1), (1024, "0.6", 0.6), (2048, "1.2", 1.2), (8192, "4.8", 4.8),
          (10000, "5.8", 5.8), (100000, "58.0", 58.0))),
    # tbl-failure-prob: P(≥ 1) = 1 − e^(−T/MTBF), printed f"{p * 100:.1f}%" (the "> 99.9%"
    # cells are bounds, not values, and are left out)
    *(Example(
        f"v2app-rel-pfail-{gpus}-gpus-{hours}h", "operations",
        f"Chance of at least one failure in {hours} hours on {gpus:,} GPUs", JOB_FAILURE,
        printed, value, law="poisson",
        inputs=(("arrival_rate", f"{(gpus // 8) * NODE_RATE_PER_HOUR:.6g} /h"),
                ("window", f"{hours} h"), ("k", "1")), result="tail",
        note=f"Failures arrive at {gpus // 8:,} nodes × 1.9333 × 10⁻⁴ per hour; P(≥ 1) = "
             f"1 − e^(−{hours * (gpus // 8) * NODE_RATE_PER_HOUR:.4g}).")
      for gpus, hours, printed, value in (
          (256, 24, "13.8%", 0.138), (256, 168, "64.6%", 0.646), (256, 720, "98.8%", 0.988),
          (1024, 24, "44.8%", 0.448), (1024, 168, "98.4%", 0.984), (2048, 24, "69.5%", 0.695),
          (8192, 24, "99.1%", 0.991), (10000, 24, "99.7%", 0.997))),
    # tbl-checkpoint-size: calc_checkpoint_size(P, 16), write time at 100 GB/s (f"{t:.1f} s")
    *(Example(
        f"v2app-rel-checkpoint-{name}", "operations",
        f"Checkpoint of a {label} model at 16 bytes per parameter",
        reliability("checkpoint-sizing"), printed, value, law="model-states",
        inputs=(("params", params),), result="total",
        note="2 + 2 + 4 + 8 = 16 B per parameter (the model-states defaults; the book splits "
             "the 12 optimizer bytes as FP32 master weights and two moments).")
      for name, label, params, printed, value in (
          ("7b", "7B", "7e9", "112", 112 * GB), ("13b", "13B", "13e9", "208", 208 * GB),
          ("70b", "70B", "70e9", "1,120", 1120 * GB),
          ("175b", "175B", "175e9", "2,800", 2800 * GB))),
    *(Example(
        f"v2app-rel-checkpoint-write-{name}", "operations",
        f"Writing the {label} checkpoint at 100 GB/s", reliability("checkpoint-sizing"),
        printed, value, law="transfer-time", inputs=(("data", data), ("bandwidth", "100 GB/s")),
        result="time")
      for name, label, data, printed, value in (
          ("7b", "7B", "112 GB", "1.1 s", 1.1), ("13b", "13B", "208 GB", "2.1 s", 2.1),
          ("70b", "70B", "1120 GB", "11.2 s", 11.2), ("175b", "175B", "2800 GB", "28.0 s", 28.0))),
    # Young-Daly: 175B Model on a 10,000-GPU Cluster: "τ_opt = sqrt(2 × 28.0 s × 4.14 h × 3,600
    # s/h) = 15.2 min"
    Example(
        "v2app-rel-young-daly-175b-10k", "operations",
        "Young–Daly interval: 28 s checkpoints, 1,250 nodes of 5,172.4 h MTBF", YOUNG_DALY,
        "15.2 min", 15.2 * MIN, law="checkpoint-interval",
        inputs=(("mtbf", "5172.41 h"), ("devices", "1250"), ("checkpoint", "28 s")),
        result="young",
        note="M = 5,172.4 h/1,250 = 4.138 h = 14,897 s; √(2 × 28 × 14,897) = 913.3 s."),
    # "The overhead from checkpointing alone is δ/τ_opt ≈ 3.1% of training time."
    _arithmetic("v2app-rel-young-daly-checkpoint-overhead", "operations",
                "Checkpoint time over the interval, δ/τ", YOUNG_DALY, "3.1%", 0.031,
                f"[28 s] / sqrt(2 * [28 s] / (1250 * ({NODE_RATE})))",
                note="28/913.3 = 0.0307."),
    # "If the cluster were doubled to 20,000 GPUs ... the optimal interval would shrink to 10.8
    # minutes"
    Example(
        "v2app-rel-young-daly-175b-20k", "operations",
        "The same interval on 20,000 GPUs (2,500 nodes)", YOUNG_DALY, "10.8 minutes",
        10.8 * MIN, law="checkpoint-interval",
        inputs=(("mtbf", "5172.41 h"), ("devices", "2500"), ("checkpoint", "28 s")),
        result="young", note="M = 2.069 h = 7,448 s; √(2 × 28 × 7,448) = 645.8 s = 10.76 min."),
    # tbl-recovery-anatomy: T_replay = τ/2; T_recovery = 30 s + 60 s + 28 s + τ/2
    _arithmetic("v2app-rel-replay-half-interval", "operations",
                "Replay: half the 913 s Young–Daly interval", RECOVERY, "~7.6 min", 7.6 * MIN,
                f"sqrt(2 * [28 s] / (1250 * ({NODE_RATE}))) / 2", note="913.3/2 = 456.7 s."),
    _arithmetic("v2app-rel-recovery-total", "operations",
                "Detect (30 s), reschedule (60 s), reload (28 s) and replay", RECOVERY,
                "~9.6 min", 9.6 * MIN,
                f"[30 s] + [60 s] + [28 s] + sqrt(2 * [28 s] / (1250 * ({NODE_RATE}))) / 2",
                note="118 + 456.7 = 574.7 s = 9.58 min."),
    # Goodput vs. Rawput: "10--25% total overhead ... a cluster nominally capable of completing
    # a training run in 30 days actually requires 33--38 days of wall-clock time."
    _arithmetic("v2app-rel-30-days-at-10pct-overhead", "operations",
                "30 days of training with 10% overhead", reliability("goodput"), "33", 33 * DAY,
                "[30 day] * (1 + 0.10)", note="30 × 1.10 = 33 days."),
    _arithmetic("v2app-rel-30-days-at-25pct-overhead", "operations",
                "30 days of training with 25% overhead", reliability("goodput"), "38 days",
                38 * DAY, "[30 day] * (1 + 0.25)",
                note="30 × 1.25 = 37.5 days, rounded up. (Overheads as shares of wall time, "
                     "30/(1 − 0.25) = 40 days, would give more.)"),
    # tbl-availability-stacking: A = 1 − (1 − 0.99)^k; downtime = (1 − A) × 8,760 h
    *(_arithmetic(f"v2app-rel-availability-{k}-replicas", "operations",
                  f"Availability of {k} independent replicas at 99% each", AVAILABILITY, printed,
                  value, f"1 - (1 - 0.99) ** {k}" if k > 1 else "1 - (1 - 0.99)")
      for k, printed, value in ((1, "99.00%", 0.99), (2, "99.9900%", 0.9999),
                                (3, "99.9999%", 0.999999))),
    *(_arithmetic(f"v2app-rel-downtime-{k}-replicas", "operations",
                  f"Downtime per year with {k} replica{'s' if k > 1 else ''} at 99% each",
                  AVAILABILITY, printed, value,
                  f"[8760 h] * (1 - 0.99) ** {k}" if k > 1 else "[8760 h] * (1 - 0.99)",
                  note=note)
      for k, printed, value, note in (
          (1, "87.6 hours", 87.6 * HOUR, "0.01 × 8,760 h."),
          (2, "53 minutes", 53 * MIN, "10⁻⁴ × 525,600 min = 52.6 min."),
          (3, "1 minutes", 1 * MIN, "10⁻⁶ × 525,600 min = 0.53 min, printed as 1."))),
    # Pitfall: "Checkpointing every minute when δ is 30 seconds means spending 50% of training
    # time just writing checkpoints."
    _ratio("v2app-rel-checkpoint-every-minute", "operations",
           "A 30 s checkpoint every minute", reliability("fallacies-pitfalls"), "50%", 0.50,
           "30 s", "1 min"),
)


# the Inference Foundations appendix
inference = sections(backmatter_file("vol2", "appendix_inference"), COMMITS["appendix_inference"],
                     "sec-appdx-inference-scale-")


GPT3_100QPS = inference("worked-example-gpt3-serving-100-qps-edcf")
# Worked example: GPT-3 serving at 100 QPS: λ = 100 /s, T_svc(B) = 50 ms + 0.5 ms × B,
# ρ = λ·T_svc/B, E[W] = λ·T_svc²/(2B(1 − ρ)), accumulation B/(2λ), E[T] = E[W] + B/(2λ) + T_svc


def _svc(b: int) -> str:
    return f"([50 ms] + [0.5 ms] * {b})"


INFERENCE: tuple[Example, ...] = (
    # "B_min ≈ (100 × 0.05)/(0.75 − 100 × 0.0005) = 5/0.70 ≈ 7.14"
    _arithmetic("v2app-gpt3-100qps-min-batch", "serving",
                "Smallest batch keeping utilization at 75%: λT_fixed/(ρ − λt_req)", GPT3_100QPS,
                "≈ 7.14", 7.14, "[100 /s] * [50 ms] / (0.75 - [100 /s] * [0.5 ms])",
                note="5/0.70 = 7.143."),
    # tbl-batch-size-comparison
    *(_arithmetic(f"v2app-gpt3-100qps-service-b{b}", "serving",
                  f"Service time of a batch of {b}: 50 ms + 0.5 ms × B", GPT3_100QPS,
                  f"{t} ms", t * MS, f"[50 ms] + [0.5 ms] * {b}")
      for b, t in ((1, 50.5), (4, 52.0), (8, 54.0), (16, 58.0), (32, 66.0))),
    *(_arithmetic(f"v2app-gpt3-100qps-throughput-b{b}", "serving",
                  f"Requests per second at batch {b}: B/T_svc", GPT3_100QPS, f"{r} req/s", r,
                  f"{b} / {_svc(b)}")
      for b, r in ((1, 19.8), (4, 76.9), (8, 148.1), (16, 275.9), (32, 484.8))),
    *(_arithmetic(f"v2app-gpt3-100qps-utilization-b{b}", "serving",
                  f"Utilization at batch {b}: λT_svc/B", GPT3_100QPS, printed, value,
                  f"[100 /s] * {_svc(b)} / {b}", note=note)
      for b, printed, value, note in (
          (1, "505 percent", 5.05, "100 × 0.0505/1 = 5.05: unstable."),
          (4, "130 percent", 1.30, "100 × 0.052/4 = 1.30: unstable."),
          (8, "67.5 percent", 0.675, "100 × 0.054/8 = 0.675."),
          (16, "36.3 percent", 0.363, "100 × 0.058/16 = 0.3625."),
          (32, "20.6 percent", 0.206, "100 × 0.066/32 = 0.20625."))),
    *(_arithmetic(f"v2app-gpt3-100qps-queue-wait-b{b}", "serving",
                  f"Queue wait at batch {b}: λT_svc²/(2B(1 − ρ))", GPT3_100QPS, f"{w} ms",
                  w * MS, f"[100 /s] * {_svc(b)} ** 2 / (2 * {b} * (1 - [100 /s] * {_svc(b)} / "
                  f"{b}))", note=note)
      for b, w, note in (
          (8, 56.1, "100 × 0.054²/(16 × 0.325) = 0.2916/5.2 = 56.08 ms."),
          (16, 16.5, "100 × 0.058²/(32 × 0.6375) = 0.3364/20.4 = 16.49 ms."),
          (32, 8.6, "100 × 0.066²/(64 × 0.79375) = 0.4356/50.8 = 8.57 ms."))),
    *(_arithmetic(f"v2app-gpt3-100qps-accumulation-b{b}", "serving",
                  f"Batch accumulation delay at batch {b}: B/(2λ)", GPT3_100QPS, f"{a} ms",
                  a * MS, f"{b} / (2 * [100 /s])",
                  note="The appendix's B/(2λ) (the law batch-wait's (B − 1)/(2λ) counts the "
                       "wait of the requests other than the last).")
      for b, a in ((1, 5.0), (4, 20.0), (8, 40.0), (16, 80.0), (32, 160.0))),
    *(_arithmetic(f"v2app-gpt3-100qps-response-b{b}", "serving",
                  f"Mean response time at batch {b}: E[W] + B/(2λ) + T_svc", GPT3_100QPS,
                  f"{t} ms", t * MS,
                  f"[100 /s] * {_svc(b)} ** 2 / (2 * {b} * (1 - [100 /s] * {_svc(b)} / {b})) "
                  f"+ {b} / (2 * [100 /s]) + {_svc(b)}", note=note)
      for b, t, note in (
          (8, 150.1, "56.08 + 40 + 54 = 150.08 ms."),
          (16, 154.5, "16.49 + 80 + 58 = 154.49 ms."),
          (32, 234.6, "8.57 + 160 + 66 = 234.57 ms."))),
    # Applying Little's Law to verify: "Q_req = 100 × 0.1545 = 15.45 requests in system"
    Example(
        "v2app-gpt3-100qps-littles-law-b16", "serving",
        "Requests in the system at 100 req/s and 154.5 ms each (batch 16)",
        GPT3_100QPS, "15.45", 15.45, law="littles-law",
        inputs=(("arrival_rate", "100 /s"), ("time", "154.5 ms")), result="n"),
    # "Expected requests in service: 16 × 0.363 = 5.8"; "in queue: 15.45 - 5.8 = 9.64"
    _arithmetic("v2app-gpt3-100qps-in-service-b16", "serving",
                "Requests in service: batch 16 at 36.3% utilization", GPT3_100QPS, "5.8", 5.8,
                "16 * 0.363", note="16 × 0.363 = 5.808."),
    _arithmetic("v2app-gpt3-100qps-in-queue-b16", "serving",
                "Requests waiting or accumulating: 15.45 − 5.808", GPT3_100QPS, "9.64", 9.64,
                "[100 /s] * [154.5 ms] - 16 * 0.363",
                note="15.45 − 5.808 = 9.642 (the cell subtracts the unrounded 5.808, not the "
                     "printed 5.8)."),
)


EXAMPLES: tuple[Example, ...] = (
    ASSUMPTIONS + C3_EXAMPLES + COMMUNICATION + FLEET + RELIABILITY + INFERENCE)
