"""The ``kb`` domain: the one store of what every page says about itself.

Each page read leaves a record here, keyed by its docname: its title, and for a post its
date and author, for an entry its id, type, summary and status, and the entries it
mentions. Records are what other pages display (backlinks, directory listings), so the
record is the unit of change: when a record differs after a read, the pages that show
it are re-written (see ``backlinks``). Keyed by docname, the data clears and merges
per document, which keeps it correct under incremental and parallel (``-j``) builds.

The domain also resolves ``{kb}`id``` references (``pending_xref``) to entry pages.
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

from .i18n import _

logger = logging.getLogger(__name__)

ENTRY_TYPES = ("service", "organization", "initiative", "person", "policy", "topic")
TYPE_LABELS = {
    "service": _("Service"),
    "organization": _("Organization"),
    "initiative": _("Initiative"),
    "person": _("Person"),
    "policy": _("Policy"),
    "topic": _("Topic"),
}
# The fields of a record that directory listings show.
LISTED_FIELDS = ("kind", "type", "title", "date", "summary", "status", "url")


def in_reading_order(items: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """(docname, record) pairs as lists show them: posts newest first (undated last), then the rest by title."""
    by_title = sorted(items, key=lambda item: item[1]["title"].casefold())
    newest_first = sorted(by_title, key=lambda item: item[1].get("date") or "", reverse=True)
    return sorted(newest_first, key=lambda item: item[1].get("kind") != "post")


def _differ(old: dict[str, Any], new: dict[str, Any], *fields: str) -> bool:
    return any(old.get(field) != new.get(field) for field in fields)


class EntryRole(XRefRole):
    """``{kb}`id``` or ``{kb}`text <id>```: a link to a knowledge-base entry."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Registered both as ``kb`` and ``kb:entry``; both mean the same reference.
        self.refdomain, self.reftype = "kb", "entry"
        self.classes = ["xref", "kb", "kb-entry"]
        return self.create_xref_node()


def entry_reference(target: str, document: nodes.document, docname: str, line: int, text: str | None = None, **attributes: Any) -> addnodes.pending_xref:
    """A reference to an entry made from front matter; ``text`` replaces the entry's title."""
    reference = addnodes.pending_xref(
        target, refdomain="kb", reftype="entry", reftarget=target, refexplicit=text is not None,
        refwarn=True, refdoc=docname, **attributes,
    )
    reference += nodes.inline(text or target, text or target, classes=["xref", "kb", "kb-entry"])
    reference.source, reference.line = document["source"], line
    return reference


class KnowledgeBaseDomain(Domain):
    name = "kb"
    label = "Knowledge base"
    object_types = {kind: ObjType(kind, "entry") for kind in ENTRY_TYPES}
    roles = {"entry": EntryRole(innernodeclass=nodes.inline, warn_dangling=True)}
    dangling_warnings = {
        "entry": "unknown knowledge-base entry %(target)r: use the id of a page under "
        "docs/ (its front matter 'id'), or add an entry with that id",
    }
    initial_data: dict[str, Any] = {
        "pages": {},  # docname -> record (see ``record``)
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
        return in_reading_order([(d, r) for d, r in self.pages.items() if r.get("kind") == "post"])

    def mentioned_by(self, entry_id: str) -> list[str]:
        return [d for d, r in self.pages.items() if entry_id in r["mentions"]]

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
                self.declare_entry(docname, record["id"], record.get("line", 1))

    def pages_showing_change(self, old: dict[str, Any] | None, new: dict[str, Any] | None) -> set[str]:
        """The other pages that display what changed between two records of one page."""
        return self.pages_showing_changes([(old, new)])

    def pages_showing_changes(self, changes: Iterable[tuple[dict[str, Any] | None, dict[str, Any] | None]]) -> set[str]:
        """The pages that display what changed between the (old, new) records of pages.

        One pass over the pages for all the changes together: a cold build changes every
        record, and a pass per change would cost O(pages²).
        """
        shown_on: set[str] = set()
        renamed: set[str] = set()  # entry ids whose title or summary changed
        listed: set[str] = set()  # kinds whose listings show a change
        retitled_topics: set[str] = set()  # topic ids whose title or summary changed
        authors: set[str] = set()  # authors whose person page lists a changed post
        for old, new in changes:
            old, new = old or {"mentions": []}, new or {"mentions": []}
            # "Mentioned in" shows the mentioning page's title and date.
            old_mentions, new_mentions = set(old["mentions"]), set(new["mentions"])
            shown = _differ(old, new, "kind", "title", "date")
            backlinked = old_mentions | new_mentions if shown else old_mentions ^ new_mentions
            shown_on.update(self.ids[entry_id] for entry_id in backlinked if entry_id in self.ids)
            # Links to an entry show its title, and its summary as their tooltip.
            entry_id = new.get("id") or old.get("id")
            if entry_id and _differ(old, new, "id", "title", "summary"):
                renamed.add(entry_id)
                if "topic" in (old.get("type"), new.get("type")):
                    retitled_topics.update({old.get("id"), new.get("id")} - {None})
            # Listings show these fields.
            if _differ(old, new, *LISTED_FIELDS):
                listed.update({record.get("type") or record.get("kind") for record in (old, new)} - {None})
            # Topic pages list the posts tagged with them, person pages the posts they wrote
            # (see ``taxonomy``).
            if "post" in (old.get("kind"), new.get("kind")):
                old_tags, new_tags = set(old.get("tags") or ()), set(new.get("tags") or ())
                tags = old_tags | new_tags if shown else old_tags ^ new_tags
                shown_on.update(self.ids[tag] for tag in tags if tag in self.ids)
                if shown or _differ(old, new, "author"):
                    authors.update({old.get("author"), new.get("author")} - {None})
        if renamed or listed or retitled_topics or authors:
            for docname, record in self.pages.items():
                if (
                    renamed.intersection(record["mentions"])
                    or listed.intersection(record.get("listings", ()))
                    # A post shows its topics' titles.
                    or retitled_topics.intersection(record.get("tags") or ())
                    or (record.get("type") == "person" and record["title"] in authors)
                ):
                    shown_on.add(docname)
        return shown_on

    def take_changes(self) -> dict[str, tuple[dict | None, dict | None]]:
        """(old, new) record of each page cleared since the last call, where they differ."""
        previous, self.data["previous"] = self.data["previous"], {}
        return {
            docname: (old, self.pages.get(docname))
            for docname, old in previous.items()
            if old != self.pages.get(docname)
        }

    # --- references ---------------------------------------------------------------

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        docname = self.ids.get(target)
        if docname is None:
            return None
        record = self.pages[docname]
        if not node.get("refexplicit"):
            contnode = nodes.inline(record["title"], record["title"], classes=contnode["classes"])
        return make_refnode(builder, fromdocname, docname, "", contnode, record.get("summary") or record["title"])

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        resolved = self.resolve_xref(env, fromdocname, builder, "entry", target, node, contnode)
        return [("kb:entry", resolved)] if resolved is not None else []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for entry_id, docname in self.ids.items():
            record = self.pages[docname]
            yield entry_id, record["title"], record["type"], docname, "", 1

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:  # noqa: A002
        return str(TYPE_LABELS[type.lname])
