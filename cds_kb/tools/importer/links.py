"""Links to the old CDS site: a link to a post the site holds becomes a link to its page.

The archive links its own posts by their old addresses: root-relative
(``/2017/08/24/picking-our-projects/``) or absolute, in English
(``https://digital.canada.ca/...``) or French (``https://numerique.canada.ca/...``);
``kb_old_site`` in ``conf.py`` names the two addresses. A link whose
``/YYYY/MM/DD/slug/`` path names a post of the site (its date, give or take a day for the
time zone, and its slug: the post's key, or its English or French title as a slug)
becomes a relative link to that post's page, which MyST resolves in both languages; any
other address of the old site stays an absolute link (``https``). Nothing is guessed from
the date alone: two posts can share a day.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from ...core.text import slug

_POST_PATH = re.compile(r"^/(\d{4})/(\d{2})/(\d{2})/([^/]+)/?$")

# A Markdown link to an outside address, then what may close around it (quotes, emphasis
# marks, escaped or not), then the marker a post typed by hand for content in the other
# language only: the build adds the marker itself, from the link map (« (en anglais
# seulement) », "(French only)").
_SPACE = "[ \u00a0\u202f]"
_OUTSIDE_LINK = r"\[(?:[^\[\]\\]|\\.)*\]\((?P<url>https?://[^)\s]+)\)"
_CLOSING = rf"(?P<closing>(?:{_SPACE}*(?:»|”|\"|(?:\\?\*){{1,2}}|\\?_))*)"
ONE_LANGUAGE_MARKERS = {
    # Typed on French pages after a link to English-only content.
    "fr": re.compile(
        _OUTSIDE_LINK + _CLOSING + rf"{_SPACE}*[(\[](?:disponible{_SPACE}+)?(?:en{_SPACE}+anglais(?:{_SPACE}+seulement)?|anglais{_SPACE}+seulement)[)\]]",
        re.IGNORECASE,
    ),
    # Typed on English pages after a link to French-only content.
    "en": re.compile(
        _OUTSIDE_LINK + _CLOSING + rf"{_SPACE}*[(\[](?:available{_SPACE}+)?(?:in{_SPACE}+)?French{_SPACE}+only[)\]]",
        re.IGNORECASE,
    ),
}


def without_one_language_markers(text: str, language: str) -> tuple[str, list[str]]:
    """``text`` without the hand-typed markers after its outside links, and the addresses they marked.

    ``language`` is the language of the text: a French text marks English-only content, an
    English text French-only content.
    """
    marked: list[str] = []

    def keep_link(match: re.Match) -> str:
        marked.append(match.group("url"))
        whole = match.group(0)
        return whole[: match.end("closing") - match.start()]

    return ONE_LANGUAGE_MARKERS[language].sub(keep_link, text), marked


def compact(text: str) -> str:
    """A title or slug reduced to its letters and digits: ``l’inclusivité`` and ``linclusivite`` meet."""
    return slug(unquote(text)).replace("-", "")


@dataclass
class KnownPost:
    page: Path
    key: str
    days: set[date] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # compact key and titles

    def add_date(self, value: str | None, zone) -> None:
        try:
            when = datetime.fromisoformat(str(value))
        except (TypeError, ValueError):
            return
        days = {when.date()}
        if when.tzinfo is not None and zone is not None:
            days.add(when.astimezone(zone).date())
        self.days |= {day + timedelta(days=shift) for day in days for shift in (-1, 0, 1)}


@dataclass
class OldSite:
    """The old site's addresses (by language) and the posts the site holds."""

    addresses: dict[str, str]
    posts: list[KnownPost] = field(default_factory=list)

    def hosts(self) -> set[str]:
        return {urlsplit(address).netloc.lower().removeprefix("www.") for address in self.addresses.values()}

    def is_old_site(self, url: str) -> bool:
        return urlsplit(url).netloc.lower().removeprefix("www.") in self.hosts()

    def post_for(self, url: str) -> KnownPost | None:
        """The site's post an old address names, or None."""
        if not self.is_old_site(url):
            return None
        found = _POST_PATH.match(urlsplit(url).path)
        if not found:
            return None
        year, month, day, name = found.groups()
        try:
            when = date(int(year), int(month), int(day))
        except ValueError:
            return None
        wanted = compact(name)
        matches = [post for post in self.posts if when in post.days and wanted in post.names]
        return matches[0] if len(matches) == 1 else None

    def link(self, url: str, page: Path) -> str:
        """How ``page`` links ``url``: a relative link to a post's page, or the address itself (https for the old site)."""
        post = self.post_for(url)
        if post is not None:
            return Path(os.path.relpath(post.page, page.parent)).as_posix()
        if self.is_old_site(url):
            parts = urlsplit(url)
            return urlunsplit(("https", parts.netloc, parts.path or "/", parts.query, parts.fragment))
        return url

    def know(self, page: Path, key: str, titles: list[str], dated: str | None, zone) -> KnownPost:
        for post in self.posts:
            if post.page == page:
                break
        else:
            post = KnownPost(page, key)
            self.posts.append(post)
        post.key = key
        post.names |= {compact(key), *(compact(title) for title in titles if title)}
        post.add_date(dated, zone)
        return post
