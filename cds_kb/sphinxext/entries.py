"""Entries: the typed knowledge-base pages (services, organizations, initiatives, people, policies).

An entry is a page whose front matter declares ``type`` (one of ``ENTRY_TYPES``) and a
stable ``id``. This module turns the front matter fields into what the reader sees under
the title (a summary and an "at a glance" list, with labels from the ``cds_kb`` catalog
and values translated with the page), and records the entry in the domain so that
references, backlinks and directory pages can use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..core.frontmatter import FrontMatter
from ..core.schema import ENTRY_TYPES
from .backlinks import mentioned_in_section
from .domain import ENTRY, TYPE_LABELS, entry_reference
from .i18n import _
from .links import address_for, only_in
from .pages import add_description, front_matter_of, heading_section, translatable

logger = logging.getLogger(__name__)

STATUS_LABELS = {
    "offered": _("Offered"),
    "being-explored": _("Being explored"),
    "retired": _("Retired"),
}


@dataclass(frozen=True)
class Field:
    """A front matter field shown in an entry's "at a glance" list."""

    key: str
    label: object  # a lazy gettext message
    render: Callable[[EntryFields, FrontMatter, str], list[nodes.Node]]
    types: tuple[str, ...] = ENTRY_TYPES


class EntryFields(SphinxTransform):
    """Render an entry's front matter under its title; add its "Mentioned in" section."""

    # Before sphinx.transforms.i18n.Locale (20), so that field values are translated.
    default_priority = 15

    def apply(self) -> None:
        front_matter = front_matter_of(self.env)
        kind = front_matter.get("type")
        if kind not in ENTRY_TYPES or not front_matter.get("id"):
            return
        section = heading_section(self.document)
        if section is None:
            return
        position = 1
        if front_matter.get("summary"):
            summary = translatable(nodes.paragraph, front_matter["summary"], self.document, front_matter.line("summary"))
            summary["classes"].append("kb-summary")
            add_description(self.document, front_matter["summary"], front_matter.line("summary"))
            section.insert(position, summary)
            position += 1
        section.insert(position, self._facts(front_matter, kind))
        section.append(mentioned_in_section(front_matter["id"]))

    def _facts(self, front_matter: FrontMatter, kind: str) -> nodes.definition_list:
        facts = nodes.definition_list(classes=["kb-facts"])
        facts += self._fact(_("Type"), [nodes.Text(str(TYPE_LABELS[kind]))])
        for field in FIELDS:
            if kind in field.types and front_matter.get(field.key):
                value = field.render(self, front_matter, field.key)
                if value:
                    facts += self._fact(field.label, value)
        return facts

    @staticmethod
    def _fact(label: object, value: list[nodes.Node]) -> nodes.definition_list_item:
        term = nodes.term("", str(label))
        inline = isinstance(value[0], (nodes.Inline, nodes.Text))
        body = [nodes.paragraph("", "", *value)] if inline else value
        return nodes.definition_list_item("", term, nodes.definition("", *body))

    # --- field renderers ------------------------------------------------------------

    def text(self, front_matter: FrontMatter, key: str) -> list[nodes.Node]:
        return [translatable(nodes.paragraph, front_matter[key], self.document, front_matter.line(key))]

    def reference(self, front_matter: FrontMatter, key: str) -> list[nodes.Node]:
        return [self._xref(front_matter[key], front_matter.line(key))]

    def references(self, front_matter: FrontMatter, key: str) -> list[nodes.Node]:
        listed = nodes.bullet_list(classes=["kb-inline-list"])
        for target in front_matter[key]:
            listed += nodes.list_item("", nodes.paragraph("", "", self._xref(target, front_matter.line(key))))
        return [listed]

    def link(self, front_matter: FrontMatter, key: str) -> list[nodes.Node]:
        # No catalog carries a front matter address: the link map gives this language's.
        url = address_for(self.env, front_matter[key])
        shown = url.split("://", 1)[-1].rstrip("/")
        return [nodes.reference(shown, shown, refuri=url)]

    def status(self, front_matter: FrontMatter, key: str) -> list[nodes.Node]:
        value = front_matter[key]
        if value not in STATUS_LABELS:  # reported by the schema (checks.py)
            return [nodes.Text(value)]
        return [status_badge(value)]

    def aliases(self, front_matter: FrontMatter, key: str) -> list[nodes.Node]:
        names = front_matter[key].get(self.config.language) or []
        return [nodes.Text(", ".join(names))] if names else []

    def _xref(self, target: str, line: int) -> addnodes.pending_xref:
        return entry_reference(target, self.document, self.env.docname, line)


def status_badge(status: str) -> nodes.inline:
    label = str(STATUS_LABELS[status])
    return nodes.inline(label, label, classes=["kb-status", f"kb-status-{status}"])


FIELDS = (
    Field("status", _("Status"), EntryFields.status, ("service",)),
    Field("audience", _("Who it is for"), EntryFields.text, ("service",)),
    Field("offered-by", _("Offered by"), EntryFields.reference, ("service",)),
    Field("led-by", _("Led by"), EntryFields.reference, ("initiative",)),
    Field("partners", _("Partners"), EntryFields.references, ("initiative", "service")),
    Field("role", _("Role"), EntryFields.text, ("person",)),
    Field("organization", _("Organization"), EntryFields.reference, ("person",)),
    Field("part-of", _("Part of"), EntryFields.reference, ("organization",)),
    Field("url", _("How to reach it"), EntryFields.link, ("service",)),
    Field("url", _("Website"), EntryFields.link, ("organization", "initiative", "policy")),
    Field("contact", _("Reach out"), EntryFields.link, ("service",)),
    Field("aliases", _("Also known as"), EntryFields.aliases),
    Field("related", _("Related"), EntryFields.references),
)


def record_entry(app: Sphinx, doctree: nodes.document) -> None:
    front_matter = front_matter_of(app.env)
    kind = front_matter.get("type")
    entry_id = front_matter.get("id")
    if kind not in ENTRY_TYPES or not entry_id:
        return
    docname = app.env.docname
    summary = next(
        iter(doctree.findall(lambda node: isinstance(node, nodes.Element) and "kb-summary" in node["classes"])), None
    )
    domain = app.env.domains["kb"]
    domain.record(docname).update(
        kind=ENTRY,
        id=entry_id,
        type=kind,
        summary=summary.astext() if summary is not None else "",
        status=front_matter.get("status") if front_matter.get("status") in STATUS_LABELS else None,
        # The address and one-language marker this language's listings show.
        url=address_for(app.env, front_matter["url"]) if front_matter.get("url") else None,
        url_only_in=only_in(app.env, front_matter["url"]) if front_matter.get("url") else None,
    )
    domain.declare_entry(docname, entry_id, front_matter.line("id"))


def setup(app: Sphinx) -> None:
    app.add_transform(EntryFields)
    app.connect("doctree-read", record_entry, priority=800)
