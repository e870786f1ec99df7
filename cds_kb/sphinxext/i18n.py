"""Languages in the build: the label catalog, per-language settings, dates, and the language toggle.

Owns everything that differs between the English and French builds and is not page
content: the ``cds_kb`` gettext catalog of labels the extension shows a reader
(``locale/<lang>/LC_MESSAGES/cds_kb.po``, compiled here because Sphinx compiles only page
and theme catalogs), the per-language site title, localized dates, and the page context
for the language toggle and ``hreflang`` alternates.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.lists import format_list
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import CatalogInfo
from sphinx.util.osutil import relative_uri

from ..core.languages import LABEL_CATALOG, LANGUAGE_NAMES, catalog_path, other_language

_ = get_translation(LABEL_CATALOG)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def locale_dir(config: Config, srcdir: Path) -> Path:
    """The project's catalog folder (the first of ``locale_dirs``)."""
    return (Path(srcdir) / config.locale_dirs[0]).resolve()


def page_catalog(app: Sphinx, docname: str, language: str | None = None) -> Path:
    """The catalog of a page in the build's language (or another), in the project's catalog folder."""
    return catalog_path(locale_dir(app.config, app.srcdir), language or app.config.language, docname)


def format_date(iso: str, config: Config) -> str:
    """An ISO 8601 date as readers of the build's language write it (20 novembre 2017).

    A value that is not a date is shown as written (the schema reports it).
    """
    return _format_date(str(iso), config.kb_date_locale[config.language])


@functools.lru_cache(maxsize=4096)
def _format_date(iso: str, locale: str) -> str:
    # Cached: listings and backlinks show the same dates on many pages, and Babel is slow.
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return babel_format_date(when.date(), format="long", locale=locale)


def compose(template: str, **parts: nodes.Node | str) -> list[nodes.Node]:
    """Fill a translated label such as "By {author}" with nodes, in the label's word order."""
    result: list[nodes.Node] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            result.append(nodes.Text(template[position : match.start()]))
        part = parts[match.group(1)]
        result.append(nodes.Text(part) if isinstance(part, str) else part)
        position = match.end()
    if position < len(template):
        result.append(nodes.Text(template[position:]))
    return result


def join_nodes(parts: list[nodes.Node], config: Config) -> nodes.Node:
    """Several nodes joined as the build's language joins a list ("A, B and C", « A, B et C »).

    The words and commas come from Babel's list patterns (CLDR), so no label is needed.
    """
    if len(parts) == 1:
        return parts[0]
    marks = [f"\x00{index}\x00" for index in range(len(parts))]
    pattern = format_list(marks, style="standard", locale=config.kb_date_locale[config.language])
    joined = nodes.inline()
    for index, piece in enumerate(pattern.split("\x00")):
        if index % 2:
            joined += parts[int(piece)]
        elif piece:
            joined += nodes.Text(piece)
    return joined


def uri_in_language(app: Sphinx, pagename: str, language: str, target: str | None = None) -> str:
    """The address of a page in a language's build, relative to ``pagename`` in this one.

    The languages are sibling folders (``en/``, ``fr/``); ``target`` is a page name (default:
    the same page) written as this builder writes addresses (``.html``, ``dirhtml``'s
    folders), so the link is right at any depth.
    """
    builder = app.builder
    there = builder.get_target_uri(pagename if target is None else target)
    return relative_uri(builder.get_target_uri(pagename), f"../{language}/{there}")


def _configure(app: Sphinx, config: Config) -> None:
    config.html_title = config.kb_site_title[config.language]
    po = catalog_path(locale_dir(config, app.srcdir), config.language, LABEL_CATALOG)
    if po.exists():
        info = CatalogInfo(str(po.parent), LABEL_CATALOG, config.source_encoding)
        if info.is_outdated():
            info.write_mo(config.language)
    app.add_message_catalog(LABEL_CATALOG, str(locale_dir(config, app.srcdir)))
    # Labels are written into pages when they are read, so a changed label catalog
    # (or theme catalog) must re-read them.
    catalogs = [str(po.with_name(f"{name}.mo")) for name in (LABEL_CATALOG, "sphinx") if po.with_name(f"{name}.mo").exists()]
    if catalogs:

        def depend_on_label_catalogs(app: Sphinx, docname: str, source: list[str]) -> None:
            for mo in catalogs:
                app.env.note_dependency(mo)

        app.connect("source-read", depend_on_label_catalogs)


def _language_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    language = app.config.language
    other = other_language(language)
    context["kb_language_switch"] = {
        "code": other,
        "name": LANGUAGE_NAMES[other],
        "url": uri_in_language(app, pagename, other),
    }
    context["kb_alternates"] = [
        {"hreflang": code, "url": uri_in_language(app, pagename, code)} for code in sorted(LANGUAGE_NAMES)
    ] + [{"hreflang": "x-default", "url": relative_uri(app.builder.get_target_uri(pagename), "../index.html")}]


def forget_message_documents(app: Sphinx, doctree: nodes.document) -> None:
    """Attach translated nodes to their page's document, not to the one their message was parsed in.

    Sphinx parses each translated message as a small document of its own; with MyST, that
    document's settings hold the whole build environment, and every node of the message
    keeps a reference to it. Pickled with the page, each French doctree carried the
    environment as read so far: doctrees grew with the site (1 MB each at 300 stories)
    and a French build took time in O(pages²). Once the page is read, its nodes belong
    to its own document.
    """
    for node in doctree.findall():
        if node._document is not None and node._document is not doctree:  # noqa: SLF001 - docutils has no public way to tell
            node.document = doctree


class LabelSources(SphinxTransform):
    """Give the page's source to the text elements the extension adds without one (bylines, "at a
    glance" lists, section titles), once they are all added and before Sphinx translates the page.

    Their text is labels (from the ``cds_kb`` catalog) and nodes with text of their own; the
    elements themselves have no message (their ``rawsource`` is empty). Sphinx's ``Locale``
    transform skips an element without a source only after writing it out as XML for a
    debug message (``sphinx.util.nodes.is_translatable``), twice per page: about a tenth of
    a French build. With a source, it skips it as an empty message, at no cost, and
    gettext extracts nothing more.
    """

    # After the page types add their nodes (15, 16), before sphinx.transforms.i18n.Locale (20).
    default_priority = 18

    def apply(self) -> None:
        source = self.document["source"]
        for node in self.document.findall(nodes.TextElement):
            if not node.source and not node.rawsource:
                node.source = source


def setup(app: Sphinx) -> None:
    app.add_transform(LabelSources)
    app.add_config_value("kb_site_title", {"en": "", "fr": ""}, "html", types=[dict])
    app.add_config_value("kb_date_locale", {"en": "en_CA", "fr": "fr_CA"}, "env", types=[dict])
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _language_context)
    # Before the doctree is pickled, after every transform (doctree-read comes last).
    app.connect("doctree-read", forget_message_documents, priority=900)
