"""Architecture builders, the Lighthouse workloads and importers (torch, ONNX, HF config.json)."""
