"""The book's worked examples from more of the 2026 edition's chapters (vol1), as data.

Data Selection, Data Efficiency, Workflow, Responsible Engineering, Conclusion and the appendices
(Machine Foundations, System Assumptions, D·A·M Taxonomy, Data Foundations).
See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand. Each chapter file was read at the commit
its ``*_COMMIT`` names; the quoted sentence sits beside each example. Where the book prints a
value from an inline ``{python}`` cell, the value was worked out by hand from the cell's code and
the book's constants (``mlsysim/core/constants.py``: IMAGENET_IMAGES = 1,281,167,
RESNET50_FLOPs = 4.1 GFLOP a forward pass), with the arithmetic beside it; ``fmt(x, precision=0)``
prints a whole number.
"""

from __future__ import annotations

from ironlaw.examples.gallery import (
    CatalogValue,
    Example,
    Source,
    backmatter_file,
    chapter_file,
    sections,
)

DATA_SELECTION_COMMIT = "533cfa6e99101b7f4b5cb50717603f9be2104a25"
DATA_EFFICIENCY_COMMIT = "273b4b14cb7c184d92e5b9dde87f4599097adc95"
WORKFLOW_COMMIT = "da8e419df60f6aa2b066adeeab9a969e85e52685"
RESPONSIBLE_COMMIT = "4f1ae406461fd1dcfea2f6bdafe98af3f945f114"
CONCLUSION_COMMIT = "4f1ae406461fd1dcfea2f6bdafe98af3f945f114"
MACHINE_COMMIT = "4ac473278eb98ff40ed47e5b8f4a38bf414a7073"
ASSUMPTIONS_COMMIT = "a03ce064ecbea0f98c610ef15c4523dd277bca5a"
DAM_COMMIT = "2ce322def158c270d9611bf8290af2478ae63150"
DATA_APPENDIX_COMMIT = "b1d7fa677883809bdf5f4d9ef0611af44e44c967"
# the appendices' {python} cells import book/quarto/mlsys/constants.py, read at
CONSTANTS_COMMIT = "09602445de93bc6bef51ad8d2bda613b313678f3"

HOUR, MINUTE = 3600.0, 60.0


data_selection = sections(chapter_file("vol1", "data_selection"), DATA_SELECTION_COMMIT)
data_efficiency = sections(chapter_file("vol1", "data_efficiency"), DATA_EFFICIENCY_COMMIT)
workflow = sections(chapter_file("vol1", "workflow"), WORKFLOW_COMMIT)
responsible = sections(chapter_file("vol1", "responsible_engr"), RESPONSIBLE_COMMIT)
conclusion = sections(chapter_file("vol1", "conclusion"), CONCLUSION_COMMIT)
# the Machine Foundations, D·A·M Taxonomy and Data Foundations appendices
machine = sections(backmatter_file("vol1", "appendix_machine"), MACHINE_COMMIT,
                   "sec-machine-foundations-")
dam = sections(backmatter_file("vol1", "appendix_dam"), DAM_COMMIT, "sec-dam-taxonomy-")
data_foundations = sections(backmatter_file("vol1", "appendix_data"), DATA_APPENDIX_COMMIT,
                            "sec-data-foundations-")
# the Optimize part's opening page (its principles are callouts, cited by their anchor)
OPTIMIZE_PART = "book/quarto/contents/vol1/parts/optimize_principles.qmd"
optimize_part = sections(OPTIMIZE_PART, "050eeb5057d89ae34abb733c16aa8b94558df89a")
# the System Assumptions appendix: its sections are unnumbered, so examples cite its own anchor
SYSTEM_ASSUMPTIONS = Source(backmatter_file("vol1", "appendix_assumptions"),
                            "sec-system-assumptions", ASSUMPTIONS_COMMIT)


def _ds(key: str) -> Source:
    """data_selection.qmd's section anchors, by their first words."""
    return data_selection({
        "defining": "sec-data-selection-defining-data-selection-ef2f",
        "systems": "sec-data-selection-systems-perspective-bd61",
        "icr": "sec-data-selection-informationcompute-ratio-8c0b",
        "smaller": "sec-data-selection-case-smaller-datasets-215e",
        "curriculum": "sec-data-selection-curriculum-learning-easy-hard-2c4e",
        "active": "sec-data-selection-active-learning-humanintheloop-6932",
        "semi": "sec-data-selection-semisupervised-learning-using-unlabeled-data-51fc",
        "amortization": "sec-data-selection-economics-amortization-98bb",
        "domain-gap": "sec-data-selection-bridging-domain-gap-100b",
        "bottleneck": "sec-data-selection-selection-bottleneck-4d00",
        "random-access": "sec-data-selection-hardware-empathy-random-access-penalty-ef16",
        "echoing": "sec-data-selection-data-echoing-amortizing-io-costs-b4e0",
        "costs": "sec-data-selection-quantifying-data-costs-roi-f0b4",
        "breakeven": "sec-data-selection-breakeven-analysis-9a38",
        "runs": "sec-data-selection-amortization-across-training-runs-f6b8",
        "consistency": "sec-data-selection-consistency-challenges-active-learning-59c9",
        "frontier": "sec-data-selection-computeoptimal-frontier-24ba",
        "fallacies": "sec-data-selection-fallacies-pitfalls-f4d0",
    }[key])


_DATA_SELECTION: tuple[Example, ...] = (
    Example(
        "datasel-compute-data-gap", "training",
        "A 10,000-H100 cluster's 10T tokens against 5T tokens of quality web text",
        _ds("defining"), "leaving a 2× gap", 2.0, law="ratio",
        inputs=(("a", "10e12"), ("b", "5e12")), result="ratio",
        # cell gpt-llama-calc: gap_ratio = tokens_capacity / tokens_available = 10e12/5e12 = 2
        note="What three months of the cluster can process over the deduplicated, filtered "
             "tokens that exist."),
    Example(
        "datasel-iron-law-savings", "operations",
        "Halving the dataset of a $100M training run",
        _ds("systems"), "USD 50 M in compute savings", 50e6, law="arithmetic",
        inputs=(("expression", "0.5 × [$100,000,000]"),), result="result",
        # cell data-selection-savings-calc: data_pruning_pct = (1 − 1/2) × 100 = 50;
        # compute_savings_m = 100 × 50/100 = 50
        note="The pruned half of the run's cost: 0.5 × $100M."),
    *(Example(
        f"datasel-icr-{key}-flops", "training", title, _ds("icr"), printed, value,
        law="arithmetic", inputs=(("expression", f"2 × [4.1 GFLOP] × {images}"),),
        result="result",
        # cell data-selection-setup: resnet50_fwdbwd = 2 × 4.1 GFLOPs = 8.2 GFLOPs;
        # full_epoch = 1,281,167 × 8.2e9 = 1.0506e16 ("{:.2e}"); coreset = int(1,281,167 × 0.5)
        # = 640,583 images × 8.2e9 = 5.2528e15 ("{:.1e}")
        note="The book counts forward + backward as twice the 4.1 GFLOP forward pass: "
             f"2 × 4.1 GFLOP × {images} images = {hand}.")
      for key, title, images, printed, value, hand in (
          ("epoch", "ResNet-50: one ImageNet epoch, forward and backward", "1281167",
           "1.05e+16 FLOPs", 1.05e16, "1.0506 × 10¹⁶"),
          ("coreset", "ResNet-50: an epoch of a 50% EL2N coreset", "640583",
           "5.3e+15 FLOPs", 5.3e15, "5.2528 × 10¹⁵"))),
    Example(
        "datasel-icr-coreset-ratio", "training",
        "Information-compute ratio: a 50% coreset's 4.5 points against the full epoch's 5",
        _ds("icr"), "1.8× higher ICR", 1.8, law="ratio",
        inputs=(("a", "9"), ("b", "5")), result="ratio",
        # cell data-selection-setup: icr_ratio = (4.5/5.2528e15)/(5.0/1.0506e16) = 0.9 × 2.0 = 1.8
        note="Per full epoch of compute the coreset gains 4.5/0.5 = 9 points to the random "
             "batch's 5: 9/5 = 1.8."),
    Example(
        "datasel-quality-multiplier", "training",
        "Samples for 1% error: noisy labels (1/ε²) against clean ones (1/ε)",
        _ds("smaller"), "100× more data required if noisy", 100.0, law="ratio",
        inputs=(("a", "10000"), ("b", "100")), result="ratio",
        # cell data-quality-multiplier-calc: n_clean = 1/0.01 = 100; n_noisy = 1/0.01² = 10,000
        note="N_noisy/N_clean = (1/ε²)/(1/ε) = 1/ε at ε = 0.01."),
    # tbl-curriculum-benchmarks, cell curriculum-benchmarks-calc:
    # speedup_pct = (baseline − curriculum)/baseline × 100, fmt precision 0
    *(Example(
        f"datasel-curriculum-{key}", "speedup",
        f"Curriculum learning on {dataset}: {ours} epochs to target against {base}",
        _ds("curriculum"), f"{pct}% faster", -pct / 100, law="ratio",
        inputs=(("a", ours), ("b", base)), result="change",
        note=f"({base} − {ours})/{base} = {hand}: fewer epochs, so a negative change.")
      for key, dataset, ours, base, pct, hand in (
          ("cifar10", "CIFAR-10 (ResNet-18, linear warmup)", "115", "150", 23, "23.3%"),
          ("cifar100", "CIFAR-100 (ResNet-32, self-paced)", "180", "220", 18, "18.2%"),
          ("imagenet", "ImageNet (ResNet-50, loss-based)", "80", "90", 11, "11.1%"),
          ("mentornet", "ImageNet (ResNet-50, MentorNet on noisy labels)", "70", "90", 22,
           "22.2%"))),
    # callout "The Active Learning ROI", cell active-learning-roi-calc: 1M scans, $5.00 a label,
    # $500,000 budget, 50,000 labels with active learning
    Example(
        "datasel-al-label-everything", "operations",
        "Labeling all 1M medical scans at $5 each", _ds("active"), "USD 5,000,000",
        5e6, law="total-cost", inputs=(("items", "1e6"), ("price", "$5")), result="cost",
        # cost_all = 1,000,000 × 5.00 = 5,000,000 ("10× over budget")
        note="Ten times the $500,000 budget."),
    Example(
        "datasel-al-random-affordable", "operations",
        "Scans a $500,000 budget labels at $5 each", _ds("active"), "100,000 random scans",
        100e3, law="ratio", inputs=(("a", "$500,000"), ("b", "$5")), result="ratio",
        # n_random = int(500,000/5.00) = 100,000; n_random_pct = 10
        note="10% of the pool."),
    Example(
        "datasel-al-cost-active", "operations",
        "Labeling the 50,000 hardest scans at $5 each", _ds("active"), "USD 250,000",
        250e3, law="total-cost", inputs=(("items", "50000"), ("price", "$5")),
        result="cost",
        # cost_active = 50,000 × 5.00 = 250,000
        note="50,000 × $5."),
    Example(
        "datasel-al-under-budget", "operations",
        "Active learning's $250,000 against the $500,000 budget", _ds("active"),
        "50% under budget", -0.5, law="ratio",
        inputs=(("a", "$250,000"), ("b", "$500,000")), result="change",
        # cost_active_pct = (500,000 − 250,000)/500,000 × 100 = 50
        note="Half the budget left: a −50% change."),
    Example(
        "datasel-al-epoch-speedup", "speedup",
        "Training on 50,000 selected scans instead of 1M", _ds("active"),
        "each training epoch is 20× faster", 20.0, law="ratio",
        inputs=(("a", "1e6"), ("b", "50000")), result="ratio",
        # speedup = 1,000,000/50,000 = 20
        note="An epoch's work scales with its samples."),
    Example(
        "datasel-al-saving", "operations",
        "Active learning against labeling all 1M scans: the money saved", _ds("active"),
        "USD 4.75 Million", 4.75e6, law="total-cost",
        inputs=(("items", "950000"), ("price", "$5")), result="cost",
        # cost_saving = 5,000,000 − 250,000 = 4,750,000, printed in millions with 2 decimals
        note="The 1,000,000 − 50,000 = 950,000 labels not bought, at $5."),
    # callout "FixMatch on CIFAR-10", cell fixmatch-calc; label efficiency = 50,000 labels / n,
    # printed unformatted (a Python float: "12.5", "200.0", "1250.0")
    *(Example(
        f"datasel-fixmatch-{labels}-labels", "training",
        f"FixMatch with {labels} CIFAR-10 labels against 50,000", _ds("semi"),
        f"{printed}× more efficient", value, law="ratio",
        inputs=(("a", "50000"), ("b", labels)), result="ratio",
        note=f"50,000/{labels}.")
      for labels, printed, value in (("4000", "12.5", 12.5), ("250", "200.0", 200.0),
                                     ("40", "1250.0", 1250.0))),
    Example(
        "datasel-fixmatch-compute-multiplier", "training",
        "FixMatch's $250 of compute against supervised training's $50", _ds("semi"),
        "requires ~5× more compute", 5.0, law="ratio",
        inputs=(("a", "$250"), ("b", "$50")), result="ratio",
        # fixmatch_compute_multiplier = 250/50 = 5
        note="Processing the 50K unlabeled samples each epoch."),
    Example(
        "datasel-fixmatch-cost-reduction", "operations",
        "Supervised ($4,000 labels + $50 compute) against FixMatch ($250 + $250)",
        _ds("semi"), "An 8× cost reduction", 8.0, law="ratio",
        inputs=(("a", "$4,050"), ("b", "$500")), result="ratio", tolerance=0.5,
        # supervised_total = 4,000 × $1 + 50 = 4,050; fixmatch_total = 250 × $1 + 250 = 500;
        # cost_reduction = 4,050/500 = 8.1, fmt precision 0 → "8"
        note="$4,050/$500 = 8.1."),
    # "Economics of Amortization", cell foundation-cost-calc: 10 tasks; 1,000 GPU-h each from
    # scratch; 10,000 GPU-h pre-training + 50 GPU-h per fine-tune; 100,000 or 1,000 labels a
    # task at $1
    Example(
        "datasel-foundation-label-cost-scratch", "operations",
        "Ten classifiers from scratch: 100,000 labels each at $1", _ds("amortization"),
        "the total labeling cost reaches $1M", 1e6, law="total-cost",
        inputs=(("items", "1e6"), ("price", "$1")), result="cost",
        # label_cost_scratch_total = 100,000 × 1 × 10 = 1,000,000 → "$1M"
        note="10 tasks × 100,000 labels."),
    Example(
        "datasel-foundation-label-drop", "operations",
        "Fine-tuning's $10K of labels against training from scratch's $1M",
        _ds("amortization"), "labeling costs drop by 100×", 100.0, law="ratio",
        inputs=(("a", "$1,000,000"), ("b", "$10,000")), result="ratio",
        # label_cost_finetune_total = 1,000 × 1 × 10 = 10,000; reduction = 1,000,000/10,000
        note="100,000 against 1,000 labels a task."),
    Example(
        "datasel-foundation-marginal-compute", "training",
        "Per-task compute: 1,000 GPU-hours from scratch against a 50 GPU-hour fine-tune",
        _ds("amortization"), "per-task marginal compute decreases by 20×", 20.0, law="ratio",
        inputs=(("a", "1000 h"), ("b", "50 h")), result="ratio",
        # marginal_compute_reduction = 1,000/50 = 20
        note="The pre-training is paid once and not counted per task."),
    Example(
        "datasel-foundation-total-hours", "training",
        "The foundation route for ten tasks: 10,000 GPU-hours of pre-training and ten 50-hour "
        "fine-tunes", _ds("amortization"), "Total: 10,500 hrs", 10500 * HOUR, law="pipeline",
        inputs=(("stages", "10000 h, 500 h"),), result="total",
        # FoundationAmortizationData: cost_foundation_total = 10,000 + 50 × 10 = 10,500
        note="Against 10 × 1,000 = 10,000 GPU-hours from scratch."),
    Example(
        "datasel-foundation-crossover", "training",
        "Tasks before pre-training pays off: 10,000 GPU-hours over 950 saved per task",
        _ds("amortization"), "the crossover favoring the foundation model occurs around 11 "
        "tasks", 11.0, law="ratio", inputs=(("a", "10000 h"), ("b", "950 h")),
        result="ratio",
        # crossover_tasks = cost_pretrain/(cost_scratch − cost_finetune) = 10,000/950 = 10.53
        note="Each fine-tuned task saves 1,000 − 50 = 950 GPU-hours; 10.5 tasks repay the "
             "pre-training, so the eleventh is the first in profit."),
    *(Example(
        f"datasel-kws-recording-{key}", "operations",
        f"Recording 10,000 wake-word utterances at ${price} each", _ds("domain-gap"),
        "(\\$20–50K total)", value, law="total-cost",
        inputs=(("items", "10000"), ("price", f"${price}")), result="cost", tolerance=500.0,
        # "Professional recording costs \$2–5 per sample (\$20–50K total)"
        note=f"The {key} end of the range: 10,000 × ${price}.")
      for key, price, value in (("low", 2, 20e3), ("high", 5, 50e3))),
    Example(
        "datasel-kws-seed-share", "operations",
        "500 real recordings grown to 10,000 training samples", _ds("domain-gap"),
        "at 5% of the cost", 0.05, law="ratio",
        inputs=(("a", "500"), ("b", "10000")), result="ratio",
        # "500 real recordings become 10,000+ training samples at 5% of the cost"
        note="Only the 50 speakers × 10 utterances are recorded: 500/10,000."),
    # callout "Selection Inequality in Practice", cell selection-inequality-calc: 1M images,
    # 100K coreset, 100 epochs, ResNet-50 0.01 s/image, ResNet-18 proxy 0.002 s/image
    *(Example(
        f"datasel-selection-{key}", "training", title, _ds("bottleneck"), printed, value,
        law="pipeline", inputs=(("stages", stages),), result="total", note=note)
      for key, title, stages, printed, value, note in (
          ("full-model-total", "Score 1M images with ResNet-50, then train a 100K coreset "
           "for 100 epochs", "10000 s, 100000 s", "Total: 30.6 hours", 30.6 * HOUR,
           "1M × 0.01 s = 10,000 s scoring + 100K × 100 × 0.01 s = 100,000 s training = "
           "110,000 s."),
          ("proxy-total", "Score 1M images with a ResNet-18 proxy, then train the coreset",
           "2000 s, 100000 s", "Total: 28.3 hours", 28.3 * HOUR,
           "1M × 0.002 s = 2,000 s scoring + 100,000 s training = 102,000 s."),
          ("trap-total", "50 hours of 7B-model scoring, then the coreset's training",
           "50 h, 100000 s", "you would spend 77.8 hours total", 77.8 * HOUR,
           "50 h + 27.8 h."))),
    *(Example(
        f"datasel-selection-{key}-savings", "speedup", title, _ds("bottleneck"),
        f"({pct}% reduction)", -pct / 100, law="ratio",
        inputs=(("a", total), ("b", "1000000 s")), result="change",
        # savings_pct = (baseline − total)/baseline × 100; baseline = 1M × 100 × 0.01 s
        # = 1,000,000 s (278 h)
        note=f"{total} against the 1,000,000 s of 100 epochs on all 1M images: {hand}.")
      for key, title, total, pct, hand in (
          ("full-model", "Full-model selection against training on everything",
           "110000 s", 89, "−89.0%"),
          ("proxy", "Proxy selection against training on everything", "102000 s", 90,
           "−89.8%"))),
    Example(
        "datasel-selection-trap-share", "training",
        "50 hours of selection against the 200 hours it saves", _ds("bottleneck"),
        "the selection overhead consumes 25% of your savings", 0.25, law="ratio",
        inputs=(("a", "50 h"), ("b", "200 h")), result="ratio",
        # trap_overhead_pct = 50/(277.8 − 77.8) × 100 = 50/200 × 100 = 25
        note="Baseline 277.8 h − trap total 77.8 h = 200 h saved."),
    Example(
        "datasel-selection-one-shot-speedup", "speedup",
        "One epoch of scoring plus 100 epochs on a 10% subset, against 100 full epochs",
        _ds("bottleneck"), "≈ 9×", 9.0, law="ratio",
        inputs=(("a", "100"), ("b", "11")), result="ratio",
        # cell selection-inequality-math-calc: cost_total_efficient = 1 + 100 × 0.1 = 11;
        # speedup = 100/11 = 9.09, fmt precision 0
        note="In epoch equivalents: 100/(1 + 10)."),
    # tbl-io-performance: sequential against random 4 KB reads
    *(Example(
        f"datasel-random-penalty-{key}", "data movement",
        f"{tier}: sequential against random 4 KB reads", _ds("random-access"),
        f"{printed}×", value, law="ratio", inputs=(("a", seq), ("b", rnd)),
        result="ratio", note=f"{seq}/{rnd}.")
      for key, tier, seq, rnd, printed, value in (
          ("hdd", "HDD (7.2k rpm)", "150 MB/s", "0.3 MB/s", "500", 500.0),
          ("sata-ssd", "SATA SSD", "550 MB/s", "40 MB/s", "14", 14.0),
          ("nvme", "NVMe SSD", "3500 MB/s", "2000 MB/s", "1.75", 1.75))),
    # callout "Worked Example: Data Echoing ROI", cell data-echoing-calc: 300 images/s pipeline,
    # 800 images/s GPU, 90 epochs × 1,280,000 images, echo factor 2
    Example(
        "datasel-echo-pipeline-ratio", "speedup",
        "Data echoing: an 800 images/s GPU behind a 300 images/s pipeline", _ds("echoing"),
        "≈ 2.67", 2.67, law="ratio", inputs=(("a", "800 /s"), ("b", "300 /s")),
        result="ratio",
        # ratio_r = 800/300 = 2.667, fmt precision 2
        note="R = T_pipeline/T_GPU = (1/300)/(1/800)."),
    *(Example(
        f"datasel-echo-{key}-time", "training", title, _ds("echoing"), printed, value,
        law="arithmetic", inputs=(("expression", f"[1.152e8 images] / [{rate}]"),),
        result="result",
        # no_echo_sec = 90 × 1,280,000/300 = 384,000 s (106.7 h, "107");
        # echo_sec = 90 × 1,280,000/600 = 192,000 s (53.3 h, "53")
        note=f"90 × 1.28M = 1.152 × 10⁸ images over {rate.split()[0]} images/s.")
      for key, title, rate, printed, value in (
          ("no-echo", "90 ImageNet epochs at the pipeline's 300 images/s", "300 images/s",
           "384,000 seconds", 384000.0),
          ("echo-2", "90 ImageNet epochs with each batch echoed twice (600 images/s)",
           "600 images/s", "192,000 seconds", 192000.0))),
    # callout "Cost Breakdown: ImageNet-Scale Training", cell cost-breakdown-calc: $50,000
    # raw data, 1.2M labels at $0.05, $200 storage, $25,000 training
    Example(
        "datasel-cost-breakdown-labels", "operations",
        "Crowd labels for 1.2M images at $0.05", _ds("costs"), "$60,000", 60e3,
        law="total-cost", inputs=(("items", "1.2e6"), ("price", "$0.05")), result="cost",
        # c_label = 1,200,000 × 0.05 = 60,000
        note="1.2M × $0.05."),
    *(Example(
        f"datasel-cost-breakdown-{key}-share", "operations", title, _ds("costs"),
        printed, value, law="ratio", inputs=(("a", part), ("b", "$135,200")),
        result="ratio",
        # c_total = 50,000 + 60,000 + 200 + 25,000 = 135,200; p_data = 110,200/135,200
        # = 81.5% ("{:.0f}" → "82%"); p_compute = 25,000/135,200 = 18.5% → "18%" (the cell's
        # docstring says ~81%/~19%)
        note=note)
      for key, title, part, printed, value, note in (
          ("data", "Data's share of the $135,200 (raw data, labels, storage)", "$110,200",
           "82% data", 0.82, "$50,000 + $60,000 + $200 = $110,200 of $135,200 = 81.5%."),
          ("compute", "Compute's share of the $135,200", "$25,000", "18% compute", 0.18,
           "$25,000/$135,200 = 18.5%."))),
    Example(
        "datasel-breakeven-random-cost", "operations",
        "Random labeling: 5,000 samples at $10", _ds("breakeven"), "$50,000", 50e3,
        law="total-cost", inputs=(("items", "5000"), ("price", "$10")), result="cost",
        # cell breakeven-calc: cost_random_total = 5,000 × 10 = 50,000
        note="5,000 × $10."),
    Example(
        "datasel-breakeven-roi", "operations",
        "Active learning's ROI: $50,000 of random labels against $20,500", _ds("breakeven"),
        "ROI = … = 144%", 1.44, law="ratio",
        inputs=(("a", "$50,000"), ("b", "$20,500")), result="change",
        # cost_active_total = 2,000 × 10 + 10 rounds × 50 = 20,500;
        # roi = (50,000 − 20,500)/20,500 × 100 = 143.9 → "144"
        note="(Savings − investment)/investment = $50,000/$20,500 − 1."),
    # tbl-amortized-roi, cell amortization-calc: investment 50,000 + 5,000 = 55,000; $10,000
    # saved a run; roi = (runs × 10,000 − 55,000)/55,000 × 100, fmt precision 0
    *(Example(
        f"datasel-dedup-roi-{runs}-runs", "operations",
        f"Deduplication pipeline: amortized ROI after {runs} run{'s' if runs > 1 else ''}",
        _ds("runs"), f"{printed}%", value, law="ratio",
        inputs=(("a", f"${runs * 10000:,}"), ("b", "$55,000")), result="change",
        note=f"{runs} × $10,000 of savings over the $55,000 invested, less one: {hand}.")
      for runs, printed, value, hand in ((1, "-82", -0.82, "−81.8%"),
                                         (5, "-9", -0.09, "−9.1%"),
                                         (10, "+82", 0.82, "+81.8%"),
                                         (50, "+809", 8.09, "+809.1%"))),
    Example(
        "datasel-distributed-coreset-overhead", "training",
        "Distributed coreset selection on 8 A100s: embed, deduplicate, score, select",
        _ds("consistency"), "Total overhead: 67 minutes", 67 * MINUTE, law="pipeline",
        inputs=(("stages", "20 min, 15 min, 30 min, 2 min"),), result="total",
        # cell distributed-overhead-calc: 20 + 15 + 30 + 2 = 67
        note="Four phases run one after another."),
    Example(
        "datasel-distributed-shard", "training",
        "ImageNet's 1.2M images over 8 workers", _ds("consistency"), "150K images", 150e3,
        law="ratio", inputs=(("a", "1.2e6"), ("b", "8")), result="ratio",
        # tikz: "Worker 0 \\ 150K images"
        note="Each worker's shard."),
    Example(
        "datasel-chinchilla-vs-gpt3-tokens", "training",
        "Chinchilla's 1.4T training tokens against GPT-3's 300B", _ds("frontier"),
        "4.7× more data", 4.7, law="ratio",
        inputs=(("a", "1.4e12"), ("b", "300e9")), result="ratio",
        # footnote fn-chinchilla-scaling
        note="1.4 × 10¹²/3 × 10¹¹ = 4.67."),
    Example(
        "datasel-gpt3-tokens-per-parameter", "training",
        "GPT-3's tokens per parameter: 300B over 175B", _ds("frontier"),
        "GPT-3 was trained at D/N ≈ 1.7", 1.7, law="ratio",
        inputs=(("a", "300e9"), ("b", "175e9")), result="ratio",
        # footnote fn-chinchilla-ratio
        note="300/175 = 1.71, far below the compute-optimal ~20."),
    Example(
        "datasel-chinchilla-data-for-2x-compute", "training",
        "D_opt ∝ C^0.5: the data a doubled compute budget wants", _ds("frontier"),
        "data should increase by about 40%, not 100%", 1.40, law="growth-factor",
        inputs=(("doubling", "2"), ("period", "1")), result="factor", tolerance=0.05,
        # "Doubling the compute budget means data should increase by about 40%, not 100%."
        note="2^0.5 = 1.414: half a doubling of data per doubling of compute (T_d = 2 "
             "compute doublings), 41% more."),
    Example(
        "datasel-fallacy-scale-savings", "operations",
        "A 10% efficiency gain on a $100M training run", _ds("fallacies"),
        "saves \\$10M", 10e6, law="arithmetic",
        inputs=(("expression", "0.1 × [$100,000,000]"),), result="result",
        # cell fp-scaling-calc: savings = 100,000,000 × 10/100 = 10,000,000 → "10M"
        note="0.1 × $100M."),
    Example(
        "datasel-fallacy-curated-fewer", "training",
        "A curated 100K dataset against a raw 1M one", _ds("fallacies"),
        "despite 10× fewer samples", 10.0, law="ratio",
        inputs=(("a", "1e6"), ("b", "100e3")), result="ratio",
        # curated_cost_ratio = 1,000,000/100,000 = 10
        note="The 92%-accurate curated set against the raw set at 88%."),
    Example(
        "datasel-pitfall-selection-overhead", "training",
        "10 hours of selection for a 2-hour training run", _ds("fallacies"),
        "has 5× overhead", 5.0, law="ratio", inputs=(("a", "10 h"), ("b", "2 h")),
        result="ratio",
        # selection_overhead_ratio = 10/2 = 5
        note="Selection time over the subset's training time."),
    Example(
        "datasel-pitfall-proxy-overhead", "training",
        "30 minutes of proxy EL2N scoring against 8 hours of full training",
        _ds("fallacies"), "(6% overhead)", 0.06, law="ratio",
        inputs=(("a", "30 min"), ("b", "8 h")), result="ratio",
        # selection_overhead_good_pct = 0.5/8 × 100 = 6.25 → "6"
        note="0.5 h/8 h = 6.25%, under the 10% rule."),
)

# Data Efficiency is the chapter Data Selection grew from: the same worked examples in static
# text. Only those whose numbers differ from Data Selection's (or do not follow from their own
# inputs) are added; the rest (curriculum, active learning, FixMatch, amortized ROI ...) print
# what the datasel-* examples check.
_DATA_EFFICIENCY: tuple[Example, ...] = (
    Example(
        "dataeff-compute-data-gap", "training",
        "10,000 H100s for 3 months (10T tokens) against ~5T tokens of quality text",
        data_efficiency("sec-data-efficiency-data-wall-efficiency-matters-febc"),
        "The gap: 3× more compute than data can utilize", 3.0, law="ratio",
        inputs=(("a", "10e12"), ("b", "5e12")), result="ratio",
        # "capable of processing over 10 trillion tokens ... ~5 trillion tokens of
        # deduplicated, filtered web text ... The gap: 3× more compute than data can utilize"
        disputed="10 trillion tokens of capacity over 5 trillion available is 2×, not 3× (Data "
                 "Selection, the rewritten chapter, prints 2×).",
        hand_value=2.0),
    *(Example(
        f"dataeff-icr-{key}", "training", title,
        data_efficiency("sec-data-efficiency-informationcompute-ratio-8e9b"), printed, value,
        law=law, inputs=inputs, result=result, note=note)
      for key, title, law, inputs, result, printed, value, note in (
          ("epoch-flops", "ResNet-50 (~4 GFLOPs forward): one epoch over 1.28M images",
           "inference-flops", (("parameters", "4e9"), ("tokens", "1.28e6")), "flops",
           "1.02 × 10^16 FLOPs", 1.02e16,
           "~8 GFLOPs forward + backward is 2 × 4 GFLOPs, the shape of 2·P·n: 1.024 × 10¹⁶."),
          ("random", "ICR of a random epoch: 5 points over 1.02 × 10¹⁶ FLOPs", "ratio",
           (("a", "5"), ("b", "1.024e16")), "ratio", "4.9 × 10^-16 per FLOP", 4.9e-16,
           "5/1.024 × 10¹⁶ = 4.88 × 10⁻¹⁶ accuracy points per FLOP."),
          ("coreset-flops", "ResNet-50: an epoch of a 640K-image coreset", "inference-flops",
           (("parameters", "4e9"), ("tokens", "640e3")), "flops",
           "5.1 × 10^15 FLOPs", 5.1e15, "2 × 4 × 10⁹ × 640,000 = 5.12 × 10¹⁵."),
          ("coreset", "ICR of the 50% coreset: 4.5 points over 5.12 × 10¹⁵ FLOPs", "ratio",
           (("a", "4.5"), ("b", "5.12e15")), "ratio", "8.8 × 10^-16 per FLOP", 8.8e-16,
           "4.5/5.12 × 10¹⁵ = 8.79 × 10⁻¹⁶; 8.79/4.88 = 1.8× the random epoch's."))),
    Example(
        "dataeff-foundation-per-task-compute", "training",
        "Per-task compute: 1,000 GPU-hours from scratch against a 50 GPU-hour fine-tune",
        data_efficiency("sec-data-efficiency-economics-amortization-79e6"),
        "per-task compute decreases by 10× when amortized across applications", 10.0,
        law="ratio", inputs=(("a", "1000 h"), ("b", "50 h")), result="ratio",
        # "The compute burden amounts to 10,000 GPU-hours across all tasks ... Pre-training
        # requires a one-time investment of 10,000 GPU-hours ... per-task compute decreases by
        # 10× when amortized"; the figure fine-tunes each task in 50 GPU-hours
        disputed="The marginal cost falls 1,000/50 = 20× (Data Selection prints 20×); "
                 "amortizing the 10,000-hour pre-training over the ten tasks gives "
                 "(10,000 + 500)/10 = 1,050 GPU-hours a task, more than the 1,000 from "
                 "scratch. Neither reading gives 10×.",
        hand_value=20.0),
    Example(
        "dataeff-foundation-crossover", "training",
        "Tasks before pre-training pays off: 10,000 GPU-hours over 950 saved per task",
        data_efficiency("sec-data-efficiency-economics-amortization-79e6"),
        "After 3–4 tasks, the foundation model approach becomes more cost-effective", 3.5,
        law="ratio", inputs=(("a", "10000 h"), ("b", "950 h")), result="ratio",
        # fig-amortization-comparison's caption; its bars: 10 × 1,000 h against 10,000 h
        # + 10 × 50 h
        disputed="Each fine-tuned task saves 1,000 − 50 = 950 GPU-hours, so the 10,000-hour "
                 "pre-training is repaid after 10,000/950 = 10.5 tasks; at 10 tasks the "
                 "figure's own totals are 10,000 against 10,500 hours (Data Selection: "
                 "'around 11 tasks').",
        hand_value=10000 / 950),
    Example(
        "dataeff-selection-proxy-total", "training",
        "Score 1M images with a ResNet-18 proxy, then train the coreset",
        data_efficiency("sec-data-efficiency-selection-bottleneck-f1d4"),
        "Total: 28.4 hours", 28.4 * HOUR, law="pipeline",
        inputs=(("stages", "2000 s, 100000 s"),), result="total",
        disputed="2,000 s + 100,000 s = 102,000 s = 28.33 h, printed 28.3 (as Data "
                 "Selection does); 28.4 adds the rounded 0.6 h and 27.8 h.",
        hand_value=102000.0),
    Example(
        "dataeff-selection-trap-share", "training",
        "50 hours of selection against the 200 hours it saves",
        data_efficiency("sec-data-efficiency-selection-bottleneck-f1d4"),
        "the selection overhead consumes 64% of your savings", 0.64, law="ratio",
        inputs=(("a", "50 h"), ("b", "200 h")), result="ratio",
        disputed="The baseline's 278 h less the trap's 77.8 h is 200 h saved, of which the 50 "
                 "h of selection is 25% (Data Selection prints 25%); 64% is 50/77.8, the "
                 "selection's share of the trap's total time, not of the savings.",
        hand_value=0.25),
    Example(
        "dataeff-echo-no-echo-hours", "training",
        "90 ImageNet epochs at the pipeline's 300 images/s",
        data_efficiency("sec-data-efficiency-data-echoing-amortizing-io-costs-24e3"),
        "(106 hours)", 106 * HOUR, law="arithmetic",
        inputs=(("expression", "[1.152e8 images] / [300 images/s]"),), result="result",
        # "Training time for 90 epochs: 90 × 1.28M / 300 = 384,000 seconds (106 hours)"
        disputed="384,000 s/3,600 = 106.7 h, which rounds to 107 (Data Selection prints 107).",
        hand_value=384000.0),
    *(Example(
        f"dataeff-cost-breakdown-{key}-share", "operations", title,
        data_efficiency("sec-data-efficiency-total-cost-training-data-92b9"), printed, value,
        law="ratio", inputs=(("a", part), ("b", "$135,200")), result="ratio",
        disputed=why, hand_value=hand)
      for key, title, part, printed, value, why, hand in (
          ("data", "Data's share of the $135,200 (raw data, labels, storage)", "$110,200",
           "81% data", 0.81, "$50,000 + $60,000 + $200 = $110,200 of $135,200 is 81.5%, "
           "which rounds to 82% (Data Selection's cell prints 82%).", 110200 / 135200),
          ("compute", "Compute's share of the $135,200", "$25,000", "19% compute", 0.19,
           "$25,000/$135,200 = 18.5%, which rounds to 18% (Data Selection's cell prints "
           "18%).", 25000 / 135200))),
)

# The workflow chapter's diabetic-retinopathy case study (its 15 GB → 750 MB bandwidth cut is
# already the core chapter's workflow-edge-preprocessing-bandwidth)
_WORKFLOW: tuple[Example, ...] = (
    *(Example(
        f"workflow-dr-logs-{key}", "data movement",
        f"200 clinics' operational logs at {size} GB each a week",
        workflow("sec-ai-workflow-distributed-system-monitoring-scale-90d6"),
        "a system-wide data volume of 400-1000 GB per week", value, law="arithmetic",
        inputs=(("expression", f"200 × [{size} GB]"),), result="result",
        # "Each additional clinic generates 2-5 GB of operational logs weekly ..., creating a
        # system-wide data volume of 400-1000 GB per week"
        note=f"The {key} end: 200 clinics × {size} GB.", tolerance=0.5e9)
      for key, size, value in (("low", 2, 400e9), ("high", 5, 1000e9))),
    Example(
        "workflow-dr-experiment-cycle-cost", "operations",
        "150 training runs (10 variants × 5 sweeps × 3 preprocessings) at $500–2,000 each",
        workflow("sec-ai-workflow-constraintdriven-development-process-a8f3"),
        "iteration costs can reach $150K per experiment cycle", 150e3, law="total-cost",
        inputs=(("items", "150"), ("price", "$2,000")), result="cost",
        # "10 model variants × 5 hyperparameter sweeps ... × 3 preprocessing approaches ... =
        # 150 training runs. At approximately $500-2000 per training run ..., iteration costs
        # can reach $150K per experiment cycle."
        disputed="At the top of the quoted range, 150 runs × $2,000 reach $300,000; $150K is "
                 "150 × $1,000, the middle of the range, not its reach (the low end gives "
                 "$75,000).",
        hand_value=300e3),
    Example(
        "workflow-dr-hardware-upgrade", "operations",
        "Moving 200 clinics to $800-and-up hardware for a 180 MB model",
        workflow("sec-ai-workflow-multidimensional-resource-tradeoffs-bb50"),
        "a $160,000 infrastructure cost increase", 160e3, law="total-cost",
        inputs=(("items", "200"), ("price", "$800")), result="cost",
        # "forces deployment from edge devices ($200-600 each) to more powerful hardware
        # ($800-2000 each), multiplied across 200+ clinics—a $160,000 infrastructure cost
        # increase for 0.4% accuracy improvement"
        note="200 × $800, the cheapest of the more powerful devices; counting the $200–600 "
             "edge devices they replace as savings, the increase is 200 × ($800 − $600) = "
             "$40,000 to 200 × ($2,000 − $200) = $360,000."),
)

_TCO = "sec-responsible-engineering-total-cost-ownership-6b8c"
_TCO_METHOD = "sec-responsible-engineering-tco-methodology"
# 200M recommendations a day at 10 ms of GPU each, $2.50 a GPU-hour: one GPU serves 100 a second
_QUERIES_A_YEAR = 200e6 * 365

_RESPONSIBLE: tuple[Example, ...] = (
    # tbl-gender-shades-results: error rates 0.8%, 7.1%, 12.0%, 34.7%
    *(Example(
        f"resp-gender-shades-{key}", "operations",
        f"Gender Shades: {group}' error rate against light-skinned males'",
        responsible("sec-responsible-engineering-testing-challenge-2b5e"), f"{printed}x higher",
        value, law="ratio", inputs=(("a", rate), ("b", "0.8")), result="ratio",
        note=f"{rate}%/0.8%.")
      for key, group, rate, printed, value in (
          ("light-female", "light-skinned females", "7.1", "8.9", 8.9),
          ("dark-male", "dark-skinned males", "12.0", "15.0", 15.0),
          ("dark-female", "dark-skinned females", "34.7", "43.4", 43.4))),
    # "Worked Example: Fairness Analysis in Loan Approval": Group A TP 4,500, FN 500, FP 1,000,
    # TN 4,000 (10,000 applicants); Group B TP 600, FN 400, FP 200, TN 800 (2,000)
    *(Example(
        f"resp-loan-{key}", "operations", title,
        responsible("sec-responsible-engineering-fairness-worked-example"), printed, value,
        law="ratio", inputs=(("a", a), ("b", b)), result="ratio", note=note)
      for key, title, a, b, printed, value, note in (
          ("approval-a", "Loan approvals: Group A's approval rate (demographic parity)",
           "5500", "10000", "55%", 0.55, "(4,500 + 1,000)/10,000 approved."),
          ("approval-b", "Loan approvals: Group B's approval rate (demographic parity)",
           "800", "2000", "40%", 0.40, "(600 + 200)/2,000 approved."),
          ("tpr-a", "Loan approvals: Group A's true positive rate (equal opportunity)",
           "4500", "5000", "90%", 0.90, "4,500/(4,500 + 500)."),
          ("tpr-b", "Loan approvals: Group B's true positive rate (equal opportunity)",
           "600", "1000", "60%", 0.60, "600/(600 + 400)."),
          ("fpr-a", "Loan approvals: Group A's false positive rate", "1000", "5000", "20%",
           0.20, "1,000/(1,000 + 4,000)."),
          ("fpr-b", "Loan approvals: Group B's false positive rate", "200", "1000", "20%",
           0.20, "200/(200 + 800): equal FPRs, but the TPRs differ, so equalized odds fails."),
          ("fnr-a", "Loan approvals: Group A's false negative rate", "500", "5000",
           "versus 10%", 0.10, "500/5,000."),
          ("fnr-b", "Loan approvals: Group B's false negative rate", "400", "1000",
           "40% false negative rate", 0.40, "400/1,000: qualified applicants from Group B "
           "are rejected four times as often."))),
    # Total cost of ownership of a recommender serving 10M users × 20 recommendations a day
    Example(
        "resp-tco-training-cycle", "operations",
        "One training cycle: 100 + 500 + 200 GPU-hours at $4",
        responsible(_TCO), "Total training cost reaches approximately 3,200 dollars", 3200.0,
        law="total-cost", inputs=(("items", "800"), ("price", "$4")), result="cost",
        tolerance=50.0,
        # "data preparation consumes 100 GPU hours ... (400 dollars), hyperparameter search ...
        # 500 GPU hours (2,000 dollars), and the final training run uses 200 GPU hours (800
        # dollars)"
        note="$400 + $2,000 + $800: 800 GPU-hours at $4."),
    Example(
        "resp-tco-gpus", "serving",
        "200 million inferences a day at 10 ms of GPU time each",
        responsible(_TCO), "the system requires approximately 23 GPUs running continuously",
        23.0, law="littles-law", inputs=(("arrival_rate", "200e6 /day"), ("time", "10 ms")),
        result="n",
        note="Little's law: 2,315 inferences a second × 10 ms = 23.1 GPUs busy on average."),
    Example(
        "resp-tco-annual-inference", "operations",
        "A year of 200M inferences a day on $2.50/hour GPUs at 10 ms each",
        responsible(_TCO), "annual GPU costs reach 504,300 dollars", 504300.0,
        law="cost-per-inference",
        inputs=(("price", "$2.50/h"), ("rate", "100 /s"), ("items", f"{_QUERIES_A_YEAR:g}")),
        result="cost",
        disputed="2M GPU-seconds a day is 555.6 GPU-hours, × 365 × $2.50 = $506,944 (the "
                 "chapter's own table prints $507K); 23 whole GPUs × 8,760 h × $2.50 give "
                 "$503,700. Neither is $504,300.",
        hand_value=2e6 / 3600 * 365 * 2.5),
    Example(
        "resp-tco-annual-inference-table", "operations",
        "tbl-tco-inference: 556 GPU-hours a day for a year at $2.50",
        responsible(_TCO_METHOD), "= $507K", 507e3,
        law="cost-per-inference",
        inputs=(("price", "$2.50/h"), ("rate", "100 /s"), ("items", f"{_QUERIES_A_YEAR:g}")),
        result="cost",
        note="$506,944 unrounded; 556 × 365 × $2.50 = $507,350."),
    Example(
        "resp-tco-three-year-inference", "operations",
        "Three years of 200M inferences a day at $2.50/GPU-hour", responsible(_TCO_METHOD),
        "**$1.52M**", 1.52e6, law="cost-per-inference",
        inputs=(("price", "$2.50/h"), ("rate", "100 /s"),
                ("items", f"{3 * _QUERIES_A_YEAR:g}")), result="cost",
        note="3 × $506,944 = $1,520,833 (the prose: '1.5 million dollars')."),
    Example(
        "resp-tco-three-year-training-prose", "operations",
        "Quarterly retraining for three years: 12 cycles of $3,200", responsible(_TCO),
        "quarterly retraining produces total training costs of approximately 10,000 dollars",
        10e3, law="total-cost", inputs=(("items", "12"), ("price", "$3,200")),
        result="cost",
        disputed="4 cycles a year × 3 years × $3,200 a cycle = $38,400, as the chapter's "
                 "tbl-tco-training prints; $10,000 is about 12 × $800, the final training "
                 "runs alone.",
        hand_value=38400.0),
    Example(
        "resp-tco-three-year-training-table", "operations",
        "tbl-tco-training: 12 cycles of $3,200", responsible(_TCO_METHOD), "**$38,400**",
        38400.0, law="total-cost", inputs=(("items", "12"), ("price", "$3,200")),
        result="cost", note="4 a year × 3 years × $3,200."),
    Example(
        "resp-tco-inference-over-training-prose", "operations",
        "Three years of inference against three years of training (prose)",
        responsible(_TCO), "The 150 to 1 ratio between inference and training costs", 150.0,
        law="ratio", inputs=(("a", "$1,520,000"), ("b", "$38,400")), result="ratio",
        disputed="The prose divides its $1.5M by its approximate $10,000 of training; with "
                 "the $38,400 that 12 cycles of $3,200 cost, the ratio is 1.52M/38.4K = "
                 "39.6:1.",
        hand_value=1.52e6 / 38400),
    Example(
        "resp-tco-inference-over-training-summary", "operations",
        "Three years of inference against three years of training (tbl-tco-summary)",
        responsible(_TCO_METHOD), "The 37:1 ratio between inference and training costs", 37.0,
        law="ratio", inputs=(("a", "$1,520,000"), ("b", "$38,400")), result="ratio",
        disputed="$1.52M/$38.4K = 39.6:1 (with the summary's rounded $38K, 40:1), not 37:1.",
        hand_value=1.52e6 / 38400),
    Example(
        "resp-tco-operations", "operations",
        "Operations for three years: $50K + $100K + $20K a year", responsible(_TCO_METHOD),
        "**$510K**", 510e3, law="total-cost", inputs=(("items", "3"), ("price", "$170,000")),
        result="cost",
        note="Monitoring, 0.5 FTE on call and incident response: $170K a year × 3."),
    Example(
        "resp-tco-training-share", "operations",
        "Training's share of the three-year TCO", responsible(_TCO_METHOD), "2%", 0.02,
        law="ratio", inputs=(("a", "$38,400"), ("b", "$2,068,400")), result="ratio",
        note="$38,400 of $38,400 + $1,520,000 + $510,000 = $2,068,400: 1.9%."),
    Example(
        "resp-tco-operations-share", "operations",
        "Operations' share of the three-year TCO", responsible(_TCO_METHOD), "24%", 0.24,
        law="ratio", inputs=(("a", "$510,000"), ("b", "$2,068,400")), result="ratio",
        disputed="$510K of $2.07M is 24.7%, which rounds to 25%; the table's 2% + 74% + 24% "
                 "forces the sum to 100 (inference is 73.5%).",
        hand_value=510e3 / 2068400),
    Example(
        "resp-tco-quantization-saving", "operations",
        "A 20% cut in inference latency over three years of inference", responsible(_TCO_METHOD),
        "would save $304K", 304e3, law="arithmetic",
        inputs=(("expression", "0.2 × [$1,520,000]"),), result="result",
        note="Inference cost scales with GPU time: 20% of $1.52M."),
)

_CONCLUSION: tuple[Example, ...] = tuple(
    Example(
        f"concl-mm1-rho-{int(rho * 100)}", "serving",
        f"M/M/1 at utilization {rho}: the time in system in service times",
        conclusion("sec-conclusion-navigating-production-reality-c406"), printed, value,
        law="mm1", inputs=(("arrival_rate", f"{rho} /s"), ("service_rate", "1 /s")),
        result="response",
        # "W = 1/(μ − λ) ... At utilization ρ = λ/μ = 0.5, W = 2/μ, which is double the service
        # time. At ρ = 0.9, W = 10/μ."
        note=f"With μ = 1 /s the answer reads in service times: 1/(1 − {rho}) = {value:g}.")
    for rho, printed, value in ((0.5, "W = 2/μ, which is double the service time", 2.0),
                                (0.9, "W = 10/μ", 10.0)))

# ── Machine Foundations appendix (appendix_machine.qmd) ─────────────────────────────────────
# Constants (mlsys/constants.py @ CONSTANTS_COMMIT): ENERGY_DRAM_ACCESS_PJ = 640 pJ,
# ENERGY_FLOP_FP16_PJ = 1.1, ENERGY_FLOP_FP32_PJ = 3.7, ENERGY_FLOP_INT8_PJ = 0.2,
# ENERGY_SRAM_L1_PJ = 0.5, ENERGY_REG_PJ = 0.01; LATENCY_L1_REGISTER = 1 ns, LATENCY_HBM3 = 300,
# LATENCY_INFINIBAND = 5,000, LATENCY_NVME_SSD = 100,000; H100_MEM_BW = 3.35 TB/s,
# PCIE_GEN5_BW = 64 GB/s, H100_FLOPS_FP16_TENSOR = 989 TFLOP/s, A100_FLOPS_FP16_TENSOR = 312,
# A100_MEM_BW = 2,039 GB/s, MOBILE_NPU_TOPS_INT8 = 35 TOPS. int() truncates, so a value the
# cell truncates carries a tolerance of one unit.
# Not expressible with ironlaw's laws (left out): tbl-speed-of-light-ref's round trips (~1, ~40,
# ~60, ~100 ms) name no distances for fiber-latency; tbl-latency-targets-ref's "At 100 km/h,
# 10 ms = 28 cm of travel" needs distance = speed × time (no kinematics law); the Little's law
# "50 concurrent requests requires 50 GB" needs memory = concurrency × per-request memory (no
# such law); tbl-latency-hierarchy's "Cycles (Approx)" and "Relative Distance" columns rest on
# an unstated clock and time scale.
_TRUNCATED = "the cell truncates with int()"
_H100_FP16 = CatalogValue("h100-sxm", "peak:fp16", "989 TFLOP/s",
                          "the dense FP16/BF16 Tensor Core peak, 989.4 rounded down")


def _energy(name: str, title: str, section: str, printed: str, value: float, a: str, b: str,
            note: str, tolerance: float | None = None) -> Example:
    return Example(name, "energy", title, machine(section), printed, value, law="energy-ratio",
                   inputs=(("a", a), ("b", b)), result="ratio", tolerance=tolerance, note=note)


def _quotient(name: str, topic: str, title: str, source: Source, printed: str, value: float,
              a: str, b: str, note: str, **kw) -> Example:
    return Example(name, topic, title, source, printed, value, law="ratio",
                   inputs=(("a", a), ("b", b)), result="ratio", note=note, **kw)


_NUMBERS = "numbers-know-b531"
_MACHINE: tuple[Example, ...] = (
    # tbl-energy-ratios-ref (and the takeaway "DRAM access costs ~581× more energy than an FP16
    # multiply-add"): dram_vs_compute = int(640/1.1) = int(581.8) = 581
    _energy("appx-machine-dram-vs-fp16", "A 32-bit DRAM access against an FP16 multiply (45 nm)",
            _NUMBERS, "~581×", 581.0, "dram-32bit", "fp16-mult", tolerance=1.0,
            note=f"640 pJ/1.1 pJ = 581.8; {_TRUNCATED}. The table's caption rounds it to ~580×, "
                 "the takeaways to ~600×. Horowitz's 1.1 pJ is an FP16 multiply; the book "
                 "calls it a multiply-add."),
    # fp32_vs_int8 = int(3.7/0.2) = int(18.5) = 18
    _energy("appx-machine-fp32-vs-int8", "FP32 against INT8 multiply energy (45 nm)", _NUMBERS,
            "~18×", 18.0, "fp32-mult", "int8-mult", tolerance=1.0,
            note=f"3.7 pJ/0.2 pJ = 18.5; {_TRUNCATED}."),
    # fp32_vs_fp16 = round(3.7/1.1, 1) = round(3.364, 1) = 3.4
    _energy("appx-machine-fp32-vs-fp16", "FP32 against FP16 multiply energy (45 nm)", _NUMBERS,
            "~3.4×", 3.4, "fp32-mult", "fp16-mult", note="3.7 pJ/1.1 pJ = 3.36."),
    # l1_vs_reg = int(0.5/0.01) = 50
    _energy("appx-machine-l1-vs-register", "An L1 SRAM access against a register access",
            _NUMBERS, "~50×", 50.0, "0.5 pJ", "0.01 pJ",
            note="The book's ENERGY_SRAM_L1_PJ = 0.5 pJ over ENERGY_REG_PJ = 0.01 pJ."),
    # tbl-memory-ratios-ref: hbm_vs_l1 = int(300/1) = 300; ssd_vs_l1 = int(100,000/1) = 100,000;
    # network_vs_local = int(5,000/300) = int(16.67) = 16; gpu_bw_vs_pcie = int(3,350/64) =
    # int(52.3) = 52
    *(_quotient(f"appx-machine-{key}", "data movement", title, machine(_NUMBERS), printed, value,
                a, b, note, tolerance=tol)
      for key, title, printed, value, a, b, note, tol in (
          ("hbm-vs-l1-latency", "GPU memory (HBM3) latency against L1", "~300× slower", 300.0,
           "300 ns", "1 ns", "300 ns over 1 ns.", None),
          ("ssd-vs-l1-latency", "NVMe SSD latency against L1", "~100000× slower", 100e3,
           "100000 ns", "1 ns", "100,000 ns over 1 ns.", None),
          ("network-vs-hbm-latency", "InfiniBand latency against local GPU memory",
           "~16× slower", 16.0, "5000 ns", "300 ns", f"5,000 ns/300 ns = 16.7; {_TRUNCATED}.",
           1.0),
          ("hbm-vs-pcie-bandwidth", "H100 HBM3 bandwidth against PCIe Gen5", "~52× faster",
           52.0, "3.35 TB/s", "64 GB/s", "3,350 GB/s/64 GB/s = 52.3.", None))),
    # tbl-scaling-rules-ref, "7B params → 14 GB / 7 GB / 112 GB", "~14 GFLOPs/token",
    # "7B on 1T tokens → 4 × 10^22 FLOPs"
    *(Example(
        f"appx-machine-7b-{key}", "training", title, machine(_NUMBERS), printed, value * 1e9,
        law="model-states", inputs=(("params", "7e9"), *bytes_), result="total",
        note=note)
      for key, title, printed, value, bytes_, note in (
          ("fp16-inference", "Inference memory of a 7B model in FP16", "7B params → 14 GB", 14,
           (("w", "2"), ("g", "0"), ("m", "0"), ("s", "0")), "7 × 10⁹ × 2 B."),
          ("int8-inference", "Inference memory of a 7B model in INT8", "7B params → 7 GB", 7,
           (("w", "1"), ("g", "0"), ("m", "0"), ("s", "0")), "7 × 10⁹ × 1 B."),
          ("adam-training", "Training memory of a 7B model with mixed-precision Adam",
           "7B params → 112 GB", 112, (),
           "7 × 10⁹ × 16 B (2 + 2 + 4 + 8; the book's breakdown is 2 B FP16 weights, 4 B FP32 "
           "master weights and 8 B Adam states, leaving out the 2 B of gradients, but it "
           "multiplies by 16)."))),
    Example(
        "appx-machine-7b-flops-per-token", "serving",
        "Inference FLOPs per token of a 7B transformer", machine(_NUMBERS),
        "7B model → ~14 GFLOPs/token", 14e9, law="inference-flops",
        inputs=(("parameters", "7e9"),), result="flops", note="2 × 7 × 10⁹."),
    Example(
        "appx-machine-7b-training-flops", "training", "Training a 7B model on 1T tokens",
        machine(_NUMBERS), "7B on 1T tokens → 4 × 10^22 FLOPs", 4e22, law="training-flops",
        inputs=(("parameters", "7e9"), ("tokens", "1e12")), result="flops",
        note="6 × 7 × 10⁹ × 10¹² = 4.2 × 10²², printed to one digit."),
    # dc_mobile_ratio = int(int(989)/int(35)) = int(28.26) = 28 (caption: "~28×")
    _quotient("appx-machine-datacenter-vs-mobile", "roofline",
              "An H100's FP16 peak against a mobile NPU's INT8 peak", machine(_NUMBERS), "~28×",
              28.0, "989 TFLOP/s", "35 TOP/s", "989/35 = 28.3: the book sets FP16 FLOPs "
              "against INT8 operations, one per row of tbl-compute-current-ref.",
              catalog=(_H100_FP16,)),
    # tbl-ridge-current-ref: ridge_a100 = int(312/2.039) = int(153.0) = 153;
    # ridge_h100 = int(989/3.35) = int(295.2) = 295
    Example(
        "appx-machine-a100-ridge-table", "roofline", "A100 (FP16) ridge point, the reference table",
        machine(_NUMBERS), "153 ops/byte", 153.0, law="ridge-point",
        inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "2039 GB/s")), result="ridge",
        note="312 TFLOP/s over the 80 GB SXM's 2,039 GB/s = 153.0, the catalog's a100-80gb."),
    Example(
        "appx-machine-h100-ridge-table", "roofline", "H100 (FP16) ridge point, the reference table",
        machine(_NUMBERS), "295 ops/byte", 295.0, law="ridge-point",
        inputs=(("peak", "989 TFLOP/s"), ("bandwidth", "3.35 TB/s")), result="ridge",
        note="989/3.35 = 295.2, which the cell truncates.", catalog=(_H100_FP16,)),
    # sec-...-a100-analysis: a100_fp16 = "312", a100_bw_tb = fmt(2.039 TB/s, precision=1) = "2.0",
    # ridge_point = int(312/2.039) = 153
    Example(
        "appx-machine-a100-ridge", "roofline", "The A100 analysis: its ridge point",
        machine("concrete-example-a100-analysis-5b30"), "= 153 FLOP/byte", 153.0,
        law="ridge-point", inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "2039 GB/s")),
        result="ridge",
        note="The prose shows '312 / 2.0 = 153': the divisor is the 2,039 GB/s constant printed "
             "to one decimal (312/2.0 itself would be 156)."),
    # gemm_intensity = int(4096/3) = 1365: 2n³ FLOPs over 3n² FP16 values (A, B, C) = n/3
    Example(
        "appx-machine-gemm-4096-intensity", "roofline",
        "The A100 analysis: a 4096 × 4096 FP16 GEMM's arithmetic intensity",
        machine("concrete-example-a100-analysis-5b30"), "approximately 1365 FLOP/byte", 1365.0,
        law="dense", inputs=(("batch", "4096"), ("in_features", "4096"),
                             ("out_features", "4096"), ("precision", "fp16")),
        result="intensity",
        note="2 × 4096³ FLOPs over three 4096² FP16 matrices moved once: n/3 = 1365.3 (the "
             "layer's 8 KB bias leaves 1365.2); above the ridge of 153, so compute-bound."),
    # relu_achieved = 0.25 × 2.039 = 0.50975 TFLOP/s; relu_utilization = 0.50975/312 × 100
    # = 0.1634 → fmt(precision=2) = "0.16"
    Example(
        "appx-machine-relu-fraction-of-peak", "roofline",
        "The A100 analysis: ReLU at 0.25 op/byte, the fraction of peak it reaches",
        machine("concrete-example-a100-analysis-5b30"), "about 0.16% of peak TFLOP/s", 0.0016,
        law="roofline", inputs=(("peak", "312 TFLOP/s"), ("bandwidth", "2039 GB/s"),
                                ("intensity", "0.25")), result="fraction",
        note="0.25 FLOP/B × 2,039 GB/s = 0.51 TFLOP/s of 312: memory-bound at 0.163%."),
    # amdahl-example: 1/(0.05 + 0.95/8) = 1/0.16875 = 5.926 → "5.9"; 1/0.05 = 20
    Example(
        "appx-machine-amdahl-8", "speedup", "Amdahl: 5% serial, 8 processors",
        machine("strong-scaling-amdahls-law-c6c2"), "≈ 5.9×", 5.9, law="amdahl",
        inputs=(("p", "0.95"), ("s", "8")), result="speedup",
        note="1/(0.05 + 0.95/8) = 5.93."),
    Example(
        "appx-machine-amdahl-limit", "speedup", "Amdahl: 5% serial, any number of processors",
        machine("strong-scaling-amdahls-law-c6c2"), "capped at 1/0.05 = 20×", 20.0,
        law="amdahl", inputs=(("p", "0.95"), ("s", "8")), result="limit",
        note="The limit 1/(1 − p) does not depend on s."),
    # gustafson-example: 8 − 0.05 × 7 = 7.65; 1000 − 0.05 × 999 = 950.05 → "950"
    *(Example(
        f"appx-machine-gustafson-{n}", "speedup", f"Gustafson: 5% serial, {n} processors",
        machine("weak-scaling-gustafsons-law-eb7e"), printed, value, law="gustafson",
        inputs=(("p", "0.95"), ("n", str(n))), result="speedup", note=note)
      for n, printed, value, note in (
          (8, "= 7.65×", 7.65, "8 − 0.05 × 7 = 0.05 + 0.95 × 8."),
          (1000, "≈ 950×", 950.0, "1000 − 0.05 × 999 = 950.05."))),
    # training-time-example: 6 × 1e9 × 20e9 = 1.2e20 FLOPs; 1 × 312e12 × 0.40 = 1.248e14 FLOP/s;
    # 1.2e20/1.248e14 = 961,538.5 s → fmt(precision=0) "961538"; /86,400 = 11.13 → "11" days
    Example(
        "appx-machine-train-1b-flops", "training",
        "The training time equation: a 1B model on 20B tokens, total FLOPs",
        machine("weak-scaling-gustafsons-law-eb7e"), "1.2 × 10^20 FLOPs", 1.2e20,
        law="training-flops", inputs=(("parameters", "1e9"), ("tokens", "20e9")),
        result="flops", note="6 × 10⁹ × 2 × 10¹⁰."),
    *(Example(
        f"appx-machine-train-1b-{key}", "training",
        f"The training time equation: a 1B model on 20B tokens, one A100 at 40% MFU ({unit})",
        machine("weak-scaling-gustafsons-law-eb7e"), printed, value, law="time-to-train",
        inputs=(("flops", "1.2e20"), ("devices", "1"), ("peak", "312 TFLOP/s"),
                ("utilization", "0.4")), result="time", note=note)
      for key, unit, printed, value, note in (
          ("seconds", "seconds", "**961538 seconds**", 961538.0,
           "1.2 × 10²⁰/(312 × 10¹² × 0.4) = 961,538.5 s."),
          ("days", "days", "about 11 days", 11 * 86400.0, "961,538 s/86,400 = 11.1 days."))),
    # littles-law-example: 1000 × 0.050 = 50; int(24/1) = 24; 24/0.05 = 480
    Example(
        "appx-machine-littles-concurrency", "serving",
        "Little's law: 1,000 QPS at 50 ms average latency", machine("littles-law-21a3"),
        "= 50 concurrent requests", 50.0, law="littles-law",
        inputs=(("arrival_rate", "1000 /s"), ("time", "50 ms")), result="n",
        note="L = λW = 1,000 × 0.05."),
    _quotient("appx-machine-littles-max-concurrent", "serving",
              "Little's law: concurrent requests a 24 GB accelerator holds at 1 GB each",
              machine("littles-law-21a3"), "physically limited to 24 concurrent requests",
              24.0, "24 GB", "1 GB", "24 GB/1 GB per request."),
    Example(
        "appx-machine-littles-max-throughput", "serving",
        "Little's law: the throughput cap of 24 concurrent requests at 50 ms",
        machine("littles-law-21a3"), "24 / 0.05 = 480 QPS", 480.0, law="littles-law-rate",
        inputs=(("n", "24"), ("time", "50 ms")), result="rate", note="λ = L/W."),
    # fig-memory-hierarchy's caption against tbl-latency-hierarchy (register ~0.3 ns, HBM3
    # 300 ns, SSD 100,000 ns)
    *(_quotient(f"appx-machine-{key}-vs-register", "data movement", title,
                machine("memory-hierarchy-2278"), printed, value, a, "0.3 ns", note,
                disputed=disputed, hand_value=hand)
      for key, title, printed, value, a, note, disputed, hand in (
          ("hbm", "fig-memory-hierarchy: HBM latency against a register's", "~100× slower",
           100.0, "300 ns", "tbl-latency-hierarchy's own rows: 300 ns/0.3 ns.",
           "With the appendix's register at ~0.3 ns and HBM3 at ~300 ns, HBM is 1,000× slower "
           "(its table's 'Cycles' column agrees: 1 cycle against 1,000); even against the "
           "1 ns L1 it is 300×.", 1000.0),
          ("ssd", "fig-memory-hierarchy: SSD latency against a register's", "~100,000× slower",
           100e3, "100000 ns", "tbl-latency-hierarchy's own rows: 100,000 ns/0.3 ns.",
           "100,000 ns/0.3 ns = 333,333× (the table's 'Cycles' column: 300,000); 100,000× is "
           "the SSD against the 1 ns L1, as tbl-memory-ratios-ref prints.", 1e5 / 0.3))),
    # "The High Cost of Data Movement": energy_ratio = int(int(640)/1.1) = 581; "~640 pJ vs ~1 pJ"
    _energy("appx-machine-energy-wall", "The Energy Wall: a DRAM fetch against an FP16 operation",
            "memory-hierarchy-2278", "roughly **581× more energy**", 581.0, "dram-32bit",
            "fp16-mult", tolerance=1.0,
            note=f"640 pJ/1.1 pJ = 581.8; {_TRUNCATED} (the callout shows the 1.1 pJ as '~1')."),
    # bandwidth-latency-example: 1e3 B × 8/10e9 b/s = 0.8 µs; 8e9/10e9 = 0.8 s = 800 ms;
    # 10 ms + 800 ms = 810 ms
    *(Example(
        f"appx-machine-{key}", "data movement", title,
        machine("bandwidth-vs-latency-5320"), printed, value, law="transfer-time",
        inputs=(("data", data), ("bandwidth", "10 Gbps"), ("latency", "10 ms")),
        result=result, note=note)
      for key, title, data, printed, value, result, note in (
          ("1kb-transmission", "A 1 KB packet on a 10 Gbps link: transmission",
           "1 KB", "≈ 0.8 μs", 0.8e-6, "serialization", "8,000 bits/10¹⁰ b/s."),
          ("1kb-total", "A 1 KB packet on a 10 Gbps link with 10 ms ping: total", "1 KB",
           "≈ 10 ms", 10e-3, "time", "10 ms + 0.8 µs: latency-bound."),
          ("1gb-transmission", "A 1 GB checkpoint on a 10 Gbps link: transmission", "1 GB",
           "≈ 800ms", 0.8, "serialization", "8 × 10⁹ bits/10¹⁰ b/s."),
          ("1gb-total", "A 1 GB checkpoint on a 10 Gbps link with 10 ms ping: total", "1 GB",
           "= 810ms", 0.81, "time", "10 ms + 800 ms: bandwidth-bound."))),
)

# ── System Assumptions appendix (appendix_assumptions.qmd) ──────────────────────────────────
# Its tables print the constants themselves (no arithmetic); the worked examples are the callout
# "Napkin Math with These Constants", the fallacies and the energy table's caption.
_NAPKIN = "Napkin Math with These Constants"
_ASSUMPTIONS: tuple[Example, ...] = (
    Example(
        "appx-assume-h100-ridge", "roofline", "Napkin math: the H100's ridge point",
        SYSTEM_ASSUMPTIONS, "990 TFLOPS / 3.35 TB/s ≈ 296 FLOP/byte", 296.0, law="ridge-point",
        inputs=(("peak", "990 TFLOP/s"), ("bandwidth", "3.35 TB/s")), result="ridge",
        note=f"Callout '{_NAPKIN}': 990/3.35 = 295.5; the constants file's 989 gives 295.2.",
        catalog=(CatalogValue("h100-sxm", "peak:fp16", "990 TFLOP/s",
                              "989.4 (dense FP16/BF16 Tensor Core) rounded up; the book's "
                              "constants file says 989"),)),
    Example(
        "appx-assume-gemm-4096-intensity", "roofline",
        "Napkin math: a large GEMM (n = 4096) in FP16", SYSTEM_ASSUMPTIONS,
        "n/3 ≈ 1365 FLOP/byte", 1365.0, law="dense",
        inputs=(("batch", "4096"), ("in_features", "4096"), ("out_features", "4096"),
                ("precision", "fp16")), result="intensity",
        note="2n³ FLOPs over 3n² two-byte values: n/3 = 1365.3."),
    Example(
        "appx-assume-decode-intensity", "roofline",
        "Napkin math: a single-token decode step (one token through a 4096-wide layer, FP16)",
        SYSTEM_ASSUMPTIONS, "≈ 1 FLOP/byte", 1.0, law="dense",
        inputs=(("batch", "1"), ("in_features", "4096"), ("out_features", "4096"),
                ("precision", "fp16")), result="intensity",
        note="The book names no layer; 4096 matches its GEMM example, and any width gives "
             "the same: 2·n² FLOPs over n² two-byte weights is 1 FLOP/B (0.9993 with the "
             "token's activations and the bias)."),
    Example(
        "appx-assume-7b-adam", "training", "Napkin math: training memory of a 7B model",
        SYSTEM_ASSUMPTIONS, "7 × 10^9 × 16 bytes = 112 GB", 112e9, law="model-states",
        inputs=(("params", "7e9"),), result="total",
        note="2 B BF16 weights + 2 B gradients + 12 B FP32 master weights, momentum and "
             "variance; more than an 80 GB A100 or H100 before activations."),
    # 3,640 × 24 h × 0.4 kW × $0.10/kWh = 34,944 kWh × $0.10 = $3,494.40
    Example(
        "appx-assume-gpt3-electricity", "energy",
        "Napkin math: electricity of one GPT-3 training run on A100s at TDP", SYSTEM_ASSUMPTIONS,
        "≈ \\$3,500 in electricity alone", 3500.0, law="power-energy",
        inputs=(("power", "400 W"), ("time", "3640 days"), ("price", "$0.10/kWh")),
        result="cost",
        note="3,640 GPU-days × 24 h × 0.4 kW = 34,944 kWh at $0.10: $3,494. The 3,640 is "
             "GPT-3's 3.14 × 10²³ FLOPs in petaflop/s-days (3.14 × 10²³/(10¹⁵ × 86,400) = "
             "3,634), not A100-days: at its 312 TFLOP/s peak one A100 needs 3.14 × 10²³/"
             "(312 × 10¹² × 86,400) = 11,648 days, over three times the energy."),
    Example(
        "appx-assume-h100-fp16-vs-fp32", "roofline",
        "Pitfall: the H100's FP16 Tensor peak against its FP32 (non-tensor) peak",
        SYSTEM_ASSUMPTIONS, "a 16× difference", 16.0, law="ratio",
        inputs=(("a", "990 TFLOP/s"), ("b", "60 TFLOP/s")), result="ratio",
        note="990/60 = 16.5, which the book prints as 16 (half a unit off); with the catalog's "
             "989.4 and 67 it is 14.8×.",
        catalog=(CatalogValue("h100-sxm", "peak:fp16", "990 TFLOP/s",
                              "989.4 rounded up"),
                 CatalogValue("h100-sxm", "peak:fp32", "60 TFLOP/s",
                              "the SXM datasheet's FP32 is 67 TFLOP/s (the PCIe card's 51); "
                              "60 is a round figure between them"))),
    Example(
        "appx-assume-register-vs-dram", "energy",
        "tbl-assumptions-energy: a DRAM access against a register access", SYSTEM_ASSUMPTIONS,
        "The 200× gap between a register read and a DRAM access", 200.0, law="energy-ratio",
        inputs=(("a", "dram-32bit"), ("b", "0.01 pJ")), result="ratio",
        disputed="The table's own constants give ENERGY_DRAM_ACCESS_PJ/ENERGY_REG_PJ = "
                 "640 pJ/0.01 pJ = 64,000× (per byte, 160/0.01 = 16,000×); the summary "
                 "repeats the 200×, which is the DRAM-to-register-file ratio of the Eyeriss "
                 "energy hierarchy rather than of these constants.",
        hand_value=64000.0),
)

# ── D·A·M Taxonomy appendix (appendix_dam.qmd), its exercises' answers ──────────────────────
# Cell appendix-dam-setup: ex2_flops_per_pass = 7e9 × 2 FLOP = 0.014 TFLOP ("{:.3f}");
# ex2_achieved = 0.014/0.050 s = 0.28 TFLOP/s; ex2_util = 0.28/989 × 100 = 0.0283 → fmt
# precision 2 → "0.03"; ex2_model_size_gb = 7e9 × 2 B = 14 GB ("{:.0f}");
# ex3_imp = (0.45 − 0.42)/0.45 × 100 = 6.67 → "6.7".
# Not expressible (left out): the achieved rate itself, 0.014 TFLOP/0.050 s = 0.28 TFLOP/s,
# needs a law for work done over a measured time (`ratio` takes two quantities of one kind).
_EXERCISES = "exercises-135b"
_DAM: tuple[Example, ...] = (
    Example(
        "appx-dam-7b-flops-per-pass", "serving",
        "Exercise 2: FLOPs of one batch-1 forward pass of a 7B transformer", dam(_EXERCISES),
        "0.014 TFLOPs per forward pass", 0.014e12, law="inference-flops",
        inputs=(("parameters", "7e9"),), result="flops", note="2 × 7 × 10⁹ = 1.4 × 10¹⁰."),
    _quotient("appx-dam-7b-utilization", "roofline",
              "Exercise 2: the utilization of 0.28 TFLOP/s achieved on an H100", dam(_EXERCISES),
              "≈ 0.03%", 0.0003, "0.28 TFLOP/s", "989 TFLOP/s",
              "0.28/989 = 0.028%: memory-bound at batch 1 (0.014 TFLOP in 50 ms).",
              catalog=(_H100_FP16,)),
    Example(
        "appx-dam-7b-fp16-weights", "serving", "Exercise 2: a 7B model's weights in FP16",
        dam(_EXERCISES), "~14 GB in FP16", 14e9, law="model-states",
        inputs=(("params", "7e9"), ("w", "2"), ("g", "0"), ("m", "0"), ("s", "0")),
        result="total", note="Loaded from HBM on every forward pass: 7 × 10⁹ × 2 B."),
    _quotient("appx-dam-scale-factor", "training", "Exercise 3: 125M to 1B parameters",
              dam(_EXERCISES), "8× increase", 8.0, "1e9", "125e6", "10⁹/1.25 × 10⁸."),
    Example(
        "appx-dam-loss-improvement", "training",
        "Exercise 3: validation loss from 0.45 to 0.42", dam(_EXERCISES),
        "6.7% improvement", -0.067, law="ratio", inputs=(("a", "0.42"), ("b", "0.45")),
        result="change",
        note="(0.45 − 0.42)/0.45 = 6.67% less loss, a −6.7% change; Chinchilla predicts ~15%."),
    Example(
        "appx-dam-8-gpus-from-4", "speedup",
        "Exercise 4: 8 GPUs where 4 reach only 3× (Amdahl fitted to 3× at 4)", dam(_EXERCISES),
        "8 GPUs might achieve only 4--5× speedup", 4.5, law="amdahl",
        inputs=(("p", "0.888889"), ("s", "8")), result="speedup", tolerance=0.5,
        note="3 = 1/((1 − p) + p/4) gives p = 8/9; at 8, 1/(1/9 + 1/9) = 4.5, the middle of "
             "the book's 4–5× (the book reasons from communication overhead, not Amdahl)."),
)

# ── Data Foundations appendix (appendix_data.qmd) ───────────────────────────────────────────
# Cell appendix-data-setup: transfer_time = bytes/(bits per s/8); format_time prints seconds
# "{:.0f} Seconds" under a minute, then minutes, hours ("{:.1f}"), days, and 30-day months.
# Not expressible (left out): the log-sum-exp example (no softmax law); the Snowmobile's
# "2 Days" (no transit time or copy bandwidth given for ship-vs-send).
_GRAVITY = "napkin-math-physics-data-gravity-9ae0"
_DAYS30 = 30 * 86400.0
_DATA_FOUNDATIONS: tuple[Example, ...] = (
    *(Example(
        f"appx-data-gravity-{volume.replace(' ', '').lower()}-{bw.split()[0]}g", "data movement",
        f"tbl-data-gravity: {volume} over {bw}", data_foundations(_GRAVITY), printed, value,
        law="transfer-time", inputs=(("data", volume), ("bandwidth", bw)), result="time",
        note=note)
      for volume, bw, printed, value, note in (
          ("1 TB", "1 Gbps", "2.2 Hours", 2.2 * HOUR, "8 × 10¹² bits/10⁹ b/s = 8,000 s."),
          ("1 TB", "10 Gbps", "13 Minutes", 13 * MINUTE, "800 s = 13.3 min."),
          ("1 TB", "100 Gbps", "1 Minutes", 1 * MINUTE, "80 s = 1.3 min."),
          ("100 TB", "1 Gbps", "9 Days", 9 * 86400.0, "800,000 s = 9.26 days."),
          ("100 TB", "10 Gbps", "22.2 Hours", 22.2 * HOUR, "80,000 s = 22.2 h."),
          ("100 TB", "100 Gbps", "2.2 Hours", 2.2 * HOUR, "8,000 s = 2.22 h."),
          ("1 PB", "1 Gbps", "3 Months", 3 * _DAYS30,
           "8 × 10⁶ s = 92.6 days: 3.1 months of 30 days."),
          ("1 PB", "10 Gbps", "9 Days", 9 * 86400.0, "800,000 s = 9.26 days."),
          ("1 PB", "100 Gbps", "22.2 Hours", 22.2 * HOUR, "80,000 s = 22.2 h."))),
    _quotient("appx-data-parquet-vs-csv", "data movement",
              "tbl-serialization-cost: Parquet/Arrow's decoding speed against CSV/JSON's",
              data_foundations("cost-serialization-b921"), "10–100× faster", 10.0,
              "1000 MB/s", "100 MB/s",
              "> 1,000 MB/s against ~100 MB/s (and ~10 against ~100 cycles a byte): the "
              "table's own rows give the range's low end."),
    # waste_pct = (1 − 4/(1 × 1024)) × 100 = 99.609 → "{:.1f}" → "99.6"
    _quotient("appx-data-projection-waste", "data movement",
              "Projection on a row format: a 4-byte integer out of a 1 KB row",
              data_foundations("algebra-data-9792"), "wasting 99.6% of I/O bandwidth", 0.996,
              "1020 B", "1 KiB", "1,020 unwanted bytes of 1,024 (the cell's KB is KiB)."),
    Example(
        "appx-data-psi-sentiment", "operations",
        "PSI of a sentiment classifier's classes drifting (60/30/10% to 45/40/15%)",
        data_foundations("measuring-drift-divergence-a6dd"), "= 0.092", 0.092, law="psi",
        inputs=(("expected", "60, 30, 10 %"), ("actual", "45, 40, 15 %")), result="psi",
        note="(0.15)(0.288) + (−0.10)(−0.288) + (−0.05)(−0.405) = 0.0922, the sum of the two "
             "KL divergences; below the 0.2 alert threshold."),
    # "Joining two 1 TB tables requires moving ~2 TB over the network" (join_network_tb =
    # 2 × join_table_tb: a shuffle join sends both tables)
    Example(
        "appx-data-shuffle-join-traffic", "data movement",
        "A shuffle join of two 1 TB tables: both cross the network", data_foundations(
            "algebra-data-9792"), "~2 TB", 2e12, law="arithmetic",
        inputs=(("expression", "2 × [1 TB]"),), result="result"),
    # "which at scale (1M users) is 10,000 unhappy people" (n_unhappy = MILLION × 0.01)
    Example(
        "appx-data-p99-unhappy-users", "operations",
        "Users past the P99 latency in a million", data_foundations("distributions-long-tail-901f"),
        "10,000 unhappy people", 10_000.0, law="arithmetic",
        inputs=(("expression", "[1%] × 1e6"),), result="result"),
    # The Median Experience: P(Slow) = 1 − (0.99)^100 ≈ 1 − 0.366 = 63.4% (p_all_fast ** 100)
    Example(
        "appx-data-median-experience-all-fast", "operations",
        "A 100-request session with no P99 spike", data_foundations(
            "distributions-long-tail-901f"), "0.366", 0.366, law="series-reliability",
        inputs=(("p", "0.01"), ("parts", "100")), result="every",
        note="0.99¹⁰⁰ = exp(100 · ln 0.99) = exp(−1.00503) = 0.36603."),
    Example(
        "appx-data-median-experience", "operations",
        "At least one P99 spike in a 100-request session", data_foundations(
            "distributions-long-tail-901f"), "P(Slow) = 63.4%", 0.634,
        law="series-reliability", inputs=(("p", "0.01"), ("parts", "100")), result="any",
        note="1 − 0.36603 = 0.63397: the tail becomes the median experience."),
    # "D_KL(P || Q) = 0.60 log(0.60/0.45) + 0.30 log(0.30/0.40) + 0.10 log(0.10/0.15) ...
    # = 0.046 nats"; "D_KL(Q || P) = ... = −0.130 + 0.115 + 0.061 = 0.047 nats"
    Example(
        "appx-data-kl-train-to-serve", "operations",
        "KL divergence of the sentiment classes, training P against serving Q",
        data_foundations("measuring-drift-divergence-a6dd"), "0.046 nats", 0.046,
        law="arithmetic", inputs=(("expression", "0.60 × ln(0.60/0.45) + 0.30 × ln(0.30/0.40) "
                                                "+ 0.10 × ln(0.10/0.15)"),), result="result",
        note="0.17261 − 0.08630 − 0.04055 = 0.04576 nats."),
    Example(
        "appx-data-kl-serve-to-train", "operations",
        "KL divergence the other way, serving Q against training P",
        data_foundations("measuring-drift-divergence-a6dd"), "0.047 nats", 0.047,
        law="arithmetic", inputs=(("expression", "0.45 × ln(0.45/0.60) + 0.40 × ln(0.40/0.30) "
                                                "+ 0.15 × ln(0.15/0.10)"),), result="result",
        disputed="−0.12946 + 0.11507 + 0.06082 = 0.04643, which rounds to 0.046, not 0.047; "
                 "the book's own rounded terms −0.130 + 0.115 + 0.061 also sum to 0.046.",
        hand_value=0.04643),
)

# The part pages (parts/*_principles.qmd, both volumes) state principles; the Optimize part's
# Amdahl callout is the one that works a number.
_PARTS: tuple[Example, ...] = (
    # pri-amdahl: "If 95 percent of a model runs 100× faster on a GPU, the total system
    # speedup is capped at ~16.8×"
    Example(
        "part-optimize-amdahl-95-at-100x", "speedup",
        "95% of a model 100× faster on a GPU", optimize_part("pri-amdahl"), "~16.8×", 16.8,
        law="amdahl", inputs=(("p", "0.95"), ("s", "100")), result="speedup",
        note="1/(0.05 + 0.95/100) = 1/0.0595 = 16.81."),
)

EXAMPLES: tuple[Example, ...] = (_PARTS + _DATA_SELECTION + _DATA_EFFICIENCY + _WORKFLOW
                                 + _RESPONSIBLE + _CONCLUSION + _MACHINE + _ASSUMPTIONS
                                 + _DAM + _DATA_FOUNDATIONS)
