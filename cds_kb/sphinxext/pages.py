"""Pages: each page's front matter while Sphinx reads it, its record's common fields, and doctree helpers.

The front matter is parsed once per page, on ``source-read``, and kept in the current
document's data for the transforms of the page types (posts, entries, listings). A page
whose front matter cannot be read gets a warning naming the file and line. Once the page is
read, its record in the ``kb`` domain gets its title and the line of each front matter
field (``lines``), which located warnings use.

The helpers make nodes from front matter that every builder writes: ``translatable`` text
is extracted and translated with the page; ``phrase`` is its inline form.

Pages the extension generates from the records (year archives, the search page) have no
source for Sphinx to compare: ``generated_page_due`` says whether one is written this
build (when a page is added, changed, removed or written, or its file is missing), so
that a build with nothing changed writes no file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..core import frontmatter
from ..core.frontmatter import FrontMatter
from .i18n import format_date

logger = logging.getLogger(__name__)
_KEY = "kb_front_matter"


def front_matter_of(env: BuildEnvironment) -> FrontMatter:
    """The front matter of the page being read."""
    return env.current_document.get(_KEY) or FrontMatter()


def _read_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    try:
        app.env.current_document[_KEY] = frontmatter.parse(source[0])
    except frontmatter.FrontMatterError as error:
        logger.warning("%s; fix the YAML between the '---' lines", error, location=(docname, error.line), type="kb", subtype="front-matter")


def record_page(app: Sphinx, doctree: nodes.document) -> None:
    """Every page's record: its title and the line of each front matter field."""
    env = app.env
    title = env.titles[env.docname].astext() if env.docname in env.titles else env.docname
    env.domains["kb"].record(env.docname).update(title=title, lines=dict(front_matter_of(env).lines))


def heading_section(document: nodes.document) -> nodes.section | None:
    """The page's top section: the one its H1 title opens."""
    return next(iter(document.findall(nodes.section)), None)


def translatable(node_class: type[nodes.TextElement], text: str, document: nodes.document, line: int) -> nodes.TextElement:
    """A node made from front matter that gettext extracts and translates like page text.

    Sphinx translates a node only if it has a source and a line (and, for an inline
    node, ``translatable``). Made before the Locale transform, it is translated with
    the page. Use ``phrase`` for inline text.
    """
    node = node_class(text, text, translatable=True)
    node.source, node.line = document["source"], line
    return node


def phrase(text: str, document: nodes.document, line: int, classes: list[str]) -> nodes.inline:
    """Translatable inline text from front matter, with classes: a ``<span>`` in HTML.

    Sphinx removes the wrapper of a translatable inline once the page is translated
    (``RemoveTranslatableInline``), classes and all: the classes go on an outer inline.
    """
    return nodes.inline("", "", translatable(nodes.inline, text, document, line), classes=classes)


def add_description(document: nodes.document, text: str, line: int) -> None:
    """The page's ``<meta name="description">``, translated with the page."""
    meta = nodes.meta(name="description", content=text)
    meta.source, meta.line = document["source"], line
    document.insert(0, meta)


def page_link(app: Sphinx, fromdocname: str, docname: str, title: str) -> nodes.reference:
    """A link from one page to another, as the builder writes page addresses."""
    return nodes.reference(title, title, internal=True, refuri=app.builder.get_relative_uri(fromdocname, docname))


def record_links(app: Sphinx, fromdocname: str, items: list[tuple[str, dict[str, Any]]], kind: str) -> nodes.bullet_list:
    """A list of links to pages, each followed by its date (posts) or summary (entries)."""
    listed = nodes.bullet_list(classes=[kind])
    for docname, record in items:
        item = nodes.paragraph("", "", page_link(app, fromdocname, docname, record["title"]))
        if record.get("date"):
            item += nodes.Text(" — " + format_date(record["date"], app.config))
        elif record.get("summary"):
            item += nodes.Text(" — " + record["summary"])
        listed += nodes.list_item("", item)
    return listed


_CHANGED = "_kb_build_changes_pages"


def _note_changes(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    if added or changed or removed:
        setattr(app.builder, _CHANGED, True)
    return []


def _note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # doctree-resolved runs in the main process for every page written, under -j too.
    setattr(app.builder, _CHANGED, True)


def pages_changed(app: Sphinx) -> bool:
    """Whether this build adds, changes, removes or writes a page.

    The records change only when pages are read or removed, and the templates or the
    configuration only with every page written: what is made from the records alone
    (generated pages, feeds, sitemaps, the search index) needs making only then.
    """
    return builder_changes_pages(app.builder)


def builder_changes_pages(builder) -> bool:
    """``pages_changed`` for the builder of a build."""
    return getattr(builder, _CHANGED, False)


def output_due(app: Sphinx, path: str | Path) -> bool:
    """Whether a file made from the records alone (feed, sitemap, generated page) is made this
    build: pages changed, or the file is missing."""
    return pages_changed(app) or not Path(path).exists()


def generated_page_due(app: Sphinx, pagename: str) -> bool:
    """``output_due`` for a page made from the records (no source)."""
    return output_due(app, app.builder.get_output_path(pagename))


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", _note_changes)
    app.connect("doctree-resolved", _note_written)
    app.connect("source-read", _read_front_matter)
    # Before the page types add their fields (800).
    app.connect("doctree-read", record_page, priority=700)
