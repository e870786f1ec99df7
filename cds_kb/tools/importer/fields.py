"""Front matter fields of the CDS sources, one normalizer each: dates, pairing keys, text.

The CDS blog wrote its front matter in three shapes over the years (plain text, Jekyll,
Hugo with a CMS) and its dates in four (``2017-11-20 09:00:00 -0400``,
``2021-03-18T14:00:00.000Z`` quoted or not, and ``2022-11-24T10:56:58`` with no offset).
A date without an offset is read in the site's time zone (``kb_time_zone`` in ``conf.py``,
through ``zoneinfo`` and the pinned ``tzdata``) and written with its offset, as the build
requires.
"""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ...core.errors import UserError
from ...core.schema import pairing_key as normalized_key
from ...core.text import slug

_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")


def split_author(value: str) -> tuple[str, str | None]:
    """``Name, Role, Organization`` -> (``Name``, ``Role, Organization``): one author (see ``authors``)."""
    name, _comma, role = (part.strip() for part in value.partition(","))
    return name, role or None


def time_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(f"conf.py: kb_time_zone = {name!r} is not a time zone; give one such as \"America/Toronto\"") from None


def normalize_date(value: str, zone: ZoneInfo | None = None) -> str:
    """Any date form of the CDS sources -> ISO 8601 with its offset.

    ``2017-11-20 09:00:00 -0400`` -> ``2017-11-20T09:00:00-04:00``;
    ``2022-10-06T12:00:00.000Z`` -> ``2022-10-06T12:00:00+00:00``;
    ``2022-11-24T10:56:58`` -> ``2022-11-24T10:56:58-05:00`` in ``zone`` (America/Toronto).
    Raises ValueError for anything else, and for a date without an offset when no zone is given.
    """
    when = parse_date(value)
    if when.tzinfo is None:
        if zone is None:
            raise ValueError(f"{value!r} has no UTC offset")
        when = when.replace(tzinfo=zone)
    return when.replace(microsecond=0).isoformat()


def parse_date(value: str) -> datetime:
    text = value.strip()
    for pattern in _FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    when = datetime.fromisoformat(text)
    if len(text) <= 10:  # a day alone: no time to keep
        raise ValueError(f"{value!r} has no time")
    return when


def has_offset(value: str) -> bool:
    try:
        return parse_date(value).tzinfo is not None
    except ValueError:
        return False


def pairing_key(front_matter: dict, title: str) -> str:
    """The key shared by a post and its translation: translationKey, else trans_url, else the title."""
    if front_matter.get("translationKey"):
        return normalized_key(str(front_matter["translationKey"]))
    if front_matter.get("trans_url"):
        return slug(str(front_matter["trans_url"]).rstrip("/").rsplit("/", 1)[-1])
    return slug(title)


def plain(value: object) -> str:
    """A front matter text field as a reader sees it: entities decoded (``&nbsp;``), spaces collapsed."""
    text = html.unescape(str(value))
    return " ".join(text.replace("\u00a0", "\x00").split()).replace("\x00", "\u00a0").strip("\u00a0 ")
