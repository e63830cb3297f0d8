"""The book's worked examples from more of the 2026 edition's chapters (vol1), as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. These chapters compute many of their
numbers in Python cells (``{python} X_str``); the printed value is then what the cell's own
arithmetic gives on its own constants, worked out by hand from the cell and written in a comment
beside the example — never ironlaw's output.
"""

from __future__ import annotations

from ironlaw.examples.gallery import CatalogValue, Example, chapter_file, sections

# the version of each chapter file that was read (harvard-edge/cs249r_book)
COMMITS = {
    "hw_acceleration": "4f1ae406461fd1dcfea2f6bdafe98af3f945f114",
    "nn_computation": "c30f2a3bfd45969754430bd9c17ee7894b3ba101",
    "nn_architectures": "2d887c577892b33fee433b15c3fd1dd69dcffdaa",
}
KIB, MB, GB, MS, NS = 1024.0, 1e6, 1e9, 1e-3, 1e-9
YEAR = 365.25 * 86400.0


hwacc = sections(chapter_file("vol1", "hw_acceleration"), COMMITS["hw_acceleration"],
                 "sec-ai-acceleration-")
nncomp = sections(chapter_file("vol1", "nn_computation"), COMMITS["nn_computation"],
                  "sec-neural-computation-")
nnarch = sections(chapter_file("vol1", "nn_architectures"), COMMITS["nn_architectures"],
                  "sec-network-architectures-")


A100 = (("peak", "312 TFLOP/s"), ("bandwidth", "2000 GB/s"))  # the roofline callouts' A100
A100_BOOK = (CatalogValue("a100-80gb", "bandwidth", "2000 GB/s",
                          "the 80 GB SXM's 2,039 GB/s, rounded"),)

HW_ACCELERATION: tuple[Example, ...] = (
    # lst-dense_layer_def: "encapsulate 131,072 multiply-accumulate operations (256 inputs times
    # 512 outputs)"
    Example(
        "hwacc-dense-256x512-macs", "roofline", "Dense(512) on 256 inputs: MACs per sample",
        hwacc("ai-compute-primitives-8471"), "131,072 multiply-accumulate operations", 131072.0,
        law="dense", inputs=(("batch", "1"), ("in_features", "256"), ("out_features", "512")),
        result="macs"),
    # lst-loop_level_dense: "# Example: 32 × 512 × 256 = 4.2M multiply-accumulate operations"
    Example(
        "hwacc-dense-256x512-batch32-macs", "roofline",
        "The same layer at batch 32: MACs of the nested loops", hwacc("ai-compute-primitives-8471"),
        "4.2M multiply-accumulate operations", 4.2e6,
        law="dense", inputs=(("batch", "32"), ("in_features", "256"), ("out_features", "512")),
        result="macs", note="32 × 512 × 256 = 4,194,304."),
    # "dramatically reducing the total instruction count from over 4 million to approximately
    # 500,000" (eight-wide vector MACs)
    Example(
        "hwacc-vector-instruction-count", "speedup",
        "An 8-wide vector MAC: instructions for the batch-32 layer",
        hwacc("parallel-vector-execution-cdaa"), "approximately 500,000", 500e3,
        law="ratio", inputs=(("a", "4194304"), ("b", "8")), result="ratio",
        note="4,194,304 MACs, eight per vector instruction: 524,288."),
    # "The weight matrix alone contains 256 × 512 = 131,072 parameters"
    Example(
        "hwacc-linear-256x512-weights", "roofline", "nn.Linear(256, 512): its weight matrix",
        hwacc("matrix-operations-neural-networks-527a"), "131,072 parameters", 131072.0,
        law="dense-params", inputs=(("widths", "256, 512"), ("bias", "no")), result="weights"),
    # "processing 256 multiply-accumulate operations simultaneously compared to the 8 operations
    # possible with vector processing" / "achieving 32x higher throughput than vector processing"
    Example(
        "hwacc-matrix-unit-vs-vector", "speedup",
        "A 16×16 matrix unit against an 8-wide vector unit",
        hwacc("matrix-operations-hardware-acceleration-514a"), "32x higher throughput", 32.0,
        law="ratio", inputs=(("a", "256"), ("b", "8")), result="ratio",
        note="16 × 16 = 256 MACs per instruction against 8."),
    # Callout "The Energy Economics of AI Hardware": "A 32-bit floating-point multiply-accumulate
    # (MAC) operation consumes approximately 1 pJ ... off-chip DRAM consumes roughly 100-200 pJ —
    # a 100× to 200× energy penalty"
    Example(
        "hwacc-dram-fetch-vs-mac", "energy", "Fetching 32 bits from DRAM against one FP32 MAC",
        hwacc("systolic-arrays-6fa8"), "a 100× to 200× energy penalty", 150.0,
        law="energy-ratio", inputs=(("a", "dram-32bit"), ("b", "fp32-mult")), result="ratio",
        tolerance=50.0,
        note="The book's range, 100-200 pJ over ~1 pJ; Horowitz's 45 nm figures (640 pJ for a "
             "32-bit DRAM read, 3.7 pJ for an FP32 multiply) give 173×, inside it."),
    # Callout "Worked Example: Transformer Layer Analysis" (hidden 768, batch 32, seq 512):
    # "FLOPs: 3 × 32 × 512 × 768 × 768 = 29 billion FLOPs"
    Example(
        "hwacc-transformer-qkv-flops", "roofline",
        "QKV projection, hidden 768, batch 32 × 512 tokens: the operation count",
        hwacc("roofline-model"), "29 billion FLOPs", 29e9,
        law="qkv", inputs=(("tokens", "16384"), ("d_model", "768"), ("heads", "12")),
        result="macs",
        note="3 × 32 × 512 × 768 × 768 = 28,991,029,248 counts one operation per multiply-add: "
             "it is the MAC count. In FLOPs (2 per MAC) the projection is 58 GFLOP."),
    # "Bytes: (input + weights + output) = (32 × 512 × 768 + 3 × 768 × 768 + 32 × 512 × 768 × 3)
    # × 2 = 127 MB"
    Example(
        "hwacc-transformer-qkv-bytes", "roofline", "QKV projection: bytes moved in FP16",
        hwacc("roofline-model"), "127 MB", 127 * MB,
        law="qkv", inputs=(("tokens", "16384"), ("d_model", "768"), ("heads", "12")),
        result="data",
        disputed="The book's own sum is (12,582,912 + 1,769,472 + 37,748,736) × 2 B = "
                 "104,202,240 B = 104 MB, not 127 MB.",
        hand_value=(12582912 + 1769472 + 37748736) * 2.0),
    # "AI = 29B / 127M = 228 FLOP/byte, which is compute-bound on A100 (above 156 threshold)"
    Example(
        "hwacc-transformer-qkv-intensity", "roofline", "QKV projection: arithmetic intensity",
        hwacc("roofline-model"), "228 FLOP/byte", 228.0,
        law="qkv", inputs=(("tokens", "16384"), ("d_model", "768"), ("heads", "12")),
        result="intensity",
        disputed="228 divides the MAC count by a mis-summed byte count. In FLOPs over the bytes "
                 "the operands add up to: 2 × 28,991,029,248 / 104,202,240 = 556 FLOP/B "
                 "(278 MAC/B). Compute-bound on the A100 either way.",
        hand_value=2 * 28991029248 / 104202240),
    # "Softmax: FLOPs: 32 × 12 × 512 × 512 × 3 ≈ 300M FLOPs; Bytes: 32 × 12 × 512 × 512 × 2 × 2 =
    # 402 MB; AI = 300M / 402M = 0.75 FLOP/byte, which is memory-bound"
    Example(
        "hwacc-transformer-softmax-intensity", "roofline",
        "Attention softmax, 12 heads × 512²: arithmetic intensity", hwacc("roofline-model"),
        "0.75 FLOP/byte", 0.75,
        law="roofline", inputs=(*A100, ("flops", "300e6"), ("bytes", "402 MB")), result="i",
        note="The book's own counts: 3 operations (exp, sum, divide) per score and one FP16 "
             "read and write of the 32 × 12 × 512 × 512 score matrix. ironlaw's `attention` "
             "counts 5 FLOPs per score for the softmax, so it is not used here."),
    # Callout "Worked Example: Convolutional Layer Analysis": batch 32, 128 → 256 channels, 56×56,
    # 3×3, FP16, on an A100
    Example(
        "hwacc-conv-flops", "roofline", "Conv2D 128→256, 3×3 on 56×56, batch 32: FLOPs",
        hwacc("roofline-model"), "59.2 billion FLOPs", 59.2e9,
        law="conv", inputs=(("batch", "32"), ("c_in", "128"), ("size", "56"), ("c_out", "256"),
                            ("kernel", "3"), ("padding", "1"), ("precision", "fp16")),
        result="flops",
        note="25.7 M outputs × 2,304 FLOPs each (128 × 3 × 3 × 2); padding 1 keeps 56 × 56."),
    Example(
        "hwacc-conv-weight-bytes", "roofline", "Conv2D 128→256, 3×3: weight bytes in FP16",
        hwacc("roofline-model"), "1.2 MB", 1.2 * MB,
        law="conv", inputs=(("batch", "32"), ("c_in", "128"), ("size", "56"), ("c_out", "256"),
                            ("kernel", "3"), ("padding", "1"), ("precision", "fp16")),
        result="weights",
        # "Weights: 256 × 128 × 3 × 3 × 2 = 1.2 MB (FP16)"
        disputed="256 × 128 × 3 × 3 × 2 B = 589,824 B = 0.59 MB: the printed 1.2 MB is twice "
                 "the book's own product (4 bytes a weight).",
        hand_value=256 * 128 * 9 * 2.0),
    Example(
        "hwacc-conv-intensity", "roofline", "Conv2D 128→256, 3×3: arithmetic intensity",
        hwacc("roofline-model"), "756 FLOP/byte", 756.0,
        law="conv", inputs=(("batch", "32"), ("c_in", "128"), ("size", "56"), ("c_out", "256"),
                            ("kernel", "3"), ("padding", "1"), ("precision", "fp16")),
        result="intensity",
        # "AI = 59.2 GFLOPs / 78.3 MB = 756 FLOP/byte"
        disputed="756 follows from the 1.2 MB weight figure. With the weights' 0.59 MB the "
                 "traffic is 25,690,112 + 589,824 + 51,380,224 = 77,660,160 B and the intensity "
                 "59,190,018,048 / 77,660,160 = 762 FLOP/B; compute-bound either way.",
        hand_value=59190018048 / 77660160),
    Example(
        "hwacc-conv-attainable", "roofline", "Conv2D 128→256 on an A100: attainable rate",
        hwacc("roofline-model"), "~312 TFLOPS", 312e12,
        law="conv", inputs=(("batch", "32"), ("c_in", "128"), ("size", "56"), ("c_out", "256"),
                            ("kernel", "3"), ("padding", "1"), ("precision", "fp16"), *A100),
        result="attainable", catalog=A100_BOOK,
        note="Above the 156 FLOP/B ridge, the layer runs at the compute roof."),
    # Callout "Worked Example: Dense Layer Analysis": batch 32, 2048 → 2048, FP16, A100
    Example(
        "hwacc-dense-2048-flops", "roofline", "Dense 2048→2048 at batch 32: FLOPs",
        hwacc("roofline-model"), "274 million FLOPs", 274e6,
        law="dense", inputs=(("batch", "32"), ("in_features", "2048"), ("out_features", "2048"),
                             ("precision", "fp16")), result="flops",
        # "Total FLOPs: 2 × 32 × 2048 × 2048 = 274 million FLOPs"
        disputed="2 × 32 × 2048 × 2048 = 268,435,456: 268 million, not 274.",
        hand_value=2 * 32 * 2048 * 2048.0),
    Example(
        "hwacc-dense-2048-bytes", "roofline", "Dense 2048→2048 at batch 32: bytes moved in FP16",
        hwacc("roofline-model"), "8.7 MB", 8.7 * MB,
        law="dense", inputs=(("batch", "32"), ("in_features", "2048"), ("out_features", "2048"),
                             ("precision", "fp16")), result="data",
        note="131 KB of inputs + 8.4 MB of weights + 131 KB of outputs; ironlaw adds the 4 KB "
             "of bias."),
    Example(
        "hwacc-dense-2048-intensity", "roofline", "Dense 2048→2048 at batch 32: intensity",
        hwacc("roofline-model"), "31.5 FLOP/byte", 31.5,
        law="dense", inputs=(("batch", "32"), ("in_features", "2048"), ("out_features", "2048"),
                             ("precision", "fp16")), result="intensity",
        # "AI = 274 MFLOPs / 8.7 MB = 31.5 FLOP/byte"
        disputed="31.5 divides the mis-multiplied 274 MFLOP; 268,435,456 / 8,650,752 B = "
                 "31.0 FLOP/B.",
        hand_value=268435456 / 8650752),
    Example(
        "hwacc-dense-2048-attainable", "roofline", "Dense 2048→2048 on an A100: attainable rate",
        hwacc("roofline-model"), "63 TFLOPS", 63e12,
        law="dense", inputs=(("batch", "32"), ("in_features", "2048"), ("out_features", "2048"),
                             ("precision", "fp16"), *A100), result="attainable",
        catalog=A100_BOOK,
        # "P_attainable = 2000 GB/s × 31.5 FLOP/byte = 63 TFLOPS"
        disputed="2,000 GB/s × 31.0 FLOP/B = 62.1 TFLOP/s: the 63 carries the 274 MFLOP slip.",
        hand_value=2000e9 * 268435456 / 8650752),
    Example(
        "hwacc-dense-2048-fraction", "roofline", "Dense 2048→2048 on an A100: fraction of peak",
        hwacc("roofline-model"), "only 20% of peak", 0.20,
        law="roofline", inputs=(*A100, ("intensity", "31.03")), result="fraction",
        catalog=A100_BOOK,
        note="62 TFLOP/s of 312 (19.9%) — the memory wall at small batch."),
    # Callout "Worked Example: LayerNorm Analysis": 32 × 512 × 768 elements, ~6 FLOPs each, FP16
    Example(
        "hwacc-layernorm-intensity", "roofline", "LayerNorm, 32 × 512 × 768: arithmetic intensity",
        hwacc("roofline-model"), "1.5 FLOP/byte", 1.5,
        law="roofline", inputs=(*A100, ("flops", "75.5e6"), ("bytes", "50.4 MB")), result="i",
        note="12.6 M elements × 6 FLOPs over an FP16 read and write of each (the book's "
             "counts)."),
    Example(
        "hwacc-layernorm-attainable", "roofline", "LayerNorm on an A100: attainable rate",
        hwacc("roofline-model"), "3 TFLOPS", 3e12,
        law="roofline", inputs=(*A100, ("flops", "75.5e6"), ("bytes", "50.4 MB")),
        result="attainable", catalog=A100_BOOK),
    # "This is severely memory-bound (156× below ridge point)"
    Example(
        "hwacc-layernorm-below-ridge", "roofline", "LayerNorm: how far below the A100's ridge",
        hwacc("roofline-model"), "156× below ridge point", 156.0,
        law="ratio", inputs=(("a", "156"), ("b", "1.5")), result="ratio",
        disputed="The ridge is 156 FLOP/B and LayerNorm sits at 1.5: 156/1.5 = 104× below it; "
                 "156 is the ridge itself.",
        hand_value=156 / 1.5),
    # Callout "Batch Size Impact on Arithmetic Intensity": AI = 2BMN/(2BM + 2MN + 2BN), M = N = 2048
    *(Example(
        f"hwacc-batch-intensity-{batch}", "roofline",
        f"Dense 2048×2048 at batch {batch}: arithmetic intensity",
        hwacc("roofline-model"), f"AI = {printed} FLOP/byte", float(printed),
        law="dense", inputs=(("batch", str(batch)), ("in_features", "2048"),
                             ("out_features", "2048"), ("precision", "fp16")),
        result="intensity",
        disputed=f"The box's own formula gives 2·{batch}·2048²/(2·{batch}·2048 + 2·2048² + "
                 f"2·{batch}·2048) = {hand:.3g} FLOP/B, not {printed}.",
        hand_value=hand)
      for batch, printed in ((1, "2"), (32, "32"), (256, "186"))
      for hand in (2 * batch * 2048 * 2048 / (4 * batch * 2048 + 2 * 2048 * 2048),)),
    # Table tbl-memory-footprint: a 1024 × 1024 tensor, "4 MB"
    Example(
        "hwacc-fusion-tensor-size", "data movement", "One 1024×1024 FP32 intermediate tensor",
        hwacc("intermediate-memory-write-f140"), "4 MB", 4 * MB,
        law="model-states", inputs=(("params", "1048576"), ("w", "4"), ("g", "0"), ("m", "0"),
                                    ("s", "0")), result="total",
        note="2²⁰ FP32 values = 4.19 MB (4 MiB): each unfused step writes and re-reads one."),
    # "Training GPT-3 required approximately 3.14 x 10^23 floating-point operations; even at the
    # H100's peak FP16 throughput of nearly 2 petaFLOPS, completing this computation on a single
    # accelerator would require over five years"
    Example(
        "hwacc-gpt3-single-h100", "training", "GPT-3's training compute on one H100 at peak",
        hwacc("kernel-scheduling-utilization-99d6"), "over five years", 5 * YEAR,
        law="time-to-train", inputs=(("flops", "3.14e23"), ("devices", "1"),
                                     ("peak", "1979 TFLOP/s"), ("utilization", "1")),
        result="time", tolerance=0.5 * YEAR,
        note="3.14×10²³ / 1.979×10¹⁵ FLOP/s = 5.03 years. 'Nearly 2 petaFLOPS' is the 2:4-"
             "sparse FP16 rate; at the dense 989 TFLOP/s it is 10 years.",
        catalog=(CatalogValue("h100-sxm", "peak:fp16", "nearly 2 petaFLOPS",
                              "the 2:4-sparse figure; dense FP16 is 989 TFLOP/s"),)),
)

MNIST_MACS = 784 * 128 + 128 * 64 + 64 * 10  # 109,184, the cells' MNISTInference.total_macs
MNIST_PARAMS = 785 * 128 + 129 * 64 + 65 * 10  # 109,386 with biases

NN_COMPUTATION: tuple[Example, ...] = (
    # MNISTInference: total_macs = 784×128 + 128×64 + 64×10 = 109,184; "recognizing a single
    # handwritten digit ... requires 109,184 MAC operations"
    Example(
        "nncomp-mnist-macs", "roofline", "MNIST 784→128→64→10: MACs for one digit",
        nncomp("deep-learning-systems-engineering-foundation-597f"), "109,184 MAC operations",
        float(MNIST_MACS), law="dense-params",
        inputs=(("widths", "784, 128, 64, 10"), ("bias", "no")), result="weights",
        note="At batch 1 each weight is one multiply-accumulate."),
    # ParadigmSystemsCost: dl_params_with_bias = 109,386; dl_weight_kb = 109,386 × 4 / 1024 = 427.3
    Example(
        "nncomp-mnist-params", "training", "MNIST 784→128→64→10: parameters with biases",
        nncomp("deep-learning-automatic-pattern-discovery-214d"), "109,386 learned parameters",
        float(MNIST_PARAMS), law="dense-params", inputs=(("widths", "784, 128, 64, 10"),),
        result="params"),
    Example(
        "nncomp-mnist-weights-fp32", "training", "MNIST 784→128→64→10: FP32 weights",
        nncomp("deep-learning-automatic-pattern-discovery-214d"), "~427 KB in FP32", 427 * KIB,
        law="dense-params", inputs=(("widths", "784, 128, 64, 10"), ("precision", "fp32")),
        result="memory",
        note="109,386 × 4 B = 437,544 B = 427.3 KiB: the cell divides by 1024 "
             "(`ironlaw --binary` prints it the book's way)."),
    # dl_ops_ratio = 109,184 / 100 (rule-based comparisons) = 1,092
    Example(
        "nncomp-mnist-vs-rules", "speedup", "MNIST MLP against ~100 rule-based comparisons",
        nncomp("deep-learning-automatic-pattern-discovery-214d"), "1,092× more", 1092.0,
        law="ratio", inputs=(("a", str(MNIST_MACS)), ("b", "100")), result="ratio"),
    # "roughly 8,000 arithmetic operations ... about 80× more compute than the rule-based approach"
    Example(
        "nncomp-hog-vs-rules", "speedup", "HOG + linear classifier against ~100 comparisons",
        nncomp("feature-engineering-bottleneck-6172"), "about 80× more compute", 80.0,
        law="ratio", inputs=(("a", "8000"), ("b", "100")), result="ratio"),
    # "Training GPT-4 consumed an estimated 50,000 MWh, enough to power approximately 5,000 US
    # homes for a year" with "~10.5 MWh/year" per household (fn-energy-scale-training)
    Example(
        "nncomp-gpt4-households", "energy", "GPT-4's training energy in US household-years",
        nncomp("evolution-neural-network-computing-8754"), "approximately 5,000 US homes",
        5000.0, law="ratio", inputs=(("a", "50000 MWh"), ("b", "10.5 MWh")), result="ratio",
        note="50,000/10.5 = 4,762 household-years."),
    # "Training compute for frontier AI models grows approximately 4--5× per year, with a
    # doubling time of roughly 5–6 months"
    *(Example(
        f"nncomp-compute-doubling-{factor}x", "training",
        f"Compute growing {factor}× a year: its doubling time",
        nncomp("evolution-neural-network-computing-8754"), "roughly 5–6 months", months / 12 * YEAR,
        law="doubling-time", inputs=(("factor", str(factor)), ("period", "1 year")),
        result="doubling", tolerance=0.5 / 12 * YEAR,
        note=f"{factor}× a year doubles every 12/log₂{factor} = {12 / log2:.2f} months; the "
             "book's range covers 4–5×.")
      for factor, months, log2 in ((4, 6.0, 2.0), (5, 5.0, 2.321928))),
    # ActivationLogic: ratio = 2,500 / 50 transistors; "increases the silicon price of an
    # activation by over 50×"
    Example(
        "nncomp-sigmoid-vs-relu-transistors", "energy", "The transistor tax: sigmoid against ReLU",
        nncomp("transistor-tax"), "over 50×", 50.0,
        law="ratio", inputs=(("a", "2500"), ("b", "50")), result="ratio",
        note="~2,500 transistors for an exponential unit, ~50 for a comparator and multiplexer."),
    # "connecting our 784-dimensional input layer to a hidden layer of 128 neurons requires
    # 100,352 weight parameters (784×128)"
    Example(
        "nncomp-mnist-first-layer-weights", "training", "MNIST first layer 784→128: weights",
        nncomp("layer-connectivity-design-patterns-c66e"), "100,352 weight parameters",
        100352.0, law="dense-params", inputs=(("widths", "784, 128"), ("bias", "no")),
        result="weights"),
    # Callout "Memory: Training vs. Inference", step 1 (MNISTMemory.p1/p2/p3 = w + b per layer)
    *(Example(
        f"nncomp-mnist-layer{i}-params", "training",
        f"MNIST layer {i} ({n_in}→{n_out}): weights and biases",
        nncomp("model-size-computational-complexity-1f0f"), f"{total:,}", float(total),
        law="dense-params", inputs=(("widths", f"{n_in}, {n_out}"),), result="params")
      for i, n_in, n_out, total in ((1, 784, 128, 100480), (2, 128, 64, 8256),
                                    (3, 64, 10, 650))),
    # param_mem_kb = 109,386 × 4 / 1024 = 427.29 → "427.3 KB"
    Example(
        "nncomp-mnist-parameter-memory", "training", "MNIST 784→128→64→10: parameter memory",
        nncomp("model-size-computational-complexity-1f0f"), "427.3 KB", 427.3 * KIB,
        law="train-memory", inputs=(("params", str(MNIST_PARAMS)), ("precision", "fp32"),
                                    ("optimizer", "sgd")), result="weights_only",
        note="KB is KiB in this chapter's cells (÷ 1024)."),
    # Step 2: activations at batch 32, FP32: input 32 × 784 → 98.0 KB, hidden1 32 × 128 → 16.0 KB,
    # hidden2 32 × 64 → 8.0 KB
    *(Example(
        f"nncomp-mnist-batch32-activations-{name}", "training",
        f"MNIST at batch 32: {label} activations in FP32",
        nncomp("model-size-computational-complexity-1f0f"), f"{kib:.1f} KB", kib * KIB,
        law="dense", inputs=(("batch", "32"), ("in_features", n_in), ("out_features", n_out),
                             ("precision", "fp32")), result=key,
        note=f"{label.capitalize()}: 32 × {width} values × 4 B.")
      for name, label, n_in, n_out, key, width, kib in (
          ("input", "input", "784", "128", "inputs", 784, 98.0),
          ("hidden1", "first hidden layer", "784", "128", "outputs", 128, 16.0),
          ("hidden2", "second hidden layer", "128", "64", "outputs", 64, 8.0))),
    # Step 3: "Optimizer state (Adam stores momentum + velocity, 2× parameters): 854.6 KB"
    Example(
        "nncomp-mnist-adam-state", "training", "MNIST MLP: Adam's two moments in FP32",
        nncomp("model-size-computational-complexity-1f0f"), "854.6 KB", 854.6 * KIB,
        law="train-memory", inputs=(("params", str(MNIST_PARAMS)), ("precision", "fp32"),
                                    ("optimizer", "adam")), result="optimizer_state",
        note="109,386 × 8 B = 875,088 B = 854.6 KiB."),
    # Step 2's total: MNISTMemory.batch_act_sizes = 32 × [784, 128, 64, 10], summed
    # 25,088 + 4,096 + 2,048 + 320 = 31,552 values; × 4 B / 1024 = 123.25 → fmt(precision=1),
    # an f-string ".1f" that rounds the exact 123.25 half to even: "123.2"
    *(Example(
        f"nncomp-mnist-batch32-activations-{name}", "training",
        f"MNIST at batch 32: every layer's activations, {what}",
        nncomp("model-size-computational-complexity-1f0f"), printed, value,
        law="mlp-memory", inputs=(("widths", "784, 128, 64, 10"), ("batch", "32")),
        result=key, tolerance=tolerance, note=note)
      for name, what, printed, value, key, tolerance, note in (
          ("values", "in values", "31,552", 31552.0, "values", None,
           "32 × (784 + 128 + 64 + 10) = 32 × 986."),
          ("total", "in FP32", "123.2 KB", 123.2 * KIB, "activations", 0.1 * KIB,
           "31,552 × 4 B = 126,208 B = 123.25 KiB, which the cell prints as 123.2 (Python "
           "rounds the exact half to even; hence ±0.1 KiB)."))),
    # MNISTMemory: training_total_kb = param 427.29 + activations 123.25 + gradients 427.29
    # + Adam 854.58 = 1,832.41 KiB → / 1024 = 1.79 → "~1.8 MB"; inference_total_kb (batch 1)
    # = 427.29 + 986 × 4/1024 = 427.29 + 3.85 = 431.14 → "~431 KB"; training_ratio =
    # 1,832.41/431.14 = 4.250 → "4.3"
    *(Example(
        f"nncomp-mnist-{name}", "training", title,
        nncomp("model-size-computational-complexity-1f0f"), printed, value,
        law="mlp-memory", inputs=(("widths", "784, 128, 64, 10"), ("batch", "32")),
        result=key, note=note)
      for name, title, printed, value, key, note in (
          ("training-memory", "MNIST MLP: training memory at batch 32 with Adam, FP32",
           "~1.8 MB", 1.8 * KIB * KIB, "training",
           "Weights, gradients and Adam's two moments (4 × 437,544 B) plus the batch's "
           "126,208 B of activations: 1,876,384 B = 1.79 MiB (MB is MiB in the cells)."),
          ("inference-memory", "MNIST MLP: inference memory for one image, FP32",
           "~431 KB", 431 * KIB, "inference",
           "437,544 B of parameters + 986 × 4 B of one image's activations = 441,488 B = "
           "431.1 KiB. The callout's table shows the batch's 123.2 KB of activations in its "
           "inference column too, but its total counts one image's."),
          ("training-vs-inference", "MNIST MLP: training memory over inference memory",
           "4.3×", 4.3, "ratio",
           "1,876,384/441,488 = 4.25, which the cell rounds to 4.3."))),
    # MemoryExplosionCalc: GPT2_PARAMS = 1.5e9 (mlsysim/core/constants.py at the same commit);
    # mem_jump = 1.5e9 / 109,386 = 13,712.9 → "13,713"
    Example(
        "nncomp-memory-explosion-gpt2", "training", "From the MNIST MLP to GPT-2 XL: the jump",
        nncomp("model-size-computational-complexity-1f0f"), "a 13,713× jump", 13713.0,
        law="ratio", inputs=(("a", "1.5e9"), ("b", str(MNIST_PARAMS))), result="ratio",
        note="GPT-2's 1.5 B parameters (mlsysim GPT2_PARAMS) over the MLP's 109,386."),
    # MentalMathCalc: 100M × 4 B × 4 = 1.6 GB
    Example(
        "nncomp-mental-math-100m", "training", "Napkin math: training a 100 M-parameter model",
        nncomp("model-size-computational-complexity-1f0f"), "1.6 GB for model", 1.6 * GB,
        law="train-memory", inputs=(("params", "100e6"), ("precision", "fp32"),
                                    ("optimizer", "adam")), result="total",
        note="Weights, gradients and Adam's two moments: 4 × 4 B a parameter."),
    # Callout "Counting Ops in Forward Pass" (MnistFlopsCalc, batch 32)
    *(Example(
        f"nncomp-forward-layer{i}-matmul", "roofline",
        f"MNIST forward pass at batch 32: layer {i} matmul",
        nncomp("matrix-multiplication-formulation-417c"), f"{flops:,}", float(flops),
        law="dense", inputs=(("batch", "32"), ("in_features", n_in), ("out_features", n_out),
                             ("precision", "fp32")), result="flops",
        note=f"2 × 32 × {n_in} × {n_out}.")
      for i, n_in, n_out, flops in ((1, "784", "128", 6422528), (2, "128", "64", 524288),
                                    (3, "64", "10", 40960))),
    # total_flops = 2·32·(weights) + 2·32·(biases) = 2 × 32 × 109,386 = 7,000,704 → "~7.0 MOps"
    Example(
        "nncomp-forward-total", "roofline", "MNIST forward pass at batch 32: all operations",
        nncomp("matrix-multiplication-formulation-417c"), "~7.0 MOps", 7.0e6,
        law="inference-flops", inputs=(("parameters", str(MNIST_PARAMS)), ("tokens", "32")),
        result="flops", tolerance=0.05e6,
        note="The box counts 2 operations per weight (multiply, add) and 2 per bias (add, "
             "ReLU): 2 × 32 × 109,386 = 7,000,704, which is 2·P·n with P counting biases."),
    # per_image_kops = 7,000,704 / 32 / 1000 = 218.8 → "~219 KOps per image"
    Example(
        "nncomp-forward-per-image", "roofline", "MNIST forward pass: operations per image",
        nncomp("matrix-multiplication-formulation-417c"), "~219 KOps per image", 219e3,
        law="inference-flops", inputs=(("parameters", str(MNIST_PARAMS)), ("tokens", "1")),
        result="flops", tolerance=0.5e3),
    # layer1_pct = 100,352 / 109,184 = 91.9 → "92%"
    Example(
        "nncomp-forward-layer1-share", "roofline", "MNIST: the first layer's share of the MACs",
        nncomp("matrix-multiplication-formulation-417c"), "92% of all operations", 0.92,
        law="ratio", inputs=(("a", "100352"), ("b", str(MNIST_MACS))), result="ratio"),
    # arith_intensity = 7,000,704 / (inference_total_kb × 1024) = 7,000,704 / (437,544 + 3,944)
    Example(
        "nncomp-forward-intensity", "roofline",
        "MNIST forward pass: the box's arithmetic intensity",
        nncomp("matrix-multiplication-formulation-417c"), "~15.9 FLOPs/byte", 15.9,
        law="roofline", inputs=(("peak", "10 TFLOP/s"), ("bandwidth", "1 TB/s"),
                                ("flops", "7000704"), ("bytes", "441488 B")), result="i",
        note="The cell divides the batch-32 operations by the batch-1 inference footprint: "
             "437,544 B of FP32 parameters + 3,944 B of activations (986 values). The "
             "fallacies section's 'approximately 0.5' is the batch-1 figure "
             "(nncomp-mnist-intensity-batch1). The 10 TFLOP/s GPU is the box's; the 1 TB/s "
             "bandwidth only draws the roof."),
    # "A modern GPU achieving 10 TFLOPS would process each image in ~22 nanoseconds"
    Example(
        "nncomp-forward-10-tflops", "roofline", "One MNIST image at 10 TFLOP/s of pure compute",
        nncomp("matrix-multiplication-formulation-417c"), "~22 nanoseconds", 22 * NS,
        law="time-to-train", inputs=(("flops", "218772"), ("devices", "1"),
                                     ("peak", "10 TFLOP/s"), ("utilization", "1")),
        result="time", tolerance=0.5 * NS),
    # Doubling the hidden widths (784→256→128→10): double_total = 2 × 32 × 235,146 = 15,049,344
    Example(
        "nncomp-forward-double-width", "roofline", "MNIST with hidden widths doubled: operations",
        nncomp("matrix-multiplication-formulation-417c"), "~15.0 MOps", 15.0e6,
        law="inference-flops", inputs=(("parameters", "235146"), ("tokens", "32")),
        result="flops", tolerance=0.05e6,
        note="784→256→128→10 has 200,960 + 32,896 + 1,290 = 235,146 weights and biases."),
    Example(
        "nncomp-forward-double-width-ratio", "roofline",
        "MNIST with hidden widths doubled: growth in operations",
        nncomp("matrix-multiplication-formulation-417c"), "about 2.15×", 2.15,
        law="ratio", inputs=(("a", "15049344"), ("b", "7000704")), result="ratio",
        note="L1 and L3 double, L2 quadruples: 2.15×, not 4×."),
    # "Total: 986 values (≈ 431 KB at 32-bit floating point precision)" after listing the layer
    # outputs 128, 64 and 10
    Example(
        "nncomp-inference-activations", "training",
        "MNIST inference: activation memory per image",
        nncomp("memory-computational-resources-d02b"),
        "≈ 431 KB", 431 * KIB,
        law="model-states", inputs=(("params", "202"), ("w", "4"), ("g", "0"), ("m", "0"),
                                    ("s", "0")), result="total",
        disputed="The listed outputs are 128 + 64 + 10 = 202 values = 808 B in FP32 (the cell's "
                 "986 adds the 784 inputs: 3.9 KB). 431 KB is the parameters' 427.3 KiB plus "
                 "those activations, the whole inference footprint.",
        hand_value=202 * 4.0),
    # UspsLenetSpecs: 10,000 × 4 B / 1024 = 39.06 → "~39 KB"
    Example(
        "nncomp-lenet1-storage", "training", "LeNet-1's ~10,000 FP32 parameters",
        nncomp("production-system-architecture-130f"), "~39 KB", 39 * KIB,
        law="train-memory", inputs=(("params", "10000"), ("precision", "fp32"),
                                    ("optimizer", "sgd")), result="weights_only",
        tolerance=0.5 * KIB, note="40,000 B = 39.1 KiB."),
    # tbl-then-vs-now
    *(Example(
        f"nncomp-usps-then-vs-now-{name}", "speedup", f"USPS LeNet, 1990s vs 2025: {label}",
        nncomp("key-engineering-lessons-design-principles-f84e"), printed, value,
        law="ratio", inputs=(("a", a), ("b", b)), result="ratio")
      for name, label, printed, value, a, b in (
          ("cost", "hardware cost", "1,000×", 1000.0, "$50000", "$50"),
          ("latency", "inference latency", "1,000×", 1000.0, "100 ms", "0.1 ms"),
          ("training", "training time", "8,640×", 8640.0, "3 days", "30 s"),
          ("energy", "energy per inference", "20,000×", 20000.0, "10 J", "0.5 mJ"),
          ("price", "price per inference", "1,000×", 1000.0, "$0.001", "$0.000001"))),
    # Pitfall: "A model achieving 20 ms inference fails its 50 ms budget when preprocessing adds
    # 25 ms and postprocessing adds 10 ms (55 ms total)"
    Example(
        "nncomp-pipeline-budget", "serving", "Pre-processing, inference and post-processing",
        nncomp("fallacies-pitfalls-3422"), "55 ms total", 55 * MS,
        law="pipeline", inputs=(("stages", "25 ms, 20 ms, 10 ms"),), result="total"),
    # Pitfall: "small networks like MNIST (784 to 128 to 64 to 10) have arithmetic intensity of
    # approximately 0.5 FLOPs/byte"
    Example(
        "nncomp-mnist-intensity-batch1", "roofline", "The MNIST MLP's intensity at batch 1",
        nncomp("fallacies-pitfalls-3422"), "approximately 0.5 FLOPs/byte", 0.5,
        law="roofline", inputs=(("peak", "10 TFLOP/s"), ("bandwidth", "1 TB/s"),
                                ("flops", "218772"), ("bytes", "437544 B")), result="i",
        tolerance=0.05,
        note="2 × 109,386 operations over the 437,544 B of FP32 parameters read once (the "
             "roof's 10 TFLOP/s and 1 TB/s do not enter I)."),
)

NN_ARCHITECTURES: tuple[Example, ...] = (
    # WorkloadSignatures (FP32): resnet 4.1e9 / 102e6, mobilenet 300e6 / 14e6, gpt2 3.0e9 / 6.0e9
    *(Example(
        f"nnarch-intensity-{name}", "roofline", f"{label}: arithmetic intensity (FP32 weights)",
        nnarch("workload-signatures"), printed, value,
        law="roofline", inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "2000 GB/s"),
                                ("flops", flops), ("bytes", data)), result="i",
        note=f"{flops} FLOPs per inference over {data} of weights, each read once.")
      for name, label, printed, value, flops, data in (
          ("resnet50", "ResNet-50", "~40.2", 40.2, "4.1e9", "102 MB"),
          ("mobilenetv2", "MobileNetV2", "~21.4", 21.4, "300e6", "14 MB"),
          ("gpt2", "GPT-2 XL, one token", "~0.50", 0.50, "3.0e9", "6.0 GB"))),
    # MLPvsCNN: mlp_p = 784·4096 + 4096·4096 + 4096·10 = 20,029,440 → "20M"
    Example(
        "nnarch-mnist-mlp-4096-params", "training", "MNIST MLP 784→4096→4096→10: weights",
        nnarch("learnability-gap-universal-approximation-enough-0624"), "≈ 20M parameters",
        20e6, law="dense-params", inputs=(("widths", "784, 4096, 4096, 10"), ("bias", "no")),
        result="weights", tolerance=0.5e6),
    # ratio = mlp_p // cnn_p with cnn_p = 288 + 18,432 + 401,408 + 1,280 = 421,408
    Example(
        "nnarch-mnist-mlp-vs-cnn", "training", "MNIST: the MLP's parameters over the CNN's",
        nnarch("learnability-gap-universal-approximation-enough-0624"),
        "CNN uses 47× fewer parameters", 47.0,
        law="ratio", inputs=(("a", "20029440"), ("b", "421408")), result="ratio", tolerance=1.0,
        note="The CNN's 3·3·1·32 + 3·3·32·64 + 64·7·7·128 + 128·10 = 421,408; the cell floors "
             "the quotient 47.5 (`//`)."),
    # LargeMLP: 2048 × 2048 = 4,194,304 params; model_memory(..., FP32, MB) = 16.8 → "17"
    Example(
        "nnarch-dense-2048-memory", "training", "A 2048→2048 dense layer in FP32",
        nnarch("memory-requirements-ecee"), "17 MB at FP32", 17 * MB,
        law="dense-params", inputs=(("widths", "2048, 2048"), ("bias", "no"),
                                    ("precision", "fp32")), result="memory",
        note="4,194,304 weights × 4 B = 16.8 MB."),
    # eq-dense-intensity: "roughly 0.5 FLOPs/byte (assuming FP32) if batch size is 1"
    Example(
        "nnarch-dense-intensity-batch1", "roofline", "The 784→100 MNIST layer at batch 1",
        nnarch("data-movement-28f8"), "roughly 0.5 FLOPs/byte", 0.5,
        law="dense", inputs=(("batch", "1"), ("in_features", "784"), ("out_features", "100"),
                             ("precision", "fp32")), result="intensity", tolerance=0.05,
        note="2·M·N over 4·M·N bytes of weights; counting the 784 inputs and 100 outputs too "
             "gives 0.494."),
    # CNNSharing: 224·224·3 = 150,528 over 3·3·3 = 27 → 5,575
    Example(
        "nnarch-cnn-parameter-sharing", "training",
        "Weights per feature detector: a dense neuron on 224×224×3 against a 3×3 filter",
        nnarch("algorithmic-structure-deb9"), "approximately 5,575× fewer", 5575.0,
        law="ratio", inputs=(("a", "150528"), ("b", "27")), result="ratio"),
)

EXAMPLES: tuple[Example, ...] = HW_ACCELERATION + NN_COMPUTATION + NN_ARCHITECTURES
