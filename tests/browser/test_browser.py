"""What a person sees, in a real browser: language toggle, keyboard access, search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

POST = "stories/pivoting-how-we-partner.html"


def test_language_toggle_goes_to_the_same_page_and_back(page, site_url):
    page.goto(f"{site_url}/en/{POST}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(f"{site_url}/fr/{POST}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_contain_text("partenariat")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{site_url}/en/{POST}")


def test_language_choice_page_leads_to_both_languages(page, site_url):
    page.goto(f"{site_url}/index.html")
    page.get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.goto(f"{site_url}/index.html")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize(("language", "skip", "toggle"), [("en", "Skip to main content", "Français"), ("fr", "Passer au contenu principal", "English")])
def test_keyboard_reaches_skip_link_then_language_toggle(page, site_url, language, skip, toggle):
    page.goto(f"{site_url}/{language}/index.html")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text(skip)
    # Focus is visible: the skip link is shown on screen when focused.
    assert focused.bounding_box()["height"] > 0
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text(toggle)


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [("en", "notify", "GC Notify"), ("fr", "Notification", "Notification GC")],
)
def test_home_search_box_shows_results(page, site_url, language, query, expected):
    page.goto(f"{site_url}/{language}/index.html")
    box = page.locator("#kb-search-input")
    box.fill(query)
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{language}/search\.html\?q={query}"))
    results = page.locator("#search-results a")
    expect(results.first).to_be_visible(timeout=10_000)
    expect(results.filter(has_text=expected).first).to_be_visible()
