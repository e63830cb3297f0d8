"""Data across the stack: input pipelines and data gravity.

pipeline   supply = min(storage, decode, network) against the accelerator's demand, the stall
           fraction, the binding stage and what would fix it (an Amdahl view)
gravity    send the dataset, ship it on disks, or move the computation: time, money, energy
tables     decode rates per core, dataset sizes, egress prices, each with its provenance
"""
