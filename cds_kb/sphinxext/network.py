"""Network pictures: who works with whom, on the home page and on every entry's page.

Drawn at build time from the ``kb`` domain's records, never by hand:

- the **links**: an entry's ``offered-by``, ``led-by``, ``partners`` and ``related`` (kept in
  its record as ``relations`` when it is read), and two entries mentioned in one story (the
  stories' ``mentions``);
- an entry's **neighbourhood** (organizations, services, initiatives, people and policies:
  ``NETWORK_TYPES``), at the end of its page: the entry and the entries it is linked to, one
  step out, at most ``NEIGHBOURS`` of them, its own links first, then by how many stories
  name both (the stories that join them are listed under the picture);
- the **whole network**, where a page asks for it (``{kb-network}``, the home page): every
  linked entry, with the links of the front matter and, for each entry, the
  ``TOGETHER_PER_ENTRY`` entries most often mentioned with it, at most ``NETWORK_NODES``.

Each picture is a figure: Graphviz lays it out (``sphinx.ext.graphviz``'s ``graphviz`` node
and its settings, ``graphviz_dot`` and ``graphviz_dot_args``; the neighbourhood with
``twopi``, the network with ``neato``: see docs/maintaining/network.md for the measurements
behind the choice). HTML builders write it as SVG inside the page, each entry a link to its
page with its name as the link text, colours from ``kb-network.css`` (classes, no style
attribute: the Content Security Policy allows no inline style); LaTeX gets Graphviz's PDF and
text builders only what follows the picture. Under the picture: the legend and the same
links as a list, in every builder.

The pictures are placeholders until a page is written, like the other lists made of other
pages' records; ``network_changed`` tells the domain which pages show a changed record
(``kb-pages-showing-changes``), so that those pictures, and only those, are drawn again.
"""

from __future__ import annotations

import subprocess
import textwrap
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.ext.graphviz import graphviz
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..core.schema import POST
from .domain import CHANGES_EVENT, ENTRY, TYPE_LABELS, differ
from .i18n import _, compose
from .pages import front_matter_of, heading_section, page_link

logger = logging.getLogger(__name__)

# The entry types drawn (topics are themes, not partners: their pages list stories).
NETWORK_TYPES = ("organization", "service", "initiative", "person", "policy")
# Front matter fields that link two entries, in the order the lists show them.
RELATIONS = ("offered-by", "led-by", "partners", "related")
TOGETHER = "together"  # two entries mentioned in one story
# Readable at any size: what a picture shows at most.
NEIGHBOURS = 12
NETWORK_NODES = 60
TOGETHER_PER_ENTRY = 1
STORIES_LISTED = 3
LABEL_WIDTH = 16  # characters per line of a node's label

# Graphviz's layout of each picture, chosen by measuring (docs/maintaining/network.md): sfdp,
# by force, spread until no two entries overlap, from a fixed start. Not fdp, more compact:
# Graphviz 2.43's fdp now and then draws the same source two ways, and two builds must give
# the same bytes. A neighbourhood is drawn tighter (overlap removal scaled down).
LAYOUTS = {
    "neighbourhood": {"layout": "sfdp", "K": "0.45", "overlap": "prism", "overlap_scaling": "-2", "start": "1"},
    "network": {"layout": "sfdp", "K": "0.6", "overlap": "prism", "start": "1"},
}
# What the other entry is to this one: (this entry's field names it, its field names this one).
RELATION_LABELS = {
    "offered-by": (_("Offered by"), _("Offers")),
    "led-by": (_("Led by"), _("Leads")),
    "partners": (_("Partners"), _("Partner in")),
    "related": (_("Related"), _("Related")),
    TOGETHER: (_("Mentioned in the same stories"), _("Mentioned in the same stories")),
}
# Shapes: with the colours of kb-network.css, the type is told by two means (WCAG 1.4.1).
SHAPES = {
    "organization": {"shape": "box"},
    "service": {"shape": "box", "style": "rounded,filled"},
    "initiative": {"shape": "hexagon"},
    "person": {"shape": "ellipse"},
    "policy": {"shape": "note"},
}
# A link that one entry's front matter states points from it (offered by, led by).
DIRECTED = ("offered-by", "led-by")
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"


class network(nodes.General, nodes.Element):  # noqa: N801
    """Where a network picture goes once every page is read: ``entry`` (an id), or the whole network."""


class picture(graphviz):  # noqa: N801
    """A network picture: Graphviz source (``code``) that HTML writes as inline, linked SVG.

    Other builders write it as ``sphinx.ext.graphviz`` writes its ``graphviz`` node (LaTeX: a
    PDF; text: nothing, see ``fill_networks``), found along the node's classes.
    """


# --- the links, from the domain's records ------------------------------------------------


@dataclass
class Links:
    """Every link between the drawn entries, computed once per build from the records."""

    entries: dict[str, tuple[str, dict[str, Any]]]  # id -> (docname, record)
    # id -> other id -> [(relation, whether this entry's front matter states it)]
    stated: dict[str, dict[str, list[tuple[str, bool]]]] = field(default_factory=lambda: defaultdict(dict))
    # id -> other id -> docnames of the stories that mention both, newest first
    together: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    stories: Counter = field(default_factory=Counter)  # id -> stories that mention it

    def title(self, entry_id: str) -> str:
        return self.entries[entry_id][1]["title"]

    def relations(self, entry_id: str, other: str) -> list[tuple[str, bool]]:
        """The links between two entries, front matter first, each kind once."""
        found = list(dict.fromkeys(self.stated[entry_id].get(other, [])))
        if any(relation == "related" for relation, _ in found):
            found = [item for item in found if item != ("related", False)] if ("related", True) in found else found
        if self.together[entry_id].get(other):
            found.append((TOGETHER, True))
        return sorted(found, key=lambda item: (list(RELATION_LABELS).index(item[0]), not item[1]))

    def ranked_neighbours(self, entry_id: str) -> list[str]:
        """Entries linked to one, its own links first, then by how often both are mentioned together."""
        stated, together = self.stated[entry_id], self.together[entry_id]
        return sorted(
            set(stated) | set(together),
            # Ties are broken by id, not by name: both languages show the same entries.
            key=lambda other: (other not in stated, -len(together.get(other, ())), -self.stories[other], other),
        )


def links_of(domain) -> Links:
    entries = {
        entry_id: (docname, domain.pages[docname])
        for entry_id, docname in domain.ids.items()
        if domain.pages.get(docname, {}).get("type") in NETWORK_TYPES
    }
    links = Links(entries)
    for entry_id in sorted(entries):
        relations = entries[entry_id][1].get("relations") or {}
        for relation in RELATIONS:
            for target in relations.get(relation, ()):
                if target in entries and target != entry_id:
                    links.stated[entry_id].setdefault(target, []).append((relation, True))
                    links.stated[target].setdefault(entry_id, []).append((relation, False))
    for docname, record in domain.posts():
        mentioned = sorted({entry_id for entry_id in record["mentions"] if entry_id in entries})
        links.stories.update(mentioned)
        for first, second in combinations(mentioned, 2):
            links.together[first][second].append(docname)
            links.together[second][first].append(docname)
    return links


def _links(app: Sphinx) -> Links:
    """The links of this build: computed once, when the first picture is filled (records no longer change)."""
    builder = app.builder
    if getattr(builder, "_kb_network_links", None) is None:
        builder._kb_network_links = links_of(app.env.domains["kb"])  # noqa: SLF001 - a cache for this build only
    return builder._kb_network_links  # noqa: SLF001


# --- what each picture shows ---------------------------------------------------------------


@dataclass
class Picture:
    """The entries a picture shows (in reading and tab order) and the pairs it links."""

    entries: list[str]
    pairs: list[tuple[str, str]]
    centre: str | None = None


def neighbourhood(links: Links, entry_id: str) -> Picture:
    neighbours = links.ranked_neighbours(entry_id)[:NEIGHBOURS]
    return Picture([entry_id, *neighbours], [(entry_id, other) for other in neighbours], centre=entry_id)


def whole_network(links: Links) -> Picture:
    pairs: set[tuple[str, str]] = set()
    for entry_id in sorted(links.entries):
        pairs.update(tuple(sorted((entry_id, other))) for other in links.stated[entry_id])
        only_together = [other for other in links.ranked_neighbours(entry_id) if other not in links.stated[entry_id]]
        pairs.update(tuple(sorted((entry_id, other))) for other in only_together[:TOGETHER_PER_ENTRY])
    degree = Counter(entry_id for pair in pairs for entry_id in pair)
    kept = sorted(degree, key=lambda entry_id: (-degree[entry_id], entry_id))[:NETWORK_NODES]
    shown = set(kept)
    by_type = sorted(kept, key=lambda entry_id: (NETWORK_TYPES.index(links.entries[entry_id][1]["type"]), links.title(entry_id).casefold(), entry_id))
    return Picture(by_type, sorted(pair for pair in pairs if shown.issuperset(pair)))


# --- Graphviz source --------------------------------------------------------------------------


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _attributes(**values: str) -> str:
    return "[" + ", ".join(f"{name}={_quote(value)}" for name, value in values.items()) + "]"


def dot_source(app: Sphinx, fromdocname: str, links: Links, shown: Picture) -> str:
    """The Graphviz source of a picture: stable for the same records, so two builds give the same bytes."""
    layout = LAYOUTS["neighbourhood" if shown.centre else "network"]
    lines = [
        "digraph network {",
        "graph " + _attributes(**layout, bgcolor="transparent", outputorder="edgesfirst", splines="true", pad="0.1") + ";",
        "node " + _attributes(fontname="sans-serif", fontsize="12", style="filled", penwidth="1.5", margin="0.12,0.06", fillcolor="#ffffff", color="#333333") + ";",
        "edge " + _attributes(penwidth="1.5", arrowsize="0.8", color="#4b5563", dir="none") + ";",
    ]
    number = {entry_id: f"n{index}" for index, entry_id in enumerate(shown.entries)}
    for entry_id in shown.entries:
        docname, record = links.entries[entry_id]
        classes = f"kb-node kb-type-{record['type']}" + (" kb-centre" if entry_id == shown.centre else "")
        shape = {"style": "filled", **SHAPES[record["type"]]}
        if entry_id == shown.centre:
            shape["penwidth"] = "3"
        label = "\n".join(textwrap.wrap(record["title"], LABEL_WIDTH, break_long_words=False, break_on_hyphens=False)) or record["title"]
        # The entry of this page links to itself (the top of the page), marked as the current page.
        uri = "#" if docname == fromdocname else app.builder.get_relative_uri(fromdocname, docname)
        lines.append(f"{number[entry_id]} " + _attributes(label=label, tooltip=record["title"], URL=uri, **{"class": classes}, **shape) + ";")
    for first, second in shown.pairs:
        relation, stated_by_first = links.relations(first, second)[0]
        source, target = (first, second) if stated_by_first else (second, first)
        edge = {"class": f"kb-edge kb-relation-{relation}"}
        if relation in DIRECTED:
            edge["dir"] = "forward"
        elif relation == "related":
            edge["style"] = "dashed"
        elif relation == TOGETHER:
            edge["style"] = "dotted"
        if relation in ("partners", "led-by"):
            edge["penwidth"] = "3"
        lines.append(f"{number[source]} -> {number[target]} " + _attributes(**edge) + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- the nodes a page gets --------------------------------------------------------------------


def _picture_nodes(app: Sphinx, fromdocname: str, links: Links, shown: Picture, caption: str) -> list[nodes.Node]:
    if app.builder.format not in ("html", "latex"):
        return [_as_list(app, fromdocname, links, shown)]  # text: the list says it all
    figure = nodes.figure(ids=["network-picture"], classes=["kb-network-figure"])
    node = picture()
    node["code"] = dot_source(app, fromdocname, links, shown)
    node["options"] = {"docname": fromdocname}
    node["alt"] = caption
    figure += node
    figure += nodes.caption(caption, caption)
    figure += _legend(links, shown)
    return [figure, _as_list(app, fromdocname, links, shown)]


def _legend(links: Links, shown: Picture) -> nodes.legend:
    """The types and kinds of link in the picture, each with its swatch (CSS draws it from the classes)."""
    types = [kind for kind in NETWORK_TYPES if any(links.entries[e][1]["type"] == kind for e in shown.entries)]
    relations = {links.relations(first, second)[0][0] for first, second in shown.pairs}
    items = nodes.bullet_list(classes=["kb-network-legend"])
    for kind in types:
        label = str(TYPE_LABELS[kind])
        items += nodes.list_item("", nodes.paragraph("", "", nodes.inline("", "", classes=["kb-swatch", f"kb-swatch-{kind}"]), nodes.Text(label)))
    for relation in RELATION_LABELS:
        if relation in relations:
            label = str(RELATION_LABELS[relation][0])
            items += nodes.list_item("", nodes.paragraph("", "", nodes.inline("", "", classes=["kb-swatch", "kb-swatch-link", f"kb-swatch-{relation}"]), nodes.Text(label)))
    return nodes.legend("", items)


def _stories_joining(app: Sphinx, fromdocname: str, links: Links, entry_id: str, other: str) -> list[nodes.Node]:
    stories = links.together[entry_id].get(other, [])
    if not stories:
        return []
    domain = app.env.domains["kb"]
    parts: list[nodes.Node] = [nodes.Text(" (")]
    for index, docname in enumerate(stories[:STORIES_LISTED]):
        if index:
            parts.append(nodes.Text(", "))
        parts.append(page_link(app, fromdocname, docname, domain.pages[docname]["title"]))
    if len(stories) > STORIES_LISTED:
        parts.append(nodes.Text(" — " + str(_("{count} stories in all")).format(count=len(stories))))
    parts.append(nodes.Text(")"))
    return parts


def _groups(app: Sphinx, fromdocname: str, links: Links, entry_id: str, others: list[str], with_stories: bool) -> nodes.bullet_list:
    """One item per kind of link: its label, then the entries linked that way."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for other in others:
        for relation, stated in links.relations(entry_id, other):
            label = str(RELATION_LABELS[relation][0 if stated else 1])
            if other not in grouped[label]:
                grouped[label].append(other)
    listed = nodes.bullet_list(classes=["kb-network-links"])
    for label, members in grouped.items():
        linked = nodes.inline()
        for index, other in enumerate(members):
            if index:
                linked += nodes.Text(", ")
            linked += page_link(app, fromdocname, links.entries[other][0], links.title(other))
            if with_stories and label == str(RELATION_LABELS[TOGETHER][0]):
                linked.extend(_stories_joining(app, fromdocname, links, entry_id, other))
        parts = compose(str(_("{label}: {entries}")), label=nodes.strong(label, label), entries=linked)
        listed += nodes.list_item("", nodes.paragraph("", "", *parts))
    return listed


def _as_list(app: Sphinx, fromdocname: str, links: Links, shown: Picture) -> nodes.container:
    """The same links as the picture, as a list (its text equivalent)."""
    title = str(_("The same links as a list"))
    box = nodes.container(classes=["kb-network-list"])
    box += nodes.rubric(title, title)
    if shown.centre:
        box += _groups(app, fromdocname, links, shown.centre, shown.entries[1:], with_stories=True)
        return box
    partners: dict[str, list[str]] = defaultdict(list)
    for first, second in shown.pairs:
        partners[first].append(second)
        partners[second].append(first)
    listed = nodes.bullet_list(classes=["kb-network-entries"])
    for entry_id in shown.entries:
        paragraph = nodes.paragraph("", "", page_link(app, fromdocname, links.entries[entry_id][0], links.title(entry_id)))
        others = sorted(partners[entry_id], key=lambda other: links.title(other).casefold())
        listed += nodes.list_item("", paragraph, _groups(app, fromdocname, links, entry_id, others, with_stories=False))
    box += listed
    return box


def fill_networks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(network)):
        links = _links(app)
        entry_id = placeholder.get("entry")
        if entry_id is None:
            shown = whole_network(links)
            caption = str(_("Who works with whom: the organizations, services, initiatives, people and policies the stories link"))
        elif entry_id in links.entries:
            shown = neighbourhood(links, entry_id)
            caption = str(_("{title} and the entries it is linked to")).format(title=links.title(entry_id))
        else:
            continue
        if len(shown.entries) < 2:
            placeholder.replace_self(nodes.paragraph("", str(_("No link to another entry yet."))))
        else:
            placeholder.replace_self(_picture_nodes(app, docname, links, shown, caption))


# --- SVG in the page ------------------------------------------------------------------------


def svg_for_html(source: bytes, label: str) -> str:
    """Graphviz's SVG made fit for the inside of a page.

    Ids (which would repeat in a single-page build), Graphviz's ``<title>`` elements and
    tooltips go; each link gets ``href`` and its entry's name as its accessible name (the
    name drawn, on one line), the link to the page itself ``aria-current``; edges are hidden from screen readers (the list says the same).
    """
    root = ET.fromstring(source)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG}}}title":
                parent.remove(child)
        parent.attrib.pop("id", None)
        if parent.tag == f"{{{SVG}}}a":
            parent.set("href", parent.attrib.pop(f"{{{XLINK}}}href"))
            if parent.get("href") == "#":
                parent.set("aria-current", "page")
            parent.set("aria-label", parent.attrib.pop(f"{{{XLINK}}}title", ""))
            parent.attrib.pop("target", None)
        elif parent.get("class", "").split()[:1] == ["edge"]:
            parent.set("aria-hidden", "true")
    for name in ("width", "height"):
        # Graphviz sizes in points; CSS scales the picture down to the column's width.
        root.set(name, str(round(float(root.get(name).removesuffix("pt")) * 4 / 3)))
    root.set("class", "kb-network-svg")
    root.set("role", "group")
    root.set("aria-label", label)
    for element in root.iter():
        element.tag = element.tag.removeprefix(f"{{{SVG}}}")
    root.set("xmlns", SVG)
    return ET.tostring(root, encoding="unicode")


def render_svg(config, code: str) -> bytes:
    """Graphviz's SVG of a picture (``graphviz_dot`` and ``graphviz_dot_args`` of sphinx.ext.graphviz)."""
    command = [config.graphviz_dot, *config.graphviz_dot_args, "-Tsvg"]
    result = subprocess.run(command, input=code.encode(), capture_output=True, check=True)
    return result.stdout


def visit_picture_html(self, node: picture) -> None:
    try:
        svg = render_svg(self.builder.config, node["code"])
    except OSError:
        logger.warning(
            "Graphviz's %r cannot be run, so the network pictures cannot be drawn: install Graphviz "
            "(Debian: apt-get install graphviz; `make html` and `make test` do it when they can) or set graphviz_dot",
            self.builder.config.graphviz_dot, type="kb", subtype="graphviz", once=True,
        )
        raise nodes.SkipNode from None
    except subprocess.CalledProcessError as error:
        logger.warning("Graphviz could not draw the network picture: %s", error.stderr.decode(errors="replace").strip(), location=node, type="kb", subtype="graphviz")
        raise nodes.SkipNode from None
    # At its drawn size, so that names stay readable: a wider picture scrolls sideways (its
    # links, reachable by Tab, scroll it too).
    self.body.append(f'<div class="kb-network-scroll">{svg_for_html(svg, node["alt"])}</div>')
    raise nodes.SkipNode


# --- where pictures go, and when they change ------------------------------------------------


class NetworkDirective(SphinxDirective):
    """``{kb-network}``: the whole network, with its legend and list."""

    def run(self) -> list[nodes.Node]:
        self.env.domains["kb"].record(self.env.docname)["network"] = True
        node = network()
        self.set_source_info(node)
        return [node]


class Neighbourhood(SphinxTransform):
    """End the page of an organization, service, initiative, person or policy with its neighbourhood."""

    # After EntryFields (15), which adds "Mentioned in": the picture comes last.
    default_priority = 16

    def apply(self) -> None:
        front_matter = front_matter_of(self.env)
        section = heading_section(self.document)
        if front_matter.get("type") not in NETWORK_TYPES or not front_matter.get("id") or section is None:
            return
        title = str(_("Who it works with"))
        neighbourhood_section = nodes.section(ids=["network"], classes=["kb-network"])
        neighbourhood_section += nodes.title(title, title)
        neighbourhood_section += network(entry=front_matter["id"])
        section.append(neighbourhood_section)


def record_relations(app: Sphinx, doctree: nodes.document) -> None:
    """An entry's links to other entries, from its front matter, in its record."""
    record = app.env.domains["kb"].pages.get(app.env.docname)
    if record is None or record.get("kind") != ENTRY:
        return
    front_matter = front_matter_of(app.env)
    relations = {}
    for relation in RELATIONS:
        value = front_matter.get(relation)
        targets = [value] if isinstance(value, str) else [target for target in value or () if isinstance(target, str)]
        if targets:
            relations[relation] = targets
    record["relations"] = relations


def _stated(record: dict) -> set[tuple[str, str]]:
    return {(relation, target) for relation, targets in (record.get("relations") or {}).items() for target in targets}


def network_changed(app: Sphinx, domain, changes: list[tuple[dict, dict]]) -> set[str]:
    """The pages whose picture shows a change: the entries at either end of a changed link, the whole network.

    A story's mentions (or its title and date, listed under the pictures) concern the
    entries it mentions; an entry's links, the entries at their other end; a renamed,
    retyped, added or removed entry, every entry linked to it.
    """
    concerned: set[str] = set()
    renamed: set[str] = set()
    whole = False
    for old, new in changes:
        kinds = {old.get("kind"), new.get("kind")}
        if POST in kinds and differ(old, new, "kind", "mentions", "title", "date"):
            concerned.update(old["mentions"], new["mentions"])
            whole = whole or differ(old, new, "kind", "mentions")
        if ENTRY in kinds:
            if differ(old, new, "kind", "id", "type", "title"):
                renamed.update({old.get("id"), new.get("id")} - {None})
                concerned.update(target for _relation, target in _stated(old) | _stated(new))
                whole = True
            changed_links = _stated(old) ^ _stated(new)
            if changed_links:
                concerned.update(target for _relation, target in changed_links)
                concerned.update({old.get("id"), new.get("id")} - {None})
                whole = True
    concerned |= renamed
    shown = set()
    if renamed or whole:
        for docname, record in domain.pages.items():
            if whole and record.get("network"):
                shown.add(docname)
            if renamed and record.get("kind") == POST and renamed.intersection(record["mentions"]):
                concerned.update(record["mentions"])
            elif renamed and record.get("kind") == ENTRY and renamed.intersection(target for _relation, target in _stated(record)):
                concerned.add(record["id"])
    for entry_id in concerned:
        docname = domain.ids.get(entry_id)
        if docname is not None and domain.pages[docname].get("type") in NETWORK_TYPES:
            shown.add(docname)
    return shown


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(network)
    app.add_node(picture, html=(visit_picture_html, None))
    app.add_directive("kb-network", NetworkDirective)
    app.add_transform(Neighbourhood)
    app.connect("doctree-read", record_relations, priority=820)
    app.connect("doctree-resolved", fill_networks)
    app.connect(CHANGES_EVENT, network_changed)
    app.add_css_file("kb-network.css")
