"""The benchmark works (not how fast anything is: figures belong to `make bench`, never to a test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from bench import browser
from bench import run as bench
from bench import synthetic as benchsite
from bench.__main__ import main

from ..conftest import PROJECT



def test_generated_site_has_n_posts_and_complete_french_catalogs(tmp_path):
    site = benchsite.generate(tmp_path, 3)
    assert site.posts == ["stories/bench-0001", "stories/bench-0002", "stories/bench-0003"]
    post = (site.root / "docs" / "stories" / "bench-0002.md").read_text(encoding="utf-8")
    assert "{kb}`" in post and "mentions:" in post and "author: Bench Author" in post
    assert 600 <= len(post.split()) <= 1000
    # The real entries and section pages come along; the real posts do not.
    assert (site.root / "docs" / "services" / "gc-notify.md").exists()
    assert not (site.root / "docs" / "stories" / "pivoting-how-we-partner.md").exists()
    # Every message Sphinx extracts has a French translation.
    potdir = tmp_path / "gettext"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "gettext", "-q", "-c", str(site.root), str(site.root / "docs"), str(potdir)],
        check=True, cwd=site.root, env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    untranslated = []
    for pot in sorted(potdir.rglob("*.pot")):
        docname = pot.relative_to(potdir).with_suffix("").as_posix()
        with (site.root / "locale" / "fr" / "LC_MESSAGES" / f"{docname}.po").open("rb") as handle:
            translated = {m.id: m.string for m in read_po(handle) if m.id}
        with pot.open("rb") as handle:
            untranslated += [(docname, m.id) for m in read_po(handle) if m.id and not translated.get(m.id)]
    assert untranslated == []
    # The plain baseline has the same pages, without the extension's syntax.
    plain_pages = sorted(p.relative_to(site.plain / "docs") for p in (site.plain / "docs").rglob("*.md"))
    assert plain_pages == sorted(p.relative_to(site.root / "docs") for p in (site.root / "docs").rglob("*.md"))
    plain_post = (site.plain / "docs" / "stories" / "bench-0002.md").read_text(encoding="utf-8")
    assert "{kb}" not in plain_post and "](../" in plain_post
    # Sphinx builds the baseline with snowballstemmer's pure-Python stemmers, as when the
    # targets were set; the site's own builds have PyStemmer.
    stemmer = "import snowballstemmer; print(snowballstemmer.stemmer('french').__class__.__module__)"
    used = {
        folder.name: subprocess.run([sys.executable, "-c", stemmer], check=True, cwd=folder, capture_output=True, text=True).stdout.strip()
        for folder in (site.root, site.plain)
    }
    assert used == {"kb": "Stemmer", "plain": "snowballstemmer.french_stemmer"}


def test_bench_writes_every_measurement(tmp_path):
    # A process of its own: the bench drives Playwright, which cannot start a second time in a
    # test process whose browser fixture already runs it.
    result = subprocess.run([sys.executable, "-m", "bench", "--sizes", "2", "--repeats", "2", "--out", str(tmp_path)],
                            capture_output=True, text=True, cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    figures = data["sizes"]["2"]
    for build in (*(key for key, _project, _jobs in bench.COLD_BUILDS), *bench.SCENARIOS):
        assert {"seconds", "cpu_seconds", "read", "written", "max_rss_mb", "warnings"} <= figures[build].keys(), build
        assert figures[build]["seconds"] > 0 and figures[build]["max_rss_mb"] > 0
        assert figures[build]["warnings"] == 0, figures[build]["languages"]
    assert figures["cold_jauto"]["read"] == figures["cold_make"]["read"] == 2 * figures["pages"]
    # As make html builds: the languages at once, so the pair takes less than the sum of its builds.
    both = figures["cold_make"]
    assert both["seconds"] < sum(both["languages"][language]["seconds"] for language in ("en", "fr"))
    # Interleaved rounds, each kept beside the median, with the load it ran under.
    for build in (*(key for key, _project, _jobs in bench.COLD_BUILDS), "noop", "edit_text"):
        assert len(figures[build]["rounds"]) == 2, build
        assert all(len(round_["load"]) == 2 for round_ in figures[build]["rounds"])
    assert figures["noop"]["read"] == figures["noop"]["written"] == 0
    # A build with nothing changed touches no file (output and doctrees), and no static file is dead.
    assert figures["noop"]["files_touched"] == 0, figures["noop"]["touched_files"]
    assert figures["dead_files"] == []
    assert {"french_over_english", "over_plain", "jauto_speedup", "make_speedup", "edit_share_of_cold", "output_over_plain"} <= figures["ratios"].keys()
    assert figures["edit_catalog"]["languages"]["en"]["read"] == 0
    assert figures["edit_catalog"]["languages"]["fr"]["read_pages"] == [figures["edited_post"]]
    for language in ("en", "fr"):
        search = figures["search"][language]
        assert search["first_search_bytes"] > 0 and search["result_links"] > 0
        assert {"query_to_results_ms", "warm_query_to_results_ms", "first_search_gzip_bytes"} <= search.keys()
    # bench.browser's figures: first searches in both languages, known items (each story's title words).
    quality = figures["search_quality"]
    assert {name.split()[0] for name in quality["first_search"]} == {"en", "fr"}
    assert all(found["bytes"] > 0 and found["ready_to_results_ms"] > 0 for found in quality["first_search"].values())
    assert {language: found["pages"] for language, found in quality["known_items"].items()} == {"en": 2, "fr": 2}
    assert all(found["left_out"] == [] for found in quality["known_items"].values())
    assert figures["output_bytes"] > 0 and figures["plain_output_bytes"] > 0
    assert {check["target"] for check in data["targets"]} >= {
        "no-op rebuild reads and writes no page", "... and touches no file", "Sphinx's -j auto, one language after the other, ≥ 1.5× faster than -j 1",
        "every first search downloads at most 300 KB",
    }
    assert data["machine"]["load_average_at_start"] and data["machine"]["versions"]["sphinx"]
    assert (tmp_path / "results.txt").read_text(encoding="utf-8").startswith("cds_kb bench")


def test_known_items_leave_out_the_pages_whose_query_another_title_holds():
    # Synthetic stories 1 to 9 differ in their title from many others only by a one-digit
    # number, which the index leaves out: their query names none of them in particular.
    titles = {
        "stories/bench-0001": "Better notices for benefits, story 1", "stories/bench-0007": "Better notices for benefits, story 7",
        "stories/bench-0017": "Better notices for benefits, story 17", "stories/bench-0002": "Open data about home energy, story 2",
    }
    queries = {"stories/bench-0001": "Better notices benefits", "stories/bench-0007": "Better notices benefits",
               "stories/bench-0017": "notices benefits 17", "stories/bench-0002": "about home energy"}
    kept, left_out = browser.distinct_queries(queries, titles, "en")
    assert kept == {"stories/bench-0017": "notices benefits 17", "stories/bench-0002": "about home energy"}
    assert left_out == ["stories/bench-0001", "stories/bench-0007"]
    # A plural in the other title is the same word for search.
    kept, left_out = browser.distinct_queries({"a": "notice", "b": "notices ontario"}, {"a": "A notice", "b": "Notices from Ontario"}, "en")
    assert (kept, left_out) == ({"b": "notices ontario"}, ["a"])


def test_bench_rejects_bad_sizes(capsys):
    assert main(["--sizes", "ten"]) == 1
    assert capsys.readouterr().err.startswith("error: --sizes 'ten'")


def test_the_archive_sample_is_copied_to_an_absolute_path(tmp_path, monkeypatch):
    """make bench gives a relative --out; the sample's builds run inside the copy, so its paths must not be relative."""
    from bench import archive

    monkeypatch.chdir(tmp_path)
    site = archive.copy_site(Path("out") / "archive-site")
    assert site.is_absolute() and (site / "conf.py").is_file() and (site / "docs" / "index.md").is_file()
