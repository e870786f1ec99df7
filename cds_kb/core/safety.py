"""Unsafe input: what in a piece of HTML, or a link address, could run script in a reader's browser.

The build refuses such raw HTML and links (``sphinxext.checks``); the importer reports them
(``tools.importer``). One definition, so both refuse the same things.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SCRIPT_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
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
            elif name in _URL_ATTRIBUTES and value and SCRIPT_SCHEMES.match(value):
                self.found.append(f"a {value.split(':', 1)[0].strip().lower()}: address ({name}=)")

    handle_startendtag = handle_starttag


def active_content(html: str) -> list[str]:
    """What in ``html`` could run script: ``[]`` when it is safe to publish."""
    parser = _ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.found



def is_script_address(uri: str) -> bool:
    """A ``javascript:``, ``vbscript:`` or ``data:`` address: never a link to publish."""
    return bool(SCRIPT_SCHEMES.match(uri or ""))
