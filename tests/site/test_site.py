"""The real site, built from scratch in both languages: pairing, language, translation, content."""

from __future__ import annotations

import csv
import re
import subprocess
from importlib.metadata import version
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup

from cds_kb.core import frontmatter
from cds_kb.core.schema import ENTRY_TYPES
from cds_kb.tools import sources as posts

from ..conftest import BASE_URL, CATALOGS, DOCS, POST_SOURCES, PROJECT, SOURCES, build_site, built_pages, docnames, entries, front_matter, html, normalize, resolve

# Pages Sphinx generates that are not built from docs/.
GENERATED = {"search"}
# html_baseurl in conf.py: the placeholder address of _build/html/.
def test_both_languages_have_the_same_pages(site):
    english = built_pages(site, "en")
    assert english == built_pages(site, "fr")
    assert set(docnames()) <= english


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_page_declares_its_language_and_links_to_the_other(site, language):
    other = "fr" if language == "en" else "en"
    for docname in sorted(built_pages(site, language)):
        page = html(site, language, docname)
        assert page.html["lang"] == language, docname
        toggle = page.select_one("nav.kb-language-bar a")
        assert toggle.get_text() == {"en": "English", "fr": "Français"}[other], docname
        assert toggle["lang"] == other and toggle["hreflang"] == other
        target = resolve(site, site / language / docname, toggle["href"])
        assert target == (site / other / f"{docname}.html").resolve(), docname
        # The page in the other language links back here.
        back = html(site, other, docname).select_one("nav.kb-language-bar a")["href"]
        assert resolve(site, site / other / docname, back) == (site / language / f"{docname}.html").resolve()
        alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}
        assert set(alternates) == {"en", "fr", "x-default"}, docname
        for code in ("en", "fr"):
            assert resolve(site, site / language / docname, alternates[code]) == (site / code / f"{docname}.html").resolve()


def visible_texts(page: BeautifulSoup) -> set[str]:
    """Every sentence-like text a reader or a screen reader meets on a page."""
    # Not text: scripts, styles, icons, and instructions to the browser (the security policy).
    for hidden in page(["script", "style", "svg"]) + page.find_all("meta", attrs={"http-equiv": True}):
        hidden.decompose()
    texts = {normalize(element.get_text(" ").replace("¶", "")) for element in page.find_all(["p", "li", "h1", "h2", "h3", "dt", "dd", "a", "span", "label", "button", "title"])}
    for attribute in ("aria-label", "title", "placeholder", "alt", "content"):
        texts |= {normalize(element[attribute]) for element in page.find_all(attrs={attribute: True})}
    return {text for text in texts if len(text.split()) >= 3 and not text.startswith("http")}


def glossary() -> list[dict[str, str]]:
    with (PROJECT / "locale" / "glossary.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_no_french_page_keeps_english_text(site):
    # Names the glossary keeps in English in French text (Code for Canada, Connected150).
    same_in_both = {row["english"] for row in glossary() if row["english"] == row["french"]}
    leftovers = {}
    for docname in sorted(built_pages(site, "fr")):
        english = visible_texts(html(site, "en", docname)) - same_in_both
        same = sorted(visible_texts(html(site, "fr", docname)) & english)
        if same:
            leftovers[docname] = same
    assert leftovers == {}


def official_names() -> list[tuple[str, str]]:
    rows = glossary()
    return [(row["english"], row["french"]) for row in rows if not row["source"].startswith("Project translation") and row["english"][0].isupper()]


def test_french_pages_use_the_official_names(site):
    missing = []
    for docname in docnames():
        english = normalize(html(site, "en", docname).find("article").get_text(" "))
        french = normalize(html(site, "fr", docname).find("article").get_text(" ")).casefold()
        for term, official in official_names():
            if term in english and official.casefold() not in french:
                missing.append((docname, term, official))
    assert missing == []


def test_catalogs_are_complete_and_compile():
    problems = []
    for docname in docnames():
        if not (CATALOGS / f"{docname}.po").exists():
            problems.append(f"{docname}: no catalog")
    for path in sorted(CATALOGS.rglob("*.po")):
        catalog = polib.pofile(str(path))
        name = path.relative_to(CATALOGS)
        problems += [f"{name}: untranslated: {entry.msgid[:60]!r}" for entry in catalog.untranslated_entries()]
        problems += [f"{name}: fuzzy: {entry.msgid[:60]!r}" for entry in catalog.fuzzy_entries()]
        if catalog.metadata_is_fuzzy:
            problems.append(f"{name}: the header is marked fuzzy")
        checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        if checked.returncode:
            problems.append(f"{name}: {checked.stderr.strip()}")
    assert problems == []


def source_paragraphs(path: Path) -> tuple[list[str], list[str]]:
    """The paragraphs (as plain text) and link targets of a source post."""
    text = path.read_text(encoding="utf-8")
    block, body_line = frontmatter.split(text)
    lines = text.splitlines()
    if block is None:  # plain text: the title, then one paragraph per line
        paragraphs = lines[1:]
    else:
        # A blank line ends a paragraph; a heading is a paragraph of its own.
        paragraphs, current = [], []
        for line in lines[body_line - 1 :] + [""]:
            if not line.strip() or line.startswith("#"):
                paragraphs += [" ".join(current), line]
                current = []
            else:
                current.append(line)
    links = re.findall(r"\]\((\S+?)\)", text)
    plain = [normalize(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", p).lstrip("#")) for p in paragraphs]
    return [p for p in plain if p], links


@pytest.mark.parametrize("source", sorted(POST_SOURCES))
def test_each_post_keeps_every_paragraph_heading_and_link_of_its_source(site, source):
    assert (SOURCES / source).exists(), f"the source posts must be in {SOURCES} (shared/ beside the project)"
    page = html(site, "en", POST_SOURCES[source]).find("article")
    shown = {normalize(element.get_text().replace("¶", "")) for element in page.find_all(["p", "h2"])}
    paragraphs, links = source_paragraphs(SOURCES / source)
    assert [p for p in paragraphs if p not in shown] == []
    hrefs = [a["href"] for a in page.find_all("a", href=True)]
    assert [link for link in links if link not in hrefs] == []


def test_post_without_author_or_date_shows_none(site):
    for language in ("en", "fr"):
        page = html(site, language, "stories/joining-forces-for-canada")
        assert page.select_one(".kb-byline") is None
        assert page.find("time") is None


def test_french_byline_is_localized(site):
    byline = normalize(html(site, "fr", "stories/were-all-in-this-together").select_one(".kb-byline").get_text())
    assert byline == "Par Hillary Hartley, directrice générale du numérique, gouvernement de l’Ontario · Publié le 20 novembre 2017"
    byline = normalize(html(site, "en", "stories/pivoting-how-we-partner").select_one(".kb-byline").get_text())
    assert byline == "By Wendy Luciani, Executive Director, Partnerships · Published October 6, 2022"


def test_every_entry_is_reachable_from_a_directory_page(site):
    directory_pages = ["index"] + [d for d in docnames() if d.endswith("/index")]
    for language in ("en", "fr"):
        linked = set()
        for docname in directory_pages:
            folder = (site / language / docname).parent
            for link in html(site, language, docname).find("article").find_all("a", href=True):
                linked.add((folder / link["href"].split("#")[0]).resolve())
        unreachable = [d for d in entries() if (site / language / f"{d}.html").resolve() not in linked]
        assert unreachable == [], language


@pytest.mark.parametrize("language", ["en", "fr"])
def test_entries_named_in_posts_link_both_ways(site, language):
    posts = [d for d in docnames() if front_matter(d).get("type") == "post"]
    for post in posts:
        page = site / language / f"{post}.html"
        named = html(site, language, post).find(id="in-this-story").select("li a")
        assert named, post
        for link in named:
            entry = (page.parent / link["href"]).resolve()
            backlinks = BeautifulSoup(entry.read_text(encoding="utf-8"), "html.parser").find(id="mentioned-in").select("li a")
            assert page.resolve() in {(entry.parent / a["href"]).resolve() for a in backlinks}, (post, link["href"])


def test_language_choice_page(site):
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["lang"]: a["href"] for a in page.select("main a")}
    assert links == {"en": "en/index.html", "fr": "fr/index.html"}
    assert [span["lang"] for span in page.find("h1").find_all("span", lang=True)] == ["en", "fr"]


def test_page_template_matches_the_furo_it_was_adapted_from():
    # cds_kb/templates/page.html is furo's page.html adapted; review it when furo changes.
    assert version("furo") == "2025.12.19"


def test_second_build_with_nothing_changed_reads_and_writes_no_page(tmp_path):
    build_site(tmp_path)
    # Every file of the output (pages, generated pages, static files, feeds, sitemaps, the
    # language page) and of the doctrees keeps its modification time: a deploy that compares
    # times uploads nothing.
    before = {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*") if path.is_file()}
    for language, log in build_site(tmp_path).items():
        assert "updating environment: 0 added, 0 changed, 0 removed" in log, language
        assert "reading sources... [" not in log and "writing output... [" not in log, language
    after = {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*") if path.is_file()}
    assert sorted(str(path.relative_to(tmp_path)) for path in before.keys() | after.keys() if before.get(path) != after.get(path)) == []


def test_no_static_file_is_dead(site):
    # Every file of _static/ is loaded by a page, or by a style sheet or script a page loads
    # (Sphinx's search script, the basic theme's style sheet... are not written).
    from bench.run import dead_files

    assert dead_files(site) == []
    assert not (site / "en" / "_static" / "searchtools.js").exists()


@pytest.mark.parametrize("source", sorted(POST_SOURCES))
def test_post_front_matter_is_its_source_normalized(source):
    text = (SOURCES / source).read_text(encoding="utf-8")
    original = frontmatter.parse(text).data
    page = front_matter(POST_SOURCES[source]).data
    title = original.get("title") or text.splitlines()[0]
    expected = {"type": "post", "key": posts.pairing_key(original, title), "title": title}
    if "author" in original:
        expected["author"], expected["role"] = posts.split_author(original["author"])
    if "date" in original:
        expected["date"] = posts.normalize_date(original["date"])
    for field in ("description", "image", "image-alt"):
        if field in original:
            expected[field] = original[field].strip()
    assert {key: page[key] for key in expected if key in page} == expected
    # Nothing the source does not give: no author, role or date is invented.
    assert set(page) - set(expected) <= {"description", "mentions", "tags"}
