"""Stale translations: a notice on a translated page whose catalog is incomplete.

Owns the ``kb_publish_incomplete_translations`` setting (off by default) and the notice.
When a page is read in a language other than English, its catalog
(``locale/<lang>/LC_MESSAGES/<docname>.po``) is read with polib; the page depends on that
file, so editing the catalog re-reads the page. A page is *incomplete* when its catalog has
fuzzy or untranslated messages, or when it has no catalog at all: some of it shows in English.

- Setting off (the default): the build fails (exit status 1, with or without ``-W``) with
  one error, after reading, naming every incomplete catalog and pointing to ``make stats``.
  Nothing half-translated is published as if it were complete.
- Setting on: the build goes on, and each incomplete page carries a notice under its title,
  in the page's language, saying the translation may be out of date, with a link to the
  English page. Complete pages carry none.

The status of each page is its record's ``translation`` in the ``kb`` domain (purged and
merged per document, so ``-j`` and incremental builds stay correct), and it is checked at
every build, even a no-op one. The catalog is read once per page read (``page_catalog_reading``:
its syntax, which ``checks`` reports, and its status).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..core.languages import SOURCE_LANGUAGE
from ..core.po import read_catalog
from .i18n import _, compose, page_catalog, uri_in_language
from .pages import heading_section

logger = logging.getLogger(__name__)


def _shown(app: Sphinx, path: Path) -> str:
    root = Path(app.confdir).resolve()
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


_READING = "kb_catalog_reading"


def page_catalog_reading(app: Sphinx, docname: str) -> tuple[Path, tuple[int, str] | None, tuple[int, int]] | None:
    """The catalog of the page being read (build's language): its path, first syntax error and
    (fuzzy, untranslated) counts; read once per page read. None in the source language."""
    if app.config.language == SOURCE_LANGUAGE:
        return None
    document = app.env.current_document
    if _READING not in document:
        po = page_catalog(app, docname)
        if po.exists():
            app.env.note_dependency(po)
            problem, status = read_catalog(po, compiled=po.with_suffix(".mo"))
            document[_READING] = po, problem, status
        else:
            document[_READING] = po, None, (0, -1)
    return document[_READING]


def notice(english_uri: str) -> nodes.Element:
    box = nodes.admonition(classes=["kb-translation-notice", "warning"])
    box += nodes.title("", str(_("This translation may be out of date")))
    link = nodes.reference("", str(_("Read the English page")), refuri=english_uri, classes=["kb-english-page"])
    text = str(_("Part of this page is not translated yet, or its translation was not reviewed after the English changed. {link}."))
    box += nodes.paragraph("", "", *compose(text, link=link))
    return box


def _read(app: Sphinx, doctree: nodes.document) -> None:
    if app.config.language == SOURCE_LANGUAGE:
        return
    docname = app.env.docname
    po, _problem, (fuzzy, untranslated) = page_catalog_reading(app, docname)
    if fuzzy == 0 and untranslated == 0:
        return
    app.env.domains["kb"].record(docname)["translation"] = (_shown(app, po), fuzzy, untranslated)
    if not app.config.kb_publish_incomplete_translations:
        return
    box = notice(uri_in_language(app, docname, SOURCE_LANGUAGE))
    section = heading_section(doctree)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, box)
    else:
        doctree.insert(0, box)


def _describe(path: str, fuzzy: int, untranslated: int) -> str:
    if untranslated == -1:
        return f"{path} (missing or unreadable: run 'make update-po', then translate it)"
    return f"{path} ({untranslated} untranslated, {fuzzy} fuzzy)"


def _check(app: Sphinx, env: BuildEnvironment) -> None:
    if app.config.language == SOURCE_LANGUAGE or app.config.kb_publish_incomplete_translations:
        return
    pages = env.domains["kb"].pages
    incomplete = sorted(record["translation"] for docname, record in pages.items() if record.get("translation") and docname in env.found_docs)
    if incomplete:
        listing = "\n".join(f"  {_describe(*status)}" for status in incomplete)
        logger.error(
            "%d page(s) of the %s build are not fully translated:\n%s\nTranslate them ('make stats' shows "
            "what is left), or set kb_publish_incomplete_translations = True to publish them with a notice.",
            len(incomplete), app.config.language, listing, type="kb", subtype="translation",
        )
        app.statuscode = 1


def setup(app: Sphinx) -> None:
    app.add_config_value("kb_publish_incomplete_translations", False, "env", types=[bool])
    app.connect("doctree-read", _read)
    app.connect("env-updated", _check)

