"""The real site: topics, feeds, sitemaps, OpenGraph metadata and 404 pages in both languages."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import polib
import pytest
from bs4 import BeautifulSoup

from ..conftest import BASE_URL, CATALOGS, PROJECT, build_site, built_pages, front_matter, html, normalize, resolve

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
POSTS = sorted(p.relative_to(PROJECT / "docs").with_suffix("").as_posix() for p in (PROJECT / "docs" / "stories").glob("*.md") if p.stem != "index")


def og(page: BeautifulSoup, name: str) -> str | None:
    tag = page.find("meta", property=name)
    return tag["content"] if tag else None


@pytest.mark.parametrize("language", ["en", "fr"])
def test_feed_lists_the_dated_posts_in_the_pages_language(site, language):
    feed = ElementTree.parse(site / language / "atom.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == {"en": "en-CA", "fr": "fr-CA"}[language]
    entries = feed.findall(f"{ATOM}entry")
    dated = sorted((front_matter(p)["date"], p) for p in POSTS if front_matter(p).get("date"))[::-1]
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [f"{BASE_URL}{language}/{p}.html" for _, p in dated]
    assert feed.findtext(f"{ATOM}updated") == dated[0][0]
    for entry, (date, post) in zip(entries, dated):
        page = html(site, language, post)
        assert entry.findtext(f"{ATOM}title") == normalize(page.find("h1").get_text()).rstrip("¶").strip()
        assert entry.findtext(f"{ATOM}summary") == page.find("meta", attrs={"name": "description"})["content"]
        assert entry.findtext(f"{ATOM}published") == date
    if language == "fr":
        assert entries[0].findtext(f"{ATOM}title") == "Réorienter notre façon de travailler en partenariat"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_page_links_to_its_languages_feed(site, language):
    for docname in built_pages(site, language):
        links = html(site, language, docname).find_all("link", type="application/atom+xml")
        assert len(links) == 1, docname
        assert resolve(site, site / language / docname, links[0]["href"]) == (site / language / "atom.xml").resolve(), docname
        assert links[0]["title"] == {"en": "Stories — Digital government partnerships", "fr": "Articles — Partenariats en gouvernement numérique"}[language]


def test_sitemap_lists_every_page_of_both_languages_with_its_alternates(site):
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    urls = {url.findtext(f"{SITEMAP}loc"): url for url in root.findall(f"{SITEMAP}url")}
    expected = {f"{BASE_URL}index.html"} | {
        f"{BASE_URL}{language}/{page}.html"
        for language in ("en", "fr")
        for page in built_pages(site, language) - {"search", "404"}
    }
    assert set(urls) == expected
    for loc, url in urls.items():
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert set(alternates) == {"en", "fr", "x-default"}, loc
        assert alternates["x-default"] == f"{BASE_URL}index.html"
        # Pairs: each alternate is listed, and lists the same alternates.
        for code in ("en", "fr"):
            other = urls[alternates[code]]
            assert {link.get("hreflang"): link.get("href") for link in other.findall(f"{XHTML}link")} == alternates
    assert (site / "robots.txt").read_text().endswith(f"Sitemap: {BASE_URL}sitemap.xml\n")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_page_has_description_and_opengraph(site, language):
    locale = {"en": "en_CA", "fr": "fr_CA"}
    for docname in built_pages(site, language):
        page = html(site, language, docname)
        descriptions = page.find_all("meta", attrs={"name": "description"})
        assert len(descriptions) == 1 and descriptions[0]["content"], docname
        assert og(page, "og:description") == descriptions[0]["content"], docname
        assert og(page, "og:title"), docname
        assert og(page, "og:url") == f"{BASE_URL}{language}/{docname}.html"
        assert og(page, "og:locale") == locale[language]
        assert og(page, "og:locale:alternate") == locale["fr" if language == "en" else "en"]
        assert og(page, "og:type") == ("article" if docname in POSTS else "website"), docname


@pytest.mark.parametrize("language", ["en", "fr"])
def test_og_image_alt_in_each_language(site, language):
    post = "stories/pivoting-how-we-partner"
    fields = front_matter(post)
    page = html(site, language, post)
    assert og(page, "og:image") == fields["image"]
    catalog = polib.pofile(str(CATALOGS / f"{post}.po"))
    expected = {"en": fields["image-alt"], "fr": catalog.find(fields["image-alt"]).msgstr}[language]
    assert og(page, "og:image:alt") == expected
    if language == "fr":
        assert expected != fields["image-alt"]
    # The old blog's bare file name has no address here: no og:image.
    assert og(html(site, language, "stories/were-all-in-this-together"), "og:image") is None


@pytest.mark.parametrize("language", ["en", "fr"])
def test_404_page_is_translated_and_works_at_any_depth(site, language):
    page = html(site, language, "404")
    assert page.find("h1").get_text().rstrip("¶") == {"en": "Page not found", "fr": "Page introuvable"}[language]
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    links = [a["href"] for a in page.select("article a.reference")] + [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert links
    for href in links:
        # Root-relative (the placeholder base URL has no path), so they work at any depth.
        assert href.startswith(f"/{language}/"), href
        assert (site / href.lstrip("/").split("?")[0]).exists(), href


def test_topics_are_in_the_navigation_and_posts_link_their_topics(site):
    for language in ("en", "fr"):
        home = html(site, language, "index")
        assert any(a["href"] == "topics/index.html" for a in home.select(".sidebar-tree a")), language
        for post in POSTS:
            tags = front_matter(post).get("tags") or []
            links = html(site, language, post).select("p.kb-topics a")
            assert [Path(a["href"]).stem for a in links] == tags, (language, post)
    assert normalize(html(site, "fr", "stories/pivoting-how-we-partner").select_one(".kb-topics-label").get_text()) == "Sujets :"


def test_feeds_and_sitemaps_are_reproducible(site, tmp_path):
    build_site(tmp_path, "-j", "auto")
    for name in ("en/atom.xml", "fr/atom.xml", "en/sitemap.xml", "fr/sitemap.xml", "sitemap.xml", "robots.txt"):
        assert (tmp_path / "html" / name).read_bytes() == (site / name).read_bytes(), name
