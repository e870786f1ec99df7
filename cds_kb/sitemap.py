"""Sitemaps with ``hreflang`` alternates: ``<lang>/sitemap.xml`` per build, ``sitemap.xml`` for the site.

Each language build writes, when it finishes, the sitemap of every page of that language
(every document but the 404 page, plus the year archives; not the search page), each with
``xhtml:link`` alternates to the page in both languages and ``x-default`` to the language
choice. The list comes from the environment, not from the pages written this time, so a
no-op or incremental build still writes a complete sitemap, and it is sorted, so two builds
(``-j`` or not) write the same bytes. ``python -m cds_kb language-page`` then writes the
site's ``sitemap.xml`` (the language choice and both languages' pages) and ``robots.txt``
pointing to it. sphinx-sitemap was tried first; the maintainers' page says why it is not used.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from sphinx.application import Sphinx

from .feeds import write_if_changed
from .i18n import LANGUAGE_NAMES
from .taxonomy import archive_pages
from .urls import page_url, root_url

SITEMAP = "sitemap.xml"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
ElementTree.register_namespace("", NS)
ElementTree.register_namespace("xhtml", XHTML)
# Pages Sphinx makes that no reader should land on from a search engine.
NOT_LISTED = {"search", "genindex"}


def listed_pages(app: Sphinx) -> list[str]:
    docs = set(app.env.found_docs) - {app.config.notfound_pagename}
    return sorted(docs | set(archive_pages(app.env)) - NOT_LISTED)


def _url(urlset: ElementTree.Element, loc: str, alternates: dict[str, str]) -> None:
    url = ElementTree.SubElement(urlset, f"{{{NS}}}url")
    ElementTree.SubElement(url, f"{{{NS}}}loc").text = loc
    for hreflang, href in alternates.items():
        ElementTree.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=hreflang, href=href)


def _serialize(urlset: ElementTree.Element) -> bytes:
    ElementTree.indent(urlset)
    return ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def language_sitemap(app: Sphinx) -> bytes:
    urlset = ElementTree.Element(f"{{{NS}}}urlset")
    x_default = f"{root_url(app.config)}index.html"
    for pagename in listed_pages(app):
        alternates = {code: page_url(app, pagename, code) for code in sorted(LANGUAGE_NAMES)}
        _url(urlset, page_url(app, pagename), {**alternates, "x-default": x_default})
    return _serialize(urlset)


def write_language_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    write_if_changed(Path(app.outdir) / SITEMAP, language_sitemap(app))


def site_sitemap(languages: dict[str, bytes]) -> tuple[bytes, str]:
    """The site's sitemap from the languages' own, and the site's root address."""
    urlset = ElementTree.Element(f"{{{NS}}}urlset")
    entries = [url for code in sorted(languages) for url in ElementTree.fromstring(languages[code])]
    if not entries:
        raise ValueError("the language sitemaps list no page")
    alternates = {link.get("hreflang"): link.get("href") for link in entries[0].iter(f"{{{XHTML}}}link")}
    root = alternates["x-default"]
    home = {code: f"{root.removesuffix('index.html')}{code}/index.html" for code in sorted(languages)}
    _url(urlset, root, {**home, "x-default": root})
    urlset.extend(entries)
    return _serialize(urlset), root.removesuffix("index.html")


def write_site_sitemap(outdir: Path) -> None:
    """Write OUTDIR/sitemap.xml and OUTDIR/robots.txt from OUTDIR/<lang>/sitemap.xml."""
    languages = {code: (outdir / code / SITEMAP).read_bytes() for code in LANGUAGE_NAMES}
    content, root = site_sitemap(languages)
    write_if_changed(outdir / SITEMAP, content)
    write_if_changed(outdir / "robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {root}{SITEMAP}\n".encode())


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_language_sitemap)
