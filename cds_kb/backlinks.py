"""Backlinks: "Mentioned in" on entry pages and "In this story" on posts.

A post lists the entries it mentions (its inline ``{kb}`` references and the ``mentions``
of its front matter); an entry lists the posts and entries that mention it, with post
dates. The mention table lives in the domain. "Mentioned in" shows data from other pages,
which Sphinx does not track: it is a placeholder until the page is written
(``doctree-resolved``), and when a read changes what another page shows, ``env-updated``
returns that page so it is re-written (not re-read).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform

from .domain import entry_reference, in_reading_order
from .i18n import _
from .pages import front_matter_of, heading_section, record_links
from .posts import POST

IN_THIS_STORY = "in-this-story"
MENTIONED_IN = "mentioned-in"


class mentioned_in(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """Where an entry's "Mentioned in" list goes once every page has been read."""


def _section(section_id: str, title: str, *content: nodes.Node) -> nodes.section:
    section = nodes.section(ids=[section_id], classes=["kb-" + section_id])
    section += nodes.title(title, title)
    section.extend(content)
    return section


def mentioned_in_section() -> nodes.section:
    return _section(MENTIONED_IN, str(_("Mentioned in")), mentioned_in())


def _kb_targets(doctree: nodes.Node, *, authors: bool = True) -> list[str]:
    """Ids of the entries a doctree refers to, in order of first mention."""
    found = (
        n["reftarget"]
        for n in doctree.findall(addnodes.pending_xref)
        # A post's topic links are its tags, listed on the topic's page (see ``taxonomy``), not mentions.
        if n.get("refdomain") == "kb" and not n.get("kb_topic") and (authors or not n.get("kb_author"))
    )
    return list(dict.fromkeys(found))


class InThisStory(SphinxTransform):
    """End a post with links to every entry it mentions."""

    # After sphinx.transforms.i18n.Locale (20): collect the references of the translated text.
    default_priority = 25

    def apply(self) -> None:
        front_matter = front_matter_of(self.env)
        section = heading_section(self.document)
        if front_matter.get("type") != POST or section is None:
            return
        listed = nodes.bullet_list(classes=["kb-in-this-story"])
        mentions = list(front_matter.get("mentions") or [])
        targets = _kb_targets(section, authors=False) + mentions
        for target in dict.fromkeys(targets):
            # A target only the text names is reported there if unknown, not again here.
            reference = entry_reference(target, self.document, self.env.docname, front_matter.line("mentions"), kb_repeat=target not in mentions)
            listed += nodes.list_item("", nodes.paragraph("", "", reference))
        if len(listed):
            section.append(_section(IN_THIS_STORY, str(_("In this story")), listed))


def record_mentions(app: Sphinx, doctree: nodes.document) -> None:
    domain = app.env.domains["kb"]
    record = domain.pages.get(app.env.docname)
    if record is None or record.get("kind") not in (POST, "entry"):
        return
    record["mentions"] = [target for target in _kb_targets(doctree) if target != record.get("id")]


def fill_mentioned_in(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = app.env.domains["kb"]
    for placeholder in list(doctree.findall(mentioned_in)):
        mentions = [(d, domain.pages[d]) for d in domain.mentioned_by(domain.pages[docname]["id"])]
        if mentions:
            placeholder.replace_self(record_links(app, docname, in_reading_order(mentions), "kb-mentioned-in"))
        else:
            placeholder.replace_self(nodes.paragraph("", str(_("No story mentions this entry yet."))))


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages not re-read whose backlinks, links or listings show a record that changed."""
    domain = env.domains["kb"]
    changes = domain.take_changes()
    return sorted(domain.pages_showing_changes(changes.values()) - changes.keys())


def setup(app: Sphinx) -> None:
    app.add_node(mentioned_in)
    app.add_transform(InThisStory)
    app.connect("doctree-read", record_mentions, priority=850)
    app.connect("doctree-resolved", fill_mentioned_in)
    app.connect("env-updated", pages_to_rewrite)
