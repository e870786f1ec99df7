"""The Sphinx extension of the knowledge base: ``extensions = ["cds_kb.sphinxext"]``.

``setup`` wires one module per concern, each with its own ``setup``:

- ``parser``: the Markdown source parser (MyST's, set up once per process, not per parse);
- ``builder``: the HTML builder (Sphinx's, writing a file only when it changes);
- the store and the nodes: ``domain`` (the ``kb`` domain: every page's record, references,
  the pages that show a changed record), ``nodes`` (the extension's nodes, for every
  builder), ``pages`` (front matter while a page is read, its record's common fields);
- page types: ``posts`` (byline), ``entries`` (fields, "at a glance");
- what pages show of each other: ``backlinks`` ("Mentioned in", "In this story"),
  ``directory`` (listings, folder toctrees), ``taxonomy`` (topics, authors, year archives),
  ``network`` (who works with whom: the pictures of the network and of each entry's links);
- languages: ``i18n`` (labels, dates, language toggle), ``notice`` (incomplete translations),
  ``links`` (the link map: each outside address in the page's language, one-language markers);
- the page around the content: ``metadata`` (description, OpenGraph), ``navigation`` (the
  sidebar), ``search`` (index and search page), ``urls`` (absolute addresses, the 404 page),
  ``security`` (Content Security Policy), ``accessibility``;
- files beside the pages: ``feeds`` (Atom), ``sitemap``;
- ``checks``: what the build refuses.

It also registers the site's theme, ``cds_kb`` (furo with the project's templates and
static files, ``theme/cds_kb``). It imports ``cds_kb.core`` and never the maintainers'
tools (``cds_kb.tools``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .. import __version__
from . import (
    accessibility, backlinks, builder, checks, directory, domain, entries, feeds, i18n, links, metadata, navigation, network,
    nodes, notice, pages, parser, posts, search, security, sitemap, taxonomy, urls,
)

THEME = Path(__file__).parent / "theme" / "cds_kb"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_theme("cds_kb", str(THEME))
    for module in (parser, builder, domain, nodes, i18n, links, pages, posts, entries, backlinks, directory, network, search, notice, urls, taxonomy, metadata, feeds, sitemap, checks, security, accessibility, navigation):
        module.setup(app)
    app.add_css_file("kb.css")
    return {
        "version": __version__,
        "env_version": 7,  # bump when what the extension keeps in the environment changes
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
