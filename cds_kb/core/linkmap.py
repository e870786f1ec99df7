"""The link map: for each outside destination the site links to, its address in each language.

``locale/links.csv`` (beside the glossary) has one row per destination:

- ``english``: the address English pages link to (empty for a French-only destination);
- ``french``: the address French pages link to (empty for an English-only destination; the
  same as ``english`` when one address serves both languages);
- ``status``: ``french`` (a French version exists at ``french``), ``same`` (one bilingual
  address), ``english-only`` or ``french-only`` (the content exists in one language only:
  pages of the other language mark the link, the Canada.ca way), or ``unverified`` (no
  French version could be established yet: French pages link the English address, with no
  marker, until someone finds the French one or evidence that there is none);
- ``source``: where the French address (or the status) comes from (the destination's own
  language toggle, a French post of the CDS, ...), so that a reviewer can check it.

One way: the catalogs carry the French address of every link in a page's text (translators
and the importer write it; ``make check-po`` accepts a target the map pairs with the
English one and flags an English address the map knows the French of); what no catalog
carries, the entry fields from front matter, gets its address from the map in the build
(``address_for``). The build also reads the map to mark links to content in one language
only. Rows are kept sorted by address, so the file reads and diffs well.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .errors import UserError
from .files import update_file

LINK_MAP = "links.csv"
FIELDS = ("english", "french", "status", "source")
STATUSES = ("french", "same", "english-only", "french-only", "unverified")


def key(url: str) -> str:
    """An address as the map matches it: without its fragment or a trailing slash, host in lower case."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}{query}"


@dataclass(frozen=True)
class Destination:
    """One outside destination, in both languages."""

    english: str
    french: str
    status: str
    source: str
    line: int = 0

    def address(self, language: str) -> str | None:
        """The address pages in ``language`` link to (None: the destination has none in it)."""
        if language == "fr":
            return self.french or None
        return self.english or None

    def address_for(self, url: str, language: str) -> str:
        """The address pages in ``language`` link to for ``url`` (an address of this destination)."""
        return self.address(language) or url

    def only_in(self) -> str | None:
        """``en`` or ``fr`` when the content exists in one language only."""
        return {"english-only": "en", "french-only": "fr"}.get(self.status)


@dataclass
class LinkMap:
    destinations: list[Destination] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_address: dict[str, Destination] = {}
        for destination in self.destinations:
            for address in (destination.english, destination.french):
                if address:
                    self._by_address.setdefault(key(address), destination)

    def find(self, url: str) -> Destination | None:
        """The destination an address (of either language) belongs to."""
        return self._by_address.get(key(url))

    def address_for(self, url: str, language: str) -> str:
        """The address pages in ``language`` link to for ``url`` (``url`` itself when the map has none)."""
        found = self.find(url)
        return found.address_for(url, language) if found is not None else url

    def french_for(self, english: str) -> str | None:
        """The French address the map gives for an English one that has a distinct French version."""
        found = self.find(english)
        if found is None or found.status != "french" or key(found.french) == key(english):
            return None
        return found.french

    def paired(self, english: str, french: str) -> bool:
        """Whether the map says ``french`` is the French address of ``english``."""
        found = self.find(english)
        return found is not None and bool(found.french) and key(found.french) == key(french)

    def add(self, destination: Destination) -> bool:
        """Add a destination unless one of its addresses is known; True when added."""
        if any(self.find(address) for address in (destination.english, destination.french) if address):
            return False
        self.destinations.append(destination)
        self.__post_init__()
        return True

    def only_in_one_language(self, url: str, language: str, source: str) -> bool:
        """Record that the content at ``url`` exists only in ``language`` (``en`` or ``fr``).

        A destination the map does not know gets its row; an ``unverified`` one (no French
        address found) becomes one-language. A destination the map gives a French address, or
        already marks, is left as it is. True when the map changed.
        """
        status = {"en": "english-only", "fr": "french-only"}[language]
        row = Destination(url if language == "en" else "", url if language == "fr" else "", status, source)
        found = self.find(url)
        if found is None:
            return self.add(row)
        if found.status != "unverified" or language != "en":
            return False
        self.destinations[self.destinations.index(found)] = Destination(found.english, "", status, source)
        self.__post_init__()
        return True

    def text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIELDS)
        for destination in sorted(self.destinations, key=lambda d: (key(d.english or d.french), d.french)):
            writer.writerow([destination.english, destination.french, destination.status, destination.source])
        return out.getvalue()


def load(path: Path) -> LinkMap:
    """The link map in ``path`` (an empty map when the file does not exist)."""
    path = Path(path)
    if not path.exists():
        return LinkMap()
    try:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UserError(f"{path}: cannot read the link map ({error}); fix it, or restore it from git") from None
    if not rows or tuple(rows[0]) != FIELDS:
        raise UserError(f"{path}:1: the first line must be {','.join(FIELDS)}")
    destinations = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(FIELDS):
            raise UserError(f"{path}:{number}: a row has {len(FIELDS)} cells ({','.join(FIELDS)}); this one has {len(row)}")
        english, french, status, source = (cell.strip() for cell in row)
        if status not in STATUSES:
            raise UserError(f"{path}:{number}: status {status!r} is not one of {', '.join(STATUSES)}")
        needs = {
            "french": english and french,
            "same": english and french == english,
            "english-only": english and not french,
            "french-only": french and not english,
            "unverified": english and not french,
        }
        if not needs[status]:
            raise UserError(
                f"{path}:{number}: a {status!r} row needs "
                + {"french": "both addresses", "same": "the same address twice", "english-only": "an English address and no French one", "french-only": "a French address and no English one", "unverified": "an English address and no French one"}[status]
            )
        for address in (english, french):
            if address and urlsplit(address).scheme not in ("http", "https", "mailto"):
                raise UserError(f"{path}:{number}: {address!r} is not an absolute address (https://...)")
        destinations.append(Destination(english, french, status, source, number))
    return LinkMap(destinations)


def save(path: Path, link_map: LinkMap) -> bool:
    """Write the map sorted by address; True when the file changed."""
    return update_file(Path(path), link_map.text())
