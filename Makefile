# negsim: `make run` and `make test` do everything on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
RUNS ?= 1000

.PHONY: run test lint bench clean help

help:
	@echo "make run   - set up .venv and run the baseline scenario ($(RUNS) runs) into outputs/"
	@echo "make test  - set up .venv with the dev extra and run the tests"
	@echo "make lint  - ruff check and ruff format --check"
	@echo "make bench - speed and memory benchmarks (benchmarks/)"

# Find a Python >= 3.12 without relying on the calling shell's PATH order.
$(PY):
	@py=$$(bash scripts/find-python.sh) || exit 1; \
	echo "Creating $(VENV) with $$py"; \
	"$$py" -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(DEVSTAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@ $(STAMP)

run: $(STAMP)
	$(VENV)/bin/negsim run baseline --runs $(RUNS)

test: $(DEVSTAMP)
	$(PY) -m pytest

lint: $(DEVSTAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(PY) benchmarks/bench_engine.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
