"""The book's worked examples from the 2026 edition's vol1 Training and Frameworks chapters and
the second half of Network Architectures, as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. Each chapter file was read at the commit
``COMMITS`` names (the repository's files move at different commits); the quoted sentence sits
beside each example. Examples of these chapters already in :mod:`ironlaw.examples.book`
(``training-*``, ``frameworks-*``) and :mod:`ironlaw.examples.vol1_compute` (``nnarch-*``) are
not repeated here.
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, chapter_file, sections
from ironlaw.examples.gallery import arithmetic_example as _arithmetic
from ironlaw.examples.gallery import ratio_example as _ratio

# the version of each chapter file that was read (harvard-edge/cs249r_book)
COMMITS = {
    "training": "20c85e00ea592a158c5f1cbcc5256a7e2dcf6ef0",
    "frameworks": "1c7dc42eacfca9a519e8cd5cbf3ba69c7300585e",
    "nn_architectures": "2d887c577892b33fee433b15c3fd1dd69dcffdaa",
}
KIB, MIB, GIB = 1024.0, 2.0**20, 2.0**30
MB, GB, MS = 1e6, 1e9, 1e-3


train = sections(chapter_file("vol1", "training"), COMMITS["training"], "sec-ai-training-")
fw = sections(chapter_file("vol1", "frameworks"), COMMITS["frameworks"], "sec-ai-frameworks-")
nnarch = sections(chapter_file("vol1", "nn_architectures"), COMMITS["nn_architectures"],
                  "sec-network-architectures-")


TRAINING: tuple[Example, ...] = (
    # "revealing that Tanh executes in 0.61 seconds compared to Sigmoid's 1.10 seconds, a 1.8x
    # speedup"
    _ratio("train-tanh-vs-sigmoid", "speedup", "Tanh against sigmoid on an Apple M2 CPU",
           train("benchmarking-activation-functions-052e"), "a 1.8x speedup", 1.8,
           "1.10 s", "0.61 s", note="The old time over the new: 1.10/0.61 = 1.80."),
    # Callout "GPT-2 Activation Memory Breakdown" (batch 32, seq 1024, hidden 1280, 48 layers):
    # "Attention activations: batch × seq × hidden × 4 (Q, K, V, output) = 32 × 1024 × 1280 × 4
    # × 2 bytes (FP16) = 335 MB"
    Example(
        "train-gpt2-attention-activations", "training",
        "GPT-2 layer: Q, K, V and attention output activations in FP16",
        train("activation-memory-requirements-bcc8"), "335 MB", 335 * MB, law="model-states",
        inputs=(("params", "167772160"), ("w", "2"), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total", tolerance=1 * MB,
        note="32 × 1024 × 1280 × 4 = 167,772,160 values × 2 B = 335,544,320 B: 335.5 MB, "
             "which the book truncates (this example allows 1 MB)."),
    # "FFN activations: batch × seq × (hidden × 4) (intermediate expansion) = 32 × 1024 × 5120 ×
    # 2 bytes = 335 MB"
    Example(
        "train-gpt2-ffn-activations", "training",
        "GPT-2 layer: the FFN's 4×-wide intermediate activations in FP16",
        train("activation-memory-requirements-bcc8"), "335 MB", 335 * MB, law="dense",
        inputs=(("batch", "32768"), ("in_features", "1280"), ("out_features", "5120"),
                ("precision", "fp16")), result="outputs",
        tolerance=1 * MB,
        note="The up-projection's output: 32 × 1024 tokens × 5120 values × 2 B = 335.5 MB, "
             "truncated in the book (this example allows 1 MB)."),
    # "48 layers × 680 MB = 32.6 GB just for activations"
    Example(
        "train-gpt2-activations-48-layers", "training",
        "GPT-2: activations of 48 layers at 680 MB each",
        train("activation-memory-requirements-bcc8"), "32.6 GB", 32.6 * GB, law="model-states",
        inputs=(("params", "48"), ("w", "680 MB"), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total",
        note="The layers counted as the 'parameters' and 680 MB a layer as the bytes each: "
             "48 × 680 MB = 32,640 MB."),
    # "Parameters (FP16): 3 GB"
    Example(
        "train-gpt2-weights-fp16", "training", "GPT-2's 1.5 B parameters in FP16",
        train("activation-memory-requirements-bcc8"), "3 GB", 3 * GB, law="train-memory",
        inputs=(("params", "1.5e9"), ("precision", "fp16"), ("optimizer", "adam")),
        result="weights_only", note="1.5 × 10⁹ × 2 B."),
    # "Optimizer state (Adam, FP32): 12 GB"
    Example(
        "train-gpt2-adam-state-fp32", "training", "GPT-2: Adam's two FP32 moments",
        train("activation-memory-requirements-bcc8"), "12 GB", 12 * GB, law="train-memory",
        inputs=(("params", "1.5e9"), ("precision", "fp16"), ("optimizer", "adam")),
        result="optimizer_state", note="1.5 × 10⁹ × (4 + 4) B."),
    # "Q, K, V projections ... The arithmetic intensity equals BSH squared divided by (8BSH),
    # which simplifies to H/8. For GPT-2 with H=768, this yields 96 FLOP/byte."
    _ratio("train-qkv-intensity-h-over-8", "roofline",
           "The book's QKV intensity H/8 at H = 768",
           train("arithmetic-intensity-bottlenecks"), "96 FLOP/byte", 96.0, "768", "8",
           note="The book's own count: B·S·H² FLOPs over 8·B·S·H bytes (Q, K, V read and the "
                "output written in FP16). Counting 2 FLOPs per multiply-add and the H² weights "
                "read once, `qkv` gives a different intensity."),
    # Callout "GPT-2 Language Model Data Pipeline": "Pack into tensors: [32, 1024] int64 = 256KB
    # per batch"
    Example(
        "train-gpt2-token-batch-int64", "data movement",
        "A [32, 1024] batch of int64 token IDs", train("preprocessing-ac72"), "256KB",
        256 * KIB, law="model-states",
        inputs=(("params", "32768"), ("w", "8"), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total",
        note="32 × 1024 × 8 B = 262,144 B = 256 KiB: the book's KB is binary here."),
    # "Multi-worker dataloading: 8 CPU workers tokenize in parallel → 64ms ÷ 8 = 8ms"
    Example(
        "train-gpt2-tokenize-8-workers", "speedup",
        "Tokenizing a batch on 8 CPU workers instead of one", train("preprocessing-ac72"),
        "8ms", 8 * MS, law="pipeline",
        inputs=(("stages", "64 ms"), ("stage", "1"), ("s", "8")), result="new",
        note="The one-core time (32K tokens at 500K tokens/s) split over 8 workers."),
    # "A ResNet-50 model ... might achieve a processing rate of 1000 images per second. However,
    # if the data pipeline can only deliver 200 images per second, the GPU utilization would be
    # merely 20%"
    _ratio("train-pipeline-bound-utilization", "speedup",
           "GPU utilization when the pipeline delivers 200 of 1000 images/s",
           train("system-implications-f5c1"), "merely 20%", 0.20, "200", "1000",
           note="R_pipeline/R_GPU."),
    # "typical layers with dimensions of 512×1024 processing batches of 64 samples execute over
    # 33 million operations"
    Example(
        "train-dense-512x1024-batch64", "roofline",
        "A 512×1024 layer at batch 64: the N × M × B operations",
        train("compute-operations-3835"), "over 33 million operations", 33e6, law="dense",
        inputs=(("batch", "64"), ("in_features", "512"), ("out_features", "1024")),
        result="macs", tolerance=1e6,
        note="512 × 1024 × 64 = 33,554,432 multiply-adds; 'over 33 million' allows 33–34 M."),
    # "processed by 7×7 kernels. Each position requires 147 multiply-accumulate operations"
    Example(
        "train-conv7x7-macs-per-position", "roofline",
        "A 7×7 kernel over 3 channels: MACs per output position",
        train("compute-operations-3835"), "147 multiply-accumulate operations", 147.0,
        law="conv", inputs=(("batch", "1"), ("c_in", "3"), ("size", "7"), ("c_out", "1"),
                            ("kernel", "7")), result="macs",
        note="One output of one filter: a 7 × 7 input window, 7 × 7 × 3."),
    # "with 64 filters operating across 218 × 218 spatial dimensions"
    Example(
        "train-conv7x7-output-size", "roofline", "A 7×7 kernel over a 224×224 input: output size",
        train("compute-operations-3835"), "218 × 218 spatial dimensions", 218.0,
        law="conv", inputs=(("batch", "64"), ("c_in", "3"), ("size", "224"), ("c_out", "64"),
                            ("kernel", "7")), result="h_out",
        note="No padding, stride 1: 224 − 7 + 1."),
    # "The initial convolutional layer produces activation maps of dimension 112×112×64. Using
    # single-precision floating-point format (4 bytes per value), this single layer's activation
    # storage requires approximately 98 MB." (ResNet-50, 224×224, batch 32)
    Example(
        "train-resnet50-conv1-activations", "training",
        "ResNet-50's first convolution at batch 32: output activations in FP32",
        train("memory-management-d90b"), "approximately 98 MB", 98 * MIB, law="conv",
        inputs=(("batch", "32"), ("c_in", "3"), ("size", "224"), ("c_out", "64"),
                ("kernel", "7"), ("stride", "2"), ("padding", "3"), ("precision", "fp32")),
        result="outputs",
        note="32 × 112 × 112 × 64 × 4 B = 102,760,448 B = 98.0 MiB: the book's MB is binary."),
    # "the complete forward pass activations total approximately 8GB, gradients require an
    # additional 4GB, and model parameters consume 200MB. This 12.2GB total represents over 30%
    # of a high-end A100 GPU's 40GB memory capacity"; "Doubling the batch size to 64 increases
    # activation memory to 16GB and gradient memory to 8GB, totaling 24.2GB"
    _arithmetic("train-resnet50-batch32-memory-total", "training",
                "ResNet-50 at batch 32: activations, gradients and parameters",
                train("memory-management-d90b"), "This 12.2GB total", 12.2 * GB,
                "[8 GB] + [4 GB] + [200 MB]"),
    _arithmetic("train-resnet50-batch64-memory-total", "training",
                "ResNet-50 at batch 64: activations, gradients and parameters",
                train("memory-management-d90b"), "totaling 24.2GB", 24.2 * GB,
                "[16 GB] + [8 GB] + [200 MB]",
                note="The 200 MB of parameters do not grow with the batch."),
    # "This 12.2GB total represents over 30% of a high-end A100 GPU's 40GB memory capacity"
    _ratio("train-resnet50-batch32-share-of-a100", "training",
           "ResNet-50 at batch 32: its 12.2 GB against a 40 GB A100",
           train("memory-management-d90b"), "over 30%", 0.30, "12.2 GB", "40 GB",
           tolerance=0.01, note="12.2/40 = 30.5%; 'over 30%' allows 30–31%."),
    # Memory operations: "consider a convolutional layer processing a batch of 64 images. Each
    # image measures 224 × 224 pixels with 3 color channels. The activation maps alone occupy
    # 0.38 GB of memory"
    Example(
        "train-backward-conv-input-activations", "training",
        "Backward pass: a batch of 64 RGB 224×224 inputs in FP32",
        train("memory-operations-7425"), "0.38 GB", 0.38 * GB, law="conv",
        inputs=(("batch", "64"), ("c_in", "3"), ("size", "224"), ("c_out", "64"),
                ("kernel", "7"), ("padding", "3"), ("precision", "fp32")), result="inputs",
        disputed="64 × 224 × 224 × 3 × 4 B = 38,535,168 B = 0.0385 GB: the printed 0.38 GB is "
                 "ten times the product.",
        hand_value=64 * 224 * 224 * 3 * 4.0),
    # "The gradient signals ... require 8.1 GB to hold gradients for each of the layer's 64
    # filters."
    Example(
        "train-backward-conv-output-gradients", "training",
        "Backward pass: output gradients of 64 filters on 224×224, batch 64, FP32",
        train("memory-operations-7425"), "8.1 GB", 8.1 * GB, law="conv",
        inputs=(("batch", "64"), ("c_in", "3"), ("size", "224"), ("c_out", "64"),
                ("kernel", "7"), ("padding", "3"), ("precision", "fp32")), result="outputs",
        disputed="One gradient per output value: 64 × 224 × 224 × 64 × 4 B = 822,083,584 B = "
                 "0.82 GB (stride 1, size kept, as the next section's 224 × 224 × 64 × 4 B per "
                 "image assumes), not 8.1 GB.",
        hand_value=64 * 224 * 224 * 64 * 4.0),
    # "Even the weight gradients, which only store updates for the convolutional kernels, need
    # 0.037 GB."
    Example(
        "train-backward-conv-weight-gradients", "training",
        "Backward pass: weight gradients of 64 filters 7×7×3 in FP32",
        train("memory-operations-7425"), "0.037 GB", 0.037 * GB, law="conv",
        inputs=(("batch", "64"), ("c_in", "3"), ("size", "224"), ("c_out", "64"),
                ("kernel", "7"), ("padding", "3"), ("precision", "fp32")), result="weights",
        disputed="64 × 3 × 7 × 7 × 4 B = 37,632 B = 0.037 MB (the 7 × 7 kernel is the next "
                 "section's): the book's unit is off by 1000.",
        hand_value=64 * 3 * 49 * 4.0),
    # Production considerations: "Memory per image = 224 × 224 × 64 × 4 bytes. The total memory
    # requirement multiplies by the batch size of 64, reaching approximately 3.2 GB just for
    # storing gradients."
    Example(
        "train-resnet50-conv1-gradients-batch64", "training",
        "Gradients of a 64-filter layer on 224×224 at batch 64, FP32",
        train("production-considerations-f780"), "approximately 3.2 GB", 3.2 * GB, law="conv",
        inputs=(("batch", "64"), ("c_in", "3"), ("size", "224"), ("c_out", "64"),
                ("kernel", "7"), ("padding", "3"), ("precision", "fp32")), result="outputs",
        disputed="224 × 224 × 64 × 4 B = 12,845,056 B per image; × 64 = 822,083,584 B = "
                 "0.82 GB, not 3.2 GB.",
        hand_value=224 * 224 * 64 * 4 * 64.0),
    # "the optimized pipeline completes two epochs in approximately 55 seconds compared to 90
    # seconds with sequential fetching, a 40% speedup"
    _ratio("train-prefetch-overlap", "speedup",
           "Prefetching and overlapping: two epochs in 55 s instead of 90 s",
           train("data-prefetching-pipeline-overlapping-e9c8"), "a 40% speedup", -0.40,
           "55 s", "90 s", result="change", tolerance=0.015,
           note="The time falls by 1 − 55/90 = 38.9% ('approximately 55 seconds' read off the "
                "figure; 54 s would give 40%); as a speedup, old over new, 90/55 = 1.64×. The "
                "figure's caption says 40 s, which would be 56% less."),
    # "random cropping (10 ms), color jittering (15 ms), and normalization (5 ms). Without
    # prefetching, these 30 ms of preprocessing would delay each training step."
    Example(
        "train-image-preprocessing-stages", "speedup",
        "Crop, colour jitter and normalize: preprocessing per step",
        train("data-pipeline-optimization-applications-f7ca"), "30 ms", 30 * MS,
        law="pipeline", inputs=(("stages", "10 ms, 15 ms, 5 ms"),), result="total"),
    # Callout "GPT-2 Mixed Precision Training Impact": "FP32 throughput: ~90 samples/sec; FP16
    # throughput: ~220 samples/sec; Speedup: 2.4× faster training"
    _ratio("train-gpt2-v100-mixed-precision", "speedup",
           "GPT-2 on a V100: FP16 against FP32 throughput",
           train("mixedprecision-benefits-e21c"), "2.4× faster training", 2.4,
           "220", "90", note="220/90 = 2.44."),
    # "FP32: ~$50,000 for 2 weeks on 32 V100s; FP16: ~$28,000 for 1.2 weeks on 32 V100s;
    # Savings: $22,000"
    Example(
        "train-gpt2-mixed-precision-savings", "operations",
        "GPT-2 on 32 V100s: the bill in FP16 against FP32",
        train("mixedprecision-benefits-e21c"), "Savings: $22,000", -22000.0, law="total-cost",
        inputs=(("items", "1"), ("price", "$50000"), ("other", "$28000")), result="difference",
        note="One run at the FP32 price, then at the FP16 one: the change is −$22,000."),
    # Tensor Core throughput: "FP32 throughput: 19.5 TFLOPs; FP16 Tensor Core throughput: 312
    # TFLOPs (16× speedup)"
    _ratio("train-a100-tensor-core-fp16", "speedup",
           "A100: FP16 Tensor Core peak against FP32 CUDA cores",
           train("mixed-precision-hardware"), "16× speedup", 16.0,
           "312 TFLOP/s", "19.5 TFLOP/s"),
    # "FP8 Tensor Core throughput (H100): 1,979 TFLOPs (100× speedup over FP32)"
    _ratio("train-h100-fp8-over-a100-fp32", "speedup",
           "H100 FP8 Tensor Core peak against the A100's FP32",
           train("mixed-precision-hardware"), "100× speedup over FP32", 100.0,
           "1979 TFLOP/s", "19.5 TFLOP/s", tolerance=2.0,
           note="1,979/19.5 = 101.5: the book rounds to 100×, so this example allows 2."),
    # "Training GPT-2 (1.5B parameters) on a single GPU: V100 (FP32): 18 samples/sec; V100
    # (FP16): 45 samples/sec (2.5× speedup); A100 (FP32): 35 samples/sec; A100 (BF16): 165
    # samples/sec (4.7× speedup); H100 (FP8): 380 samples/sec (21× speedup over V100 FP32)"
    *(_ratio(f"train-gpt2-single-gpu-{name}", "speedup", title,
             train("mixed-precision-hardware"), printed, value, a, b,
             note=f"Throughputs, new over old: {a}/{b}.")
      for name, title, printed, value, a, b in (
          ("v100-fp16", "GPT-2 on one V100: FP16 against FP32", "2.5× speedup", 2.5, "45", "18"),
          ("a100-bf16", "GPT-2 on one A100: BF16 against FP32", "4.7× speedup", 4.7, "165",
           "35"),
          ("h100-fp8", "GPT-2 on one H100 in FP8 against a V100 in FP32",
           "21× speedup over V100 FP32", 21.0, "380", "18"))),
    # Flash Attention: "the attention score matrix S alone requires 4096² × 4 bytes = 64 MB in
    # FP32. With 16 attention heads, this grows to 1 GB"
    *(Example(
        f"train-flash-{name}", "data movement", title, train(section), printed, value,
        law="model-states",
        inputs=(("params", str(values)), ("w", "4"), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total", note=f"{note} The book's MB, KB and GB are binary here.")
      for name, title, section, printed, value, values, note in (
          ("score-matrix-4096", "Attention scores for 4096 tokens, one head, FP32",
           "standard-attention-bottleneck", "64 MB", 64 * MIB, 4096 * 4096,
           "4096² × 4 B = 67,108,864 B."),
          ("score-matrices-16-heads", "Attention scores for 4096 tokens, 16 heads, FP32",
           "standard-attention-bottleneck", "1 GB", GIB, 16 * 4096 * 4096,
           "16 × 64 MiB."),
          ("tile-128", "Flash Attention's largest tile: 128 × 128 in FP32",
           "flash-attention-tiling", "64 KB", 64 * KIB, 128 * 128, "128² × 4 B = 65,536 B."),
          ("qkv-one-head", "Flash Attention's Q, K, V for 4096 tokens, d = 64, FP32",
           "flash-attention-complexity", "≈ 3 MB", 3 * MIB, 3 * 4096 * 64,
           "3 × 4096 × 64 × 4 B = 3,145,728 B."))),
    # "Flash Attention requires only (3 × 4096 × 64) × 4 bytes ≈ 3 MB per head, a 21× reduction"
    _ratio("train-flash-memory-reduction", "data movement",
           "Flash Attention against the 4096² score matrix: memory per head",
           train("flash-attention-complexity"), "a 21× reduction", 21.0, "64 MiB", "3 MiB",
           note="64/3 = 21.3."),
    # "With n = 4096 and d = 64, this represents a 64× reduction in memory bandwidth consumption"
    _ratio("train-flash-io-reduction", "data movement",
           "Flash Attention's HBM traffic: the factor n/d", train("flash-attention-complexity"),
           "a 64× reduction", 64.0, "4096", "64",
           note="O(n·d + n²) against O(n·d) accesses: about n/d for n ≫ d."),
    # Benchmark table on an A100, 2048 tokens: "45 ms | 15 ms | 120 ms | 35 ms"; "Flash
    # Attention achieves 3× forward pass speedup and 3.4× backward pass speedup"
    _ratio("train-flash-forward-2048", "speedup",
           "Flash Attention, 2048 tokens on an A100: forward pass",
           train("flash-attention-implementation"), "3× forward pass speedup", 3.0,
           "45 ms", "15 ms"),
    _ratio("train-flash-backward-2048", "speedup",
           "Flash Attention, 2048 tokens on an A100: backward pass",
           train("flash-attention-implementation"), "3.4× backward pass speedup", 3.4,
           "120 ms", "35 ms", note="120/35 = 3.43."),
    # "Flash Attention 3 ... Achieves 740 TFLOPs on H100 (75% of theoretical peak)"
    _ratio("train-flash3-h100-fraction", "roofline",
           "Flash Attention 3 on an H100: fraction of the FP16 peak",
           train("flash-attention-implementation"), "75% of theoretical peak", 0.75,
           "740 TFLOP/s", "990 TFLOP/s",
           note="The chapter's H100 peak (990 TFLOPS, its ridge-point paragraph): 74.7%."),
    # "Optimal checkpointing (sqrt(48) approximately equals 7 checkpoints): Memory = 7 x A +
    # (48/7) x A approximately equals 14 x A. This achieves 71% memory savings"
    _ratio("train-checkpoint-gpt2-savings", "training",
           "GPT-2, 48 layers, 7 checkpoints: activation memory saved",
           train("optimal-checkpoint-placement"), "71% memory savings", -0.71, "14", "48",
           result="change", note="14·A kept against 48·A: 1 − 14/48 = 70.8%."),
    # footnote: "checkpointing enables 2.8× larger models (from 1.3 B to 3.7 B parameters)"
    _ratio("train-checkpoint-gpt3-model-size", "training",
           "Checkpointing on V100s: the largest GPT-3 that fits",
           train("memory-computational-benefits-68be"), "2.8× larger models", 2.8,
           "3.7e9", "1.3e9", note="3.7/1.3 = 2.85."),
    # Callout "GPT-2 Gradient Accumulation Strategy": "512 ÷ 16 = 32 GPUs needed just for batch
    # size"
    _ratio("train-gpt2-accumulation-gpus", "training",
           "GPT-2: GPUs for an effective batch of 512 at 16 per GPU",
           train("memory-computational-benefits-68be"), "32 GPUs", 32.0, "512", "16"),
    # "Cost: $16/hour × 32 GPUs = $512/hour" ... "Cost: $16/hour × 8 GPUs = $128/hour"
    *(Example(
        f"train-gpt2-{gpus}-gpu-hourly-cost", "operations",
        f"GPT-2 on {gpus} GPUs at $16 an hour each",
        train("memory-computational-benefits-68be"), printed, value, law="total-cost",
        inputs=(("items", str(gpus)), ("price", "$16")), result="cost")
      for gpus, printed, value in ((32, "$512/hour", 512.0), (8, "$128/hour", 128.0))),
    # "Savings: $384/hour = 75% cost reduction"
    _ratio("train-gpt2-accumulation-cost-reduction", "operations",
           "GPT-2: 8 GPUs with accumulation against 32 without, per hour",
           train("memory-computational-benefits-68be"), "75% cost reduction", -0.75,
           "$128", "$512", result="change"),
    # "Cost benefit: Training 2 weeks on 8 GPUs = $21.5K vs. 32 GPUs = $86K"
    *(Example(
        f"train-gpt2-two-weeks-{gpus}-gpus", "operations",
        f"GPT-2: two weeks on {gpus} GPUs at $16 an hour",
        train("memory-computational-benefits-68be"), printed, value, law="total-cost",
        inputs=(("items", str(gpus * 336)), ("price", "$16")), result="cost",
        disputed=f"Two weeks are 336 hours: {gpus} × 336 = {gpus * 336:,} GPU-hours × $16 = "
                 f"${gpus * 336 * 16:,}; the printed figure is one week's.",
        hand_value=gpus * 336 * 16.0)
      for gpus, printed, value in ((8, "$21.5K", 21.5e3), (32, "$86K", 86e3))),
    # "Effective batch 512 with accumulation: Perplexity 18.3; True batch 512 without
    # accumulation: Perplexity 18.2; Difference: 0.5%"
    _ratio("train-gpt2-accumulation-perplexity", "training",
           "GPT-2: perplexity with gradient accumulation against a true batch",
           train("memory-computational-benefits-68be"), "Difference: 0.5%", 0.005,
           "18.3", "18.2", result="change", note="18.3/18.2 − 1 = 0.55%."),
    # "A 20 billion parameter model requires approximately 40 GB just for parameters in FP16,
    # with optimizer states (Adam stores two additional copies) pushing requirements to 120 GB"
    Example(
        "train-20b-weights-fp16", "training", "A 20 B-parameter model's weights in FP16",
        train("recognizing-scaling-limits"), "approximately 40 GB", 40 * GB,
        law="train-memory", inputs=(("params", "20e9"), ("precision", "fp16"),
                                    ("optimizer", "adam")), result="weights_only"),
    Example(
        "train-20b-with-adam-copies", "training",
        "A 20 B-parameter model with Adam's two copies, as the book counts them",
        train("recognizing-scaling-limits"), "120 GB", 120 * GB, law="model-states",
        inputs=(("params", "20e9"), ("w", "2"), ("g", "0"), ("m", "0"), ("s", "4")),
        result="total",
        note="The book counts Adam's two moments at the weights' 2 B each: 3 × 40 GB. With "
             "FP32 moments, FP16 gradients and an FP32 master copy (`train-memory`, fp16, "
             "adam) the model states are 16 B a parameter, 320 GB."),
    # Callout "GPT-2 Attention Layer Computation" (batch 32, seq 1024, hidden 1280, 20 heads):
    # "= 3 × (32 × 1024 × 1280 × 1280) ≈ 160 billion FLOPS"; "= 32 × 20 × 1024 × 1024 × 64 =
    # 42.9 billion FLOPS"; "Total for one attention layer: ~204B FLOPS forward pass"; "With 48
    # layers in GPT-2: ~9.8 trillion FLOPS per training step"; "At 50K training steps: ~490
    # petaFLOPS total training computation"
    _arithmetic("train-gpt2-attention-layer-flops", "training",
                "GPT-2: one attention layer's projections and scores, forward",
                train("dense-matrixmatrix-multiplication-fb44"), "~204B FLOPS", 204e9,
                "3 × 32 × 1024 × 1280 × 1280 + 32 × 20 × 1024 × 1024 × 64",
                note="161.06 + 42.95 = 204.0 billion: the products as the callout writes them "
                     "(its rounded 160 + 42.9 would give 202.9)."),
    _arithmetic("train-gpt2-attention-step-flops", "training",
                "GPT-2: the attention FLOPs of 48 layers in one step",
                train("dense-matrixmatrix-multiplication-fb44"), "~9.8 trillion FLOPS",
                9.8e12, "48 × [204 GFLOP]", note="48 × 204 × 10⁹ = 9.79 × 10¹²."),
    _arithmetic("train-gpt2-attention-run-flops", "training",
                "GPT-2: attention FLOPs over 50K training steps",
                train("dense-matrixmatrix-multiplication-fb44"), "~490 petaFLOPS", 490e15,
                "50000 × [9.8 TFLOP]",
                note="50,000 × 9.8 × 10¹² = 4.9 × 10¹⁷ FLOP: an amount of work, which the book "
                     "writes as a rate ('petaFLOPS')."),
    # Callout "GPT-2 Language Model Data Pipeline": "Random access to different documents:
    # ~0.35 GB/s effective (F_access ≈ 0.1)" of the NVMe's "3.5 GB/s sequential read bandwidth"
    _arithmetic("train-gpt2-nvme-random-access", "data movement",
                "OpenWebText on NVMe: random reads at a tenth of the sequential bandwidth",
                train("preprocessing-ac72"), "~0.35 GB/s effective", 0.35 * GB,
                "[3.5 GB/s] × 0.1", note="T_effective = T_storage × F_access."),
    # "For batch_size=32, seq_len=1024: need 32K tokens/batch"; "Single core: 32K tokens ÷ 500K
    # tokens/s = 64ms per batch"
    _arithmetic("train-gpt2-tokenize-one-core", "data movement",
                "Tokenizing a GPT-2 batch on one CPU core", train("preprocessing-ac72"),
                "64ms per batch", 64 * MS, "[32K tokens] / [500K tokens/s]",
                note="32,000/500,000 s. The batch holds 32 × 1024 = 32,768 tokens (65.5 ms); "
                     "the book rounds to 32K first."),
    # Callout "GPT-2 Mixed Precision Training Impact": "FP32 Baseline: Parameters: 1.5B × 4
    # bytes = 6.0 GB; Activations (batch=32): ~65 GB; Gradients: 6.0 GB; Total: ~77 GB";
    # "FP16 Mixed Precision: Parameters (FP16): 1.5B × 2 bytes = 3.0 GB; Activations (FP16):
    # ~32.6 GB; Gradients (FP16): 3.0 GB; Optimizer state (FP32 master weights): 12.0 GB (Adam
    # m, v); Total: ~51 GB"; "With Mixed Precision + Gradient Checkpointing: Activations
    # reduced to ~8 GB (recompute during backward); Total: ~26 GB → fits comfortably in 32GB
    # V100"
    _arithmetic("train-gpt2-fp32-memory-total", "training",
                "GPT-2 (1.5 B) in FP32 at batch 32: parameters, activations, gradients",
                train("mixedprecision-benefits-e21c"), "Total: ~77 GB", 77 * GB,
                "[6.0 GB] + [65 GB] + [6.0 GB]",
                note="The callout's FP32 list carries no optimizer state."),
    _arithmetic("train-gpt2-fp16-memory-total", "training",
                "GPT-2 (1.5 B) in mixed precision: FP16 tensors and FP32 Adam moments",
                train("mixedprecision-benefits-e21c"), "Total: ~51 GB", 51 * GB,
                "[3.0 GB] + [32.6 GB] + [3.0 GB] + [12.0 GB]",
                note="3.0 + 32.6 + 3.0 + 12.0 = 50.6 GB."),
    _arithmetic("train-gpt2-fp16-checkpointed-memory-total", "training",
                "GPT-2 (1.5 B) in mixed precision with gradient checkpointing",
                train("mixedprecision-benefits-e21c"), "Total: ~26 GB", 26 * GB,
                "[3.0 GB] + [8 GB] + [3.0 GB] + [12.0 GB]",
                note="The mixed-precision list with the activations cut from 32.6 GB to 8 GB."),
    # Callout "GPT-2 Mixed Precision Training Impact": "FP32: ~$50,000 for 2 weeks on 32 V100s;
    # FP16: ~$28,000 for 1.2 weeks on 32 V100s; Savings: $22,000 + 6 days faster iteration"
    _arithmetic("train-gpt2-mixed-precision-days-saved", "training",
                "GPT-2 on 32 V100s: the time FP16 saves over FP32",
                train("mixedprecision-benefits-e21c"), "6 days faster iteration", 6 * 86400.0,
                "[2 week] − [1.2 week]", note="0.8 week = 5.6 days."),
    # "An NVIDIA A100 GPU specifications: FP32 throughput: 19.5 TFLOPs → requires 19.5 × 10^12 ×
    # 4 bytes = 78 TB/s if every FLOP needs new data"
    _arithmetic("train-a100-fp32-bandwidth-if-no-reuse", "roofline",
                "A100 FP32 peak with 4 new bytes for every FLOP",
                train("mixed-precision-hardware"), "78 TB/s", 78e12,
                "[19.5 TFLOP/s] × [4 B] / [1 FLOP]",
                note="The rate at intensity 1/4 FLOP/B: 50× the 1,555 GB/s of HBM2."),
    # "Optimal checkpointing (sqrt(48) approximately equals 7 checkpoints): Memory = 7 x A +
    # (48/7) x A approximately equals 14 x A."
    _arithmetic("train-checkpoint-gpt2-count", "training",
                "GPT-2, 48 layers: the optimal number of checkpoints, √L",
                train("optimal-checkpoint-placement"), "approximately equals 7 checkpoints", 7.0,
                "√48", note="√48 = 6.93."),
    _arithmetic("train-checkpoint-gpt2-memory", "training",
                "GPT-2, 48 layers, 7 checkpoints: activations kept, in layers' worth A",
                train("optimal-checkpoint-placement"), "approximately equals 14 x A", 14.0,
                "7 + 48/7", note="k + L/k = 7 + 6.86 = 13.86."),
)

FRAMEWORKS: tuple[Example, ...] = (
    # "For example, 312 TFLOPS and 2 TB/s implies a ridge point of about 156 FLOPS per byte."
    Example(
        "fw-a100-ridge", "roofline", "The A100's ridge point from 312 TFLOPS and 2 TB/s",
        fw("memory-wall"), "about 156 FLOPS per byte", 156.0, law="ridge-point",
        inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "2 TB/s")), result="ridge"),
    # tbl-arithmetic-intensity: "Element-wise ReLU | N | 8N bytes (read + write) | 0.125",
    # "Softmax | ~5N | 8N bytes | ~0.625", "Layer Normalization | ~10N | 16N bytes | ~0.625"
    *(Example(
        f"fw-intensity-{name}", "roofline", f"{label}: arithmetic intensity per element",
        fw("memory-wall"), printed, value, law="roofline",
        inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "2 TB/s"), ("flops", flops),
                ("bytes", data)), result="i",
        note=f"The table's counts per element: {flops} FLOPs over {data}. The roof (the "
             "section's 312 TFLOPS, 2 TB/s A100) does not enter I.")
      for name, label, printed, value, flops, data in (
          ("relu", "Element-wise ReLU", "0.125", 0.125, "1", "8 B"),
          ("softmax", "Softmax", "~0.625", 0.625, "5", "8 B"),
          ("layernorm", "Layer normalization", "~0.625", 0.625, "10", "16 B"))),
)

NN_ARCHITECTURES: tuple[Example, ...] = (
    # CNNSysImpl: weights_single_ch = 3 × 3 × 1 × 64 = 576; "computing one spatial position
    # involves 3 × 3 × C_in × 64 multiply-accumulates (576 per input channel)"
    Example(
        "nnarch-conv3x3-64-macs-per-position", "roofline",
        "A 3×3 convolution with 64 filters: MACs per position and input channel",
        nnarch("computation-needs-85cd"), "576 per input channel", 576.0, law="conv",
        inputs=(("batch", "1"), ("c_in", "1"), ("size", "3"), ("c_out", "64"),
                ("kernel", "3")), result="macs",
        note="One output position of a 3 × 3 window: 3 × 3 × 1 × 64, the layer's 576 weights "
             "each used once."),
    # activations = 224 × 224 × 64 = 3,211,264 → fmt(3.21, precision=1) = "3.2"
    Example(
        "nnarch-conv-224-64-activations", "training",
        "A 224×224 feature map with 64 channels: activation values",
        nnarch("memory-requirements-a1a1"), "3.2 million activation values", 3.2e6,
        law="conv", inputs=(("batch", "1"), ("c_in", "1"), ("size", "224"), ("c_out", "64"),
                            ("kernel", "3"), ("padding", "1"), ("precision", "int8")),
        result="outputs",
        note="224 × 224 × 64 = 3,211,264 values; at int8 (1 B) the output bytes count them."),
    # spatial_positions = 224 × 224 = 50,176: "each 3 × 3 filter weight is reused 50,176 times"
    Example(
        "nnarch-conv-224-weight-reuse", "data movement",
        "How often a filter weight is reused over a 224×224 map",
        nnarch("data-movement-36f6"), "reused 50,176 times", 50176.0, law="conv",
        inputs=(("batch", "1"), ("c_in", "1"), ("size", "224"), ("c_out", "1"),
                ("kernel", "1")), result="macs",
        note="One weight of one filter over a 'same' map: one MAC per position, 224 × 224."),
    # RNNCompute: macs_recurrent = 128 × 128 = 16,384; macs_input = 100 × 128 = 12,800;
    # total = 29,184
    *(Example(
        f"nnarch-rnn-step-{name}", "roofline", f"One RNN step, 100-dim input, 128-dim state: "
        f"{label}", nnarch("computational-mapping-701d"), f"{value:,} MACs", float(value),
        law="dense", inputs=(("batch", "1"), ("in_features", n_in), ("out_features", "128")),
        result="macs", note=note)
      for name, label, n_in, value, note in (
          ("recurrent", "h_prev × W_hh", "128", 16384, "128 × 128."),
          ("input", "x_t × W_xh", "100", 12800, "100 × 128."),
          ("total", "both projections", "228", 29184,
           "The two products are one product of the concatenated [h_prev; x_t] (228 wide): "
           "16,384 + 12,800."))),
    # "a fixed-size hidden state vector (e.g., 2 KB for a 512-dim state)"
    Example(
        "nnarch-rnn-state-512", "training", "An RNN's 512-dimensional hidden state in FP32",
        nnarch("memory-requirements-efficient-state-d4d1"), "2 KB", 2 * KIB,
        law="model-states", inputs=(("params", "512"), ("w", "4"), ("g", "0"), ("m", "0"),
                                    ("s", "0")), result="total",
        note="512 × 4 B = 2,048 B: the book's KB is binary."),
    # fig-attention-weightcalc: "requiring 6 × 768 × 2304 = 10.6 million MACs"
    Example(
        "nnarch-qkv-6-tokens-macs", "roofline",
        "GPT-2's fused QKV projection for 6 tokens: MACs",
        nnarch("algorithmic-structure-8468"), "10.6 million MACs", 10.6e6, law="dense",
        inputs=(("batch", "6"), ("in_features", "768"), ("out_features", "2304")),
        result="macs", note="6 × 768 × 2304 = 10,616,832."),
    # AttentionComputeCosts: score_macs = 512 × 512 × 64 = 16,777,216 → "16.8" million
    Example(
        "nnarch-attention-scores-512", "roofline",
        "Attention scores QKᵀ at 512 tokens, head dimension 64: MACs per head",
        nnarch("computational-mapping-13cd"), "16.8 million MACs per attention head", 16.8e6,
        law="dense", inputs=(("batch", "512"), ("in_features", "64"), ("out_features", "512")),
        result="macs",
        note="512 queries against Kᵀ (64 × 512); the value aggregation adds as many again "
             "(`attention` counts both)."),
    # AttentionMemory: 100,000² × 12 heads × 2 B = 2.4e11 B → "240" GB; × 32 layers → "7,680"
    *(Example(
        f"nnarch-attention-100k-{name}", "training", title,
        nnarch("memory-requirements-72c3"), printed, value, law="model-states",
        inputs=(("params", elements), ("w", "2"), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total", note=note)
      for name, title, printed, value, elements, note in (
          ("one-layer", "Attention scores at 100K tokens, 12 heads, FP16: one layer",
           "240 GB", 240 * GB, "1.2e11", "100,000² × 12 = 1.2 × 10¹¹ scores × 2 B."),
          ("32-layers", "Attention scores at 100K tokens, 12 heads, FP16: 32 layers",
           "7,680 GB", 7680 * GB, "3.84e12", "32 × 1.2 × 10¹¹ scores × 2 B."))),
    # "Load all model weights (e.g., 140 GB for a 70B-parameter model at FP16 precision)"
    Example(
        "nnarch-70b-weights-fp16", "serving", "A 70 B-parameter model's weights in FP16",
        nnarch("inference-memory-bandwidth-wall-98d1"), "140 GB", 140 * GB,
        law="train-memory", inputs=(("params", "70e9"), ("precision", "fp16"),
                                    ("optimizer", "sgd")), result="weights_only"),
    # DLRMEmbedding: 1e9 × 128 × 4 B = 512 GB → fmt(512, precision=0)
    Example(
        "nnarch-dlrm-user-table", "training",
        "DLRM: a 1 B-user embedding table, 128 dimensions, FP32",
        nnarch("algorithmic-structure-732e"), "≈ 512 GB", 512 * GB, law="model-states",
        inputs=(("params", "128e9"), ("w", "4"), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total", note="10⁹ × 128 = 1.28 × 10¹¹ values × 4 B."),
    # CapacityWall: 100e6 × 128 × 4 B = 51.2 GB
    Example(
        "nnarch-capacity-wall-table", "training",
        "The capacity wall: a 100 M-item table, 128 dimensions, FP32",
        nnarch("system-implications-d8ee"), "≈ 51.2 GB", 51.2 * GB, law="model-states",
        inputs=(("params", "12.8e9"), ("w", "4"), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total", note="10⁸ × 128 = 1.28 × 10¹⁰ values × 4 B."),
    # utilization_pct = 51.2 GB / A100_MEM_CAPACITY.m_as(GB) × 100, A100_MEM_CAPACITY = 80 GiB
    # (mlsys/constants.py) = 85.9 GB → 59.6 → fmt(precision=0) = "60"
    _ratio("nnarch-capacity-wall-share", "training",
           "The capacity wall: one 51.2 GB table against an A100's memory",
           nnarch("system-implications-d8ee"), "60%", 0.60, "51.2 GB", "80 GiB",
           note="The cell divides by the A100's 80 GiB = 85.9 GB (so the callout also prints "
                "'an 86 GB A100'); against 80 GB the share would be 64%, the cell's own "
                "comment."),
    # footnote fn-simd: "AVX-512 processes 16 single-precision values per instruction"
    _ratio("nnarch-avx512-fp32-lanes", "speedup", "AVX-512: FP32 values per instruction",
           nnarch("computation-needs-85cd"), "16 single-precision values", 16.0, "512", "32",
           note="512-bit registers over 32-bit floats."),
)

EXAMPLES: tuple[Example, ...] = TRAINING + FRAMEWORKS + NN_ARCHITECTURES
