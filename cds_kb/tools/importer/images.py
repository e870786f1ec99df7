"""Pictures: fetched into the project (``--fetch-images``), or shown as links with their alt text.

The site makes no request to another host (its Content Security Policy allows its own
files only), so a picture on an outside host is either downloaded into
``docs/stories/images/`` and shown from there, or shown as a link whose text is the
picture's alt text. A download that fails (no network, not found, not a picture, too big)
falls back to the link and is reported. The same address is fetched once per run; a file
already in the project with the same bytes is reused, a different one of the same name is
kept and the new one gets a suffix.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ...core.files import write_atomically
from ...core.text import slug
from .convert import Picture

FOLDER = "images"
LIMIT = 20 * 1024 * 1024
TIMEOUT = 20
_KINDS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp", "image/svg+xml": ".svg"}


class Pictures:
    """Fetches pictures for the pages of one folder (``--fetch-images``), or decides links."""

    def __init__(self, stories: Path, fetch: bool, dry_run: bool = False) -> None:
        self.folder = stories / FOLDER
        self.fetch, self.dry_run = fetch, dry_run
        self.fetched: dict[str, Path | None] = {}
        self.errors: dict[str, str] = {}

    def decide(self, url: str, page: Path) -> Picture:
        if not self.fetch or self.dry_run:
            return Picture(None, url, "dry run: nothing fetched")
        if url not in self.fetched:
            self.fetched[url] = self._download(url)
        target = self.fetched[url]
        if target is None:
            return Picture(None, url, self.errors.get(url, ""))
        return Picture(Path(os.path.relpath(target, page.parent)).as_posix(), url)

    def _download(self, url: str) -> Path | None:
        if urlsplit(url).scheme not in ("http", "https"):
            self.errors[url] = "not an http(s) address"
            return None
        try:
            request = urllib.request.Request(url, headers={"User-Agent": "cds-kb-import"})
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) only, checked above
                kind = response.headers.get_content_type()
                data = response.read(LIMIT + 1)
        except (urllib.error.URLError, OSError, ValueError) as error:
            self.errors[url] = str(getattr(error, "reason", error))
            return None
        if kind not in _KINDS:
            self.errors[url] = f"not a picture ({kind})"
            return None
        if len(data) > LIMIT:
            self.errors[url] = "larger than 20 MB"
            return None
        return self._store(url, data, _KINDS[kind])

    def _store(self, url: str, data: bytes, extension: str) -> Path:
        name = PurePosixPath(unquote(urlsplit(url).path)).name
        stem, suffix = os.path.splitext(name)
        base = (slug(stem) or "picture") + (suffix.lower() if suffix.lower() in _KINDS.values() or suffix.lower() == ".jpeg" else extension)
        target = self.folder / base
        if target.exists() and target.read_bytes() != data:
            target = self.folder / f"{Path(base).stem}-{hashlib.sha256(data).hexdigest()[:8]}{Path(base).suffix}"
        if not target.exists() or target.read_bytes() != data:
            write_atomically(target, data)
        return target
