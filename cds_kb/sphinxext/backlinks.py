"""Backlinks: "Mentioned in" on entry pages and "In this story" on posts.

A post lists the entries it mentions (its inline ``{kb}`` references and the ``mentions``
of its front matter); an entry lists the posts and entries that mention it, with post
dates (a person's page also lists the posts they wrote). The mentions are in the domain's
records. Both lists show data from other pages (titles, dates), which Sphinx does not
track: each is a placeholder until the page is written (``doctree-resolved``), and this
module tells the domain which pages show a changed record (``kb-pages-showing-changes``),
so that they are re-written (not re-read). A placeholder is one node where the list would
be thirty: Sphinx keeps every page read in memory until it is written, and the garbage
collector walks them all.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from ..core.schema import POST
from .domain import CHANGES_EVENT, ENTRY, differ, in_reading_order
from .i18n import _
from .nodes import in_this_story, mentioned_in
from .pages import front_matter_of, heading_section, record_links

IN_THIS_STORY = "in-this-story"
MENTIONED_IN = "mentioned-in"


def _section(section_id: str, title: str, *content: nodes.Node) -> nodes.section:
    section = nodes.section(ids=[section_id], classes=["kb-" + section_id])
    section += nodes.title("", title)  # no source text: a label, not a message of the page
    section.extend(content)
    return section


def mentioned_in_section(entry_id: str) -> nodes.section:
    return _section(MENTIONED_IN, str(_("Mentioned in")), mentioned_in(entry=entry_id))


def _kb_targets(doctree: nodes.Node) -> list[str]:
    """Ids of the entries a doctree refers to, in order of first mention."""
    found = (
        n["reftarget"]
        for n in doctree.findall(addnodes.pending_xref)
        # A post's topic links are its tags (listed on the topic's page, see ``taxonomy``) and its
        # byline names its authors (see ``domain.mentioned_by``): neither is a mention.
        if n.get("refdomain") == "kb" and n.get("reftype") == ENTRY and not n.get("kb_topic")
    )
    return list(dict.fromkeys(found))


def _mentions_listed(front_matter) -> list[str]:
    """The ids a post's front matter ``mentions`` lists."""
    mentions = front_matter.get("mentions") or []
    return [str(target) for target in (mentions if isinstance(mentions, list) else [mentions])]


class InThisStory(SphinxTransform):
    """End a post with links to every entry it mentions (a placeholder, filled when the page is written)."""

    # After sphinx.transforms.i18n.Locale (20): collect the references of the translated text.
    default_priority = 25

    def apply(self) -> None:
        front_matter = front_matter_of(self.env)
        section = heading_section(self.document)
        if front_matter.get("type") != POST or section is None:
            return
        targets = list(dict.fromkeys(_kb_targets(section) + _mentions_listed(front_matter)))
        if targets:
            section.append(_section(IN_THIS_STORY, str(_("In this story")), in_this_story(entries=targets)))


def record_mentions(app: Sphinx, doctree: nodes.document) -> None:
    record = app.env.domains["kb"].pages.get(app.env.docname)
    if record is None or record.get("kind") not in (POST, ENTRY):
        return
    listed = [target for placeholder in doctree.findall(in_this_story) for target in placeholder["entries"]]
    record["mentions"] = [target for target in dict.fromkeys(_kb_targets(doctree) + listed) if target != record.get("id")]
    if record.get("kind") == POST:
        # Checked once every page is read (checks.check_references): the text's references are checked where they are.
        record["mentions_listed"] = _mentions_listed(front_matter_of(app.env))


def fill_in_this_story(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = app.env.domains["kb"]
    for placeholder in list(doctree.findall(in_this_story)):
        listed = nodes.bullet_list(classes=["kb-in-this-story"])
        for target in placeholder["entries"]:
            listed += nodes.list_item("", nodes.paragraph("", "", domain.entry_link(app.builder, docname, target)))
        placeholder.replace_self(listed)


def fill_mentioned_in(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = app.env.domains["kb"]
    for placeholder in list(doctree.findall(mentioned_in)):
        mentions = [(d, domain.pages[d]) for d in domain.mentioned_by(placeholder["entry"])]
        if mentions:
            placeholder.replace_self(record_links(app, docname, in_reading_order(mentions), "kb-mentioned-in"))
        else:
            placeholder.replace_self(nodes.paragraph("", str(_("No story mentions this entry yet."))))


def backlinks_changed(app: Sphinx, domain, changes: list[tuple[dict, dict]]) -> set[str]:
    """"Mentioned in" shows the mentioning page's title and date: the entries it mentions, or mentioned."""
    shown: set[str] = set()
    for old, new in changes:
        old_mentions, new_mentions = set(old["mentions"]), set(new["mentions"])
        backlinked = old_mentions | new_mentions if differ(old, new, "kind", "title", "date") else old_mentions ^ new_mentions
        shown.update(domain.ids[entry_id] for entry_id in backlinked if entry_id in domain.ids)
    return shown


def setup(app: Sphinx) -> None:
    app.add_transform(InThisStory)
    app.connect("doctree-read", record_mentions, priority=850)
    app.connect("doctree-resolved", fill_mentioned_in)
    app.connect("doctree-resolved", fill_in_this_story)
    app.connect(CHANGES_EVENT, backlinks_changed)
