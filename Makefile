# Two commands matter: `make html` and `make test`. Both set up .venv first.
SHELL := /bin/bash
.DEFAULT_GOAL := html

PYTHON_SYSTEM ?= python3
VENV          ?= .venv
PY            := $(VENV)/bin/python
BUILDDIR      ?= _build
LANGUAGES     := en fr
# Warnings are errors; every reference must resolve.
SPHINXOPTS    ?= -W --keep-going -n -j auto -q
SPHINXBUILD   := $(PY) -m sphinx

.PHONY: html html-% test setup gettext update-po clean help bench

help:
	@echo "make html        build English and French into $(BUILDDIR)/html/{en,fr}"
	@echo "make test        run every test (extension, site, browser)"
	@echo "make gettext     extract English messages into $(BUILDDIR)/gettext"
	@echo "make update-po   extract, then update locale/fr/LC_MESSAGES/*.po"
	@echo "make bench       measure builds and search on synthetic sites of 100, 300, 1000 posts"
	@echo "                 (make bench N=300: one size; make bench SIZES=100,300: those sizes)"
	@echo "make clean       remove $(BUILDDIR)"

# The virtual environment is rebuilt whenever requirements.txt changes.
$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

setup: $(VENV)/.installed

# Each language keeps its own doctree folder so neither invalidates the other.
html-%: $(VENV)/.installed
	$(SPHINXBUILD) -b html -c . -D language=$* -d $(BUILDDIR)/doctrees/$* $(SPHINXOPTS) docs $(BUILDDIR)/html/$*

html: $(addprefix html-,$(LANGUAGES))
	$(PY) -m cds_kb language-page $(BUILDDIR)/html

gettext: $(VENV)/.installed
	$(SPHINXBUILD) -b gettext -c . -d $(BUILDDIR)/doctrees/gettext $(SPHINXOPTS) docs $(BUILDDIR)/gettext
	$(PY) -m cds_kb extract-labels $(BUILDDIR)/gettext

update-po: gettext
	$(VENV)/bin/sphinx-intl update -p $(BUILDDIR)/gettext -l fr -d locale -w 79

test: $(VENV)/.installed
	$(PY) -m cds_kb system-check
	$(PY) -m pytest

# Figures, not tests: results in $(BUILDDIR)/bench/results.json (see docs/maintaining/performance.md).
N     ?= 1000
SIZES ?= $(if $(filter command line,$(origin N)),$(N),100,300,$(N))
bench: $(VENV)/.installed
	$(PY) -m cds_kb system-check
	$(PY) -m cds_kb bench --sizes $(SIZES) --out $(BUILDDIR)/bench $(BENCHOPTS)

clean:
	rm -rf $(BUILDDIR)
