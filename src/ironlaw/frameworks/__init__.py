"""The op graph, per-op cost on a device, execution modes (eager / fused) and autodiff.

ops        the op vocabulary with FLOPs, parameters and bytes
graph      a model as ops and repeated blocks, with numpy columns for vectorized cost
cost       time per op and per Iron Law term on a device, MFU, the binding constraint
autodiff   backward graphs and training steps, saved activations
"""
