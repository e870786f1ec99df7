"""Checks: the front matter schema of each page type, and the refusal of unsafe or broken input.

Owns what the build refuses, each as one located warning (``-W`` makes it an error)
naming the file, the line, and what to write instead:

- the front matter **schema** of each page type (``SCHEMAS``): required fields, ISO 8601
  dates, ids, status values, https addresses. ``validate(kind, front_matter)`` is the one
  schema check; the import tool reuses it;
- **references between pages** that need every page read, checked once all are
  (``env-check-consistency``, so they hold under ``-j`` and incremental builds): a post's
  ``tags`` must be ids of ``topic`` entries, its ``author`` the title of a ``person``
  entry, its pairing ``key`` unique;
- **unsafe content**: raw HTML that could run script (``<script>``, ``on...=`` handlers,
  ``javascript:`` addresses, frames and objects) is refused and left out of the page;
- **unreadable input**: a source that is not UTF-8 (Sphinx would crash), an empty page, a
  page without a title, front matter that is not YAML — each reported once, without the
  cascade of follow-on warnings (the page gets a placeholder title so that the build can
  go on to report every other problem);
- a **translation that drops a link** of the English text.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from . import frontmatter
from .frontmatter import FrontMatter

logger = logging.getLogger(__name__)

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_EXAMPLE = "2017-11-20T09:00:00-05:00"
STATUSES = ("offered", "being-explored", "retired")
LANGUAGES = ("en", "fr")
# Front matter keys MyST and Sphinx themselves read; allowed on every page.
SPHINX_KEYS = {"myst", "html_meta", "orphan", "nosearch", "tocdepth", "nocomments", "substitutions"}


@dataclass(frozen=True)
class Problem:
    """One fault in a page's front matter: the field, its line, and what to write instead."""

    field: str | None
    line: int
    message: str
    subtype: str = "front-matter"

    def __str__(self) -> str:
        return self.message

    def located(self, path: str | Path) -> str:
        return f"{path}:{self.line}: {self.message}"


# --- value checks: each returns None when the value is right, else what is expected ---


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "a line of text"


def _date(value: Any) -> str | None:
    expected = f"is not a date; write ISO 8601 with its UTC offset, e.g. {DATE_EXAMPLE}"
    if not isinstance(value, str):
        return expected
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return expected
    return None if when.tzinfo is not None else f"has no UTC offset; write it with one, e.g. {DATE_EXAMPLE}"


def _id(value: Any) -> str | None:
    ok = isinstance(value, str) and _ID.match(value)
    return None if ok else "an id of lower-case letters, digits and hyphens, e.g. gc-notify"


def _ids(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(item, str) and _ID.match(item) for item in value)
    return None if ok else "a list of ids, e.g. [gc-notify, consulting]"


def _https(value: Any) -> str | None:
    ok = isinstance(value, str) and value.startswith("https://") and len(value) > len("https://")
    return None if ok else "an https:// address"


def _web(value: Any) -> str | None:
    ok = isinstance(value, str) and re.match(r"^https?://\S+$", value)
    return None if ok else "a web address starting with https:// (or http:// where the site has no https)"


def _contact(value: Any) -> str | None:
    ok = isinstance(value, str) and re.match(r"^(https://|mailto:)\S+$", value)
    return None if ok else "an https:// address or a mailto: address"


def _image(value: Any) -> str | None:
    ok = isinstance(value, str) and value.strip() and not re.match(r"^\s*(javascript|data|vbscript):", value, re.I)
    return None if ok else "an image file name or an https:// address"


def _status(value: Any) -> str | None:
    return None if value in STATUSES else f"one of {', '.join(STATUSES)}"


def _aliases(value: Any) -> str | None:
    ok = isinstance(value, dict) and set(value) <= set(LANGUAGES) and all(
        isinstance(names, list) and all(isinstance(name, str) for name in names) for names in value.values()
    )
    return None if ok else "names per language, e.g. {en: [CDS], fr: [SNC]}"


def _kind_of(kind: str) -> Callable[[Any], str | None]:
    return lambda value: None if value == kind else f"{kind!r}"


@dataclass(frozen=True)
class Spec:
    check: Callable[[Any], str | None]
    required: bool = False


def _entry(kind: str, **fields: Spec) -> dict[str, Spec]:
    return {
        "type": Spec(_kind_of(kind), True),
        "id": Spec(_id, True),
        "title": Spec(_text, True),
        "summary": Spec(_text, True),
        "aliases": Spec(_aliases),
        "related": Spec(_ids),
        **fields,
    }


# The schema of each page type: its fields, which are required, what each must be.
SCHEMAS: dict[str, dict[str, Spec]] = {
    "post": {
        "type": Spec(_kind_of("post"), True),
        "key": Spec(_id, True),
        "title": Spec(_text, True),
        "author": Spec(_text),
        "role": Spec(_text),
        "date": Spec(_date),
        "description": Spec(_text),
        "image": Spec(_image),
        "image-alt": Spec(_text),
        "mentions": Spec(_ids),
        "tags": Spec(_ids),
    },
    "service": _entry(
        "service", audience=Spec(_text), **{"offered-by": Spec(_id)}, status=Spec(_status),
        url=Spec(_https), contact=Spec(_contact), partners=Spec(_ids),
    ),
    "organization": _entry("organization", **{"part-of": Spec(_id)}, url=Spec(_web)),
    "initiative": _entry("initiative", **{"led-by": Spec(_id)}, partners=Spec(_ids), url=Spec(_web)),
    "person": _entry("person", role=Spec(_text), organization=Spec(_id)),
    "policy": _entry("policy", url=Spec(_web)),
    "topic": _entry("topic"),
}


def validate(kind: str | None, front_matter: FrontMatter | Mapping[str, Any]) -> list[Problem]:
    """Every fault of a page's front matter against the schema of its type.

    ``kind`` is the page type (``None``: the front matter's own ``type``). A page without a
    type (a section or maintainers' page) has no schema. The import tool calls this on
    the front matter it is about to write.
    """
    if not isinstance(front_matter, FrontMatter):
        front_matter = FrontMatter(dict(front_matter), {})
    kind = kind if kind is not None else front_matter.get("type")
    if kind is None:
        return []
    schema = SCHEMAS.get(kind)
    if schema is None:
        return [Problem("type", front_matter.line("type"),
                        f"front matter 'type': unknown page type {kind!r}; use one of {', '.join(SCHEMAS)}", "schema")]
    problems = []
    for key, spec in schema.items():
        if key not in front_matter.data or front_matter.data[key] in (None, "", []):
            if spec.required:
                problems.append(Problem(key, front_matter.line(key), f"front matter {key!r} is missing: a {kind} needs it; add a line '{key}: ...' ({_describe(key, spec)})", "schema"))
            continue
        fault = spec.check(front_matter.data[key])
        if fault is not None:
            shown = front_matter.data[key]
            if fault.startswith(("is not", "has no")):
                message = f"front matter {key!r}: {shown!r} {fault}"
            else:
                message = f"front matter {key!r}: {shown!r} is not right for a {kind}; write {fault}"
            problems.append(Problem(key, front_matter.line(key), message, "schema"))
    if kind == "post" and front_matter.get("image") and not front_matter.get("image-alt"):
        problems.append(Problem("image-alt", front_matter.line("image"), "front matter 'image-alt' is missing: a post with an 'image' needs its alternative text (what the image shows)", "schema"))
    for key in front_matter.data:
        if key not in schema and key not in SPHINX_KEYS:
            known = ", ".join(schema)
            problems.append(Problem(key, front_matter.line(key), f"front matter {key!r}: unknown field for a {kind}; use one of {known}", "schema"))
    return problems


def _describe(key: str, spec: Spec) -> str:
    fault = spec.check(object())
    return fault.replace("is not a date; write ", "") if fault else key


# --- the build ------------------------------------------------------------------------

_STORE = "kb_checks"
_NEEDS_TITLE = "kb_needs_title"


def _store(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    """docname -> what the cross-page checks need of that page (its type, id, title, author...)."""
    if not hasattr(env, _STORE):
        setattr(env, _STORE, {})
    return getattr(env, _STORE)


def _warn(message: str, docname: str, line: int | None, subtype: str) -> None:
    logger.warning(message, location=(docname, line), type="kb", subtype=subtype)


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


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
                docname, _line_of(data, error.start), "encoding",
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

_SCRIPT_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_ACTIVE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "style", "form"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster", "background"}


class _ActiveContent(HTMLParser):
    """Finds what in a piece of HTML could run script or load from elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _ACTIVE_TAGS:
            self.found.append(f"a <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"an event handler attribute ({name}=)")
            elif name in _URL_ATTRIBUTES and value and _SCRIPT_SCHEMES.match(value):
                self.found.append(f"a {value.split(':', 1)[0].strip().lower()}: address ({name}=)")

    handle_startendtag = handle_starttag


def active_content(html: str) -> list[str]:
    """What in ``html`` could run script: ``[]`` when it is safe to publish."""
    parser = _ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.found


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
        if uri and _SCRIPT_SCHEMES.match(uri):
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
    """Before translation: note the external links of each translatable paragraph."""

    default_priority = 19  # sphinx.transforms.i18n.Locale is 20

    def apply(self) -> None:
        if not self.config.language or self.config.language == "en":
            return
        for node in self.document.findall(nodes.TextElement):
            links = _external_links(node)
            if links and node.get("translatable", True) and node.source:
                node[_LINKS] = links


class CheckTranslatedLinks(SphinxTransform):
    """After translation: a translated paragraph keeps every link of its English text."""

    default_priority = 21

    def apply(self) -> None:
        for node in list(self.document.findall(nodes.TextElement)):
            links = node.attributes.pop(_LINKS, None)
            if links is None or not node.get("translated"):
                continue
            lost = sorted(set(links) - set(_external_links(node)))
            if lost:
                catalog = f"{self.config.locale_dirs[0]}/{self.config.language}/LC_MESSAGES/{self.env.docname}.po"
                _warn(
                    f"the {self.config.language} translation of this paragraph drops the link to {lost[0]}; "
                    f"keep every link of the English text in its msgstr in {catalog}",
                    self.env.docname, node.line, "translation-link",
                )


# --- catalogs -----------------------------------------------------------------------------


_PO_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(rf"^\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_PO_STRING}|{_PO_STRING})?\s*$")


def catalog_problem(path: Path) -> tuple[int, str] | None:
    """The first syntax error of a gettext catalog, as (line, what is wrong), or None.

    Stricter than the readers Sphinx and babel use, which skip what they cannot read
    (an unterminated string silently loses its message): as strict as ``msgfmt``.
    """
    import polib

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return _line_of(path.read_bytes(), error.start), "it is not UTF-8 text"
    for number, line in enumerate(text.splitlines(), start=1):
        if not _PO_LINE.match(line):
            if line.count('"') % 2 or not line.rstrip().endswith('"'):
                return number, "a string is not closed with a double quote (\") on its line"
            return number, "this line is neither a comment, a keyword with a quoted string, nor a quoted string"
    try:
        polib.pofile(text)
    except (OSError, ValueError) as error:
        found = re.search(r"\(line (\d+)\)", str(error))
        return (int(found.group(1)) if found else 1), str(error).split(": ", 1)[-1]
    return None


def check_catalogs(app: Sphinx) -> None:
    """Catalogs of the build's language: a syntax error is reported, with its line, before use."""
    from .i18n import locale_dir

    if not app.config.language or app.config.language == "en" or not app.config.locale_dirs:
        return
    folder = locale_dir(app.config, app.srcdir) / app.config.language / "LC_MESSAGES"
    for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
        problem = catalog_problem(path)
        if problem is not None:
            line, reason = problem
            logger.warning(
                "this catalog has a syntax error: %s; fix that entry (msgfmt --check FILE checks a catalog)",
                reason, location=f"{path}:{line}", type="kb", subtype="catalog",
            )


# --- references between pages, once every page is read -------------------------------------


def record_page(app: Sphinx, doctree: nodes.document) -> None:
    from .pages import front_matter_of

    front_matter = front_matter_of(app.env)
    kind = front_matter.get("type")
    if not kind:
        return
    _store(app.env)[app.env.docname] = {
        "type": kind,
        "id": front_matter.get("id"),
        "title": front_matter.get("title"),
        "author": (front_matter.get("author"), front_matter.line("author")),
        "tags": (front_matter.get("tags") or [], front_matter.line("tags")),
        "key": (front_matter.get("key"), front_matter.line("key")),
    }


def purge_page(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _store(env).pop(docname, None)


def merge_pages(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    theirs = _store(other)
    _store(env).update({docname: theirs[docname] for docname in docnames if docname in theirs})


def check_references(app: Sphinx, env: BuildEnvironment) -> None:
    pages = _store(env)
    topics = {page["id"] for page in pages.values() if page["type"] == "topic" and page["id"]}
    people = {page["title"] for page in pages.values() if page["type"] == "person" and page["title"]}
    keys: dict[str, str] = {}
    for docname in sorted(pages):
        page = pages[docname]
        if page["type"] != "post":
            continue
        author, line = page["author"]
        if isinstance(author, str) and author and author not in people:
            _warn(
                f"front matter 'author': unknown author {author!r}; use the title of a person entry "
                f"(docs/people/), or add one with title: {author}",
                docname, line, "unknown-author",
            )
        tags, line = page["tags"]
        for tag in tags if isinstance(tags, list) else []:
            if tag not in topics:
                _warn(
                    f"front matter 'tags': unknown tag {tag!r}; use the id of a topic entry "
                    f"(type: topic, docs/topics/), or add docs/topics/{tag}.md",
                    docname, line, "unknown-tag",
                )
        key, line = page["key"]
        if isinstance(key, str) and key:
            if key in keys:
                _warn(
                    f"front matter 'key': duplicate pairing key {key!r}: {env.doc2path(keys[key])} already has it; "
                    "give each post its own key (a translation shares its English post's page, not a second key)",
                    docname, line, "duplicate",
                )
            else:
                keys[key] = docname


def quiet_repeated_reference(app: Sphinx, domain: Any, node: addnodes.pending_xref) -> bool | None:
    """Report each unknown reference once.

    An unknown author or tag is reported by ``check_references``, and an entry of "In this
    story" repeats a reference of the text, which is reported where the text makes it.
    """
    return True if node.get("kb_author") or node.get("kb_topic") or node.get("kb_repeat") else None


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", check_catalogs)
    app.connect("env-before-read-docs", skip_undecodable_sources)
    app.connect("source-read", check_source, priority=600)  # after pages.py reads the front matter
    app.add_transform(TitlePlaceholder)
    app.add_post_transform(MissingPageLinks)
    app.add_transform(NoteLinks)
    app.add_transform(CheckTranslatedLinks)
    app.connect("doctree-read", refuse_unsafe_content)
    app.connect("doctree-read", record_page)
    app.connect("env-purge-doc", purge_page)
    app.connect("env-merge-info", merge_pages)
    app.connect("env-check-consistency", check_references)
    app.connect("warn-missing-reference", quiet_repeated_reference)
