# edged — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MODEL ?= models/smollm2-135m-instruct-int4
BENCH_VENV ?= .venv-bench
EXTRAS ?= cpu,build,dev,nvidia

.PHONY: install model run test test-integration lint check format bench bench-env bench-local bench-quick clean

install: $(VENV)/.installed

# torch is installed first, pinned, so that nothing later pulls the multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "edged needs Python 3.10 or newer")'
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	  else echo "edged: Python's venv module is missing; install it: sudo apt-get install python3-venv" >&2; exit 1; fi; }
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

# The peers edged is measured against live in their own virtualenv, never in edged's: optimum-onnx
# pins transformers<4.58, llama-cpp-python compiles from source (~4 min on 2 cores, needs
# cmake), LiteLLM brings its own stack. A peer that fails to install is recorded with pip's
# reason in $(BENCH_VENV)/edged-bench-env.json and reported as missing; the target never fails for it.
bench-env: install
	$(BIN)/python -m edged.bench.env --venv $(BENCH_VENV)

bench: model bench-env
	EDGED_BENCH_VENV=$(abspath $(BENCH_VENV)) $(BIN)/edged bench all --write docs/benchmarks.md

bench-local: model bench-env
	EDGED_BENCH_VENV=$(abspath $(BENCH_VENV)) $(BIN)/edged bench local --json

bench-quick: model
	EDGED_BENCH_VENV=$(abspath $(BENCH_VENV)) $(BIN)/edged bench all --quick --json

clean:
	rm -rf $(VENV) $(BENCH_VENV) build *.egg-info
