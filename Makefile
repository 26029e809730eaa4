# Two commands do all set-up on a fresh machine (see README.md):
#   make serve   install everything, build and serve the site at http://127.0.0.1:8000
#   make test    install everything, run every test (what .ci/run runs)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Re-install when the declared dependencies change.
STAMP  := $(VENV)/.installed

.PHONY: install install-browser serve build test test-fast figures budgets

# visdom 0.2.4 (chapter 6) ships only as source; its setup.py imports pkg_resources,
# which setuptools 81 removed, and pip's isolated build would take the newest setuptools.
# So build it first, with the venv's own setuptools capped below 81 (keep the visdom
# spec in step with pyproject.toml). PIP_CONSTRAINT is no way out: it replaces the
# constraint file of pip's configuration (which caps torch here), and pip 26 no longer
# applies it to builds.
$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install 'setuptools>=70.1,<81'
	$(BIN)/pip install --no-build-isolation 'visdom>=0.2.4,<0.3'
	$(BIN)/pip install -e '.[test]'
	touch $@

# KaTeX, which renders the formulas when the site is built, comes from the npm
# registry (package.json, package-lock.json; node_modules/ is not committed).
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(STAMP) $(NODE_STAMP)

# The browser tests (tests/browser) drive Debian's Chromium with Playwright's
# Python package; Playwright's own browser download is never used.
CHROMIUM := /usr/bin/chromium
install-browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y chromium; \
	fi

serve: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

figures: install
	$(BIN)/python -m docs_tools.figures --force

# Every test, the slow ones included; GPU examples skip themselves without CUDA.
test: install install-browser
	$(BIN)/pytest -m "slow or not slow"

# The default selection: what a contributor runs while editing (a few minutes).
test-fast: install install-browser
	$(BIN)/pytest

# Build time, test time and page weight, measured (see README.md, "Budgets").
budgets: install install-browser
	$(BIN)/python benchmarks/budgets.py
