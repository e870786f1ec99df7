"""Reading gettext catalogs: syntax, and the state of each message.

Shared by the build (the stale-translation notice, the catalog syntax check before use) and
the tools (``make stats``, ``make check-po``): one definition of "translated", "fuzzy" and
"untranslated", and one syntax check as strict as ``msgfmt``.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import polib

# Columns of GNU gettext's wrapping (its default, and powrap's): the catalogs' one style.
WIDTH = 79
_PO_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_PO_LINE = rf"[^\S\n]*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[^\S\n]+{_PO_STRING}|{_PO_STRING})?[^\S\n]*"
# The lines of a catalog from the start, in one match: where it stops, a line is not one.
_LINES = re.compile(rf"(?:{_PO_LINE}(?:\n|\Z))*")
_MSGID = re.compile(r"^msgid ", re.MULTILINE)
_HEADER = re.compile(r'^msgid ""[^\S\n]*\nmsgstr', re.MULTILINE)


def line_of(data: bytes | str, position: int) -> int:
    """The 1-based line of an offset in a file's bytes or text."""
    return data.count(b"\n" if isinstance(data, bytes) else "\n", 0, position) + 1


def catalog_problem(path: Path) -> tuple[int, str] | None:
    """The first syntax error of a gettext catalog, as (line, what is wrong), or None.

    Stricter than the readers Sphinx and babel use, which skip what they cannot read
    (an unterminated string silently loses its message): as strict as ``msgfmt``.
    """
    return read_catalog(path)[0]


def read_catalog(path: Path, compiled: Path | None = None) -> tuple[tuple[int, str] | None, tuple[int, int]]:
    """A catalog's first syntax error (see ``catalog_problem``) and its status (see ``catalog_status``), in one reading.

    ``compiled``: the catalog's ``.mo`` file as Sphinx compiles it (babel, which leaves out
    untranslated and fuzzy messages). When it is newer than the catalog and holds every
    message of it, the catalog is complete and polib does not read it again; its lines
    are still checked (a fault of structure that no line shows is ``make check-po``'s).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return (line_of(path.read_bytes(), error.start), "it is not UTF-8 text"), (0, -1)
    except OSError:
        return None, (0, -1)
    problem = None
    start = _LINES.match(text).end()
    if start < len(text):
        line = text[start:].partition("\n")[0]
        if line.count('"') % 2 or not line.rstrip().endswith('"'):
            problem = line_of(text, start), "a string is not closed with a double quote (\") on its line"
        else:
            problem = line_of(text, start), "this line is neither a comment, a keyword with a quoted string, nor a quoted string"
    # The messages, less the header (the empty msgid, followed by its msgstr at once).
    messages = len(_MSGID.findall(text)) - len(_HEADER.findall(text))
    if problem is None and compiled is not None and _compiled_messages(compiled, path) == messages:
        return None, (0, 0)
    try:
        catalog = polib.pofile(text)
    except (OSError, ValueError) as error:
        found = re.search(r"\(line (\d+)\)", str(error))
        return problem or ((int(found.group(1)) if found else 1), str(error).split(": ", 1)[-1]), (0, -1)
    return problem, _status(catalog)


def _compiled_messages(mo: Path, po: Path) -> int | None:
    """The translated messages of a ``.mo`` file compiled from ``po`` since it last changed (its header left out)."""
    try:
        if mo.stat().st_mtime_ns < po.stat().st_mtime_ns:
            return None
        with mo.open("rb") as handle:
            head = handle.read(12)
    except OSError:
        return None
    for order in ("<", ">"):
        magic, _revision, count = struct.unpack(f"{order}3I", head) if len(head) == 12 else (0, 0, 0)
        if magic == 0x950412DE:
            return count - 1
    return None


def entry_state(entry: polib.POEntry) -> str:
    """``translated``, ``fuzzy`` or ``untranslated``: fuzzy counts as not translated (Sphinx does not show it)."""
    if "fuzzy" in entry.flags:
        return "fuzzy"
    return "translated" if entry.translated() else "untranslated"


def catalog_status(path: Path) -> tuple[int, int]:
    """(fuzzy, untranslated) messages of a catalog; a catalog that cannot be read counts as untranslated (-1)."""
    try:
        catalog = polib.pofile(str(path))
    except (OSError, ValueError, UnicodeDecodeError):
        return 0, -1
    return _status(catalog)


def _status(catalog: polib.POFile) -> tuple[int, int]:
    states = [entry_state(entry) for entry in catalog if entry.msgid and not entry.obsolete]
    return states.count("fuzzy"), states.count("untranslated")


def new_catalog(project: str, language: str, last_translator: str = "", team: str = "", created: str = "") -> polib.POFile:
    """An empty catalog for a page, with the header Sphinx's gettext builder and ``make update-po`` write."""
    catalog = polib.POFile(wrapwidth=WIDTH)
    catalog.header = (
        "SOME DESCRIPTIVE TITLE.\nCopyright (C)\n"
        f"This file is distributed under the same license as the {project} package.\n"
        f"FIRST AUTHOR <EMAIL@ADDRESS>, {created[:4]}.\n"
    )
    catalog.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": created,
        "Last-Translator": last_translator,
        "Language-Team": team,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n > 1);" if language == "fr" else "nplurals=2; plural=(n != 1);",
    }
    return catalog
