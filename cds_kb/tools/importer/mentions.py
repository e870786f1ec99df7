"""Suggested mentions: the knowledge-base entries a post's text names.

An entry is named by its title or one of its aliases, in the page's language (English
titles and ``aliases: {en: [...]}``; French titles from the entries' catalogs and
``aliases: {fr: [...]}``), as whole words (``CDS`` is found in "CDS’s", not in
"CDSX"). The import lists them for each post (``mentions:`` and the ``{kb}`` links to
add); ``--apply-mentions`` writes them: the ids into ``mentions``, and the first
time each entry is named in a paragraph, a ``{kb}`name <id>``` link. Headings, links,
code and figures are left alone. Topics are ``tags``, not mentions, and a post's authors
are linked by its byline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ...core import frontmatter
from ...core.frontmatter import FrontMatterError
from ...core.languages import catalog_path
from ...core.schema import ENTRY_TYPES

_PROTECTED = re.compile(r"!?\[[^\]]*\]\([^)]*\)|\{[\w:-]+\}`[^`]*`|`[^`]*`|<https?://[^>]*>|https?://\S+")


@dataclass
class Entry:
    id: str
    type: str
    names: dict[str, list[str]] = field(default_factory=dict)  # language -> names, longest first
    titles: dict[str, str] = field(default_factory=dict)  # language -> title


@dataclass
class Entries:
    entries: list[Entry] = field(default_factory=list)

    @classmethod
    def read(cls, docs: Path, locale: Path, language: str = "fr") -> Entries:
        found = cls()
        for page in sorted(docs.rglob("*.md")):
            try:
                front = frontmatter.parse(page.read_text(encoding="utf-8")).data
            except (FrontMatterError, UnicodeDecodeError, OSError):
                continue
            if front.get("type") not in ENTRY_TYPES or front.get("type") == "topic" or not front.get("id") or not front.get("title"):
                continue
            aliases = front.get("aliases") if isinstance(front.get("aliases"), dict) else {}
            names = {"en": [str(front["title"]), *map(str, aliases.get("en") or [])], "fr": list(map(str, aliases.get("fr") or []))}
            catalog = catalog_path(locale, language, page.relative_to(docs).with_suffix("").as_posix())
            if catalog.exists():
                try:
                    message = polib.pofile(str(catalog)).find(str(front["title"]))
                except (OSError, ValueError):
                    message = None
                if message is not None and message.msgstr and "fuzzy" not in message.flags:
                    names["fr"].insert(0, message.msgstr)
            titles = {code: names[code][0] for code in names if names[code]}
            for code in names:
                names[code] = sorted(dict.fromkeys(name for name in names[code] if name.strip()), key=len, reverse=True)
            found.entries.append(Entry(str(front["id"]), str(front["type"]), names, titles))
        return found

    def named_in(self, text: str, language: str = "en", skip: set[str] | None = None) -> list[tuple[str, str]]:
        """(id, name as written) of each entry the text names, in the order it first names them."""
        text = _PROTECTED.sub(lambda match: " " * len(match.group()), text)
        found: list[tuple[int, str, str]] = []
        for entry in self.entries:
            if skip and (entry.id in skip):
                continue
            for name in entry.names.get(language, []):
                match = _pattern(name).search(text)
                if match:
                    found.append((match.start(), entry.id, match.group()))
                    break
        return [(entry_id, name) for _position, entry_id, name in sorted(found)]

    def names(self, entry_id: str, language: str) -> list[str]:
        return next((entry.names.get(language, []) for entry in self.entries if entry.id == entry_id), [])

    def title(self, entry_id: str, language: str) -> str | None:
        return next((entry.titles.get(language) for entry in self.entries if entry.id == entry_id), None)


def _pattern(name: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")


def link_first_mentions(body: str, found: list[tuple[str, str]]) -> str:
    """The body with the first mention of each entry, in a paragraph, made a ``{kb}`` link."""
    lines = body.split("\n")
    for entry_id, name in found:
        fence = False
        for index, line in enumerate(lines):
            stripped = line.lstrip()
            if stripped.startswith((":::", "```")):
                fence = not fence
            if fence or stripped.startswith(("#", ":", "|")):
                continue
            shielded = _PROTECTED.sub(lambda match: "\x00" * len(match.group()), line)
            match = _pattern(name).search(shielded)
            if match:
                lines[index] = f"{line[: match.start()]}{{kb}}`{name} <{entry_id}>`{line[match.end():]}"
                break
    return "\n".join(lines)
