"""Directory pages: the generated lists of services, stories, organizations and more.

``{kb-listing} service`` on a page shows every entry of that type (or, with ``post``, the
stories newest first) as sphinx-design cards or as a list. The listing is a placeholder
while pages are read and is filled in when the page is written, from the domain's
records, so it always matches the entries; a page is re-written when a record of a kind it
lists changes (``kb-pages-showing-changes``).

``{kb-folder-toctree}`` puts every other page of the section's folder in the navigation.
Unlike a ``:glob:`` toctree, which Sphinx re-reads on every build, the section page is
re-read only when a page is added to or removed from its folder.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.other import TocTree
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import create_component

from ..core.schema import ENTRY_TYPES, POST
from .domain import CHANGES_EVENT, differ
from .entries import status_badge
from .i18n import _
from .links import mark
from .nodes import listing
from .pages import page_link, record_links

KINDS = (*ENTRY_TYPES, POST)
# The fields of a record that listings show.
LISTED_FIELDS = ("kind", "type", "title", "date", "summary", "status", "url", "url_only_in")

class ListingDirective(SphinxDirective):
    """``{kb-listing} KIND`` with ``:style: cards|list`` and ``:limit: N``."""

    required_arguments = 1
    option_spec = {
        "style": lambda value: directives.choice(value, ("cards", "list")),
        "limit": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in KINDS:
            raise self.error(f"unknown listing {kind!r}: use one of {', '.join(KINDS)}")
        record = self.env.domains["kb"].record(self.env.docname)
        record.setdefault("listings", []).append(kind)
        node = listing(kind=kind, style=self.options.get("style", "list"), limit=self.options.get("limit", 0))
        self.set_source_info(node)
        return [node]


def _folder(docname: str) -> str:
    return docname.rpartition("/")[0]


class FolderToctree(TocTree):
    """``{kb-folder-toctree}``: a toctree of the other pages in this page's folder.

    Hidden (sidebar only) unless given ``:visible:``, for sections whose page lists its guides.
    """

    has_content = False
    option_spec = {**TocTree.option_spec, "visible": directives.flag}

    def run(self) -> list[nodes.Node]:
        if "visible" not in self.options:
            self.options.setdefault("hidden", None)
        self.env.domains["kb"].record(self.env.docname)["folder_toctree"] = True
        return super().run()

    def parse_content(self, toctree: addnodes.toctree) -> None:
        folder = _folder(self.env.docname)
        pages = sorted(d for d in self.env.found_docs if _folder(d) == folder and d != self.env.docname)
        toctree["entries"].extend((None, page) for page in pages)
        toctree["includefiles"].extend(pages)


def sections_to_reread(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Section pages whose folder gained or lost a page."""
    folders = {_folder(docname) for docname in added | removed}
    pages = env.domains["kb"].pages
    return [d for d, record in pages.items() if record.get("folder_toctree") and _folder(d) in folders]


def _card(app: Sphinx, fromdocname: str, docname: str, record: dict) -> nodes.container:
    body = create_component("card-body", ["sd-card-body"])
    title = nodes.paragraph("", "", page_link(app, fromdocname, docname, record["title"]), classes=["sd-card-title", "sd-font-weight-bold"])
    body += title
    if record.get("summary"):
        body += nodes.paragraph(record["summary"], record["summary"], classes=["sd-card-text"])
    if record.get("status"):
        body += nodes.paragraph("", "", status_badge(record["status"]), classes=["sd-card-text"])
    if record.get("url"):
        label = str(_("How to reach it"))
        reach = nodes.reference(label, label, refuri=record["url"])
        body += nodes.paragraph("", "", reach, *mark(reach, record.get("url_only_in")), classes=["sd-card-text", "kb-reach"])
    card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", "sd-w-100"], children=[body])
    return create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[card])


def _cards(app: Sphinx, fromdocname: str, items: list[tuple[str, dict]]) -> nodes.Node:
    row_classes = ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-1", "sd-row-cols-md-2", "sd-row-cols-lg-3", "sd-g-3"]
    row = create_component("grid-row", row_classes, children=[_card(app, fromdocname, d, r) for d, r in items])
    return create_component("grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4"], children=[row])


def fill_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = app.env.domains["kb"]
    for placeholder in list(doctree.findall(listing)):
        kind = placeholder["kind"]
        items = domain.posts() if kind == POST else domain.entries(kind)
        if placeholder["limit"]:
            items = items[: placeholder["limit"]]
        if not items:
            placeholder.replace_self(nodes.paragraph("", str(_("Nothing here yet."))))
            continue
        if placeholder["style"] == "cards":
            placeholder.replace_self(_cards(app, docname, items))
        else:
            placeholder.replace_self(record_links(app, docname, items, "kb-listing"))


def listings_changed(app: Sphinx, domain, changes: list[tuple[dict, dict]]) -> set[str]:
    """The pages listing a kind (``listings``) whose records changed in a listed field."""
    listed: set[str] = set()
    for old, new in changes:
        if differ(old, new, *LISTED_FIELDS):
            listed.update({record.get("type") or record.get("kind") for record in (old, new)} - {None})
    if not listed:
        return set()
    return {docname for docname, record in domain.pages.items() if listed.intersection(record.get("listings", ()))}


def setup(app: Sphinx) -> None:
    app.connect(CHANGES_EVENT, listings_changed)
    app.add_directive("kb-listing", ListingDirective)
    app.add_directive("kb-folder-toctree", FolderToctree)
    app.connect("env-get-outdated", sections_to_reread)
    app.connect("doctree-resolved", fill_listings)

