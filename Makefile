# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test bench lint clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/ironlaw hw compare h100-sxm mi300x tpu-v5p gaudi3 jetson-agx-orin
	$(VENV)/bin/ironlaw calc roofline --peak "989.4 TFLOP/s" --bandwidth "3.35 TB/s" --intensity 64
	$(VENV)/bin/ironlaw calc iron-law --data "16 GB" --bandwidth "3.35 TB/s" --flops "16 TFLOP" \
		--peak "989.4 TFLOP/s" --utilization 0.6 --overhead "20 us"

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
