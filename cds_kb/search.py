"""Search: the search box that opens the home page.

The box is a plain GET form to the site's search page (``search.html?q=WORDS``), so it
works without script and gives shareable addresses. Its labels come from the ``cds_kb``
catalog.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .i18n import _


class search_box(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """A search form; rendered for HTML only."""


def visit_search_box(self, node: search_box) -> None:
    action = self.builder.get_relative_uri(self.builder.current_docname, "search")
    self.body.append(
        f'<form class="kb-search-box" role="search" method="get" action="{self.attval(action)}">'
        f'<label class="visually-hidden" for="kb-search-input">{self.encode(node["label"])}</label>'
        f'<input type="search" id="kb-search-input" name="q" autocomplete="off" placeholder="{self.attval(node["placeholder"])}">'
        f'<button type="submit">{self.encode(node["button"])}</button></form>'
    )
    raise nodes.SkipNode


class SearchBoxDirective(SphinxDirective):
    """``{kb-search-box}``: a search form for the knowledge base."""

    def run(self) -> list[nodes.Node]:
        node = search_box(
            label=str(_("Search the knowledge base")),
            placeholder=str(_("A service, a department, a topic…")),
            button=str(_("Search")),
        )
        self.set_source_info(node)
        return [node]


def setup(app: Sphinx) -> None:
    app.add_node(search_box, html=(visit_search_box, None))
    app.add_directive("kb-search-box", SearchBoxDirective)
