# Clearway developer commands. Everything installs what it needs from nothing:
# a virtualenv in .venv, the project with its dev extras, and (on first use) the
# Kafka broker jars from Maven Central into .cache/kafka.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint bench schemas clean kafka-up kafka-down

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

## see the system run: local broker, all services, sample events, decisions printed
demo: $(STAMP)
	$(BIN)/clearway demo

## install everything from nothing and run the whole test suite (real Kafka included)
test: $(STAMP)
	$(BIN)/python -m pytest -ra --durations=15

lint: $(STAMP)
	$(BIN)/ruff check services schemas tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

schemas: $(STAMP)
	$(BIN)/python -m schemas.generate

kafka-up: $(STAMP)
	$(BIN)/clearway kafka up

kafka-down: $(STAMP)
	$(BIN)/clearway kafka down

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache
