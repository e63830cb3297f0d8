"""The book's worked examples from the 2026 edition's second volume (vol2): its Robust AI and
Security & Privacy chapters, as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. Each chapter file was read at the commit
``COMMITS`` names; the quoted sentence sits beside each example. Where the book prints a value
from an inline ``{python}`` cell, the value was worked out by hand from the cell's code and the
book's constants (mlsysim: V100 memory bandwidth 900 GB/s, ``MemoryBitErrorRatePerBit`` 1e-17;
ResNet-18/50 11.7M/25.6M parameters; Intel SGX EPC 128 MB and a 5 ms dispatch tax, at mlsysim
e0fde03f), with the arithmetic beside it.

How far each chapter was read: all four texts to their end. Robust AI: all 226,154
characters of the newest stored full text (005e1222, the "fleet stack" edition with
``{python}`` cells, ``ROBUST``), and all 416,870 characters of the older version the file index
lists (7389c9e7, whose hardware-fault sections have since moved to Fault Tolerance):
``ROBUST_LISTED`` holds the examples only it prints (the FIT/MTBF cluster example, ECC's
bandwidth cost). Security & Privacy: all 394,217 characters of the listed version 08e2f0f3
(``SECURITY``).

Security & Privacy was also read to its end in its newest stored text (00219d31, 374,176
characters, the version the other vol2 modules read); the examples it adds or changes
(``SECURITY_NEWEST``: the MIG isolation tax, ResNet weights against SGX's enclave, the AES/FHE
latency tax, its corrected DP-SGD ε lines) cite that commit. It corrects two numbers of
08e2f0f3 that need a logarithm to check: σ ≈ 5.72·Δ (not 4.45) at ε = 1, δ = 10⁻⁷, and the
CIFAR-10 optimum α ≈ 3.8, ε ≈ 9.5 (not 3.5 and 8.4).

Calculations that once needed a logarithm, an exponential, the normal distribution or a large
power are entered now that ``arithmetic`` takes exp(), ln(), log2(), Φ(), Φ⁻¹() and any power of
a plain number, and ``series-reliability`` gives 1 − (1 − p)^N: Pr(≥ 1 SDC) and the 29,956
devices for 95%, (1.1)^53, the z-test p-value, randomized smoothing's σΦ⁻¹(p_A), the Gaussian KL
divergence and its ln term, each country's PSI term, the RDP ε lines with ln(10⁵), the optimal
Rényi orders, e^(−0.8) and the log₂ bit counts. Their hand values dispute five printed numbers:
156.24 (156.2472 rounds to 156.25), σ ≈ 4.45·Δ (5.72), the CIFAR-10 α = 4 line's 9.51 (9.5176)
and the older text's optimum α ≈ 3.5, ε ≈ 8.4 (3.85 and 9.51; 9.575 at α = 3.5).

Still left out, for want of a law: the KS test's p < 0.001 for D₁₀₀₀₀,₁₀₀₀₀ = 0.089 (ironlaw
has no Kolmogorov distribution) and the moments accountant's ε ≈ 2.3 against 23 under naive
composition for ResNet-20 on CIFAR-10 (no law runs an accountant, and the book gives no σ). The
logarithm pass re-read the newest texts (005e1222, 00219d31) and 08e2f0f3's DP section; values
only the older Robust AI text (7389c9e7) prints were not re-checked for logarithms.
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, chapter_file, sections
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio
from ironlaw.examples.gallery import weights_only as _weights

# the version of each chapter file that was read (harvard-edge/cs249r_book)
COMMITS = {
    # the newest stored full text (the index lists 7389c9e7, an older edition)
    "robust_ai": "005e1222601955fed8caa5e6fae8dbecf70e29ff",
    # the version the file index lists, an older edition of the chapter (read to its end too):
    # examples only it prints cite it
    "robust_ai_listed": "7389c9e7dea6eef68e039535fc14d8efcd31d71b",
    "security_privacy": "08e2f0f37ada9709d442599f463db7072359f87a",
    # the newest stored full text of the same file (00219d31, the version the other vol2 modules
    # read): examples it adds or changes are sourced here
    "security_privacy_newest": "00219d318157abc13f86bdb3b0d8b536c058fe80",
}
MIB = 2.0**20
MS, US = 1e-3, 1e-6


robust = sections(chapter_file("vol2", "robust_ai"), COMMITS["robust_ai"], "sec-robust-ai-")
# the older Robust AI text the index lists
robust_listed = sections(chapter_file("vol2", "robust_ai"), COMMITS["robust_ai_listed"],
                         "sec-robust-ai-")
sec = sections(chapter_file("vol2", "security_privacy"), COMMITS["security_privacy"],
               "sec-security-privacy-")
# the newest Security & Privacy text
sec_newest = sections(chapter_file("vol2", "security_privacy"),
                      COMMITS["security_privacy_newest"], "sec-security-privacy-")

RELIABILITY = robust("ml-performance-system-reliability-7d42")
PRINCIPLES = robust("common-robustness-principles-cb22")
SHIFT = robust("distribution-shift-concept-drift-55e2")
FRAUD = robust("worked-example-production-fraud-detection-model-b25b")

ROBUST: tuple[Example, ...] = (
    # robust-ai-setup cell: bits_per_second = V100 bandwidth [B/s] × 8; errors/hour = bits/s ×
    # MemoryBitErrorRatePerBit (1e-17) × 3600. "GPU memory systems operating at up to 900 GB/s
    # bandwidth (such as V100 HBM2) process about 7.2 × 10^12 bits per second. At a base error
    # rate of 1.0 × 10^-17 errors per bit processed, sustained peak bandwidth would yield about
    # 0.26 errors/hour per device"
    _arithmetic("v2robust-v100-hbm2-bits-per-second", "data movement",
                "Bits a second through the V100's 900 GB/s HBM2", RELIABILITY,
                "about 7.2 × 10¹² bits per second", 7.2e12, "[900 GB/s] / [1 bit]",
                note="900 × 10⁹ B/s × 8 bit/B = 7.2 × 10¹² bit/s."),
    _arithmetic("v2robust-v100-bit-errors-per-hour", "operations",
                "Memory bit errors an hour at 10⁻¹⁷ per bit, V100 at full bandwidth",
                RELIABILITY, "about 0.26 errors/hour", 0.26,
                "[900 GB/s] / [1 bit] * 1e-17 * [1 h]",
                note="7.2 × 10¹² bit/s × 10⁻¹⁷ × 3,600 s = 0.2592, printed with two "
                     "decimals."),
    # nbk-robust-ai-cost-defense (cell: slowdown = std_passes + n_pgd_steps = 1 + 7; gap =
    # (0.95 − 0.70) × 100): "Training Slowdown: 8× slower" ... "exposes a 25-percentage-point
    # accuracy gap between standard clean-data accuracy and robust accuracy"
    _arithmetic("v2robust-pgd7-training-slowdown", "training",
                "PGD-7 adversarial training: 1 standard + 7 attack passes per batch",
                PRINCIPLES, "8× slower", 8.0, "([1] + [7]) / [1]",
                note="(1 + 7) forward/backward passes against the standard 1."),
    _arithmetic("v2robust-pgd7-accuracy-gap", "training",
                "Clean accuracy 95% against 70% under the worst-case attack", PRINCIPLES,
                "a 25-percentage-point accuracy gap", 0.25, "[95%] - [70%]",
                note="0.95 − 0.70 = 0.25."),
    # "Model quantization from FP32 to INT8 reduces memory requirements by 75 percent"
    _arithmetic("v2robust-fp32-to-int8-memory-saving", "training",
                "Memory saved going from FP32 (4 B) to INT8 (1 B) values", PRINCIPLES,
                "reduces memory requirements by 75 percent", 0.75, "1 - [1 B] / [4 B]",
                note="1 − 1/4 = 0.75."),
    # nbk-robust-ai-is-world-changing (cell: mean_diff = 0.55 − 0.5; std_error = 0.3/√1000,
    # fmt precision 3; z = mean_diff/std_error, fmt precision 1): "Difference in means: 0.05",
    # "Standard error: 0.3/√1,000 ≈ 0.009", "approximately 5.3 standard errors away"
    _arithmetic("v2robust-drift-mean-difference", "operations",
                "A monitored feature's mean moving from 0.5 to 0.55", SHIFT, "0.05", 0.05,
                "[0.55] - [0.5]"),
    _arithmetic("v2robust-drift-standard-error", "operations",
                "Standard error of the mean over 1,000 requests at σ = 0.3", SHIFT,
                "≈ 0.009", 0.009, "0.3 / sqrt(1000)",
                note="0.3/31.62 = 0.00949, printed with three decimals by the cell."),
    _arithmetic("v2robust-drift-z-score", "operations",
                "The shift in standard errors: 0.05 / (0.3/√1000)", SHIFT,
                "approximately 5.3 standard errors", 5.3,
                "([0.55] - [0.5]) / (0.3 / sqrt(1000))", note="0.05/0.009487 = 5.27."),
    # Step 1 of the worked example, tbl-psi-country-example: "PSI_country = 0.0118 + 0.0021 +
    # 0.0007 + 0.0036 + 0.0470 = 0.065"
    Example(
        "v2robust-fraud-country-psi", "operations",
        "PSI of user country: USA/UK/Germany/France/Other from 45/20/15/10/10% to "
        "38/18/14/12/18%", FRAUD, "0.065", 0.065, law="psi",
        inputs=(("expected", "0.45, 0.20, 0.15, 0.10, 0.10"),
                ("actual", "0.38, 0.18, 0.14, 0.12, 0.18")), result="psi",
        note="Σ (p − q)·ln(p/q): 0.07·0.169 + 0.02·0.105 + 0.01·0.069 + 0.02·0.182 + "
             "0.08·0.588 = 0.0118 + 0.0021 + 0.0007 + 0.0036 + 0.0470 = 0.0653."),
    # Step 2: "D_KL = ln(1.3/1.1) + (1.1² + (4.2 − 4.5)²)/(2 × 1.3²) − 0.5 = 0.167 + 0.385 −
    # 0.5 = 0.052" (the ln term has no law; its second term is plain arithmetic)
    _arithmetic("v2robust-fraud-kl-variance-term", "operations",
                "The Gaussian KL divergence's (σ_b² + Δμ²)/(2σ_c²) term, log-dollar amounts",
                FRAUD, "0.385", 0.385, "([1.1]^2 + ([4.2] - [4.5])^2) / 2 / [1.3]^2",
                note="(1.21 + 0.09)/3.38 = 0.3846."),
    # Step 3: "Critical value at α = 0.05: c(0.05)·√(20000/10^8) ≈ 0.019"
    _arithmetic("v2robust-fraud-ks-critical-value", "operations",
                "KS critical value for 10,000 against 10,000 samples at α = 0.05", FRAUD,
                "≈ 0.019", 0.019, "1.36 * sqrt((10000 + 10000) / 10000 / 10000)",
                note="1.36 × √(2 × 10⁻⁴) = 1.36 × 0.01414 = 0.0192."),
    # nbk-robust-ai-robustness-tax (cell: acc_drop = 76.0 − 50.0, fmt_pp precision 0):
    # "Gaining robustness against rare adversarial attacks sacrifices 26 percentage points of
    # clean accuracy"
    _arithmetic("v2robust-resnet50-robustness-tax", "training",
                "ResNet-50's clean top-1: 76% standard against ~50% adversarially trained",
                robust("adversarial-attack-defenses-1dc8"), "26 percentage points", 0.26,
                "[76%] - [50%]", note="0.76 − 0.50 = 0.26."),
    # fn-mc-dropout-inference: "50 forward passes at 2 ms each adds 100 ms per request"
    _arithmetic("v2robust-mc-dropout-latency", "serving",
                "Monte Carlo dropout: 50 stochastic forward passes of 2 ms",
                robust("detection-techniques-0e7e"), "adds 100 ms per request", 100 * MS,
                "50 * [2 ms]"),
    # fn-huber-loss-robust (cell: squared_loss_multiple = normal_error_multiple ** 2): "a
    # single outlier with 100× normal error contributes 10,000× squared-error loss and 100×
    # residual-gradient magnitude"
    _arithmetic("v2robust-huber-squared-loss-growth", "training",
                "Squared-error loss of an outlier with 100× the normal error",
                robust("sanitization-preprocessing-f883"), "10,000×", 10000.0, "100^2",
                note="The loss grows as e²: 100² = 10,000; its gradient only as e (100×)."),
    # SilentErrorProbability cell (p_per_hr_illustrative = 1e-4, n_gpus_large = 10,000;
    # p_at_least_one = 1 − (1 − p)^N, fmt_percent precision 1; n_gpus_certain =
    # ceil(log(0.05)/log(1 − p))): "At that rate, a 10,000-device cluster is already more likely
    # than not to see an hourly silent error (63.2 percent probability), and the probability
    # crosses 95 percent at about 29,956 devices."
    Example(
        "v2robust-sdc-10k-devices-at-least-one", "operations",
        "Chance of at least one silent data corruption an hour: 10,000 devices at 10⁻⁴ each",
        RELIABILITY, "63.2 percent probability", 0.632, law="series-reliability",
        inputs=(("p", "1e-4"), ("parts", "10000")), result="any",
        note="(1 − 10⁻⁴)^10,000 = e^(10,000 × ln 0.9999) = e^(−1.00005) = 0.3679; "
             "1 − 0.3679 = 0.6321."),
    _arithmetic("v2robust-sdc-devices-for-95pct", "operations",
                "Devices at which one silent corruption an hour becomes 95% likely, p = 10⁻⁴",
                RELIABILITY, "about 29,956 devices", 29956.0, "ceil(ln(0.05) / ln(1 - 1e-4))",
                note="1 − (1 − p)^N ≥ 0.95 ⇔ N ≥ ln(0.05)/ln(1 − p) = −2.99573/−1.00005×10⁻⁴ "
                     "= 29,955.8, rounded up as the cell does (ceil)."),
    # fig-silent-error-probability's alt text: "the 1e-5 curve rises to about 0.63" (its x axis
    # ends at 100,000 devices)
    Example(
        "v2robust-sdc-100k-devices-at-1e-5", "operations",
        "Chance of at least one silent corruption an hour: 100,000 devices at 10⁻⁵ each",
        RELIABILITY, "about 0.63", 0.63, law="series-reliability",
        inputs=(("p", "1e-5"), ("parts", "100000")), result="any",
        note="(1 − 10⁻⁵)^100,000 = e^(−1.000005) = 0.3679; 1 − 0.3679 = 0.6321."),
    # fig-sdc-robust (Facebook's SDC): "2. Compute (1.1)^53", "3. Expected Result = 156.24"
    _arithmetic("v2robust-sdc-facebook-power", "operations",
                "The power Facebook's defective CPU computed as 0: (1.1)^53",
                robust("cloud-infrastructure-failures-1c8c"), "Expected Result = 156.24", 156.24,
                "1.1^53",
                disputed="53 × ln 1.1 = 53 × 0.0953102 = 5.05144; e^5.05144 = 156.2472, which "
                         "rounds to 156.25: the figure truncates.", hand_value=156.2472),
    # nbk-robust-ai-is-world-changing (cell: p_value = 2 × (1 − NormalDist().cdf(|z|)); the cell
    # prints the bound, MarkdownStr("< 0.001")): "4. **P-value**: < 0.001", "the probability of it
    # being random noise is less than 0.1 percent"
    _arithmetic("v2robust-drift-p-value", "operations",
                "Two-sided p-value of the mean shift 0.05 at σ = 0.3 over 1,000 requests", SHIFT,
                "< 0.001", 0.0005, "2 * (1 - Φ(([0.55] - [0.5]) / (0.3 / sqrt(1000))))",
                tolerance=0.0005,
                note="z = 0.05/0.009487 = 5.27; 2 × (1 − Φ(5.27)) = 2 × 6.8×10⁻⁸ = 1.4×10⁻⁷. "
                     "The book prints a bound, so the example accepts any value in [0, 0.001] "
                     "(0.0005 ± 0.0005)."),
    # Step 1 of the worked example, tbl-psi-country-example's Contribution column: (p − q)·ln(p/q)
    # per country: "USA | 0.45 | 0.38 | 0.07 | 0.169 | 0.0118" ... "Other | 0.10 | 0.18 | -0.08 |
    # -0.588 | 0.0470"
    *(_arithmetic(f"v2robust-fraud-psi-{country.lower()}-contribution", "operations",
                  f"PSI contribution of {country}: {base} of the baseline, {current} now", FRAUD,
                  printed, float(printed), f"({base} - {current}) * ln({base} / {current})",
                  note=note)
      for country, base, current, printed, note in (
          ("USA", "0.45", "0.38", "0.0118", "0.07 × ln(1.1842) = 0.07 × 0.16908 = 0.011835."),
          ("UK", "0.20", "0.18", "0.0021", "0.02 × ln(1.1111) = 0.02 × 0.10536 = 0.002107."),
          ("Germany", "0.15", "0.14", "0.0007",
           "0.01 × ln(1.0714) = 0.01 × 0.06899 = 0.000690."),
          ("France", "0.10", "0.12", "0.0036",
           "−0.02 × ln(0.8333) = −0.02 × −0.18232 = 0.003646."),
          ("Other", "0.10", "0.18", "0.0470",
           "−0.08 × ln(0.5556) = −0.08 × −0.58779 = 0.047023: the bin that carries most of the "
           "0.065."))),
    # Step 2: "D_KL = ln(1.3/1.1) + (1.1² + (4.2 − 4.5)²)/(2 × 1.3²) − 0.5 = 0.167 + 0.385 − 0.5 =
    # 0.052"
    _arithmetic("v2robust-fraud-kl-log-term", "operations",
                "The Gaussian KL divergence's ln(σ_c/σ_b) term, log-dollar σ 1.1 → 1.3", FRAUD,
                "0.167", 0.167, "ln(1.3 / 1.1)", note="ln(1.18182) = 0.16705."),
    _arithmetic("v2robust-fraud-kl-divergence", "operations",
                "KL divergence of transaction amounts: N(4.2, 1.1²) against N(4.5, 1.3²)",
                FRAUD, "0.052", 0.052,
                "ln(1.3 / 1.1) + (1.1^2 + (4.2 - 4.5)^2) / (2 * 1.3^2) - 0.5",
                note="0.16705 + 1.30/3.38 − 0.5 = 0.16705 + 0.38462 − 0.5 = 0.05167."),
    # randomized-smoothing-radius cell (p_top = 0.999, sigma = 0.5; radius = sigma ×
    # NormalDist().inv_cdf(p_top), fmt precision 1): "If a binary decision has top-class
    # probability p_A = 0.999 under noise σ = 0.5, the simplified radius is approximately 1.5"
    _arithmetic("v2robust-randomized-smoothing-radius", "operations",
                "Certified L2 radius σΦ⁻¹(p_A) of randomized smoothing, p_A = 0.999, σ = 0.5",
                robust("certified-defenses"), "approximately 1.5", 1.5, "0.5 * Φ⁻¹(0.999)",
                note="Φ⁻¹(0.999) = 3.0902; × 0.5 = 1.545 (the cell checks 1.54 < R < 1.55)."),
)

CLUSTER = robust_listed("gpu-cluster-example")
# the worked example's cluster: 1,024 A100s at 4,000 FIT each; 1,024 × 80 GB × 8 × 1,024 Mb/GB
# = 671,088,640 Mb of HBM2 at 250 FIT per megabit = 167,772,160,000 FIT
GPU_FIT, MEMORY_FIT = "4096000", "167772160000"

ROBUST_LISTED: tuple[Example, ...] = (
    # "after 248 days of continuous power (approximately 8 months)"
    _arithmetic("v2robust-787-gcu-248-days-in-months", "operations",
                "The Boeing 787 generator-control-unit bug's 248 days, in months",
                robust_listed("embedded-system-constraints-ec7a"), "approximately 8 months",
                8.0, "[248 day] / [1 month]", note="248/30.44 = 8.15 (a month = 1/12 year)."),
    # "GPU memory systems operating at up to 900 GB/s bandwidth (e.g., V100 HBM2) process 10^11
    # bits per second"
    _arithmetic("v2robust-v100-bits-per-second-1e11", "data movement",
                "Bits a second through 900 GB/s of HBM2 (the older text)",
                robust_listed("ml-performance-system-reliability-7d42"), "10^11 bits per second",
                1e11, "[900 GB/s] / [1 bit]",
                disputed="900 × 10⁹ B/s × 8 bit/B = 7.2 × 10¹² bit/s, 72× more; the newer text "
                         "prints 7.2 × 10¹² (v2robust-v100-hbm2-bits-per-second).",
                hand_value=7.2e12),
    # fn-single-event-upsets: "Modern DRAM exhibits error rates of approximately 1 per 10^17 bits
    # accessed ... a 1 TB model checkpoint experiences an expected 80 bit flips during a single
    # read operation"
    _arithmetic("v2robust-1tb-checkpoint-read-bit-flips", "operations",
                "Bit flips expected reading a 1 TB checkpoint at 1 per 10¹⁷ bits",
                robust_listed("transient-fault-properties-318c"), "an expected 80 bit flips",
                80.0, "[1 TB] / [1 bit] * 1e-17",
                disputed="8 × 10¹² bits × 10⁻¹⁷ = 8 × 10⁻⁵ flips a read; 80 would need an "
                         "error rate of 10⁻¹¹ per bit.", hand_value=8e-5),
    # "A cluster of 1,000 accelerators with individual MTBF of 50,000 hours experiences an
    # expected failure every 50 hours"
    _arithmetic("v2robust-1000-accelerator-cluster-mtbf", "operations",
                "Series MTBF of 1,000 accelerators at 50,000 hours each",
                robust_listed("fault-analysis-performance-impact-fa37"),
                "an expected failure every 50 hours", 50 * 3600.0, "[50000 h] / 1000"),
    # "A GPU with MTBF of 50,000 hours has a FIT rate of: FIT = 10^9/50,000 = 20,000 failures
    # per billion hours"
    _arithmetic("v2robust-gpu-fit-rate", "operations", "FIT rate of a 50,000-hour-MTBF GPU",
                robust_listed("mtbf-fit-calculations"), "20,000 failures per billion hours",
                20000.0, "[1e9 h] / [50000 h]"),
    # "Two parallel components with 90% reliability achieve 99% system reliability: 1 − (1 −
    # 0.9)^2 = 0.99"
    _arithmetic("v2robust-two-parallel-90pct-components", "operations",
                "Reliability of two redundant components at 90% each",
                robust_listed("system-reliability-composition"), "0.99", 0.99,
                "1 - (1 - 0.9)^2"),
    # GPU Cluster Reliability Example: "FIT_GPU = 1,024 × 4,000 = 4,096,000 FIT", "MTBF_GPU =
    # 10^9/4,096,000 ≈ 244 hours", "Memory = 1,024 GPUs × 80 GB × 8 bits/byte × 1,024 Mb/GB =
    # 671,088,640 Mb", "FIT_memory = 671,088,640 × 250 = 167,772,160,000 FIT", "MTBF_memory =
    # 10^9/167,772,160,000 ≈ 0.006 hours = 21 seconds", "The memory soft error rate dominates GPU
    # logic failures by approximately 40,000×"
    _arithmetic("v2robust-cluster-gpu-fit", "operations", "FIT of 1,024 GPUs' logic at 4,000 each",
                CLUSTER, "4,096,000 FIT", 4096000.0, "1024 * 4000"),
    _arithmetic("v2robust-cluster-gpu-mtbf", "operations", "MTBF of that GPU logic",
                CLUSTER, "≈ 244 hours", 244 * 3600.0, f"[1e9 h] / {GPU_FIT}",
                note="10⁹ h / 4,096,000 = 244.1 h."),
    _arithmetic("v2robust-cluster-hbm-megabits", "operations",
                "Megabits of HBM2 in 1,024 GPUs of 80 GB", CLUSTER, "671,088,640 Mb",
                671088640.0, "1024 * 80 * 8 * 1024",
                note="The example counts 1,024 Mb in a GB (binary), with GB × 8 bits."),
    _arithmetic("v2robust-cluster-hbm-fit", "operations", "FIT of that memory at 250 FIT/Mb",
                CLUSTER, "167,772,160,000 FIT", 167772160000.0, "671088640 * 250"),
    _arithmetic("v2robust-cluster-hbm-mtbf", "operations", "MTBF of the unprotected memory",
                CLUSTER, "21 seconds", 21.0, f"[1e9 h] / {MEMORY_FIT}",
                note="10⁹ h / 1.678 × 10¹¹ = 0.00596 h = 21.5 s."),
    _arithmetic("v2robust-cluster-memory-vs-logic-fit", "operations",
                "Memory FIT against GPU-logic FIT", CLUSTER, "approximately 40,000×", 40000.0,
                f"{MEMORY_FIT} / {GPU_FIT}", note="167,772,160,000/4,096,000 = 40,960."),
    # "With ECC providing 100× reduction: FIT_memory,ECC = 167,772,160,000/100 = 1,677,721,600
    # FIT", "MTBF_memory,ECC = 10^9/1,677,721,600 ≈ 0.6 hours = 36 minutes", "Combined with GPU
    # logic (244-hour MTBF), system MTBF becomes: MTBF_cluster,ECC ≈ 35 minutes"
    _arithmetic("v2robust-cluster-ecc-memory-mtbf", "operations",
                "MTBF of the memory with ECC cutting soft errors 100×", CLUSTER, "36 minutes",
                36 * 60.0, f"[1e9 h] / ({MEMORY_FIT} / 100)",
                note="10⁹ h / 1,677,721,600 = 0.596 h = 35.8 min."),
    _arithmetic("v2robust-cluster-ecc-system-mtbf", "operations",
                "Cluster MTBF: ECC-protected memory and GPU logic in series", CLUSTER,
                "≈ 35 minutes", 35 * 60.0, f"[1e9 h] / ({MEMORY_FIT} / 100 + {GPU_FIT})",
                disputed="10⁹ h / (1,677,721,600 + 4,096,000) FIT = 0.5946 h = 35.7 min, which "
                         "rounds to 36, not 35 (the GPU logic takes only 0.1 min off the "
                         "memory's 35.8).", hand_value=1e9 * 3600 / (1677721600 + 4096000)),
    # "ECC memory reduces effective bandwidth by 12.5% due to additional storage requirements (8
    # ECC bits per 64 data bits)"; "A model requiring 900 GB/s of memory bandwidth with ECC
    # protection effectively receives only 787 GB/s, extending training time by approximately
    # 14%"
    _arithmetic("v2robust-ecc-bandwidth-overhead", "data movement",
                "ECC's bandwidth overhead: 8 check bits per 64 data bits", CLUSTER, "12.5%",
                0.125, "8 / 64"),
    _arithmetic("v2robust-hbm2-bandwidth-with-ecc", "data movement",
                "900 GB/s of HBM2 less ECC's 12.5%", CLUSTER, "787 GB/s", 787e9,
                "[900 GB/s] * (1 - [12.5%])", tolerance=0.51e9,
                note="900 × 0.875 = 787.5 GB/s, exactly half-way; the text (and its table) "
                     "drop the half, hence a tolerance of half a GB/s and a hair."),
    _arithmetic("v2robust-hbm2-ecc-training-slowdown", "data movement",
                "Extra training time of a bandwidth-bound job at 787.5 of 900 GB/s", CLUSTER,
                "approximately 14%", 0.14, "[900 GB/s] / ([900 GB/s] * (1 - [12.5%])) - 1",
                note="1/0.875 − 1 = 0.143."),
    # tbl-memory-bandwidth-protection: "DDR4-3200 | 51.2 | 12.5% | 44.8", "HBM3 | 1,600 | 12.5% |
    # 1,400"
    *(_arithmetic(f"v2robust-{name}-bandwidth-with-ecc", "data movement",
                  f"{label}'s {base} GB/s less ECC's 12.5%",
                  robust_listed("memory-hierarchy-bandwidth-impact-7525"), f"{printed} GB/s",
                  value * 1e9, f"[{base} GB/s] * (1 - [12.5%])")
      for name, label, base, printed, value in (("ddr4-3200", "DDR4-3200", "51.2", "44.8", 44.8),
                                                ("hbm3", "HBM3", "1600", "1,400", 1400.0))),
    # "a fraction 4195835/3145727 ... Ideally, all correct values would round to 1.3338"
    _arithmetic("v2robust-pentium-fdiv-quotient", "roofline",
                "The Pentium FDIV test division 4,195,835/3,145,727",
                robust_listed("permanent-fault-properties-08c5"), "1.3338", 1.3338,
                "4195835 / 3145727", note="= 1.333820; the faulty FPU returned 1.3337."),
    # "poisoning 50 crafted images in CIFAR-10 (0.1% of training data)"
    _ratio("v2robust-cifar10-50-poisoned-images-share", "training",
           "50 poisoned images in CIFAR-10's 50,000 training images",
           robust_listed("data-poisoning-attacks-8487"), "0.1% of training data", 0.001,
           "50", "50000"),
    # fn-curse-of-dimensionality: "(e.g., 224×224×3 = 150,528 dimensions for ImageNet images) ...
    # With ε=0.01 per dimension, total perturbation magnitude can reach √150,528 × 0.01 ≈ 3.88"
    _arithmetic("v2robust-imagenet-perturbation-l2-norm", "training",
                "L2 norm of a 0.01 perturbation on each of 224×224×3 inputs",
                robust_listed("understanding-vulnerability-de4c"), "≈ 3.88", 3.88,
                "sqrt(224 * 224 * 3) * 0.01", note="√150,528 = 388.0; × 0.01 = 3.880."),
)

DP_COST = sec("privacy-defined-da84")
EXTRACTION = sec("model-extraction-defenses-8f3b")
DP_MATH = sec("dp-mathematical-foundations-7e4a")
DP_EXAMPLE = sec("dp-decision-framework-c4a8")
PITFALLS = sec("fallacies-pitfalls-0c20")
# "the required noise standard deviation σ ≥ C·√(2 ln(1.25/δ))/ε", with the book's
# ln(1.25/10⁻⁵) ≈ 11.7 and C = 1.0
GAUSSIAN_SIGMA = "1.0 * sqrt(2 * 11.7) / {eps}"
# tbl-dp-accuracy-tradeoff: (dataset, non-private, private accuracy %, ε, printed drop)
DP_DROPS = (
    ("mnist", "MNIST CNN", "99.2", "98.1", "8", "-1.1%"),
    ("mnist", "MNIST CNN", "99.2", "96.6", "1", "-2.6%"),
    ("cifar10", "CIFAR-10 ResNet-18", "93.5", "83.0", "8", "-10.5%"),
    ("cifar10", "CIFAR-10 ResNet-18", "93.5", "67.0", "1", "-26.5%"),
    ("imagenet", "ImageNet ResNet-50", "76.1", "47.8", "8", "-28.3%"),
    ("imdb", "IMDB BERT-base", "93.0", "88.5", "8", "-4.5%"),
    ("imdb", "IMDB BERT-base", "93.0", "82.0", "1", "-11.0%"),
)
# "Evaluating at different α values" (σ = 0.8, ε_RDP = 0.156α, ln(10⁶) = 13.8):
# (α, printed, value)
RDP_ALPHAS = (("20", "3.85", 3.85), ("45", "7.33", 7.33), ("50", "8.08", 8.08))

SECURITY: tuple[Example, ...] = (
    # The Cost of Differential Privacy (cell dp-cost-calc: noise_scale = 200,000/1.0;
    # error_per_person = noise_scale/1000; error_small = noise_scale/100): "Laplace Noise Scale
    # (b): S/ε = 200,000/1.0 = 200,000" ... "Noise per person (average) = 200,000/1000 = $200"
    # ... "For a dataset of N=100, the error would be $2,000!"
    _arithmetic("v2sec-dp-salary-noise-scale", "operations",
                "Laplace noise scale for a salary sum: sensitivity $200,000 at ε = 1", DP_COST,
                "200,000", 200000.0, "[200000 USD] / 1.0",
                note="b = S/ε = 200,000/1.0."),
    _arithmetic("v2sec-dp-salary-error-1000", "operations",
                "That noise on the mean salary of 1,000 employees", DP_COST, "$200", 200.0,
                "[200000 USD] / 1.0 / 1000"),
    _arithmetic("v2sec-dp-salary-error-100", "operations",
                "The same noise on the mean of 100 employees", DP_COST, "$2,000", 2000.0,
                "[200000 USD] / 1.0 / 100"),
    # Economic Deterrents: "if training a competitive language model costs $5M and extraction
    # requires 100M queries, pricing at p > $0.05/query ($5M/100M) makes extraction more
    # expensive than training"
    _arithmetic("v2sec-extraction-break-even-price", "operations",
                "Query price at which 100M extraction queries cost a $5M training run",
                EXTRACTION, "p > $0.05/query", 0.05, "[5e6 USD] / 100e6",
                note="$5,000,000/100,000,000 queries."),
    # notebook "Protecting a Production API": "Extraction cost: 5M queries × $0.001 = $5K
    # (matches training cost)"; "Legitimate user cost: 300 queries/day × 30 days × $0.001 =
    # $9/month"; "Return top-5 classes only (eliminates 99.5% of distribution)"
    Example(
        "v2sec-api-extraction-cost", "operations",
        "Extracting a ResNet-50 API: 5M queries at $0.001", EXTRACTION, "$5K", 5000.0,
        law="total-cost", inputs=(("items", "5e6"), ("price", "0.001 USD")), result="cost",
        note="5 × 10⁶ × $0.001 = $5,000, the model's training cost."),
    _arithmetic("v2sec-api-legit-user-monthly-cost", "operations",
                "A legitimate user's month: 300 queries a day at $0.001", EXTRACTION,
                "$9/month", 9.0, "[300 /day] * [30 day] * [0.001 USD]"),
    _arithmetic("v2sec-api-top5-share-withheld", "operations",
                "Share of a 1,000-class distribution withheld by returning the top 5",
                EXTRACTION, "eliminates 99.5% of distribution", 0.995, "1 - 5 / 1000"),
    # cell defense-overhead-calc: total = 2.0 + 0.5 ms; overhead_pct = total/100 × 100,
    # f"{:.0f}": "Latency increase: +2 ms for monitoring, +0.5 ms for perturbation = +2.5ms
    # total (2% overhead on 100 ms inference)"
    _arithmetic("v2sec-api-defense-latency", "serving",
                "Query monitoring (2 ms) plus output perturbation (0.5 ms)", EXTRACTION,
                "+2.5ms total", 2.5 * MS, "[2 ms] + [0.5 ms]"),
    _arithmetic("v2sec-api-defense-overhead-share", "serving",
                "Those 2.5 ms against a 100 ms inference", EXTRACTION, "2% overhead", 0.02,
                "([2 ms] + [0.5 ms]) / [100 ms]", tolerance=0.0051,
                note="2.5/100 = 2.5%, exactly half-way: the cell's f\"{25/10:.0f}\" rounds "
                     "half to even and prints 2 (3 would be as right), hence a tolerance of "
                     "half a percent and a hair. The newest text prints 2.5 percent."),
    # "False Positive Rate: 0.3% of users flagged for manual review (10K users → 30
    # reviews/day, manageable)"
    _arithmetic("v2sec-api-false-positive-reviews", "operations",
                "Users flagged for review a day: 0.3% of 10,000", EXTRACTION,
                "30 reviews/day", 30.0, "[0.3%] * 10000"),
    # "ARM TrustZone world-switching adds approximately 300--1000 cycles ... (0.6--2.0 μs at
    # 500MHz)"
    *(_arithmetic(f"v2sec-trustzone-switch-{cycles}-cycles", "serving",
                  f"A TrustZone world switch of {cycles} cycles at 500 MHz",
                  sec("hardwaresoftware-codesign-bed2"), printed, value * US,
                  f"[{cycles}] / [500 MHz]")
      for cycles, printed, value in (("300", "0.6 μs", 0.6), ("1000", "2.0 μs", 2.0))),
    # fn-intel-sgx-limits: "A ResNet-50 requires approximately 98 MB for FP32 weights alone
    # (25.6M parameters × 4 bytes), consuming 77% of EPC before activations" (EPC:
    # "approximately 128 MB of protected memory")
    Example(
        "v2sec-sgx-resnet50-fp32-weights", "serving", "ResNet-50's 25.6M FP32 weights",
        sec("trusted-execution-environments-80ed"), "approximately 98 MB", 98 * MIB,
        law="model-states", inputs=_weights("25.6e6", "4"), result="total",
        note="25.6 × 10⁶ × 4 B = 102,400,000 B = 97.7 MiB: the footnote's MB is binary here "
             "(102.4 decimal MB)."),
    _ratio("v2sec-sgx-resnet50-epc-share", "serving",
           "Those weights against SGX's 128 MB enclave page cache",
           sec("trusted-execution-environments-80ed"), "consuming 77% of EPC", 0.77,
           "102.4e6 B", "128 MiB",
           disputed="102,400,000 B / 134,217,728 B = 76.3% (97.7/128), which prints as 76%; "
                    "77% comes from the weights first rounded up to 98 (98/128 = 76.6%).",
           hand_value=102.4e6 / (128 * MIB)),
    # fn-hsm-performance: "Enterprise HSMs perform 10,000+ RSA-2048 operations per second ...
    # compared to 100,000+ operations per second on GPUs ... The 10× throughput disadvantage"
    _ratio("v2sec-hsm-vs-gpu-rsa-throughput", "speedup",
           "RSA-2048 signatures a second: a GPU's 100,000 against an HSM's 10,000",
           sec("hardware-security-modules-4377"), "The 10× throughput disadvantage", 10.0,
           "100000", "10000"),
    # "δ < 1/n² ... For a dataset with 1 million records, δ = 10^-12"
    _arithmetic("v2sec-dp-delta-1m-records", "training",
                "δ below 1/n² for a million records", DP_MATH, "δ = 10⁻¹²", 1e-12,
                "1 / (1e6)^2"),
    # Laplace mechanism, b = Δf/ε: "stronger privacy (ε = 0.1) requires 10× more noise than
    # moderate privacy (ε = 1.0)"
    _ratio("v2sec-laplace-noise-eps-tenth-vs-one", "training",
           "Laplace noise scale Δf/ε at ε = 0.1 against ε = 1.0", DP_MATH,
           "10× more noise", 10.0, "1.0", "0.1",
           note="(Δf/0.1)/(Δf/1.0) = 1.0/0.1."),
    # callout "The Privacy-Accuracy Tax" (C = 1.0, δ = 10⁻⁵): "Strong Privacy (ε=1.0): σ ≈
    # 1.0 × √(2 × 11.7)/1.0 ≈ 4.8"; "Weak Privacy (ε=10.0): σ ≈ 1.0 × √(2 × 11.7)/10.0 ≈
    # 0.48"
    _arithmetic("v2sec-gaussian-sigma-eps-1", "training",
                "DP-SGD noise σ for clipping norm 1.0, δ = 10⁻⁵, ε = 1", DP_MATH, "≈ 4.8",
                4.8, GAUSSIAN_SIGMA.format(eps="1.0"),
                note="√23.4 = 4.84, with the book's ln(1.25/10⁻⁵) ≈ 11.7 (11.74)."),
    _arithmetic("v2sec-gaussian-sigma-eps-10", "training", "The same σ at ε = 10", DP_MATH,
                "≈ 0.48", 0.48, GAUSSIAN_SIGMA.format(eps="10.0"), note="4.84/10 = 0.484."),
    # Practical Privacy Budget Example (50,000 CIFAR-10 images): "Batch size B = 4000
    # (sampling rate q = B/N = 0.08)", "Gradient clipping norm C = 1.0 (sensitivity Δ₂ = 2C/B
    # = 0.0005)", "Training for T = 60 epochs (k = T·N/B = 750 steps)", "Per-step RDP ...
    # (0.08)²α/(2(1.3)²) ≈ 0.00189α", "Total RDP after 750 steps: 750 · 0.00189α = 1.42α"
    _arithmetic("v2sec-dpsgd-cifar-sampling-rate", "training",
                "DP-SGD on CIFAR-10: sampling rate of a 4,000 batch from 50,000 images",
                DP_MATH, "q = B/N = 0.08", 0.08, "4000 / 50000"),
    _arithmetic("v2sec-dpsgd-cifar-sensitivity", "training",
                "Its per-batch sensitivity 2C/B at C = 1.0", DP_MATH, "Δ₂ = 0.0005",
                0.0005, "2 * 1.0 / 4000"),
    _arithmetic("v2sec-dpsgd-cifar-steps", "training", "Steps in 60 epochs", DP_MATH,
                "750 steps", 750.0, "60 * 50000 / 4000"),
    _arithmetic("v2sec-dpsgd-cifar-rdp-per-step", "training",
                "Per-step RDP coefficient q²/(2σ²) at σ = 1.3", DP_MATH, "≈ 0.00189α",
                0.00189, "0.08^2 / 2 / 1.3^2", note="0.0064/3.38 = 0.001893."),
    _arithmetic("v2sec-dpsgd-cifar-rdp-total", "training",
                "RDP coefficient after 750 steps", DP_MATH, "1.42α", 1.42,
                "750 * 0.00189", note="750 × 0.00189 = 1.4175."),
    # "If an organization trains 10 models on the same dataset, each with ε=1, the total privacy
    # loss is not ε=1 but closer to ε=10 (under simple composition)"
    _arithmetic("v2sec-dp-ten-models-composition", "training",
                "Simple composition of 10 models at ε = 1 each",
                sec("privacy-budget-composition-edbe"), "closer to ε=10", 10.0, "10 * 1.0"),
    # tbl-dp-accuracy-tradeoff: "MNIST | CNN | 99.2% | 98.1% (-1.1%) | 96.6% (-2.6%)" ...
    *(_arithmetic(f"v2sec-dp-accuracy-drop-{key}-eps-{eps}", "training",
                  f"DP-SGD accuracy lost, {model} at ε = {eps}",
                  sec("privacy-utility-tradeoff-b3e7"), printed,
                  float(printed.strip("-%")) / 100, f"[{clean}%] - [{private}%]",
                  note=f"{clean}% non-private − {private}% private.")
      for key, model, clean, private, eps, printed in DP_DROPS),
    # callout "DP-SGD Privacy Budget Example" (100,000 reviews, ε = 8, δ = 10⁻⁶): "Batch size:
    # B = 2,000 (sampling rate q = B/N = 0.02)", "Training epochs: T = 10 (total steps k = T ×
    # N/B = 500)", "ε_step(α) = (0.02)²α/(2(0.8)²) = 0.0004α/1.28 ≈ 0.000312α", "After 500
    # steps: ε_total(α) = 500 × 0.000312α = 0.156α"
    _arithmetic("v2sec-dpsgd-reviews-sampling-rate", "training",
                "DP-SGD on 100,000 reviews: sampling rate of a 2,000 batch", DP_EXAMPLE,
                "q = B/N = 0.02", 0.02, "2000 / 100000"),
    _arithmetic("v2sec-dpsgd-reviews-steps", "training", "Steps in 10 epochs", DP_EXAMPLE,
                "500 steps", 500.0, "10 * 100000 / 2000"),
    _arithmetic("v2sec-dpsgd-reviews-rdp-per-step", "training",
                "Per-step RDP coefficient q²/(2σ²) at σ = 0.8", DP_EXAMPLE, "≈ 0.000312α",
                0.000312, "0.02^2 / 2 / 0.8^2", tolerance=1e-6,
                note="0.0004/1.28 = 0.0003125 exactly: the book keeps three digits and "
                     "rounds the half down, hence a tolerance of 10⁻⁶."),
    _arithmetic("v2sec-dpsgd-reviews-rdp-total", "training", "RDP coefficient after 500 steps",
                DP_EXAMPLE, "0.156α", 0.156, "500 * 0.000312"),
    # "α = 20: ε = 0.156 × 20 + 13.8/19 = 3.12 + 0.73 = 3.85"; "α = 50: ... = 8.08"; "α = 45:
    # ... = 7.33"
    *(_arithmetic(f"v2sec-dpsgd-reviews-epsilon-alpha-{alpha}", "training",
                  f"ε = 0.156α + ln(10⁶)/(α − 1) at α = {alpha}", DP_EXAMPLE, printed, value,
                  f"0.156 * {alpha} + 13.8 / ({alpha} - 1)",
                  note="With the book's ln(10⁶) = 13.8 (13.82).")
      for alpha, printed, value in RDP_ALPHAS),
    # "Optimal α ≈ 48 yields ε ≈ 7.8, which satisfies our target of ε ≤ 8"
    _arithmetic("v2sec-dpsgd-reviews-epsilon-alpha-48", "training",
                "ε = 0.156α + ln(10⁶)/(α − 1) at α = 48", DP_EXAMPLE, "ε ≈ 7.8", 7.8,
                "0.156 * 48 + 13.8 / (48 - 1)",
                note="7.488 + 0.294 = 7.78. The value at α = 48 is right, but α = 48 is not the "
                     "optimum the book calls it: the sum is smallest at α = 1 + √(13.8/0.156) "
                     "≈ 10.4, where ε ≈ 3.09 (its own α = 20 line already gives 3.85)."),
    # "A production system retraining monthly for two years accumulates ε=24 even if targeting
    # ε=1.0 per run"
    _arithmetic("v2sec-dp-monthly-retraining-two-years", "training",
                "Privacy budget of 24 monthly retrainings at ε = 1.0", PITFALLS, "ε=24", 24.0,
                "2 * 12 * 1.0", note="Simple composition over 2 × 12 runs."),
    # "poisoning just 0.1% of training data (1,000 examples in 1 million)"
    _arithmetic("v2sec-poisoning-tenth-pct-of-1m", "training",
                "0.1% of a million training examples", PITFALLS, "1,000 examples", 1000.0,
                "[0.1%] * 1e6"),
    # "federated learning with 10,000 clients creates 10,000 compromise points—if 1% are
    # compromised (100 devices)"
    _arithmetic("v2sec-fl-1pct-of-10000-clients", "training",
                "1% of 10,000 federated clients compromised", PITFALLS, "100 devices", 100.0,
                "[1%] * 10000"),
    # callout "The Privacy-Accuracy Tax" (δ = 10⁻⁵): "σ ≈ 1.0 × √(2 × 11.7)/1.0 ≈ 4.8", its 11.7
    # standing for ln(1.25/δ)
    _arithmetic("v2sec-gaussian-log-term-delta-1e-5", "training",
                "The Gaussian mechanism's ln(1.25/δ) at δ = 10⁻⁵", DP_MATH, "11.7", 11.7,
                "ln(1.25 / 1e-5)", note="ln(125,000) = ln 1.25 + 5 ln 10 = 0.2231 + 11.5129 = "
                                        "11.736."),
    # "For typical ML hyperparameters (ε=1, δ=10^-7), this requires σ ≈ 4.45 · Δ₂f"
    _arithmetic("v2sec-gaussian-sigma-delta-1e-7-listed", "training",
                "Gaussian-mechanism noise σ/Δ₂f = √(2 ln(1.25/δ))/ε at ε = 1, δ = 10⁻⁷",
                DP_MATH, "σ ≈ 4.45 · Δ₂f", 4.45, "sqrt(2 * ln(1.25 / 1e-7)) / 1.0",
                disputed="ln(1.25 × 10⁷) = 16.341; √(2 × 16.341) = √32.682 = 5.717, not 4.45 "
                         "(4.45 would need ln(1.25/δ) = 9.90, δ ≈ 6×10⁻⁵). The newest text "
                         "prints 5.72 (v2sec-gaussian-sigma-delta-1e-7).", hand_value=5.717),
    # Practical Privacy Budget Example (CIFAR-10, ε_RDP = 1.42α, δ = 10⁻⁵): "For α = 10: ε = 1.42
    # × 10 + ln(10^5)/9 = 14.2 + 1.28 = 15.48 (too high)", "For α = 4: ε = 1.42 × 4 + ln(10^5)/3 =
    # 5.68 + 3.83 = 9.51", "For α = 3: ε = 1.42 × 3 + ln(10^5)/2 = 4.26 + 5.76 = 10.02" (the
    # newest text prints the same three lines)
    _arithmetic("v2sec-dpsgd-cifar-epsilon-alpha-10", "training",
                "ε = 1.42α + ln(10⁵)/(α − 1) at α = 10", DP_MATH, "15.48", 15.48,
                "1.42 * 10 + ln(1e5) / (10 - 1)",
                note="14.2 + 11.5129/9 = 14.2 + 1.2792 = 15.479."),
    _arithmetic("v2sec-dpsgd-cifar-epsilon-alpha-4", "training",
                "ε = 1.42α + ln(10⁵)/(α − 1) at α = 4", DP_MATH, "9.51", 9.51,
                "1.42 * 4 + ln(1e5) / (4 - 1)",
                disputed="5.68 + 11.5129/3 = 5.68 + 3.8376 = 9.5176, which prints as 9.52; the "
                         "book adds 3.83, its ln term cut (not rounded) to two decimals.",
                hand_value=9.5176),
    _arithmetic("v2sec-dpsgd-cifar-epsilon-alpha-3", "training",
                "ε = 1.42α + ln(10⁵)/(α − 1) at α = 3", DP_MATH, "10.02", 10.02,
                "1.42 * 3 + ln(1e5) / (3 - 1)",
                note="4.26 + 11.5129/2 = 4.26 + 5.7565 = 10.016."),
    # "Optimal α ≈ 3.5 yields ε ≈ 8.4" (the newest text: α ≈ 3.8, ε ≈ 9.5)
    _arithmetic("v2sec-dpsgd-cifar-optimal-alpha-listed", "training",
                "The α minimizing 1.42α + ln(10⁵)/(α − 1): α = 1 + √(ln(10⁵)/1.42)", DP_MATH,
                "Optimal α ≈ 3.5", 3.5, "1 + sqrt(ln(1e5) / 1.42)",
                disputed="d/dα = 1.42 − 11.5129/(α − 1)² = 0 at α = 1 + √8.1077 = 3.847, not "
                         "3.5; the newest text prints α ≈ 3.8.", hand_value=3.847),
    _arithmetic("v2sec-dpsgd-cifar-epsilon-alpha-3.5", "training",
                "ε = 1.42α + ln(10⁵)/(α − 1) at the book's α = 3.5", DP_MATH, "ε ≈ 8.4", 8.4,
                "1.42 * 3.5 + ln(1e5) / (3.5 - 1)",
                disputed="4.97 + 11.5129/2.5 = 4.97 + 4.6052 = 9.575; no α reaches 8.4 (the "
                         "minimum is 9.51 at α = 3.85), and the book's own α = 4 line already "
                         "gives 9.51. The newest text prints ε ≈ 9.5.", hand_value=9.575),
)

TEE_CODESIGN = sec_newest("hardwaresoftware-codesign-bed2")
EXTRACTION_NEWEST = sec_newest("model-extraction-defenses-8f3b")
# "Evaluating at different α values" in the newest text (σ = 0.8, ε_RDP = 0.156α,
# ln(10⁶) = 13.8): (α, printed, value)
RDP_ALPHAS_NEWEST = (("8", "3.22", 3.22), ("10", "3.09", 3.09))

SECURITY_NEWEST: tuple[Example, ...] = (
    # nbk-security-privacy-tax-secure-multi-tenancy (cell: throughput_loss = 1000 − 850;
    # overhead_pct = (1 − 850/1000) × 100): "Throughput Loss: 1,000 tokens − 850 tokens = 150
    # tokens per second", "The isolation tax: (150 tokens/1,000 tokens) = 15 percent"
    _arithmetic("v2sec-mig-isolation-throughput-loss", "serving",
                "Tokens a second lost to MIG isolation: 1,000 dedicated against 850",
                sec_newest("privacy-defined-da84"), "150 tokens per second", 150.0,
                "[1000 /s] - [850 /s]"),
    _arithmetic("v2sec-mig-isolation-tax", "serving",
                "That loss as a share of the dedicated throughput",
                sec_newest("privacy-defined-da84"), "15 percent", 0.15,
                "([1000 /s] - [850 /s]) / [1000 /s]", note="150/1,000 = 0.15."),
    # nbk-security-privacy-protecting-production-api (cell: queries_per_class = 5M/1000;
    # fidelity_drop = 90 − 72): "about 5M queries for 90 percent fidelity, or 5,000
    # queries/class for a 1,000-class classifier"; "The surrogate's accuracy drops from 90
    # percent without defenses to 72 percent with defenses, a 18-percentage-point reduction"
    _arithmetic("v2sec-api-extraction-queries-per-class", "operations",
                "5M extraction queries spread over 1,000 classes",
                sec_newest("model-extraction-defenses-8f3b"), "5,000 queries/class", 5000.0,
                "5e6 / 1000"),
    _arithmetic("v2sec-api-surrogate-accuracy-drop", "operations",
                "A stolen surrogate's accuracy: 90% without defenses, 72% with them",
                sec_newest("model-extraction-defenses-8f3b"), "a 18-percentage-point reduction",
                0.18, "[90%] - [72%]"),
    # tee-memory-footprint-calc (mlsysim: ResNet-18 11.7M, ResNet-50 25.6M parameters; FP32 4 B,
    # INT8 1 B; fmt_qty in MB, one decimal): "A ResNet-18 model is about 46.8 MB with FP32
    # weights or 11.7 MB with INT8 weights, while ResNet-50 is about 102.4 MB with FP32 weights
    # or 25.6 MB with INT8 weights"
    *(Example(f"v2sec-tee-{model.lower()}-{precision.lower()}-weights", "serving",
              f"{model.replace('ResNet', 'ResNet-')} weights in {precision} "
              f"({float(params) / 1e6:g}M parameters)", TEE_CODESIGN, f"about {printed} MB",
              float(printed) * 1e6,
              law="model-states", inputs=_weights(params, width), result="total",
              note=f"{params} × {width} B.")
      for model, precision, params, width, printed in (
          ("ResNet18", "FP32", "11.7e6", "4", "46.8"), ("ResNet18", "INT8", "11.7e6", "1", "11.7"),
          ("ResNet50", "FP32", "25.6e6", "4", "102.4"),
          ("ResNet50", "INT8", "25.6e6", "1", "25.6"))),
    # fn-intel-sgx-limits (cell: EPC = Hardware.Cloud.IntelSGX.memory.capacity, 128 MB in mlsysim
    # at e0fde03f; latency = dispatch_tax 5 ms × 100): "A ResNet-50 requires approximately
    # 102.4 MB for FP32 weights alone (25.6M parameters × 4 B), consuming 80 percent of EPC
    # before activations. Inference latency jumps from 5 ms to 500 ms once the model exceeds EPC"
    _ratio("v2sec-sgx-resnet50-epc-share-decimal", "serving",
           "ResNet-50's FP32 weights against a 128 MB enclave page cache",
           sec_newest("trusted-execution-environments-80ed"), "consuming 80 percent of EPC", 0.8,
           "102.4 MB", "128 MB",
           note="102.4/128 = 0.80 with the book's constant in decimal MB; SGX's EPC is 128 MiB "
                "(134.2 MB), which gives 76%. The earlier text (v2sec-sgx-resnet50-epc-share) "
                "printed 77%."),
    _arithmetic("v2sec-sgx-epc-overflow-latency", "serving",
                "A 5 ms enclave inference with the 100× EPC-miss penalty",
                sec_newest("trusted-execution-environments-80ed"), "500 ms", 0.5,
                "100 * [5 ms]"),
    # nbk-security-privacy-tax-trusted-compute (cell: t_aes = 20 ms + 0.5 ms; t_fhe = 20 ms ×
    # 10,000): "AES-256: 20 ms + 0.5 ms = 20.5 ms (negligible tax)", "FHE: 20 ms × 10,000 = 200
    # seconds"
    _arithmetic("v2sec-aes-inference-latency", "serving",
                "A 20 ms inference plus 0.5 ms of AES-256", TEE_CODESIGN, "20.5 ms",
                20.5 * MS, "[20 ms] + [0.5 ms]"),
    _arithmetic("v2sec-fhe-inference-latency", "serving",
                "The same inference under FHE's 10,000× overhead", TEE_CODESIGN, "200 seconds",
                200.0, "[20 ms] * 10000"),
    # "reduce the sampling rate by decreasing batch size to B = 2000 (q = 0.04)"
    _arithmetic("v2sec-dpsgd-cifar-half-batch-sampling-rate", "training",
                "DP-SGD on CIFAR-10: sampling rate of a 2,000 batch from 50,000 images",
                sec_newest("practical-privacy-budget-example-dpsgd-image-classification-2662"),
                "q = 0.04", 0.04, "2000 / 50000"),
    # the newest "DP-SGD privacy budget example": "α = 8: ε = 0.156 × 8 + 13.8/7 = 1.25 + 1.97 =
    # 3.22", "α = 10: ... = 1.56 + 1.53 = 3.09", "α = 12: ε = 0.156 × 12 + 13.8/11 = 1.87 + 1.25
    # = 3.12"; "Optimizing the displayed approximation gives α ≈ 10.4 and ε ≈ 3.1"
    *(_arithmetic(f"v2sec-dpsgd-reviews-epsilon-alpha-{alpha}", "training",
                  f"ε = 0.156α + ln(10⁶)/(α − 1) at α = {alpha}",
                  sec_newest("dp-decision-framework-c4a8"), printed, value,
                  f"0.156 * {alpha} + 13.8 / ({alpha} - 1)",
                  note="With the book's ln(10⁶) = 13.8 (13.82).")
      for alpha, printed, value in RDP_ALPHAS_NEWEST),
    _arithmetic("v2sec-dpsgd-reviews-epsilon-alpha-12", "training",
                "ε = 0.156α + ln(10⁶)/(α − 1) at α = 12", sec_newest("dp-decision-framework-c4a8"),
                "3.12", 3.12, "0.156 * 12 + 13.8 / (12 - 1)",
                disputed="1.872 + 1.2545 = 3.1265, which prints as 3.13; the book adds its "
                         "rounded terms (1.87 + 1.25).", hand_value=0.156 * 12 + 13.8 / 11),
    _arithmetic("v2sec-dpsgd-reviews-epsilon-optimum", "training",
                "ε at the optimum α = 1 + √(13.8/0.156) ≈ 10.4",
                sec_newest("dp-decision-framework-c4a8"), "ε ≈ 3.1", 3.1,
                "0.156 * 10.4 + 13.8 / (10.4 - 1)",
                note="1.622 + 1.468 = 3.09. The earlier text (08e2f0f3) called α ≈ 48, ε ≈ 7.8 "
                     "the optimum."),
    _arithmetic("v2sec-dpsgd-reviews-optimal-alpha", "training",
                "The α minimizing 0.156α + 13.8/(α − 1): α = 1 + √(13.8/0.156)",
                sec_newest("dp-decision-framework-c4a8"), "α ≈ 10.4", 10.4,
                "1 + sqrt(13.8 / 0.156)", note="1 + √88.46 = 1 + 9.405 = 10.405."),
    # "ε = 0.156α + ln(1/δ)/(α − 1) = 0.156α + ln(10^6)/(α − 1)", then "13.8/7"
    _arithmetic("v2sec-dpsgd-reviews-log-inverse-delta", "training",
                "ln(1/δ) for δ = 10⁻⁶, which the ε lines write as 13.8",
                sec_newest("dp-decision-framework-c4a8"), "13.8", 13.8, "ln(1 / 1e-6)",
                note="6 × ln 10 = 6 × 2.302585 = 13.8155."),
    # "For typical ML hyperparameters (ε = 1, δ = 10^-7), this requires σ ≈ 5.72 · Δ₂f"
    _arithmetic("v2sec-gaussian-sigma-delta-1e-7", "training",
                "Gaussian-mechanism noise σ/Δ₂f = √(2 ln(1.25/δ))/ε at ε = 1, δ = 10⁻⁷",
                sec_newest("noise-mechanisms-achieving-differential-privacy-f29c"),
                "σ ≈ 5.72 · Δ₂f", 5.72, "sqrt(2 * ln(1.25 / 1e-7)) / 1.0",
                note="ln(1.25 × 10⁷) = 16.341; √32.682 = 5.717. The earlier text printed 4.45."),
    # "Optimal α ≈ 3.8 yields ε ≈ 9.5"
    _arithmetic("v2sec-dpsgd-cifar-optimal-alpha", "training",
                "The α minimizing 1.42α + ln(10⁵)/(α − 1): α = 1 + √(ln(10⁵)/1.42)",
                sec_newest("practical-privacy-budget-example-dpsgd-image-classification-2662"),
                "Optimal α ≈ 3.8", 3.8, "1 + sqrt(ln(1e5) / 1.42)",
                note="1 + √(11.5129/1.42) = 1 + √8.1077 = 3.847."),
    _arithmetic("v2sec-dpsgd-cifar-epsilon-alpha-3.8", "training",
                "ε = 1.42α + ln(10⁵)/(α − 1) at α = 3.8",
                sec_newest("practical-privacy-budget-example-dpsgd-image-classification-2662"),
                "ε ≈ 9.5", 9.5, "1.42 * 3.8 + ln(1e5) / (3.8 - 1)",
                note="5.396 + 11.5129/2.8 = 5.396 + 4.112 = 9.508."),
    # ExtractionDefenseReference cell (anomaly_score = 0.8, gamma_rate = 1.0; capacity_remaining =
    # exp(−γ·score), rate_reduction = 1 − capacity_remaining, each rounded to a whole percent):
    # "With γ_rate=1, a user with anomaly score 0.8 keeps about 45 percent of the base quota, a 55
    # percent rate reduction"
    _arithmetic("v2sec-adaptive-limit-quota-kept", "operations",
                "Share of the base quota kept at anomaly score 0.8: exp(−γ·score), γ = 1",
                EXTRACTION_NEWEST, "about 45 percent", 0.45, "exp(-1.0 * 0.8)",
                note="e^(−0.8) = 0.4493."),
    _arithmetic("v2sec-adaptive-limit-rate-cut", "operations",
                "The rate reduction at anomaly score 0.8: 1 − exp(−γ·score), γ = 1",
                EXTRACTION_NEWEST, "a 55 percent rate reduction", 0.55, "1 - exp(-1.0 * 0.8)",
                note="1 − 0.4493 = 0.5507."),
    # OutputRoundingLeakage cell (ImageNet's 1,000 classes; bits_removed = log2(10^(6 − 2));
    # retained_bits = log2(10^2 + 1); topk_bits = log2(1000/5), each to one decimal): "rounding
    # from 6 decimals to 2 decimals removes 4 decimal digits, about 13.3 bits per class";
    # "For k= 5 on a 1000-class problem, this reduces information leakage by approximately 7.6
    # bits per query"; nbk-security-privacy-protecting-production-api: "Output shaping rounds
    # confidences to 2 decimal places, retaining about 6.7 bits from each rounded scalar
    # probability"
    _arithmetic("v2sec-rounding-6-to-2-decimals-bits-removed", "operations",
                "Bits removed rounding a confidence from 6 to 2 decimals: log₂(10⁴)",
                EXTRACTION_NEWEST, "about 13.3 bits per class", 13.3, "log2(10^(6 - 2))",
                note="4 × log₂ 10 = 4 × 3.3219 = 13.288."),
    _arithmetic("v2sec-top5-of-1000-bits-saved", "operations",
                "Leakage cut by returning the top 5 of 1,000 classes: log₂(1000/5)",
                EXTRACTION_NEWEST, "approximately 7.6 bits per query", 7.6, "log2(1000 / 5)",
                note="log₂ 200 = 7.644."),
    _arithmetic("v2sec-two-decimal-confidence-bits", "operations",
                "Bits a confidence rounded to 2 decimals still carries: log₂(101) levels",
                EXTRACTION_NEWEST, "about 6.7 bits", 6.7, "log2(10^2 + 1)",
                note="0.00 … 1.00 is 101 levels; log₂ 101 = 6.658."),
)

EXAMPLES: tuple[Example, ...] = ROBUST + ROBUST_LISTED + SECURITY + SECURITY_NEWEST
