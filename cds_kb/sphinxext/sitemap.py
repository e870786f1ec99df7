"""The sitemap of each language build: ``<lang>/sitemap.xml``, with ``hreflang`` alternates.

Each language build writes, when it finishes, the sitemap of every page of that language
(every document but the 404 page, plus the year archives; not the search page), each with
``xhtml:link`` alternates to the page in both languages and ``x-default`` to the language
choice. The list comes from the environment, not from the pages written this time, so a
no-op or incremental build still writes a complete sitemap, and it is sorted, so two builds
(``-j`` or not) write the same bytes. ``python -m cds_kb language-page`` then writes the
site's ``sitemap.xml`` and ``robots.txt`` (``core.sitemaps``). sphinx-sitemap was tried
first; the maintainers' page says why it is not used.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..core import sitemaps
from ..core.files import update_file
from ..core.languages import LANGUAGE_NAMES
from .pages import output_due
from .taxonomy import archive_pages
from .urls import page_url, root_url

# Pages Sphinx makes that no reader should land on from a search engine.
NOT_LISTED = {"search", "genindex"}


def listed_pages(app: Sphinx) -> list[str]:
    docs = set(app.env.found_docs) - {app.config.notfound_pagename}
    return sorted(docs | set(archive_pages(app.env)) - NOT_LISTED)


def language_sitemap(app: Sphinx) -> bytes:
    urls = sitemaps.urlset()
    x_default = f"{root_url(app.config)}index.html"
    for pagename in listed_pages(app):
        alternates = {code: page_url(app, pagename, code) for code in sorted(LANGUAGE_NAMES)}
        sitemaps.add_url(urls, page_url(app, pagename), {**alternates, "x-default": x_default})
    return sitemaps.serialize(urls)


def write_language_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / sitemaps.SITEMAP
    if output_due(app, path):
        update_file(path, language_sitemap(app))


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_language_sitemap)
