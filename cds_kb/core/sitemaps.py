"""Sitemaps with ``hreflang`` alternates: the XML format, shared by the build and the language page.

Each language build writes ``<lang>/sitemap.xml`` (``sphinxext.sitemap``); the language-page
tool joins them into the site's ``sitemap.xml`` with the language choice first
(``site_sitemap``). Serialized sorted and indented, so that two builds write the same bytes.
"""

from __future__ import annotations

from xml.etree import ElementTree

SITEMAP = "sitemap.xml"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
ElementTree.register_namespace("", NS)
ElementTree.register_namespace("xhtml", XHTML)


def urlset() -> ElementTree.Element:
    return ElementTree.Element(f"{{{NS}}}urlset")


def add_url(urls: ElementTree.Element, loc: str, alternates: dict[str, str]) -> None:
    """One ``<url>`` with its ``<xhtml:link rel="alternate" hreflang>`` alternates."""
    url = ElementTree.SubElement(urls, f"{{{NS}}}url")
    ElementTree.SubElement(url, f"{{{NS}}}loc").text = loc
    for hreflang, href in alternates.items():
        ElementTree.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=hreflang, href=href)


def serialize(urls: ElementTree.Element) -> bytes:
    ElementTree.indent(urls)
    return ElementTree.tostring(urls, encoding="utf-8", xml_declaration=True) + b"\n"


def site_sitemap(languages: dict[str, bytes]) -> tuple[bytes, str]:
    """The site's sitemap from the languages' own, and the site's root address."""
    urls = urlset()
    entries = [url for code in sorted(languages) for url in ElementTree.fromstring(languages[code])]
    if not entries:
        raise ValueError("the language sitemaps list no page")
    alternates = {link.get("hreflang"): link.get("href") for link in entries[0].iter(f"{{{XHTML}}}link")}
    root = alternates["x-default"]
    home = {code: f"{root.removesuffix('index.html')}{code}/index.html" for code in sorted(languages)}
    add_url(urls, root, {**home, "x-default": root})
    urls.extend(entries)
    return serialize(urls), root.removesuffix("index.html")
