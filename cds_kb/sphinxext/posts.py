"""Posts: the stories from the CDS blog, and their byline.

A post is a page whose front matter says ``type: post``. This module owns what a post
page shows about itself (the byline: its authors, each with a role or one role for all,
joined the way the build's language joins a list, and the date, localized; each name links
to its person entry, found by the domain from the name) and what it records for other
pages (date, authors, pairing key). A byline the importer could not split into people
(``byline``) is shown as written, translated with the page, and links to no one.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from ..core.frontmatter import FrontMatter
from ..core.schema import POST, byline_of
from .domain import entry_reference
from .i18n import _, compose, format_date, join_nodes
from .nodes import time
from .pages import add_description, front_matter_of, heading_section, phrase


def authors_of(front_matter: FrontMatter) -> list[str]:
    """The names a post's byline gives (``author``: one name or a list)."""
    return list(byline_of(front_matter).names)


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
        byline = byline_of(front_matter)
        people = []
        for author, role in zip(byline.names, byline.roles):
            # Resolved by the domain to the person entry whose title is the name.
            name = entry_reference(author, self.document, self.env.docname, front_matter.line("author"), text=author, reftype="author", kb_author=True)
            if role and not byline.shared and len(byline.names) > 1:
                people.append(nodes.inline("", "", *compose(str(_("{author} ({role})")), author=name, role=self._role(role, front_matter))))
            else:
                people.append(name)
        if people:
            authors = join_nodes(people, self.config)
            role = byline.roles[0] if byline.shared or len(byline.names) == 1 else None
            if role:
                parts += compose(str(_("By {author}, {role}")), author=authors, role=self._role(role, front_matter))
            else:
                parts += compose(str(_("By {author}")), author=authors)
        elif byline.as_written:
            written = phrase(byline.as_written, self.document, front_matter.line("byline"), ["kb-byline-as-written"])
            parts += compose(str(_("By {author}")), author=written)
        date = front_matter.get("date")
        if date:
            shown = time(date, format_date(date, self.config), datetime=date)
            if parts:
                parts.append(nodes.Text(" · "))
            parts += compose(str(_("Published {date}")), date=shown)
        if not parts:
            return None
        return nodes.paragraph("", "", *parts, classes=["kb-byline"])

    def _role(self, role: str, front_matter: FrontMatter) -> nodes.inline:
        return phrase(role, self.document, front_matter.line("role"), ["kb-role"])


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
