"""The benchmark: ``python -m bench [--sizes 100,300,1000] [--out _build/bench]`` (``make bench``).

For each size N it generates a synthetic bilingual site of N posts (``synthetic``) in a
temporary folder, then builds both languages as ``make html`` does and measures:

- a cold build at ``-j 1`` and at ``-j auto``, and the same cold build of the plain-Sphinx
  baseline (same content, no cds_kb);
- rebuilds: nothing changed; one post's text edited; a ``{kb}`` reference added to one
  post; one French catalog edited;
- for each build: seconds, pages read and written (counted from Sphinx's events by a
  probe extension), peak memory (``wait4`` of the build process), warnings;
- output size, and in Chromium (Playwright, site served on 127.0.0.1) the bytes a reader's
  first search downloads and the time until results show, through the stable interface
  ``/<lang>/search.html?q=WORDS`` with results as links in ``#search-results``.

It prints a table, the targets (pass/fail; never asserted by a test), how the cold build
and the search payload grow with N, and writes everything to ``OUT/results.json``.
Timings depend on the machine and its load: compare runs on one machine.
"""

from __future__ import annotations

import functools
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from datetime import date
from pathlib import Path
from typing import Any

from cds_kb.core.errors import UserError
from cds_kb.core.files import write_atomically
from cds_kb.core.languages import catalog_path

from . import browser, synthetic

LANGUAGES = ("en", "fr")
QUERIES = {"en": "notifications", "fr": "notifications"}
WARM_QUERIES = {"en": "procurement", "fr": "approvisionnement"}
# What each rebuild scenario changes.
SCENARIOS = ("noop", "edit_text", "add_reference", "edit_catalog")
TARGET_SIZE = 1000
# The section page whose toctree lists the posts: Sphinx re-writes it when a post is re-read.
POSTS_PARENT = "stories/index"


class Build:
    """One Sphinx project (the bench site or its plain baseline) and where it builds."""

    def __init__(self, root: Path, out: str) -> None:
        self.root, self.out = root, root / "_build" / out

    def run(self, jobs: str, profile: Path | None = None) -> dict[str, Any]:
        """Build every language; return the figures of this build."""
        languages = {language: self._run_one(language, jobs, profile if language == "en" else None) for language in LANGUAGES}
        return {
            "seconds": round(sum(r["seconds"] for r in languages.values()), 2),
            "cpu_seconds": round(sum(r["cpu_seconds"] for r in languages.values()), 2),
            "read": sum(r["read"] for r in languages.values()),
            "written": sum(r["written"] for r in languages.values()),
            "max_rss_mb": max(r["max_rss_mb"] for r in languages.values()),
            "warnings": sum(r["warnings"] for r in languages.values()),
            "languages": languages,
        }

    def _run_one(self, language: str, jobs: str, profile: Path | None) -> dict[str, Any]:
        log = self.root / "_build" / "probe.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("", encoding="utf-8")
        runner = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "sphinx"] if profile else [sys.executable, "-m", "sphinx"]
        command = [
            *runner, "-b", "html", "-c", str(self.root), "-D", f"language={language}",
            "-d", str(self.out / "doctrees" / language), "-n", "--keep-going", "-q", "-j", jobs,
            str(self.root / "docs"), str(self.out / "html" / language),
        ]
        env = {**os.environ, "CDS_KB_BENCH_LOG": str(log), "PYTHONPATH": str(synthetic.PROJECT), "NO_COLOR": "1"}
        errors = self.root / "_build" / "stderr.log"
        with errors.open("w", encoding="utf-8") as stderr:
            start = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env, cwd=self.root)
            _pid, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
        messages = errors.read_text(encoding="utf-8")
        if process.returncode != 0:
            raise UserError(f"the {language} build of {self.root} failed:\n{messages[-3000:]}")
        read, written = set(), set()
        for line in log.read_text(encoding="utf-8").splitlines():
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


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


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


CHROMIUM = "/usr/bin/chromium"


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


def _search_one(browser, base: str, language: str) -> dict[str, Any]:
    context = browser.new_context()
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


def _serve(folder: Path):
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    class QuietServer(ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            # The browser drops requests it no longer needs (a search page left for the next query).
            if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                super().handle_error(request, client_address)

    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def search_figures(html: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    # The same Chromium switches as the browser tests: no network but loopback.
    args = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ]
    if not Path(CHROMIUM).exists():
        raise UserError(f"the bench measures search in Debian's Chromium at {CHROMIUM}: install it with 'apt-get install chromium' (make test does)")
    server = _serve(html)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
            try:
                return {language: _search_one(browser, base, language) for language in LANGUAGES}
            finally:
                browser.close()
    finally:
        server.shutdown()


# --- one size -------------------------------------------------------------------------------


def bench_size(folder: Path, posts: int, *, search: bool = True, profile: Path | None = None, log=print) -> dict[str, Any]:
    """Every measurement for a site of ``posts`` posts."""
    log(f"[N={posts}] generating the site in {folder}")
    site = synthetic.generate(folder, posts)
    result: dict[str, Any] = {"posts": posts, "pages": sum(1 for _ in (site.root / "docs").rglob("*.md")), "tags": site.tags}
    if not site.tags:
        result["tags_note"] = "skipped: this cds_kb has no 'topic' entry type, so posts carry no tags"

    kb_j1 = Build(site.root, "cold-j1")
    log(f"[N={posts}] cold build, -j 1")
    result["cold_j1"] = kb_j1.run("1")
    shutil.rmtree(kb_j1.out)

    kb = Build(site.root, "main")
    log(f"[N={posts}] cold build, -j auto")
    result["cold_jauto"] = kb.run("auto")
    result["output_bytes"] = _folder_bytes(kb.out / "html")
    result["searchindex_bytes"] = {language: (kb.out / "html" / language / "searchindex.js").stat().st_size for language in LANGUAGES if (kb.out / "html" / language / "searchindex.js").exists()}

    log(f"[N={posts}] rebuild, nothing changed")
    result["noop"] = kb.run("auto")

    # A post in the middle of the list; another for the added reference.
    post = site.posts[len(site.posts) // 2]
    result["edited_post"] = post
    source = site.root / "docs" / f"{post}.md"
    log(f"[N={posts}] rebuild after editing {post}")
    _edit(source, "We ", "Together, we ", )
    result["edit_text"] = kb.run("auto")

    other = site.posts[len(site.posts) // 3]
    target = _unreferenced_entry(site, other)
    result["referenced"] = {"post": other, "entry": target}
    log(f"[N={posts}] rebuild after adding a reference to {target} in {other}")
    text = (site.root / "docs" / f"{other}.md").read_text(encoding="utf-8")
    last = text.rstrip("\n")
    (site.root / "docs" / f"{other}.md").write_text(last + f" See also {{kb}}`{target}`.\n", encoding="utf-8")
    _touch(site.root / "docs" / f"{other}.md")
    result["add_reference"] = kb.run("auto")

    catalog = catalog_path(site.root / "locale", "fr", post)
    log(f"[N={posts}] rebuild after editing the French catalog of {post}")
    _edit(catalog, 'msgstr "La suite"', 'msgstr "Et ensuite"') if 'msgstr "La suite"' in catalog.read_text(encoding="utf-8") else _edit(catalog, "Nous ", "Ensemble, nous ")
    result["edit_catalog"] = kb.run("auto")

    plain = Build(site.plain, "main")
    log(f"[N={posts}] plain Sphinx baseline, cold, -j auto")
    result["plain_cold_jauto"] = plain.run("auto")
    result["plain_output_bytes"] = _folder_bytes(plain.out / "html")
    plain_j1 = Build(site.plain, "cold-j1")
    log(f"[N={posts}] plain Sphinx baseline, cold, -j 1")
    result["plain_cold_j1"] = plain_j1.run("1")
    shutil.rmtree(plain_j1.out)

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


# --- targets, scaling, report ---------------------------------------------------------------


def _expected_rewrites(result: dict[str, Any]) -> set[str]:
    """What editing one post's text may re-write: that post and the section page whose toctree lists it."""
    return {result["edited_post"], POSTS_PARENT}


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, checked on one size's figures."""
    noop, edit, cold = result["noop"], result["edit_text"], result["cold_jauto"]
    read_edit = {p for r in edit["languages"].values() for p in r["read_pages"]}
    written_edit = {p for r in edit["languages"].values() for p in r["written_pages"]}
    overhead = cold["seconds"] / result["plain_cold_jauto"]["seconds"] - 1
    overhead_j1 = result["cold_j1"]["seconds"] / result["plain_cold_j1"]["seconds"] - 1
    # CPU time at -j 1 decides: wall time on a shared machine measures the neighbours too.
    overhead_cpu = result["cold_j1"]["cpu_seconds"] / result["plain_cold_j1"]["cpu_seconds"] - 1
    checks = [
        ("no-op rebuild reads and writes no page", noop["read"] == 0 and noop["written"] == 0, f"read {noop['read']}, written {noop['written']}"),
        ("editing one post re-reads only that post", read_edit == {result["edited_post"]}, f"read {sorted(read_edit)}"),
        ("... and re-writes only the pages showing the change", written_edit <= _expected_rewrites(result), f"written {sorted(written_edit)[:6]}{' …' if len(written_edit) > 6 else ''} ({edit['written']})"),
        ("... in under 10% of the cold build", edit["seconds"] < 0.10 * cold["seconds"], f"{edit['seconds']:.1f} s = {100 * edit['seconds'] / cold['seconds']:.0f}% of {cold['seconds']:.1f} s"),
        ("extension costs under 25% over plain Sphinx (cold)", overhead_cpu < 0.25, f"CPU time -j 1 {100 * overhead_cpu:+.0f}%; wall time -j 1 {100 * overhead_j1:+.0f}%, -j auto {100 * overhead:+.0f}%"),
        ("-j auto faster than -j 1", cold["seconds"] < result["cold_j1"]["seconds"], f"{cold['seconds']:.1f} s vs {result['cold_j1']['seconds']:.1f} s"),
    ]
    if "search" in result:
        search = result["search"]
        heaviest = max(s["first_search_bytes"] for s in search.values())
        slowest = max(s["query_to_results_ms"] for s in search.values())
        checks += [
            ("first search downloads under 500 KB", heaviest < 500_000, f"{heaviest / 1000:.0f} KB (gzip {max(s['first_search_gzip_bytes'] for s in search.values()) / 1000:.0f} KB)"),
            ("results under 100 ms after the page is ready", slowest < 100, f"{slowest} ms (again: {max(s['warm_query_to_results_ms'] for s in search.values())} ms)"),
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
    return round(sum((x - mean_x) * (y - mean_y) for x, y in points) / spread, 2)


def scaling(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """How the cold build and the search payload grow with N."""
    sizes = sorted(int(n) for n in results)
    if len(sizes) < 2:
        return {}
    series = {
        "cold_jauto_seconds": [results[str(n)]["cold_jauto"]["seconds"] for n in sizes],
        "cold_j1_seconds": [results[str(n)]["cold_j1"]["seconds"] for n in sizes],
        "cold_j1_cpu_seconds": [results[str(n)]["cold_j1"]["cpu_seconds"] for n in sizes],
        "plain_cold_j1_cpu_seconds": [results[str(n)]["plain_cold_j1"]["cpu_seconds"] for n in sizes],
        "plain_cold_j1_seconds": [results[str(n)]["plain_cold_j1"]["seconds"] for n in sizes],
        "output_bytes": [results[str(n)]["output_bytes"] for n in sizes],
    }
    if all("search" in results[str(n)] for n in sizes):
        series["first_search_bytes"] = [results[str(n)]["search"]["en"]["first_search_bytes"] for n in sizes]
    report: dict[str, Any] = {"sizes": sizes}
    for name, values in series.items():
        # Marginal cost per post between sizes: growing means super-linear.
        marginal = [round((b - a) / (m - n), 4) for (n, a), (m, b) in zip(zip(sizes, values), zip(sizes[1:], values[1:]))]
        report[name] = {"values": values, "exponent": _exponent(sizes, values), "per_post_between_sizes": marginal}
    return report


def _row(label: str, values: list[str]) -> str:
    return f"{label:<46}" + "".join(f"{value:>14}" for value in values)


def _build_cell(build: dict[str, Any]) -> str:
    """Wall time, and CPU time in brackets."""
    return f"{build['seconds']:.1f} ({build['cpu_seconds']:.0f}) s"


def table(results: dict[str, dict[str, Any]]) -> str:
    sizes = sorted(results, key=int)
    columns = [results[n] for n in sizes]
    lines = ["builds: wall seconds (CPU seconds, the build and its -j workers)", _row("posts", sizes), _row("pages per language", [str(c["pages"]) for c in columns])]
    for key, label in (
        ("cold_j1", "cold build, both languages, -j 1"),
        ("cold_jauto", "cold build, both languages, -j auto"),
        ("plain_cold_j1", "plain Sphinx baseline, cold, -j 1"),
        ("plain_cold_jauto", "plain Sphinx baseline, cold, -j auto"),
    ):
        lines.append(_row(label, [_build_cell(c[key]) for c in columns]))
    for key, label in (
        ("noop", "rebuild, nothing changed"),
        ("edit_text", "rebuild, one post's text edited"),
        ("add_reference", "rebuild, {kb} reference added"),
        ("edit_catalog", "rebuild, one French catalog edited"),
    ):
        lines.append(_row(label, [_build_cell(c[key]) for c in columns]))
        lines.append(_row("  pages read / written (en+fr)", [f"{c[key]['read']} / {c[key]['written']}" for c in columns]))
    lines.append(_row("peak memory, cold -j auto (MB)", [f"{c['cold_jauto']['max_rss_mb']:.0f}" for c in columns]))
    lines.append(_row("peak memory, cold -j 1 (MB)", [f"{c['cold_j1']['max_rss_mb']:.0f}" for c in columns]))
    lines.append(_row("output, both languages (MB)", [f"{c['output_bytes'] / 1e6:.1f}" for c in columns]))
    lines.append(_row("plain baseline output (MB)", [f"{c['plain_output_bytes'] / 1e6:.1f}" for c in columns]))
    lines.append(_row("warnings (all builds)", [str(sum(c[k]["warnings"] for k in (*SCENARIOS, "cold_j1", "cold_jauto"))) for c in columns]))
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
    lines = [f"cds_kb bench, {data['date']}, {data['machine']['cpus']} CPUs, Python {data['machine']['python']}", "", table(results), ""]
    lines.append(f"Targets at N={largest}" + ("" if int(largest) >= TARGET_SIZE else f" (the targets are set for N={TARGET_SIZE})") + ":")
    for check in data["targets"]:
        lines.append(f"  [{'pass' if check['pass'] else 'FAIL'}] {check['target']}: {check['measured']}")
    if data["scaling"]:
        lines += ["", "Scaling (exponent of N fitted on log-log; 1 = linear; marginal cost per post between sizes):"]
        for name, figures in data["scaling"].items():
            if name != "sizes":
                lines.append(f"  {name:<26} exponent {figures['exponent']}, per post {figures['per_post_between_sizes']}")
    notes = results[largest].get("tags_note")
    if notes:
        lines += ["", f"Tags: {notes}."]
    return "\n".join(lines)


def run(sizes: list[int], out: Path, *, search: bool = True, profile: bool = False, keep: bool = False, log=print) -> dict[str, Any]:
    """Bench every size; write OUT/results.json and return the data."""
    if not sizes or any(n < 1 for n in sizes):
        raise UserError("--sizes takes positive numbers of posts, such as 100,300,1000")
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="cds-kb-bench-"))
    results: dict[str, dict[str, Any]] = {}
    try:
        for n in sorted(set(sizes)):
            results[str(n)] = bench_size(work / f"n{n}", n, search=search, profile=out / f"profile-{n}.prof" if profile else None, log=log)
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
    data = {
        "date": date.today().isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(), "load_average": os.getloadavg()},
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
