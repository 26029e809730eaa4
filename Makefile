# Two commands do all set-up on a fresh machine (see README.md):
#   make serve   install everything, build and serve the site at http://127.0.0.1:8000
#   make test    install everything, run every test (what .ci/run runs)
#   make lock    refresh requirements.lock (the tested versions) from pyproject.toml
#   make compat  the chapter doctests on other torch/torchvision releases (compat/report.json)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Re-install when the declared dependencies change.
STAMP  := $(VENV)/.installed

.PHONY: install install-browser serve serve-zh serve-en build test test-fast figures generate budgets lock compat compat-pairs compat-pair compat-merge

# Every package at the version in requirements.lock (the set the tests passed with),
# then the checkout itself, editable, without resolving anything again.
# visdom 0.2.4 (chapter 6) ships only as source; its setup.py imports pkg_resources,
# which setuptools 81 removed, and pip's isolated build would take the newest setuptools.
# So the locked setuptools (below 81: lock-constraints.txt) goes in first, and the
# lock is installed without build isolation. PIP_CONSTRAINT is no way out: it replaces
# the constraint file of pip's configuration (which caps torch here), and pip 26 no
# longer applies it to builds.
LOCK := requirements.lock
$(STAMP): pyproject.toml $(LOCK)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install "$$(grep -E '^setuptools==' $(LOCK))"
	$(BIN)/pip install --no-build-isolation -r $(LOCK)
	$(BIN)/pip install --no-build-isolation --no-deps -e .
	touch $@

# Refresh requirements.lock: every dependency of pyproject.toml (and its `test`
# extra) at the newest version its range allows, resolved by pip-tools in its own
# venv. pip-compile ignores pip's configuration, so a `constraint` file set there
# (on this machine it caps torch at the release on its disk) is passed on explicitly.
# Then run `make test` (and `make compat`) before committing the new lock.
LOCK_VENV := .venv-lock
PIP_TOOLS := pip-tools==7.6.2
lock:
	test -d $(LOCK_VENV) || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install -q '$(PIP_TOOLS)' setuptools -c lock-constraints.txt
	caps=$$($(LOCK_VENV)/bin/pip config list 2>/dev/null | sed -n "s/^[^=]*\.constraint='\(.*\)'$$/\1/p" | head -1); \
	CUSTOM_COMPILE_COMMAND='make lock' $(LOCK_VENV)/bin/pip-compile --quiet --upgrade --extra test \
	  --allow-unsafe --no-build-isolation --strip-extras --no-emit-find-links --no-emit-index-url \
	  -c lock-constraints.txt $$(for f in $$caps; do echo "-c $$f"; done) -o $(LOCK) pyproject.toml

# Temml and the Noto Sans Math font, which render the formulas when the site is built,
# axe-core, which the browser tests inject to audit accessibility, and Lighthouse
# (benchmarks/lighthouse.py) come from the npm registry
# (package.json, package-lock.json; node_modules/ is not committed).
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(STAMP) $(NODE_STAMP)

# The browser tests (tests/browser) and the PDF books (docs_tools/book) drive Debian's
# Chromium with Playwright's Python package; Playwright's own browser download is never
# used. The books also need Debian's Noto CJK fonts (Chinese glyphs), poppler-utils
# (pdftotext: the contents' page numbers) and qpdf (packs the PDFs).
CHROMIUM := /usr/bin/chromium
install-browser:
	@if [ ! -x $(CHROMIUM) ] || ! command -v pdftotext >/dev/null || ! command -v qpdf >/dev/null \
	    || ! fc-list -q 'Noto Sans CJK SC' 2>/dev/null; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y \
	    chromium fonts-noto-cjk poppler-utils qpdf; \
	fi

# The site is built by ProperDocs (the maintained continuation of MkDocs 1.6) from
# mkdocs.yml, named explicitly: ProperDocs' fallback to that name is deprecated.
# Rebuilds on any change to the pages, the snippets (code, figure scripts) or the
# tooling; no .pyc files, so importing a snippet module does not trigger a rebuild.
# While serving, the notebooks are left out (docs_tools/hooks.py); `make serve-zh` and
# `make serve-en` build one language only (at the root), so a save shows in about 2 s.
SERVE := PYTHONDONTWRITEBYTECODE=1 $(BIN)/properdocs serve -f mkdocs.yml --dev-addr 127.0.0.1:8000 \
	  --watch snippets --watch docs_tools
serve: install
	$(SERVE)

serve-zh serve-en: install
	SERVE_LANGUAGE=$(@:serve-%=%) $(SERVE)

# The site, then the two PDF books (docs_tools/book) written into it.
build: install install-browser
	$(BIN)/properdocs build -f mkdocs.yml --strict
	$(BIN)/python -m docs_tools.book site

figures: install
	$(BIN)/python -m docs_tools.inputs.figures --force

# Every generated input (figures, notebooks with their outputs), without the site generator.
generate: install
	$(BIN)/python -m docs_tools

# Every test, the slow ones included; GPU examples skip themselves without CUDA.
# Two workers (pytest-xdist): the suite on both cores. --dist loadfile keeps each
# file on one worker, so a doctest file's examples run in order in one namespace.
PYTEST_PARALLEL := -n 2 --dist loadfile --durations=10

test: install install-browser
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "slow or not slow"

# The default selection: what a contributor runs while editing (a few minutes).
test-fast: install install-browser
	$(BIN)/pytest $(PYTEST_PARALLEL)

# Build time, test time and page weight, measured; the table in README.md
# ("Budgets") is rewritten. Page weight alone: benchmarks/budgets.py --only pages.
budgets: install install-browser
	$(BIN)/python benchmarks/budgets.py --write-readme

# The chapter doctests on other torch/torchvision releases (docs_tools/compat/compat_run.py):
# each pair in its own venv under .compat/ (a few GB of downloads each from PyPI
# the first time; the venvs are kept and reused), each pair's results in a piece
# ($(COMPAT_PIECES)/torch-T-vision-V.json), the pieces merged into compat/report.json,
# shown on the "Version compatibility" page. Not part of `make test`. The driver needs
# only Python's standard library, so it runs on $(PYTHON), not in .venv.
# NEWEST_ON_PYPI=1 (or true) also runs what `pip install torch torchvision` gives today.
# CI (.github/workflows/compat.yml) runs the same code, one job per pair:
#   make compat-pairs                    the pairs, a JSON list (a step output on GitHub Actions)
#   make compat-pair PAIR=2.6.0/0.21.0   one pair into its piece
#   make compat-merge                    every piece in $(COMPAT_PIECES) into compat/report.json
COMPAT_PIECES ?= .compat/pieces
COMPAT_NEWEST = $(if $(filter 1 true,$(NEWEST_ON_PYPI)),--newest-on-pypi)

compat:
	$(PYTHON) -m docs_tools.compat.compat_run --piece-dir $(COMPAT_PIECES) $(COMPAT_NEWEST)

compat-pairs:
	@$(PYTHON) -m docs_tools.compat.compat_run --list-pairs $(COMPAT_NEWEST)

compat-pair:
	$(if $(PAIR),,$(error PAIR=TORCH/TORCHVISION is needed, e.g. make compat-pair PAIR=2.6.0/0.21.0))
	$(PYTHON) -m docs_tools.compat.compat_run --pieces-only --pair $(PAIR) --piece-dir $(COMPAT_PIECES)

compat-merge:
	$(PYTHON) -m docs_tools.compat.compat_run --merge $(COMPAT_PIECES)
