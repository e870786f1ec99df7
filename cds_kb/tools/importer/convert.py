"""A post's body (Markdown, WordPress HTML, or both mixed) -> clean MyST Markdown, and what was not carried over.

The CDS archive wrote bodies in Markdown for six years, then in WordPress HTML (``<p>``,
``<h2 class="wp-block-heading">``, ``<figure>``, ``&nbsp;``), and sometimes mixed the two.
Every body takes one road:

1. markdown-it-py (MyST's own tokenizer: CommonMark, tables, raw HTML allowed) renders the
   body to HTML, so that Markdown and the HTML inside it become one document. A marker
   element before each block keeps the source line, for the reports.
2. The HTML is tidied as a tree (BeautifulSoup): links to the old site become links to the
   site's pages (``links``), pictures become fetched files or links with their alt text
   (``images``), layout tables give back their cells' content, ``<br><br>`` splits
   paragraphs, heading levels follow each other, headings lose their bold and their
   WordPress ids and classes, and what MyST cannot express (embedded players, forms,
   scripts, strikethrough, ``javascript:`` links) is reported with its line.
3. markdownify writes the tree as Markdown, with the few MyST rules it needs (a figure
   directive, the ``{sup}`` role, escapes that keep text from becoming markup, such as a
   paragraph starting with ``- `` or ``%``).

Chosen after measuring markdownify, html2text and pandoc on the sample's HTML posts: see
the maintainers' guide, "Adding posts". No regular expression reads HTML here.
"""

from __future__ import annotations

import html as html_text
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdownify import ATX, BACKSLASH, MarkdownConverter
from mdit_py_plugins.footnote import footnote_plugin

from ...core.safety import is_script_address

# Characters that change how text reads without showing: control characters and the
# bidirectional overrides and isolates of "Trojan source" (CVE-2021-42574).
_INVISIBLE = {chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
_BLOCKS = {"kb-footnote", "p", "div", "section", "article", "header", "footer", "aside", "main", "h1", "h2", "h3", "h4", "h5", "h6",
           "ul", "ol", "li", "dl", "table", "figure", "blockquote", "pre", "hr", "img", "kb-figure", "kb-img"}
_CELL_BLOCKS = {"div", "section", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "figure", "blockquote", "pre", "img"}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LEFT_OUT = {"script": "a script", "style": "a style sheet", "noscript": "a <noscript> block", "template": "a <template>",
             "form": "a form", "input": "a form field", "button": "a button", "select": "a form field", "textarea": "a form field",
             "svg": "an SVG drawing", "canvas": "a canvas", "map": "an image map"}
_EMBEDS = {"iframe": "an embedded page (video, map or form)", "video": "a video", "audio": "an audio clip",
           "embed": "an embedded object", "object": "an embedded object"}
_FOREIGN = [
    (re.compile(r"\{%.*?%\}|\{\{(?!<).*?\}\}"), "a Liquid (Jekyll) tag"),
    (re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}"), "a Hugo shortcode"),
    (re.compile(r"^\{:.*\}\s*$"), "a kramdown attribute list"),
]
_SPACED_LINK = re.compile(r"\[([^\[\]]+)\][ \t]+\(((?:https?://|mailto:)[^()\s]+)\)")
# A line that MyST would read as markup, not text: list and heading marks, a quote, a comment
# (%), a directive fence (:::), a block break (+++), a target ((label)=).
_LINE_START = re.compile(r"^(?:[-+*](?=\s|$)|#{1,6}(?=\s|$)|>|%|\d{1,9}[.)](?=\s|$)|:::|\+\+\+|=+\s*$|\(.*\)=)")


@dataclass
class Picture:
    """What ``images`` decided for a picture: a file in the project, or a link."""

    path: str | None  # the file's path relative to the page (None: shown as a link)
    url: str
    reason: str = ""  # why it could not be fetched


@dataclass
class Context:
    """What a conversion needs from the rest of the import."""

    path: object  # the source file, for the reports
    body_line: int = 1
    language: str = "en"
    old_site: str = ""  # the old site's address in this language, for root-relative links
    link: Callable[[str], str] = lambda url: url  # an address as the page should link it
    picture: Callable[[str, str], Picture] | None = None  # (url, alt) -> Picture; None: pictures are links
    plain_text: bool = False  # one paragraph per line, no markup


@dataclass
class Converted:
    text: str
    notes: list[tuple[str, str]] = field(default_factory=list)  # (kind, "file:line: message")


def strip_invisible(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Text without control characters and bidi overrides, and (line, character name) of each removed."""
    found = []
    if not _INVISIBLE.intersection(text):
        return text, found
    kept = []
    line = 1
    for character in text:
        if character == "\n":
            line += 1
        if character in _INVISIBLE:
            found.append((line, unicodedata.name(character, f"U+{ord(character):04X}")))
            continue
        kept.append(character)
    return "".join(kept), found


def to_myst(body: str, context: Context) -> Converted:
    """The body as MyST Markdown, with a note for everything not carried over as it was."""
    result = Converted("")
    body, invisible = strip_invisible(body)
    for line, name in invisible:
        result.notes.append(("characters", f"{context.path}:{context.body_line + line - 1}: an invisible character ({name}) was removed; check the text around it"))
    markup = _plain_html(body) if context.plain_text else _markdown_html(body)
    soup = BeautifulSoup(markup, "html.parser")
    _Tidy(soup, context, result).run()
    text = _Writer().convert_soup(soup)
    result.text = _tidy_text(text)
    return result


# --- 1. Markdown -> HTML, with the source line of each block --------------------------------

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)
# Every link becomes an <a>, so that a javascript: link is reported with its line instead of
# silently staying text (markdown-it's own check drops it without a word).
_MARKDOWN.validateLink = lambda url: True


def _markdown_html(body: str) -> str:
    tokens = _MARKDOWN.parse(body)
    marked: list[Token] = []
    for token in tokens:
        if token.level == 0 and token.map and token.nesting >= 0 and not token.type.endswith("_close"):
            marker = Token("html_block", "", 0)
            marker.content = f'<kb-line data-line="{token.map[0] + 1}"></kb-line>\n'
            marked.append(marker)
        marked.append(token)
    return _MARKDOWN.renderer.render(marked, _MARKDOWN.options, {})


def _plain_html(body: str) -> str:
    """A plain-text body: each line is a paragraph of text (no markup to read in it)."""
    return "".join(
        f'<kb-line data-line="{number}"></kb-line>\n<p>{html_text.escape(line.strip())}</p>\n'
        for number, line in enumerate(body.split("\n"), start=1) if line.strip()
    )


# --- 2. The tree, tidied ------------------------------------------------------------------


class _Tidy:
    def __init__(self, soup: BeautifulSoup, context: Context, result: Converted) -> None:
        self.soup, self.context, self.result = soup, context, result

    def note(self, kind: str, element: Tag | None, message: str) -> None:
        self.result.notes.append((kind, f"{self.context.path}:{self.line(element)}: {message}"))

    def line(self, element: Tag | None) -> int:
        """The source file's line of an element (from the nearest marker before it)."""
        offset = self.context.body_line - 1
        if element is None:
            return offset + 1
        marker = element if element.name == "kb-line" else element.find_previous("kb-line")
        if marker is None:
            return offset + 1
        start = int(marker["data-line"])
        inside = (element.sourceline or 0) - (marker.sourceline or 0) - 1 if element is not marker else 0
        return offset + start + max(0, inside)

    def run(self) -> None:
        self.footnotes()
        self.left_out()
        self.foreign_markup()
        self.spaced_links()
        self.links()
        self.tables()
        self.figures()
        self.pictures()
        self.breaks()
        self.inline_styles()
        self.headings()
        self.empty_blocks()
        for marker in self.soup.find_all("kb-line"):
            marker.decompose()

    def footnotes(self) -> None:
        """Markdown footnotes (``[^1]``), as markdown-it renders them, back to MyST footnotes."""
        for reference in self.soup.select("sup.footnote-ref"):
            anchor = reference.find("a")
            number = (anchor.get("href") or "#fn").removeprefix("#fn") if anchor else ""
            reference.replace_with(self.soup.new_tag("kb-fnref", n=number or "0"))
        for separator in self.soup.select("hr.footnotes-sep"):
            separator.decompose()
        for section in self.soup.select("section.footnotes"):
            for item in section.select("li.footnote-item"):
                for back in item.select("a.footnote-backref"):
                    back.decompose()
                note = self.soup.new_tag("kb-footnote", n=(item.get("id") or "fn0").removeprefix("fn"))
                for child in list(item.children):
                    note.append(child.extract())
                section.insert_before(note)
            section.decompose()

    # What MyST cannot express: reported with its line.
    def left_out(self) -> None:
        for element in self.soup.find_all(list(_LEFT_OUT)):
            if element.parent is None:
                continue  # inside one already removed
            text = " ".join(element.get_text(" ").split()) if element.name not in ("script", "style") else ""
            self.note("html", element, f"{_LEFT_OUT[element.name]} was left out (MyST has no place for it)"
                      + (f"; its text was: {text[:80]!r}" if text else ""))
            element.decompose()
        for element in self.soup.find_all(list(_EMBEDS)):
            source = element.get("src") or element.get("data") or next((s.get("src") for s in element.find_all("source") if s.get("src")), None)
            label = element.get("title") or " ".join(element.get_text(" ").split())
            if source and not is_script_address(source):
                url = self.context.link(self._absolute(source))
                link = self.soup.new_tag("a", href=url)
                link.string = label or url
                paragraph = self.soup.new_tag("p")
                paragraph.append(link)
                self.note("html", element, f"{_EMBEDS[element.name]} became a link to {url} (the site loads nothing from other hosts)")
                element.replace_with(paragraph)
            else:
                self.note("html", element, f"{_EMBEDS[element.name]} without an address was left out")
                element.decompose()
        for element in self.soup.find_all(["del", "s", "strike"]):
            self.note("html", element, "struck-through text is kept as plain text (MyST has no strikethrough here)")
            element.unwrap()

    def foreign_markup(self) -> None:
        for text in self.soup.find_all(string=True):
            if isinstance(text, NavigableString) and text.parent is not None and text.parent.name not in ("pre", "code"):
                for pattern, what in _FOREIGN:
                    if pattern.search(str(text)):
                        self.note("markup", text.parent, f"{what} is kept as text; rewrite it in MyST by hand")

    def spaced_links(self) -> None:
        """``[text] (https://...)``: a Markdown link with a space before its address, which is not a link."""
        for text in list(self.soup.find_all(string=_SPACED_LINK)):
            if not isinstance(text, NavigableString) or text.find_parent(["a", "pre", "code"]) is not None:
                continue
            parent = text.parent
            pieces: list = []
            position = 0
            value = str(text)
            for match in _SPACED_LINK.finditer(value):
                pieces.append(NavigableString(value[position : match.start()]))
                anchor = self.soup.new_tag("a", href=match.group(2))
                anchor.string = match.group(1)
                pieces.append(anchor)
                position = match.end()
            pieces.append(NavigableString(value[position:]))
            self.note("link-repaired", parent, "a link written with a space between ']' and '(' (not a link in Markdown) was made a link; check it")
            for piece in pieces:
                text.insert_before(piece)
            text.extract()

    def _absolute(self, url: str) -> str:
        """An address of the old site written relative to it, made absolute."""
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme or url.startswith(("#", "mailto:", "tel:")):
            return url
        if url.startswith("//"):
            return f"https:{url}"
        base = self.context.old_site.rstrip("/")
        return f"{base}{url}" if url.startswith("/") else f"{base}/{url}"

    def links(self) -> None:
        for anchor in self.soup.find_all("a"):
            href = (anchor.get("href") or "").strip()
            if not href or href.startswith("#"):
                anchor.unwrap()  # an anchor in the old page: its ids are gone
                continue
            if is_script_address(href):
                self.note("link", anchor, f"a link to {href.split(':', 1)[0].lower()}: is kept as plain text (MyST would not make it a link)")
                anchor.unwrap()
                continue
            anchor.attrs = {"href": _destination(self.context.link(self._absolute(href)))}
            if not anchor.get_text(strip=True) and not anchor.find("img"):
                self.note("link", anchor, f"a link with no text to {anchor['href']} was left out")
                anchor.decompose()

    def _alt(self, image: Tag) -> str:
        alt = " ".join((image.get("alt") or "").split())
        if not alt:
            name = unquote(PurePosixPath(urlsplit(image.get("src") or "").path).name) or "picture"
            self.note("image-alt", image, f"a picture without alternative text ({name}); its link shows the file name: describe it in the source")
            alt = name
        return alt

    def _picture(self, image: Tag) -> tuple[Picture | None, str, str]:
        """(decision, alt, url) for an <img>; None when it has no usable address."""
        source = (image.get("src") or "").strip()
        if not source or source.startswith("data:") or is_script_address(source):
            self.note("image", image, "a picture without a usable address was left out")
            return None, "", ""
        url = self._absolute(source)
        alt = self._alt(image)
        if self.context.picture is None:
            self.note("image", image, f"the picture {url} is shown as a link with its alt text (import with --fetch-images to keep it)")
            return Picture(None, url), alt, url
        decision = self.context.picture(url, alt)
        if decision.path is None:
            self.note("image", image, f"the picture {url} could not be fetched ({decision.reason or 'dry run'}): it is shown as a link with its alt text")
        return decision, alt, url

    def figures(self) -> None:
        for figure in self.soup.find_all("figure"):
            image = figure.find("img")
            caption = figure.find("figcaption")
            if image is None:
                if caption is not None:
                    caption.name = "p"
                figure.unwrap()
                continue
            decision, alt, url = self._picture(image)
            if decision is None:
                image.decompose()
                if caption is not None:
                    caption.name = "p"
                figure.unwrap()
                continue
            node = self.soup.new_tag("kb-figure", alt=alt, url=url)
            if decision.path:
                node["src"] = decision.path
            if caption is not None and caption.get_text(strip=True):
                for child in list(caption.children):
                    node.append(child.extract())
            node.sourceline = figure.sourceline
            figure.replace_with(node)

    def pictures(self) -> None:
        for image in self.soup.find_all("img"):
            decision, alt, url = self._picture(image)
            if decision is None:
                image.decompose()
                continue
            anchor = image.find_parent("a")
            if decision.path:
                replacement = self.soup.new_tag("kb-img", src=decision.path, alt=alt)
            elif anchor is not None:
                # A linked picture shown as a link: the link keeps its own address, with the alt text.
                replacement = NavigableString(alt)
            else:
                replacement = self.soup.new_tag("a", href=url, **{"data-picture": "1"})
                replacement.string = alt
            if anchor is None and image.parent is not None and image.parent.name not in ("p", "li", "td", "th", "a", "span", "em", "strong", "b", "i"):
                paragraph = self.soup.new_tag("p")
                paragraph.append(replacement)
                replacement = paragraph
            image.replace_with(replacement)

    def tables(self) -> None:
        for table in self.soup.find_all("table"):
            if table.parent is None:
                continue
            cells = [cell for cell in table.find_all(["td", "th"]) if cell.find_parent("table") is table]
            layout = any(cell.find(_CELL_BLOCKS) is not None or len(cell.find_all("p")) > 1 or len(cell.find_all("br")) > 1 for cell in cells)
            if layout:
                self.note("layout-table", table, "a layout table (its cells hold paragraphs, headings, lists or pictures) became the sequence of its cells' content")
                parts = []
                for cell in cells:
                    parts += self._blocks_of(cell)
                for part in parts:
                    table.insert_before(part)
                table.decompose()
                continue
            for cell in cells:
                for line_break in cell.find_all("br"):
                    line_break.replace_with(" ")
                for paragraph in cell.find_all("p"):
                    paragraph.unwrap()
                if cell.get("rowspan") not in (None, "1"):
                    self.note("table", cell, "a table cell spanning several rows is written once (Markdown tables have no row spans)")

    def _blocks_of(self, container: Tag) -> list[Tag]:
        """A container's content as block elements: loose text and inline elements wrapped in a <p>."""
        blocks: list[Tag] = []
        loose: list = []

        def flush() -> None:
            if any((isinstance(item, Tag) and (item.get_text(strip=True) or item.name in ("kb-img", "a"))) or str(item).strip() for item in loose):
                paragraph = self.soup.new_tag("p")
                for item in loose:
                    paragraph.append(item)
                blocks.append(paragraph)
            loose.clear()

        for child in list(container.children):
            child = child.extract()
            if isinstance(child, Tag) and child.get("data-picture"):
                flush()  # a picture shown as a link is a paragraph of its own
                loose.append(child)
                flush()
            elif isinstance(child, Tag) and (child.name in _BLOCKS or child.name == "kb-line"):
                flush()
                blocks.append(child)
            else:
                loose.append(child)
        flush()
        return blocks

    def breaks(self) -> None:
        """``<br><br>`` ends a paragraph; a <br> at the start or end of a block shows nothing."""
        for container in self.soup.find_all(["p", "li", "blockquote", "div"]):
            if container.parent is None or not container.find("br", recursive=False):
                continue
            groups: list[list] = [[]]
            pending = 0
            for child in list(container.children):
                if isinstance(child, Tag) and child.name == "br":
                    pending += 1
                    continue
                if isinstance(child, NavigableString) and not str(child).strip() and pending:
                    continue
                if pending >= 2 and groups[-1]:
                    groups.append([])
                elif pending == 1 and groups[-1]:
                    groups[-1].append(self.soup.new_tag("br"))
                pending = 0
                groups[-1].append(child)
            groups = [group for group in groups if any(str(item).strip() or isinstance(item, Tag) for item in group)]
            for child in list(container.children):
                child.extract()
            if len(groups) <= 1 or container.name in ("blockquote", "div"):
                for item in [item for group in groups for item in group]:
                    container.append(item)
                continue
            if container.name == "p":
                for group in groups:
                    paragraph = self.soup.new_tag("p")
                    for item in group:
                        paragraph.append(item)
                    container.insert_before(paragraph)
                container.decompose()
            else:  # a list item of several paragraphs
                for group in groups:
                    if len(group) == 1 and isinstance(group[0], Tag) and group[0].name in _BLOCKS:
                        container.append(group[0])
                        continue
                    paragraph = self.soup.new_tag("p")
                    for item in group:
                        paragraph.append(item)
                    container.append(paragraph)

    def inline_styles(self) -> None:
        for span in self.soup.find_all("span"):
            style = (span.get("style") or "").replace(" ", "").lower()
            classes = set(span.get("class") or [])
            if "font-weight:bold" in style or "font-weight:700" in style or classes & {"bold", "strong"}:
                span.name = "strong"
            elif "font-style:italic" in style or classes & {"italic", "em"}:
                span.name = "em"
            else:
                span.unwrap()
        for element in self.soup.find_all(["u", "mark", "small", "big", "font", "abbr", "cite", "q", "ins", "time", "bdi", "bdo"]):
            element.unwrap()

    def headings(self) -> None:
        """Headings follow each other level by level from ``##`` (the title is the page's ``#``)."""
        stack: list[tuple[int, int]] = []
        for heading in self.soup.find_all(_HEADINGS):
            for emphasis in heading.find_all(["strong", "b", "em", "i"]):
                emphasis.unwrap()  # a heading is already bold
            if not heading.get_text(strip=True).strip("\u00a0"):
                heading.decompose()
                continue
            if heading.find_parent(["li", "blockquote", "td", "th", "dd"]):
                heading.name = "p"
                strong = self.soup.new_tag("strong")
                for child in list(heading.children):
                    strong.append(child.extract())
                heading.append(strong)
                continue
            level = int(heading.name[1])
            while stack and stack[-1][0] >= level:
                stack.pop()
            shown = min(6, stack[-1][1] + 1 if stack else 2)
            stack.append((level, shown))
            heading.name = f"h{shown}"
            heading.attrs = {}

    def empty_blocks(self) -> None:
        for block in self.soup.find_all(["p", "li", "blockquote"]):
            if block.parent is not None and not block.get_text().strip(" \t\n\u00a0") and not block.find(["kb-img", "kb-figure", "a", "img"]):
                block.decompose()


# --- 3. The tree, written as MyST -------------------------------------------------------------


class _Writer(MarkdownConverter):
    """markdownify with the MyST rules the archive needs."""

    def __init__(self) -> None:
        super().__init__(heading_style=ATX, bullets="-", strong_em_symbol="*", newline_style=BACKSLASH,
                         escape_asterisks=True, escape_underscores=False, table_infer_header=True, wrap=False)

    def escape(self, text: str, parent_tags: set[str]) -> str:
        if not text or "_noformat" in parent_tags:
            return text
        text = text.replace("\\", "\\\\").replace("`", "\\`").replace("*", "\\*").replace("|", "\\|")
        text = re.sub(r"(?<![\w\\])_|_(?!\w)", r"\\_", text)  # emphasis marks, not snake_case
        text = re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text)
        text = re.sub(r"\[(?=[^\]]*\][(:\[])", r"\\[", text)
        return re.sub(r"&(?=#?\w+;)", r"\\&", text)  # text, not an entity

    def convert_p(self, el, text, parent_tags):  # noqa: ANN001, ANN201 - markdownify's signature
        converted = super().convert_p(el, text, parent_tags)
        return escape_line_starts(converted) if "_inline" not in parent_tags else converted

    def convert_li(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return super().convert_li(el, escape_line_starts(text.strip()) if not el.find(["ul", "ol"], recursive=False) else text, parent_tags)

    def convert_hN(self, n, el, text, parent_tags):  # noqa: ANN001, ANN201, N802
        return super().convert_hN(n, el, text.strip().strip("\u00a0").rstrip("#"), parent_tags)

    def convert_hr(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        # A rule shows nothing to read, and docutils refuses one at the end of a section.
        return "\n\n"

    def convert_sup(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return f"{{sup}}`{text.strip()}`" if text.strip() else ""

    def convert_sub(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return f"{{sub}}`{text.strip()}`" if text.strip() else ""

    def convert_kb_fnref(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return f"[^{el['n']}]"

    def convert_kb_footnote(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return f"\n\n[^{el['n']}]: {' '.join(text.split())}\n\n"

    def convert_kb_img(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return f"![{_label(el['alt'])}]({el['src']})"

    def convert_kb_figure(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        caption = " ".join(text.split())
        if el.get("src"):
            body = f"\n\n{caption}" if caption else ""
            return f"\n\n:::{{figure}} {el['src']}\n:alt: {' '.join(el['alt'].split())}{body}\n:::\n\n"
        link = f"[{_label(el['alt'])}]({el['url']})"
        return f"\n\n{link}\n\n" + (f"{escape_line_starts(caption)}\n\n" if caption else "")


def _destination(url: str) -> str:
    """A link's address as Markdown can hold it: no space, no unbalanced parenthesis, no angle bracket."""
    url = url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    if url.count("(") != url.count(")"):
        url = url.replace("(", "%28").replace(")", "%29")
    return url


def _label(text: str) -> str:
    """Text inside ``[...]``: brackets and backslashes escaped."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def escape_line_starts(text: str) -> str:
    """Escape each line of a paragraph that MyST would read as a list, heading, quote or comment."""
    return "\n".join(_escape_line_start(line) for line in text.split("\n"))


def _escape_line_start(line: str) -> str:
    if not _LINE_START.match(line):
        return line
    numbered = re.match(r"(\d{1,9})([.)])", line)
    if numbered:  # "1. text": the mark after the number is what makes a list
        return f"{numbered.group(1)}\\{line[numbered.end(1):]}"
    return "\\" + line


def _tidy_text(text: str) -> str:
    lines = [line.rstrip(" \t") for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text + "\n" if text else ""
