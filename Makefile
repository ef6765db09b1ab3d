# Credibility scorer — every target that needs Python creates .venv on demand.
# `make help` lists the targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATASETS ?= ../shared/datasets
# `make run` serves on SCORER_HOST:SCORER_PORT as `scorer serve` does; HOST= / PORT= on the command line still win.
SCORER_HOST ?= 127.0.0.1
SCORER_PORT ?= 8000
HOST ?= $(SCORER_HOST)
PORT ?= $(SCORER_PORT)

.DEFAULT_GOAL := help
.PHONY: help venv run test features train evaluate reputation bench lint clean

help:  ## List the targets with one line each
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)  ## Create or update .venv with the project and its dev tools

run: $(STAMP)  ## Serve the API on 127.0.0.1:8000 (SCORER_HOST/SCORER_PORT or HOST=/PORT= override)
	@echo "Serving on http://$(HOST):$(PORT)  — try:"
	@echo "  curl -s http://$(HOST):$(PORT)/v1/score -H 'Content-Type: application/json' \\"
	@echo "       -d '{\"title\": \"Minister resigns\", \"text\": \"The minister resigned on Monday, a spokesperson told reporters.\"}'"
	@echo "  API docs: http://$(HOST):$(PORT)/docs"
	$(BIN)/scorer serve --host $(HOST) --port $(PORT)

test: $(STAMP)  ## Run the whole test suite
	$(BIN)/python -m pytest

features: $(STAMP)  ## Rebuild training_data/ (signal values, term counts, labels, groups; no text) from $(DATASETS)
	$(BIN)/python -m scorer.training.dataset --datasets $(DATASETS) --out training_data

train: $(STAMP)  ## Retrain the default model from training_data/ into models/
	$(BIN)/scorer train

evaluate: $(STAMP)  ## Grouped CV, leave-one-corpus-out, ablation vs TF-IDF baseline -> docs/evaluation.md
	$(BIN)/scorer evaluate --datasets $(DATASETS)

reputation: $(STAMP)  ## Rebuild the shipped publisher reputation table from $(DATASETS)/mbfc_source_labels
	$(BIN)/python -m scorer.training.reputation_table --mbfc $(DATASETS)/mbfc_source_labels --out scorer/data/reputation_mbfc.json

bench: $(STAMP)  ## Throughput/latency/memory -> docs/benchmarks.md; boilerplate detector -> docs/boilerplate.md
	$(BIN)/python -m benchmarks --datasets $(DATASETS) --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.boilerplate_lines --datasets $(DATASETS) --out docs/boilerplate.md

lint: $(STAMP)  ## Ruff over the code
	$(BIN)/ruff check scorer api tests benchmarks

clean:  ## Remove the venv and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
