"""Known-item search at archive scale: with the CDS archive sample imported, the distinctive words
of a post's title find it in the first three results, in both languages (``make bench`` reports
the same share on its own import).

Slow: it shares the import and build of ``tests/site/test_archive.py`` (session fixtures).
"""

from __future__ import annotations

import pytest

from bench import browser as search_bench

from ..conftest import LANGUAGES, serve

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_posts_distinctive_title_words_find_it_in_the_first_three(archive_built, page, language):
    site, data = archive_built
    assert all(result.returncode == 0 for result in data["builds"].values())
    html = site / "_build" / "html"
    with serve(html) as site_url:
        found = search_bench.known_item_share(page, site_url, html, language)
    # Every story: the three of the site and the thirty of the sample.
    assert found["pages"] >= 33
    assert found["misses"] == []
