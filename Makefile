# edged — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MODEL ?= models/smollm2-135m-instruct-int4
BENCH_VENV ?= .venv-bench
EXTRAS ?= cpu,build,dev,nvidia

.PHONY: install model run test test-integration lint check format bench bench-local clean

install: $(VENV)/.installed

# torch is installed first, pinned, so that nothing later pulls the multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[$(EXTRAS)]'
	touch $@

model: install
	$(BIN)/edged model build --output $(MODEL)

run: model
	$(BIN)/edged serve --model-path $(MODEL)

test: model
	$(BIN)/python -m pytest -q

test-integration: model
	$(BIN)/python -m pytest -q -m integration --run-integration tests/integration

lint: install
	$(BIN)/ruff format --check edged tests
	$(BIN)/ruff check edged tests
	$(BIN)/mypy

check: lint

format: install
	$(BIN)/ruff format edged tests
	$(BIN)/ruff check --fix edged tests

bench: model
	$(BIN)/edged bench all --write docs/benchmarks.md

bench-local: model
	$(BIN)/edged bench local --json

clean:
	rm -rf $(VENV) $(BENCH_VENV) build *.egg-info
