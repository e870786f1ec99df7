"""Measuring search in a real browser: what a first search downloads, and how fast results come.

``measure_search(site_url, language, queries)`` drives Debian's Chromium (Playwright) on a
built site served over HTTP, through the real search page, and returns figures and the
ranked results. The benchmark (``make bench``) and the tests call it; it asserts nothing
about time itself.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 15_000

# Types a query into the search page's box; resolves with the time until the results are
# in the page (the client's "kb-search-done" event) and the result links, in rank order.
_TYPE_QUERY = """query => new Promise(done => {
  const start = performance.now();
  document.addEventListener("kb-search-done", () => done({
    ms: performance.now() - start,
    urls: [...document.querySelectorAll("#search-results .kb-result a")].map(a => a.getAttribute("href")),
  }), {once: true});
  const box = document.getElementById("kb-search-query");
  box.value = query;
  box.dispatchEvent(new Event("input"));
})"""


def docname_of(href: str) -> str:
    """The docname a result link points to (``services/gc-notify.html`` -> ``services/gc-notify``)."""
    return href.split("#")[0].split("?")[0].removesuffix(".html")


def search_page_results(page: Any, site_url: str, language: str, query: str, result_type: str = "") -> list[str]:
    """Open ``/<language>/search.html?q=QUERY`` in a Playwright page; the result docnames, best first."""
    address = f"{site_url}/{language}/search.html?q={quote(query)}"
    if result_type:
        address += f"&type={quote(result_type)}"
    page.goto(address)
    page.wait_for_selector("#search-results[data-query]", state="attached", timeout=TIMEOUT_MS)
    return [docname_of(href) for href in page.locator("#search-results .kb-result a").evaluate_all("links => links.map(a => a.getAttribute('href'))")]


def measure_search(site_url: str, language: str, queries: Iterable[str], *, browser: Any = None, chromium: str = CHROMIUM) -> dict[str, Any]:
    """Figures of the search of the site at ``site_url`` in ``language``, over ``queries``.

    Returns a dict:
    - ``first_search_bytes``, ``first_search_requests``: what a browser with an empty cache
      downloads to open ``search.html?q=FIRST_QUERY`` and show its results with excerpts
      (page, styles, scripts, index files);
    - ``search_bytes``: the part of it that is search's own (client, stemmer, index files);
    - ``first_results_ms``: from the start of that page load to the results shown;
    - ``query_ms``: ``median``, ``p95`` and ``max`` time from typing each query into the
      search box (index files loaded as needed) to its results shown;
    - ``results``: each query -> the result docnames, best first.

    ``browser``: a Playwright browser already running (tests); without it, one is
    started on ``chromium`` and closed at the end.
    """
    queries = list(queries)
    if not queries:
        raise ValueError("measure_search needs at least one query")
    if browser is not None:
        return _measure(browser, site_url, language, queries)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            return _measure(launched, site_url, language, queries)
        finally:
            launched.close()


def _measure(browser: Any, site_url: str, language: str, queries: list[str]) -> dict[str, Any]:
    context = browser.new_context()
    try:
        page = context.new_page()
        downloads: list[tuple[str, int]] = []
        page.on("requestfinished", lambda request: downloads.append((request.url, request.sizes()["responseBodySize"])))
        page.add_init_script("document.addEventListener('kb-search-done', () => { window.kbFirstResults = performance.now(); }, {once: true})")
        page.goto(f"{site_url}/{language}/search.html?q={quote(queries[0])}")
        page.wait_for_function("() => window.kbFirstResults !== undefined", timeout=TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
        first_results_ms = page.evaluate("window.kbFirstResults")
        first = list(downloads)

        times, results = [], {}
        for query in queries:
            # Clear first, so that every query is a fresh search of the box.
            page.evaluate(_TYPE_QUERY, "")
            outcome = page.evaluate(_TYPE_QUERY, query)
            times.append(outcome["ms"])
            results[query] = [docname_of(url) for url in outcome["urls"]]
    finally:
        context.close()
    ordered = sorted(times)
    return {
        "language": language,
        "queries": len(queries),
        "first_search_bytes": sum(size for _, size in first),
        "first_search_requests": len(first),
        "search_bytes": sum(size for url, size in first if "kb-search" in url),
        "first_results_ms": round(first_results_ms, 1),
        "query_ms": {
            "median": round(statistics.median(ordered), 2),
            "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2),
            "max": round(ordered[-1], 2),
        },
        "results": results,
    }
