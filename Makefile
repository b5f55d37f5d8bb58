# edged — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# What `make run` builds and serves: the catalogue's default, chosen by `edged bench models` (see
# README); `make run SOURCE=smollm2-135m` for another catalogued model (`edged model list`).
SOURCE ?= qwen2.5-coder-1.5b
MODEL ?= models/$(SOURCE)-instruct-int4
# What the tests serve: the smallest catalogued model, built in about a minute.
TEST_MODEL := models/smollm2-135m-instruct-int4
BENCH_VENV ?= .venv-bench
INTEGRATION_VENV ?= .venv-integration
EXTRAS ?= cpu,build,dev,nvidia


.PHONY: install model test-model run test test-integration integration-env lint check format bench bench-env bench-local bench-models bench-quick clean

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
	$(BIN)/edged model build --source $(SOURCE) --output $(MODEL)

test-model: install
	$(BIN)/edged model build --source smollm2-135m --output $(TEST_MODEL)

# One target per catalogued model (`edged model list`), e.g. `make model-qwen2.5-coder-0.5b`, into
# models/<name>-instruct-int4.
model-%: install
	$(BIN)/edged model build --source $*

run: model
	$(BIN)/edged serve --model-path $(MODEL)

# `make test` runs everything, edged against llama-cpp-python's OpenAI-compatible server included.
test: test-model integration-env
	EDGED_LLAMA_SERVER_PYTHON=$(abspath $(INTEGRATION_VENV))/bin/python $(BIN)/python -m pytest -q --run-integration

test-integration: test-model integration-env
	EDGED_LLAMA_SERVER_PYTHON=$(abspath $(INTEGRATION_VENV))/bin/python $(BIN)/python -m pytest -q --run-integration tests/integration

# An independent OpenAI-compatible server to stand in for the cloud: llama-cpp-python's, built from
# source (about 4 minutes on 2 cores). --no-cache-dir: pip's wheel cache ignores CMAKE_ARGS, and a
# wheel built for another CPU (AMX) crashes here.
integration-env: $(INTEGRATION_VENV)/.installed

$(INTEGRATION_VENV)/.installed: $(VENV)/.installed
	@command -v g++ >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq g++ cmake; \
	  else echo "edged: a C++ compiler is needed to build llama-cpp-python: sudo apt-get install g++ cmake" >&2; exit 1; fi; }
	$(PYTHON) -m venv $(INTEGRATION_VENV)
	$(INTEGRATION_VENV)/bin/python -m pip install -q --upgrade pip
	CMAKE_ARGS="$$($(BIN)/python -c 'from edged.bench.env import llama_cpp_cmake_args; print(llama_cpp_cmake_args())')" \
	  CMAKE_BUILD_PARALLEL_LEVEL=2 $(INTEGRATION_VENV)/bin/python -m pip install -q --no-cache-dir 'llama-cpp-python[server]==0.3.36'
	touch $@

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

# Every catalogued model on this machine (building those not built yet): task-suite success, speed,
# memory, build time, size; about 30 minutes here, most of it the 1.5B model's test split.
bench-models: install
	$(BIN)/edged bench models --json

bench-local: model bench-env
	EDGED_BENCH_VENV=$(abspath $(BENCH_VENV)) $(BIN)/edged bench local --json

bench-quick: model
	EDGED_BENCH_VENV=$(abspath $(BENCH_VENV)) $(BIN)/edged bench all --quick --json --no-build

clean:
	rm -rf $(VENV) $(BENCH_VENV) $(INTEGRATION_VENV) build *.egg-info
