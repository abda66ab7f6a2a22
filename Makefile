# Clearway developer commands. Everything installs what it needs from nothing:
# a virtualenv in .venv, the project with its dev extras, and (on first use) the
# Kafka broker jars from Maven Central into .cache/kafka.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint bench schemas clean kafka-up kafka-down render

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

KUSTOMIZE_VERSION := v5.7.1
KUSTOMIZE := .cache/bin/kustomize

## kustomize, built from the Go module proxy into .cache/bin (tests do the same on first use)
$(KUSTOMIZE):
	GOBIN=$(CURDIR)/.cache/bin GOFLAGS=-mod=mod go install sigs.k8s.io/kustomize/kustomize/v5@$(KUSTOMIZE_VERSION)

## render the Kubernetes manifests of an overlay: make render OVERLAY=prod
render: $(KUSTOMIZE)
	$(KUSTOMIZE) build deploy/k8s/overlays/$(or $(OVERLAY),prod)

kafka-up: $(STAMP)
	$(BIN)/clearway kafka up

kafka-down: $(STAMP)
	$(BIN)/clearway kafka down

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache
