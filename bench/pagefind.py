"""Pagefind on the same built site, configured as this site's search is, for comparison only.

``python -m bench.pagefind PAGEFIND`` (``PAGEFIND``: the ``pagefind`` program, for example
from ``npm install pagefind`` in a scratch folder) copies ``_build/html`` to a scratch
folder, marks each page as Pagefind reads it, indexes both languages with Pagefind, runs
the query set (``tests/search_queries.csv``) and its typing-mistake variants through
Pagefind's own JavaScript API in Chromium, and prints first place and first three for the
held-out queries and for all, beside the project's search on the same rows.

Configured the same way: Pagefind indexes each page's main content (``data-pagefind-body``);
every name of a page (its title, its title in the other language, its aliases: the
``=name`` entries of the project's index) goes in an element weighted 10
(``data-pagefind-weight``), the highest weight, as names are in the project's index; the
maintainers' pages are left out of a searcher's results as the project's search leaves them
out (given the rule's answer: shown only when the expected page is one of them). Pagefind
is never a dependency of the site and nothing it writes is kept: the copy is scratch.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from cds_kb.sphinxext import search as kb_search

from . import browser

LANGUAGES = ("en", "fr")
# A page with no Content Security Policy from which Pagefind's API runs (it needs WebAssembly).
RUNNER = "<!doctype html><html><head><meta charset='utf-8'><title>Pagefind</title></head><body></body></html>\n"
_SEARCH = """async ([query, count]) => {
  window.pf = window.pf || await import('./pagefind/pagefind.js');
  const found = await window.pf.search(query);
  const data = await Promise.all(found.results.slice(0, count).map(result => result.data()));
  return data.map(item => item.url);
}"""


def page_names(html: Path, language: str) -> dict[str, list[str]]:
    """Docname -> the page's names, from the project's index (``=name`` entries)."""
    folder = html / language / "_static" / "kb-search"
    docnames = browser.index_docnames(html, language)
    names: dict[str, list[str]] = {}
    for path in sorted(folder.glob("terms-*.js")):
        _, bucket, _ = browser._index_data(html, language, path.name)
        for key, postings in bucket.items():
            if key.startswith("="):
                page, i = 0, 0
                while i < len(postings):
                    step = postings[i]
                    page += -step - 1 if step < 0 else step
                    i += 2 if step < 0 else 1
                    names.setdefault(docnames[page], []).append(key[1:])
    return names


def prepare(html: Path, copy: Path) -> None:
    """A copy of the built site marked for Pagefind: body, names weighted 10, type filter, no CSP."""
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(html, copy)
    for language in LANGUAGES:
        names = page_names(html, language)
        root = copy / language
        for path in root.rglob("*.html"):
            docname = path.relative_to(root).with_suffix("").as_posix()
            if docname.startswith("_") or docname in {"search", "404"}:
                continue
            page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for policy in page.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"}):
                policy.decompose()
            article = page.find(id="furo-main-content")
            if article is None:
                continue
            article["data-pagefind-body"] = ""
            kind = "maintaining" if docname.startswith(kb_search.MAINTAINERS_FOLDER) else "page"
            article["data-pagefind-filter"] = f"type:{kind}"
            weighted = page.new_tag("p", attrs={"data-pagefind-weight": "10"})
            weighted.string = " · ".join(names.get(docname, []))
            article.insert(0, weighted)
            path.write_text(str(page), encoding="utf-8")
        (root / "pagefind-runner.html").write_text(RUNNER, encoding="utf-8")


def index(copy: Path, pagefind: str) -> None:
    for language in LANGUAGES:
        subprocess.run([pagefind, "--site", str(copy / language)], check=True, capture_output=True, text=True)


def pagefind_results(page: Any, site_url: str, language: str, queries: list[str], count: int = 10) -> dict[str, list[str]]:
    page.goto(f"{site_url}/{language}/pagefind-runner.html")
    return {query: [_docname(url, language) for url in page.evaluate(_SEARCH, [query, count])] for query in queries}


def _docname(url: str, language: str) -> str:
    """``/en/policies/`` -> ``policies/index``; ``/en/services/gc-notify.html`` -> ``services/gc-notify``."""
    path = url.split("#")[0].lstrip("/").removeprefix(f"{language}/")
    return (path + "index" if path.endswith("/") or not path else path).removesuffix(".html")


def searchers_only(rows: list[dict[str, str]], results: dict[tuple[str, str], list[str]]) -> dict[tuple[str, str], list[str]]:
    """Results without maintainers' pages, unless the row expects one (the project's rule, given to Pagefind)."""
    expecting = {(row["language"], row["query"]) for row in rows if row["expected"].startswith(kb_search.MAINTAINERS_FOLDER)}
    return {key: found if key in expecting else [d for d in found if not d.startswith(kb_search.MAINTAINERS_FOLDER)]
            for key, found in results.items()}


def compare(html: Path, pagefind: str, scratch: Path, queries: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    prepare(html, scratch)
    index(scratch, pagefind)
    rows = browser.read_query_set(queries)
    typo_rows = browser.typo_rows_of(rows)
    figures: dict[str, Any] = {"load": browser._load()}
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_ARGS)
        try:
            with browser.serve(scratch) as pagefind_url, browser.serve(html) as project_url:
                page = chromium.new_page()
                for name, selected in (("query_set", rows), ("typo_variants", typo_rows)):
                    for engine, run in (("pagefind", lambda l, q: pagefind_results(page, pagefind_url, l, q)),
                                        ("project", lambda l, q: browser.run_queries(page, project_url, l, q))):
                        results = {}
                        for language in LANGUAGES:
                            asked = list(dict.fromkeys(row["query"] for row in selected if row["language"] == language))
                            results.update({(language, query): found for query, found in run(language, asked).items()})
                        if engine == "pagefind":
                            results = searchers_only(selected, results)
                        figures[f"{engine} {name}"] = browser.query_set_scores(selected, results)
        finally:
            chromium.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pagefind", description="compare Pagefind with the project's search on the query set")
    parser.add_argument("pagefind", help="the pagefind program (npm install pagefind, then node_modules/.bin/pagefind)")
    parser.add_argument("--html", default="_build/html", help="the built site (default: _build/html)")
    parser.add_argument("--scratch", default="_build/pagefind-copy", help="where the marked copy goes (default: _build/pagefind-copy)")
    parser.add_argument("--queries", default=str(Path(__file__).resolve().parent.parent / "tests" / "search_queries.csv"))
    args = parser.parse_args(argv)
    figures = compare(Path(args.html), args.pagefind, Path(args.scratch), Path(args.queries))
    for name, scores in figures.items():
        if name == "load":
            print(f"load {scores}")
            continue
        print(name, json.dumps({part: scores[part] for part in ("all", "held_in", "held_out")}))
        for miss in scores["misses"]:
            print("  miss:", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
