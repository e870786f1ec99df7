"""Bylines: who wrote a post, each with their role, and the person entries they resolve to.

The archive's ``author`` field names one person ("Name, Role[, Team]") or several, in many
shapes: "A and B", "A, B, and C (Senior Policy Advisors at CDS)", "A, Director - COVID
Alert; B and C - COVID Alert", in English ("and", "&") or French ("et"). ``split_byline``
reads them by a small grammar: groups separated by ``;``, each a list of names (joined by
commas only when a conjunction ends the list) followed by a role (after a comma, a dash, or
in parentheses). A name looks like a person's name (two to four capitalized words, with
particles such as "de" or "van"); an acronym ("CDS Policy Team") does not. When a role seems
to hide another person ("A, Head of X, B, Head of Y") and that person is not already known,
or when the byline names no person, the byline is not split: it is kept as written
(``byline``) and reported, never guessed.

A person named twice is one entry: names are compared without case and accents, and an
existing entry's spelling wins. ``person_page`` writes a new entry from the name and role;
its French role comes from the French post (``french``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ...core import frontmatter
from ...core.frontmatter import FrontMatterError
from ...core.text import slug
from .fields import plain

_CONJUNCTION = re.compile(r"\s*(?:,\s*)?(?:\band\b|\bet\b|&)\s*", re.IGNORECASE)
_DASH = re.compile(r"\s+[-–—]\s+")
_PARTICLES = {"de", "du", "des", "la", "le", "van", "von", "der", "den", "da", "di", "dos", "del", "bin", "ibn", "al", "el", "st."}
# Words of roles and teams, never of a person's name: "Design Research", "Health Canada".
_ROLE_WORDS = {
    "advisor", "adviser", "analyst", "board", "branch", "canada", "chief", "communications", "content", "data", "delivery",
    "department", "deputy", "design", "designer", "developer", "development", "digital", "director", "engineer",
    "engineering", "executive", "government", "head", "lead", "management", "manager", "minister", "office", "officer",
    "operations", "outreach", "partnership", "partnerships", "platform", "policy", "president", "product", "program",
    "research", "researcher", "secretary", "senior", "service", "services", "strategist", "strategy", "talent", "team",
    "technology", "writer", "canadian", "agency", "ministry", "council", "unit", "group", "division",
}
_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ]\.|[A-ZÀ-ÖØ-ÞĀ-ſ][\w’'.-]*[a-zß-öø-ÿā-ſ][\w’'.-]*|[a-zß-öø-ÿ]+['’][A-ZÀ-Þ][\w’'-]*)$")

SUMMARY = {
    "en": "Wrote for the Canadian Digital Service blog.",
    "fr": "A écrit pour le blogue du Service numérique canadien.",
}


def normal(name: str) -> str:
    """A name as two spellings of it compare: no accents, no case, one space."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(ascii_name.casefold().split())


def looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5 or words[0].lower() in _PARTICLES or words[-1].lower() in _PARTICLES:
        return False
    capitalized = [word for word in words if word.lower() not in _PARTICLES]
    if any(word.lower().strip(".,") in _ROLE_WORDS for word in capitalized):
        return False
    return 2 <= len(capitalized) <= 4 and all(_WORD.match(word) for word in capitalized)


@dataclass
class Split:
    """A byline, read: each author with their role, or the reason it is kept as written."""

    names: list[str] = field(default_factory=list)
    roles: list[str | None] = field(default_factory=list)
    shared: bool = False
    as_written: str | None = None
    reason: str | None = None

    def front_matter(self) -> dict:
        """The page's ``author``/``role`` (or ``byline``) fields."""
        if self.as_written:
            return {"byline": self.as_written}
        if not self.names:
            return {}
        author = self.names[0] if len(self.names) == 1 else list(self.names)
        if len(self.names) == 1 or self.shared:
            return {"author": author, **({"role": self.roles[0]} if self.roles[0] else {})}
        if not any(self.roles):
            return {"author": author}
        return {"author": author, "role": [role or "" for role in self.roles]}


def split_byline(text: str, known: dict[str, str] | None = None) -> Split:
    """Read a byline; ``known`` maps ``normal(name)`` to the spelling of people already known."""
    known = known or {}
    written = plain(text)
    if not written:
        return Split()
    names: list[str] = []
    roles: list[str | None] = []
    groups = [group.strip() for group in written.split(";") if group.strip()]
    for group in groups:
        parsed = _group(group, known)
        if isinstance(parsed, str):
            return Split(as_written=written, reason=parsed)
        for group_names, role in parsed:
            for name in group_names:
                canonical = known.get(normal(name), name)
                if normal(canonical) not in {normal(n) for n in names}:
                    names.append(canonical)
                    roles.append(role)
    if not names:
        return Split(as_written=written, reason="it names no person")
    shared = len(names) > 1 and len(set(roles)) == 1 and roles[0] is not None
    return Split(names, roles, shared)


def _group(group: str, known: dict[str, str]) -> list[tuple[list[str], str | None]] | str:
    """One ``;`` group: [(names, role), ...], or why it cannot be read with confidence."""
    role: str | None = None
    head = group
    if group.endswith(")") and " (" in group:
        head, _paren, inside = group.rpartition(" (")
        role = inside[:-1].strip() or None
    segments = [segment.strip() for segment in head.split(",")]
    # The names: the first segment, and more comma-separated ones only when a conjunction ends the list.
    conjunction_at = next((i for i, segment in enumerate(segments) if _CONJUNCTION.search(" " + segment + " ") and _is_names(_names_in(segment)[0])), None)
    last = conjunction_at if conjunction_at is not None and all(looks_like_name(s) or normal(s) in known for s in segments[:conjunction_at]) else 0
    names: list[str] = []
    for segment in segments[: last + 1]:
        found, tail = _names_in(segment)
        if not _is_names(found, known):
            return f"{segment!r} does not look like a person's name"
        names += found
        if tail:
            segments = segments[: last + 1] + [tail] + segments[last + 1 :]
            break
    rest = [segment for segment in segments[last + 1 :] if segment]
    if rest:
        if role is not None:
            rest.append(f"({role})")
        hidden = [segment for index, segment in enumerate(rest) if index and index < len(rest) - 1 and looks_like_name(segment)]
        if hidden:
            if all(normal(name) in known for name in hidden):
                return _alternating(names, rest, known)
            return f"its role seems to name another person ({hidden[0]!r}); give the authors with --set author=[...] --set role=[...]"
        role = ", ".join(rest)
    return [(names, role)]


def _names_in(segment: str) -> tuple[list[str], str | None]:
    """The names of a segment ("B and C - Team": [B, C] and the tail "Team")."""
    tail = None
    parts = _DASH.split(segment, maxsplit=1)
    if len(parts) == 2:
        segment, tail = parts
    names = [name.strip() for name in _CONJUNCTION.split(" " + segment + " ") if name.strip()]
    return names, tail


def _is_names(names: list[str], known: dict[str, str] | None = None) -> bool:
    return bool(names) and all(looks_like_name(name) or normal(name) in (known or {}) for name in names)


def _alternating(names: list[str], rest: list[str], known: dict[str, str]) -> list[tuple[list[str], str | None]]:
    """"A, Role of A, B, Role of B" where B is a known person."""
    pairs: list[tuple[list[str], str | None]] = []
    current, role_parts = names, []
    for segment in rest:
        if normal(segment) in known:
            pairs.append((current, ", ".join(role_parts) or None))
            current, role_parts = [known[normal(segment)]], []
        else:
            role_parts.append(segment)
    pairs.append((current, ", ".join(role_parts) or None))
    return pairs


def french_roles(names: list[str], french_byline: str) -> dict[str, str]:
    """Each author's role as the French post's byline gives it (names are the same in both languages)."""
    text = plain(french_byline)
    found: dict[str, str] = {}
    if not text:
        return found
    wanted = {normal(name): name for name in names}
    split = split_byline(text, {normal(name): name for name in names})
    if split.names and {normal(n) for n in split.names} == set(wanted):
        return {wanted[normal(name)]: role for name, role in zip(split.names, split.roles) if role}
    # Otherwise: the text after the last name is the role of all ("A et B de Santé Canada").
    plain_text = normal(text)
    ends = [plain_text.rfind(normal(name)) + len(normal(name)) for name in names if normal(name) in plain_text]
    if len(ends) != len(names):
        return found
    tail = text[max(ends):].strip()
    tail = re.sub(r"^[,;:()\-–—\s]+|[()\s]+$", "", tail)
    tail = re.sub(r"^(?:de la|de l’|de l'|du|des|de|d’|d')\s*", "", tail, flags=re.IGNORECASE).strip()
    return {name: tail for name in names} if tail else found


# --- person entries ---------------------------------------------------------------------------


@dataclass
class People:
    """The person entries of the project: ``normal(name)`` -> (title, page)."""

    folder: Path
    entries: dict[str, tuple[str, Path]] = field(default_factory=dict)

    @classmethod
    def read(cls, docs: Path) -> People:
        people = cls(docs / "people")
        for page in sorted(docs.rglob("*.md")):
            try:
                front = frontmatter.parse(page.read_text(encoding="utf-8"))
            except (FrontMatterError, UnicodeDecodeError, OSError):
                continue
            if front.get("type") == "person" and isinstance(front.get("title"), str):
                people.entries.setdefault(normal(front["title"]), (front["title"], page))
        return people

    def known(self) -> dict[str, str]:
        return {key: title for key, (title, _page) in self.entries.items()}

    def page_for(self, name: str) -> Path:
        found = self.entries.get(normal(name))
        return found[1] if found else self.folder / f"{slug(name)}.md"


def person_page(name: str, role: str | None) -> str:
    """A new person entry: the name, and the role the byline gives (nothing invented)."""
    front = {"type": "person", "id": slug(name), "title": name, "summary": role or SUMMARY["en"]}
    if role:
        front["role"] = role
    return frontmatter.dump(front)
