"""Is every source's text on its built page? The archive sample's check (``tests/site/test_archive.py``).

``python -m tests.archive_content SITE [SAMPLE]`` checks a site the sample was imported into
and built (``bench.archive.import_and_build``): for each source post, English and French,
every paragraph, heading, list item and table cell (its text, whitespace and markup aside)
is on the built page in its language, and every outside link is there too (a link to the
old CDS site either as it was, or as a link to the site's own page for that post; a French
address ``locale/links.csv`` pairs with the page's). It reads the sources on its own (markdown-it
and BeautifulSoup), not through the importer, so that it checks the importer rather than
repeats it. Test data only: nothing here is site content.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from cds_kb.core import frontmatter, linkmap
from cds_kb.core.languages import catalog_path
from cds_kb.core.schema import pairing_key

OLD_SITE = ("digital.canada.ca", "numerique.canada.ca")
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)
_ONE_LANGUAGE_MARKER = re.compile(r"[(\[](?:disponible\s+)?(?:en\s+anglais(?:\s+seulement)?|anglais\s+seulement)[)\]]|\((?:available\s+)?(?:in\s+)?French\s+only\)", re.IGNORECASE)
_SPACED_LINK = re.compile(r"\[([^\[\]]+)\][ \t]+\(((?:https?://|mailto:)[^()\s]+)\)")


def text_of(value: str) -> str:
    """Text as compared: entities decoded, Unicode normalized, no markup marks, no spaces.

    Spaces go because a page puts them where a source had none (around a link, a footnote
    mark), and the reverse; what is left is the words, in order.
    """
    value = unicodedata.normalize("NFC", unescape(value)).replace("¶", "")
    # A one-language marker a source typed after a closing quote, « [a](…) » (en anglais
    # seulement), the build writes right after the link, inside the quote: not compared here
    # (tests/site/test_archive.py checks that the map marks those links).
    value = _ONE_LANGUAGE_MARKER.sub("", value)
    value = _SPACED_LINK.sub(r"\1", value)
    value = re.sub(r"\[\^?\d+\]", "", value)  # footnote marks
    value = re.sub(r"[*_`\\#>|]", "", value)
    return "".join(value.split())


def address(url: str) -> str:
    """An address as compared: https, percent-encoding and a trailing slash aside."""
    parts = urlsplit(unescape(url).strip())
    scheme = "https" if parts.netloc.lower().removeprefix("www.") in OLD_SITE else parts.scheme
    path = quote(unquote(parts.path), safe="/%:@!$&'()*+,;=~-._")
    return f"{scheme}://{parts.netloc.lower()}{path.rstrip('/')}" + (f"?{unquote(parts.query)}" if parts.query else "")


@dataclass
class Source:
    path: Path
    key: str
    blocks: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def read(path: Path) -> Source:
    text = path.read_text(encoding="utf-8")
    front = frontmatter.parse(text).data
    _block, body_line = frontmatter.split(text)
    body = "\n".join(text.split("\n")[body_line - 1 :])
    soup = BeautifulSoup(_MARKDOWN.render(body), "html.parser")
    for hidden in soup(["script", "style", "sup"]):
        hidden.decompose()
    for section in soup.select("section.footnotes"):
        for back in section.select("a.footnote-backref"):
            back.decompose()
    source = Source(path, pairing_key(str(front.get("translationKey") or "")))
    for element in soup.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "blockquote", "figcaption"]):
        if element.find(["p", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "img", "div"]) is not None:
            continue  # its blocks are checked one by one
        value = text_of(element.get_text(" "))
        if value:
            source.blocks.append(value)
    for anchor in soup.find_all("a", href=True):
        href = anchor["href"].strip()
        if href.startswith("/") and not href.startswith("//"):
            href = f"https://{OLD_SITE[0 if '/en/' in str(path) or path.parent.name == 'en' else 1]}{href}"
        if href.startswith(("http://", "https://")):
            source.links.append(href)
    for element in soup.find_all(string=_SPACED_LINK):
        source.links += [match.group(2) for match in _SPACED_LINK.finditer(str(element)) if match.group(2).startswith("http")]
    return source


@dataclass
class Page:
    path: Path
    text: str
    links: set[str]
    internal: bool


def page(html: Path) -> Page:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article") or soup
    # Not source text: footnote marks, permalinks, and the markers the build adds to one-language links.
    for mark in article.select("a.footnote-reference, span.fn-bracket, a.headerlink, span.kb-language-only"):
        mark.decompose()
    links = {address(a["href"]) for a in article.find_all("a", href=True) if a["href"].startswith(("http://", "https://"))}
    internal = any(not a["href"].startswith(("http", "#", "mailto:")) and "stories/" in a["href"] or a["href"].endswith(".html")
                   for a in article.find_all("a", href=True) if "reference internal" in " ".join(a.get("class", [])))
    return Page(html, text_of(article.get_text(" ")), links, internal)


def pages_by_key(site: Path) -> dict[str, str]:
    found = {}
    for path in sorted((site / "docs" / "stories").glob("*.md")):
        front = frontmatter.parse(path.read_text(encoding="utf-8")).data
        if front.get("key"):
            found[str(front["key"])] = path.stem
    return found


def missing(site: Path, source_path: Path, language: str, link_map: linkmap.LinkMap | None = None) -> list[str]:
    """What of one source post is not on its built page: blocks and links, each as a short line."""
    source = read(source_path)
    name = pages_by_key(site).get(source.key)
    if name is None:
        return [f"{source_path}: no page has the key {source.key!r}"]
    built = page(site / "_build" / "html" / language / "stories" / f"{name}.html")
    problems = [f"{source_path}: text not on the page: {block[:90]!r}" for block in source.blocks if block not in built.text]
    for url in source.links:
        wanted = address(url)
        if wanted in built.links:
            continue
        if urlsplit(wanted).netloc.removeprefix("www.") in OLD_SITE and built.internal:
            continue  # a post of the site: linked as its page
        paired = link_map.find(url) if link_map is not None else None
        if paired is not None and {address(a) for a in (paired.english, paired.french) if a} & built.links:
            continue
        problems.append(f"{source_path}: link not on the page: {url}")
    return problems


def check(site: Path, sample: Path) -> dict[str, list[str]]:
    """Every problem, by source post."""
    link_map = linkmap.load(site / "locale" / linkmap.LINK_MAP)
    found = {}
    for language in ("en", "fr"):
        for path in sorted((sample / language).glob("*.md")):
            problems = missing(site, path, language, link_map)
            if problems:
                found[str(path)] = problems
    return found


if __name__ == "__main__":
    site = Path(sys.argv[1])
    sample = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent.parent / "shared" / "cds-archive-sample"
    result = check(site, sample)
    for source, problems in result.items():
        print("\n".join(problems))
    print(f"{sum(len(p) for p in result.values())} problem(s) in {len(result)} source(s)")
    sys.exit(1 if result else 0)


def catalog_mismatches(site: Path, potdir: Path) -> dict[str, tuple[set[str], set[str]]]:
    """Catalogs whose messages differ from what Sphinx's gettext builder extracted into ``potdir``:
    (messages the build has and the catalog lacks, messages the catalog has and the build lacks)."""
    import polib

    found = {}
    for pot in sorted(potdir.rglob("*.pot")):
        docname = pot.relative_to(potdir).with_suffix("").as_posix()
        po = catalog_path(site / "locale", "fr", docname)
        if not po.exists():
            continue
        wanted = {entry.msgid for entry in polib.pofile(str(pot)) if entry.msgid}
        have = {entry.msgid for entry in polib.pofile(str(po)) if entry.msgid and not entry.obsolete}
        if wanted != have:
            found[docname] = (wanted - have, have - wanted)
    return found
