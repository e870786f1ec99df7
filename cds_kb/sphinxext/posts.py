"""Posts: the stories from the CDS blog, and their byline.

A post is a page whose front matter says ``type: post``. This module owns what a post
page shows about itself (the byline: author, role and date, localized; the author's name
links to their person entry, found by the domain from the name) and what it records for
other pages (date, authors, pairing key).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from ..core.frontmatter import FrontMatter
from ..core.schema import POST
from .domain import entry_reference
from .i18n import _, compose, format_date
from .nodes import time
from .pages import add_description, front_matter_of, heading_section, phrase


def authors_of(front_matter: FrontMatter) -> list[str]:
    """The names a post's byline gives (``author``)."""
    author = front_matter.get("author")
    return [author] if isinstance(author, str) and author else []


class Byline(SphinxTransform):
    """Put the author, role and date under a post's title, in the build's language."""

    # Before sphinx.transforms.i18n.Locale (20), so that the role is translated.
    default_priority = 15

    def apply(self) -> None:
        front_matter = front_matter_of(self.env)
        if front_matter.get("type") != POST:
            return
        if front_matter.get("description"):
            add_description(self.document, front_matter["description"], front_matter.line("description"))
        byline = self._byline(front_matter)
        section = heading_section(self.document)
        if byline is not None and section is not None:
            section.insert(1, byline)

    def _byline(self, front_matter: FrontMatter) -> nodes.paragraph | None:
        parts: list[nodes.Node] = []
        for author in authors_of(front_matter):
            # Resolved by the domain to the person entry whose title is the name.
            name = entry_reference(author, self.document, self.env.docname, front_matter.line("author"), text=author, reftype="author", kb_author=True)
            role = front_matter.get("role")
            if role:
                role_node = phrase(role, self.document, front_matter.line("role"), ["kb-role"])
                parts += compose(str(_("By {author}, {role}")), author=name, role=role_node)
            else:
                parts += compose(str(_("By {author}")), author=name)
        date = front_matter.get("date")
        if date:
            shown = time(date, format_date(date, self.config), datetime=date)
            if parts:
                parts.append(nodes.Text(" · "))
            parts += compose(str(_("Published {date}")), date=shown)
        if not parts:
            return None
        return nodes.paragraph("", "", *parts, classes=["kb-byline"])


def record_post(app: Sphinx, doctree: nodes.document) -> None:
    front_matter = front_matter_of(app.env)
    if front_matter.get("type") != POST:
        return
    app.env.domains["kb"].record(app.env.docname).update(
        kind=POST,
        date=front_matter.get("date"),
        authors=authors_of(front_matter),
        key=front_matter.get("key"),
    )


def setup(app: Sphinx) -> None:
    app.add_transform(Byline)
    app.connect("doctree-read", record_post, priority=800)
