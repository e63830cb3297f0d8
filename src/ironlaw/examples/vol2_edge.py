"""The book's worked examples from the 2026 edition's second volume (vol2): its Edge
Intelligence chapter, as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. The chapter file was read at the commit
``COMMITS`` names (the index's newest listed version, 34b8a7ba, is a two-line stub); the quoted
sentence sits beside each example. Where the book prints a value from an inline ``{python}``
cell, the value was worked out by hand from the cell's code, with the arithmetic beside it.
Read so far: Edge Intelligence to its end (405,767 characters): model adaptation, data
efficiency, federated learning and its systems, production integration and the pitfalls.
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, chapter_file, sections
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio
from ironlaw.examples.gallery import weights_only as _weights

# the version of each chapter file that was read (harvard-edge/cs249r_book)
COMMITS = {
    "edge_intelligence": "00219d318157abc13f86bdb3b0d8b536c058fe80",
}
KB, MB, GB = 1e3, 1e6, 1e9
MS, HOUR = 1e-3, 3600.0
TOPS = 1e12


edge = sections(chapter_file("vol2", "edge_intelligence"), COMMITS["edge_intelligence"],
                "sec-edge-intelligence-")


EDGE: tuple[Example, ...] = (
    # margin figure: "a 300 MB app budget with a 75 MB local gradient update, with 25 percent"
    # ("a single training step can consume 25% of available memory")
    _ratio("v2edge-keyboard-gradient-share", "training",
           "A 75 MB gradient update in a keyboard's 300 MB budget",
           edge("motivations-benefits-37c3"), "25%", 0.25, "75 MB", "300 MB"),
    # "Camera applications must process frames within 33 ms to maintain 30 FPS"
    _arithmetic("v2edge-camera-frame-budget", "serving", "One frame's budget at 30 FPS",
                edge("realworld-application-domains-c4e4"), "33 ms", 33 * MS, "[1] / [30 Hz]",
                tolerance=0.34 * MS, note="1/30 s = 33.3 ms; the book truncates to 33."),
    # fig-training-memory-amplifier: weights; grads = weights; opt_state = weights * 2;
    # activations = weights * 5 -> "a representative 9× memory footprint increase"
    _arithmetic("v2edge-training-memory-amplifier", "training",
                "Weights, gradients, two optimizer moments and 5× activations over weights",
                edge("quantifying-training-overhead-edge-devices-3e4c"), "9×", 9.0,
                "([40 MB] + [40 MB] + 2 * [40 MB] + 5 * [40 MB]) / [40 MB]",
                note="The figure's cell: (1 + 1 + 2 + 5) × weights, shown for a 10M model's "
                     "40 MB; the ratio is the same at every scale."),
    # "For a 10M parameter model on a smartphone ..., the 40 MB of FP32 weights"
    Example(
        "v2edge-10m-model-fp32-weights", "training", "A 10M-parameter model's FP32 weights",
        edge("peak-memory-usage-a2ae"), "40 MB", 40 * MB, law="model-states",
        inputs=_weights("10e6", "4"), result="total", note="10 × 10⁶ × 4 B."),
    # fn-depthwise-separable-savings: "For a 3×3 convolution with 512 input/output channels, this
    # reduces parameters from 2.4 M to about 267 K, an 8.8× reduction."
    _arithmetic("v2edge-conv3x3-512-params", "roofline", "A standard 3×3 conv, 512 → 512 channels",
                edge("model-constraints-9232"), "2.4 M", 2359296.0, "[3] * [3] * [512] * [512]",
                tolerance=50000.0, note="3·3·512·512 = 2,359,296, printed to two digits."),
    _arithmetic("v2edge-depthwise-separable-512-params", "roofline",
                "Its depthwise (3×3×512) plus pointwise (512×512) replacement",
                edge("model-constraints-9232"), "about 267 K", 266752.0,
                "[3] * [3] * [512] + [512] * [512]", tolerance=500.0,
                note="4,608 + 262,144 = 266,752."),
    _arithmetic("v2edge-depthwise-separable-reduction", "roofline",
                "Standard over depthwise-separable parameters", edge("model-constraints-9232"),
                "8.8×", 8.8, "([3] * [3] * [512] * [512]) / ([3] * [3] * [512] + [512] * [512])",
                note="2,359,296 / 266,752 = 8.84."),
    # fn-arduino-memory-wall: "a single 224×224×3 RGB image occupies ~151 KB and consumes roughly
    # 60% of available memory" (cell: 224·224·3·BYTES_INT8; share of the Nano 33 BLE's SRAM,
    # 256 KiB on its datasheet, rounded to one decimal before printing: 0.574 -> 0.6)
    _arithmetic("v2edge-imagenet-rgb-image-bytes", "data movement",
                "One 224×224×3 INT8 image", edge("model-constraints-9232"), "~151 KB",
                150528.0, "[224] * [224] * [3] * [1 B]", tolerance=500.0,
                note="150,528 B, printed as whole KB."),
    _ratio("v2edge-imagenet-rgb-vs-nano33-sram", "data movement",
           "That image against the Arduino Nano 33 BLE's 256 KiB of SRAM",
           edge("model-constraints-9232"), "roughly 60%", 0.6, "150528 B", "262144 B",
           tolerance=0.03, note="150,528 / 262,144 = 0.574; the cell rounds it to 0.6 first, "
                                "hence 'roughly'."),
    # fn-stm32-compute-limits: "A dense layer with 1000 input features and 10 hidden units
    # requires approximately 40.04 KB for weights and biases in FP32, consuming about 20.85% of
    # total SRAM" (cell: (1000·10 + 10) · 4 B; / 192 KB)
    Example(
        "v2edge-stm32-dense-layer-fp32", "training", "A 1000 → 10 dense layer in FP32",
        edge("compute-constraints-4d6d"), "approximately 40.04 KB", 40040.0,
        law="model-states", inputs=_weights("10010", "4"), result="total",
        note="(1000 × 10 + 10) × 4 B = 40,040 B."),
    _ratio("v2edge-stm32-dense-layer-sram-share", "training",
           "That layer against the STM32F4's 192 KB of SRAM", edge("compute-constraints-4d6d"),
           "about 20.85%", 0.2085, "40040 B", "192 KB",
           note="40,040 / 192,000 = 0.2085."),
    # fn-neural-engine-evolution: "fine-tuning a MobileNet classifier takes approximately 2
    # seconds on the neural accelerator vs. 45 seconds on CPU ... This roughly 23× speedup"
    _ratio("v2edge-npu-finetune-speedup", "roofline", "45 s on CPU against 2 s on the NPU",
           edge("compute-constraints-4d6d"), "roughly 23×", 23.0, "45 s", "2 s",
           tolerance=0.5, note="45/2 = 22.5, rounded up to 23."),
    # margin (bandwidth ladder): "data-center HBM3 at 3,350 GB/s ... mobile LPDDR5X at
    # 100 GB/s, about 34× shorter"
    _ratio("v2edge-hbm3-vs-lpddr5x", "data movement", "H100 HBM3 against mobile LPDDR5X",
           edge("mobile-memory-wall-5ffe"), "about 34 times", 34.0, "3350 GB/s", "100 GB/s",
           tolerance=0.5, note="3,350/100 = 33.5."),
    # notebook "Battery drain": "The training job consumes 4.5 W and takes thirty minutes ...
    # Total energy: 4.5 W × 0.5 h = 2.25 Wh"
    _arithmetic("v2edge-battery-finetune-energy", "energy", "A 4.5 W fine-tuning job for 30 min",
                edge("energy-thermal-constraint-analysis-3133"), "2.25 Wh", 2.25 * 3600,
                "[4.5 W] * [30 min]", note="4.5 W × 0.5 h = 2.25 Wh = 8,100 J."),
    # margin (memory ladder): "smartphone 8 GB ... microcontroller SRAM 520 KB" -> "Device
    # memory spans about 15,000 times, phone to microcontroller."
    _ratio("v2edge-phone-vs-mcu-memory", "data movement", "8 GB of phone RAM against 520 KB",
           edge("energy-thermal-constraint-analysis-3133"), "about 15,000 times", 15000.0,
           "8 GB", "520 KB", tolerance=500.0, note="8 × 10⁹ / 520 × 10³ = 15,385."),
    # notebook "The hidden cost of personalization" (StorageWall: 10M params, FP32, 10
    # contexts, a 50,000-parameter adapter)
    Example(
        "v2edge-storage-wall-full-model", "serving", "A fine-tuned 10M-parameter FP32 model",
        edge("model-adaptation-6a82"), "40 MB", 40 * MB, law="model-states",
        inputs=_weights("10e6", "4"), result="total", note="10 × 10⁶ × 4 B."),
    Example(
        "v2edge-storage-wall-adapter", "serving", "A 50,000-parameter FP32 adapter",
        edge("model-adaptation-6a82"), "200 KB", 200 * KB, law="model-states",
        inputs=_weights("50000", "4"), result="total", note="50,000 × 4 B."),
    _arithmetic("v2edge-storage-wall-ten-full-copies", "serving", "Ten full copies of 40 MB",
                edge("model-adaptation-6a82"), "400 MB", 400 * MB, "10 * [40 MB]"),
    _arithmetic("v2edge-storage-wall-backbone-plus-adapters", "serving",
                "One 40 MB backbone and ten 200 KB adapters", edge("model-adaptation-6a82"),
                "≈ 42 MB", 42 * MB, "[40 MB] + 10 * [200 KB]"),
    _arithmetic("v2edge-storage-wall-total-savings", "serving",
                "Ten full copies against backbone plus adapters", edge("model-adaptation-6a82"),
                "≈ 9.5×", 9.5, "(10 * [40 MB]) / ([40 MB] + 10 * [200 KB])",
                tolerance=0.05, note="400/42 = 9.52, printed to one decimal."),
    _ratio("v2edge-storage-wall-per-context", "serving", "A full copy against one adapter",
           edge("model-adaptation-6a82"), "200×", 200.0, "40 MB", "0.2 MB"),
    # "adapting a MobileNetV2 model using TinyTL can reduce the number of updated parameters
    # from over 3 million to fewer than 50,000" (fn-tinytl-memory-savings, cell:
    # 3_400_000 / 50_000 -> "approximately 68×")
    _ratio("v2edge-tinytl-trainable-reduction", "training",
           "3.4 M trainable parameters against 50 K",
           edge("weight-freezing-3407"), "approximately 68×", 68.0, "3.4e6", "5e4"),
    # "For a typical transformer layer with dimensions 768×768, full fine-tuning requires
    # updating 589,824 parameters. With rank-4 decomposition, we update only 768×4×2 = 6,144
    # parameters, a 99 percent reduction"
    _arithmetic("v2edge-768-layer-full-params", "training", "A 768×768 layer's weights",
                edge("lowrank-techniques-4570"), "589,824 parameters", 589824.0, "[768] * [768]"),
    _arithmetic("v2edge-768-layer-rank4-params", "training", "Its rank-4 update, r(m + n)",
                edge("lowrank-techniques-4570"), "6,144 parameters", 6144.0, "[768] * [4] * [2]"),
    _arithmetic("v2edge-768-layer-rank4-reduction", "training", "Share of parameters not updated",
                edge("lowrank-techniques-4570"), "a 99 percent reduction", 0.99,
                "[1] - ([768] * [4] * [2]) / ([768] * [768])", tolerance=0.005,
                note="1 − 6,144/589,824 = 0.9896, printed as a whole percent."),
)


# ── from the Data Compression footnote to the end of the chapter ────────────────────────────
DATACOMP = edge("data-compression-8b40")
FEDERATED = edge("federated-learning-6e7e")
CONVERGENCE = edge("convergence-rate-fundamentals-bfef")
HETEROGENEITY = edge("quantifying-heterogeneity-practice-eece")
UPDATE_COMPRESSION = edge("bandwidthaware-update-compression-7730")
NETWORK = edge("network-bandwidth-optimization-53da")
MILLION_DEVICES = edge("managing-milliondevice-heterogeneity-86c1")
BIO = edge("bioinspired-learning-efficiency-55ad")
UNLABELED = edge("unlabeled-data-exploitation-strategies-cded")
EVALUATION = edge("performance-evaluation-dynamic-environments-82a9")
RESOURCES = edge("resource-management-691a")
PITFALLS = edge("fallacies-pitfalls-6c6d")

# The convergence worked example (cell federated-convergence-worked-example): C = 10 clients
# a round, E = 5 local epochs (then 2), ε = 0.01, σ = 1, β_het = 0 (IID) or 1.5 (non-IID);
# R_IID = σ²/(C·E·ε²); R_non-IID = max((1 + β)²/(C·E·ε²), β²·E²/ε); client-epochs = R·C·E.
_VARIANCE_E5 = "(1 + [1.5])^2 / ([10] * [5] * [0.01]^2)"
_VARIANCE_E2 = "(1 + [1.5])^2 / ([10] * [2] * [0.01]^2)"
_DRIFT_E5 = "[1.5]^2 * [5]^2 / [0.01]"
_DRIFT_E2 = "[1.5]^2 * [2]^2 / [0.01]"

FEDERATED_EXAMPLES: tuple[Example, ...] = (
    # fn-mfcc-audio-compression: "reducing a 320-sample audio window (20 ms at 16 kHz) from 640
    # bytes to approximately 50 bytes in 12--13 coefficients. This 13× compression" (the 320
    # samples are book.py's ondevice-mfcc-window-samples)
    _arithmetic("v2edge-mfcc-window-bytes", "data movement",
                "A 320-sample audio window at 16 bits a sample", DATACOMP, "640 bytes", 640.0,
                "[320] * [2 B]",
                note="320 × 2 B: the 640 bytes imply 16-bit samples, which the book leaves "
                     "unstated."),
    _ratio("v2edge-mfcc-compression", "data movement",
           "That window against its ~50-byte MFCC vector", DATACOMP, "This 13× compression",
           13.0, "640 B", "50 B", note="640/50 = 12.8, printed whole."),
    # notebook "Model updates vs. raw data" (cell FederatedSavings: 1,000 images a week of
    # 200 KB; a 5M-parameter update at 4 bits): "200 MB ... 2.5 MB ... 80× savings"
    _arithmetic("v2edge-federated-raw-upload", "data movement",
                "A week of camera images: 1,000 JPEGs of 200 KB", FEDERATED, "200 MB",
                200 * MB, "[1000] * [200 KB]"),
    Example(
        "v2edge-federated-update-4bit", "data movement",
        "A 5M-parameter model update quantized to 4 bits", FEDERATED, "only 2.5 MB",
        2.5 * MB, law="model-states", inputs=_weights("5e6", "0.5"), result="total",
        note="5 × 10⁶ × 4 bit / 8 = 2.5 × 10⁶ B."),
    _ratio("v2edge-federated-bandwidth-reduction", "data movement",
           "Raw images against the federated update", FEDERATED, "80× savings", 80.0,
           "200 MB", "2.5 MB"),
    # "A system with 10 clients performing 5 local epochs over 100 rounds (CER = 5000) achieves
    # similar convergence to one with 50 clients performing 2 epochs over 50 rounds (CER = 5000)"
    _arithmetic("v2edge-fedavg-cer-10-clients", "training",
                "Client-epochs: 10 clients × 5 local epochs × 100 rounds", CONVERGENCE,
                "(CER = 5000)", 5000.0, "[10] * [5] * [100]"),
    _arithmetic("v2edge-fedavg-cer-50-clients", "training",
                "Client-epochs: 50 clients × 2 local epochs × 50 rounds", CONVERGENCE,
                "(CER = 5000)", 5000.0, "[50] * [2] * [50]"),
    # "R_IID ≥ σ²/(C·E·ε²) = 1/(10 · 5 · 0.0001) = 200 rounds"; "this represents 200 × 10 × 5
    # = 10,000 total client-epochs"
    _arithmetic("v2edge-fedavg-iid-rounds", "training",
                "Rounds to ε = 0.01 with IID data, 10 clients, 5 local epochs", HETEROGENEITY,
                "200 rounds", 200.0, "[1] / ([10] * [5] * [0.01]^2)"),
    _arithmetic("v2edge-fedavg-iid-client-epochs", "training",
                "Their client-epochs: 200 rounds × 10 clients × 5 epochs", HETEROGENEITY,
                "10,000", 10000.0, "[200] * [10] * [5]"),
    # "With E=5, the variance term requires 1,250 rounds, while the heterogeneity term
    # dominates: R ≥ β²E²/ε = 2.25 × 25/0.01 = 5,625 rounds"
    _arithmetic("v2edge-fedavg-noniid-variance-rounds", "training",
                "Non-IID (β = 1.5), E = 5: the variance term (1 + β)²/(C·E·ε²)", HETEROGENEITY,
                "1,250 rounds", 1250.0, _VARIANCE_E5),
    _arithmetic("v2edge-fedavg-noniid-drift-rounds", "training",
                "Non-IID (β = 1.5), E = 5: the heterogeneity term β²E²/ε", HETEROGENEITY,
                "5,625 rounds", 5625.0, _DRIFT_E5),
    # "This represents a roughly 28.1× increase in communication rounds compared to the IID
    # case. The non-IID scenario requires 5,625 × 10 × 5 = 281,250 client-epochs"
    _ratio("v2edge-fedavg-noniid-round-increase", "training",
           "Non-IID rounds against IID rounds", HETEROGENEITY, "roughly 28.1×", 28.1,
           "5625", "200", note="5,625/200 = 28.125."),
    _arithmetic("v2edge-fedavg-noniid-client-epochs", "training",
                "Non-IID client-epochs: 5,625 rounds × 10 clients × 5 epochs", HETEROGENEITY,
                "281,250", 281250.0, "[5625] * [10] * [5]"),
    # "With E = 2 instead of E = 5, the heterogeneity term shrinks to 900 rounds while the
    # variance term grows to 3,125 ... = max(3,125, 900) = 3,125 rounds"
    _arithmetic("v2edge-fedavg-e2-drift-rounds", "training",
                "Non-IID, E = 2: the heterogeneity term β²E²/ε", HETEROGENEITY, "900 rounds",
                900.0, _DRIFT_E2),
    _arithmetic("v2edge-fedavg-e2-variance-rounds", "training",
                "Non-IID, E = 2: the variance term, now the larger", HETEROGENEITY,
                "3,125 rounds", 3125.0, _VARIANCE_E2),
    # "This reduces total rounds by 1.80× at the cost of 2.5× more communication per unit of
    # local computation. The total client-epochs become 3,125 × 10 × 2 = 62,500, a 4.5×
    # reduction from the E = 5 non-IID case."
    _ratio("v2edge-fedavg-e2-round-reduction", "training",
           "Non-IID rounds at E = 5 against E = 2", HETEROGENEITY, "1.80×", 1.8,
           "5625", "3125"),
    _ratio("v2edge-fedavg-e2-communication-per-epoch", "training",
           "Communication per local epoch: E = 5 against E = 2", HETEROGENEITY, "2.5×", 2.5,
           "5", "2", note="One upload a round, amortized over 5 local epochs instead of 2."),
    _arithmetic("v2edge-fedavg-e2-client-epochs", "training",
                "Client-epochs at E = 2: 3,125 rounds × 10 clients × 2 epochs", HETEROGENEITY,
                "62,500", 62500.0, "[3125] * [10] * [2]"),
    _ratio("v2edge-fedavg-e2-client-epoch-reduction", "training",
           "Client-epochs at E = 5 against E = 2 (non-IID)", HETEROGENEITY, "a 4.5× reduction",
           4.5, "281250", "62500"),
    # fn-wireless-bandwidth-edge: "LTE uploads average 5--10 Mbps ... Transmitting a 50 MB model
    # update ... takes 40--80 seconds over LTE."
    *(Example(
        f"v2edge-lte-50mb-update-{rate}mbps", "data movement",
        f"A 50 MB model update over a {rate} Mbps LTE uplink", UPDATE_COMPRESSION, printed,
        value, law="transfer-time", inputs=(("data", "50 MB"), ("bandwidth", f"{rate} Mbps")),
        result="time", note=f"50 × 8 Mbit / {rate} Mbps = {value:g} s.")
      for rate, printed, value in (("10", "40--80 seconds", 40.0), ("5", "80 seconds", 80.0))),
    # fn-gradient-quantization-compression: "signSGD transmit only gradient signs, achieving
    # 32× compression"
    _ratio("v2edge-signsgd-compression", "data movement",
           "An FP32 gradient against its sign bit", UPDATE_COMPRESSION, "32× compression",
           32.0, "32 bit", "1 bit"),
    # "4G networks can provide upload speeds ranging from 5-50 Mbps ..., meaning an 8 MB model
    # update requires 1.3-13 seconds of sustained transmission."
    *(Example(
        f"v2edge-4g-8mb-update-{rate}mbps", "data movement",
        f"An 8 MB model update over a {rate} Mbps 4G uplink", NETWORK, printed, value,
        law="transfer-time", inputs=(("data", "8 MB"), ("bandwidth", f"{rate} Mbps")),
        result="time", note=f"64 Mbit / {rate} Mbps = {64 / int(rate):g} s.")
      for rate, printed, value in (("50", "1.3-13 seconds", 1.3), ("5", "13 seconds", 13.0))),
    # "rural areas may experience 1 Mbps upload speeds while urban 5G deployments enable 100+
    # Mbps. This 100× variance in network capability"
    _ratio("v2edge-rural-vs-5g-uplink", "data movement", "A 100 Mbps 5G uplink against 1 Mbps",
           NETWORK, "This 100× variance", 100.0, "100 Mbps", "1 Mbps"),
    # "Practical deployments demand even more aggressive 100--1000× compression ratios,
    # reducing 100 MB models to manageable 100 KB-1 MB updates"
    _arithmetic("v2edge-100mb-model-1000x", "data movement",
                "A 100 MB model compressed 1000×", NETWORK, "100 KB", 100 * KB,
                "[100 MB] / [1000]"),
    _arithmetic("v2edge-100mb-model-100x", "data movement", "A 100 MB model compressed 100×",
                NETWORK, "1 MB", 1 * MB, "[100 MB] / [100]"),
    # "Gradient quantization reduces precision from FP32 to INT8 or even binary
    # representations, achieving 4--32× compression"
    _ratio("v2edge-fp32-to-int8-update", "data movement", "FP32 gradients sent as INT8",
           NETWORK, "4--32× compression", 4.0, "32 bit", "8 bit",
           note="32/8 = 4 at the low end; the binary end, 32/1, is v2edge-signsgd-compression."),
    # cell EdgeFedNpuRecap: iPhone 15 Pro peak 35 TOPS (mlsysim iPhone15Pro.yaml) over the
    # IoT endpoint's 0.03 TOPS, fmt_multiple(precision=1): "about 1,166.7× differences in
    # processing power between flagship smartphones running at 35 TOPS and IoT
    # microcontrollers operating at just 0.03 TOPS" (book.py's ondevice-tops-spread is the
    # earlier edition's "1000×")
    _ratio("v2edge-flagship-vs-iot-tops", "speedup",
           "A flagship phone's 35 TOPS against an IoT microcontroller's 0.03 TOPS",
           MILLION_DEVICES, "about 1,166.7×", 1166.7, "35 TOPS", "0.03 TOPS",
           note="35/0.03 = 1,166.67."),
    # cell EdgeDeviceSpectrum: memory_ratio = FlagshipSmartphoneRamHigh (16 GiB) /
    # MicrocontrollerSram (256 KiB): "up to roughly 65,536× between 256 KiB microcontrollers
    # and 16 GiB premium smartphones"
    _ratio("v2edge-phone-vs-mcu-ram-spread", "data movement",
           "16 GiB of flagship-phone RAM against 256 KiB of microcontroller SRAM",
           MILLION_DEVICES, "up to roughly 65,536×", 65536.0, "16 GiB", "256 KiB",
           note="2³⁴/2¹⁸ = 2¹⁶."),
    # Fallacies: "48 MHz Cortex-M-class processors (~10 MIPS) to 3 GHz mobile-class processors
    # (~100,000 MIPS) ... tiered aggregation strategies that account for 10,000× performance
    # differences" (cell EdgeDeviceSpectrum: MobileCpuThroughputMips / TinyCpuThroughputMips)
    _ratio("v2edge-mobile-vs-cortex-m-mips", "speedup",
           "A mobile-class CPU's ~100,000 MIPS against a Cortex-M's ~10 MIPS", PITFALLS,
           "10,000× performance differences", 10000.0, "100000", "10"),
    # fn-brain-power-efficiency (cell EdgeBrainEfficiencyRecap: 10¹⁵ ops/s over 20 W, against
    # a 1--5 TOPS/W mobile NPU): "At 20 W, the brain processes approximately 10¹⁵ operations
    # per second, equivalent to about 50 TOPS/W ... that is roughly 10--50× higher energy
    # efficiency"
    Example(
        "v2edge-brain-tops-per-watt", "energy", "The brain: 10¹⁵ operations a second at 20 W",
        BIO, "about 50 TOPS/W", 50 * TOPS, law="compute-per-watt",
        inputs=(("rate", "1e15 op/s"), ("power", "20 W")), result="efficiency",
        note="10¹⁵ / 20 = 5 × 10¹³ operations per joule."),
    _ratio("v2edge-brain-vs-npu-5-tops-per-watt", "energy",
           "The brain's 50 TOPS/W against a 5 TOPS/W mobile NPU", BIO, "roughly 10--50×", 10.0,
           "50 TOPS/W", "5 TOPS/W"),
    _ratio("v2edge-brain-vs-npu-1-tops-per-watt", "energy",
           "The brain's 50 TOPS/W against a 1 TOPS/W mobile NPU", BIO, "50× higher", 50.0,
           "50 TOPS/W", "1 TOPS/W"),
    # "cameras operating at 30 frames per second provide approximately 2.6 million frames
    # daily ... accelerometers sampling at 100 Hz generates 8.6 million data points daily"
    _arithmetic("v2edge-camera-frames-per-day", "data movement", "A 30 FPS camera for a day",
                UNLABELED, "approximately 2.6 million frames", 2.6e6, "[30 Hz] * [1 day]",
                note="30 × 86,400 = 2,592,000."),
    _arithmetic("v2edge-accelerometer-samples-per-day", "data movement",
                "A 100 Hz accelerometer for a day", UNLABELED, "8.6 million data points",
                8.6e6, "[100 Hz] * [1 day]", note="100 × 86,400 = 8,640,000."),
    # cell EdgeAdaptationPowerMetrics (MobilePower.BackgroundAdaptationLow/High = 500/1000 mW,
    # × 1 hour, in kJ to one decimal): "background adaptation commonly budgets 500--1000 mW,
    # translating to roughly 1.8--3.6 kJ per hour"
    *(Example(
        f"v2edge-background-adaptation-{mw}mw-hour", "energy",
        f"An hour of background adaptation at {mw} mW", EVALUATION, printed, value,
        law="power-energy", inputs=(("power", f"{mw} mW"), ("time", "1 h")), result="energy",
        note=f"{int(mw) / 1000:g} W × 3,600 s.")
      for mw, printed, value in (("500", "roughly 1.8--3.6 kJ per hour", 1800.0),
                                 ("1000", "3.6 kJ per hour", 3600.0))),
    # fn-mcu-power-budget: "A microcontroller drawing 10 mW during training consumes 36 J per
    # hour, so a small 200 mAh coin-cell battery (about 2,200 J of usable energy at 3 V)
    # sustains roughly 60 hours of continuous compute. Indoor energy harvesting provides only
    # 10--100 µW continuously, two to three orders of magnitude below the training draw, so
    # ... training 10 seconds per hour consumes only about 0.1 J per session" (this edition
    # corrects the 3.6 J and ~1 J that book.py's ondevice-microcontroller-* dispute)
    Example(
        "v2edge-mcu-training-energy-per-hour", "energy", "A 10 mW microcontroller for an hour",
        RESOURCES, "36 J per hour", 36.0, law="power-energy",
        inputs=(("power", "10 mW"), ("time", "1 h")), result="energy",
        note="0.01 W × 3,600 s."),
    _arithmetic("v2edge-coin-cell-energy", "energy", "A 200 mAh coin cell at 3 V", RESOURCES,
                "about 2,200 J", 2200.0, "[200 mAh] × [3 V]", tolerance=50.0,
                note="0.2 A × 3,600 s × 3 V = 2,160 J; \"about 2,200\" rounds it (±50 J)."),
    Example(
        "v2edge-mcu-coin-cell-hours", "energy", "A coin cell's ~2,200 J at 10 mW",
        RESOURCES, "roughly 60 hours", 60 * HOUR, law="battery-life",
        inputs=(("capacity", "2200 J"), ("power", "10 mW")), result="runtime",
        note="2,200 J / 0.01 W = 220,000 s = 61 h; the cell's exact 200 mAh × 3 V = 2,160 J "
             "gives 60.0 h."),
    _ratio("v2edge-mcu-vs-harvest-100uw", "energy",
           "A 10 mW training draw against 100 µW of harvested power", RESOURCES,
           "two to three orders of magnitude below", 100.0, "10 mW", "100 µW", tolerance=0.5,
           note="10 mW/100 µW = 10²: the words name the power of ten, not a rounded figure."),
    _ratio("v2edge-mcu-vs-harvest-10uw", "energy",
           "A 10 mW training draw against 10 µW of harvested power", RESOURCES,
           "three orders of magnitude below", 1000.0, "10 mW", "10 µW", tolerance=0.5,
           note="10 mW/10 µW = 10³: the words name the power of ten, not a rounded figure."),
    Example(
        "v2edge-mcu-duty-cycle-session", "energy",
        "Training 10 seconds an hour at 10 mW: one session", RESOURCES, "about 0.1 J", 0.1,
        law="power-energy", inputs=(("power", "10 mW"), ("time", "10 s")), result="energy",
        note="0.01 W × 10 s."),
)

EXAMPLES: tuple[Example, ...] = EDGE + FEDERATED_EXAMPLES
