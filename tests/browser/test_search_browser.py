"""Search in a real browser (Debian's Chromium) through the real search page, on the real site."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from bench.browser import (
    index_titles, is_held_out, measure_search, query_set_scores, read_query_set, run_queries, search_page_results, typo_rows_of,
    typo_variants,
)
from cds_kb.sphinxext import search

from ..conftest import DOCS, TESTS

QUERIES = TESTS / "search_queries.csv"
# The share of the set's queries that must put their page first, and of their typing-mistake
# variants that must put it in the first three (the scores print on every run).
FIRST_PLACE_TARGET = 0.95
TYPO_FIRST_THREE_TARGET = 0.9
# Kinds of query the set must cover in both languages.
COVERS = ("acronym", "name", "person", "topic", "typo", "typo in the first letters", "exact before approximate", "maintainers")


def query_set() -> list[dict[str, str]]:
    return read_query_set(QUERIES)


def test_query_set_is_large_bilingual_points_at_real_pages_and_holds_a_third_out():
    rows = query_set()
    by_language = {language: [row for row in rows if row["language"] == language] for language in ("en", "fr")}
    assert len(rows) >= 100 and all(len(found) >= 45 for found in by_language.values())
    docs = DOCS
    assert [row["expected"] for row in rows if not (docs / f"{row['expected']}.md").exists()] == []
    for covers in COVERS:
        assert all(any(row["covers"] == covers for row in found) for found in by_language.values()), covers
    # The held-out rows are chosen by a hash of the query, never by hand.
    assert [row["query"] for row in rows if (row["holdout"] == "yes") != is_held_out(row["language"], row["query"])] == []
    assert 0.28 <= sum(row["holdout"] == "yes" for row in rows) / len(rows) <= 0.4


def _results(page, site_url, rows) -> dict[tuple[str, str], list[str]]:
    results = {}
    for language in ("en", "fr"):
        asked = [row["query"] for row in rows if row["language"] == language]
        results.update({(language, query): found for query, found in run_queries(page, site_url, language, asked).items()})
    return results


def test_query_set_puts_the_expected_page_first_and_no_maintainers_page_before_a_searcher(page, site_url):
    rows = query_set()
    scores = query_set_scores(rows, _results(page, site_url, rows))
    print(f"search: first {scores['all']['first']}/{scores['all']['queries']}; held in {scores['held_in']['first']}/{scores['held_in']['queries']}, "
          f"held out {scores['held_out']['first']}/{scores['held_out']['queries']}", *scores["misses"], sep="\n")
    assert scores["maintainers_in_first_three"] == []
    assert scores["all"]["first_share"] >= FIRST_PLACE_TARGET, "\n".join(scores["misses"])


def test_typing_mistakes_in_the_first_letters_still_find_the_page(page, site_url):
    assert typo_variants("notify") == ["ntify", "otify", "ontify"]
    assert typo_variants("services conseils") == ["srvices conseils", "ervices conseils", "esrvices conseils", "srvces conseils"]
    rows = typo_rows_of(query_set())
    scores = query_set_scores(rows, _results(page, site_url, rows))
    print(f"typing mistakes: first three {scores['all']['first_three']}/{scores['all']['queries']}, first {scores['all']['first']}", *scores["misses"], sep="\n")
    assert scores["maintainers_in_first_three"] == []
    assert scores["all"]["first_three"] / scores["all"]["queries"] >= TYPO_FIRST_THREE_TARGET, "\n".join(scores["misses"])


@pytest.mark.parametrize(("language", "query"), [("en", "homelessness"), ("fr", "itinérance"), ("en", "partner"), ("fr", "partenariat"), ("en", "dashboard")])
def test_pages_holding_the_word_come_before_pages_matching_it_approximately(page, site, site_url, language, query):
    wanted = search.terms(query, language)[0]
    results = search_page_results(page, site_url, language, query)
    holding = [wanted in search.terms(page_text(site, language, docname), language) for docname in results]
    assert holding[0] and holding == sorted(holding, reverse=True), list(zip(results, holding))


def test_maintainers_pages_come_only_for_maintainers_queries_or_their_type(page, site_url):
    # The search guide mentions notify, yet a searcher's query never lists it.
    assert not [d for d in search_page_results(page, site_url, "en", "notify") if d.startswith("maintaining/")]
    assert not [d for d in search_page_results(page, site_url, "fr", "notfy") if d.startswith("maintaining/")]
    # A word only the maintainers' pages hold, or a maintainers' page's name, is about maintaining.
    assert search_page_results(page, site_url, "en", "msgstr")[0].startswith("maintaining/")
    assert search_page_results(page, site_url, "fr", "maintenance du site")[0] == "maintaining/index"
    # The type filter asks for them.
    theirs = search_page_results(page, site_url, "en", "notify", result_type="maintaining")
    assert "maintaining/search" in theirs and all(d.startswith("maintaining/") for d in theirs)
    expect(page.locator("#kb-search-type option[value=maintaining]")).to_have_text("Maintaining this site")


@pytest.mark.parametrize(("language", "query", "suggestion", "status"), [
    ("en", "ntfy", "notify", "Did you mean “notify”?"),
    ("fr", "ntfy", "notify", "Vouliez-vous dire «\u00a0notify\u00a0»\u00a0?"),
])
def test_a_query_without_results_offers_the_closest_words_of_the_index(page, site_url, language, query, suggestion, status):
    assert search_page_results(page, site_url, language, query) == []
    expect(page.locator("#kb-search-status")).to_contain_text(status)
    link = page.locator(".kb-suggestion a")
    expect(link).to_have_text(suggestion)
    link.click()
    expect(page).to_have_url(re.compile(rf"search\.html\?q={suggestion}$"))
    expect(page.locator("#search-results .kb-result a").first).to_have_attribute("href", re.compile(r"^services/gc-notify\.html"))
    # Nothing close: no suggestion.
    search_page_results(page, site_url, language, "zzzzqx")
    expect(page.locator(".kb-suggestion")).to_have_count(0)


@pytest.mark.parametrize(("language", "query", "words", "note", "remove"), [
    # A typing mistake: the page is marked with the word it stood for.
    ("en", "ntify", r"notify", "Words from your search are marked on this page: notify.", "Remove the marks"),
    ("fr", "numerique partenariat", r"numerique%20partenariats?",
     re.compile("^Les mots de votre recherche sont mis en évidence sur cette page\u00a0: numerique, partenariats?\\.$"), "Retirer la mise en évidence"),
])
def test_a_result_leads_to_its_page_with_the_words_searched_marked(page, site_url, language, query, words, note, remove):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    search_page_results(page, site_url, language, query)
    link = page.locator("#search-results .kb-result a").first
    expect(link).to_have_attribute("href", re.compile(r"\?highlight=" + words + "$"))
    words = unquote(link.get_attribute("href").split("?highlight=")[1])
    link.click()
    marks = page.locator("#furo-main-content mark.kb-highlight")
    expect(marks.first).to_be_visible()
    # Every mark is a word of the search, in any form (accents, plural, stem), in the main content only.
    stems = {search.stem(word, language) for word in search.words(words)}
    assert {search.stem(search.words(text)[0], language) for text in marks.all_inner_texts()} <= stems
    assert page.locator("nav mark, aside mark").count() == 0
    # Not by colour alone: underlined too; and said in words, for screen readers.
    assert marks.first.evaluate("mark => getComputedStyle(mark).textDecorationLine") == "underline"
    status = page.locator("#kb-highlight-note")
    expect(status).to_have_attribute("role", "status")
    expect(status.locator("p")).to_have_text(note)
    status.get_by_role("button", name=remove).click()
    expect(marks).to_have_count(0)
    expect(status).to_be_hidden()
    assert "highlight=" not in page.url and errors == []


def test_a_page_opened_without_the_parameter_is_left_alone(page, site_url):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}/en/services/gc-notify.html")
    page.wait_for_load_state("networkidle")
    assert page.locator("mark").count() == 0 and errors == []
    expect(page.locator("#kb-highlight-note")).to_be_hidden()
    # Nor is the stemmer loaded: the highlighter costs nothing without the parameter.
    assert page.evaluate("() => performance.getEntriesByType('resource').some(entry => entry.name.includes('stemmer'))") is False


def test_accents_and_case_do_not_change_french_results(page, site_url):
    found = [search_page_results(page, site_url, "fr", query) for query in ("numerique", "Numérique", "numériques")]
    assert found[0] and found[0] == found[1] == found[2]
    assert "organizations/canadian-digital-service" in found[0]


def page_text(site: Path, language: str, docname: str) -> str:
    """A page's title and text as the index holds them, folded."""
    text = (site / language / "_static" / "kb-search" / "text" / f"{docname}.js").read_text(encoding="utf-8")
    return search.fold(index_titles(site, language)[docname] + "\n" + text)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_page_stems_every_word_of_the_index_as_the_build_did(page, site, site_url, language):
    # The index is stemmed in Python (PyStemmer), queries in the browser (the JavaScript
    # Snowball that Sphinx ships): a word stemmed apart cannot be found by its own spelling
    # (snowballstemmer 3.1 and the page's Snowball 3.0 stem "international" differently).
    folder = site / language / "_static" / "kb-search" / "text"
    vocabulary = sorted({word for path in folder.rglob("*.js") for word in search.words(path.read_text(encoding="utf-8"))})
    assert len(vocabulary) > 2000
    search_page_results(page, site_url, language, "canada")
    stems = page.evaluate("words => words.map(word => window.kbStem.stemWord(word))", vocabulary)
    assert [(word, browser) for word, browser in zip(vocabulary, stems) if browser != search.stem(word, language)] == []


def test_several_words_rank_pages_holding_all_first_yet_tolerate_a_missing_or_misspelt_word(page, site, site_url):
    # Each word alone puts its entry first; together, pages holding both come first.
    assert search_page_results(page, site_url, "en", "tax")[0] == "initiatives/claim-tax-benefits"
    assert search_page_results(page, site_url, "en", "veterans")[0] == "organizations/veterans-affairs-canada"
    both = search_page_results(page, site_url, "en", "tax veterans")
    holding = [all(word in page_text(site, "en", docname) for word in ("tax", "veteran")) for docname in both]
    assert holding[0] and holding == sorted(holding, reverse=True)
    assert search_page_results(page, site_url, "en", "notify zzzzqx")[0] == "services/gc-notify"
    assert search_page_results(page, site_url, "en", "covid alrt")[0] == "initiatives/covid-alert"


def test_each_result_shows_type_title_and_excerpt_in_the_page_language(page, site_url):
    search_page_results(page, site_url, "fr", "notification")
    first = page.locator("#search-results .kb-result").first
    expect(first.locator(".kb-result-type")).to_have_text("Service")
    expect(first.locator("a")).to_have_text("Notification GC")
    expect(first.locator(".kb-result-excerpt mark").first).to_be_visible()
    expect(first.locator(".kb-result-excerpt")).to_contain_text("Service numérique canadien")
    # One link per result.
    assert page.locator("#search-results .kb-result").count() == page.locator("#search-results a").count()


def test_type_filter_keeps_one_type_and_is_part_of_the_address(page, site_url):
    everything = search_page_results(page, site_url, "en", "digital")
    people = search_page_results(page, site_url, "en", "digital", result_type="person")
    assert people and all(docname.startswith("people/") for docname in people)
    assert any(not docname.startswith("people/") for docname in everything)
    expect(page.locator("#kb-search-type")).to_have_value("person")
    page.select_option("#kb-search-type", "service")
    expect(page).to_have_url(re.compile(r"type=service"))
    expect(page.locator("#search-results .kb-result").first).to_have_attribute("data-type", "service")
    types = page.locator("#search-results .kb-result").evaluate_all("items => items.map(item => item.dataset.type)")
    assert set(types) == {"service"}


def test_french_search_page_speaks_french(page, site_url):
    search_page_results(page, site_url, "fr", "Luciani")
    expect(page.locator("h1")).to_have_text("Recherche")
    expect(page.locator("#kb-search-status")).to_have_text(re.compile(r"^\d+ résultats? pour «\u00a0Luciani\u00a0»$"))
    expect(page.get_by_label("Type")).to_have_value("")
    expect(page.locator("#kb-search-type option").first).to_have_text("Tous les types")
    expect(page.locator(".kb-result-type").first).to_have_text("Personne")
    search_page_results(page, site_url, "fr", "zzzzqx")
    expect(page.locator("#kb-search-status")).to_have_text(re.compile(r"^Aucun résultat pour «\u00a0zzzzqx\u00a0»"))


def test_keyboard_only_search_announces_the_count_and_reaches_the_results(page, site_url):
    page.goto(f"{site_url}/en/search.html")
    box = page.get_by_label("Search the knowledge base")
    box.focus()
    page.keyboard.type("ODS")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"search\.html\?q=ODS$"))
    status = page.get_by_role("status")
    expect(status).to_have_text(re.compile(r"^\d+ results? for “ODS”$"))
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_id("kb-search-type")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Search")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Ontario Digital Service")
    page.keyboard.press("Enter")
    # The link carries the words searched, which the page then marks.
    expect(page).to_have_url(f"{site_url}/en/organizations/ontario-digital-service.html?highlight=ods")


def test_search_page_loads_nothing_from_another_host(page, site_url):
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    search_page_results(page, site_url, "fr", "services conseils")
    assert hosts == {site_url.split("/")[2]}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_measure_search_reports_payload_timing_and_results(browser, site_url, language):
    figures = measure_search(site_url, language, ["notify", "ODS"], browser=browser)
    assert figures["first_search_bytes"] > figures["search_bytes"] > 0
    assert set(figures["query_ms"]) == {"median", "p95", "max"}
    assert figures["results"]["ODS"][0] == "organizations/ontario-digital-service"
