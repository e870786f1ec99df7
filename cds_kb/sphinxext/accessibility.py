"""Accessibility fixes to the HTML Sphinx writes, where a template cannot reach.

Sphinx writes a toctree caption as ``<p class="caption" role="heading">`` without the
``aria-level`` that the ARIA ``heading`` role requires (axe: aria-required-attr, WCAG 4.1.2).
The caption of the site's navigation is a second-level heading of the page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

CAPTION_LEVEL = 2


def _is_toctree_caption(node: nodes.title) -> bool:
    return isinstance(node.parent, addnodes.compact_paragraph) and bool(node.parent.get("toctree"))


def visit_title(self: HTML5Translator, node: nodes.title) -> None:
    if _is_toctree_caption(node):
        self.body.append(self.starttag(node, "p", "", CLASS="caption", ROLE="heading", **{"aria-level": str(CAPTION_LEVEL)}))
        self.body.append('<span class="caption-text">')
        self.context.append("</span></p>\n")
    else:
        HTML5Translator.visit_title(self, node)


def depart_title(self: HTML5Translator, node: nodes.title) -> None:
    HTML5Translator.depart_title(self, node)


def setup(app: Sphinx) -> None:
    app.add_node(nodes.title, override=True, html=(visit_title, depart_title))
