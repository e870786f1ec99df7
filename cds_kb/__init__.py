"""cds_kb: the Sphinx extension and command-line tools of the partnerships knowledge base.

``setup`` wires one module per concern: ``pages`` (front matter as pages are read),
``domain`` (the ``kb`` domain and its references), ``posts``, ``entries``,
``backlinks``, ``directory`` (generated listings), ``i18n`` (languages) and ``navigation``
(the sidebar). The
command-line tools are in ``__main__`` (``python -m cds_kb --help``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from . import backlinks, directory, entries, i18n, navigation, pages, posts, search
from .domain import EntryRole, KnowledgeBaseDomain

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(KnowledgeBaseDomain)
    app.add_role("kb", EntryRole(innernodeclass=nodes.inline, warn_dangling=True))
    for module in (i18n, pages, posts, entries, backlinks, directory, search, navigation):
        module.setup(app)
    app.add_css_file("kb.css")
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
