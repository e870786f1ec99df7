"""The link map's format (``locale/links.csv``): reading, matching, pairing, bad rows."""

from __future__ import annotations

import pytest

from cds_kb.core import linkmap
from cds_kb.core.errors import UserError

from ..conftest import PROJECT

ROWS = """english,french,status,source
https://www.canada.ca/en/a.html,https://www.canada.ca/fr/a.html,french,a French post
https://notification.canada.ca/,https://notification.canada.ca/,same,one address
https://medium.com/ontariodigital,,english-only,a French post says so
https://example.org/x,,unverified,nothing found
,https://exemple.qc.ca/,french-only,its own page
"""


@pytest.fixture
def link_map(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text(ROWS, encoding="utf-8")
    return linkmap.load(path)


def test_each_address_is_found_by_either_language_trailing_slash_and_fragment_aside(link_map):
    assert link_map.find("https://www.canada.ca/fr/a.html#top").english == "https://www.canada.ca/en/a.html"
    assert link_map.find("HTTPS://WWW.CANADA.CA/en/a.html/") is not None
    assert link_map.find("https://elsewhere.example/") is None


def test_the_address_each_language_links(link_map):
    assert link_map.address_for("https://www.canada.ca/en/a.html", "fr") == "https://www.canada.ca/fr/a.html"
    assert link_map.address_for("https://www.canada.ca/en/a.html", "en") == "https://www.canada.ca/en/a.html"
    # No French version, or none known yet: French pages link the English address.
    assert link_map.address_for("https://medium.com/ontariodigital", "fr") == "https://medium.com/ontariodigital"
    assert link_map.address_for("https://example.org/x", "fr") == "https://example.org/x"
    assert link_map.address_for("https://unknown.example/", "fr") == "https://unknown.example/"


def test_pairs_and_the_french_for_an_english_address(link_map):
    assert link_map.paired("https://www.canada.ca/en/a.html", "https://www.canada.ca/fr/a.html")
    assert not link_map.paired("https://www.canada.ca/en/a.html", "https://www.canada.ca/fr/b.html")
    assert link_map.french_for("https://www.canada.ca/en/a.html") == "https://www.canada.ca/fr/a.html"
    assert link_map.french_for("https://notification.canada.ca/") is None  # one address for both
    assert link_map.french_for("https://example.org/x") is None  # unverified: never guessed


def test_one_language_only(link_map):
    assert link_map.find("https://medium.com/ontariodigital").only_in() == "en"
    assert link_map.find("https://exemple.qc.ca/").only_in() == "fr"
    assert link_map.find("https://example.org/x").only_in() is None


def test_add_and_save_keep_rows_sorted_and_known_addresses_once(link_map, tmp_path):
    assert not link_map.add(linkmap.Destination("https://www.canada.ca/en/a.html", "https://www.canada.ca/fr/z.html", "french", "x"))
    assert link_map.add(linkmap.Destination("https://a.example/", "https://a.example/fr/", "french", "its toggle"))
    path = tmp_path / "saved.csv"
    assert linkmap.save(path, link_map)
    assert not linkmap.save(path, linkmap.load(path))  # stable
    assert path.read_text(encoding="utf-8").splitlines()[1].startswith("https://a.example/,")


@pytest.mark.parametrize("row, says", [
    ("https://a.example/,,french,x", "needs both addresses"),
    ("https://a.example/,https://a.example/fr,same,x", "the same address twice"),
    ("https://a.example/,https://a.example/fr,unverified,x", "an English address and no French one"),
    ("https://a.example/,,maybe,x", "is not one of"),
    ("a.example,,unverified,x", "is not an absolute address"),
    ("https://a.example/,,unverified", "this one has 3"),
])
def test_a_bad_row_is_reported_with_its_line(tmp_path, row, says):
    path = tmp_path / "links.csv"
    path.write_text("english,french,status,source\n" + row + "\n", encoding="utf-8")
    with pytest.raises(UserError, match=rf"links\.csv:2: .*{says}"):
        linkmap.load(path)


def test_the_real_map_reads_and_every_row_says_where_it_comes_from():
    link_map = linkmap.load(PROJECT / "locale" / linkmap.LINK_MAP)
    assert link_map.destinations
    assert all(destination.source.strip() for destination in link_map.destinations)
    assert linkmap.load(PROJECT / "locale" / linkmap.LINK_MAP).text() == (PROJECT / "locale" / linkmap.LINK_MAP).read_text(encoding="utf-8")


def test_a_destination_marked_one_language_by_a_post(link_map):
    # Unknown: a row of its own; unverified (no French found): now known to be English only.
    assert link_map.only_in_one_language("https://oneteamgov.example/", "en", "fr/policy.md")
    assert link_map.find("https://oneteamgov.example").only_in() == "en"
    assert link_map.only_in_one_language("https://example.org/x", "en", "fr/policy.md")
    assert link_map.find("https://example.org/x").status == "english-only"
    assert link_map.only_in_one_language("https://quebec.example/page", "fr", "en/post.md")
    assert link_map.find("https://quebec.example/page").only_in() == "fr"
    # A destination with a French address stays as the map has it; a second mark changes nothing.
    assert not link_map.only_in_one_language("https://www.canada.ca/en/a.html", "en", "fr/policy.md")
    assert link_map.find("https://www.canada.ca/en/a.html").status == "french"
    assert not link_map.only_in_one_language("https://oneteamgov.example/", "en", "fr/other.md")
    assert linkmap.LinkMap(list(link_map.destinations)).text() == link_map.text()
