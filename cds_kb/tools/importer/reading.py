"""Reading a source post: its format, its front matter (with the line of each field), its body.

Three formats (see ``fields``): plain text with the title on line 1, Markdown (or WordPress
HTML) with Jekyll front matter, or with the CMS's front matter and ``translationKey``. Every
fault names the file, the line where it can, and what to do: a file that is not UTF-8, an
empty one, TOML or JSON front matter, YAML that does not parse, a field given twice (YAML
would keep the last), a title that is not text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core import frontmatter
from ...core.errors import UserError
from ...core.frontmatter import FrontMatterError
from .fields import plain

# Source fields read as text (a list or a number there is a fault the maintainer fixes).
TEXT_FIELDS = ("title", "author", "date", "description", "image", "image-alt", "trans_url", "translationKey", "lang")
# Source fields the page does not keep, because they are used another way or belong to the old site.
CONSUMED = {"title", "author", "date", "description", "image", "image-alt", "trans_url", "translationKey", "lang", "layout", "thumb"}


@dataclass
class Source:
    """A source post, read: its front matter, its body as written, and where the body starts."""

    path: Path
    data: dict[str, Any]
    lines: dict[str, int]
    title: str | None
    body: str
    body_line: int  # the file's line of the body's first line
    plain_text: bool = False  # one paragraph per line, no markup
    notes: list[tuple[str, str]] = field(default_factory=list)  # (kind, message)

    def where(self, name: str | None = None, line: int | None = None) -> str:
        line = line or (self.lines.get(name) if name else None)
        return f"{self.path}:{line}" if line else str(self.path)

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        return plain(value) if isinstance(value, str) and value.strip() else None

    @property
    def language(self) -> str | None:
        lang = self.text("lang")
        return lang[:2].lower() if lang else None


def read_text(path: Path) -> str:
    """A file's text, or a one-line error naming the file (and line) and the fix."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a post; give the post's file (or FOLDER/*.md)") from None
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
        if first.startswith(("#", "-", "*", ">", "`", "[", "!")):
            raise UserError(f"{path}:1: unknown format: line 1 is not a title; a plain-text post starts with its title on line 1, a Markdown post with '---' front matter")
        source = Source(path, {}, {}, plain(first), "\n".join(lines[1:]), 2, plain_text=True)
    else:
        data = parsed.data
        for name in TEXT_FIELDS:
            value = data.get(name)
            if value is not None and not isinstance(value, str):
                raise UserError(f"{path}:{parsed.line(name)}: '{name}' must be text, not {type(value).__name__}; quote the value")
        title = data.get("title")
        source = Source(path, data, dict(parsed.lines), plain(title) if isinstance(title, str) and title.strip() else None,
                        "\n".join(lines[body_line - 1 :]), body_line)
        ignored = sorted(set(data) - CONSUMED)
        if ignored:
            source.notes.append(("fields", f"{path}: fields not carried over: {', '.join(ignored)}"))
    if not source.body.strip():
        raise UserError(f"{path}: has no text after its title; export the post again with its text")
    return source
