"""The network pictures on the real site, in both languages (cds_kb.sphinxext.network)."""

from __future__ import annotations

import shutil

import pytest

from cds_kb.sphinxext.network import NETWORK_TYPES

from ..conftest import LANGUAGES, PROJECT, build_site, edit, entries, front_matter, html, resolve

PICTURED = [docname for docname in entries() if front_matter(docname).get("type") in NETWORK_TYPES]


def picture_links(site, language, docname):
    page = html(site, language, docname)
    svg = page.select_one("figure.kb-network-figure svg")
    assert svg is not None, f"{language}/{docname} has no network picture"
    return page, svg.find_all("a")


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_and_every_entry_page_carry_the_picture_with_linked_nodes(site, language):
    assert len(PICTURED) > 20
    problems = []
    for docname in ["index", *PICTURED]:
        page, links = picture_links(site, language, docname)
        path = site / language / f"{docname}.html"
        hrefs = set()
        for link in links:
            name = " ".join(text.get_text() for text in link.find_all("text"))
            if link["aria-label"] != name:
                problems.append(f"{language}/{docname}: link named {link['aria-label']!r} shows {name!r}")
            if link["href"] != "#" and not resolve(site, path, link["href"]).exists():
                problems.append(f"{language}/{docname}: {link['href']} leads nowhere")
            hrefs.add(link["href"])
        # The list under the picture links the same entries (stories too, which the picture leaves out).
        listed = {a["href"] for a in page.select(".kb-network-list a")}
        if not hrefs - {"#"} <= listed:
            problems.append(f"{language}/{docname}: the list lacks {sorted(hrefs - {'#'} - listed)}")
        if docname != "index" and len(links) < 2:
            problems.append(f"{language}/{docname}: the picture shows no link")
    assert problems == []


def test_both_languages_draw_the_same_entries(site):
    """The neighbourhood is ranked by links and stories, never by name: French shows what English shows."""
    different = {}
    for docname in ["index", *PICTURED]:
        english, french = ({link["href"] for link in picture_links(site, language, docname)[1]} for language in LANGUAGES)
        if english != french:
            different[docname] = sorted(english ^ french)
    assert different == {}


def test_french_pictures_show_french_names_and_legend(site):
    _, links = picture_links(site, "fr", "services/gc-notify")
    names = [link["aria-label"] for link in links]
    assert names[0] == "Notification GC" and "Service numérique canadien" in names
    assert "Canadian Digital Service" not in names
    page = html(site, "fr", "services/gc-notify")
    legend = [item.get_text(strip=True) for item in page.select("ul.kb-network-legend li")]
    assert "Organisation" in legend and "Offert par" in legend
    assert page.select_one(".kb-network-list .rubric").get_text() == "Les mêmes liens sous forme de liste"
    assert page.select_one("#network h2").get_text(strip=True).startswith("Liens et partenaires")
    home_names = [link["aria-label"] for link in picture_links(site, "fr", "index")[1]]
    assert "Service numérique canadien" in home_names and "Canadian Digital Service" not in home_names


def test_adding_a_relation_redraws_the_pictures_that_show_it(tmp_path):
    """On a copy of the real site: a new partner appears on its page and the home page, which are written again, not read."""
    for name in ("docs", "locale"):
        shutil.copytree(PROJECT / name, tmp_path / name)
    shutil.copy(PROJECT / "conf.py", tmp_path / "conf.py")
    out = tmp_path / "_build"
    build_site(out, project=tmp_path)
    target = html(out / "html", "en", "organizations/veterans-affairs-canada")
    assert "Learning Resources" not in target.select_one("figure.kb-network-figure").get_text()
    edit(tmp_path / "docs" / "services" / "learning-resources.md", "offered-by: canadian-digital-service\n",
         "offered-by: canadian-digital-service\npartners: [veterans-affairs-canada]\n")
    logs = build_site(out, project=tmp_path)
    for language in LANGUAGES:
        assert "0 added, 1 changed, 0 removed" in logs[language]
        for page in ("organizations/veterans-affairs-canada", "index"):
            names = [link["aria-label"] for link in picture_links(out / "html", language, page)[1]]
            assert ("Learning Resources" if language == "en" else "Ressources d’apprentissage") in names, (language, page, names)
