"""Search in a real browser (Debian's Chromium) through the real search page, on the real site."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench.browser import measure_search, search_page_results
from cds_kb.sphinxext import search

from ..conftest import DOCS, TESTS

QUERIES = TESTS / "search_queries.csv"
FIRST_PLACE_TARGET = 0.9


def query_set() -> list[dict[str, str]]:
    with QUERIES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_query_set_is_large_bilingual_and_points_at_real_pages():
    rows = query_set()
    by_language = {language: [row for row in rows if row["language"] == language] for language in ("en", "fr")}
    assert len(rows) >= 60 and all(len(found) >= 30 for found in by_language.values())
    docs = DOCS
    assert [row["expected"] for row in rows if not (docs / f"{row['expected']}.md").exists()] == []


def test_query_set_puts_the_expected_page_first(page, site_url):
    rows = query_set()
    misses = []
    for row in rows:
        results = search_page_results(page, site_url, row["language"], row["query"])
        if results[:1] != [row["expected"]]:
            misses.append(f"{row['language']} {row['query']!r} ({row['covers']}): expected {row['expected']}, got {results[:3]}")
    print("\n".join(["search misses:", *misses]) if misses else "search: every query puts its page first")
    first_place = 1 - len(misses) / len(rows)
    assert first_place >= FIRST_PLACE_TARGET, "\n".join(misses)


def test_accents_and_case_do_not_change_french_results(page, site_url):
    found = [search_page_results(page, site_url, "fr", query) for query in ("numerique", "Numérique", "numériques")]
    assert found[0] and found[0] == found[1] == found[2]
    assert "organizations/canadian-digital-service" in found[0]


def page_text(site: Path, language: str, docname: str) -> str:
    """A page's text as the index holds it, folded."""
    return search.fold((site / language / "_static" / "kb-search" / "text" / f"{docname}.js").read_text(encoding="utf-8"))


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
    expect(page).to_have_url(f"{site_url}/en/organizations/ontario-digital-service.html")


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
