"""Nodes: the extension's own doctree nodes, and how each builder writes them.

Pages are made of generic docutils nodes wherever they can be, so that every builder
(``html``, ``dirhtml``, ``singlehtml``, ``text``, ``latex``, ...) writes them. The few
nodes of the extension's own are either

- **placeholders** (``mentioned_in``, ``in_this_story``, ``listing``, ``post_list``, ``archive_years``): where
  data from other pages goes once every page is read; each carries what it needs (an entry
  id, a topic), never the page it is on, so that it works in a page written alone or in
  ``singlehtml``'s whole-site tree. Every builder replaces them on ``doctree-resolved``.
- **HTML elements** with a generic fallback: ``time`` is an ``inline`` (its text, in any
  builder) that the HTML builders write as ``<time datetime>``; ``search_box`` is a form
  that only HTML has, and is removed from the pages of other builders (``remove_html_only``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


class time(nodes.inline):  # noqa: N801 - docutils names nodes in lower case
    """A date shown to the reader; HTML writes it as ``<time datetime=...>``, other builders as its text.

    Sphinx's translators look up a visitor along the node's classes, so builders without a
    ``time`` visitor write it as an ``inline``.
    """


def visit_time(self, node: time) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def depart_time(self, node: time) -> None:
    self.body.append("</time>")


class search_box(nodes.General, nodes.Element):  # noqa: N801
    """A search form (HTML only: see ``remove_html_only``)."""


class mentioned_in(nodes.General, nodes.Element):  # noqa: N801
    """Where an entry's "Mentioned in" list goes (``entry``: its id) once every page has been read."""


class in_this_story(nodes.General, nodes.Element):  # noqa: N801
    """Where a post's list of the entries it mentions (``entries``: their ids, in order) goes once every page has been read."""


class listing(nodes.General, nodes.Element):  # noqa: N801
    """Where a listing goes (``kind``, ``style``, ``limit``) once every page has been read."""


class post_list(nodes.General, nodes.Element):  # noqa: N801
    """Where the posts of a topic (``topic``) or an author (``author``) go once every page is read."""


class archive_years(nodes.General, nodes.Element):  # noqa: N801
    """Where the links to the year archives go once every page is read."""


HTML_ONLY = (search_box,)


def remove_html_only(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remove what only HTML can show (a form) from the pages of other builders."""
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(lambda node: isinstance(node, HTML_ONLY))):
        node.parent.remove(node)


def setup(app: Sphinx) -> None:
    app.add_node(time, html=(visit_time, depart_time))
    for placeholder in (mentioned_in, in_this_story, listing, post_list, archive_years):
        app.add_node(placeholder)
    app.connect("doctree-resolved", remove_html_only)
