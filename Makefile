# The showcase's commands. `make build` and `make test` work on a fresh clone: they create the
# virtual environment and install the pinned dependencies themselves.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SETTINGS ?= pelicanconf.py
PORT ?= 8000

.PHONY: build publish test lint validate serve schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## build: build the site into output/ (the old output/ stays if anything fails)
build: $(STAMP)
	$(BIN)/python -m pelican_showcase.build --settings $(SETTINGS) --output output

## publish: build with the publishing settings (SITEURL from publishconf.py)
publish: SETTINGS = publishconf.py
publish: build

## validate: check all data and content, without building
validate: $(STAMP)
	$(BIN)/python -m showcase validate

## lint: ruff (lint and format check) and mypy on plugins/
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## test: lint, then the whole test suite (includes a real build in a temporary folder)
test: lint
	$(BIN)/pytest

## serve: build, then serve output/ on http://localhost:$(PORT)/
serve: build
	$(BIN)/python -m http.server $(PORT) --directory output

clean:
	rm -rf output .pytest_cache .mypy_cache .ruff_cache
