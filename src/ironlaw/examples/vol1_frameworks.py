"""The book's worked examples from more of the 2026 edition's chapters (vol1), as data.

The rest of the Frameworks chapter (from its Data Structures section on) and of Network
Architectures (from Core Computational Primitives on). See :mod:`ironlaw.examples.book` for the
conventions: inputs as the book writes them, the law, the value the book prints, typed from the
book by hand. Each chapter file was read at the commit ``vol1_training.COMMITS`` names; the
quoted sentence sits beside each example. Where the book prints a value from an inline
``{python}`` cell, the value was worked out by hand from the cell's code and the book's
constants (``book/quarto/mlsys/constants.py``: RESNET50_FLOPs = 4.1 GFLOP, ENERGY_DRAM_ACCESS_PJ
= 640 pJ, A100_MEM_CAPACITY = 80 GiB), with the arithmetic beside it; ``fmt(x, precision=0)``
prints a whole number. Earlier parts of these chapters are in
:mod:`ironlaw.examples.vol1_training` (``fw-*``, ``nnarch-*``) and
:mod:`ironlaw.examples.vol1_compute`.
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio
from ironlaw.examples.gallery import weights_only as _weights
from ironlaw.examples.vol1_training import fw, nnarch

MIB, GIB = 2.0**20, 2.0**30
MB, GB, MS, US, MJ = 1e6, 1e9, 1e-3, 1e-6, 1e-3


TRANSFER = fw("device-management-mechanics")
PINNED = fw("dataloader-internals")

FRAMEWORKS: tuple[Example, ...] = (
    # Memory Transfer Overhead Quantification: "For a 1000x1000 float32 tensor (4 MB)"
    Example(
        "fw-tensor-1000x1000-fp32", "data movement", "A 1000×1000 float32 tensor",
        TRANSFER, "4 MB", 4 * MB, law="model-states", inputs=_weights("1e6", "4"),
        result="total", note="10⁶ values × 4 B = 4,000,000 B."),
    # tbl-device-transfer-overhead: "PCIe 3.0 x16 | 16 GB/s | 0.25 ms", "PCIe 4.0 x16 | 32 GB/s |
    # 0.125 ms", "GPU Memory | 2000 GB/s | 0.002 ms"
    *(Example(
        f"fw-transfer-4mb-{name}", "data movement", f"The 4 MB tensor over {label}",
        TRANSFER, printed, value, law="transfer-time",
        inputs=(("data", "4 MB"), ("bandwidth", bandwidth)), result="time",
        note=f"4 MB / {bandwidth}.")
      for name, label, bandwidth, printed, value in (
          ("pcie3", "PCIe 3.0 x16", "16 GB/s", "0.25 ms", 0.25 * MS),
          ("pcie4", "PCIe 4.0 x16", "32 GB/s", "0.125 ms", 0.125 * MS),
          ("hbm", "GPU memory", "2000 GB/s", "0.002 ms", 0.002 * MS))),
    # "NVLink 3.0 | 600 GB/s bidirectional | 0.007 ms"; caption: "NVLink bandwidth is
    # bidirectional (300 GB/s per direction)"
    Example(
        "fw-transfer-4mb-nvlink3", "data movement", "The 4 MB tensor over NVLink 3.0",
        TRANSFER, "0.007 ms", 0.007 * MS, law="transfer-time",
        inputs=(("data", "4 MB"), ("bandwidth", "300 GB/s")), result="time",
        disputed="The table divides by the 600 GB/s of both directions together (4 MB / 600 "
                 "GB/s = 6.7 µs); a copy moves one way, at the 300 GB/s per direction the "
                 "caption states: 4 MB / 300 GB/s = 13.3 µs = 0.013 ms.",
        hand_value=4e6 / 300e9),
    # "A simple model forward pass might take 0.5 ms on GPU, but transferring inputs and outputs
    # over PCIe 3.0 adds 0.5 ms overhead, doubling total latency."
    Example(
        "fw-pcie3-input-output-overhead", "data movement",
        "The table's 4 MB input and 4 MB output over PCIe 3.0", TRANSFER, "adds 0.5 ms overhead",
        0.5 * MS, law="transfer-time", inputs=(("data", "8 MB"), ("bandwidth", "16 GB/s")),
        result="time",
        note="Read with the table's 4 MB tensor each way: 2 × 0.25 ms = (4 + 4) MB / 16 GB/s."),
    _ratio("fw-pcie3-doubles-latency", "data movement",
           "A 0.5 ms forward pass plus 0.5 ms of PCIe transfers", TRANSFER,
           "doubling total latency", 2.0, "1 ms", "0.5 ms", tolerance=0.05,
           note="(0.5 + 0.5) ms against the 0.5 ms forward pass alone."),
    # pin_memory: "For a batch of 64 images at 224×224×3 resolution (37 MB), pinned memory
    # transfer takes approximately 0.5 ms over PCIe 4.0 ×16 (31.5 GB/s) compared to 1.5 ms with
    # pageable memory, a 2-3× speedup."
    Example(
        "fw-batch-64-images-fp32", "data movement", "A batch of 64 RGB 224×224 images in FP32",
        PINNED, "37 MB", 37 * MIB, law="conv",
        inputs=(("batch", "64"), ("c_in", "3"), ("size", "224"), ("c_out", "64"),
                ("kernel", "7"), ("padding", "3"), ("precision", "fp32")), result="inputs",
        note="64 × 224 × 224 × 3 × 4 B = 38,535,168 B = 36.75 MiB: the book's MB is binary "
             "here (decimal it would be 38.5 MB). The convolution (any) only carries the "
             "input tensor."),
    Example(
        "fw-pinned-batch-over-pcie4", "data movement",
        "The 37 MB batch over PCIe 4.0 ×16 at 31.5 GB/s", PINNED, "approximately 0.5 ms",
        0.5 * MS, law="transfer-time", inputs=(("data", "37 MiB"), ("bandwidth", "31.5 GB/s")),
        result="time",
        disputed="37 MiB = 38,797,312 B / 31.5 GB/s = 1.23 ms (38.5 MB exactly: 1.22 ms), so "
                 "no pinned copy at the link's rate takes 0.5 ms; that needs 77 GB/s. The 1.5 ms "
                 "printed for pageable memory is near the link's own time.",
        hand_value=37 * MIB / 31.5e9),
    _ratio("fw-pinned-vs-pageable", "speedup", "Pinned against pageable host memory: 37 MB batch",
           PINNED, "a 2-3× speedup", 2.5, "1.5 ms", "0.5 ms", tolerance=0.5,
           note="1.5 ms / 0.5 ms = 3, the top of the printed range (this example allows 2–3)."),
    # num_workers tuning: "The `prefetch_factor` parameter (default 2) controls how many
    # batches each worker prepares in advance. With 4 workers and `prefetch_factor=2`, the
    # pipeline maintains 8 batches in flight"
    _arithmetic("fw-dataloader-batches-in-flight", "data movement",
                "DataLoader: 4 workers at prefetch_factor 2", PINNED, "maintains 8 batches",
                8.0, "4 × 2", note="Workers × batches each prepares ahead."),
    # Data Parallelism: "synchronizing gradients for a 175B parameter model across 1024 GPUs
    # requires communicating approximately 700GB of data per training step (FP32 precision)"
    Example(
        "fw-175b-gradients-fp32", "training", "A 175 B-parameter model's FP32 gradients",
        fw("data-parallelism-faeb"), "approximately 700GB", 700 * GB, law="train-memory",
        inputs=(("params", "175e9"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only",
        note="175 × 10⁹ × 4 B: the FP32 gradients are one copy of the FP32 weights' size (as "
             "in frameworks-7b-gradients-fp32). A ring all-reduce over 1024 GPUs sends "
             "2·1023/1024 of it per GPU (`calc collective`)."),
    # footnote fn-tensorrt: "INT8 calibration (4× memory reduction)"
    _ratio("fw-tensorrt-int8-memory", "data movement", "TensorRT INT8 against FP32 weights",
           fw("distributed-computing-platform-optimization-5423"), "4× memory reduction", 4.0,
           "32", "8", note="32-bit floats over 8-bit integers: bytes per weight 4/1."),
)

PRIMITIVES = nnarch("core-computational-primitives-b853")
MEMORY_ACCESS = nnarch("memory-access-primitives-5e8b")
PRACTICE = nnarch("putting-together-architecture-selection-practice-052f")
PITFALLS = nnarch("fallacies-pitfalls-96b4")

NN_ARCHITECTURES: tuple[Example, ...] = (
    # "A 3×3 convolution filter slides across the input, generating one output per window
    # position (e.g., 26×26 windows for a 28×28 input with stride 1)"
    Example(
        "nnarch-conv3x3-28-windows", "roofline", "A 3×3 filter over a 28×28 input: windows",
        PRIMITIVES, "26×26 windows", 26.0, law="conv",
        inputs=(("batch", "1"), ("c_in", "1"), ("size", "28"), ("c_out", "1"),
                ("kernel", "3")), result="h_out", note="No padding, stride 1: 28 − 3 + 1."),
    # Strided access: "Each output position requires accessing 9 input values (for a 3×3
    # filter)"
    Example(
        "nnarch-conv3x3-inputs-per-output", "data movement",
        "A 3×3 filter: input values read per output position", MEMORY_ACCESS,
        "9 input values", 9.0, law="conv",
        inputs=(("batch", "1"), ("c_in", "1"), ("size", "3"), ("c_out", "1"),
                ("kernel", "3")), result="macs",
        note="One output of one single-channel filter: one MAC per input value of its 3 × 3 "
             "window. The same 9 is how often an interior pixel is reused (stride 1)."),
    # callout "The Energy Cost of Data Movement": "A floating-point multiply-accumulate operation
    # consumes approximately 1–5 pJ ... (e.g., ~4.6 pJ at 45nm [@horowitz2014computing]), while
    # fetching a 32-bit operand from DRAM costs ~26 pJ per access ... this 5--100× energy ratio"
    Example(
        "nnarch-dram-access-vs-mac-energy", "energy",
        "A 32-bit DRAM read against a 4.6 pJ multiply-accumulate (45 nm)", MEMORY_ACCESS,
        "this 5--100× energy ratio", 5.0, law="energy-ratio",
        inputs=(("a", "dram-32bit"), ("b", "4.6 pJ")), result="ratio",
        disputed="The 5× end rests on '~26 pJ' for a 32-bit DRAM access (26/4.6 = 5.7); the "
                 "source the callout cites (Horowitz, ISSCC 2014) gives 640 pJ, the book's own "
                 "ENERGY_DRAM_ACCESS_PJ, which the next section prints: 640/4.6 = 139, above "
                 "the stated range.",
        hand_value=640 / 4.6),
    # winograd-calc: std_muls_3x3 = 9, winograd_muls = 4, reduction = 9/4 = 2.25 →
    # fmt(precision=2) = "2.25"; "Winograd algorithms reduce arithmetic complexity by 2.25× for
    # 3 × 3 convolutions"
    _ratio("nnarch-winograd-3x3-reduction", "speedup",
           "Winograd F(2×2, 3×3) against direct 3×3 convolution: multiplies per output",
           nnarch("hardware-mapping-optimization-strategies-ec3b"), "2.25×", 2.25, "9", "4",
           note="16 multiplies for a 2 × 2 output tile instead of 4 × 9 = 36: 9 against 4 per "
                "output."),
    # Callout "The Throughput Ceiling": "Sustained Throughput: 30× 4 GFLOPs = 123 GFLOPs/sec";
    # "A mid-range GPU delivering 10 TFLOPS theoretical peak achieves ~50--60% utilization in
    # practice, yielding 5--6 TFLOPS effective"; "switch to an object detection model at 100
    # GFLOPs per frame, and you need 3 TFLOPS sustained". Cell throughput-ceiling-calc:
    # sustained_gflops = fps × RESNET50_FLOPs = 30 × 4.1; effective_tflops_low = 10 × 0.50,
    # _high = 10 × 0.60; objdet_sustained_tflops = 30 × 100 GFLOPs, each fmt(precision=0)
    _arithmetic("nnarch-resnet50-30fps-sustained", "roofline",
                "ResNet-50 at 30 frames a second: sustained compute", PRACTICE,
                "123 GFLOPs/sec", 123e9, "[4.1 GFLOP] × [30 /s]",
                note="30 × 4.1 GFLOP (the book's RESNET50_FLOPs, which the callout prints as "
                     "'4'): 123 GFLOP/s."),
    *(_arithmetic(f"nnarch-midrange-gpu-effective-{end}", "roofline",
                  f"A 10 TFLOPS GPU at {share:.0%} utilization", PRACTICE,
                  "5--6 TFLOPS effective", value, f"[10 TFLOP/s] × {share}",
                  tolerance=0.5e12, note=f"10 × {share} = {value / 1e12:.0f} TFLOP/s, the "
                  f"range's {end} end (±0.5 TFLOP/s, the printed whole number).")
      for end, share, value in (("low", 0.5, 5e12), ("high", 0.6, 6e12))),
    _arithmetic("nnarch-objdet-30fps-sustained", "roofline",
                "A 100 GFLOP detector at 30 frames a second: sustained compute", PRACTICE,
                "3 TFLOPS sustained", 3e12, "[100 GFLOP] × [30 /s]",
                note="30 × 100 GFLOP = 3,000 GFLOP/s."),
    # throughput-ceiling-calc: sustained = 30 × 4.1 GFLOP = 123.0 GFLOP/s; effective_low =
    # 10 TFLOPS × 0.50 = 5; headroom = 5 × 1000 / 123 = 40.65 → fmt(precision=0) = "41"
    _ratio("nnarch-resnet50-30fps-headroom", "roofline",
           "ResNet-50 at 30 FPS on a 10 TFLOPS GPU at 50%: compute headroom", PRACTICE,
           "41× headroom", 41.0, "5 TFLOP/s", "123 GFLOP/s",
           note="The effective 5 TFLOP/s over the 123 GFLOP/s needed (30 × 4.1 GFLOP; the "
                "callout prints the 4.1 as '~4', so its '30 × 4 = 123' shows the unrounded "
                "product): 40.65."),
    # objdet_sustained = 30 × 100 GFLOP = 3 TFLOP/s; objdet_headroom = 5 / 3 = 1.67 →
    # fmt(precision=0) = "2"
    _ratio("nnarch-objdet-30fps-headroom", "roofline",
           "A 100 GFLOP detector at 30 FPS on the same GPU: headroom", PRACTICE,
           "2× headroom", 2.0, "5 TFLOP/s", "3 TFLOP/s", note="5/3 = 1.67, printed as 2."),
    # wildlife-model-sizing: mnv1_fp32 = 4.2 × 4 = 16.8 → "17"; mnv1_int8 = 4.2 × 1 → "4";
    # mnv2_fp32 = 2.2 × 4 = 8.8 → "9"; mnv2_int8 = 2.2 → fmt(precision=1) = "2.2" (MB)
    *(Example(
        f"nnarch-{name}", "serving", title, PRACTICE, printed, value, law="model-states",
        inputs=_weights(params, bytes_each), result="total",
        note=f"{params} parameters × {bytes_each} B.")
      for name, title, printed, value, params, bytes_each in (
          ("mobilenetv1-fp32", "MobileNetV1's 4.2 M parameters in FP32", "~17 MB", 17 * MB,
           "4.2e6", "4"),
          ("mobilenetv1-int8", "MobileNetV1's 4.2 M parameters in INT8", "~4 MB", 4 * MB,
           "4.2e6", "1"),
          ("mobilenetv2-075-fp32", "MobileNetV2 (0.75×): 2.2 M parameters in FP32", "~9 MB",
           9 * MB, "2.2e6", "4"),
          ("mobilenetv2-075-int8", "MobileNetV2 (0.75×): 2.2 M parameters in INT8", "~2.2 MB",
           2.2 * MB, "2.2e6", "1"))),
    # Memory check: "224 × 224 × 64 × 4 ≈ 12 MB" (activations)
    Example(
        "nnarch-wildlife-activations", "serving",
        "Wildlife monitor: a 224×224×64 FP32 feature map", PRACTICE, "≈ 12 MB", 12 * MIB,
        law="conv", inputs=(("batch", "1"), ("c_in", "3"), ("size", "224"), ("c_out", "64"),
                            ("kernel", "3"), ("padding", "1"), ("precision", "fp32")),
        result="outputs",
        note="224 × 224 × 64 × 4 B = 12,845,056 B = 12.25 MiB: binary here; the memory check's "
             "sum, 2.2 + 12 + 50 = '65 MB', adds it as the decimal 12.8 MB."),
    # Memory Check: "2.2 MB (Model) + 224 × 224 × 64 × 4 ≈ 12 MB (Activations) + 50 MB
    # (OS/Buffers) = 65 MB ≪ 512 MB"
    _arithmetic("nnarch-wildlife-memory-check", "serving",
                "Wildlife monitor: model, one feature map and OS buffers", PRACTICE, "65 MB",
                65 * MB, "[2.2 MB] + 224 × 224 × 64 × [4 B] + [50 MB]",
                note="2.2 + 12.85 + 50 = 65.05 MB: the sum takes the activations as the "
                     "decimal 12.85 MB (12.25 MiB, printed '≈ 12 MB'); with the printed 12 it "
                     "would be 64.2 MB."),
    # Compute check: "150 MOPs / 2 GOPS = 75 ms latency"
    Example(
        "nnarch-wildlife-latency", "serving",
        "MobileNetV2 (150 MOPs) on a 2 GOPS Cortex-A53: latency", PRACTICE, "75 ms latency",
        75 * MS, law="iron-law",
        inputs=(("data", "0 B"), ("bandwidth", "1 GB/s"), ("flops", "150e6"),
                ("peak", "2 GOP/s")), result="total",
        note="The compute term alone, O/R = 150 × 10⁶ / 2 × 10⁹ s; the check counts no memory "
             "time."),
    # energy_per_inf = 200 mW × 75 ms / 1000 = 15 mJ → "15"; energy_per_day = 100 × 15 / 1000
    # = 1.5 J → fmt(precision=1) = "1.5"
    Example(
        "nnarch-wildlife-energy-per-inference", "energy",
        "Wildlife monitor: 200 mW for a 75 ms inference", PRACTICE, "15 mJ per inference",
        15 * MJ, law="power-energy", inputs=(("power", "200 mW"), ("time", "75 ms")),
        result="energy"),
    Example(
        "nnarch-wildlife-energy-per-day", "energy",
        "Wildlife monitor: 100 inferences a day at 200 mW, 75 ms each", PRACTICE, "1.5 J/day",
        1.5, law="power-energy", inputs=(("power", "200 mW"), ("time", "7.5 s")),
        result="energy", note="100 × 75 ms = 7.5 s of inference a day."),
    # Pitfall: "sequence length 2048 requires 16× more memory than length 512 (since 2048² /
    # 512² = 16)"
    _ratio("nnarch-attention-2048-vs-512-memory", "training",
           "Attention scores: sequence 2048 against 512", PITFALLS, "16× more memory", 16.0,
           "4194304", "262144", note="2048² = 4,194,304 scores against 512² = 262,144."),
    # "A Transformer running at 50 ms on an A100 may require 2000 ms on a mobile SoC—a 40×
    # slowdown"
    _ratio("nnarch-a100-vs-mobile-slowdown", "serving",
           "A Transformer: 2000 ms on a mobile SoC against 50 ms on an A100", PITFALLS,
           "a 40× slowdown", 40.0, "2000 ms", "50 ms"),
    # "A ResNet achieving 250 images/second can drop to 80 images/second ... a 3× throughput
    # reduction"
    _ratio("nnarch-attention-cache-throughput-drop", "serving",
           "A ResNet with attention layers: 250 against 80 images/s", PITFALLS,
           "a 3× throughput reduction", 3.0, "250", "80", note="250/80 = 3.1."),
    # "An architecture exploiting 8× A100 GPUs (640 GB total memory) cannot deploy to edge
    # devices with 4 GB"; cell a100-cluster-memory: a100_8x_mem = int(A100_MEM_CAPACITY in
    # GiB) × n_gpus = 80 × 8 = 640
    _arithmetic("nnarch-8xa100-memory", "serving", "Eight 80 GiB A100s: memory in all",
                PITFALLS, "640 GB total memory", 640 * GIB, "8 × [80 GiB]",
                note="The cell counts in GiB: the book's GB is binary here (640 GiB = 687 GB "
                     "decimal)."),
    # a100-cluster-memory: a100_8x_mem = int(80 GiB in GiB) × 8 = 640 → "640"; "(640 GB total
    # memory) cannot deploy to edge devices with 4 GB—the 160× reduction"
    _ratio("nnarch-8xa100-vs-edge-memory", "serving",
           "8 A100s' memory against a 4 GB edge device", PITFALLS, "the 160× reduction",
           160.0, "640 GB", "4 GB",
           note="The cell's 640 is 8 × 80 GiB; the text calls it GB and divides by 4: 160. In "
                "bytes, 640 GiB / 4 GB = 172."),
    # KV cache pitfall: "32 layers and 32 attention heads, each with a 128-dimensional head,
    # serving sequences of length 2048 in FP16. Each concurrent request stores 32 × 32 × 2048 ×
    # 128 × 2 bytes ≈ 537 MB of KV cache. At even modest concurrency of 2--4 users, the KV
    # cache alone consumes 1--2 GB"
    Example(
        "nnarch-kv-cache-32-layers-2048", "serving",
        "KV cache of one 2048-token request: 32 layers, 32 heads of 128, FP16", PITFALLS,
        "≈ 537 MB", 537 * MB, law="kv-cache",
        inputs=(("layers", "32"), ("kv_heads", "32"), ("head_dim", "128"),
                ("tokens", "2048"), ("precision", "fp16")), result="total",
        disputed="The product 32 × 32 × 2048 × 128 × 2 B = 536,870,912 B counts the keys or "
                 "the values, not both: the cache holds K and V, 2 × 536,870,912 = "
                 "1,073,741,824 B = 1.07 GB a request.",
        hand_value=2 * 32 * 32 * 2048 * 128 * 2.0),
    Example(
        "nnarch-kv-cache-4-users", "serving",
        "The same KV cache for 4 concurrent requests", PITFALLS, "1--2 GB", 2 * GB,
        law="kv-cache",
        inputs=(("layers", "32"), ("kv_heads", "32"), ("head_dim", "128"),
                ("tokens", "2048"), ("precision", "fp16"), ("batch", "4")), result="total",
        disputed="With keys and values both held, 4 requests × 1.07 GB = 4.29 GB (2 requests: "
                 "2.15 GB), twice the printed 1–2 GB.",
        hand_value=4 * 2 * 32 * 32 * 2048 * 128 * 2.0),
)

EXAMPLES: tuple[Example, ...] = FRAMEWORKS + NN_ARCHITECTURES
