"""Languages: the site's languages, and where each page's translation lives.

English is the source language; every other language is a gettext translation with one
catalog per page: ``<locale>/<language>/LC_MESSAGES/<docname>.po`` (``gettext_compact =
False``). ``catalog_path`` is the one place that spells that path.
"""

from __future__ import annotations

from pathlib import Path

SOURCE_LANGUAGE = "en"
# The endonym of each language: what a reader looks for to switch.
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
TRANSLATIONS = tuple(code for code in LANGUAGE_NAMES if code != SOURCE_LANGUAGE)
# The catalog of the labels the extension shows (not a page's).
LABEL_CATALOG = "cds_kb"


def other_language(language: str) -> str:
    return "fr" if language == "en" else "en"


def messages_dir(locale: Path, language: str) -> Path:
    """The folder of a language's catalogs."""
    return Path(locale) / language / "LC_MESSAGES"


def catalog_path(locale: Path, language: str, docname: str, suffix: str = ".po") -> Path:
    """The catalog of a page (or of a label domain, such as ``cds_kb``)."""
    return messages_dir(locale, language) / f"{docname}{suffix}"


def docname_of_catalog(locale: Path, language: str, path: Path) -> str:
    """The page (or label domain) a catalog translates: the inverse of ``catalog_path``."""
    return Path(path).relative_to(messages_dir(locale, language)).with_suffix("").as_posix()
