"""The external links report: every link from the built site to another site, page by page.

``python -m cds_kb links HTMLDIR [--out FILE]`` reads the built pages of both languages and
writes one tab-separated line per link (language, page, address, link text), sorted, so
that a maintainer can review them and ``make linkcheck`` (Sphinx's linkcheck builder) can
be run where the network allows. Internal links are checked by every build (``-n -W``).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from ..core.errors import UserError
from ..core.files import write_atomically
from ..core.languages import LANGUAGE_NAMES

EXTERNAL = ("http://", "https://", "mailto:")
HEADER = ("language", "page", "url", "text")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self._open.append([href, ""])

    def handle_data(self, data: str) -> None:
        for link in self._open:
            link[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, text = self._open.pop()
            if href.startswith(EXTERNAL):
                self.links.append((href, " ".join(text.split())))


def external_links(htmldir: Path) -> list[tuple[str, str, str, str]]:
    """(language, page, url, text) of every external link of the built site, sorted."""
    rows = set()
    for language in LANGUAGE_NAMES:
        root = htmldir / language
        for path in sorted(root.rglob("*.html")):
            page = path.relative_to(root).as_posix()
            if page.startswith("_"):
                continue
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            rows.update((language, page, url, text) for url, text in parser.links)
    return sorted(rows)


def write_report(htmldir: str, out: str) -> None:
    root = Path(htmldir)
    missing = [code for code in LANGUAGE_NAMES if not (root / code / "index.html").exists()]
    if missing:
        raise UserError(f"{root}: no {', '.join(missing)} build inside it; run 'make html' first")
    rows = external_links(root)
    clean = [tuple(field.replace("\t", " ") for field in row) for row in rows]
    write_atomically(Path(out), "".join("\t".join(row) + "\n" for row in [HEADER, *clean]))
    urls = {row[2] for row in rows}
    print(f"{out}: {len(rows)} external links ({len(urls)} addresses) on {len({row[:2] for row in rows})} pages")
