"""Search: word handling, the index the build writes (real site and test project), incremental builds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cds_kb.sphinxext import search

from ..conftest import build, edit


def index_data(outdir: Path, name: str):
    """The data an index file hands to kbSearch."""
    text = (outdir / "_static" / "kb-search" / name).read_text(encoding="utf-8")
    match = re.fullmatch(r"kbSearch\.\w+\((.*)\);\n", text, re.S)
    return json.loads(f"[{match.group(1)}]")


def names(outdir: Path) -> dict[str, list[str]]:
    meta = index_data(outdir, "meta.js")[0]
    return {url.removesuffix(".html"): [" ".join(search.words(title)), *others] for url, title, _, others in meta["pages"]}


@pytest.mark.parametrize("word", ["numerique", "Numérique", "numériques", "NUMÉRIQUES"])
def test_french_words_fold_and_stem_alike(word):
    assert search.terms(word, "fr") == search.terms("numérique", "fr")


def test_english_stems_english_and_drops_stop_words():
    assert search.terms("the partnerships of services", "en") == search.terms("partnership service", "en")
    assert search.words("l’Ontario d'apprentissage Œuvre") == ["ontario", "apprentissage", "oeuvre"]


def test_every_term_has_one_bucket_the_client_can_compute():
    assert search.bucket_of("notifi", 7) == ((ord("n") * 31 + ord("o")) * 31 + ord("t")) % 7
    assert search.bucket_of("notif", 7) == search.bucket_of("notifi", 7)
    assert search.bucket_of("x", 3) == ord("x") % 3


@pytest.mark.parametrize("language", ["en", "fr"])
def test_entry_names_come_from_titles_aliases_and_translations(site, language):
    found = names(site / language)
    # Both languages' names, from the front matter and the French page catalog.
    assert {"gc notify", "notify", "notification gc"} <= set(found["services/gc-notify"])
    assert {"canadian digital service", "cds", "service numerique canadien", "snc"} <= set(found["organizations/canadian-digital-service"])
    assert "ods" in found["organizations/ontario-digital-service"]


def test_index_gives_each_page_its_type_title_and_text(site):
    meta = index_data(site / "fr", "meta.js")[0]
    pages = {url: (title, kind) for url, title, kind, _ in meta["pages"]}
    assert pages["services/gc-notify.html"] == ("Notification GC", "service")
    assert pages["stories/pivoting-how-we-partner.html"][1] == "post"
    assert pages["people/index.html"][1] == "page"
    docname, text = index_data(site / "fr", "text/services/gc-notify.js")
    assert docname == "services/gc-notify" and "Service numérique canadien" in text
    # Links to entries by id show the entry's title, in the page's language.
    _, story = index_data(site / "fr", "text/stories/pivoting-how-we-partner.js")
    assert "\x01" not in story and "Notification GC" in story


@pytest.mark.parametrize("language", ["en", "fr"])
def test_search_page_has_labelled_controls_a_live_region_and_no_inline_script(site, language):
    page = BeautifulSoup((site / language / "search.html").read_text(encoding="utf-8"), "html.parser")
    for control in page.select("#kb-search input, #kb-search select"):
        assert page.find("label", attrs={"for": control["id"]}).get_text(strip=True)
    status = page.find(id="kb-search-status")
    assert status["role"] == "status" and status["aria-live"] == "polite"
    assert page.find(id="search-results") is not None
    # The client and its stemmer are files (a strict CSP allows them); no inline script of search's.
    assert len([script for script in page.find_all("script", src=True) if "kb-search" in script["src"]]) == 2
    assert not [script for script in page.find_all("script", src=False) if "kbSearch" in script.get_text()]
    assert not page.find_all(attrs={re.compile("^on"): True})


def test_french_search_page_labels_are_french(site):
    page = BeautifulSoup((site / "fr" / "search.html").read_text(encoding="utf-8"), "html.parser")
    options = [option.get_text() for option in page.select("#kb-search-type option")]
    assert options[0] == "Tous les types" and "Article" in options and "Organisation" in options
    form = page.find(id="kb-search")
    assert form["data-results-many"] == "{count} résultats pour «\u00a0{query}\u00a0»"
    assert page.find("label", attrs={"for": "kb-search-query"}).get_text() == "Rechercher dans la base de connaissances"


def test_index_follows_the_pages_and_is_not_rewritten_when_nothing_changed(make_app, kb_project):
    app, _, _ = build(make_app, kb_project)
    outdir = Path(app.outdir)
    assert {"notify", "notifier", "notification"} <= set(names(outdir)["services/notify"])
    meta = outdir / "_static" / "kb-search" / "meta.js"
    written = meta.stat().st_mtime_ns

    app, read, written_pages = build(make_app, kb_project)
    assert read == set() and meta.stat().st_mtime_ns == written

    edit(kb_project / "services" / "notify.md", "en: [Notifier]", "en: [Messenger]")
    (kb_project / "stories" / "second.md").unlink()
    app, read, _ = build(make_app, kb_project)
    found = names(outdir)
    assert "messenger" in found["services/notify"] and "notifier" not in found["services/notify"]
    assert "stories/second" not in found
    assert not (outdir / "_static" / "kb-search" / "text" / "stories" / "second.js").exists()
