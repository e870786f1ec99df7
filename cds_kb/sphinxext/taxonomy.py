"""Taxonomy: topics, authors and year archives of the stories, generated from front matter.

- Topics. A post's ``tags: [topic-id, ...]`` name ``topic`` entries (``docs/topics/``). The
  post shows "Topics: ..." under its byline (links resolved like any ``{kb}`` reference, so
  they carry the topic's title in the build's language); the topic's page lists the posts
  tagged with it, newest first, with their dates ("Stories on this topic").
- Authors. A person entry whose ``title`` is the ``author`` of posts lists them ("Stories by
  NAME"); the post's byline links the name to that entry (see ``posts``).
- Year archives. One generated page per year that has posts, ``stories/<year>.html`` in
  each language, listing that year's posts; ``{kb-archive-years}`` links to them (the
  Stories page). Posts without a date are in no archive: a year is never invented.

Topic and author lists show other pages' records, so they are placeholders filled when the
page is written; ``taxonomy_changed`` tells the domain which topic, person and post pages
to re-write when a post's tags, authors, title or date change, or a topic's or a person's
title. Archive pages are made from
the records (``html-collect-pages``, like Sphinx's search page); the HTML builder writes
them again only when a page changed (``builder``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from ..core.schema import POST
from .backlinks import MENTIONED_IN
from .domain import CHANGES_EVENT, PERSON, differ, entry_reference
from .i18n import _, compose, format_date
from .nodes import archive_years, post_list
from .pages import front_matter_of, generated_page_due, heading_section, page_link, record_links

TOPIC = "topic"
ARCHIVE = "stories/{year}"
STORIES_INDEX = "stories/index"


def _section(section_id: str, title: list[nodes.Node] | str, *content: nodes.Node) -> nodes.section:
    section = nodes.section(ids=[section_id], classes=["kb-" + section_id])
    title_node = nodes.title()
    title_node.extend([nodes.Text(title)] if isinstance(title, str) else title)
    section += title_node
    section.extend(content)
    return section


class TaxonomyLinks(SphinxTransform):
    """A post's topics under its byline; the post lists on topic and person pages."""

    # After the byline and entry fields (15), before sphinx.transforms.i18n.Locale (20).
    default_priority = 16

    def apply(self) -> None:
        front_matter = front_matter_of(self.env)
        section = heading_section(self.document)
        kind = front_matter.get("type")
        if section is None:
            return
        if kind == POST and front_matter.get("tags"):
            self._topics(section, front_matter)
        elif kind == TOPIC and front_matter.get("id"):
            # The posts tagged with a topic are its "mentions": one list, not two.
            for mentioned in [s for s in section.children if isinstance(s, nodes.section) and MENTIONED_IN in s["ids"]]:
                section.remove(mentioned)
            section += _section("stories-on-this-topic", str(_("Stories on this topic")), post_list(topic=front_matter["id"]))
        elif kind == PERSON and front_matter.get("title"):
            title = compose(str(_("Stories by {name}")), name=str(front_matter["title"]))
            stories = _section("stories-by", title, post_list(author=str(front_matter["title"])))
            position = next((i for i, s in enumerate(section.children) if isinstance(s, nodes.section) and MENTIONED_IN in s["ids"]), len(section))
            section.insert(position, stories)

    def _topics(self, section: nodes.section, front_matter) -> None:
        tags = front_matter["tags"]
        line = front_matter.line("tags")
        links: list[nodes.Node] = []
        for tag in dict.fromkeys(str(tag) for tag in (tags if isinstance(tags, list) else [tags])):
            if links:
                links.append(nodes.Text(", "))
            links.append(entry_reference(tag, self.document, self.env.docname, line, kb_topic=True))
        paragraph = nodes.paragraph("", "", classes=["kb-topics"])
        paragraph += nodes.inline("", str(_("Topics:")), classes=["kb-topics-label"])
        paragraph += nodes.Text(" ")
        paragraph.extend(links)
        byline = next((i for i, n in enumerate(section.children) if "kb-byline" in n.get("classes", ())), 0)
        section.insert(byline + 1, paragraph)


def record_tags(app: Sphinx, doctree: nodes.document) -> None:
    front_matter = front_matter_of(app.env)
    if front_matter.get("type") != POST:
        return
    tags = front_matter.get("tags") or []
    app.env.domains["kb"].record(app.env.docname)["tags"] = [str(tag) for tag in (tags if isinstance(tags, list) else [tags])]


def fill_post_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = app.env.domains["kb"]
    for placeholder in list(doctree.findall(post_list)):
        if placeholder.get("topic"):
            items = [(d, r) for d, r in domain.posts() if placeholder["topic"] in (r.get("tags") or ())]
        else:
            items = [(d, r) for d, r in domain.posts() if placeholder["author"] in r.get("authors", ())]
        if items:
            placeholder.replace_self(record_links(app, docname, items, "kb-post-list"))
        elif placeholder.get("topic"):
            placeholder.replace_self(nodes.paragraph("", str(_("No story has this topic yet."))))
        else:
            # A person who wrote no story: no empty "Stories by" section.
            placeholder.parent.parent.remove(placeholder.parent)


# --- year archives -------------------------------------------------------------------


def posts_by_year(env: BuildEnvironment) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Dated posts by year (newest year first), each year's posts newest first."""
    years: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for docname, record in env.domains["kb"].posts():
        if record.get("date"):
            years.setdefault(record["date"][:4], []).append((docname, record))
    return dict(sorted(years.items(), reverse=True))


def archive_pages(env: BuildEnvironment) -> dict[str, str]:
    """Page name -> year of every year archive."""
    return {ARCHIVE.format(year=year): year for year in posts_by_year(env)}


def archive_title(year: str) -> str:
    return str(_("Stories from {year}")).format(year=year)


def archive_description(year: str) -> str:
    return str(_("Stories from the Canadian Digital Service blog published in {year}, newest first.")).format(year=year)


def _year_links(app: Sphinx, fromdocname: str, years: list[str]) -> nodes.bullet_list:
    """The years, each a link to its archive; the archives are HTML pages, so other builders show the years."""
    listed = nodes.bullet_list(classes=["kb-archive-years"])
    for year in years:
        shown = page_link(app, fromdocname, ARCHIVE.format(year=year), year) if app.builder.format == "html" else nodes.Text(year)
        listed += nodes.list_item("", nodes.paragraph("", "", shown))
    return listed


def collect_archive_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """One page per year, rendered with ``kb-archive.html`` from the records (no doctree)."""
    if app.builder.format != "html" or not any(generated_page_due(app, pagename) for pagename in archive_pages(app.env)):
        return  # nothing changed: the builder would write none of them (see builder)
    by_year = posts_by_year(app.env)
    for pagename, year in archive_pages(app.env).items():
        if pagename in app.env.found_docs:
            continue  # a page of that name was written by hand

        def link(target: str, pagename: str = pagename) -> str:
            return app.builder.get_relative_uri(pagename, target)

        archive = {
            "id": f"stories-from-{year}",
            "posts": [
                {"url": link(d), "title": r["title"], "datetime": r["date"], "date": format_date(r["date"], app.config)}
                for d, r in by_year[year]
            ],
            "stories_url": link(STORIES_INDEX),
            "all_stories": str(_("All stories")),
            "by_year": str(_("Stories by year")),
            "years": [{"year": y, "url": link(ARCHIVE.format(year=y)), "current": y == year} for y in by_year],
        }
        context = {"title": archive_title(year), "kb_description": archive_description(year), "kb_archive": archive}
        yield pagename, context, "kb-archive.html"


class ArchiveYearsDirective(SphinxDirective):
    """``{kb-archive-years}``: links to the year archives of the stories."""

    def run(self) -> list[nodes.Node]:
        # Listed like the posts: the page is re-written when a post's date changes.
        self.env.domains["kb"].record(self.env.docname).setdefault("listings", []).append(POST)
        node = archive_years()
        self.set_source_info(node)
        return [node]


def fill_archive_years(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(archive_years)):
        years = list(posts_by_year(app.env))
        if years:
            placeholder.replace_self(_year_links(app, docname, years))
        else:
            placeholder.replace_self(nodes.paragraph("", str(_("Nothing here yet."))))


def taxonomy_changed(app: Sphinx, domain, changes: list[tuple[dict, dict]]) -> set[str]:
    """Pages that show a changed post's tags or authors, or a changed topic's or person's title.

    A topic page lists the posts tagged with it, a person page the posts they wrote (title
    and date); a post shows its topics' titles and links its authors to their pages.
    """
    shown: set[str] = set()
    retitled_topics: set[str] = set()  # topic ids whose title or summary changed
    authors: set[str] = set()  # names whose person page lists a changed post
    renamed_people: set[str] = set()  # person titles that changed: the posts that name them
    for old, new in changes:
        kinds = (old.get("type") or old.get("kind"), new.get("type") or new.get("kind"))
        if POST in kinds:
            listed = differ(old, new, "kind", "title", "date")
            old_tags, new_tags = set(old.get("tags") or ()), set(new.get("tags") or ())
            tags = old_tags | new_tags if listed else old_tags ^ new_tags
            shown.update(domain.ids[tag] for tag in tags if tag in domain.ids)
            if listed or differ(old, new, "authors"):
                authors.update(old.get("authors", ()), new.get("authors", ()))
        if TOPIC in kinds and differ(old, new, "id", "title", "summary"):
            retitled_topics.update({old.get("id"), new.get("id")} - {None})
        if PERSON in kinds and differ(old, new, "title", "summary"):
            renamed_people.update({old.get("title"), new.get("title")} - {None})
    if retitled_topics or authors or renamed_people:
        for docname, record in domain.pages.items():
            if (
                retitled_topics.intersection(record.get("tags") or ())
                or renamed_people.intersection(record.get("authors", ()))
                or (record.get("type") == PERSON and record["title"] in authors)
            ):
                shown.add(docname)
    return shown


def setup(app: Sphinx) -> None:
    app.connect(CHANGES_EVENT, taxonomy_changed)
    app.add_transform(TaxonomyLinks)
    app.add_directive("kb-archive-years", ArchiveYearsDirective)
    app.connect("doctree-read", record_tags, priority=810)
    app.connect("doctree-resolved", fill_post_lists)
    app.connect("doctree-resolved", fill_archive_years)
    app.connect("html-collect-pages", collect_archive_pages)
