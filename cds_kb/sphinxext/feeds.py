"""The Atom feed of the stories, one per language (``<lang>/atom.xml``), and its link on every page.

Written with feedgen when the build finishes, from the domain's records, so it is complete
after any build (full, incremental, no-op, ``-j``): the posts newest first, each with its
title and description in the build's language (the French feed carries the French
titles and summaries of the built French pages), its address, date, author and topics.
Reproducible: the feed's ``updated`` is the newest post's date, never the time of the
build, so two builds write the same bytes (and an unchanged feed is not re-written; when
no page changed, it is not even made again).
A post without a valid date is left out: Atom requires one, and a date is never invented.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from ..core.files import update_file
from ..core.schema import POST
from .i18n import _
from .pages import output_due
from .taxonomy import STORIES_INDEX
from .urls import page_url

FEED = "atom.xml"
LANGUAGE_TAGS = {"en": "en-CA", "fr": "fr-CA"}


def feed_title(app: Sphinx) -> str:
    return str(_("Stories — {site}")).format(site=app.config.kb_site_title[app.config.language])


def feed_url(app: Sphinx) -> str:
    return f"{app.config.html_baseurl}{FEED}"


def published(record: dict) -> datetime | None:
    """A post's date, or None when it has none or it is malformed (the schema check reports that)."""
    try:
        return datetime.fromisoformat(record.get("date") or "")
    except ValueError:
        return None


def atom(app: Sphinx) -> bytes:
    # Imported here: a build with nothing changed makes no feed, and feedgen loads lxml.
    from feedgen.feed import FeedGenerator

    domain = app.env.domains["kb"]
    posts = [(d, r) for d, r in domain.posts() if r.get("kind") == POST and published(r)]
    people = domain.people()
    feed = FeedGenerator()
    feed.id(feed_url(app))
    feed.title(feed_title(app))
    feed.subtitle(str(_("Stories from the Canadian Digital Service blog, published as a bilingual knowledge base.")))
    feed.language(LANGUAGE_TAGS.get(app.config.language, app.config.language))
    feed.link(href=feed_url(app), rel="self", type="application/atom+xml")
    feed.link(href=page_url(app, STORIES_INDEX), rel="alternate", type="text/html")
    feed.author(name=str(_("Canadian Digital Service")))
    feed.updated(published(posts[0][1]) if posts else datetime.fromisoformat("1970-01-01T00:00:00+00:00"))
    for docname, record in posts:
        entry = feed.add_entry(order="append")
        url = page_url(app, docname)
        entry.id(url)
        entry.title(record["title"])
        entry.link(href=url, rel="alternate", type="text/html")
        when = published(record)
        entry.published(when)
        entry.updated(when)
        if record.get("description"):
            entry.summary(record["description"])
        for author in record.get("authors", ()):
            person = people.get(author)
            entry.author(name=author, uri=page_url(app, person) if person else None)
        for tag in record.get("tags") or ():
            topic = domain.ids.get(tag)
            if topic is not None:
                entry.category(term=tag, label=domain.pages[topic]["title"], scheme=page_url(app, "topics/index"))
    return feed.atom_str(pretty=True, encoding="utf-8")


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / FEED
    if output_due(app, path):
        update_file(path, atom(app))


def link_feed(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``<link rel="alternate" type="application/atom+xml">`` on every page."""
    if app.builder.format != "html":
        return
    # pathto is root-relative on the 404 page (sphinx-notfound-page), relative elsewhere.
    href = context["pathto"](FEED, resource=True)
    context["metatags"] = context.get("metatags", "") + f'\n<link rel="alternate" type="application/atom+xml" title="{escape(feed_title(app))}" href="{escape(href)}">'


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", link_feed, priority=600)
    app.connect("build-finished", write_feed)
