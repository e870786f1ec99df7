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

from cds_kb.core import frontmatter, linkmap
from cds_kb.core.schema import ENTRY_TYPES
from cds_kb.tools.importer import fields as posts

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


# Attributes whose text a browser shows or a screen reader reads.
READ_ATTRIBUTES = ("aria-label", "aria-description", "aria-roledescription", "title", "placeholder", "alt", "label")


def visible_texts(page: BeautifulSoup) -> set[str]:
    """Every text a reader or a screen reader meets on a page: sentence-like text, and every
    attribute a browser shows (tooltips, labels, alternative text) and icon title, however short."""
    page = BeautifulSoup(str(page), "html.parser")
    # Icon titles are tooltips and accessible names: every one counts.
    icon_titles = {normalize(title.get_text()) for svg in page("svg") for title in svg("title")}
    attributes = {normalize(element[name]) for name in READ_ATTRIBUTES for element in page.find_all(attrs={name: True})}
    # Not text: scripts, styles, icons, and instructions to the browser (the security policy).
    # Code (commands, file names) reads the same in both languages.
    for hidden in page(["script", "style", "svg", "pre"]) + page.find_all("meta", attrs={"http-equiv": True}):
        hidden.decompose()
    texts = {normalize(element.get_text(" ").replace("¶", "")) for element in page.find_all(["p", "li", "h1", "h2", "h3", "dt", "dd", "a", "span", "label", "button", "title"])}
    texts |= {normalize(element["content"]) for element in page.find_all(attrs={"content": True})}
    sentences = {text for text in texts if len(text.split()) >= 3}
    return {text for text in sentences | attributes | icon_titles if text and not text.startswith("http")}


def glossary() -> list[dict[str, str]]:
    with (PROJECT / "locale" / "glossary.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def same_in_both_languages() -> set[str]:
    """Texts French writes as English does: the glossary's names kept in English (Code for
    Canada, Connected150), and every message its translator kept as it is (Menu, Services)."""
    same = {row["english"] for row in glossary() if row["english"] == row["french"]}
    for path in CATALOGS.rglob("*.po"):
        same |= {normalize(e.msgid) for e in polib.pofile(str(path)).translated_entries() if e.msgstr == e.msgid}
    return same


def english_left(english: BeautifulSoup, french: BeautifulSoup, same_in_both: set[str]) -> list[str]:
    """What a French page shows as its English page shows it: text, attributes, icon titles."""
    return sorted(visible_texts(french) & (visible_texts(english) - same_in_both))


def test_no_french_page_keeps_english_text(site):
    same_in_both = same_in_both_languages()
    leftovers = {}
    for docname in sorted(built_pages(site, "fr")):
        same = english_left(html(site, "en", docname), html(site, "fr", docname), same_in_both)
        if same:
            leftovers[docname] = same
    assert leftovers == {}


def test_english_left_in_an_attribute_or_an_icon_title_is_caught(site):
    english, french = html(site, "en", "index"), html(site, "fr", "index")
    same_in_both = same_in_both_languages()
    assert english_left(english, french, same_in_both) == []
    # Plant what furo's icons and a careless template would leave: an English icon title,
    # a tooltip, an accessible name and alternative text.
    planted = BeautifulSoup(str(french), "html.parser")
    planted.body.append(BeautifulSoup(
        '<svg><title>Dark mode</title></svg><button title="Light mode">x</button>'
        '<nav aria-label="Site navigation"></nav><img alt="Canadian Digital Service" src="x.png">', "html.parser"))
    english.body.append(BeautifulSoup('<img alt="Canadian Digital Service" src="x.png">', "html.parser"))
    found = english_left(english, planted, same_in_both)
    assert {"Dark mode", "Light mode", "Site navigation", "Canadian Digital Service"} <= set(found), found


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


# --- Outside links: the link map (locale/links.csv) -------------------------------------------


def outside_links(site: Path, language: str) -> list[tuple[str, object]]:
    """(page, <a>) of every link from the built pages of a language to another site."""
    found = []
    for docname in sorted(built_pages(site, language)):
        for link in html(site, language, docname).select("article a[href^='http'], .kb-facts a[href^='http']"):
            found.append((docname, link))
    return found


def test_every_outside_destination_is_in_the_link_map(site):
    links = linkmap.load(PROJECT / "locale" / linkmap.LINK_MAP)
    missing = sorted({link["href"] for language in ("en", "fr") for _page, link in outside_links(site, language) if links.find(link["href"]) is None})
    assert missing == [], "add these to locale/links.csv, with where their French address comes from"
    assert all(destination.source for destination in links.destinations)


def test_no_french_page_links_an_english_address_the_map_pairs_with_a_french_one(site):
    links = linkmap.load(PROJECT / "locale" / linkmap.LINK_MAP)
    english_left = [(page, link["href"]) for page, link in outside_links(site, "fr") if links.french_for(link["href"])]
    assert english_left == []
    # The real site does link French addresses: the check is not vacuous.
    french = {link["href"] for _page, link in outside_links(site, "fr")}
    assert "https://forms-formulaires.alpha.canada.ca/fr/id/3" in french
    assert "https://www.canada.ca/fr/gouvernement/systeme/gouvernement-numerique/normes-numeriques-gouvernement-canada.html" in french


def test_entry_fields_show_the_french_address_as_their_text(site):
    for docname in ("services/consulting", "services/learning-resources", "policies/gc-digital-standards"):
        fields = html(site, "fr", docname).select_one(".kb-facts")
        for link in fields.select("a[href^='http']"):
            assert link.get_text() == link["href"].split("://", 1)[1].rstrip("/")
            assert "/en/" not in link["href"] and "digital.canada.ca" not in link["href"] and "en.learning" not in link["href"]
    contact = html(site, "fr", "services/consulting").select_one(".kb-facts a[href*='forms-formulaires']")
    assert contact["href"] == "https://forms-formulaires.alpha.canada.ca/fr/id/3"
    assert contact.get_text() == "forms-formulaires.alpha.canada.ca/fr/id/3"


def test_links_to_english_only_content_are_marked_the_canada_ca_way(site):
    links = linkmap.load(PROJECT / "locale" / linkmap.LINK_MAP)
    marked = 0
    for language, marker in (("fr", "(en anglais seulement)"), ("en", "(French only)")):
        for page, link in outside_links(site, language):
            destination = links.find(link["href"])
            only = destination.only_in() if destination else None
            after = link.find_next_sibling()
            is_marked = after is not None and "kb-language-only" in after.get("class", [])
            if only is not None and only != language:
                marked += 1
                assert is_marked and after.get_text() == marker, (page, link["href"])
                assert link["hreflang"] == only
            else:
                assert not is_marked and not link.get("hreflang"), (page, link["href"])
    assert marked >= 5  # the Ontario Digital Service's Medium posts, on French pages
    # The marker is never typed in a page or its catalog (only the guides that explain it name it).
    typed = [path for path in [*DOCS.rglob("*.md"), *CATALOGS.rglob("*.po")] if "anglais seulement" in path.read_text(encoding="utf-8")]
    assert {path.relative_to(PROJECT).as_posix() for path in typed} <= {
        "docs/maintaining/translating.md", "locale/fr/LC_MESSAGES/maintaining/translating.po",
        "docs/maintaining/adding-posts.md", "locale/fr/LC_MESSAGES/maintaining/adding-posts.po",  # the importer takes typed markers out
        "locale/fr/LC_MESSAGES/cds_kb.po",
    }
