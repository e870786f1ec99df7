"""The CDS source formats: how their fields become the project's front matter.

The CDS blog wrote its front matter in three shapes over the years (plain text, Jekyll,
Hugo with a CMS). These functions normalize one field each; the importer (``importer``)
uses them, and the tests check the site's pages against them.
"""

from __future__ import annotations

from datetime import datetime

from ..core.text import slug


def split_author(value: str) -> tuple[str, str | None]:
    """``Name, Role, Organization`` -> (``Name``, ``Role, Organization``)."""
    name, _comma, role = (part.strip() for part in value.partition(","))
    return name, role or None


def normalize_date(value: str) -> str:
    """Any date form of the CDS sources -> ISO 8601 with its offset.

    ``2017-11-20 09:00:00 -0400`` -> ``2017-11-20T09:00:00-04:00``;
    ``2022-10-06T12:00:00.000Z`` -> ``2022-10-06T12:00:00+00:00``.
    Raises ValueError for anything else, or for a date with no offset.
    """
    text = value.strip()
    for pattern in ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            when = datetime.strptime(text, pattern)
            break
        except ValueError:
            continue
    else:
        when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset")
    return when.replace(microsecond=0).isoformat()


def pairing_key(front_matter: dict, title: str) -> str:
    """The key shared by a post and its translation: translationKey, else trans_url, else the title."""
    if front_matter.get("translationKey"):
        return str(front_matter["translationKey"])
    if front_matter.get("trans_url"):
        return slug(str(front_matter["trans_url"]).rstrip("/").rsplit("/", 1)[-1])
    return slug(title)


