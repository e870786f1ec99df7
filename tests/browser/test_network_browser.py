"""The network pictures in Chromium: a node is a link that leads to its entry, reached by Tab with a visible focus."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        inPicture: !!element.closest('svg.kb-network-svg'), name: element.getAttribute('aria-label'),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shown: box.width > 0 && box.height > 0,
    };
}"""


@pytest.mark.parametrize(("language", "name", "target"), [
    ("en", "Canadian Digital Service", "organizations/canadian-digital-service.html"),
    ("fr", "Service numérique canadien", "organizations/canadian-digital-service.html"),
])
def test_clicking_a_node_opens_its_entry(page, site_url, language, name, target):
    page.goto(f"{site_url}/{language}/services/gc-notify.html")
    node = page.locator(f"svg.kb-network-svg a[aria-label='{name}']")
    expect(node).to_have_count(1)
    node.click()
    expect(page).to_have_url(f"{site_url}/{language}/{target}")
    expect(page.locator("h1")).to_contain_text(name)


def test_keyboard_reaches_every_node_with_a_visible_focus(page, site_url):
    page.goto(f"{site_url}/en/services/gc-notify.html")
    expected = page.eval_on_selector_all("svg.kb-network-svg a", "links => links.map(link => link.getAttribute('aria-label'))")
    assert len(expected) > 2
    reached = []
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["inPicture"]:
            assert focused["outline"] and focused["shown"], focused
            reached.append(focused["name"])
        elif reached:
            break
    assert reached == expected
    # Enter on a focused node follows its link.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(f"{site_url}/en/services/gc-notify.html")
