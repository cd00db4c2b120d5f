# negsim: `make run` and `make test` do everything on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
RUNS ?= 1000

.PHONY: run class test lint bench clean help images

help:
	@echo "make run   - set up .venv and run the baseline scenario ($(RUNS) runs) into outputs/"
	@echo "make class - set up .venv and build class/: every chart and page docs/teaching.md uses"
	@echo "             (about a minute; an existing class/ is left as it is)"
	@echo "make test  - set up .venv with the dev extra and run the tests"
	@echo "make lint  - ruff check and ruff format --check"
	@echo "make bench - speed and memory benchmarks, 1k and 100k runs (JSON in benchmarks/results/)"
	@echo "             make bench BENCH_ARGS=--full adds 1,000,000 runs; BENCH_ARGS='--profile 10' profiles the engine"
	@echo "make images - redraw the README's chart images in docs/img/ from a baseline run"

# Find a Python >= 3.12 without relying on the calling shell's PATH order.
$(PY):
	@py=$$(bash scripts/find-python.sh) || exit 1; \
	echo "Creating $(VENV) with $$py"; \
	"$$py" -m venv $(VENV)

# A .venv made earlier with an older Python is named plainly, not left to a Mesa version error.
$(STAMP): pyproject.toml | $(PY)
	@bash scripts/find-python.sh --check $(PY) $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(DEVSTAMP): pyproject.toml | $(PY)
	@bash scripts/find-python.sh --check $(PY) $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@ $(STAMP)

run: $(STAMP)
	$(VENV)/bin/negsim run baseline --runs $(RUNS)
	@echo
	@echo "negsim is installed in .venv. Call it as ./negsim from here (./negsim --help,"
	@echo "./negsim run baseline), or run 'source .venv/bin/activate' once per terminal to type negsim."

# The class bundle of docs/teaching.md ("Before the class"); RUNS=N on the command line is passed on.
class: $(STAMP)
	@$(if $(filter command line,$(origin RUNS)),CLASS_RUNS=$(RUNS)) bash scripts/build-class.sh $(VENV)/bin/negsim

test: $(DEVSTAMP)
	$(PY) -m pytest -n auto

lint: $(DEVSTAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The README's images: three charts of a baseline run (its default runs and seed), committed.
images: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(VENV)/bin/negsim run baseline --out "$$tmp/run" --runs-table none > /dev/null && \
	mkdir -p docs/img && cp "$$tmp/run/outcomes.png" "$$tmp/run/time_to_event.png" "$$tmp/run/beliefs.png" docs/img/ && \
	echo "wrote docs/img/outcomes.png docs/img/time_to_event.png docs/img/beliefs.png"

bench: $(STAMP)
	$(PY) benchmarks/bench_engine.py $(BENCH_ARGS)
	$(PY) benchmarks/bench_studies.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
