# Two commands from a fresh clone (README, "Quick start"):
#   make book   builds the book into _build/html
#   make test   runs every test: nnlib, the notebooks (nbval), the rendered book in Chromium
# Each sets up what it needs: a virtual environment in .venv from
# requirements.txt and, for the browser tests, pinned npm copies of the
# scripts the pages load from CDNs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
BROWSER_ASSETS := tests/browser/assets
ASSETS_STAMP := $(BROWSER_ASSETS)/node_modules/.installed

.PHONY: book test bench clean setup notebooks lab

setup: $(STAMP)

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(ASSETS_STAMP): $(BROWSER_ASSETS)/package.json $(BROWSER_ASSETS)/package-lock.json
	npm ci --silent --no-audit --no-fund --prefix $(BROWSER_ASSETS)
	touch $@

book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going

# Without npm the browser tests cannot get their offline CDN copies: they skip
# and say so (CI sets ONE_NEURON_REQUIRE_BROWSER=1, which turns that into a failure).
test: $(STAMP) $(if $(shell command -v npm),$(ASSETS_STAMP))
	$(BIN)/python -m pytest

# Read the chapters in JupyterLab (with jupyterlab-myst). Jupyter refuses to
# run as root without --allow-root; containers often run as root.
lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks

# Re-run every chapter and store its outputs (after editing a notebook or nnlib).
notebooks: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py

# Timings and Lighthouse scores, printed, never asserted. One part, or some pages:
#   make bench BENCH="--only lighthouse --pages ch3,intro"   (all options: benchmarks/bench.py --help)
bench: $(STAMP) $(if $(shell command -v npm),$(ASSETS_STAMP))
	$(BIN)/python benchmarks/bench.py $(BENCH)

clean:
	rm -rf _build
