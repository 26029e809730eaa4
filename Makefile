# Two commands do all set-up on a fresh machine (see README.md):
#   make serve   install everything, build and serve the site at http://127.0.0.1:8000
#   make test    install everything, run every test (what .ci/run runs)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Re-install when the declared dependencies change.
STAMP  := $(VENV)/.installed

.PHONY: install serve build test test-fast figures

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

install: $(STAMP)

serve: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

figures: install
	$(BIN)/python -m docs_tools.figures --force

# Every test, the slow ones included; GPU examples skip themselves without CUDA.
test: install
	$(BIN)/pytest -m "slow or not slow"

# The default selection: what a contributor runs while editing (a few minutes).
test-fast: install
	$(BIN)/pytest
