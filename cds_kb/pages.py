"""Pages: each page's front matter, kept while Sphinx reads it, and doctree helpers.

The front matter is parsed once per page, on ``source-read``, and kept in the current
document's data for the transforms of the page types (posts, entries, listings). A page
whose front matter cannot be read gets a warning naming the file and line.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from . import frontmatter
from .frontmatter import FrontMatter
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


def heading_section(document: nodes.document) -> nodes.section | None:
    """The page's top section: the one its H1 title opens."""
    return next(iter(document.findall(nodes.section)), None)


class phrase(nodes.Inline, nodes.TextElement):  # noqa: N801 - docutils names nodes in lower case
    """Translatable inline text from front matter, shown as a ``<span>``.

    Not ``nodes.inline``: Sphinx unwraps an inline that has ``translatable`` set.
    """


def visit_phrase(self, node: phrase) -> None:
    self.body.append(self.starttag(node, "span", ""))


def depart_phrase(self, node: phrase) -> None:
    self.body.append("</span>")


def translatable(node_class: type[nodes.TextElement], text: str, document: nodes.document, line: int) -> nodes.TextElement:
    """A node made from front matter that gettext extracts and translates like page text.

    Sphinx translates a node only if it has a source and a line (and, for an inline
    node, ``translatable``). Made before the Locale transform, it is translated with
    the page. Use ``phrase`` for inline text.
    """
    node = node_class(text, text, translatable=True)
    node.source, node.line = document["source"], line
    return node


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


def setup(app: Sphinx) -> None:
    app.add_node(phrase, html=(visit_phrase, depart_phrase))
    app.connect("source-read", _read_front_matter)
