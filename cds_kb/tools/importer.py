"""Authoring posts: import a CDS source post, fill a French catalog from a French post, scaffold a post.

Owns ``python -m cds_kb import`` and ``python -m cds_kb new post``:

- ``import_posts``: a source post in one of the three CDS formats (plain text with the
  title on line 1; Jekyll front matter; CMS front matter with ``translationKey``) becomes
  a MyST page in ``docs/stories/`` with the project's normalized front matter
  (``sources.split_author``, ``normalize_date``, ``pairing_key``, ``slug``). Every field it
  could not fill is reported with the ``--set`` flag that supplies it. Pages are written
  atomically, never over a different page without ``--force``; the same source gives the
  same page byte for byte.
- ``import_translation`` (``--lang fr``): a French source post becomes the translation of
  its English page: its title, description, role, headings and paragraphs are filled, in
  document order, into the page's catalog ``locale/fr/LC_MESSAGES/<docname>.po``.
- ``new_post``: a page with every field, the unknown ones left empty for the author.

Front matter is read with ``frontmatter`` (line numbers for errors). python-frontmatter was
tried and not used: it gives no line per field, reports YAML errors by their line in the
block rather than the file, and turns unquoted dates into ``datetime`` objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib
import yaml

from ..core import frontmatter
from ..core.errors import UserError
from ..core.files import write_atomically
from ..core.frontmatter import FrontMatterError
from ..core.languages import catalog_path
from ..core.schema import POST
from ..core.text import slug
from . import catalogs, sources
from .project import LANGUAGE, find_project

# The normalized front matter of a post, in the order pages write it.
FIELDS = ("type", "key", "title", "author", "role", "date", "description", "image", "image-alt", "tags", "mentions")
LIST_FIELDS = ("tags", "mentions")
# Source fields the page does not keep, because they are used another way or belong to the old site.
CONSUMED = {"title", "author", "date", "description", "image", "image-alt", "trans_url", "translationKey", "lang", "layout", "thumb"}
# How a maintainer supplies each field the source lacks.
SUPPLY = {
    "key": "--set key=PAIRING-KEY",
    "title": '--set title="Title"',
    "author": '--set author="First Last"',
    "role": '--set role="Role, Organization"',
    "date": "--set date=YYYY-MM-DDTHH:MM:SS+HH:MM (with its UTC offset, as the build requires)",
    "description": '--set description="One or two sentences."',
    "image": "--set image=URL",
    "image-alt": '--set image-alt="What the image shows."',
    "tags": "--set tags=[topic-id, ...]",
    "mentions": "--set mentions=[entry-id, ...]",
}
_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"(`{3,}|~{3,}|:{3,})")
_LINK = re.compile(r"\]\(")
_KB_ROLE = re.compile(r"\{kb\}`([^`]*)`")
# Markup of the old sites that MyST would not render: reported, never silently dropped.
_FOREIGN = [
    (re.compile(r"\{%.*?%\}|\{\{.*?\}\}"), "a Liquid (Jekyll) tag"),
    (re.compile(r"^\{:.*\}\s*$"), "a kramdown attribute list"),
    (re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}"), "a Hugo shortcode"),
    (re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>"), "raw HTML"),
]


@dataclass
class Block:
    """A heading or paragraph of a body: its kind, its text and its first line in the file."""

    kind: str  # "heading", "paragraph" or "other" (code, list, directive: not aligned)
    text: str
    line: int


@dataclass
class Source:
    """A source post, read: its front matter, its body as MyST, and what to tell the maintainer."""

    path: Path
    data: dict[str, Any]
    lines: dict[str, int]
    title: str | None
    body: list[Block]
    notes: list[str] = field(default_factory=list)

    def where(self, name: str) -> str:
        line = self.lines.get(name)
        return f"{self.path}:{line}" if line else str(self.path)


# --- Reading a source post -------------------------------------------------------------


def read_text(path: Path) -> str:
    """A file's text, or a one-line error naming the file (and line) and the fix."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a post; give the post's file") from None
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror}); check the path and its permissions") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UserError(f"{path}:{line}: is not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as UTF-8 and import it again") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UserError(f"{path}: is empty; export the post again with its title and text")
    return text


def read_source(path: Path) -> Source:
    text = read_text(path)
    lines = text.split("\n")
    first = lines[0].strip()
    if first == "+++":
        raise UserError(f"{path}:1: TOML front matter ('+++') is not a known format; put the fields in YAML between '---' lines")
    if first.startswith(("{", "<")):
        raise UserError(f"{path}:1: unknown format (JSON or HTML); give a plain-text post (title on line 1), or Markdown with YAML front matter between '---' lines")
    try:
        block, body_line = frontmatter.split(text)
        parsed = frontmatter.parse(text)
    except FrontMatterError as error:
        raise UserError(f"{path}:{error.line}: {error}; fix the YAML between the '---' lines") from None
    if block is None:
        # Plain text: the title on line 1, then one paragraph per line.
        if _HEADING.match(first) or first.startswith(("-", "*", ">", "`", "[", "!")):
            raise UserError(f"{path}:1: unknown format: line 1 is not a title; a plain-text post starts with its title on line 1, a Markdown post with '---' front matter")
        body = [Block("paragraph", _collapse(line.strip()), number) for number, line in enumerate(lines[1:], start=2) if line.strip()]
        source = Source(path, {}, {}, first, body)
    else:
        data = parsed.data
        for name, value in data.items():
            if name in ("title", "author", "date", "description", "image", "image-alt", "trans_url", "translationKey") and value is not None and not isinstance(value, str):
                raise UserError(f"{path}:{parsed.line(name)}: '{name}' must be text, not {type(value).__name__}; quote the value")
        body = _blocks(lines[body_line - 1 :], body_line)
        title = data.get("title")
        source = Source(path, data, dict(parsed.lines), title.strip() if isinstance(title, str) and title.strip() else None, body)
        ignored = sorted(set(data) - CONSUMED)
        if ignored:
            source.notes.append(f"{path}: fields not carried over: {', '.join(ignored)}")
    if not source.body:
        raise UserError(f"{path}: has no text after its title; export the post again with its text")
    for block in source.body:
        for pattern, what in _FOREIGN:
            if pattern.search(block.text):
                source.notes.append(f"{path}:{block.line}: {what} is kept as text; rewrite it in MyST by hand")
    return source


def _collapse(text: str) -> str:
    """Runs of spaces inside a line of text are one space (no meaning in Markdown outside code)."""
    if "`" in text:
        return text
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", text)


def _blocks(lines: list[str], first_line: int) -> list[Block]:
    """Split a Markdown body into blocks: a heading is a block of its own, a blank line ends a block."""
    blocks: list[Block] = []
    current: list[str] = []
    start = first_line
    fence: str | None = None

    def close() -> None:
        nonlocal current
        if current:
            kind = "paragraph"
            head = current[0]
            if fence is not None or _FENCE.match(head) or head.startswith(("    ", "\t", "- ", "* ", "+ ", ">", "|")) or re.match(r"\d+[.)] ", head):
                kind = "other"
            text = "\n".join(current) if kind == "other" else "\n".join(_join_line(line, i == len(current) - 1) for i, line in enumerate(current))
            blocks.append(Block(kind, text, start))
        current = []

    for number, raw in enumerate(lines, start=first_line):
        line = raw.rstrip("\n")
        if fence is not None:
            current.append(line.rstrip())
            if line.strip().startswith(fence):
                fence = None
                close()
            continue
        if not line.strip():
            close()
            continue
        heading = _HEADING.match(line)
        if heading:  # a heading ends the paragraph before it, blank line or not
            close()
            blocks.append(Block("heading", heading.group(2), number))
            continue
        opening = _FENCE.match(line.strip())
        if opening and not current:
            start = number
            fence = opening.group(1)
            current.append(line.rstrip())
            continue
        if not current:
            start = number
        current.append(line)
    close()
    return blocks


def _join_line(line: str, last: bool) -> str:
    """A paragraph line, trailing spaces removed; two trailing spaces inside a paragraph are a line break."""
    stripped = line.rstrip()
    if not last and line.endswith("  ") and stripped:
        return _collapse(stripped) + "\\"
    return _collapse(stripped)


def render_body(blocks: list[Block]) -> str:
    parts = [f"## {block.text}" if block.kind == "heading" else block.text for block in blocks]
    return "\n\n".join(parts) + "\n"


# --- Normalized front matter ------------------------------------------------------------


def parse_settings(settings: list[str]) -> dict[str, Any]:
    """``--set key=value`` pairs; values are YAML (``[a, b]`` is a list), dates stay text."""
    values: dict[str, Any] = {}
    for setting in settings:
        name, equals, raw = setting.partition("=")
        name = name.strip()
        if not equals or not name:
            raise UserError(f"--set {setting}: give it as --set FIELD=VALUE, for example --set date=2017-11-20")
        if name not in FIELDS or name == "type":
            raise UserError(f"--set {setting}: unknown field {name!r}; the fields are {', '.join(FIELDS[1:])}")
        try:
            value = yaml.load(raw, Loader=frontmatter._Loader) if raw.strip() else ""  # noqa: S506 - a SafeLoader
        except yaml.YAMLError:
            value = raw
        if name in LIST_FIELDS:
            if isinstance(value, str):
                value = [item.strip() for item in value.split(",") if item.strip()]
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise UserError(f"--set {setting}: {name} is a list of ids, for example --set {name}=[first-id, second-id]")
        else:
            value = raw.strip() if not isinstance(value, str) else value.strip()
        if name == "date":
            value = _setting_date(value, setting)
        values[name] = value
    return values


def _setting_date(value: str, setting: str) -> str:
    # The build's schema needs the time and UTC offset (checks.py): a day alone is refused here.
    try:
        return sources.normalize_date(value)
    except ValueError:
        raise UserError(f"--set {setting}: not a date with its time and UTC offset; give it as 2017-11-20T09:00:00-04:00") from None


def normalize(source: Source, settings: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The page's front matter, and one warning per field it could not fill."""
    data = source.data
    warnings: list[str] = []
    page: dict[str, Any] = {"type": POST}
    title = settings.get("title") or source.title
    if not title:
        raise UserError(f"{source.path}:1: the front matter has no 'title'; add one, or give {SUPPLY['title']}")
    page["key"] = settings.get("key") or sources.pairing_key(data, title)
    page["title"] = title
    if data.get("author"):
        page["author"], role = sources.split_author(data["author"])
        if role:
            page["role"] = role
    if "author" in settings:
        name, role = sources.split_author(settings["author"])
        page["author"] = name
        if role and "role" not in settings:
            page["role"] = role
    if settings.get("role"):
        page["role"] = settings["role"]
    if settings.get("date"):
        page["date"] = settings["date"]
    elif data.get("date"):
        try:
            page["date"] = sources.normalize_date(str(data["date"]))
        except ValueError:
            warnings.append(f"{source.where('date')}: the date {data['date']!r} has no time and UTC offset to keep; give it with {SUPPLY['date']}")
    if settings.get("description"):
        page["description"] = settings["description"]
    elif isinstance(data.get("description"), str) and data["description"].strip():
        page["description"] = " ".join(data["description"].split())
    else:
        sentence = first_sentence(source.body)
        if sentence:
            page["description"] = sentence
            warnings.append(f"{source.path}: no description: took the first sentence of the text; to choose another, {SUPPLY['description']}")
    for name in ("image", "image-alt"):
        value = settings.get(name) or (data.get(name) or "").strip()
        if value:
            page[name] = value
    for name in LIST_FIELDS:
        page[name] = settings.get(name, [])
    for name in ("author", "role", "date", "description", "image", "tags", "mentions"):
        if page.get(name) or (name == "role" and "author" not in page) or (name == "date" and data.get("date")):
            continue  # filled, not applicable, or reported above
        warnings.append(f"{source.path}: no {name}; supply it with {SUPPLY[name]}")
    if page.get("image") and not page.get("image-alt"):
        warnings.append(f"{source.where('image')}: the image has no alternative text; supply it with {SUPPLY['image-alt']}")
    return {name: page[name] for name in FIELDS if name in page}, warnings


def first_sentence(blocks: list[Block]) -> str | None:
    paragraph = next((block.text for block in blocks if block.kind == "paragraph"), None)
    if paragraph is None:
        return None
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", paragraph)
    return re.split(r"(?<=[.!?])\s+(?=[A-Z“\"«])", " ".join(plain.split()), maxsplit=1)[0]


def render_page(front: dict[str, Any], blocks: list[Block]) -> str:
    return frontmatter.dump(front) + "\n" + render_body(blocks)


# --- import ----------------------------------------------------------------------------


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def import_posts(files: list[str], out: str | None = None, settings: list[str] | None = None, force: bool = False, lang: str = "en") -> Report:
    if not files:
        raise UserError("give the source posts to import: python -m cds_kb import FILE ...")
    outdir = Path(out) if out else find_project().stories
    values = parse_settings(settings or [])
    if lang == "fr":
        if set(values) - {"key"}:
            raise UserError("--lang fr takes only --set key=KEY (the English page's key); the English page holds the other fields")
        return import_translation(files, outdir, values, force)
    if lang != "en":
        raise UserError(f"--lang {lang}: the site's languages are en (a new page) and fr (the translation of an English page)")
    report = Report()
    planned: dict[Path, tuple[str, Path]] = {}
    for name in files:
        source = read_source(Path(name))
        if str(source.data.get("lang", "en")).lower().startswith("fr"):
            raise UserError(f"{source.where('lang')}: is a French post (lang: fr); import it with --lang fr once its English page exists")
        front, warnings = normalize(source, values)
        target = outdir / f"{slug(front['title'])}.md"
        if target in planned:
            raise UserError(f"{name}: would write {target} too, like {planned[target][1]}; import one of them, or give this one another title with --set title=...")
        text = render_page(front, source.body)
        if target.exists() and not force:
            existing = target.read_text(encoding="utf-8", errors="replace")
            if existing != text:
                raise UserError(f"{target}: already exists and differs from the import of {name}; to replace it, import again with --force")
        planned[target] = (text, source.path)
        report.warnings += source.notes + warnings
    for target, (text, _path) in planned.items():
        if target.exists() and target.read_text(encoding="utf-8", errors="replace") == text:
            report.unchanged.append(str(target))
            continue
        write_atomically(target, text)
        report.written.append(str(target))
    return report


# --- import --lang fr: fill the English page's catalog ---------------------------------


def _english_page(source: Source, outdir: Path, values: dict[str, Any]) -> Path:
    """The English page a French post translates: same pairing key, or the page its trans_url names."""
    title = source.title or values.get("title") or ""
    keys = {values["key"]} if values.get("key") else {sources.pairing_key(source.data, title)}
    if source.data.get("trans_url"):
        # A French Jekyll post's trans_url is the address of its English post.
        keys.add(slug(str(source.data["trans_url"]).rstrip("/").rsplit("/", 1)[-1]))
    pages = sorted(outdir.glob("*.md")) if outdir.is_dir() else []
    found = []
    for page in pages:
        try:
            front = frontmatter.parse(page.read_text(encoding="utf-8"))
        except (FrontMatterError, UnicodeDecodeError, OSError):
            continue
        if front.get("type") == POST and (front.get("key") in keys or (page.stem in keys and not values.get("key"))):
            found.append(page)
    if not found:
        raise UserError(
            f"{source.path}: no English post in {outdir} has the pairing key {' or '.join(sorted(keys))!r}; "
            "import the English post first, or name its page's key with --set key=KEY"
        )
    if len(found) > 1:
        raise UserError(f"{source.path}: several English posts match ({', '.join(map(str, found))}); name the right one with --set key=KEY")
    return found[0]


def _units(front: dict[str, Any], blocks: list[Block]) -> list[Block]:
    """What a post's catalog holds, in document order: title, description, role, then the body."""
    units = [Block("title", front.get("title") or "", 0), Block("description", front.get("description") or "", 0), Block("role", front.get("role") or "", 0)]
    return units + blocks


def _entry_titles(docs: Path, locale: Path) -> dict[str, str]:
    """The French title of each entry, by id, from the entries' catalogs."""
    titles: dict[str, str] = {}
    for page in docs.rglob("*.md"):
        try:
            front = frontmatter.parse(page.read_text(encoding="utf-8"))
        except (FrontMatterError, UnicodeDecodeError, OSError):
            continue
        if not front.get("id") or not front.get("title"):
            continue
        catalog = catalog_path(locale, LANGUAGE, page.relative_to(docs).with_suffix("").as_posix())
        if catalog.exists():
            message = polib.pofile(str(catalog)).find(front["title"])
            if message is not None and message.msgstr and "fuzzy" not in message.flags:
                titles[front["id"]] = message.msgstr
    return titles


def _place_roles(english: str, french: str, titles: dict[str, str]) -> tuple[str, bool]:
    """Put the English text's ``{kb}`id``` roles into the French text where it names the entry.

    Returns the French text and whether every role found its place.
    """
    placed = True
    for target in _KB_ROLE.findall(english):
        if "<" in target:  # {kb}`text <id>`: the French words are the translator's choice
            placed = False
            continue
        name = titles.get(target.strip())
        position = french.find(name) if name else -1
        # Not inside a link or another role.
        while position >= 0 and (french.count("[", 0, position) > french.count("]", 0, position) or french.count("`", 0, position) % 2):
            position = french.find(name, position + 1)
        if position < 0:
            placed = False
            continue
        french = f"{french[:position]}{{kb}}`{target.strip()}`{french[position + len(name):]}"
    return french, placed


def import_translation(files: list[str], outdir: Path, values: dict[str, Any], force: bool) -> Report:
    report = Report(counts={"filled": 0, "kept": 0, "fuzzy": 0, "unmatched": 0})
    docs = outdir.parent
    locale = docs.parent / "locale"
    titles: dict[str, str] | None = None
    plans: list[tuple[Path, str]] = []
    for name in files:
        source = read_source(Path(name))
        if str(source.data.get("lang", "fr")).lower().startswith("en"):
            raise UserError(f"{source.where('lang')}: is an English post (lang: en); import it without --lang fr")
        page = _english_page(source, outdir, values)
        catalog_file = catalog_path(locale, LANGUAGE, page.relative_to(docs).with_suffix("").as_posix())
        if not catalog_file.exists():
            raise UserError(f"{catalog_file}: the French catalog of {page} does not exist; run 'make update-po' to create it, then import again")
        english_text = page.read_text(encoding="utf-8")
        english_front = frontmatter.parse(english_text).data
        _, body_line = frontmatter.split(english_text)
        english = _units(english_front, _blocks(english_text.split("\n")[body_line - 1 :], body_line))
        french_front = {"title": source.title, "description": " ".join(str(source.data.get("description") or "").split())}
        if source.data.get("author"):
            french_front["role"] = sources.split_author(str(source.data["author"]))[1]
        french = _units(french_front, source.body)
        catalog = catalogs.read(catalog_file)
        by_text = {" ".join(message.msgid.split()): message for message in catalog if not message.obsolete}
        # Every English unit must be in the catalog, or the catalog is older than the page.
        messages = []
        for unit in english:
            if not unit.text or unit.kind == "other":
                messages.append(None)
                continue
            message = by_text.get(" ".join(unit.text.split()))
            if message is None:
                where = f"{page}:{unit.line}" if unit.line else f"{page} ({unit.kind})"
                raise UserError(f"{catalog_file}: has no message for {where} ({unit.text[:40]!r}); run 'make update-po' first, then import again")
            messages.append(message)
        body_en = [u.kind for u in english[3:] if u.kind != "other"]
        body_fr = [u.kind for u in french[3:] if u.kind != "other"]
        aligned = body_en == body_fr
        if not aligned:
            report.warnings.append(
                f"{source.path}: its {len(body_fr)} headings and paragraphs do not line up with the {len(body_en)} of {page}; "
                "the body messages are marked fuzzy: check each one"
            )
        english_body = [u for u in english[3:] if u.kind != "other"]
        french_body = [u for u in french[3:] if u.kind != "other"]
        pairs = list(zip(english[:3], french[:3])) + list(zip(english_body, french_body))
        report.counts["unmatched"] += max(0, len(english_body) - len(french_body)) + sum(1 for en, fr in zip(english[:3], french[:3]) if en.text and not fr.text)
        index = {id(unit): message for unit, message in zip(english, messages)}
        for en, fr in pairs:
            message = index.get(id(en))
            if message is None or not fr.text:
                continue
            if message.msgstr and "fuzzy" not in message.flags and not force:
                report.counts["kept"] += 1
                continue
            text = fr.text
            certain = en.kind == fr.kind and (aligned or en.kind in ("title", "description", "role"))
            certain = certain and len(_LINK.findall(en.text)) == len(_LINK.findall(text))
            if "{kb}" in en.text:
                if titles is None:
                    titles = _entry_titles(docs, locale)
                text, placed = _place_roles(en.text, text, titles)
                certain = certain and placed
            message.msgstr = text
            if certain:
                if "fuzzy" in message.flags:
                    message.flags.remove("fuzzy")
                message.previous_msgid = None
                report.counts["filled"] += 1
            else:
                if "fuzzy" not in message.flags:
                    message.flags.append("fuzzy")
                report.counts["fuzzy"] += 1
                report.warnings.append(f"{catalog_file}: fuzzy (check it): {en.text[:60]!r}")
        # Written in the catalogs' one wrapping style, so `make check-po` accepts the result.
        plans.append((catalog_file, catalogs.normalized(str(catalog), catalog_file)))
        report.warnings += source.notes
    for path, content in plans:
        if path.read_text(encoding="utf-8") == content:
            report.unchanged.append(str(path))
            continue
        write_atomically(path, content)
        report.written.append(str(path))
    return report


# --- new post --------------------------------------------------------------------------

SCAFFOLD = """\
---
type: post
key: {key}  # shared with the French post: the source's translationKey, else the slug of its trans_url
title: {title}
author:  # the author's name, the title of their page in docs/people/
role:  # the author's role as the source gives it, e.g. Executive Director, Partnerships
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
