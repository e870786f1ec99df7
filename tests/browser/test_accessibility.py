"""Accessibility gate: every built page, in a real browser, against WCAG 2.0, 2.1 and 2.2 A and AA.

axe-core (shipped inside the pinned axe-playwright-python, so no network) checks every page
of the built site — both languages and the language-choice root, enumerated from the
build, so that new pages are covered without editing this file — at desktop and phone
width, in furo's light and dark themes (one load per page and width; the theme is switched
in place). Keyboard access, visible focus and image alternatives are checked on their own.
"""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from ..conftest import site_pages

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
THEMES = ("light", "dark")
AXE_RUN = "axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})" % WCAG_TAGS


def describe(page_path: str, viewport: str, theme: str, violation: dict) -> str:
    node = violation["nodes"][0]
    return (
        f"{page_path} [{viewport}, {theme}] {violation['id']} ({violation['impact']}, {len(violation['nodes'])} element(s)): "
        f"{violation['help']} — first at {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}"
    )


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_every_page_has_no_wcag_violations(browser, site, site_url, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.add_init_script(script=AXE)  # injected by the browser tooling, outside the page's CSP
    page = context.new_page()
    pages = site_pages(site)
    problems = []
    try:
        for page_path in pages:
            page.goto(f"{site_url}/{page_path}")
            for theme in THEMES:
                page.evaluate("theme => { document.body.dataset.theme = theme; }", theme)
                for violation in page.evaluate(AXE_RUN)["violations"]:
                    problems.append(describe(page_path, viewport, theme, violation))
    finally:
        context.close()
    assert len(pages) > 10
    assert problems == [], f"{len(problems)} violation(s) on {len(pages)} pages:\n" + "\n".join(problems)


@pytest.mark.parametrize("address", [
    "en/services/gc-notify.html?highlight=notify",
    "fr/stories/pivoting-how-we-partner.html?highlight=numérique%20partenariats",
    "en/search.html?q=ntify",
    "fr/search.html?q=ntfy",
])
def test_words_marked_and_suggestions_have_no_wcag_violations(browser, site_url, address):
    """What search adds to a page (marks, the note, "Did you mean"), in both themes."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    context.add_init_script(script=AXE)
    page = context.new_page()
    problems = []
    try:
        page.goto(f"{site_url}/{address}")
        page.wait_for_selector("mark, .kb-suggestion", timeout=15_000)
        for theme in THEMES:
            page.evaluate("theme => { document.body.dataset.theme = theme; }", theme)
            problems += [describe(address, "desktop", theme, violation) for violation in page.evaluate(AXE_RUN)["violations"]]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_keyboard_reaches_skip_link_language_toggle_and_search_with_visible_focus(page, site_url, language):
    page.goto(f"{site_url}/{language}/index.html")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                const box = element.getBoundingClientRect();
                return {
                    id: element.id, text: element.textContent.trim(), tag: element.tagName,
                    classes: element.className, hreflang: element.getAttribute('hreflang'),
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                    shadow: style.boxShadow !== 'none',
                    shown: box.width > 0 && box.height > 0,
                };
            }"""
        )
        reached.append(focused)
        if focused["id"] == "kb-search-input":
            break
    names = [item["classes"] or item["id"] or item["text"] for item in reached]
    assert "skip-to-content" in reached[0]["classes"], names
    assert any(item["hreflang"] == ("fr" if language == "en" else "en") for item in reached), names
    assert reached[-1]["id"] == "kb-search-input", f"the search box is not reached by Tab: {names}"
    # Focus is visible on every element reached: shown on screen, with an outline or a ring.
    hidden = [name for name, item in zip(names, reached) if not (item["shown"] and (item["outline"] or item["shadow"]))]
    assert hidden == []


def test_skip_link_moves_focus_to_the_main_content(page, site_url):
    page.goto(f"{site_url}/en/stories/pivoting-how-we-partner.html")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site_url}/en/stories/pivoting-how-we-partner.html#furo-main-content")
    assert page.evaluate("document.querySelector('#furo-main-content').getBoundingClientRect().top") < 200


def test_every_image_has_alternative_text_in_the_page_language(site):
    problems = []
    pages = [path for path in site_pages(site) if path.startswith("fr/")]
    for page_path in pages:
        french = BeautifulSoup((site / page_path).read_text(encoding="utf-8"), "html.parser")
        english_path = site / ("en/" + page_path.removeprefix("fr/"))
        english = BeautifulSoup(english_path.read_text(encoding="utf-8"), "html.parser") if english_path.exists() else None
        english_alts = [img.get("alt", "") for img in english.find_all("img")] if english else []
        for index, image in enumerate(french.find_all("img")):
            alt = (image.get("alt") or "").strip()
            decorative = image.get("alt") == "" and image.get("role") == "presentation"
            if not alt and not decorative:
                problems.append(f"{page_path}: <img src={image.get('src')}> has no alternative text")
            elif alt and index < len(english_alts) and alt == english_alts[index]:
                problems.append(f"{page_path}: <img src={image.get('src')}> keeps its English alternative text {alt!r}")
    for page_path in [path for path in site_pages(site) if not path.startswith("fr/")]:
        for image in BeautifulSoup((site / page_path).read_text(encoding="utf-8"), "html.parser").find_all("img"):
            if not (image.get("alt") or "").strip() and image.get("role") != "presentation":
                problems.append(f"{page_path}: <img src={image.get('src')}> has no alternative text")
    assert problems == []
