"""The CDS archive sample (../shared/cds-archive-sample/: 30 real post pairs) imported into a copy of the
site and built in both languages with -W, as a maintainer would do with the whole archive.

Slow (about three minutes on two cores): ``pytest -m slow``; ``pytest -m "not slow"`` skips it.
Everything is checked on one import and one build (session fixtures of conftest, shared with the
browser test of known-item search): every page the
import writes builds, the catalogs hold exactly the messages Sphinx extracts, the French is at
least 95 % translated with no hand edit and only the posts the import listed for a translator are
incomplete, and every paragraph, heading, list item, table cell and outside link of each source is
on its page in its language (``tests/archive_content.py``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from bench import archive
from cds_kb.tools import catalogs

from ..archive_content import catalog_mismatches, check

pytestmark = pytest.mark.slow
# The builds run in the site's copy: they find the package in the checkout, installed or not.
ENV = {**os.environ, "PYTHONPATH": str(archive.PROJECT)}


@pytest.fixture
def imported(archive_imported) -> tuple[Path, dict]:
    return archive_imported


@pytest.fixture
def built(archive_built) -> tuple[Path, dict]:
    return archive_built


def test_every_post_and_its_french_import_without_refusal(imported):
    site, data = imported
    english, french = data["reports"]["en"], data["reports"]["fr"]
    assert english.refused == [] and french.refused == []
    pages = [path for path in english.written if "/stories/" in path]
    assert len(pages) == len(list((archive.SAMPLE / "en").glob("*.md")))
    # Bylines became people: each person one entry, several people for a shared byline.
    assert len(english.people) >= 25
    assert all(Path(path).parent.name == "people" for path in english.people)
    # The French fills the catalogs of the English pages and of the new person entries.
    assert french.counts["translated"] > 900


def test_both_languages_build_with_warnings_as_errors(built):
    site, data = built
    for language, result in data["builds"].items():
        assert result.returncode == 0, f"{language}:\n{result.stderr}"
        assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr


def test_the_french_build_refuses_only_the_posts_listed_for_a_translator(built):
    site, data = built
    listed = {Path(catalog).relative_to(site).as_posix() for catalog in data["reports"]["fr"].left}
    # As `make html` builds French: incomplete pages are refused, each named.
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(site), "-D", "language=fr", "-d", str(site / "_build" / "doctrees" / "fr"),
         "-W", "--keep-going", "-n", "-q", str(site / "docs"), str(site / "_build" / "strict-fr")],
        capture_output=True, text=True, cwd=site, env=ENV,
    )
    refused = set(re.findall(r"(locale/fr/LC_MESSAGES/\S+\.po)", result.stderr))
    assert refused <= listed, result.stderr
    assert result.returncode == (1 if refused else 0)


def test_the_imported_french_is_at_least_95_percent_translated(imported):
    site, data = imported
    total = catalogs.Progress("imported")
    for path in data["reports"]["fr"].written:
        total.add(catalogs.progress(Path(path), path))
    assert total.percent >= 95.0, catalogs.format_stats([total], total)
    # Nothing half-done: a catalog the import wrote is complete unless it is listed for a translator.
    left = set(data["reports"]["fr"].left)
    for path in data["reports"]["fr"].written:
        figures = catalogs.progress(Path(path), path)
        assert figures.complete or path in left, path


def test_the_catalogs_hold_exactly_what_sphinx_extracts(imported, tmp_path):
    site, _ = imported
    potdir = tmp_path / "gettext"
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "gettext", "-c", str(site), "-q", "-j", "auto", str(site / "docs"), str(potdir)],
                   check=True, cwd=site, env=ENV)
    assert catalog_mismatches(site, potdir) == {}


def test_every_source_block_and_link_is_on_its_page(built):
    site, data = built
    listed = {Path(catalog).stem for catalog in data["reports"]["fr"].left}
    problems = check(site, archive.SAMPLE)
    english = {source: found for source, found in problems.items() if "/en/" in source}
    assert english == {}
    # French text may be missing only from a post the import listed for a translator.
    french_pages = {source: found for source, found in problems.items() if "/fr/" in source}
    for source, found in french_pages.items():
        page = next(line for line in found).split(":")[0]
        key_page = _page_of(site, Path(source))
        assert key_page in listed, "\n".join(found)


def _page_of(site: Path, source: Path) -> str:
    from ..archive_content import pages_by_key, read

    return pages_by_key(site)[read(source).key]


def test_the_link_map_records_the_french_addresses_the_french_posts_use(imported):
    site, _ = imported
    rows = (site / "locale" / "links.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "english,french,status,source"
    assert any(row.startswith("https://www.canada.ca/en/") and ",https://www.canada.ca/fr/" in row for row in rows)
    # Links to the old site's posts that the site holds became internal links (no missing reference).
    page = (site / "docs" / "stories" / "are-you-the-canadian-digital-services-next-ceo.md").read_text(encoding="utf-8")
    assert "](scaling-design-research-in-the-government-of-canada.md)" in page
    catalog = polib.pofile(str(site / "locale" / "fr" / "LC_MESSAGES" / "stories" / "are-you-the-canadian-digital-services-next-ceo.po"))
    assert any("](scaling-design-research-in-the-government-of-canada.md)" in entry.msgstr for entry in catalog)


def test_a_marker_a_french_post_typed_is_the_maps_not_the_texts(built):
    """« (en anglais seulement) » typed after links in a French post: the links are English-only
    in the map, the catalog does not carry the marker, and the French page shows it once each."""
    site, _ = built
    french = (archive.SAMPLE / "fr" / "policy.md").read_text(encoding="utf-8")
    typed = french.count("(en anglais seulement)")
    assert typed >= 3
    rows = [row for row in (site / "locale" / "links.csv").read_text(encoding="utf-8").splitlines() if row.endswith(",english-only,policy.md")]
    assert len(rows) >= typed - 1  # a destination linked twice is one row
    page = next(path for path in (site / "docs" / "stories").glob("*.md") if "\nkey: policy\n" in path.read_text(encoding="utf-8"))
    catalog = (site / "locale" / "fr" / "LC_MESSAGES" / "stories" / f"{page.stem}.po").read_text(encoding="utf-8")
    assert "anglais seulement" not in catalog
    html = (site / "_build" / "html" / "fr" / "stories" / f"{page.stem}.html").read_text(encoding="utf-8")
    assert html.count('<span class="kb-language-only">(en anglais seulement)</span>') >= typed


def test_importing_again_changes_nothing(imported, capsys):
    site, data = imported
    again = archive.import_sample(site)
    assert again["en"].written == [] and again["fr"].written == []
    assert again["en"].refused == [] and again["fr"].refused == []
