# Tandem — the two commands of the README:
#   make report   installs what is missing, builds, and reviews the example company into Reports/
#   make test     installs what is missing and runs every test
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
EXAMPLE := Examples/Brightwell
PYTHON ?= python3

.PHONY: deps pydeps build report test bench lint clean

# libxlsxwriter (Debian libxlsxwriter-dev, Homebrew libxlsxwriter) and pkg-config.
deps:
	@if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists xlsxwriter; then exit 0; fi; \
	if [ "$$(uname)" = Darwin ]; then echo "Please run: brew install libxlsxwriter pkg-config" >&2; exit 1; fi; \
	echo "Installing libxlsxwriter-dev and pkg-config…"; \
	$(SUDO) apt-get update && $(SUDO) apt-get install -y libxlsxwriter-dev pkg-config

# openpyxl reads the workbooks back in `make test`, as finance would.
pydeps:
	@$(PYTHON) -c "import openpyxl" 2>/dev/null || $(PYTHON) -m pip install --quiet openpyxl

build: deps
	$(SWIFT) build

report: deps
	$(SWIFT) build --product tandem
	@bin=$$($(SWIFT) build --show-bin-path)/tandem; \
	$$bin validate $(EXAMPLE)/plan.yaml --actuals $(EXAMPLE)/actuals

test: deps pydeps
	$(SWIFT) build --build-tests
	$(SWIFT) test

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Examples Package.swift

clean:
	rm -rf .build
