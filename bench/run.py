"""The benchmark: ``python -m bench [--sizes 100,300,1000] [--out _build/bench] [--repeats 3]`` (``make bench``).

For each size N it generates a synthetic bilingual site of N posts (``synthetic``) in a
temporary folder, with the same content as a plain Sphinx project (the baseline), then
builds both languages and measures:

- cold builds at ``-j 1`` (one language after the other), at ``-j auto`` (Sphinx's
  parallel build, one language after the other) and as ``make html`` builds (``make``:
  the languages at once, each with its share of the processors, ``make_jobs``), of the
  site and of the baseline,
  **interleaved and repeated** (``--repeats``, 3 by default; the order alternates between
  rounds) so that the load of a shared machine falls on both alike; each figure is the
  median of its rounds, with every round kept;
- rebuilds, as ``make html`` builds: nothing changed (repeated; and every file of the
  output and the doctrees compared before and after: a no-op touches none), one post's
  text edited (repeated, a different post each time), a ``{kb}`` reference added to one
  post, one French catalog edited;
- for each build: wall seconds and processor seconds (the build and its ``-j`` workers,
  ``wait4``), pages read and written (counted from Sphinx's events by a probe extension),
  peak memory, warnings, and the load average before and after;
- the size of the output, and the static files no page loads (``dead_files``);
- in Chromium (Playwright, site served on 127.0.0.1) the bytes a reader's first search
  downloads and the time until results show, through ``/<lang>/search.html?q=WORDS``.

It prints a table, the targets (pass/fail; never asserted by a test), the scaling
exponent of every figure (how it grows with N), and writes everything, with the date,
the machine, the versions and the load average, to ``OUT/results.json``. Timings depend on
the machine and its load: compare ratios measured in one run.
"""

from __future__ import annotations

import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from typing import Any

from cds_kb.core.errors import UserError
from cds_kb.core.files import write_atomically
from cds_kb.core.languages import catalog_path

from . import browser, synthetic

LANGUAGES = ("en", "fr")
# Builds as `make html` runs them: the languages at once, each with -j make_jobs().
MAKE = "make"
QUERIES = {"en": "notifications", "fr": "notifications"}
WARM_QUERIES = {"en": "procurement", "fr": "approvisionnement"}
# What each rebuild scenario changes.
SCENARIOS = ("noop", "edit_text", "add_reference", "edit_catalog")
# The cold builds of each round: (key in the results, site or baseline, -j or "make").
COLD_BUILDS = (
    ("cold_j1", "kb", "1"), ("plain_cold_j1", "plain", "1"),
    ("cold_jauto", "kb", "auto"), ("plain_cold_jauto", "plain", "auto"),
    ("cold_make", "kb", MAKE), ("plain_cold_make", "plain", MAKE),
)
REPEATS = 3
TARGET_SIZE = 1000
# The section page whose toctree lists the posts: Sphinx re-writes it when a post is re-read.
POSTS_PARENT = "stories/index"
# Issue 17's targets (docs/maintaining/performance.md).
FRENCH_OVER_ENGLISH = 1.3
OVER_PLAIN = 1.0
NOOP_SECONDS = 3.0
EDIT_SHARE = 0.05
PARALLEL_SPEEDUP = 1.5
OUTPUT_OVER_PLAIN = 1.2
SEARCH_BYTES = 300_000
SEARCH_MS = 100
PACKAGES = ("sphinx", "docutils", "myst-parser", "furo", "sphinx-design", "markdown-it-py")


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def make_jobs() -> int:
    """Sphinx's -j for each language under ``make html``: the processors shared among the
    languages built at once (the Makefile's JOBS)."""
    cpus = os.cpu_count() or 1
    return max(1, cpus // min(cpus, len(LANGUAGES)))


class Build:
    """One Sphinx project (the bench site or its plain baseline) and where it builds."""

    def __init__(self, root: Path, out: str, *, language_page: bool = False) -> None:
        self.root, self.out = root, root / "_build" / out
        # The site's builds end as `make html` does, with the language-choice page.
        self.language_page = language_page

    def run(self, jobs: str, profile: Path | None = None) -> dict[str, Any]:
        """Build every language, one after the other at ``-j jobs``, or at once as ``make html``
        does (``jobs`` is ``MAKE``); return the figures of this build."""
        load_before = _load()
        if jobs == MAKE:
            start = time.perf_counter()
            languages = self._run_all(str(make_jobs()))
            seconds = time.perf_counter() - start
        else:
            languages = {language: self._run_one(language, jobs, profile if language == "en" else None) for language in LANGUAGES}
            seconds = sum(r["seconds"] for r in languages.values())
        cpu = sum(r["cpu_seconds"] for r in languages.values())
        if self.language_page:
            page_seconds, page_cpu = self._language_page()
            seconds, cpu = seconds + page_seconds, cpu + page_cpu
        return {
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "read": sum(r["read"] for r in languages.values()),
            "written": sum(r["written"] for r in languages.values()),
            "max_rss_mb": max(r["max_rss_mb"] for r in languages.values()),
            "warnings": sum(r["warnings"] for r in languages.values()),
            "load": [load_before, _load()],
            "languages": languages,
        }

    def _start(self, language: str, jobs: str, profile: Path | None = None) -> tuple[subprocess.Popen, float]:
        """Start the build of one language; its messages and probe log in files of their own."""
        probe, errors = self._files(language)
        probe.parent.mkdir(parents=True, exist_ok=True)
        probe.write_text("", encoding="utf-8")
        runner = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "sphinx"] if profile else [sys.executable, "-m", "sphinx"]
        command = [
            *runner, "-b", "html", "-c", str(self.root), "-D", f"language={language}",
            "-d", str(self.out / "doctrees" / language), "-n", "--keep-going", "-q", "-j", jobs,
            str(self.root / "docs"), str(self.out / "html" / language),
        ]
        return self._spawn(command, {"CDS_KB_BENCH_LOG": str(probe)}, errors)

    def _spawn(self, command: list[str], env: dict[str, str], errors: Path) -> tuple[subprocess.Popen, float]:
        """Start a command in the project's folder with the checkout's code, its messages into
        ``errors``; return it and when it started."""
        env = {**os.environ, **env, "PYTHONPATH": str(synthetic.PROJECT), "NO_COLOR": "1"}
        with errors.open("w", encoding="utf-8") as stderr:
            start = time.perf_counter()
            return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env, cwd=self.root), start

    def _files(self, language: str) -> tuple[Path, Path]:
        folder = self.root / "_build"
        return folder / f"probe-{language}.log", folder / f"stderr-{language}.log"

    def _run_one(self, language: str, jobs: str, profile: Path | None) -> dict[str, Any]:
        process, start = self._start(language, jobs, profile)
        _pid, status, usage = os.wait4(process.pid, 0)
        return self._figures(language, time.perf_counter() - start, status, usage)

    def _run_all(self, jobs: str) -> dict[str, dict[str, Any]]:
        """Every language at once; each one's seconds run from the start to its own end."""
        started = {language: self._start(language, jobs) for language in LANGUAGES}
        by_pid = {process.pid: language for language, (process, _start) in started.items()}
        figures = {}
        while by_pid:
            pid, status, usage = os.wait4(-1, 0)
            if pid in by_pid:
                language = by_pid.pop(pid)
                figures[language] = self._figures(language, time.perf_counter() - started[language][1], status, usage)
        return {language: figures[language] for language in LANGUAGES}

    def _figures(self, language: str, seconds: float, status: int, usage: Any) -> dict[str, Any]:
        probe, errors = self._files(language)
        messages = errors.read_text(encoding="utf-8")
        if os.waitstatus_to_exitcode(status) != 0:
            raise UserError(f"the {language} build of {self.root} failed:\n{messages[-3000:]}")
        read, written = set(), set()
        for line in probe.read_text(encoding="utf-8").splitlines():
            event, _space, docname = line.partition(" ")
            (read if event == "read" else written).add(docname)
        warnings = [line for line in messages.splitlines() if "WARNING" in line]
        return {
            "seconds": round(seconds, 2),
            # User + system time of the build and its -j workers: less sensitive to other load than seconds.
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "read": len(read),
            "written": len(written),
            "read_pages": sorted(read)[:20],
            "written_pages": sorted(written)[:20],
            # ru_maxrss is in KiB on Linux.
            "max_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "warnings": len(warnings),
            "first_warnings": warnings[:3],
        }

    def _language_page(self) -> tuple[float, float]:
        errors = self.root / "_build" / "stderr-language-page.log"
        process, start = self._spawn([sys.executable, "-m", "cds_kb", "language-page", str(self.out / "html")], {}, errors)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise UserError(f"the language page of {self.root} failed:\n{errors.read_text(encoding='utf-8')[-3000:]}")
        return seconds, usage.ru_utime + usage.ru_stime


def median_build(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One figure for repeated builds: the median round (by processor time), with the median
    wall and processor seconds (overall and per language) and every round kept in ``rounds``."""
    ordered = sorted(runs, key=lambda run: run["cpu_seconds"])
    figure = json.loads(json.dumps(ordered[(len(ordered) - 1) // 2]))
    figure["seconds"] = round(statistics.median(run["seconds"] for run in runs), 2)
    figure["cpu_seconds"] = round(statistics.median(run["cpu_seconds"] for run in runs), 2)
    for language in figure["languages"]:
        for key in ("seconds", "cpu_seconds"):
            figure["languages"][language][key] = round(statistics.median(run["languages"][language][key] for run in runs), 2)
    figure["rounds"] = [
        {"seconds": run["seconds"], "cpu_seconds": run["cpu_seconds"], "load": run["load"],
         "languages": {language: {"seconds": r["seconds"], "cpu_seconds": r["cpu_seconds"]} for language, r in run["languages"].items()}}
        for run in runs
    ]
    return figure


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _mtimes(*folders: Path) -> dict[str, int]:
    """Every file of the folders and its modification time (ns)."""
    return {str(path): path.stat().st_mtime_ns for folder in folders for path in folder.rglob("*") if path.is_file()}


def _touched(before: dict[str, int], after: dict[str, int], root: Path) -> list[str]:
    """Files written (or added, or removed) between two ``_mtimes``, relative to ``root``."""
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    return sorted(str(Path(name).relative_to(root)) for name in changed)


# File names a page, a style sheet or a script mentions (links, url(), source maps, licence notes, paths in scripts).
_FILE_NAME = re.compile(r"[\w.-]+\.(?:js|css|png|svg|gif|ico|woff2?|ttf|txt|map)\b")


def dead_files(html: Path) -> list[str]:
    """Static files (``_static/``, not the search index) that no page loads, directly or through
    the style sheets and scripts it loads (file names they mention)."""
    static = {path.name: path for language in LANGUAGES for path in (html / language / "_static").rglob("*") if path.is_file() and "kb-search" not in path.parts}
    named: set[str] = set()
    for page in html.rglob("*.html"):
        named.update(_FILE_NAME.findall(page.read_text(encoding="utf-8", errors="replace")))
    pending = [name for name in named if name in static]
    while pending:
        path = static[pending.pop()]
        if path.suffix in (".css", ".js"):
            found = set(_FILE_NAME.findall(path.read_text(encoding="utf-8", errors="replace"))) - named
            named |= found
            pending += [name for name in found if name in static]
    return sorted(str(path.relative_to(html)) for language in LANGUAGES for path in (html / language / "_static").rglob("*")
                  if path.is_file() and "kb-search" not in path.parts and path.name not in named)


def _touch(path: Path) -> None:
    """Mark a file changed now: later than the previous build read it, and not in the future
    (a future time would make the next build read it again too)."""
    now = time.time()
    os.utime(path, (now, now))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise UserError(f"bench: {old!r} is not in {path}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _touch(path)


# --- search in the browser -----------------------------------------------------------------


# Records when the first result link shows, without touching the page under test.
RESULTS_OBSERVER = """
(() => {
  const seen = () => document.querySelector('#search-results a');
  const observer = new MutationObserver(() => {
    if (seen() && !window.__kbFirstResult) { window.__kbFirstResult = performance.now(); observer.disconnect(); }
  });
  document.addEventListener('DOMContentLoaded', () => {
    window.__kbReady = performance.now();
    if (seen()) { window.__kbFirstResult = performance.now(); return; }
    observer.observe(document.body, {childList: true, subtree: true});
  });
})();
"""


def _body_sizes(responses: list) -> tuple[int, int]:
    raw = compressed = 0
    for response in responses:
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - a redirect or aborted response has no body
            continue
        raw += len(body)
        compressed += len(zlib.compress(body, 6))
    return raw, compressed


def _search_one(chromium, base: str, language: str) -> dict[str, Any]:
    context = chromium.new_context()
    context.add_init_script(RESULTS_OBSERVER)
    page = context.new_page()
    responses: list = []
    page.on("response", lambda response: responses.append(response))
    start = time.perf_counter()
    page.goto(f"{base}/{language}/search.html?q={QUERIES[language]}")
    page.wait_for_selector("#search-results a", timeout=120_000)
    wall = time.perf_counter() - start
    timing = page.evaluate("() => [window.__kbReady || 0, window.__kbFirstResult || performance.now()]")
    at_first_result = list(responses)
    # Everything the search goes on to fetch (a results page may load excerpts after the first link shows).
    settled = True
    try:
        page.wait_for_load_state("networkidle", timeout=120_000)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError: report it rather than fail the bench
        settled = False
    raw, compressed = _body_sizes(responses)
    first_raw, _first_compressed = _body_sizes(at_first_result)
    results = page.locator("#search-results a").count()
    # A second query, with the site in the browser's cache: what a reader who searches again waits for.
    page.goto(f"{base}/{language}/search.html?q={WARM_QUERIES[language]}")
    page.wait_for_selector("#search-results a", timeout=120_000)
    warm = page.evaluate("() => [window.__kbReady || 0, window.__kbFirstResult || performance.now()]")
    context.close()
    return {
        "query": QUERIES[language],
        "first_search_bytes": raw,
        "first_search_gzip_bytes": compressed,
        "bytes_until_first_result": first_raw,
        "requests": len(responses),
        "settled": settled,
        "first_search_ms": round(wall * 1000),
        "query_to_results_ms": round(timing[1] - timing[0]),
        "warm_query_to_results_ms": round(warm[1] - warm[0]),
        "result_links": results,
    }


def search_figures(html: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    if not Path(browser.CHROMIUM).exists():
        raise UserError(f"the bench measures search in Debian's Chromium at {browser.CHROMIUM}: install it with 'apt-get install chromium' (make test does)")
    with browser.serve(html) as base, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_ARGS)
        try:
            return {language: _search_one(chromium, base, language) for language in LANGUAGES}
        finally:
            chromium.close()


# --- one size -------------------------------------------------------------------------------


def cold_builds(site: synthetic.Site, repeats: int, log=print) -> tuple[dict[str, dict[str, Any]], Build, Build]:
    """The cold builds, interleaved: each round builds the site and the baseline at -j 1, at -j auto
    and as make html does, the baseline first in every other round. Returns the median figures and
    the builds made as make html does (kept for the rebuilds)."""
    runs: dict[str, list[dict[str, Any]]] = {key: [] for key, _project, _jobs in COLD_BUILDS}
    kept: dict[str, Build] = {}
    for round_number in range(repeats):
        order = list(COLD_BUILDS)
        if round_number % 2:
            order = [build for pair in zip(order[1::2], order[::2]) for build in pair]
        for key, project, jobs in order:
            build = Build(site.root if project == "kb" else site.plain, key, language_page=project == "kb")
            if build.out.exists():
                shutil.rmtree(build.out)
            log(f"  round {round_number + 1}/{repeats}: {key} (load {_load()})")
            runs[key].append(build.run(jobs))
            if jobs == MAKE:
                kept[project] = build
            else:
                shutil.rmtree(build.out)
    return {key: median_build(figures) for key, figures in runs.items()}, kept["kb"], kept["plain"]


def noop_builds(kb: Build, repeats: int) -> dict[str, Any]:
    """Rebuilds with nothing changed: their median, and the files any of them touched (output and doctrees)."""
    runs, touched = [], set()
    for _round in range(repeats):
        before = _mtimes(kb.out)
        runs.append(kb.run(MAKE))
        touched.update(_touched(before, _mtimes(kb.out), kb.out))
    figure = median_build(runs)
    figure["files_touched"] = len(touched)
    figure["touched_files"] = sorted(touched)[:20]
    return figure


def bench_size(folder: Path, posts: int, *, search: bool = True, profile: Path | None = None, repeats: int = REPEATS, log=print) -> dict[str, Any]:
    """Every measurement for a site of ``posts`` posts."""
    log(f"[N={posts}] generating the site in {folder}")
    site = synthetic.generate(folder, posts)
    result: dict[str, Any] = {"posts": posts, "pages": sum(1 for _ in (site.root / "docs").rglob("*.md")), "tags": site.tags, "repeats": repeats, "load_at_start": list(os.getloadavg())}
    if not site.tags:
        result["tags_note"] = "skipped: this cds_kb has no 'topic' entry type, so posts carry no tags"

    log(f"[N={posts}] cold builds of the site and the plain baseline, -j 1, -j auto and as make html (languages at once, -j {make_jobs()} each), {repeats} rounds interleaved")
    cold, kb, plain = cold_builds(site, repeats, log)
    result.update(cold)
    result["output_bytes"] = _folder_bytes(kb.out / "html")
    result["plain_output_bytes"] = _folder_bytes(plain.out / "html")
    result["dead_files"] = dead_files(kb.out / "html")
    result["searchindex_bytes"] = {language: (kb.out / "html" / language / "searchindex.js").stat().st_size for language in LANGUAGES if (kb.out / "html" / language / "searchindex.js").exists()}

    log(f"[N={posts}] rebuilds with nothing changed ({repeats})")
    result["noop"] = noop_builds(kb, repeats)

    # Posts in the middle of the list, a different one each round; another for the added reference.
    middle = len(site.posts) // 2
    edited = [site.posts[(middle + offset) % len(site.posts)] for offset in range(repeats)]
    post = result["edited_post"] = edited[0]
    result["edited_posts"] = edited
    runs = []
    for docname in edited:
        log(f"[N={posts}] rebuild after editing {docname}")
        _edit(site.root / "docs" / f"{docname}.md", "We ", "Together, we ")
        runs.append(kb.run(MAKE))
    # The read and written pages are those of the first edit (the post named edited_post).
    result["edit_text"] = {**median_build(runs), **{key: runs[0][key] for key in ("read", "written", "languages")}}
    for language in LANGUAGES:
        for key in ("seconds", "cpu_seconds"):
            result["edit_text"]["languages"][language][key] = round(statistics.median(run["languages"][language][key] for run in runs), 2)

    other = site.posts[len(site.posts) // 3]
    target = _unreferenced_entry(site, other)
    result["referenced"] = {"post": other, "entry": target}
    log(f"[N={posts}] rebuild after adding a reference to {target} in {other}")
    text = (site.root / "docs" / f"{other}.md").read_text(encoding="utf-8")
    last = text.rstrip("\n")
    (site.root / "docs" / f"{other}.md").write_text(last + f" See also {{kb}}`{target}`.\n", encoding="utf-8")
    _touch(site.root / "docs" / f"{other}.md")
    result["add_reference"] = kb.run(MAKE)

    catalog = catalog_path(site.root / "locale", "fr", post)
    log(f"[N={posts}] rebuild after editing the French catalog of {post}")
    _edit(catalog, 'msgstr "La suite"', 'msgstr "Et ensuite"') if 'msgstr "La suite"' in catalog.read_text(encoding="utf-8") else _edit(catalog, "Nous ", "Ensemble, nous ")
    result["edit_catalog"] = kb.run(MAKE)

    if search:
        log(f"[N={posts}] first search in Chromium")
        result["search"] = search_figures(kb.out / "html")
        log(f"[N={posts}] search figures in Chromium: first searches, known items (bench.browser)")
        result["search_quality"] = browser.search_figures(kb.out / "html", repeat=3)
    if profile is not None:
        log(f"[N={posts}] profiling a cold English build (-j 1)")
        profiled = Build(site.root, "profile")
        profiled._run_one("en", "1", profile)
        shutil.rmtree(profiled.out)
        result["profile"] = str(profile)
        _write_profile_summary(profile)
    result["load_at_end"] = list(os.getloadavg())
    result["ratios"] = ratios(result)
    return result


def _write_profile_summary(profile: Path) -> None:
    """The 40 functions with the most cumulative time, beside the .prof file."""
    import io
    import pstats

    text = io.StringIO()
    pstats.Stats(str(profile), stream=text).sort_stats("cumulative").print_stats(40)
    write_atomically(profile.with_suffix(".txt"), text.getvalue())


def _unreferenced_entry(site: synthetic.Site, docname: str) -> str:
    text = (site.root / "docs" / f"{docname}.md").read_text(encoding="utf-8")
    for entry_id in sorted(site.entries):
        if f"`{entry_id}`" not in text and entry_id not in text and not entry_id.startswith(("bench-", "topic")):
            return entry_id
    raise UserError(f"bench: every entry is already referenced in {docname}")


# --- ratios, targets, scaling, report -------------------------------------------------------


def _language(figure: dict[str, Any], language: str, key: str = "cpu_seconds") -> float:
    return figure["languages"][language][key]


def ratios(result: dict[str, Any]) -> dict[str, float]:
    """The ratios the targets read, from one size's medians (processor time unless named wall)."""
    kb, plain = result["cold_j1"], result["plain_cold_j1"]
    figures = {
        "french_over_english": _language(kb, "fr") / _language(kb, "en"),
        "plain_french_over_english": _language(plain, "fr") / _language(plain, "en"),
        "over_plain": kb["cpu_seconds"] / plain["cpu_seconds"],
        "over_plain_english": _language(kb, "en") / _language(plain, "en"),
        "over_plain_french": _language(kb, "fr") / _language(plain, "fr"),
        "over_plain_wall": kb["seconds"] / plain["seconds"],
        "over_plain_wall_jauto": result["cold_jauto"]["seconds"] / result["plain_cold_jauto"]["seconds"],
        "over_plain_wall_make": result["cold_make"]["seconds"] / result["plain_cold_make"]["seconds"],
        "jauto_speedup": kb["seconds"] / result["cold_jauto"]["seconds"],
        "make_speedup": kb["seconds"] / result["cold_make"]["seconds"],
        "noop_seconds": result["noop"]["seconds"],
        # The rebuilds run as make html runs them: their share of make html's cold build.
        "edit_share_of_cold": result["edit_text"]["seconds"] / result["cold_make"]["seconds"],
        "output_over_plain": result["output_bytes"] / result["plain_output_bytes"],
    }
    return {name: round(value, 3) for name, value in figures.items()}


def _expected_rewrites(result: dict[str, Any]) -> set[str]:
    """What editing one post's text may re-write: that post and the section page whose toctree lists it."""
    return {result["edited_post"], POSTS_PARENT}


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The targets (docs/maintaining/performance.md), checked on one size's figures."""
    noop, edit, cold, jauto = result["noop"], result["edit_text"], result["cold_make"], result["cold_jauto"]
    ratio = result.get("ratios") or ratios(result)
    read_edit = {p for r in edit["languages"].values() for p in r["read_pages"]}
    written_edit = {p for r in edit["languages"].values() for p in r["written_pages"]}
    kb_j1, plain_j1 = result["cold_j1"], result["plain_cold_j1"]
    checks = [
        ("French costs about what English costs (CPU, -j 1)", ratio["french_over_english"] <= FRENCH_OVER_ENGLISH,
         f"French ÷ English {ratio['french_over_english']:.2f} (≤ {FRENCH_OVER_ENGLISH}): {_language(kb_j1, 'fr'):.1f} s ÷ {_language(kb_j1, 'en'):.1f} s; plain Sphinx {ratio['plain_french_over_english']:.2f}"),
        ("the extension pays for itself: both languages ≤ plain Sphinx (CPU, -j 1)", ratio["over_plain"] <= OVER_PLAIN,
         f"{ratio['over_plain']:.2f} (≤ {OVER_PLAIN}): {kb_j1['cpu_seconds']:.1f} s ÷ {plain_j1['cpu_seconds']:.1f} s; English {ratio['over_plain_english']:.2f}, French {ratio['over_plain_french']:.2f}; wall -j 1 {ratio['over_plain_wall']:.2f}, -j auto {ratio['over_plain_wall_jauto']:.2f}, make html {ratio['over_plain_wall_make']:.2f}"),
        ("no-op rebuild reads and writes no page", noop["read"] == 0 and noop["written"] == 0, f"read {noop['read']}, written {noop['written']}"),
        (f"... takes ≤ {NOOP_SECONDS:.0f} s for both languages (make html)", noop["seconds"] <= NOOP_SECONDS, f"{noop['seconds']:.1f} s ({noop['cpu_seconds']:.1f} s CPU)"),
        ("... and touches no file", noop["files_touched"] == 0, f"{noop['files_touched']} files touched {noop['touched_files'][:4]}"),
        ("editing one post re-reads only that post", read_edit == {result["edited_post"]}, f"read {sorted(read_edit)}"),
        ("... and re-writes only the pages showing the change", written_edit <= _expected_rewrites(result), f"written {sorted(written_edit)[:6]}{' …' if len(written_edit) > 6 else ''} ({edit['written']})"),
        (f"... in ≤ {100 * EDIT_SHARE:.0f}% of the cold build (make html)", ratio["edit_share_of_cold"] <= EDIT_SHARE, f"{edit['seconds']:.1f} s = {100 * ratio['edit_share_of_cold']:.1f}% of {cold['seconds']:.1f} s"),
        (f"make html (languages at once, -j {make_jobs()} each) ≥ {PARALLEL_SPEEDUP}× faster than -j 1", ratio["make_speedup"] >= PARALLEL_SPEEDUP, f"×{ratio['make_speedup']:.2f}: {cold['seconds']:.1f} s vs {kb_j1['seconds']:.1f} s"),
        (f"Sphinx's -j auto, one language after the other, ≥ {PARALLEL_SPEEDUP}× faster than -j 1", ratio["jauto_speedup"] >= PARALLEL_SPEEDUP, f"×{ratio['jauto_speedup']:.2f}: {jauto['seconds']:.1f} s vs {kb_j1['seconds']:.1f} s"),
        (f"output ≤ {OUTPUT_OVER_PLAIN}× plain Sphinx's", ratio["output_over_plain"] <= OUTPUT_OVER_PLAIN, f"×{ratio['output_over_plain']:.2f}: {result['output_bytes'] / 1e6:.1f} MB vs {result['plain_output_bytes'] / 1e6:.1f} MB"),
        ("... and no dead files", not result["dead_files"], f"{len(result['dead_files'])} {result['dead_files'][:4]}"),
    ]
    if "search" in result:
        search = result["search"]
        heaviest = max(s["first_search_bytes"] for s in search.values())
        slowest = max(s["query_to_results_ms"] for s in search.values())
        checks += [
            (f"first search downloads ≤ {SEARCH_BYTES // 1000} KB", heaviest <= SEARCH_BYTES, f"{heaviest / 1000:.0f} KB (gzip {max(s['first_search_gzip_bytes'] for s in search.values()) / 1000:.0f} KB)"),
            (f"results < {SEARCH_MS} ms after the page is ready", slowest < SEARCH_MS, f"{slowest} ms (again: {max(s['warm_query_to_results_ms'] for s in search.values())} ms)"),
        ]
    if "search_quality" in result:
        checks += browser.search_targets(result["search_quality"])
    return [{"target": name, "pass": bool(ok), "measured": measured} for name, ok, measured in checks]


def _exponent(sizes: list[int], values: list[float]) -> float | None:
    """The least-squares slope of log(value) on log(N): 1 is linear, 2 quadratic."""
    points = [(math.log(n), math.log(v)) for n, v in zip(sizes, values) if v > 0]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return round(sum((x - mean_x) * (y - mean_y) for x, y in points) / spread, 2) if spread else None


def _series(result: dict[str, Any]) -> dict[str, float]:
    """Every figure of one size that has a scaling exponent."""
    figures: dict[str, float] = {}
    for key, _project, _jobs in COLD_BUILDS:
        figures[f"{key}_seconds"] = result[key]["seconds"]
        figures[f"{key}_cpu_seconds"] = result[key]["cpu_seconds"]
        for language in LANGUAGES:
            figures[f"{key}_{language}_cpu_seconds"] = _language(result[key], language)
        figures[f"{key}_max_rss_mb"] = result[key]["max_rss_mb"]
    for key in SCENARIOS:
        figures[f"{key}_seconds"] = result[key]["seconds"]
        figures[f"{key}_cpu_seconds"] = result[key]["cpu_seconds"]
    figures["output_bytes"] = result["output_bytes"]
    figures["plain_output_bytes"] = result["plain_output_bytes"]
    for language, search in result.get("search", {}).items():
        figures[f"first_search_bytes_{language}"] = search["first_search_bytes"]
        figures[f"query_to_results_ms_{language}"] = search["query_to_results_ms"]
    figures.update({f"ratio_{name}": value for name, value in (result.get("ratios") or ratios(result)).items() if name != "noop_seconds"})
    return figures


def scaling(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """How every figure grows with N: its exponent (log-log slope) and its cost per post between sizes."""
    sizes = sorted(int(n) for n in results)
    if len(sizes) < 2:
        return {}
    per_size = [_series(results[str(n)]) for n in sizes]
    names = [name for name in per_size[0] if all(name in figures for figures in per_size)]
    report: dict[str, Any] = {"sizes": sizes}
    for name in names:
        values = [figures[name] for figures in per_size]
        # Marginal cost per post between sizes: growing means super-linear.
        marginal = [round((b - a) / (m - n), 4) for (n, a), (m, b) in zip(zip(sizes, values), zip(sizes[1:], values[1:]))]
        report[name] = {"values": values, "exponent": _exponent(sizes, values), "per_post_between_sizes": marginal}
    return report


def _row(label: str, values: list[str]) -> str:
    return f"{label:<46}" + "".join(f"{value:>16}" for value in values)


def _build_cell(build: dict[str, Any]) -> str:
    """Wall time, and CPU time in brackets."""
    return f"{build['seconds']:.1f} ({build['cpu_seconds']:.1f}) s"


def table(results: dict[str, dict[str, Any]]) -> str:
    sizes = sorted(results, key=int)
    columns = [results[n] for n in sizes]
    lines = [
        "builds: median wall seconds (CPU seconds, the build and its -j workers)",
        _row("posts", sizes),
        _row("pages per language", [str(c["pages"]) for c in columns]),
        _row("rounds (interleaved)", [str(c.get("repeats", 1)) for c in columns]),
    ]
    for key, label in (
        ("cold_j1", "cold build, both languages, -j 1"),
        ("plain_cold_j1", "plain Sphinx baseline, cold, -j 1"),
        ("cold_jauto", "cold build, both languages, -j auto"),
        ("plain_cold_jauto", "plain Sphinx baseline, cold, -j auto"),
        ("cold_make", "cold build as make html (languages at once)"),
        ("plain_cold_make", "plain Sphinx baseline, cold, languages at once"),
    ):
        lines.append(_row(label, [_build_cell(c[key]) for c in columns]))
        for language in LANGUAGES:
            lines.append(_row(f"  {language} CPU seconds", [f"{_language(c[key], language):.1f}" for c in columns]))
    for key, label in (
        ("noop", "rebuild (make html), nothing changed"),
        ("edit_text", "rebuild, one post's text edited"),
        ("add_reference", "rebuild, {kb} reference added"),
        ("edit_catalog", "rebuild, one French catalog edited"),
    ):
        lines.append(_row(label, [_build_cell(c[key]) for c in columns]))
        lines.append(_row("  pages read / written (en+fr)", [f"{c[key]['read']} / {c[key]['written']}" for c in columns]))
    lines.append(_row("  no-op: files touched", [str(c["noop"].get("files_touched", "?")) for c in columns]))
    lines.append(_row("peak memory, cold -j auto (MB)", [f"{c['cold_jauto']['max_rss_mb']:.0f}" for c in columns]))
    lines.append(_row("peak memory, cold make html (MB)", [f"{c['cold_make']['max_rss_mb']:.0f}" for c in columns]))
    lines.append(_row("peak memory, cold -j 1 (MB)", [f"{c['cold_j1']['max_rss_mb']:.0f}" for c in columns]))
    lines.append(_row("output, both languages (MB)", [f"{c['output_bytes'] / 1e6:.1f}" for c in columns]))
    lines.append(_row("plain baseline output (MB)", [f"{c['plain_output_bytes'] / 1e6:.1f}" for c in columns]))
    lines.append(_row("dead static files", [str(len(c.get("dead_files", []))) for c in columns]))
    lines.append(_row("warnings (all builds)", [str(sum(c[k]["warnings"] for k in (*SCENARIOS, *(key for key, project, _jobs in COLD_BUILDS if project == "kb")))) for c in columns]))
    lines.append(_row("load average (1 min), start / end", [f"{c['load_at_start'][0]:.1f} / {c['load_at_end'][0]:.1f}" if "load_at_start" in c else "?" for c in columns]))
    if all("ratios" in c for c in columns):
        lines.append("ratios (CPU, -j 1, unless wall)")
        for name in columns[0]["ratios"]:
            lines.append(_row(f"  {name}", [f"{c['ratios'][name]:.3f}" for c in columns]))
    if all("search" in c for c in columns):
        for language in LANGUAGES:
            lines.append(_row(f"first search ({language}): requests", [str(c["search"][language]["requests"]) + ("" if c["search"][language]["settled"] else "+") for c in columns]))
            lines.append(_row("  KB until first result", [f"{c['search'][language]['bytes_until_first_result'] / 1000:.0f}" for c in columns]))
            lines.append(_row("  KB in all / gzip KB", [f"{c['search'][language]['first_search_bytes'] / 1000:.0f} / {c['search'][language]['first_search_gzip_bytes'] / 1000:.0f}" for c in columns]))
            lines.append(_row("  ready -> results, first / again (ms)", [f"{c['search'][language]['query_to_results_ms']} / {c['search'][language]['warm_query_to_results_ms']}" for c in columns]))
            lines.append(_row("  navigation -> results (ms)", [str(c["search"][language]["first_search_ms"]) for c in columns]))
    return "\n".join(lines)


def report(data: dict[str, Any]) -> str:
    results = data["sizes"]
    largest = max(results, key=int)
    machine = data["machine"]
    lines = [
        f"cds_kb bench, {data['date']} ({data.get('started', '')} to {data.get('finished', '')}), {machine['cpus']} CPUs, Python {machine['python']}, "
        f"load average {machine.get('load_average_at_start', ['?'])[0]} at the start, {machine.get('load_average', ['?'])[0]} at the end",
        "", table(results), "",
    ]
    lines.append(f"Targets at N={largest}" + ("" if int(largest) >= TARGET_SIZE else f" (the targets are set for N={TARGET_SIZE})") + ":")
    for check in data["targets"]:
        lines.append(f"  [{'pass' if check['pass'] else 'FAIL'}] {check['target']}: {check['measured']}")
    if data["scaling"]:
        lines += ["", "Scaling (exponent of N fitted on log-log; 1 = linear; marginal cost per post between sizes):"]
        for name, figures in data["scaling"].items():
            if name != "sizes":
                lines.append(f"  {name:<40} exponent {figures['exponent']}, per post {figures['per_post_between_sizes']}")
    notes = results[largest].get("tags_note")
    if notes:
        lines += ["", f"Tags: {notes}."]
    return "\n".join(lines)


def _machine() -> dict[str, Any]:
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = version(package)
        except Exception:  # noqa: BLE001 - a missing package is reported as such
            versions[package] = None
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(), "versions": versions}


def run(sizes: list[int], out: Path, *, search: bool = True, profile: bool = False, keep: bool = False, repeats: int = REPEATS, log=print) -> dict[str, Any]:
    """Bench every size; write OUT/results.json and return the data."""
    if not sizes or any(n < 1 for n in sizes):
        raise UserError("--sizes takes positive numbers of posts, such as 100,300,1000")
    if repeats < 1:
        raise UserError("--repeats takes a positive number of rounds, such as 3")
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    started, load_at_start = datetime.now(timezone.utc).astimezone(), list(os.getloadavg())
    work = Path(tempfile.mkdtemp(prefix="cds-kb-bench-"))
    results: dict[str, dict[str, Any]] = {}
    try:
        for n in sorted(set(sizes)):
            results[str(n)] = bench_size(work / f"n{n}", n, search=search, profile=out / f"profile-{n}.prof" if profile else None, repeats=repeats, log=log)
            # Each size as soon as it is measured: a later failure does not lose it.
            write_atomically(out / "partial.json", json.dumps(results, indent=2, ensure_ascii=False) + "\n")
            if not keep:
                shutil.rmtree(work / f"n{n}")
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept the generated sites in {work}")
    largest = max(results, key=int)
    finished = datetime.now(timezone.utc).astimezone()
    data = {
        "date": started.date().isoformat(),
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "machine": {**_machine(), "load_average_at_start": load_at_start, "load_average": list(os.getloadavg())},
        "command": " ".join(["python -m bench", f"--sizes {','.join(str(n) for n in sorted(set(sizes)))}", f"--repeats {repeats}", *([] if search else ["--no-search"])]),
        "sizes": results,
        "targets": targets(results[largest]),
        "scaling": scaling(results),
    }
    write_atomically(out / "results.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    text = report(data)
    write_atomically(out / "results.txt", text + "\n")
    log(text)
    log(f"\nwritten: {out / 'results.json'}")
    return data
