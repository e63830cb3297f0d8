"""The book's worked examples from the 2026 edition's second volume (vol2): its Edge
Intelligence chapter, as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. The chapter file was read at the commit
``COMMITS`` names (the index's newest listed version, 34b8a7ba, is a two-line stub); the quoted
sentence sits beside each example. Where the book prints a value from an inline ``{python}``
cell, the value was worked out by hand from the cell's code, with the arithmetic beside it.
Read so far: Edge Intelligence up to character 208,000 of 405,767 (through the Data Compression
section).
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, Source
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio
from ironlaw.examples.gallery import weights_only as _weights

VOL2 = "book/quarto/contents/vol2"
# the version of each chapter file that was read (harvard-edge/cs249r_book)
COMMITS = {
    "edge_intelligence": "00219d318157abc13f86bdb3b0d8b536c058fe80",
}
KB, MB, GB = 1e3, 1e6, 1e9
MS = 1e-3


def _source(chapter: str, section: str) -> Source:
    return Source(f"{VOL2}/{chapter}/{chapter}.qmd", section, COMMITS[chapter])


def edge(section: str) -> Source:
    return _source("edge_intelligence", f"sec-edge-intelligence-{section}")


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

EXAMPLES: tuple[Example, ...] = EDGE
