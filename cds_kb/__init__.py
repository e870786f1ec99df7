"""cds_kb: the Sphinx extension and command-line tools of the partnerships knowledge base.

``setup`` wires one module per concern: ``pages`` (front matter as pages are read),
``domain`` (the ``kb`` domain and its references), ``posts``, ``entries``,
``backlinks``, ``directory`` (generated listings), ``i18n`` (languages), ``translation_notice``
(pages whose translation is incomplete), ``taxonomy`` (topics, authors, year archives),
``urls`` (absolute addresses, the 404 page), ``metadata`` (description and OpenGraph),
``feeds`` (Atom), ``sitemap``, ``checks`` (front matter schema, unsafe input),
``security`` (Content Security Policy), ``accessibility`` and ``navigation`` (the
sidebar). The command-line tools are in ``__main__`` (``python -m cds_kb --help``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from . import accessibility, backlinks, checks, directory, entries, feeds, i18n, metadata, navigation, pages, posts, search, security, sitemap, taxonomy, translation_notice, urls
from .domain import EntryRole, KnowledgeBaseDomain

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(KnowledgeBaseDomain)
    app.add_role("kb", EntryRole(innernodeclass=nodes.inline, warn_dangling=True))
    for module in (i18n, pages, posts, entries, backlinks, directory, search, translation_notice, urls, taxonomy, metadata, feeds, sitemap, checks, security, accessibility, navigation):
        module.setup(app)
    app.add_css_file("kb.css")
    return {
        "version": __version__,
        "env_version": 2,  # bump when what the extension keeps in the environment changes
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
