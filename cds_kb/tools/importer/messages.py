"""The messages of a page: what Sphinx's gettext builder extracts from it, read from its MyST text.

The French import fills a page's catalog without running Sphinx, so it must know the
messages the build will look up. They are read the way MyST reads the page (its own
markdown-it parser and settings) and named the way Sphinx extracts them
(``sphinx.util.nodes.extract_messages``): a heading's or paragraph's source text (hard line
breaks without their backslash), each table cell, each picture's alt text, a figure's
caption and alt text, and the fields the extension shows from the front matter (a post's
title, description, roles or byline, banner alt text; an entry's title, summary and role).
Code is not extracted. ``tests/site/test_archive.py`` compares the result with the
gettext builder's on the imported sample.

The same reader splits a French post (converted to MyST like its English page) into
units, so the two line up message by message (``french``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from markdown_it.renderer import RendererHTML

from ...core import frontmatter
from ...core.schema import POST, byline_of

# MyST as conf.py sets it (myst_enable_extensions): the block structure is all that matters here.
_PARSER = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML)
# Directives whose content is not page text.
_NO_TEXT = {"code-block", "code", "sourcecode", "literalinclude", "toctree", "raw", "math", "kb-listing", "kb-folder-toctree", "kb-archive-years", "include"}


@dataclass
class Message:
    """One message of a page: its text (the msgid), the line it starts on, what it is, its links."""

    text: str
    line: int
    kind: str  # title, description, role, byline, image-alt, summary; heading, paragraph, item, quote, cell, alt, caption
    links: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    raw: str | None = None  # the MyST as written (line breaks kept): what a translation puts back

    @property
    def source(self) -> str:
        return self.raw if self.raw is not None else self.text


def clean(text: str) -> str:
    """A message as Sphinx extracts it (``_clean_extracted_message``): a hard line break's
    backslash removed, and every line break a space."""
    lines = []
    for line in text.split("\n"):
        stripped = line.rstrip(" \t")
        if stripped.endswith("\\") and not stripped.endswith("\\\\"):
            line = stripped[:-1].rstrip(" \t")
        lines.append(line)
    return "\n".join(lines).replace("\n", " ").strip()


def front_messages(front: dict[str, Any], lines: dict[str, int]) -> list[Message]:
    """The messages the extension makes from a page's front matter, in the order Sphinx extracts them.

    The ``<meta>`` nodes (a banner's alt text, the description or an entry's summary) come
    first: the extension puts them at the top of the document.
    """
    found: list[Message] = []

    def add(key: str, kind: str, text: Any = None) -> None:
        value = front.get(key) if text is None else text
        if isinstance(value, str) and value.strip():
            found.append(Message(value.strip() if kind != "title" else value, 1 if kind == "title" else lines.get(key, 1), kind))

    if front.get("type") == POST:
        if str(front.get("image") or "").startswith(("https://", "http://")):
            add("image-alt", "image-alt")
        add("description", "description")
        add("title", "title")
        byline = byline_of(front)
        for role in dict.fromkeys(role for role in byline.roles if role):
            add("role", "role", role)
        add("byline", "byline")
    elif front.get("type"):
        add("summary", "summary")
        add("title", "title")
        if front.get("type") == "person":
            add("role", "role")
        if front.get("type") == "service":
            add("audience", "audience")
    else:
        add("title", "title")
    return found


def page_messages(text: str) -> list[Message]:
    """Every message of a page, front matter first, then its body in document order."""
    parsed = frontmatter.parse(text)
    _block, body_line = frontmatter.split(text)
    body = "\n".join(text.split("\n")[body_line - 1 :])
    return front_messages(parsed.data, dict(parsed.lines)) + body_messages(body, body_line)


def body_messages(body: str, first_line: int = 1) -> list[Message]:
    return _walk(_PARSER.parse(body), first_line)


def _walk(tokens: list[Token], first_line: int) -> list[Message]:
    found: list[Message] = []
    context: list[str] = []
    pending: str | None = None
    for index, token in enumerate(tokens):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type in ("bullet_list_open", "ordered_list_open"):
            context.append("item")
        elif token.type == "blockquote_open":
            context.append("quote")
        elif token.type in ("th_open", "td_open"):
            context.append("cell")
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close", "th_close", "td_close"):
            context.pop()
        elif token.type == "heading_open":
            pending = "heading" if "item" not in context and "quote" not in context else "paragraph"
        elif token.type == "paragraph_open":
            pending = context[-1] if context else "paragraph"
        elif token.type == "inline":
            kind = pending or ("cell" if context and context[-1] == "cell" else None)
            pending = None
            if kind is None or not token.content.strip():
                continue
            line = first_line + (tokens[index - 1].map[0] if tokens[index - 1].map else 0) if kind != "cell" else line
            message = Message(clean(token.content), line, kind, *_inline_targets(token), raw=token.content)
            found.append(message)
            for child in token.children or []:
                if child.type == "image":
                    alt = _as_text(child.children or [])
                    if alt:
                        found.append(Message(alt, line, "alt"))
        elif token.type in ("fence", "colon_fence"):
            found += _directive(token, line)
    return found


def _inline_targets(token: Token) -> tuple[list[str], list[str]]:
    links, images = [], []
    for child in token.children or []:
        if child.type == "link_open":
            links.append(str(child.attrGet("href") or ""))
        elif child.type == "image":
            images.append(str(child.attrGet("src") or ""))
    return links, images


def _as_text(children: list[Token]) -> str:
    """An image's alt text as MyST makes it (``renderInlineAsText``)."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.children:
            parts.append(_as_text(child.children))
    return "".join(parts)


def _directive(token: Token, line: int) -> list[Message]:
    info = token.info.strip()
    if not info.startswith("{") or "}" not in info:
        return []  # code
    name, _close, argument = info[1:].partition("}")
    if name in _NO_TEXT:
        return []
    content = token.content.split("\n")
    options: dict[str, str] = {}
    while content and content[0].startswith(":") and ":" in content[0][1:]:
        key, _colon, value = content.pop(0)[1:].partition(":")
        options[key.strip()] = value.strip()
    offset = line + 1 + len(options)
    found = body_messages("\n".join(content), offset)
    if name in ("figure", "image"):
        found = [Message(message.text, message.line, "caption" if i == 0 and message.kind == "paragraph" and name == "figure" else message.kind,
                         message.links, message.images, message.raw) for i, message in enumerate(found)]
        if options.get("alt"):
            # Sphinx extracts the picture's alt text before the caption.
            found.insert(0, Message(options["alt"], line, "alt", images=[argument.strip()]))
    return found
