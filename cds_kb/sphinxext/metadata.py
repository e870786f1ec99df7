"""Page metadata: ``<meta name="description">`` and OpenGraph tags on every page, in its language.

- ``description``: a post's ``description`` or an entry's ``summary`` (``<meta>`` nodes made
  by ``posts`` and ``entries``, translated with the page); any other page, its first
  paragraph in the build's language, cut at a word near 200 characters.
- ``og:title``, ``og:description``, ``og:url`` (absolute, see ``urls``), ``og:type``
  (``article`` for a post), ``og:site_name``, ``og:locale`` (``en_CA``/``fr_CA``) and
  ``og:locale:alternate``.
- ``og:image`` and ``og:image:alt`` for a post whose ``image`` is an absolute URL (a bare
  file name from the old blog has no address here). ``image-alt`` is page text: a
  ``<meta>`` node carries it through translation, then its translated text is kept in the
  page's record and the node is dropped before the page is written, so that the tags come out in the order OpenGraph
  reads them (the image, then its alt text). An ``og:image`` URL is not a request: pages
  still load nothing from another host.

The post's translated ``description`` is recorded too: the Atom feed (``feeds``) uses it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from ..core.languages import other_language
from ..core.schema import POST
from .i18n import _
from .pages import front_matter_of
from .urls import page_url

IMAGE_ALT = "kb:image-alt"
DESCRIPTION_LENGTH = 200


def absolute_image(value: Any) -> str | None:
    text = str(value or "").strip()
    return text if text.startswith(("https://", "http://")) else None


class ImageAlt(SphinxTransform):
    """Carry a post's ``image-alt`` through translation in a ``<meta>`` node."""

    # Before sphinx.transforms.i18n.Locale (20).
    default_priority = 15

    def apply(self) -> None:
        front_matter = front_matter_of(self.env)
        if front_matter.get("type") != POST or not absolute_image(front_matter.get("image")):
            return
        if front_matter.get("image-alt"):
            meta = nodes.meta(name=IMAGE_ALT, content=str(front_matter["image-alt"]).strip())
            meta.source, meta.line = self.document["source"], front_matter.line("image-alt")
            self.document.insert(0, meta)


def _meta(doctree: nodes.Node, name: str) -> nodes.meta | None:
    return next((node for node in doctree.findall(nodes.meta) if node.get("name") == name), None)


def record_page_metadata(app: Sphinx, doctree: nodes.document) -> None:
    """Keep what other pages and the feed show of a post: its translated description and image."""
    front_matter = front_matter_of(app.env)
    alt = _meta(doctree, IMAGE_ALT)
    if front_matter.get("type") != POST:
        return
    description = _meta(doctree, "description")
    app.env.domains["kb"].record(app.env.docname).update(
        description=description["content"] if description is not None else "",
        image=absolute_image(front_matter.get("image")),
        image_alt=alt["content"] if alt is not None else None,
    )


def drop_image_alt(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The alt text is in the page's record (see ``add_metadata``); gettext still extracts the node."""
    alt = _meta(doctree, IMAGE_ALT)
    if alt is not None and app.builder.format == "html":
        alt.parent.remove(alt)


def shorten(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _first_paragraph(doctree: nodes.document) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        if any(set(node.get("classes", ())) & {"kb-byline", "kb-topics"} for node in (paragraph, paragraph.parent)):
            continue
        text = paragraph.astext().strip()
        if text:
            return text
    return ""


def page_description(app: Sphinx, pagename: str, context: dict, doctree: nodes.document | None) -> tuple[str, bool]:
    """The page's description, and whether the page already has it as ``<meta name="description">``."""
    if doctree is not None:
        meta = _meta(doctree, "description")
        if meta is not None:
            return meta["content"], True
        return shorten(_first_paragraph(doctree)), False
    if context.get("kb_description"):
        return context["kb_description"], False
    if pagename == "search":
        return str(_("Search the knowledge base")), False
    return "", False


def add_metadata(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html":
        return
    language = app.config.language
    record = app.env.domains["kb"].pages.get(pagename, {}) if pagename in app.env.found_docs else {}
    if pagename in app.env.titles:
        title = app.env.titles[pagename].astext()
    elif pagename == "search":
        title = str(_("Search"))
    else:
        title = nodes.Text(context.get("title") or "").astext()
    description, has_meta = page_description(app, pagename, context, doctree)
    tags: list[tuple[str, str, str]] = [
        ("property", "og:site_name", app.config.kb_site_title[language]),
        ("property", "og:type", "article" if record.get("kind") == POST else "website"),
        ("property", "og:title", title),
        ("property", "og:url", page_url(app, pagename)),
        ("property", "og:locale", app.config.kb_date_locale[language]),
        ("property", "og:locale:alternate", app.config.kb_date_locale[other_language(language)]),
    ]
    if description:
        tags.append(("property", "og:description", description))
        if not has_meta:
            tags.append(("name", "description", description))
    if record.get("image"):
        tags.append(("property", "og:image", record["image"]))
        if record.get("image_alt"):
            tags.append(("property", "og:image:alt", record["image_alt"]))
    if record.get("kind") == POST and record.get("date"):
        tags.append(("property", "article:published_time", record["date"]))
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<meta {attribute}="{escape(key)}" content="{escape(value)}">' for attribute, key, value in tags
    )


def setup(app: Sphinx) -> None:
    app.add_transform(ImageAlt)
    app.connect("doctree-read", record_page_metadata, priority=810)
    app.connect("doctree-resolved", drop_image_alt)
    app.connect("html-page-context", add_metadata, priority=600)
