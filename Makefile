# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The importer and reference-model tests use PyTorch; 2.13.0 is the CPU build this project's
# machines carry on disk. `make test TORCH=` skips it (those tests then skip themselves).
TORCH ?= torch==2.13.0
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml Makefile | cksum | cut -d' ' -f1)

.PHONY: demo test bench lint clean browser docs

$(STAMP): pyproject.toml Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pip install --quiet -e '.[test,plot,measure,dask,html]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/ironlaw hw compare h100-sxm mi300x tpu-v5p gaudi3 jetson-agx-orin
	$(VENV)/bin/ironlaw model lighthouse
	$(VENV)/bin/ironlaw analyze llama-3-8b --on h100 --phase decode --batch 8 --seq 1 \
		--context 4096 --precision bf16
	$(VENV)/bin/ironlaw calc roofline --peak "989.4 TFLOP/s" --bandwidth "3.35 TB/s" --intensity 64

# The HTML tests drive a real headless Chromium: Debian's, installed here when absent (root
# installs it; elsewhere the browser tests skip, except under CI, where they fail).
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq chromium chromium-driver >/dev/null; \
		else echo "no chromium: install chromium and chromium-driver for the HTML tests"; fi; \
	fi

test: $(STAMP) browser
	$(PY) -m pytest

# docs/cli/ (the command reference) and docs/examples.md are generated from the command line; a
# test checks they are current.
docs: $(STAMP)
	$(PY) -m ironlaw.cli.docs docs

bench: $(STAMP)
	$(PY) benchmarks/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
