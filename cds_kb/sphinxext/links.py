"""Outside links in two languages: the link map in the build.

``locale/links.csv`` (``cds_kb.core.linkmap``) pairs each outside destination's English
address with its French one. The catalogs carry the French address of the links in a
page's text (``make check-po`` holds them to the map); this module does the rest, so that
every builder gets it as generic nodes:

- ``address_for``: the address a page of this build's language links to, for what no
  catalog carries (the ``url`` and ``contact`` fields of entries, from front matter);
- ``LanguageOnlyMarkers``: after the translation of a page, a link to content that exists
  only in the other language gets the Canada.ca marker after it, as text: « (en anglais
  seulement) » on French pages, "(French only)" on English pages (labels of the
  ``cds_kb`` catalog), and the language of the destination (``hreflang``) in HTML.

A page that links outside depends on the map: editing it reads those pages again.
"""

from __future__ import annotations

import functools
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

from ..core import linkmap
from ..core.errors import UserError
from .i18n import _, locale_dir

logger = logging.getLogger(__name__)

OUTSIDE = ("http://", "https://")
# What a page in one language says after a link to content only in the other.
ONLY_IN = {"en": _("(English only)"), "fr": _("(French only)")}
MARKER_CLASS = "kb-language-only"


def map_path(config: Config, srcdir: str | Path) -> Path:
    return locale_dir(config, srcdir) / linkmap.LINK_MAP


@functools.lru_cache(maxsize=4)
def _load(path: Path, _mtime_ns: int) -> linkmap.LinkMap:
    return linkmap.load(path)


def link_map(env: BuildEnvironment) -> linkmap.LinkMap:
    """The map as it is on disk now (read once per change, in each build process)."""
    path = map_path(env.config, env.srcdir)
    try:
        return _load(path, path.stat().st_mtime_ns)
    except OSError:
        return linkmap.LinkMap()
    except UserError:  # reported once, when the build starts (_check_map)
        return linkmap.LinkMap()


def address_for(env: BuildEnvironment, url: str) -> str:
    """The address pages of this build's language link to for an outside ``url``."""
    return link_map(env).address_for(url, env.config.language)


def is_outside(node: nodes.Element) -> bool:
    return isinstance(node, nodes.reference) and str(node.get("refuri", "")).startswith(OUTSIDE)


def only_in(env: BuildEnvironment, url: str) -> str | None:
    """The other language, when the content at ``url`` exists only in it (None otherwise)."""
    found = link_map(env).find(url)
    only = found.only_in() if found is not None else None
    return only if only in ONLY_IN and only != env.config.language else None


def mark(link: nodes.reference, only: str | None) -> list[nodes.Node]:
    """What follows an outside link: the one-language marker, when ``only`` names a language."""
    if only is None:
        return []
    link["hreflang"] = only
    return [nodes.Text(" "), nodes.inline("", str(ONLY_IN[only]), classes=[MARKER_CLASS])]


class LanguageOnlyMarkers(SphinxTransform):
    """Mark each outside link to content in the other language only (after translation)."""

    # After sphinx.transforms.i18n.Locale (20): the marker follows the translated link.
    default_priority = 30

    def apply(self) -> None:
        links = [node for node in self.document.findall(nodes.reference) if is_outside(node)]
        if not links:
            return
        path = map_path(self.config, self.env.srcdir)
        if path.exists():  # Sphinx reads a page again, every build, while a dependency is missing
            self.env.note_dependency(str(path))
        for link in links:
            if isinstance(link.parent, nodes.TextElement):
                link.parent.insert(link.parent.index(link) + 1, mark(link, only_in(self.env, link["refuri"])))


def visit_reference(self: HTML5Translator, node: nodes.reference) -> None:
    """Sphinx's own link, with ``hreflang`` when the destination is in another language."""
    if "hreflang" not in node or not is_outside(node) or not isinstance(node.parent, nodes.TextElement):
        HTML5Translator.visit_reference(self, node)
        return
    # What Sphinx writes for a plain outside link in text, and the destination's language.
    atts = {"class": "reference external", "href": node["refuri"], "hreflang": node["hreflang"]}
    for name, attribute in (("reftitle", "title"), ("target", "target"), ("rel", "rel")):
        if name in node:
            atts[attribute] = node[name]
    self.body.append(self.starttag(node, "a", "", **atts))


def _check_map(app: Sphinx, config: Config) -> None:
    try:
        linkmap.load(map_path(config, app.srcdir))
    except UserError as error:
        logger.warning("%s", error, type="kb", subtype="link-map")


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _check_map)
    app.add_transform(LanguageOnlyMarkers)
    app.add_node(nodes.reference, override=True, html=(visit_reference, HTML5Translator.depart_reference))
