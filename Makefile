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
# The published address of $(BUILDDIR)/html/ (sitemaps, feeds, OpenGraph, 404 page).
BASEURL       ?=

.PHONY: html html-% test setup gettext update-po clean help

help:
	@echo "make html        build English and French into $(BUILDDIR)/html/{en,fr}"
	@echo "                 (BASEURL=https://host/path/ sets the published address)"
	@echo "make test        run every test (extension, site, browser)"
	@echo "make gettext     extract English messages into $(BUILDDIR)/gettext"
	@echo "make update-po   extract, then update locale/fr/LC_MESSAGES/*.po"
	@echo "make clean       remove $(BUILDDIR)"

# The virtual environment is rebuilt whenever requirements.txt changes.
$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

setup: $(VENV)/.installed

# Each language keeps its own doctree folder so neither invalidates the other.
html-%: $(VENV)/.installed
	$(SPHINXBUILD) -b html -c . -D language=$* $(if $(BASEURL),-D html_baseurl=$(BASEURL)) -d $(BUILDDIR)/doctrees/$* $(SPHINXOPTS) docs $(BUILDDIR)/html/$*

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

clean:
	rm -rf $(BUILDDIR)
