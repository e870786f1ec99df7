"""Privacy and Content Security Policy gates, in a real browser, on every built page.

The test server sends the headers of the build's ``_headers`` file (see conftest), so pages
run under the policy as a static host serves them, and each page carries it as a meta
element too. Every request is recorded: any host but the site's own fails the test.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from ..conftest import site_pages

SEARCHES = {"en": "notify", "fr": "notification"}


def watch(page, site_url: str):
    """Record every request, CSP violation and console CSP error of a page."""
    found = {"requests": [], "violations": [], "console": []}
    page.on("request", lambda request: found["requests"].append(request.url))
    page.on("console", lambda message: found["console"].append(message.text) if "Content Security Policy" in message.text else None)
    page.add_init_script(
        """document.addEventListener('securitypolicyviolation', event => {
            (window.__kbViolations = window.__kbViolations || []).push(
                `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
        });"""
    )
    return found


def outside(urls: list[str], site_url: str) -> list[str]:
    own = urlsplit(site_url).hostname
    return sorted({url for url in urls if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).hostname != own})


def test_the_test_server_sends_the_policy_header(page, site_url):
    response = page.goto(f"{site_url}/en/index.html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_page_loads_under_the_policy_with_no_outside_request(page, site, site_url, language):
    found = watch(page, site_url)
    pages = [path for path in site_pages(site) if path.startswith(f"{language}/") or "/" not in path]
    violations = []
    for path in pages:
        page.goto(f"{site_url}/{path}")
        page.wait_for_load_state("load")
        violations += [f"{path}: {text}" for text in page.evaluate("window.__kbViolations || []")]
    assert outside(found["requests"], site_url) == []
    assert violations == []
    assert found["console"] == []
    # The theme bootstrap ran (it is allowed by its hash): furo's theme is set on <body>.
    page.goto(f"{site_url}/{language}/index.html")
    assert page.evaluate("document.body.dataset.theme") in ("auto", "light", "dark")
    # The French plural rule of Sphinx's translations was set without eval.
    assert page.evaluate("Documentation.PLURAL_EXPR(2)") == (2 if language == "fr" else 1)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_search_runs_under_the_policy_with_no_outside_request(page, site_url, language):
    found = watch(page, site_url)
    page.goto(f"{site_url}/{language}/search.html?q={SEARCHES[language]}")
    page.locator("#search-results a").first.wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert page.locator("#search-results a").count() > 0
    assert page.evaluate("window.__kbViolations || []") == []
    assert found["console"] == []
    assert outside(found["requests"], site_url) == []


def test_the_theme_toggle_works_under_the_policy(page, site_url):
    found = watch(page, site_url)
    page.goto(f"{site_url}/en/index.html")
    before = page.evaluate("document.body.dataset.theme")
    page.locator(".theme-toggle-content button, .content-icon-container .theme-toggle").first.click()
    assert page.evaluate("document.body.dataset.theme") != before
    # The choice is kept for the next page, and applied before it is painted.
    page.goto(f"{site_url}/en/services/index.html")
    assert page.evaluate("document.body.dataset.theme") != before
    assert page.evaluate("window.__kbViolations || []") == [] and found["console"] == []
