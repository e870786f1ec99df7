# Two commands matter: `make html` and `make test`. Both set up .venv first.
SHELL := /bin/bash
.DEFAULT_GOAL := html

PYTHON_SYSTEM ?= python3
VENV          ?= .venv
PY            := $(VENV)/bin/python
BUILDDIR      ?= _build
LANGUAGES     := en fr
# The languages build at the same time, each with its share of the processors (Sphinx's -j):
# two builds at once keep two cores busy better than Sphinx's -j within one build does
# (docs/maintaining/performance.md has the figures). JOBS=auto gives each build every core.
CPUS          := $(shell nproc 2>/dev/null || echo 1)
AT_ONCE       := $(shell echo $$(( $(CPUS) < $(words $(LANGUAGES)) ? $(CPUS) : $(words $(LANGUAGES)) )))
JOBS          ?= $(shell echo $$(( $(CPUS) / $(AT_ONCE) )))
# Warnings are errors; every reference must resolve.
SPHINXOPTS    ?= -W --keep-going -n -j $(JOBS) -q
SPHINXBUILD   := $(PY) -m sphinx
# The published address of $(BUILDDIR)/html/ (sitemaps, feeds, OpenGraph, 404 page).
BASEURL       ?=

.PHONY: html html-% build-deps test setup gettext update-po wrap-po stats check-po clean help import livehtml links linkcheck linkcheck-% bench

help:
	@echo "make html        build English and French into $(BUILDDIR)/html/{en,fr}"
	@echo "                 (BASEURL=https://host/path/ sets the published address; the languages build at once,"
	@echo "                 each with Sphinx's -j $(JOBS); JOBS=auto gives each every core)"
	@echo "make test        run every test (extension, site, browser)"
	@echo "make gettext     extract English messages into $(BUILDDIR)/gettext"
	@echo "make update-po   extract, then update locale/fr/LC_MESSAGES/*.po (nothing translated is lost)"
	@echo "make stats       translation progress per page and in total, as sphinx-intl stat counts (STRICT=1: fail unless complete)"
	@echo "make check-po    check the catalogs: compile, markup, glossary, spelling, typography"
	@echo "make wrap-po     rewrap the catalogs in the project's style (msgcat, 79 columns)"
	@echo "make links       list every external link (page, URL) in $(BUILDDIR)/links.tsv"
	@echo "make linkcheck   check external links with Sphinx's linkcheck (needs the network)"
	@echo "make bench       measure builds and search on synthetic sites of 100, 300, 1000 posts"
	@echo "                 (make bench N=300: one size; make bench SIZES=100,300: those sizes)"
	@echo "make clean       remove $(BUILDDIR)"
	@echo "make import FILES=\"post.txt folder/ ...\" [ARGS=\"--dry-run --lang fr --fetch-images --apply-mentions --set date=... --force\"]"
	@echo "                 turn CDS source posts into pages in docs/stories, or French posts into their catalogs"
	@echo "                 (file by file, with a summary; python -m cds_kb import --help)"
	@echo "make livehtml [LANG=fr]  preview one language with live reload on http://127.0.0.1:$(LIVEPORT)"

# The virtual environment is rebuilt whenever requirements.txt or pyproject.toml changes: the
# pinned requirements, then the project's own package (cds_kb, editable: the checkout is the code).
$(VENV)/.installed: requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

setup: $(VENV)/.installed

# What a build needs from the system (Graphviz), checked once before the languages build.
build-deps: $(VENV)/.installed
	$(PY) -m cds_kb system-check --build

# Each language keeps its own doctree folder so neither invalidates the other.
html-%: build-deps
	$(SPHINXBUILD) -b html -c . -D language=$* $(if $(BASEURL),-D html_baseurl=$(BASEURL)) -d $(BUILDDIR)/doctrees/$* $(SPHINXOPTS) docs $(BUILDDIR)/html/$*

# The languages at once, each one's messages printed together when it ends; then the language choice.
html:
	@$(MAKE) --no-print-directory --jobs=$(AT_ONCE) --output-sync=target $(addprefix html-,$(LANGUAGES))
	$(PY) -m cds_kb language-page $(BUILDDIR)/html

gettext: $(VENV)/.installed
	$(SPHINXBUILD) -b gettext -c . -d $(BUILDDIR)/doctrees/gettext $(SPHINXOPTS) docs $(BUILDDIR)/gettext
	$(PY) -m cds_kb extract-labels $(BUILDDIR)/gettext

# sphinx-intl update (fuzzy for changed messages, obsolete #~ kept, untouched catalogs not
# written), then what the project adds on top of its run: the old English of fuzzy messages
# as #| lines, and GNU gettext's wrapping (79 columns, as powrap). See cds_kb/tools/catalogs.py.
update-po: gettext
	$(PY) -m cds_kb update-po $(BUILDDIR)/gettext

wrap-po: $(VENV)/.installed
	$(PY) -m cds_kb wrap-po

stats: $(VENV)/.installed
	$(PY) -m cds_kb stats $(if $(STRICT),--strict)

# Also run by `make test` (tests/test_catalogs.py).
check-po: $(VENV)/.installed
	$(PY) -m cds_kb check-po

test: $(VENV)/.installed
	$(PY) -m cds_kb system-check
	$(PY) -m pytest

# The external links of both languages, for review and for linkcheck where the network allows.
links: html
	$(PY) -m cds_kb links $(BUILDDIR)/html --out $(BUILDDIR)/links.tsv

linkcheck-%: $(VENV)/.installed
	$(SPHINXBUILD) -b linkcheck -c . -D language=$* -d $(BUILDDIR)/doctrees/linkcheck-$* -q docs $(BUILDDIR)/linkcheck/$*

# Not run by `make test`: it needs the network.
linkcheck: $(addprefix linkcheck-,$(LANGUAGES))

# Figures, not tests: results in $(BUILDDIR)/bench/results.json (see docs/maintaining/performance.md).
N     ?= 1000
SIZES ?= $(if $(filter command line,$(origin N)),$(N),100,300,$(N))
bench: $(VENV)/.installed
	$(PY) -m cds_kb system-check
	$(PY) -m bench --sizes $(SIZES) --out $(BUILDDIR)/bench $(BENCHOPTS)

clean:
	rm -rf $(BUILDDIR)

# Import source posts (files or folders): make import FILES="archive/en/" ARGS="--dry-run".
import: $(VENV)/.installed
	@test -n "$(FILES)" || { echo 'usage: make import FILES="post.txt folder/ ..." [ARGS="--dry-run --lang fr --fetch-images --apply-mentions --set FIELD=VALUE --force"]' >&2; exit 2; }
	$(PY) -m cds_kb import $(FILES) $(ARGS)

# Live preview of one language, with the options and folders of `make html` (LANG=en or fr).
# LANG is also the locale variable of the shell: only a value given on the command line counts.
LIVELANG := $(if $(filter command line,$(origin LANG)),$(LANG),en)
LIVEPORT ?= 8000
ifneq ($(filter livehtml,$(MAKECMDGOALS)),)
ifeq ($(filter $(LIVELANG),$(LANGUAGES)),)
$(error make livehtml LANG=$(LIVELANG): the languages are $(LANGUAGES))
endif
endif
livehtml: build-deps
	LANG=C.UTF-8 $(VENV)/bin/sphinx-autobuild -b html -c . -D language=$(LIVELANG) -d $(BUILDDIR)/doctrees/$(LIVELANG) \
		$(SPHINXOPTS) --watch cds_kb --watch locale --watch conf.py --re-ignore '\.mo$$|/__pycache__/' \
		--host 127.0.0.1 --port $(LIVEPORT) docs $(BUILDDIR)/html/$(LIVELANG)
