# workbench: participatory evaluation workbench. `make` (or `make help`) lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8866
# Tests build their own demo territory here, never in data/.
TEST_HOME ?= $(CURDIR)/build/test-home
STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: help demo demo-build dashboard reports lab test test-unit test-notebooks test-browser bench lint clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-15s %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 introuvable ($(PYTHON)) : installez-le ou passez PYTHON=python3"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(STAMP)

demo-build: $(STAMP) ## build the demo: generate raw exports, import them, write the HTML reports (no server)
	$(BIN)/workbench demo --fresh
	$(BIN)/workbench report
	@echo "Rapports HTML : $(CURDIR)/reports/ (ouvrez-les dans un navigateur, même hors connexion)"

demo: demo-build ## build the demo, then serve the COPIL dashboard on http://127.0.0.1:$(PORT)
	$(BIN)/workbench dashboard --port $(PORT)

dashboard: $(STAMP) ## serve the COPIL dashboard with Voilà on the current store (PORT=8866)
	$(BIN)/workbench dashboard --port $(PORT)

reports: $(STAMP) ## write the HTML reports of the current store into reports/<date>/
	$(BIN)/workbench report

lab: $(STAMP) ## open JupyterLab on the project (00-accueil first; data/raw/ and reports/ in the file browser)
	@mkdir -p data/raw reports
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00-accueil.ipynb

test: $(DEV_STAMP) ## run the whole test suite (unit, imports, notebooks, Voilà in headless Chromium)
	rm -rf $(TEST_HOME)
	WORKBENCH_HOME=$(TEST_HOME) WORKBENCH_SECRET_FILE=$(TEST_HOME)/secret.key $(BIN)/workbench demo
	WORKBENCH_HOME=$(TEST_HOME) WORKBENCH_SECRET_FILE=$(TEST_HOME)/secret.key \
		$(BIN)/pytest -q tests notebooks --nbval-lax --nbval-current-env -p no:cacheprovider

test-unit: $(DEV_STAMP) ## run the tests without notebooks and browser
	$(BIN)/pytest -q tests -m "not browser" -p no:cacheprovider

bench: $(DEV_STAMP) ## run the benchmarks (prints ratios against a baseline measured in the same run)
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

lint: $(DEV_STAMP) ## ruff
	$(BIN)/ruff check workbench tests bench

clean: ## remove the venv, the test home and generated data (not data/raw/)
	rm -rf $(VENV) build reports/*/ data/demo data/workbench.sqlite*
