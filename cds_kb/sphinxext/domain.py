"""The ``kb`` domain: the one store of what every page says about itself.

Each page read leaves a record here, keyed by its docname. The features fill it while the
page is read (``doctree-read``) and read it back when pages are written or checked:

- every page: ``title``, ``lines`` (the source line of each front matter field, for
  located warnings), ``translation`` (its catalog's state, see ``notice``), ``search``
  (what the search index holds of it, see ``search``), ``listings`` and ``folder_toctree``
  (the generated lists it shows, see ``directory`` and ``taxonomy``);
- a post (``kind: post``): ``date``, ``authors`` (the bylines' names), ``key`` (the pairing
  key), ``tags``, ``description``, ``image``, ``image_alt``;
- an entry (``kind: entry``): ``id``, ``type``, ``summary``, ``status``, ``url``;
- posts and entries: ``mentions``, the ids of the entries they refer to (for a post,
  ``mentions_listed``: those its front matter's ``mentions`` lists, checked once every page
  is read).

Records are what other pages display (backlinks, listings, topic and author lists), so the
record is the unit of change: when a record differs after a read, the pages that show it are
re-written (``pages_to_rewrite``, on ``env-updated``). The domain does not know what each
feature shows: every feature that displays records connects to the ``kb-pages-showing-changes``
event and returns the pages that show a change (one pass over the records per feature, so
a cold build stays linear). Keyed by docname, the data clears and merges per document,
which keeps it correct under incremental and parallel (``-j``) builds; the cross-page
checks run from ``check_consistency`` once every page is read.

The domain also resolves ``{kb}`id``` references to entry pages, and bylines (``author``
references, by the person entry's title) to person pages: ``person_for`` is the one way to
find a person entry from a byline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..core.schema import ENTRY_TYPES, POST
from .i18n import _

logger = logging.getLogger(__name__)

TYPE_LABELS = {
    "service": _("Service"),
    "organization": _("Organization"),
    "initiative": _("Initiative"),
    "person": _("Person"),
    "policy": _("Policy"),
    "topic": _("Topic"),
}
PERSON = "person"
ENTRY = "entry"
# Features that show records connect here: (app, domain, changes) -> set of docnames.
CHANGES_EVENT = "kb-pages-showing-changes"
# A record before a page is first read, or after it is removed.
EMPTY: dict[str, Any] = {"mentions": []}


def in_reading_order(items: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """(docname, record) pairs as lists show them: posts newest first (undated last), then the rest by title."""
    by_title = sorted(items, key=lambda item: item[1]["title"].casefold())
    newest_first = sorted(by_title, key=lambda item: item[1].get("date") or "", reverse=True)
    return sorted(newest_first, key=lambda item: item[1].get("kind") != POST)


def differ(old: dict[str, Any], new: dict[str, Any], *fields: str) -> bool:
    """Whether two records of a page differ in any of these fields."""
    return any(old.get(field) != new.get(field) for field in fields)


class EntryRole(XRefRole):
    """``{kb}`id``` or ``{kb}`text <id>```: a link to a knowledge-base entry."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Registered both as ``kb`` and ``kb:entry``; both mean the same reference.
        self.refdomain, self.reftype = "kb", "entry"
        self.classes = ["xref", "kb", "kb-entry"]
        return self.create_xref_node()


def entry_reference(target: str, document: nodes.document, docname: str, line: int, text: str | None = None, reftype: str = ENTRY, **attributes: Any) -> addnodes.pending_xref:
    """A reference made from front matter: to an entry by id, or (``reftype="author"``) to a person by name.

    ``text`` replaces the entry's title as the link text.
    """
    reference = addnodes.pending_xref(
        target, refdomain="kb", reftype=reftype, reftarget=target, refexplicit=text is not None,
        refwarn=True, refdoc=docname, **attributes,
    )
    reference += nodes.inline(text or target, text or target, classes=["xref", "kb", "kb-entry"])
    reference.source, reference.line = document["source"], line
    return reference


class KnowledgeBaseDomain(Domain):
    name = "kb"
    label = "Knowledge base"
    object_types = {kind: ObjType(kind, ENTRY) for kind in ENTRY_TYPES}
    roles = {ENTRY: EntryRole(innernodeclass=nodes.inline, warn_dangling=True)}
    dangling_warnings = {
        ENTRY: "unknown knowledge-base entry %(target)r: use the id of a page under "
        "docs/ (its front matter 'id'), or add an entry with that id",
    }
    initial_data: dict[str, Any] = {
        "pages": {},  # docname -> record (see the module docstring)
        "ids": {},  # entry id -> docname
        "previous": {},  # docname -> record before this build re-read it (transient)
    }

    # --- records -------------------------------------------------------------------

    @property
    def pages(self) -> dict[str, dict[str, Any]]:
        return self.data["pages"]

    @property
    def ids(self) -> dict[str, str]:
        return self.data["ids"]

    def record(self, docname: str) -> dict[str, Any]:
        """The record of a page being read, created on first use."""
        return self.pages.setdefault(docname, {"mentions": []})

    def declare_entry(self, docname: str, entry_id: str, line: int) -> None:
        owner = self.ids.get(entry_id)
        if owner is not None and owner != docname:
            logger.warning(
                "duplicate knowledge-base id %r: %s already declares it; give one of the two pages another id",
                entry_id,
                self.env.doc2path(owner),
                location=(docname, line),
                type="kb",
                subtype="duplicate",
            )
            return
        self.ids[entry_id] = docname

    def entries(self, kind: str | None = None) -> list[tuple[str, dict[str, Any]]]:
        """(docname, record) of every entry, of one type if given, in reading order."""
        found = [(docname, self.pages[docname]) for docname in self.ids.values()]
        return in_reading_order([item for item in found if kind is None or item[1].get("type") == kind])

    def posts(self) -> list[tuple[str, dict[str, Any]]]:
        """(docname, record) of every post, newest first."""
        return in_reading_order([(d, r) for d, r in self.pages.items() if r.get("kind") == POST])

    def people(self) -> dict[str, str]:
        """Person entry title -> docname: who a byline can name."""
        return {record["title"]: docname for docname, record in self.entries(PERSON)}

    def person_for(self, name: str) -> str | None:
        """The docname of the person entry a byline's name refers to (its title), or None."""
        return self.people().get(name)

    def mentioned_by(self, entry_id: str) -> list[str]:
        """The pages that mention an entry, and for a person, the posts they wrote."""
        docname = self.ids.get(entry_id)
        record = self.pages.get(docname, {}) if docname else {}
        author = record.get("title") if record.get("type") == PERSON else None
        return [
            d for d, r in self.pages.items()
            if entry_id in r["mentions"] or (author is not None and author in r.get("authors", ()))
        ]

    # --- incremental and parallel bookkeeping -------------------------------------

    def clear_doc(self, docname: str) -> None:
        record = self.pages.pop(docname, None)
        # Keep the first record seen this build: it is what other pages still show.
        self.data["previous"].setdefault(docname, record)
        entry_id = (record or {}).get("id")
        if entry_id and self.ids.get(entry_id) == docname:
            del self.ids[entry_id]
            # A duplicate of a removed id takes it over.
            for other, other_record in self.pages.items():
                if other_record.get("id") == entry_id:
                    self.ids[entry_id] = other
                    break

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname not in otherdata["pages"]:
                continue
            record = otherdata["pages"][docname]
            self.pages[docname] = record
            if record.get("id"):
                self.declare_entry(docname, record["id"], record.get("lines", {}).get("id", 1))

    def pages_showing_change(self, old: dict[str, Any] | None, new: dict[str, Any] | None) -> set[str]:
        """The other pages that display what changed between two records of one page."""
        return self.pages_showing_changes([(old, new)])

    def pages_showing_changes(self, changes: Iterable[tuple[dict[str, Any] | None, dict[str, Any] | None]]) -> set[str]:
        """The pages that display what changed between the (old, new) records of pages.

        Asks every feature that shows records (``CHANGES_EVENT``), all the changes at once:
        a cold build changes every record, and a pass per change would cost O(pages²).
        """
        pairs = [(old or EMPTY, new or EMPTY) for old, new in changes]
        shown: set[str] = set()
        for pages in self.env.events.emit(CHANGES_EVENT, self, pairs):
            shown.update(pages)
        return shown

    def take_changes(self) -> dict[str, tuple[dict | None, dict | None]]:
        """(old, new) record of each page cleared since the last call, where they differ."""
        previous, self.data["previous"] = self.data["previous"], {}
        return {
            docname: (old, self.pages.get(docname))
            for docname, old in previous.items()
            if old != self.pages.get(docname)
        }

    def check_consistency(self) -> None:
        """Once every page is read: the checks between pages (``checks.check_references``)."""
        from .checks import check_references

        check_references(self)

    # --- references ---------------------------------------------------------------

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        docname = self.person_for(target) if typ == "author" else self.ids.get(target)
        if docname is None:
            return None
        record = self.pages[docname]
        if not node.get("refexplicit"):
            contnode = nodes.inline(record["title"], record["title"], classes=contnode["classes"])
        return make_refnode(builder, fromdocname, docname, "", contnode, record.get("summary") or record["title"])

    def entry_link(self, builder, fromdocname: str, entry_id: str) -> nodes.Element:
        """A link to an entry, as a ``{kb}`` reference to it resolves; its id as text when no entry has it."""
        contnode = nodes.inline(entry_id, entry_id, classes=["xref", "kb", "kb-entry"])
        return self.resolve_xref(self.env, fromdocname, builder, ENTRY, entry_id, addnodes.pending_xref(), contnode) or contnode

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        resolved = self.resolve_xref(env, fromdocname, builder, ENTRY, target, node, contnode)
        return [("kb:entry", resolved)] if resolved is not None else []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for entry_id, docname in self.ids.items():
            record = self.pages[docname]
            yield entry_id, record["title"], record["type"], docname, "", 1

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:  # noqa: A002
        return str(TYPE_LABELS[type.lname])


def references_changed(app, domain: KnowledgeBaseDomain, changes: list[tuple[dict, dict]]) -> set[str]:
    """Links to an entry show its title (and its summary as their tooltip): the pages that link to it."""
    renamed = {new.get("id") or old.get("id") for old, new in changes if (new.get("id") or old.get("id")) and differ(old, new, "id", "title", "summary")}
    if not renamed:
        return set()
    return {docname for docname, record in domain.pages.items() if renamed.intersection(record["mentions"])}


def pages_to_rewrite(app, env) -> list[str]:
    """Pages not re-read that show a record that changed (``env-updated``)."""
    domain = env.domains["kb"]
    changes = domain.take_changes()
    return sorted(domain.pages_showing_changes(changes.values()) - changes.keys())


def setup(app) -> None:
    app.add_event(CHANGES_EVENT)
    app.add_domain(KnowledgeBaseDomain)
    app.add_role("kb", EntryRole(innernodeclass=nodes.inline, warn_dangling=True))
    app.connect(CHANGES_EVENT, references_changed)
    app.connect("env-updated", pages_to_rewrite)
