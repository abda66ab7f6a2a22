# Clearway developer commands. Everything installs what it needs from nothing:
# a virtualenv in .venv, the project with its dev extras, and (on first use) the
# Kafka broker jars from Maven Central into .cache/kafka.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup native demo test lint bench schemas clean kafka-up kafka-down render browser postgres audit

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

## the name-matching modules compiled with mypyc into services/sanctions/matching/_native,
## rebuilt unless the build there was made from exactly what is here now (the package's
## own check, by SHA-256, not file times; a stale build is never imported either way)
MATCHING := services/sanctions/matching
native: $(STAMP)
	$(BIN)/python -m services.sanctions.matching.native_build --if-stale

## see the system run: local broker, all services, sample events, decisions printed
demo: $(STAMP) native
	$(BIN)/clearway demo

## install everything from nothing, check lint, formatting and types, and run the whole
## test suite (real Kafka, the benchmarks on tiny sizes and a real browser included)
test: $(STAMP) native browser postgres lint
	$(BIN)/python -m pytest -ra --durations=15

## Debian's Chromium and chromedriver for the audit page's browser test (never a browser
## that a test tool downloads); installed with apt when missing, as root or through sudo
browser:
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    chromium chromium-driver >/dev/null; }
	@/usr/bin/chromium --version 2>/dev/null

## Debian's PostgreSQL server for the decision store's tests (the tests start a cluster of
## their own in a temporary folder); installed with apt when missing, as root or through sudo
postgres:
	@ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    postgresql >/dev/null; }
	@ls /usr/lib/postgresql/*/bin/postgres

## ruff (lint and format check) and strict mypy; part of `make test`
lint: $(STAMP)
	$(BIN)/ruff check services schemas tests bench
	$(BIN)/ruff format --check services schemas tests bench
	$(BIN)/mypy

bench: $(STAMP) native
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

## the compliance officer's audit page on http://127.0.0.1:8090/ (CLEARWAY_AUDIT_* settings)
audit: $(STAMP)
	$(BIN)/clearway audit serve

kafka-up: $(STAMP)
	$(BIN)/clearway kafka up

kafka-down: $(STAMP)
	$(BIN)/clearway kafka down

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache $(MATCHING)/_native
