"""Checks: what the build refuses, each as one located warning (``-W`` makes it an error).

Each warning names the file, the line, and what to write instead:

- the front matter **schema** of each page type (``core.schema``, the one the importer
  uses too): required fields, ISO 8601 dates, ids, status values, https addresses;
- **references between pages** that need every page read, checked from the domain's
  records once all are (``KnowledgeBaseDomain.check_consistency``, so they hold under
  ``-j`` and incremental builds): a post's ``tags`` must be ids of ``topic`` entries, its
  ``mentions`` ids of entries, each name of its byline the title of a ``person`` entry, its
  pairing ``key`` unique;
- **unsafe content** (``core.safety``): raw HTML that could run script (``<script>``,
  ``on...=`` handlers, ``javascript:`` addresses, frames and objects) is refused and left
  out of the page;
- **unreadable input**: a source that is not UTF-8 (Sphinx would crash), an empty page, a
  page without a title, front matter that is not YAML, a catalog with a syntax error (a
  page's catalog when the page is read, the label catalogs at every build) —
  each reported once, without the cascade of follow-on warnings (the page gets a
  placeholder title so that the build can go on to report every other problem);
- a **translation that drops a link** of the English text.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from ..core import frontmatter, linkmap
from ..core.languages import LABEL_CATALOG, SOURCE_LANGUAGE, catalog_path, messages_dir
from ..core.po import catalog_problem, line_of
from ..core.safety import active_content, is_script_address
from ..core.schema import POST, validate
from .i18n import locale_dir
from .links import link_map
from .notice import page_catalog_reading

# The catalog of the page template's labels (Sphinx's own domain).
THEME_CATALOG = "sphinx"

logger = logging.getLogger(__name__)

_NEEDS_TITLE = "kb_needs_title"


def _warn(message: str, docname: str, line: int | None, subtype: str) -> None:
    logger.warning(message, location=(docname, line), type="kb", subtype=subtype)


def skip_undecodable_sources(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """A source that is not UTF-8 would crash Sphinx: report it and leave it out."""
    for docname in list(docnames):
        path = env.doc2path(docname)
        data = Path(path).read_bytes()
        try:
            data.decode(app.config.source_encoding)
        except UnicodeDecodeError as error:
            _warn(
                f"this file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be read); "
                "save it as UTF-8 in your editor",
                docname, line_of(data, error.start), "encoding",
            )
            docnames.remove(docname)
            env.found_docs.discard(docname)

def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """Empty pages and unreadable or invalid front matter, as the page is read.

    Runs after ``pages`` has read the front matter. A block that is not YAML is
    blanked (same lines) so that MyST does not report it a second time.
    """
    text = source[0]
    if not text.strip():
        _warn("this file is empty; write its front matter and text, or delete it", docname, 1, "empty")
        app.env.current_document[_NEEDS_TITLE] = True
        return
    try:
        front_matter = frontmatter.parse(text)
    except frontmatter.FrontMatterError:
        # pages.py has reported it; hide the block from MyST.
        lines = text.splitlines(keepends=True)
        _block, body_line = _split_or_whole(text)
        source[0] = "".join("\n" if index < body_line - 1 else line for index, line in enumerate(lines))
        app.env.current_document[_NEEDS_TITLE] = True
        return
    for problem in validate(None, front_matter):
        _warn(problem.message, docname, problem.line, problem.subtype)
    if front_matter.get("type") and "title" not in front_matter.data:
        app.env.current_document[_NEEDS_TITLE] = True  # reported by the schema


def _split_or_whole(text: str) -> tuple[str | None, int]:
    try:
        return frontmatter.split(text)
    except frontmatter.FrontMatterError:
        return None, len(text.splitlines()) + 1


class TitlePlaceholder(SphinxTransform):
    """A page without a title gets its file name as a placeholder title.

    The fault was reported once; without a title, every page's navigation would
    report it again.
    """

    default_priority = 870  # before doctree-read (DoctreeReadEvent, 880), where titles are collected

    def apply(self) -> None:
        if any(True for _ in self.document.findall(nodes.section)):
            return
        if not self.env.current_document.get(_NEEDS_TITLE):
            _warn("this page has no title; add 'title:' to its front matter (or a '# Heading' line)", self.env.docname, 1, "title")
        placeholder = self.env.docname
        section = nodes.section("", nodes.title(placeholder, placeholder), ids=["kb-untitled"], names=[placeholder])
        body = [child for child in self.document.children if not isinstance(child, (nodes.meta, nodes.docinfo))]
        for child in body:
            self.document.remove(child)
        section.extend(body)
        self.document.append(section)



# --- unsafe content ---------------------------------------------------------------


def refuse_unsafe_content(app: Sphinx, doctree: nodes.document) -> None:
    """Raw HTML that could run script, and ``javascript:`` links, are reported and left out."""
    docname = app.env.docname
    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", "").split():
            continue
        found = active_content(node.astext())
        if found:
            _warn(
                f"raw HTML with {found[0]} is refused: it could run script in readers' browsers; "
                "write the content in Markdown (links as [text](https://...)) instead",
                docname, node.line or _parent_line(node), "unsafe-html",
            )
            node.parent.remove(node)
    for node in list(doctree.findall(nodes.reference)):
        uri = node.get("refuri", "")
        if uri and is_script_address(uri):
            _warn(f"a link to {uri.split(':', 1)[0].lower()}: is refused: it could run script; link to an https:// address", docname, _parent_line(node), "unsafe-link")
            node.replace_self(nodes.Text(node.astext()))


def _parent_line(node: nodes.Node) -> int | None:
    while node is not None:
        if getattr(node, "line", None):
            return node.line
        node = node.parent
    return None


class MissingPageLinks(SphinxPostTransform):
    """A Markdown link to a page file that does not exist: one message that says what to do.

    Runs before MyST's resolver, which would report it without the fix; the link becomes
    its text.
    """

    default_priority = 5  # before myst_parser's MystReferenceResolver (9)

    def run(self) -> None:
        for node in list(self.document.findall(addnodes.pending_xref)):
            target = node.get("reftarget", "")
            if node.get("reftype") != "myst" or not target.split("#", 1)[0].endswith(tuple(self.config.source_suffix)):
                continue
            refdoc = node.get("refdoc", self.env.docname)
            path = posixpath.normpath(posixpath.join(posixpath.dirname(refdoc), target.split("#", 1)[0]))
            if posixpath.splitext(path)[0] in self.env.all_docs:
                continue
            _warn(
                f"link to a page that does not exist: {target!r} ({Path(self.env.srcdir).name}/{path}); link to the file of an existing "
                "page, relative to this one (e.g. [text](../services/gc-notify.md)), or create the page",
                self.env.docname, _parent_line(node), "missing-page",
            )
            node.replace_self(nodes.inline("", "", *node.children))


# --- translations that drop links -------------------------------------------------------

_LINKS = "kb_links"


def _external_links(node: nodes.Element) -> list[str]:
    return sorted(ref["refuri"] for ref in node.findall(nodes.reference) if "://" in ref.get("refuri", ""))


class NoteLinks(SphinxTransform):
    """Before translation: note the external links of each translatable paragraph, at the
    address the link map gives pages of this language (a French address where it has one)."""

    default_priority = 19  # sphinx.transforms.i18n.Locale is 20

    def apply(self) -> None:
        if not self.config.language or self.config.language == SOURCE_LANGUAGE:
            return
        destinations = link_map(self.env)
        for node in self.document.findall(nodes.TextElement):
            links = _external_links(node)
            if links and node.get("translatable", True) and node.source:
                node[_LINKS] = [(url, destinations.address_for(url, self.config.language)) for url in links]


class CheckTranslatedLinks(SphinxTransform):
    """After translation: a translated paragraph keeps every link of its English text."""

    default_priority = 21

    def apply(self) -> None:
        for node in list(self.document.findall(nodes.TextElement)):
            links = node.attributes.pop(_LINKS, None)
            if links is None or not node.get("translated"):
                continue
            found = {linkmap.key(url) for url in _external_links(node)}
            lost = sorted((english, address) for english, address in links if linkmap.key(address) not in found)
            if lost:
                english, address = lost[0]
                catalog = catalog_path(Path(self.config.locale_dirs[0]), self.config.language, self.env.docname).as_posix()
                if address != english and linkmap.key(english) in found:
                    problem = f"links the English address {english}, where {self.config.language} pages link {address} (locale/links.csv)"
                else:
                    problem = f"drops the link to {address}"
                _warn(
                    f"the {self.config.language} translation of this paragraph {problem}; "
                    f"keep every link of the English text in its msgstr in {catalog}",
                    self.env.docname, node.line, "translation-link",
                )


# --- catalogs -----------------------------------------------------------------------------


def _report_catalog_problem(path: Path, problem: tuple[int, str]) -> None:
    line, reason = problem
    logger.warning(
        "this catalog has a syntax error: %s; fix that entry (msgfmt --check FILE checks a catalog)",
        reason, location=f"{path}:{line}", type="kb", subtype="catalog",
    )


def check_label_catalogs(app: Sphinx) -> None:
    """The catalogs of the build's language that are not a page's (labels, template): a syntax error is reported before use."""
    if not app.config.language or app.config.language == SOURCE_LANGUAGE or not app.config.locale_dirs:
        return
    folder = messages_dir(locale_dir(app.config, app.srcdir), app.config.language)
    for name in (LABEL_CATALOG, THEME_CATALOG):
        path = folder / f"{name}.po"
        problem = catalog_problem(path) if path.is_file() else None
        if problem is not None:
            _report_catalog_problem(path, problem)


def check_page_catalog(app: Sphinx, docname: str, source: list[str]) -> None:
    """A page's catalog, as the page is read (before Sphinx translates it): a syntax error is reported.

    Read once with the page's translation status (``notice.page_catalog_reading``); a
    catalog is checked whenever its page is read, which a change to it causes.
    """
    reading = page_catalog_reading(app, docname)
    if reading is not None and reading[1] is not None:
        _report_catalog_problem(reading[0], reading[1])


# --- references between pages, once every page is read -------------------------------------


def check_references(domain) -> None:
    """Tags, bylines and pairing keys of the posts, against the other pages' records."""
    topics = {record["id"] for _docname, record in domain.entries("topic")}
    people = domain.people()
    keys: dict[str, str] = {}
    for docname, record in sorted(domain.pages.items()):
        if record.get("kind") != POST:
            continue
        lines = record.get("lines", {})
        for author in record.get("authors", ()):
            if author not in people:
                _warn(
                    f"front matter 'author': unknown author {author!r}; use the title of a person entry "
                    f"(docs/people/), or add one with title: {author}",
                    docname, lines.get("author", 1), "unknown-author",
                )
        tags = record.get("tags") or []
        for tag in tags if isinstance(tags, list) else []:
            if tag not in topics:
                _warn(
                    f"front matter 'tags': unknown tag {tag!r}; use the id of a topic entry "
                    f"(type: topic, docs/topics/), or add docs/topics/{tag}.md",
                    docname, lines.get("tags", 1), "unknown-tag",
                )
        for target in record.get("mentions_listed", ()):
            if target not in domain.ids:
                _warn(
                    f"unknown knowledge-base entry {target!r}: use the id of a page under docs/ "
                    "(its front matter 'id'), or add an entry with that id",
                    docname, lines.get("mentions", 1), "unknown-entry",
                )
        key = record.get("key")
        if isinstance(key, str) and key:
            if key in keys:
                _warn(
                    f"front matter 'key': duplicate pairing key {key!r}: {domain.env.doc2path(keys[key])} already has it; "
                    "give each post its own key (a translation shares its English post's page, not a second key)",
                    docname, lines.get("key", 1), "duplicate",
                )
            else:
                keys[key] = docname


def quiet_repeated_reference(app: Sphinx, domain: Any, node: addnodes.pending_xref) -> bool | None:
    """Report each unknown reference once.

    A byline naming no person entry and an unknown tag are reported by ``check_references``.
    """
    return True if node.get("kb_author") or node.get("kb_topic") else None


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", check_label_catalogs)
    app.connect("source-read", check_page_catalog, priority=400)  # before Sphinx's Locale transform uses it
    app.connect("env-before-read-docs", skip_undecodable_sources)
    app.connect("source-read", check_source, priority=600)  # after pages.py reads the front matter
    app.add_transform(TitlePlaceholder)
    app.add_post_transform(MissingPageLinks)
    app.add_transform(NoteLinks)
    app.add_transform(CheckTranslatedLinks)
    app.connect("doctree-read", refuse_unsafe_content)
    app.connect("warn-missing-reference", quiet_repeated_reference)
