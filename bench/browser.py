"""Measuring search in a real browser: what a first search downloads, how fast results come,
and how often the right page comes first.

Everything here drives Debian's Chromium (Playwright) through the real search page
(``/<lang>/search.html?q=WORDS``, results as links in ``#search-results``) of a built site
served over HTTP, and asserts nothing itself: the tests and the benchmark judge.

- ``measure_search(site_url, language, queries)``: the bytes and requests of a first search,
  the time from a query to its results, and the results of each query;
- ``run_queries(page, site_url, language, queries)``: the results of many queries typed into
  one search page;
- ``query_set_scores(rows, results)``: first place and first three of a query set
  (``tests/search_queries.csv``), held-in and held-out rows apart;
- ``typo_variants(query)``: the query with one typing mistake in the first letters of its
  longest word (two from eight letters), as a reader makes them;
- ``known_item_queries(html, language)`` and ``known_item_share(...)``: each page's
  distinctive title words (its title's rarest words in that language's index) as a query,
  and the share of pages that query puts in the first three results (a page whose query's
  words are all in another page's title has no distinctive words: it is left out, and listed);
- ``serve(folder)``, ``CHROMIUM`` and ``CHROMIUM_ARGS``: the built site on 127.0.0.1 with the
  build's headers, and the Chromium that drives it, for the bench and the browser tests alike;
- ``python -m bench.browser``: all of it on a built site, or on a synthetic site of N
  stories it generates and builds (``--posts 1000``).
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cds_kb.sphinxext import search as kb_search

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
        count = lambda request: downloads.append((request.url, request.sizes()["responseBodySize"]))  # noqa: E731
        page.on("requestfinished", count)
        first_results_ms, ready_ms = _open_first_search(page, site_url, language, queries[0])
        # Only the first search counts (later excerpts may still load as the context closes).
        page.remove_listener("requestfinished", count)
        first = list(downloads)
        timed = _typed(page, queries)
    finally:
        context.close()
    ordered = sorted(ms for ms, _ in timed.values())
    return {
        "language": language,
        "queries": len(queries),
        "first_search_bytes": sum(size for _, size in first),
        "first_search_requests": len(first),
        "search_bytes": sum(size for url, size in first if "kb-search" in url),
        "first_results_ms": round(first_results_ms, 1),
        "ready_to_first_results_ms": round(first_results_ms - ready_ms, 1),
        "query_ms": {
            "median": round(statistics.median(ordered), 2),
            "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2),
            "max": round(ordered[-1], 2),
        },
        "results": {query: found for query, (_, found) in timed.items()},
    }


def _open_first_search(page: Any, site_url: str, language: str, query: str) -> tuple[float, float]:
    """Open ``search.html?q=QUERY`` and wait until its results and what they load have arrived;
    (ms at the results shown, ms at the page ready), from the start of the navigation."""
    page.add_init_script("document.addEventListener('kb-search-done', () => { window.kbFirstResults = performance.now(); }, {once: true});"
                         "document.addEventListener('DOMContentLoaded', () => { window.kbReady = performance.now(); });")
    page.goto(f"{site_url}/{language}/search.html?q={quote(query)}")
    page.wait_for_function("() => window.kbFirstResults !== undefined", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    done, ready = page.evaluate("[window.kbFirstResults, window.kbReady]")
    return done, ready


def _typed(page: Any, queries: Iterable[str]) -> dict[str, tuple[float, list[str]]]:
    """Each query typed into the open search page: (ms to its results, result docnames)."""
    timed = {}
    for query in queries:
        # Clear first, so that every query is a fresh search of the box.
        page.evaluate(_TYPE_QUERY, "")
        outcome = page.evaluate(_TYPE_QUERY, query)
        timed[query] = (outcome["ms"], [docname_of(url) for url in outcome["urls"]])
    return timed


def run_queries(page: Any, site_url: str, language: str, queries: Iterable[str]) -> dict[str, list[str]]:
    """The result docnames of each query, typed one after another into one search page."""
    page.goto(f"{site_url}/{language}/search.html")
    page.wait_for_selector("#search-results[data-query]", state="attached", timeout=TIMEOUT_MS)
    return {query: found for query, (_, found) in _typed(page, queries).items()}


# --- the query set and its typing mistakes ------------------------------------------------


def is_held_out(language: str, query: str) -> bool:
    """Whether a query of the set is held out from tuning: a third of them, by a hash of the
    query, chosen before tuning and never by hand (tests/search_queries.csv marks them)."""
    return hashlib.sha256(f"{language}|{query}".encode()).digest()[0] % 3 == 0


def read_query_set(path: Path) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def typo_variants(query: str) -> list[str]:
    """The query with typing mistakes in the first letters of its longest word (four letters
    or more): the second letter dropped, the first dropped, the first two swapped, and for a
    word of eight letters or more, the second and fifth dropped. None for shorter words."""
    found = list(re.finditer(r"[^\W\d_]+", query))
    if not found:
        return []
    longest = max(found, key=lambda match: len(match.group()))
    word = longest.group()
    if len(word) < 4:
        return []
    variants = [word[0] + word[2:], word[1:], word[1] + word[0] + word[2:]]
    if len(word) >= 8:
        variants.append(word[0] + word[2:4] + word[5:])
    return list(dict.fromkeys(query[: longest.start()] + variant + query[longest.end():] for variant in variants if variant.lower() != word.lower()))


def typo_rows_of(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows of a query set with typing mistakes in their queries (``typo_variants``): the
    searchers' queries written right (the set's own typing-mistake rows already carry one;
    a maintainers' word misspelt is not about maintaining, by design)."""
    return [{**row, "query": variant} for row in rows
            if "typo" not in row["covers"] and not row["expected"].startswith(kb_search.MAINTAINERS_FOLDER)
            for variant in typo_variants(row["query"])]


def query_set_scores(rows: list[dict[str, str]], results: dict[tuple[str, str], list[str]]) -> dict[str, Any]:
    """First place and first three of a query set, for all rows, held-in and held-out apart,
    with the rows that missed. ``results``: (language, query) -> result docnames."""
    def score(selected: list[dict[str, str]]) -> dict[str, Any]:
        first = [row for row in selected if results[row["language"], row["query"]][:1] == [row["expected"]]]
        three = [row for row in selected if row["expected"] in results[row["language"], row["query"]][:3]]
        return {"queries": len(selected), "first": len(first), "first_three": len(three),
                "first_share": round(len(first) / len(selected), 3) if selected else None}
    held_out = [row for row in rows if row.get("holdout") == "yes"]
    held_in = [row for row in rows if row.get("holdout") != "yes"]
    misses = [f"{row['language']} {row['query']!r}: expected {row['expected']}, got {results[row['language'], row['query']][:3]}"
              for row in rows if results[row["language"], row["query"]][:1] != [row["expected"]]]
    maintainers = [f"{row['language']} {row['query']!r}" for row in rows
                   if not row["expected"].startswith(kb_search.MAINTAINERS_FOLDER)
                   and any(d.startswith(kb_search.MAINTAINERS_FOLDER) for d in results[row["language"], row["query"]][:3])]
    return {"all": score(rows), "held_in": score(held_in), "held_out": score(held_out), "misses": misses,
            "maintainers_in_first_three": maintainers}


# --- known-item search: a page's distinctive title words --------------------------------


def _index_data(html: Path, language: str, name: str) -> list[Any]:
    text = (Path(html) / language / "_static" / "kb-search" / name).read_text(encoding="utf-8")
    return json.loads("[" + text[text.index("(") + 1 : text.rindex(")")] + "]")


def document_frequencies(html: Path, language: str) -> dict[str, int]:
    """Index term -> the number of pages that hold it, from a built site's search index."""
    frequencies = {}
    for path in sorted((Path(html) / language / "_static" / "kb-search").glob("terms-*.js")):
        _, bucket, _ = _index_data(html, language, path.name)
        for term, postings in bucket.items():
            if term.startswith("="):
                continue  # a page name, not a term
            if isinstance(postings, str):  # a term most pages hold: its postings have a file of their own
                postings = _index_data(html, language, f"postings/{term}.js")[1]
            numbers = [value for value in postings if not isinstance(value, str)]
            pages, i = 0, 0
            while i < len(numbers):
                # A negative gap is followed by its page's weight (search.py's _postings).
                i += 2 if numbers[i] < 0 else 1
                pages += 1
            frequencies[term] = pages
    return frequencies


def known_item_queries(html: Path, language: str, docnames: Iterable[str] | None = None, words: int = 3) -> dict[str, str]:
    """Page -> a query of its distinctive title words: the ``words`` rarest in that language's
    index (fewest pages holding them), stop words and one-letter words left out, as written in
    the title, in the title's order. ``docnames``: the pages (default: every story, ``stories/``)."""
    frequencies = document_frequencies(html, language)
    stop = set(kb_search.STOP_WORDS.get(language, ()))
    titles = index_titles(html, language)
    queries = {}
    for docname in docnames if docnames is not None else _stories(html, language):
        title = titles[docname]
        tokens = [token for token in re.findall(r"[^\W_]+", title) if len(kb_search.words(token)) == 1]
        tokens = [token for token in tokens if kb_search.words(token)[0] not in stop]
        rarity = {token: frequencies.get(kb_search.stem(kb_search.words(token)[0], language), 0) for token in tokens}
        chosen = set(sorted(dict.fromkeys(tokens), key=lambda token: (rarity[token], -len(token)))[:words])
        if chosen:
            queries[docname] = " ".join(token for token in dict.fromkeys(tokens) if token in chosen)
    return queries


def index_docnames(html: Path, language: str) -> list[str]:
    """The pages of a built site's search index, in their numbers' order (meta.js front-codes them)."""
    coded = _index_data(html, language, "meta.js")[0]["pages"]
    found, previous = [], ""
    for shared, rest in zip(coded[::2], coded[1::2]):
        previous = previous[:shared] + rest
        found.append(previous)
    return found


def index_titles(html: Path, language: str) -> dict[str, str]:
    """Page -> its title, from a built site's search index."""
    return dict(zip(index_docnames(html, language), _index_data(html, language, "meta.js")[0]["titles"]))


def _stories(html: Path, language: str) -> list[str]:
    folder = Path(html) / language / "_static" / "kb-search" / "text" / "stories"
    return sorted(f"stories/{path.stem}" for path in folder.glob("*.js") if path.stem != "index")


def distinct_queries(queries: dict[str, str], titles: dict[str, str], language: str) -> tuple[dict[str, str], list[str]]:
    """The known-item queries that name one page, and the pages left out (sorted): a page
    whose query's words are all in another measured page's title has no distinctive title words
    (synthetic stories 1 to 9 differ from many others only by a one-digit number, which
    the index leaves out with every one-letter word)."""
    def stems(text: str) -> set[str]:
        return {kb_search.stem(word, language) for word in kb_search.words(text)}

    held = {docname: stems(titles[docname]) for docname in queries}
    kept = {}
    for docname, query in queries.items():
        asked = stems(query)
        if not any(asked <= other for page, other in held.items() if page != docname):
            kept[docname] = query
    return kept, sorted(docname for docname in queries if docname not in kept)


def known_item_share(page: Any, site_url: str, html: Path, language: str, docnames: Iterable[str] | None = None) -> dict[str, Any]:
    """The share of pages (default: every story) that the query of their distinctive title
    words puts in the first three results, through the search page; with the misses, and the
    pages left out because another page's title holds their query (``distinct_queries``)."""
    queries, shared = distinct_queries(known_item_queries(html, language, docnames), index_titles(html, language), language)
    results = run_queries(page, site_url, language, list(queries.values()))
    found = [docname for docname, query in queries.items() if docname in results[query][:3]]
    return {
        "pages": len(queries),
        "first_three": len(found),
        "share": round(len(found) / len(queries), 3) if queries else None,
        "misses": [f"{docname}: {query!r} -> {results[query][:3]}" for docname, query in queries.items() if docname not in found],
        "left_out": shared,
    }


# --- python -m bench.browser ------------------------------------------------------------------

# First searches the bench times on any site: a common word, a name of three words, typing
# mistakes in the first letters, a word no page holds ("Did you mean").
FIRST_QUERIES = {
    "en": ["notifications", "ontario digital service", "ntifications prcurement", "zzqxv"],
    "fr": ["notifications", "service numérique de l'Ontario", "ntifications aprovisionnement", "zzqxv"],
}


def first_search(browser: Any, site_url: str, language: str, query: str) -> dict[str, Any]:
    """One first search with an empty cache: bytes (and compressed), requests, and the time
    from the page ready to the results shown."""
    context = browser.new_context()
    try:
        page = context.new_page()
        responses: list[Any] = []
        page.on("response", lambda response: responses.append(response))
        done, ready = _open_first_search(page, site_url, language, query)
        bodies = []
        for response in responses:
            try:
                bodies.append((response.url, response.body()))
            except Exception:  # noqa: BLE001 - a redirect or an aborted response has no body
                continue
    finally:
        context.close()
    return {
        "bytes": sum(len(body) for _, body in bodies),
        "gzip_bytes": sum(len(zlib.compress(body, 6)) for _, body in bodies),
        "search_bytes": sum(len(body) for url, body in bodies if "kb-search" in url),
        "requests": len(bodies),
        "ready_to_results_ms": round(done - ready, 1),
    }


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A built site (the folder with en/ and fr/) served on 127.0.0.1 as a static host would,
    with the headers of the build's ``_headers`` file (the CSP); yields its address.

    The one server of the bench and the browser tests.
    """
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import urlsplit

    from cds_kb.core import csp

    headers_file = folder / "_headers"
    rules = csp.read_headers_file(headers_file.read_text(encoding="utf-8")) if headers_file.exists() else []

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def end_headers(self) -> None:
            for name, value in csp.headers_for(urlsplit(self.path).path, rules).items():
                self.send_header(name, value)
            super().end_headers()

    class QuietServer(ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            # The browser drops requests it no longer needs (a search page left for the next query).
            if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                super().handle_error(request, client_address)

    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def search_figures(html: Path, *, queries: Path | None = None, repeat: int = 5, browser: Any = None) -> dict[str, Any]:
    """Every figure of search on a built site (``html``: the folder with ``en/`` and ``fr/``):
    first searches (bytes, medians of ``repeat`` runs interleaved), the query set's scores
    and its typing mistakes' (when ``queries`` is given), and known-item search."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return search_figures(html, queries=queries, repeat=repeat, browser=launched)
            finally:
                launched.close()
    rows = read_query_set(queries) if queries else []
    figures: dict[str, Any] = {"measured": datetime.now(timezone.utc).isoformat(timespec="minutes"), "load": _load()}
    with serve(html) as site_url:
        # Interleaved: each round runs every first search once, so load changes touch all alike.
        runs: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for _ in range(repeat):
            for language, first_queries in FIRST_QUERIES.items():
                for query in first_queries:
                    runs.setdefault((language, query), []).append(first_search(browser, site_url, language, query))
        figures["first_search"] = {
            f"{language} {query}": {**found[0], "ready_to_results_ms": statistics.median(run["ready_to_results_ms"] for run in found)}
            for (language, query), found in runs.items()
        }
        context = browser.new_context()
        page = context.new_page()
        try:
            if rows:
                results = {}
                for language in ("en", "fr"):
                    asked = [row["query"] for row in rows if row["language"] == language]
                    results.update({(language, query): found for query, found in run_queries(page, site_url, language, asked).items()})
                figures["query_set"] = query_set_scores(rows, results)
                typo_rows = typo_rows_of(rows)
                typo_results = {}
                for language in ("en", "fr"):
                    asked = [row["query"] for row in typo_rows if row["language"] == language]
                    typo_results.update({(language, query): found for query, found in run_queries(page, site_url, language, asked).items()})
                figures["typo_variants"] = query_set_scores(typo_rows, typo_results)
            figures["known_items"] = {language: known_item_share(page, site_url, html, language) for language in ("en", "fr")}
        finally:
            context.close()
    return figures


def _load() -> str:
    """The load average over 1, 5 and 15 minutes, as uptime shows it."""
    try:
        return ", ".join(Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3])
    except OSError:
        return "unknown"


def build_synthetic(folder: Path, posts: int) -> Path:
    """Generate the bench's synthetic site of ``posts`` stories and build both languages as
    ``make html`` does; returns its html folder."""
    from . import synthetic

    site = synthetic.generate(folder, posts)
    out = site.root / "_build"
    for language in ("en", "fr"):
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(site.root), "-D", f"language={language}",
             "-d", str(out / "doctrees" / language), "-n", "--keep-going", "-q", "-j", "auto",
             str(site.root / "docs"), str(out / "html" / language)],
            check=True, cwd=site.root, env={**os.environ, "PYTHONPATH": str(synthetic.PROJECT)},
        )
    return out / "html"


# Issue 13's budgets at 1,000 stories, and the share of known items found.
FIRST_SEARCH_BYTES = 300_000
RESULTS_MS = 100
KNOWN_ITEMS_SHARE = 1.0


def search_targets(figures: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """The search targets, checked on ``search_figures``: (target, met, measured)."""
    first = figures["first_search"]
    heaviest = max(first.items(), key=lambda item: item[1]["bytes"])
    slowest = max(first.items(), key=lambda item: item[1]["ready_to_results_ms"])
    known = figures.get("known_items", {})
    checks = [
        (f"every first search downloads at most {FIRST_SEARCH_BYTES // 1000} KB", heaviest[1]["bytes"] <= FIRST_SEARCH_BYTES,
         f"{heaviest[1]['bytes'] / 1000:.0f} KB ({heaviest[0]!r}, {heaviest[1]['gzip_bytes'] / 1000:.0f} KB compressed)"),
        (f"every first search shows results under {RESULTS_MS} ms after the page is ready (median)", slowest[1]["ready_to_results_ms"] < RESULTS_MS,
         f"{slowest[1]['ready_to_results_ms']} ms ({slowest[0]!r}), load {figures['load']}"),
    ]
    if known:
        share = min(found["share"] or 0 for found in known.values())
        checks.append(("known items: a story's distinctive title words find it in the first three, both languages", share >= KNOWN_ITEMS_SHARE,
                       ", ".join(f"{language} {found['first_three']}/{found['pages']}" + _left_out(found) for language, found in known.items())))
    return checks


def _left_out(found: dict[str, Any]) -> str:
    shared = found.get("left_out") or []
    return f" ({len(shared)} left out: their title words are another story's)" if shared else ""


def report(figures: dict[str, Any]) -> str:
    """The figures as text, for a terminal and for docs/maintaining/search.md."""
    lines = [f"search figures, {figures['measured']}, load {figures['load']}"]
    for name, found in figures["first_search"].items():
        lines.append(f"first search {name!r}: {found['bytes'] / 1000:.0f} KB ({found['gzip_bytes'] / 1000:.0f} KB compressed), "
                     f"{found['requests']} requests, search files {found['search_bytes'] / 1000:.0f} KB, "
                     f"ready -> results {found['ready_to_results_ms']} ms (median)")
    for name in ("query_set", "typo_variants"):
        if name in figures:
            for part in ("all", "held_in", "held_out"):
                score = figures[name][part]
                lines.append(f"{name} {part}: first {score['first']}/{score['queries']}, first three {score['first_three']}/{score['queries']}")
            lines.append(f"{name}: maintainers' page in a searcher's first three: {len(figures[name]['maintainers_in_first_three'])}")
            lines += [f"  miss: {miss}" for miss in figures[name]["misses"]]
    for language, found in figures.get("known_items", {}).items():
        lines.append(f"known items ({language}): {found['first_three']}/{found['pages']} in the first three{_left_out(found)}")
        lines += [f"  miss: {miss}" for miss in found["misses"][:10]]
    lines += [f"target {'met' if met else 'MISSED'}: {name}: {measured}" for name, met, measured in search_targets(figures)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser", description="measure search on a built site in Chromium")
    parser.add_argument("html", nargs="?", default="_build/html", help="a built site's html folder (default: _build/html)")
    parser.add_argument("--posts", type=int, help="generate and build the bench's synthetic site of N stories instead")
    parser.add_argument("--work", default="_build/bench-search", help="where --posts builds its site (default: _build/bench-search)")
    parser.add_argument("--queries", help="a query set to score (default: tests/search_queries.csv on the real site, none with --posts)")
    parser.add_argument("--no-queries", action="store_true", help="score no query set (a site other than this project's)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each first search (median; default 5)")
    parser.add_argument("--out", help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    if args.posts:
        html = build_synthetic(Path(args.work), args.posts)
        queries = Path(args.queries) if args.queries else None
    else:
        html = Path(args.html)
        default = Path(__file__).resolve().parent.parent / "tests" / "search_queries.csv"
        queries = Path(args.queries) if args.queries else default
    if args.no_queries:
        queries = None
    if not (html / "en" / "search.html").exists():
        print(f"error: {html} holds no built site (en/search.html): run 'make html' first", file=sys.stderr)
        return 1
    start = time.perf_counter()
    figures = search_figures(html, queries=queries, repeat=args.repeat)
    figures["seconds"] = round(time.perf_counter() - start, 1)
    print(report(figures))
    if args.out:
        Path(args.out).write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
