"""Reading catalogs (cds_kb.core.po): one reading gives the syntax and the status, the compiled catalog spares polib."""

from __future__ import annotations

import os
from pathlib import Path

import polib
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from cds_kb.core import po

CATALOG = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "One"
msgstr "Un"

#, fuzzy
msgid "Two"
msgstr "Deux"

msgid ""
"A long message that wraps"
msgstr ""
"Un long message"

msgid "Three"
msgstr ""

#~ msgid "Gone"
#~ msgstr "Parti"
'''


def _compile(path: Path) -> Path:
    """The .mo file as Sphinx compiles it (babel, without fuzzy messages)."""
    with path.open(encoding="utf-8") as handle:
        catalog = read_po(handle, "fr")
    mo = path.with_suffix(".mo")
    with mo.open("wb") as handle:
        write_mo(handle, catalog)
    return mo


def test_status_and_syntax_in_one_reading(tmp_path):
    path = tmp_path / "page.po"
    path.write_text(CATALOG, encoding="utf-8")
    assert po.read_catalog(path) == (None, (1, 1)) == (None, po.catalog_status(path))
    # The compiled catalog lacks two messages: polib reads the catalog for the counts.
    assert po.read_catalog(path, compiled=_compile(path)) == (None, (1, 1))


def test_a_complete_compiled_catalog_spares_polib(tmp_path, monkeypatch):
    path = tmp_path / "page.po"
    path.write_text(CATALOG.replace("#, fuzzy\n", "").replace('msgid "Three"\nmsgstr ""', 'msgid "Three"\nmsgstr "Trois"'), encoding="utf-8")
    mo = _compile(path)
    assert po.read_catalog(path) == (None, (0, 0))

    def no_polib(*args, **kwargs):
        raise AssertionError("polib read a complete catalog")

    monkeypatch.setattr(polib, "pofile", no_polib)
    assert po.read_catalog(path, compiled=mo) == (None, (0, 0))
    # A .mo older than its catalog says nothing about it.
    later = mo.stat().st_mtime + 10
    os.utime(path, (later, later))
    with pytest.raises(AssertionError, match="polib"):
        po.read_catalog(path, compiled=mo)


def test_a_line_fault_is_found_whatever_the_compiled_catalog(tmp_path):
    path = tmp_path / "page.po"
    path.write_text(CATALOG + 'msgid "Four"\nmsgstr "Quatre\n', encoding="utf-8")
    problem, _status = po.read_catalog(path, compiled=_compile(path))
    assert problem is not None and problem[0] == CATALOG.count("\n") + 2
