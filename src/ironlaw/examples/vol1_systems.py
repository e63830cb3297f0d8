"""The book's worked examples from more of the 2026 edition's chapters (vol1), as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. Each chapter file was read at the
commit its ``*_COMMIT`` names (the repository's files move at different commits); the quoted
sentence sits beside each example.
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example, chapter_file, sections

INTRODUCTION_COMMIT = "4f9f04bc8c8cd006d8fb55ed64232ec98106d7b1"
ML_SYSTEMS_COMMIT = "6adac1cb7ac03ce848e32b47f932d99bf8a52939"
DATA_ENGINEERING_COMMIT = "74dc784ff94f7119089e56d96becd6eb08d16a62"

MB, GB = 1e6, 1e9
HOUR, DAY, YEAR = 3600.0, 86400.0, 365.25 * 86400.0


introduction = sections(chapter_file("vol1", "introduction"), INTRODUCTION_COMMIT)
ml_systems = sections(chapter_file("vol1", "ml_systems"), ML_SYSTEMS_COMMIT)
data_engineering = sections(chapter_file("vol1", "data_engineering"), DATA_ENGINEERING_COMMIT)


_INTRODUCTION: tuple[Example, ...] = (
    Example(
        "introduction-svm-kernel-matrix", "training",
        "An SVM's kernel matrix on 100K points, 8-byte entries",
        introduction("sec-introduction-shallow-learning-era-2500"), "requires 80GB RAM", 80 * GB,
        law="model-states",
        inputs=(("params", "1e10"), ("w", "8"), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total",
        # "precomputing kernel matrices requires O(n²) memory, limiting SVMs to datasets under
        # ~100K points on typical hardware (a 100K×100K matrix with 8-byte entries requires
        # 80GB RAM)"
        note="100,000² = 10¹⁰ entries × 8 B, entered as model-states' bytes per element (the "
             "w slot); decimal GB."),
    Example(
        "introduction-gpt3-over-bert-large", "training",
        "GPT-3's 175 billion parameters against BERT-Large's 340 million",
        introduction("sec-introduction-deep-learning-era-f6c0"), "dwarfed it by over 500x",
        500.0, law="ratio", inputs=(("a", "175e9"), ("b", "340e6")), result="ratio",
        tolerance=100.0,
        # "GPT-3's 175 billion parameters dwarfed it by over 500x"
        note="175 × 10⁹/340 × 10⁶ = 515: 'over 500' is a lower bound, and it holds."),
    Example(
        "introduction-gpt3-bert-1000x-scale", "training",
        "GPT-3 as 'a 1,000x scale increase' over BERT-Large",
        introduction("sec-introduction-deep-learning-era-f6c0"), "a 1,000x scale increase",
        1000.0, law="ratio", inputs=(("a", "175e9"), ("b", "340e6")), result="ratio",
        # "With 175 billion parameters ... it represented a 1,000x scale increase from earlier
        # neural networks like BERT-Large (340 million parameters)."
        disputed="175 × 10⁹/340 × 10⁶ = 515×, as the chapter's own footnote says ('over "
                 "500x'); 1,000× would need a 175-million-parameter BERT.",
        hand_value=175e9 / 340e6),
    *(Example(
        f"introduction-gpt3-v100-fleet-{end}", "operations",
        f"GPT-3's 1,024 V100s at ${price:,} each",
        introduction("sec-introduction-deep-learning-era-f6c0"),
        "roughly $8-10 million in hardware alone", value, law="total-cost",
        inputs=(("items", "1024"), ("price", f"${price}")), result="cost", tolerance=0.5e6,
        # "Each V100 cost approximately $8,000-$10,000 (2020 pricing), making the 1,024 GPUs
        # used for GPT-3 training worth roughly $8-10 million in hardware alone"
        note=f"1,024 × ${price:,} = ${1024 * price:,}; the book rounds to ${value / 1e6:g} "
             "million (one significant digit, hence ±$0.5 million).")
      for end, price, value in (("low", 8000, 8e6), ("high", 10000, 10e6))),
    Example(
        "introduction-laion-vs-imagenet", "data movement",
        "LAION-5B's ~240 TB of images against ImageNet's ~150 GB",
        introduction("sec-introduction-deep-learning-era-f6c0"), "This 1000x growth", 1000.0,
        law="ratio", inputs=(("a", "240 TB"), ("b", "150 GB")), result="ratio",
        # "ImageNet's ~150GB size (2009) was manageable on single-server storage systems.
        # Modern vision datasets like LAION-5B (5 billion image-text pairs, ~240TB of images)
        # ... This 1000x growth in dataset size"
        disputed="240 TB/150 GB = 1,600×: the same order of magnitude as the book's 1000×, "
                 "but 60% more.",
        hand_value=240e12 / 150e9),
    Example(
        "introduction-dartmouth-million-fold", "training",
        "350 GB of model memory against 1950s hardware's 64 KB",
        introduction("sec-introduction-symbolic-ai-era-9d27"), "1,000,000× more resources",
        1e6, law="ratio", inputs=(("a", "350 GB"), ("b", "64 kB")), result="ratio",
        # "they assumed AI would fit on 1950s hardware (64 KB memory maximum ...). Reality
        # required 1,000,000× more resources: modern language models use 350 GB memory"
        disputed="350 GB/64 kB = 5.5 million× (5.3 million× with a binary 64 KiB): the "
                 "'million-fold' is low by a factor of five.",
        hand_value=350e9 / 64e3),
    Example(
        "introduction-alexnet-top5-relative", "training",
        "AlexNet's 15.3% top-5 error against the runner-up's 26.2%",
        introduction("sec-introduction-deep-learning-era-f6c0"),
        "a 42% relative improvement", -0.42, law="ratio",
        inputs=(("a", "15.3"), ("b", "26.2")), result="change",
        # "achieving 15.3% top-5 error rate compared to 26.2% for second place, a 42% relative
        # improvement"
        note="The change from 26.2% to 15.3% error, (a − b)/b = −41.6%: the error fell by 42%."),
    Example(
        "introduction-alexnet-gpu-hours", "training",
        "AlexNet: two GTX 580s training for six days, in GPU-hours",
        introduction("sec-introduction-deep-learning-era-f6c0"),
        "approximately 288 GPU-hours", 288 * HOUR, law="resource-time",
        inputs=(("count", "2"), ("each", "6 days"), ("workers", "2")), result="total",
        # "The network required two NVIDIA GTX 580 GPUs ... Training consumed approximately 288
        # GPU-hours over 6 days (2 GPUs operating continuously)"
        note="2 GPUs × 6 days × 24 h = 288 GPU-hours; shared by the two GPUs they take the "
             "6 days of wall-clock time."),
)

_ML_SYSTEMS: tuple[Example, ...] = (
    Example(
        "ml-systems-cloud-inference-annual-cost", "operations",
        "1 million cloud inferences a day at $0.001 each, for a year",
        ml_systems("sec-ml-systems-cloud-ml-tradeoffs-constraints-1654"),
        "annual costs reach $365,000", 365e3, law="total-cost",
        inputs=(("items", "365e6"), ("price", "$0.001")), result="cost",
        # "Consider a production system serving 1 million daily inferences at $0.001 each:
        # annual costs reach $365,000, compared to $100,000 for equivalent edge hardware"
        note="1 million a day × 365 days = 365 million inferences."),
    Example(
        "ml-systems-gpt3-1000-v100s", "training",
        "GPT-3's 3,640 petaflop-days on 1,000 V100s",
        ml_systems("sec-ml-systems-cloud-ml-maximizing-computational-power-f232"),
        "running 1,000 NVIDIA V100 GPUs continuously for 355 days", 355 * DAY,
        law="time-to-train",
        inputs=(("flops", "3.145e23"), ("devices", "1000"), ("peak", "28 TFLOP/s"),
                ("utilization", "1")), result="time",
        # "Modern language models like GPT-3 required 3,640 petaflop-days of compute for
        # training, equivalent to running 1,000 NVIDIA V100 GPUs continuously for 355 days"
        disputed="3,640 PF-days = 3.145 × 10²³ FLOP. The 355 comes from '355 years on one "
                 "V100' (28 TFLOP/s sustained, see introduction-gpt3-single-v100): a thousand "
                 "V100s take a thousandth of it, 0.355 years = 130 days, not 355 days.",
        hand_value=3640e15 * DAY / (1000 * 28e12)),
    Example(
        "ml-systems-retail-camera-bandwidth", "data movement",
        "50 store cameras: 100 Mbps of video against under 1 Mbps of metadata",
        ml_systems("sec-ml-systems-edge-ml-benefits-deployment-challenges-6e28"),
        "a 99% reduction", -0.99, law="ratio",
        inputs=(("a", "1 Mbit/s"), ("b", "100 Mbit/s")), result="change",
        # "a retail store with 50 cameras streaming video can reduce bandwidth requirements
        # from 100 Mbps ... to less than 1 Mbps by processing locally and transmitting only
        # metadata, a 99% reduction"
        note="(1 − 100)/100 = −99%."),
    Example(
        "ml-systems-edge-1000-device-links", "data movement",
        "Edge network coordination: the links among 1,000 devices",
        ml_systems("sec-ml-systems-edge-ml-benefits-deployment-challenges-6e28"),
        "has 499,500 possible connections", 499500.0, law="pair-count",
        inputs=(("n", "1000"),), result="pairs",
        # fn-edge-coordination: "For n edge devices, the number of potential communication
        # paths is n(n-1)/2. A network of 1,000 devices has 499,500 possible connections."
        note="1,000 × 999/2 = 499,500."),
    Example(
        "ml-systems-phone-100-inferences-battery", "energy",
        "100 inferences an hour at 0.1 J each, as a share of an 18 Wh phone battery a day",
        ml_systems("sec-ml-systems-mobile-ml-benefits-resource-constraints-63a1"),
        "consumes 0.36% of battery daily", 0.0036, law="ratio",
        inputs=(("a", "240 J"), ("b", "18 Wh")), result="ratio",
        # "processing 100 inferences per hour at 0.1 joules each consumes 0.36% of battery
        # daily"; the chapter's phones have "Battery constraints (18-22Wh capacity)"
        disputed="100 × 24 h × 0.1 J = 240 J a day: 0.37% of an 18 Wh (64.8 kJ) battery, "
                 "0.30% of a 22 Wh one; 0.36% is neither.",
        hand_value=240 / (18 * 3600)),
    Example(
        "ml-systems-coin-cell-lifetime", "energy",
        "A CR2032 coin cell (250 mAh at 3 V) powering 10 mW",
        ml_systems("sec-ml-systems-tiny-ml-ubiquitous-sensing-scale-51d8"),
        "can operate devices for 1-5 years", YEAR, law="battery-life",
        inputs=(("capacity", "0.75 Wh"), ("power", "10 mW")), result="runtime",
        # "CR2032 being most common) providing 200-250mAh at 3V. When powering TinyML devices at
        # 10-50mW average consumption, these batteries can operate devices for 1-5 years"
        disputed="250 mAh × 3 V = 0.75 Wh; at 10 mW that lasts 75 hours (3.1 days), at 50 mW "
                 "15 hours. Years on a coin cell need a mean draw of tens of microwatts "
                 "(0.75 Wh/1 year = 86 µW).",
        hand_value=0.75 / 10e-3 * HOUR),
    Example(
        "ml-systems-train-vs-query-cost", "operations",
        "GPT-3's $4.6M training against under $0.01 a query",
        ml_systems("sec-ml-systems-trainserve-split-b9a1"), "This 1,000,000x cost difference",
        1e6, law="ratio", inputs=(("a", "$4,600,000"), ("b", "$0.01")), result="ratio",
        # "Training large models can cost $1-10M (GPT-3: $4.6M in compute costs) but inference
        # costs <$0.01 per query when deployed efficiently. This 1,000,000x cost difference"
        disputed="$4.6 M/$0.01 = 4.6 × 10⁸ (the range's $1–10 M gives 10⁸–10⁹): a hundred "
                 "times more than a million.",
        hand_value=4.6e6 / 0.01),
    Example(
        "ml-systems-memory-v100-vs-iphone", "training",
        "Device memory: a V100's 16 GB against an iPhone's 4 GB",
        ml_systems("sec-ml-systems-deployment-paradigm-foundations-0c17"), "4×", 4.0,
        law="ratio", inputs=(("a", "16 GB"), ("b", "4 GB")), result="ratio",
        # fig-vMLsizes: "Memory: 16 GB | 4 GB | 320 kB", arrows "4×" and "3100×"
        note="The figure's first memory arrow (after Lin et al., MCUNet)."),
    Example(
        "ml-systems-memory-iphone-vs-mcu", "training",
        "Device memory: an iPhone's 4 GB against an STM32F746's 320 kB",
        ml_systems("sec-ml-systems-deployment-paradigm-foundations-0c17"), "3100×", 3100.0,
        law="ratio", inputs=(("a", "4 GB"), ("b", "320 kB")), result="ratio",
        # fig-vMLsizes: "Memory: 16 GB | 4 GB | 320 kB", arrows "4×" and "3100×"
        disputed="4 GB/320 kB = 12,500× (13,107× in binary units), four times the figure's "
                 "3100×.",
        hand_value=4e9 / 320e3),
    Example(
        "ml-systems-storage-phone-vs-mcu", "training",
        "Device storage: a phone's 64 GB against a microcontroller's 1 MB",
        ml_systems("sec-ml-systems-deployment-paradigm-foundations-0c17"), "6400×", 6400.0,
        law="ratio", inputs=(("a", "64 GB"), ("b", "1 MB")), result="ratio",
        # fig-vMLsizes: "Storage: TB ~ PB | > 64 GB | 1 MB", arrows "1000×" and "6400×"
        disputed="64 GB/1 MB = 64,000× (65,536× in binary units): the figure drops a zero.",
        hand_value=64e9 / 1e6),
    *(Example(
        f"ml-systems-figure-{name}-storage", "training", title,
        ml_systems("sec-ml-systems-deployment-paradigm-foundations-0c17"), printed,
        value * MB, law="model-states",
        inputs=(("params", params), ("w", width), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total",
        # fig-vMLsizes: "Storage ... ResNet-50 102 MB | MobileNetV2 13.6 MB |
        # MobileNetV2 (int8) 3.4 MB"
        note=note)
      for name, title, printed, value, params, width, note in (
          ("resnet50", "ResNet-50's weights in FP32", "102 MB", 102, "25.6e6", "4",
           "25.6 M parameters (the count the Serving chapter uses) × 4 B = 102.4 MB."),
          ("mobilenetv2", "MobileNetV2's weights in FP32", "13.6 MB", 13.6, "3.4e6", "4",
           "3.4 M parameters (Sandler et al., 2018; the figure does not print the count) × "
           "4 B."),
          ("mobilenetv2-int8", "MobileNetV2's weights in INT8", "3.4 MB", 3.4, "3.4e6", "1",
           "3.4 M parameters × 1 B."))),
)

_DATA_ENGINEERING: tuple[Example, ...] = (
    Example(
        "data-engineering-pcm-16khz-rate", "data movement",
        "16-bit PCM at 16 kHz: one second of audio",
        data_engineering("sec-data-engineering-scalability-patterns-515d"),
        "yielding 32 KB/second", 32e3, law="dense",
        inputs=(("batch", "1"), ("in_features", "1"), ("out_features", "16000"),
                ("precision", "fp16")), result="outputs",
        # "storing each sample as a 16-bit integer (65,536 possible values) sampled 16,000
        # times per second, yielding 32 KB/second of uncompressed audio data"
        note="16,000 samples × 2 B: a one-second [1, 16,000] tensor of 2-byte values, as "
             "data-engineering-kws-raw-storage counts the whole corpus; decimal kB."),
    Example(
        "data-engineering-label-cost-naive", "operations",
        "1 million labels at $0.10, before review and rework",
        data_engineering("sec-data-engineering-building-reliable-labeling-platforms-153a"),
        "the $100,000 that naive calculation suggests", 100e3, law="total-cost",
        inputs=(("items", "1e6"), ("price", "$0.10")), result="cost",
        # "a dataset requiring 1 million labels at $0.10 per label with 10% expert review
        # (costing 5x more, or $0.50) and 20% rework reaches $138,000, not the $100,000 that
        # naive calculation suggests"
        note="N × Cost_label, the first factor of the book's Total Cost = N × Cost_label × "
             "(1 + R_review) × (1 + R_rework); the whole formula is "
             "data-engineering-label-cost-review-rework."),
    Example(
        "data-engineering-label-cost-review-rework", "operations",
        "1 million labels at $0.10 with 10% expert review and 20% rework",
        data_engineering("sec-data-engineering-building-reliable-labeling-platforms-153a"),
        "reaches $138,000", 138e3, law="labeling-cost",
        inputs=(("items", "1e6"), ("price", "$0.10"), ("review", "0.1"), ("rework", "0.2")),
        result="cost",
        # "$$\text{Total Cost} = N \times \text{Cost}_{\text{label}} \times (1 +
        # R_{\text{review}}) \times (1 + R_{\text{rework}})$$ ... a dataset requiring 1
        # million labels at $0.10 per label with 10% expert review (costing 5x more, or $0.50)
        # and 20% rework reaches $138,000, not the $100,000 that naive calculation suggests"
        disputed="The chapter's own formula on its own inputs gives $100,000 × 1.1 × 1.2 = "
                 "$132,000. Pricing the reviewed 10% at $0.50 instead gives ($100,000 + "
                 "$50,000) × 1.2 = $180,000. $138,000 equals $100,000 × 1.15 × 1.2: a 15% review "
                 "(the top of the chapter's 5-15% range), not the 10% it states.",
        hand_value=1e6 * 0.10 * 1.1 * 1.2),
    Example(
        "data-engineering-labeling-vs-training", "operations",
        "Labeling at $138,000 against $50 of ResNet-50 training compute",
        data_engineering("sec-data-engineering-building-reliable-labeling-platforms-153a"),
        "nearly 3,000x less than labeling", 3000.0, law="ratio",
        inputs=(("a", "$138,000"), ("b", "$50")), result="ratio",
        # "For comparison, training a ResNet-50 model on this data might cost only $50 for
        # compute—nearly 3,000x less than labeling"
        note="138,000/50 = 2,760×."),
    Example(
        "data-engineering-annotation-write-rate", "operations",
        "10,000 annotations an hour as database writes per second",
        data_engineering("sec-data-engineering-building-reliable-labeling-platforms-153a"),
        "would require 2-3 writes per second", 2.5, law="arithmetic",
        inputs=(("expression", "10000 / [1 h]"),), result="result", tolerance=0.5,
        # "A labeling platform processing 10,000 annotations per hour ... Writing each
        # annotation immediately to a persistent database like PostgreSQL for durability
        # would require 2-3 writes per second"
        note="10,000/3,600 s = 2.78 /s, inside the book's 2–3 (compared with the range's "
             "middle, ±0.5)."),
    Example(
        "data-engineering-columnar-io-reduction", "data movement",
        "Columnar storage: reading 20 of 100 columns",
        data_engineering("sec-data-engineering-ml-storage-systems-architecture-options-0aaa"),
        "achieving 80% I/O reduction", -0.80, law="ratio",
        inputs=(("a", "20"), ("b", "100")), result="change",
        # "Consider a fraud detection dataset with 100 columns where models typically use 20
        # features—columnar storage reads only needed columns, achieving 80% I/O reduction
        # before even considering compression."
        note="(20 − 100)/100 = −80% of the bytes read, for columns of equal width."),
    Example(
        "data-engineering-segmentation-labels", "data movement",
        "A segmentation mask for a 1920×1080 image: one label per pixel",
        data_engineering("sec-data-engineering-label-types-system-requirements-0578"),
        "requires 2 million labels", 2e6, law="dense",
        inputs=(("batch", "1"), ("in_features", "1920"), ("out_features", "1080"),
                ("precision", "int8")), result="macs",
        # "A segmentation mask for a 1920x1080 image requires 2 million labels (one per
        # pixel)"
        note="1920 × 1080 = 2,073,600: the dense law's B·n_in·n_out counts the grid."),
    Example(
        "data-engineering-mswc-manual-person-years", "operations",
        "Labeling MSWC's 23.4 million examples by hand at 10 seconds each",
        data_engineering("sec-data-engineering-case-study-automated-labeling-kws-systems-9549"),
        "approximately 2,600 person-years", 2600.0, law="resource-time",
        inputs=(("count", "23.4e6"), ("each", "10 s"), ("work_year", "2000 h")),
        result="worker_years",
        # "Scalability necessitates automation rather than manual labeling because 23.4 million
        # examples would require approximately 2,600 person-years of effort at even 10 seconds
        # per label"
        disputed="23.4 × 10⁶ × 10 s = 2.34 × 10⁸ s = 65,000 hours: 7.4 years of one "
                 "annotator labeling around the clock, 32.5 person-years at 2,000 working "
                 "hours a year. 2,600 person-years is 80 times that.",
        hand_value=23.4e6 * 10 / (2000 * HOUR)),
    *(Example(
        f"data-engineering-kws-{tier}-cost-{end}", "operations",
        f"The 736 GB KWS dataset on {label} at ${price}/TB/month",
        data_engineering("sec-data-engineering-ml-storage-requirements-performance-1bc9"),
        printed, value, law="total-cost",
        inputs=(("items", "0.736"), ("price", f"${price}")), result="cost",
        tolerance=tolerance,
        # "Consider the economics of storing our KWS training dataset (736 GB): object storage
        # costs $15-18/month ... while maintaining working datasets on NVMe for active
        # training costs $74-220/month"; tbl-storage-performance: "NVME SSD (local) |
        # $100-300", "Object Storage (S3, GCS) | $20-25"
        note=note)
      for tier, end, label, price, printed, value, tolerance, note in (
          ("object-storage", "low", "object storage", 20, "$15-18/month", 15.0, None,
           "0.736 TB × $20 = $14.72."),
          ("object-storage", "high", "object storage", 25, "$15-18/month", 18.0, 0.5,
           "0.736 TB × $25 = $18.40."),
          ("nvme", "low", "local NVMe", 100, "$74-220/month", 74.0, None,
           "0.736 TB × $100 = $73.60."),
          ("nvme", "high", "local NVMe", 300, "$74-220/month", 220.0, 5.0,
           "0.736 TB × $300 = $220.80, which the book truncates to 220; read as two "
           "significant figures like its partner 74 (±5)."))),
    Example(
        "data-engineering-kws-nvme-load", "data movement",
        "Loading the 736 GB KWS dataset at 5 GB/s",
        data_engineering("sec-data-engineering-ml-storage-requirements-performance-1bc9"),
        "completes dataset loading in 150 seconds", 150.0, law="transfer-time",
        inputs=(("data", "736 GB"), ("bandwidth", "5 GB/s")), result="time", tolerance=5.0,
        # "training that loads data at 5 GB/s completes dataset loading in 150 seconds,
        # compared to 7,360 seconds at typical object storage speeds, a 50x difference"
        note="736/5 = 147.2 s; the round 150 is read as two significant figures (±5 s)."),
    Example(
        "data-engineering-kws-object-storage-load", "data movement",
        "Loading the 736 GB KWS dataset from object storage at 100 MB/s",
        data_engineering("sec-data-engineering-ml-storage-requirements-performance-1bc9"),
        "compared to 7,360 seconds", 7360.0, law="transfer-time",
        inputs=(("data", "736 GB"), ("bandwidth", "100 MB/s")), result="time",
        # "compared to 7,360 seconds at typical object storage speeds"; tbl-storage-performance:
        # "Object Storage ... 100-500 MB/s (per connection)"
        note="The table's low end, 100 MB/s per connection."),
    Example(
        "data-engineering-nvme-vs-object-storage", "data movement",
        "NVMe at 5 GB/s against object storage at 100 MB/s",
        data_engineering("sec-data-engineering-ml-storage-requirements-performance-1bc9"),
        "a 50x difference", 50.0, law="ratio",
        inputs=(("a", "5 GB/s"), ("b", "100 MB/s")), result="ratio",
        # "provides 50x faster data loading ... a 50x difference that determines whether teams
        # can iterate multiple times daily"
        note="The same 50 as 7,360 s/147.2 s."),
    Example(
        "data-engineering-alexnet-to-gpt3", "training",
        "From AlexNet's 60 million parameters to GPT-3's 175 billion",
        data_engineering("sec-data-engineering-ml-storage-requirements-performance-1bc9"),
        "model size grew ~2,900-fold", 2900.0, law="ratio",
        inputs=(("a", "175e9"), ("b", "60e6")), result="ratio",
        # "from AlexNet's 60 million parameters in 2012 to GPT-3's 175 billion parameters in
        # 2020, model size grew ~2,900-fold in eight years"
        note="175 × 10⁹/60 × 10⁶ = 2,917."),
    Example(
        "data-engineering-model-versions-naive", "data movement",
        "Ten full copies of a 10 GB model",
        data_engineering("sec-data-engineering-ml-storage-requirements-performance-1bc9"),
        "would consume 100 gigabytes", 100 * GB, law="arithmetic",
        inputs=(("expression", "10 × [10 GB]"),), result="result",
        # "Storing 10 versions of a 10 gigabyte model naively would consume 100 gigabytes, but
        # most ML versioning systems store only deltas between versions"
        note="10 × 10 GB: what storing deltas (DVC, MLflow) avoids."),
    Example(
        "data-engineering-resnet50-25m-fp32", "training",
        "ResNet-50's 25 million parameters in FP32",
        data_engineering("sec-data-engineering-ml-storage-requirements-performance-1bc9"),
        "25 million parameters totaling 100 megabytes", 100 * MB, law="train-memory",
        inputs=(("params", "25e6"), ("precision", "fp32"), ("optimizer", "sgd")),
        result="weights_only",
        # "Consider ResNet-50 training where the model contains 25 million parameters
        # totaling 100 megabytes"
        note="25 × 10⁶ × 4 B, decimal MB."),
    Example(
        "data-engineering-resnet50-bytes-per-op", "roofline",
        "ResNet-50: 105 MB of weights and batch against 4 billion operations",
        data_engineering("sec-data-engineering-ml-storage-requirements-performance-1bc9"),
        "This yields 26 bytes moved per operation", 26.0, law="ratio",
        inputs=(("a", "105e6"), ("b", "4e9")), result="ratio",
        # "the model contains 25 million parameters totaling 100 megabytes, processing batches
        # of 32 images consuming five megabytes of input data, performing four billion
        # operations per forward pass. This yields 26 bytes moved per operation"
        disputed="(100 MB + 5 MB)/4 × 10⁹ operations = 0.026 bytes per operation (an "
                 "arithmetic intensity of 38 operations per byte): the book's 26 is off by a "
                 "factor of a thousand, and against 'below one byte per operation' it is "
                 "low, not high.",
        hand_value=105e6 / 4e9),
    *(Example(
        f"data-engineering-{codec}-100gb", "data movement",
        f"Decompressing a 100 GB dataset with {name} at {speed}",
        data_engineering("sec-data-engineering-ml-storage-requirements-performance-1bc9"),
        printed, minutes * 60.0, law="transfer-time",
        inputs=(("data", "100 GB"), ("bandwidth", speed)), result="time",
        # "Snappy achieves only two to three times compression but decompresses at 500
        # megabytes per second ... faster than gzip's 120 megabytes per second ... Training on
        # a 100 gigabyte dataset compressed with gzip requires 17 minutes of decompression
        # time, while Snappy requires only five minutes."
        disputed=why, hand_value=hand)
      for codec, name, speed, printed, minutes, why, hand in (
          ("gzip", "gzip", "120 MB/s", "requires 17 minutes of decompression time", 17,
           "100 GB/120 MB/s = 833 s = 13.9 minutes; 17 minutes would be 98 MB/s.",
           100e9 / 120e6),
          ("snappy", "Snappy", "500 MB/s", "Snappy requires only five minutes", 5,
           "100 GB/500 MB/s = 200 s = 3.3 minutes; five minutes would be 333 MB/s. (The "
           "12-minute gap the book multiplies by 50 epochs is 10.6 minutes by its own "
           "speeds: 8.8 hours, not 10.)",
           100e9 / 500e6))),
    Example(
        "data-engineering-snappy-vs-gzip-speed", "speedup",
        "Snappy's 500 MB/s decompression against gzip's 120 MB/s",
        data_engineering("sec-data-engineering-ml-storage-requirements-performance-1bc9"),
        "roughly three to four times faster", 4.0, law="ratio",
        inputs=(("a", "500 MB/s"), ("b", "120 MB/s")), result="ratio", tolerance=0.5,
        # "decompresses at 500 megabytes per second—roughly three to four times faster than
        # gzip's 120 megabytes per second"
        note="500/120 = 4.17: the top of the book's range (no digits printed, so ±0.5 "
             "around four)."),
    Example(
        "data-engineering-decompression-50-epochs", "data movement",
        "A 12-minute decompression gap per epoch, over 50 epochs",
        data_engineering("sec-data-engineering-ml-storage-requirements-performance-1bc9"),
        "compounds to 10 hours total", 10 * HOUR, law="resource-time",
        inputs=(("count", "50"), ("each", "12 min")), result="total",
        # "When training iterates over data for 50 epochs, this 12-minute difference per epoch
        # compounds to 10 hours total"
        note="50 × 12 min = 600 min = 10 h, on the book's 17 − 5 = 12 minutes; its own "
             "speeds give 13.9 − 3.3 = 10.6 minutes an epoch and 8.8 hours (see "
             "data-engineering-snappy-100gb)."),
    Example(
        "data-engineering-dataset-copies-per-experiment", "data movement",
        "A full copy of a 100 GB dataset for each of 10 experiments",
        data_engineering("sec-data-engineering-storage-across-ml-lifecycle-499b"),
        "would require one terabyte", 1e12, law="arithmetic",
        inputs=(("expression", "10 × [100 GB]"),), result="result", tolerance=0.5e12,
        # "A naive approach copying entire datasets for each experiment would exhaust storage
        # quickly—10 experiments on a 100 gigabyte dataset would require one terabyte."
        note="10 × 100 GB = 1,000 GB; the book spells the number ('one'): half a unit of it."),
    Example(
        "data-engineering-imagenet-epoch-rate", "data movement",
        "ImageNet's 1.2 million images in a 30-second epoch",
        data_engineering("sec-data-engineering-storage-across-ml-lifecycle-499b"),
        "loading 40,000 images per second", 40000.0, law="arithmetic",
        inputs=(("expression", "[1.2e6 images] / [30 s]"),), result="result",
        # "When training ResNet-50 on ImageNet's 1.2 million images across 8 GPUs ... At 30
        # seconds per epoch, this requires loading 40,000 images per second across all GPUs"
        note="1.2 × 10⁶/30 s."),
    Example(
        "data-engineering-imagenet-images-per-gpu", "training",
        "ImageNet's 1.2 million images split over 8 GPUs",
        data_engineering("sec-data-engineering-storage-across-ml-lifecycle-499b"),
        "each GPU processes approximately 4,000 images per epoch", 4000.0, law="ratio",
        inputs=(("a", "1.2e6"), ("b", "8")), result="ratio",
        # "When training ResNet-50 on ImageNet's 1.2 million images across 8 GPUs, each GPU
        # processes approximately 4,000 images per epoch at 256 image batch size."
        disputed="1.2 × 10⁶/8 = 150,000 images per GPU per epoch (586 batches of 256); the "
                 "4,000 is nearer the whole epoch's 4,688 batches of 256.",
        hand_value=1.2e6 / 8),
    Example(
        "data-engineering-precomputed-features", "data movement",
        "Precomputed ResNet features: 150 KB images to 5 KB vectors",
        data_engineering("sec-data-engineering-storage-across-ml-lifecycle-499b"),
        "achieving 30-fold storage reduction", 30.0, law="ratio",
        inputs=(("a", "150 kB"), ("b", "5 kB")), result="ratio",
        # "Feature extraction for computer vision might precompute ResNet features from images,
        # converting 150 kilobyte images to five kilobyte feature vectors—achieving 30-fold
        # storage reduction"
        note="150/5."),
)

EXAMPLES: tuple[Example, ...] = _INTRODUCTION + _ML_SYSTEMS + _DATA_ENGINEERING
