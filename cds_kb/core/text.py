"""Text helpers shared by the build and the tools."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """A lower-case ASCII id: ``Hillary Hartley`` -> ``hillary-hartley``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
