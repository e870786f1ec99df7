"""Addresses: the site's absolute URLs (``html_baseurl``) and a 404 page that works at any depth.

``html_baseurl`` (conf.py, or ``make html BASEURL=...``) is the address where the built
``_build/html/`` folder is published: the language choice is ``<html_baseurl>index.html``
and each language's pages are under ``<html_baseurl><lang>/``. Sitemaps, feeds and
OpenGraph tags need absolute addresses; ``page_url`` makes them. Once the configuration
is read, ``html_baseurl`` becomes the language's own address, so that Sphinx's
``<link rel="canonical">`` is right too; ``kb_root_url`` keeps the site's.

The 404 page (``docs/404.md``) is served by the host in place of any missing address, at
any depth, so its links cannot be relative. sphinx-notfound-page makes the theme's links
(styles, scripts, navigation, search) root-relative from ``notfound_urls_prefix``, which
is derived here from the path of the base URL; this module does the same for the page's
own links and its language toggle, and keeps the page out of search engines.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from ..core.languages import LANGUAGE_NAMES, other_language

# Where a project that sets no html_baseurl is said to live: a reserved name (RFC 2606).
PLACEHOLDER = "https://kb.example/"


def _configure(app: Sphinx, config: Config) -> None:
    root = config.html_baseurl or PLACEHOLDER
    parts = urlsplit(root)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"html_baseurl must be the absolute address the site is published at, such as "
            f"https://example.org/partnerships/ (got {root!r}); set it in conf.py or with make html BASEURL=..."
        )
    root = root if root.endswith("/") else root + "/"
    config.kb_root_url = root
    config.html_baseurl = f"{root}{config.language}/"
    config.notfound_urls_prefix = f"{urlsplit(root).path}{config.language}/"


def root_url(config: Config) -> str:
    """The address of the published ``_build/html/`` folder, ending in ``/``."""
    return config.kb_root_url


def page_url(app: Sphinx, pagename: str, language: str | None = None) -> str:
    """The absolute address of a page (of this build's language unless given)."""
    return f"{root_url(app.config)}{language or app.config.language}/{app.builder.get_target_uri(pagename)}"


def is_not_found_page(app: Sphinx, pagename: str) -> bool:
    return pagename == app.config.notfound_pagename


def _not_found_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The 404 page's own links, root-relative (the page sits at the language's root)."""
    if not is_not_found_page(app, docname):
        return
    for reference in doctree.findall(nodes.reference):
        if reference.get("internal") and reference.get("refuri"):
            reference["refuri"] = app.config.notfound_urls_prefix + reference["refuri"]


def _not_found_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """On the 404 page, a language toggle and alternates that work from any address."""
    if not is_not_found_page(app, pagename):
        return
    target = app.builder.get_target_uri(pagename)
    other = other_language(app.config.language)
    root_path = urlsplit(root_url(app.config)).path
    context["kb_language_switch"] = {**context["kb_language_switch"], "url": f"{root_path}{other}/{target}"}
    context["kb_alternates"] = [
        {"hreflang": code, "url": page_url(app, pagename, code)} for code in sorted(LANGUAGE_NAMES)
    ] + [{"hreflang": "x-default", "url": f"{root_url(app.config)}index.html"}]
    context["metatags"] = context.get("metatags", "") + '\n<meta name="robots" content="noindex">'


def setup(app: Sphinx) -> None:
    app.setup_extension("notfound.extension")
    app.add_config_value("kb_root_url", "", "html", types=[str])
    app.connect("config-inited", _configure)
    app.connect("doctree-resolved", _not_found_links)
    # After i18n's language context (priority 500).
    app.connect("html-page-context", _not_found_context, priority=600)

