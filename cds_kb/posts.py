"""Posts: the stories from the CDS blog, their normalized front matter and their byline.

A post is a page whose front matter says ``type: post``. This module owns what a post
page shows about itself (the byline: author, role and date, localized) and what it
records for other pages (title, date, author), plus the normalizations that turn the
CDS source formats into the project's front matter (used by the importer and tests).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .domain import entry_reference
from .frontmatter import FrontMatter
from .i18n import _, compose, format_date
from .pages import add_description, front_matter_of, heading_section, phrase, translatable

POST = "post"


class time(nodes.Inline, nodes.TextElement):  # noqa: N801 - docutils names nodes in lower case
    """A date shown to the reader, machine-readable in ``datetime``."""


def visit_time(self, node: time) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def depart_time(self, node: time) -> None:
    self.body.append("</time>")


def slug(text: str) -> str:
    """A lower-case ASCII id: ``Hillary Hartley`` -> ``hillary-hartley``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def split_author(value: str) -> tuple[str, str | None]:
    """``Name, Role, Organization`` -> (``Name``, ``Role, Organization``)."""
    name, _comma, role = (part.strip() for part in value.partition(","))
    return name, role or None


def normalize_date(value: str) -> str:
    """Any date form of the CDS sources -> ISO 8601 with its offset.

    ``2017-11-20 09:00:00 -0400`` -> ``2017-11-20T09:00:00-04:00``;
    ``2022-10-06T12:00:00.000Z`` -> ``2022-10-06T12:00:00+00:00``.
    Raises ValueError for anything else, or for a date with no offset.
    """
    text = value.strip()
    for pattern in ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            when = datetime.strptime(text, pattern)
            break
        except ValueError:
            continue
    else:
        when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset")
    return when.replace(microsecond=0).isoformat()


def pairing_key(front_matter: dict, title: str) -> str:
    """The key shared by a post and its translation: translationKey, else trans_url, else the title."""
    if front_matter.get("translationKey"):
        return str(front_matter["translationKey"])
    if front_matter.get("trans_url"):
        return slug(str(front_matter["trans_url"]).rstrip("/").rsplit("/", 1)[-1])
    return slug(title)


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
        author = front_matter.get("author")
        if author:
            # The author's person entry has the slug of the name as its id.
            name = entry_reference(slug(author), self.document, self.env.docname, front_matter.line("author"), text=author, kb_author=True)
            role = front_matter.get("role")
            if role:
                role_node = translatable(phrase, role, self.document, front_matter.line("role"))
                role_node["classes"].append("kb-role")
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
    record = app.env.domains["kb"].record(app.env.docname)
    record.update(
        kind=POST,
        title=app.env.titles[app.env.docname].astext(),
        date=front_matter.get("date"),
        author=front_matter.get("author"),
        key=front_matter.get("key"),
    )


def setup(app: Sphinx) -> None:
    app.add_node(time, html=(visit_time, depart_time))
    app.add_transform(Byline)
    app.connect("doctree-read", record_post, priority=800)
