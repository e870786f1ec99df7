"""Importing the CDS blog: source posts -> story pages, person entries and French catalogs.

``python -m cds_kb import FILE|FOLDER ...`` (``make import FILES=...``). One module per job:

- ``reading``: a source file, its format and front matter (each field's line; a field given twice refused);
- ``fields``: the front matter fields normalized: dates (with the site's time zone), pairing keys, text;
- ``convert``: the body, Markdown or WordPress HTML, to clean MyST (markdown-it-py, BeautifulSoup, markdownify);
- ``links``: links to the old CDS site, internal when the site holds the post;
- ``images``: pictures fetched into the project (``--fetch-images``) or shown as links;
- ``authors``: bylines split into people with their roles; new person entries;
- ``mentions``: the entries a post names (suggested, or applied with ``--apply-mentions``);
- ``messages``: the messages Sphinx extracts from a page, read from its MyST;
- ``english``: the English import (two passes: learn the batch's posts, then write pages);
- ``french``: ``--lang fr``: a French post aligned with its English page, into its catalog;
- ``report``: per-file outcome, warnings by kind, the summary and a terminal's progress line.

``new_post`` scaffolds a page by hand. The importer and the build agree through
``cds_kb.core`` (the schema, pairing keys, front matter rules): every page written is a page
the build accepts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...core import frontmatter
from ...core.errors import UserError
from ...core.files import write_atomically
from ...core.text import slug
from ..project import find_project
from .english import expand, import_english, parse_settings, read_site
from .report import Report, shown_paths

__all__ = ["import_posts", "new_post"]


def _conf(stories: Path) -> tuple[Path | None, dict[str, Any]]:
    """The project's root and conf.py settings (the project holding the stories folder, else the current one)."""
    for start in (stories, None):
        try:
            project = find_project(start) if start is None or start.exists() else None
        except UserError:
            continue
        if project is not None:
            return project.root, project.settings()
    return None, {}


def import_posts(files: list[str], out: str | None = None, settings: list[str] | None = None, force: bool = False,
                 lang: str = "en", *, dry_run: bool = False, fetch_images: bool = False, apply_mentions: bool = False) -> Report:
    """Import source posts (files or folders of them); never raises for one bad file: it is refused in the report."""
    if not files:
        raise UserError("give the source posts to import: python -m cds_kb import FILE|FOLDER ...")
    if lang not in ("en", "fr"):
        raise UserError(f"--lang {lang}: the site's languages are en (a new page) and fr (the translation of an English page)")
    stories = Path(out) if out else find_project().stories
    root, conf = _conf(stories)
    values = parse_settings(settings or [])
    if lang == "fr" and set(values) - {"key"}:
        raise UserError("--lang fr takes only --set key=KEY (the English page's key); the English page holds the other fields")
    site = read_site(stories, root, conf)
    report = Report(dry_run=dry_run, time_zone=site.zone_name or "")
    paths = expand(files)
    if lang == "fr":
        from .french import import_french

        import_french(paths, site, values, report, force=force, dry_run=dry_run, fetch_images=fetch_images, conf=conf)
    else:
        import_english(paths, site, values, report, force=force, dry_run=dry_run, fetch_images=fetch_images, apply_mentions=apply_mentions)
    return report


def import_and_show(*args: Any, **options: Any) -> Report:
    """``import_posts`` for the command line: paths in the report as a maintainer reads them (relative to the project)."""
    report = import_posts(*args, **options)
    try:
        project = find_project()
    except UserError:
        return report
    return shown_paths(report, project.shown)


# --- new post --------------------------------------------------------------------------

SCAFFOLD = """\
---
type: post
key: {key}  # shared with the French post: the source's translationKey, else the slug of its trans_url
title: {title}
author:  # the author's name, the title of their page in docs/people/ (several: [First Author, Second Author])
role:  # the author's role as the source gives it (several authors: one role for all, or [Role one, Role two])
date:  # from the source, never today's, with its time and UTC offset: "2022-10-06T12:00:00+00:00"
description:  # one or two sentences for search results and link previews
image:  # the banner's address, or delete this line and image-alt
image-alt:  # what the image shows, for readers who cannot see it
tags: []  # topic ids: pages in docs/topics/
mentions: []  # ids of the entries the story mentions
---

Write the story here: one paragraph per block, headings with `##`, inline links
`[text](https://...)`, entries linked with ``{{kb}}`entry-id` ``.
"""


def new_post(title: str, out: str | None = None, force: bool = False) -> Path:
    title = " ".join(title.split())
    key = slug(title)
    if not key:
        raise UserError(f"{title!r}: a title needs letters or digits; give the post's title in quotes")
    target = (Path(out) if out else find_project().stories) / f"{key}.md"
    if target.exists() and not force:
        raise UserError(f"{target}: already exists; choose another title, or give --force to replace it")
    text = SCAFFOLD.format(key=key, title=frontmatter.dump({"title": title}).split("\n")[1].removeprefix("title: "))
    write_atomically(target, text)
    return target
