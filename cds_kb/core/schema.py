"""The front matter schema: the page types and, for each, its fields and what each must be.

``validate(kind, front_matter)`` is the one schema check: the build reports its problems as
located warnings (``sphinxext.checks``) and the importer refuses to write a page that has
any (``tools.importer``), so the two always agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .frontmatter import FrontMatter
from .languages import LANGUAGE_NAMES
from .text import slug

POST = "post"
# Entry types: the knowledge-base pages that other pages refer to by id.
ENTRY_TYPES = ("service", "organization", "initiative", "person", "policy", "topic")
PAGE_TYPES = (POST, *ENTRY_TYPES)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_EXAMPLE = "2017-11-20T09:00:00-05:00"
STATUSES = ("offered", "being-explored", "retired")
LANGUAGES = tuple(LANGUAGE_NAMES)
# Front matter keys MyST and Sphinx themselves read; allowed on every page.
SPHINX_KEYS = {"myst", "html_meta", "orphan", "nosearch", "tocdepth", "nocomments", "substitutions"}


@dataclass(frozen=True)
class Problem:
    """One fault in a page's front matter: the field, its line, and what to write instead."""

    field: str | None
    line: int
    message: str
    subtype: str = "front-matter"

    def __str__(self) -> str:
        return self.message

    def located(self, path: str | Path) -> str:
        return f"{path}:{self.line}: {self.message}"


# --- value checks: each returns None when the value is right, else what is expected ---


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "a line of text"


def _date(value: Any) -> str | None:
    expected = f"is not a date; write ISO 8601 with its UTC offset, e.g. {DATE_EXAMPLE}"
    if not isinstance(value, str):
        return expected
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return expected
    return None if when.tzinfo is not None else f"has no UTC offset; write it with one, e.g. {DATE_EXAMPLE}"


def _names(value: Any) -> str | None:
    """A byline's names: one name, or a list of different names."""
    if isinstance(value, str) and value.strip():
        return None
    ok = isinstance(value, list) and value and all(isinstance(name, str) and name.strip() for name in value)
    if ok and len({" ".join(name.split()) for name in value}) == len(value):
        return None
    return "a name, or a list of different names, e.g. [First Author, Second Author]"


def _roles(value: Any) -> str | None:
    ok = (isinstance(value, str) and value.strip()) or (isinstance(value, list) and value and all(isinstance(role, str) for role in value))
    return None if ok else "a role, or a list with one role per author (\"\" for an author without one)"


def _id(value: Any) -> str | None:
    ok = isinstance(value, str) and _ID.match(value)
    return None if ok else "an id of lower-case letters, digits and hyphens, e.g. gc-notify"


def _ids(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(item, str) and _ID.match(item) for item in value)
    return None if ok else "a list of ids, e.g. [gc-notify, consulting]"


def _https(value: Any) -> str | None:
    ok = isinstance(value, str) and value.startswith("https://") and len(value) > len("https://")
    return None if ok else "an https:// address"


def _web(value: Any) -> str | None:
    ok = isinstance(value, str) and re.match(r"^https?://\S+$", value)
    return None if ok else "a web address starting with https:// (or http:// where the site has no https)"


def _contact(value: Any) -> str | None:
    ok = isinstance(value, str) and re.match(r"^(https://|mailto:)\S+$", value)
    return None if ok else "an https:// address or a mailto: address"


def _image(value: Any) -> str | None:
    ok = isinstance(value, str) and value.strip() and not re.match(r"^\s*(javascript|data|vbscript):", value, re.I)
    return None if ok else "an image file name or an https:// address"


def _status(value: Any) -> str | None:
    return None if value in STATUSES else f"one of {', '.join(STATUSES)}"


def _aliases(value: Any) -> str | None:
    ok = isinstance(value, dict) and set(value) <= set(LANGUAGES) and all(
        isinstance(names, list) and all(isinstance(name, str) for name in names) for names in value.values()
    )
    return None if ok else "names per language, e.g. {en: [CDS], fr: [SNC]}"


def _kind_of(kind: str) -> Callable[[Any], str | None]:
    return lambda value: None if value == kind else f"{kind!r}"


@dataclass(frozen=True)
class Spec:
    check: Callable[[Any], str | None]
    required: bool = False


def _entry(kind: str, **fields: Spec) -> dict[str, Spec]:
    return {
        "type": Spec(_kind_of(kind), True),
        "id": Spec(_id, True),
        "title": Spec(_text, True),
        "summary": Spec(_text, True),
        "aliases": Spec(_aliases),
        "related": Spec(_ids),
        **fields,
    }


# The schema of each page type: its fields, which are required, what each must be.
SCHEMAS: dict[str, dict[str, Spec]] = {
    "post": {
        "type": Spec(_kind_of("post"), True),
        "key": Spec(_id, True),
        "title": Spec(_text, True),
        "author": Spec(_names),
        "role": Spec(_roles),
        "byline": Spec(_text),
        "date": Spec(_date),
        "description": Spec(_text),
        "image": Spec(_image),
        "image-alt": Spec(_text),
        "mentions": Spec(_ids),
        "tags": Spec(_ids),
    },
    "service": _entry(
        "service", audience=Spec(_text), **{"offered-by": Spec(_id)}, status=Spec(_status),
        url=Spec(_https), contact=Spec(_contact), partners=Spec(_ids),
    ),
    "organization": _entry("organization", **{"part-of": Spec(_id)}, url=Spec(_web)),
    "initiative": _entry("initiative", **{"led-by": Spec(_id)}, partners=Spec(_ids), url=Spec(_web)),
    "person": _entry("person", role=Spec(_text), organization=Spec(_id)),
    "policy": _entry("policy", url=Spec(_web)),
    "topic": _entry("topic"),
}


def validate(kind: str | None, front_matter: FrontMatter | Mapping[str, Any]) -> list[Problem]:
    """Every fault of a page's front matter against the schema of its type.

    ``kind`` is the page type (``None``: the front matter's own ``type``). A page without a
    type (a section or maintainers' page) has no schema. The import tool calls this on
    the front matter it is about to write.
    """
    if not isinstance(front_matter, FrontMatter):
        front_matter = FrontMatter(dict(front_matter), {})
    kind = kind if kind is not None else front_matter.get("type")
    if kind is None:
        return []
    schema = SCHEMAS.get(kind)
    if schema is None:
        return [Problem("type", front_matter.line("type"),
                        f"front matter 'type': unknown page type {kind!r}; use one of {', '.join(SCHEMAS)}", "schema")]
    problems = []
    for key, spec in schema.items():
        if key not in front_matter.data or front_matter.data[key] in (None, "", []):
            if spec.required:
                problems.append(Problem(key, front_matter.line(key), f"front matter {key!r} is missing: a {kind} needs it; add a line '{key}: ...' ({_describe(key, spec)})", "schema"))
            continue
        fault = spec.check(front_matter.data[key])
        if fault is not None:
            shown = front_matter.data[key]
            if fault.startswith(("is not", "has no")):
                message = f"front matter {key!r}: {shown!r} {fault}"
            else:
                message = f"front matter {key!r}: {shown!r} is not right for a {kind}; write {fault}"
            problems.append(Problem(key, front_matter.line(key), message, "schema"))
    if kind == "post":
        problems += _byline_problems(front_matter)
    if kind == "post" and front_matter.get("image") and not front_matter.get("image-alt"):
        problems.append(Problem("image-alt", front_matter.line("image"), "front matter 'image-alt' is missing: a post with an 'image' needs its alternative text (what the image shows)", "schema"))
    for key in front_matter.data:
        if key not in schema and key not in SPHINX_KEYS:
            known = ", ".join(schema)
            problems.append(Problem(key, front_matter.line(key), f"front matter {key!r}: unknown field for a {kind}; use one of {known}", "schema"))
    return problems


def _byline_problems(front_matter: FrontMatter) -> list[Problem]:
    author, role, byline = (front_matter.get(key) for key in ("author", "role", "byline"))
    problems = []
    if byline and author:
        problems.append(Problem("byline", front_matter.line("byline"), "front matter 'byline' and 'author' are both given; keep 'author' (with 'role') when the byline names people, 'byline' only for one kept as written", "schema"))
    if isinstance(role, list) and _names(author) is None:
        count = len(author) if isinstance(author, list) else 1
        if len(role) != count:
            problems.append(Problem("role", front_matter.line("role"), f"front matter 'role': {len(role)} roles for {count} author(s); give one role per author, in the same order, or one role shared by all", "schema"))
    if role and not author:
        problems.append(Problem("role", front_matter.line("role"), "front matter 'role' without 'author'; add the author, or delete the role", "schema"))
    return problems


@dataclass(frozen=True)
class Byline:
    """Who wrote a post: each author with their own role, or one role for all, or a byline kept as written."""

    names: tuple[str, ...] = ()
    roles: tuple[str | None, ...] = ()  # one per name; all the same when the role is shared
    shared: bool = False  # one role for all the names ("A and B, Design Research")
    as_written: str | None = None  # a byline the importer could not split into people

    def role_of(self, name: str) -> str | None:
        return self.roles[self.names.index(name)] if name in self.names else None


def byline_of(front_matter: FrontMatter | Mapping[str, Any]) -> Byline:
    """A post's byline from its ``author`` (a name or a list), ``role`` (one, or one per name) and ``byline``."""
    author, role = front_matter.get("author"), front_matter.get("role")
    names = [author] if isinstance(author, str) else [name for name in author or [] if isinstance(name, str)] if isinstance(author, list) else []
    names = [" ".join(name.split()) for name in names if name and name.strip()]
    if isinstance(role, list):
        roles = [(str(item).strip() or None) if item is not None else None for item in role]
        roles = (roles + [None] * len(names))[: len(names)]
        shared = False
    else:
        text = role.strip() if isinstance(role, str) and role.strip() else None
        roles, shared = [text] * len(names), len(names) > 1 and text is not None
    written = front_matter.get("byline")
    return Byline(tuple(names), tuple(roles), shared, written.strip() if isinstance(written, str) and written.strip() else None)


def pairing_key(raw: str) -> str:
    """The pairing key a post and its translation share, as the build requires it (lower-case id).

    The CDS archive's ``translationKey`` may hold capitals (``CDS-distributed``): both the
    English and the French import write it through this, so the two still meet.
    """
    return slug(str(raw))


def _describe(key: str, spec: Spec) -> str:
    fault = spec.check(object())
    return fault.replace("is not a date; write ", "") if fault else key


