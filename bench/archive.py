"""The CDS archive sample, imported and built: how long the importer and the build take on real posts.

``import_and_build(folder)`` copies the project's site (``conf.py``, ``docs/``, ``locale/``)
into ``folder``, imports ``../shared/cds-archive-sample/`` (the English posts, then the
French ones, as a maintainer would with ``make import``) and builds both languages as
``make html`` does; it returns the site's folder, so that other measurements (search on real
posts) can use it. ``measure`` times each step (wall and processor time), with the machine,
date and load, and ``known_items`` the share of stories that their distinctive title words find
in the first three search results, in each language (issue 13's known-item search at archive
scale); ``make bench`` prints it (``python -m bench --archive-only`` for this alone).
The sample is test data: it never goes into the project's own ``docs/`` or ``locale/``.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT.parent / "shared" / "cds-archive-sample"
LANGUAGES = ("en", "fr")


def copy_site(folder: Path) -> Path:
    """A copy of the project's site to import into: conf.py, docs/ and locale/ (its absolute path:
    the builds run in it)."""
    site = Path(folder).resolve()
    site.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PROJECT / "conf.py", site / "conf.py")
    for name in ("docs", "locale"):
        shutil.copytree(PROJECT / name, site / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.mo"))
    return site


def import_sample(site: Path, sample: Path = SAMPLE, **options: Any) -> dict[str, Any]:
    """Import the sample's English posts, then its French ones, into ``site``; the two reports."""
    from cds_kb.tools.importer import import_posts

    if not (sample / "en").is_dir():
        raise FileNotFoundError(f"{sample}: the archive sample is missing (../shared/cds-archive-sample beside the project)")
    stories = str(site / "docs" / "stories")
    return {
        "en": import_posts([str(sample / "en")], stories, **options),
        "fr": import_posts([str(sample / "fr")], stories, lang="fr", **{k: v for k, v in options.items() if k != "apply_mentions"}),
    }


def build(site: Path, language: str, *options: str) -> subprocess.CompletedProcess:
    """Build one language of ``site`` as ``make html`` does (French pages a translator must finish are published with their notice)."""
    extra = ["-D", "kb_publish_incomplete_translations=1"] if language != "en" else []
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(site), "-D", f"language={language}", *extra,
         "-d", str(site / "_build" / "doctrees" / language), "-W", "--keep-going", "-n", "-q", *options,
         str(site / "docs"), str(site / "_build" / "html" / language)],
        capture_output=True, text=True, cwd=site, env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )


def import_and_build(folder: Path, jobs: str = "auto") -> Path:
    """The sample imported into a copy of the site, both languages built; the site's folder (html in ``_build/html``)."""
    site = copy_site(folder)
    reports = import_sample(site)
    refused = [message for report in reports.values() for message in report.refused]
    if refused:
        raise RuntimeError("the import refused: " + "; ".join(refused))
    for language in LANGUAGES:
        result = build(site, language, "-j", jobs)
        if result.returncode:
            raise RuntimeError(f"the {language} build failed:\n{result.stderr}")
    subprocess.run([sys.executable, "-m", "cds_kb", "language-page", str(site / "_build" / "html")], check=True, cwd=site,
                   env={**os.environ, "PYTHONPATH": str(PROJECT)})
    return site


def _timed(step) -> tuple[Any, float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    result = step()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before))
    return result, wall, cpu


def measure(folder: Path) -> dict[str, Any]:
    """Import and build the sample once (``-j 1``, processor time comparable across runs); the figures."""
    site = copy_site(folder)
    figures: dict[str, Any] = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load": os.getloadavg(),
        "posts": {language: len(list((SAMPLE / language).glob("*.md"))) for language in LANGUAGES},
    }
    reports, figures["import_seconds"], figures["import_cpu"] = _timed(lambda: import_sample(site))
    figures["import"] = {language: {"written": len(r.written), "refused": len(r.refused), "warnings": len(r.warnings), **r.counts}
                         for language, r in reports.items()}
    for language in LANGUAGES:
        result, wall, cpu = _timed(lambda language=language: build(site, language, "-j", "1"))
        figures[f"build_{language}_seconds"], figures[f"build_{language}_cpu"] = wall, cpu
        figures[f"build_{language}_ok"] = result.returncode == 0
        if result.returncode:
            figures[f"build_{language}_errors"] = result.stderr.strip().splitlines()[-10:]
    return figures


def known_items(site: Path) -> dict[str, Any]:
    """Known-item search on the built sample: per language, the share of stories that the
    distinctive words of their title put in the first three results (``bench.browser``)."""
    from playwright.sync_api import sync_playwright

    from . import browser

    html = site / "_build" / "html"
    with sync_playwright() as playwright, browser.serve(html) as site_url:
        launched = playwright.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_ARGS)
        try:
            page = launched.new_context().new_page()
            return {language: browser.known_item_share(page, site_url, html, language) for language in LANGUAGES}
        finally:
            launched.close()


def report(out: Path, search: bool = True) -> dict[str, Any]:
    """Measure, print the figures, and write them to ``out/archive.json``."""
    out.mkdir(parents=True, exist_ok=True)
    folder = out / "archive-site"
    shutil.rmtree(folder, ignore_errors=True)
    figures = measure(folder)
    if search and all(figures[f"build_{language}_ok"] for language in LANGUAGES):
        figures["known_items"] = known_items(folder)
    total = figures["import_seconds"] + figures["build_en_seconds"] + figures["build_fr_seconds"]
    print(f"\nArchive sample ({figures['posts']['en']} English + {figures['posts']['fr']} French posts), {figures['date']}, "
          f"{figures['machine']}, load {' '.join(f'{x:.2f}' for x in figures['load'])}")
    print(f"  import (en + fr): {figures['import_seconds']:6.1f} s wall  {figures['import_cpu']:6.1f} s CPU")
    for language in LANGUAGES:
        state = "" if figures[f"build_{language}_ok"] else "  (FAILED, its last errors below)"
        print(f"  build {language} (-j 1): {figures[f'build_{language}_seconds']:6.1f} s wall  {figures[f'build_{language}_cpu']:6.1f} s CPU{state}")
        for line in figures.get(f"build_{language}_errors", []):
            print(f"    {line}")
    print(f"  import and build, both languages: {total:.1f} s")
    for language, found in figures.get("known_items", {}).items():
        print(f"  known-item search ({language}): {found['first_three']} of {found['pages']} stories in the first three "
              f"results for their distinctive title words ({found['share']:.0%})")
        for miss in found["misses"]:
            print(f"    missed: {miss}")
        for docname in found.get("left_out", []):
            print(f"    left out (its title words are another story's): {docname}")
    (out / "archive.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return figures
