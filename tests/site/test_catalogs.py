"""The translation workflow: update without loss (on a copy of the real site), progress
figures, the catalog checks (each seeded with a fault it must catch), the stale-page notice."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup

from cds_kb.tools import catalogs, pocheck

from ..conftest import PROJECT

MESSAGES = Path("locale/fr/LC_MESSAGES")
PAGE = "stories/pivoting-how-we-partner"
CHANGED_OLD = "From 2017 to 2021, we helped design, build, and launch 10 new federal services and explored how we might improve 5 existing services."
CHANGED_NEW = CHANGED_OLD.replace("10 new federal services", "ten new federal services")
REMOVED = "While we’ve been continually iterating behind the scenes"
NEW_PAGE = "maintaining/zz-new-guide"


def run(root: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), capture_output=True, text=True, cwd=root)


def make(root: Path, *targets: str) -> subprocess.CompletedProcess:
    # The copy uses this interpreter's virtual environment rather than building its own.
    result = run(root, "make", "--no-print-directory", *targets, f"VENV={sys.prefix}")
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted((root / MESSAGES).rglob("*.po"))}


def entry(root: Path, docname: str, msgid: str, *, obsolete: bool = False) -> polib.POEntry | None:
    catalog = polib.pofile(str(root / MESSAGES / f"{docname}.po"))
    found = [e for e in catalog if e.obsolete == obsolete and e.msgid.startswith(msgid)]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.fixture(scope="module")
def site_copy(tmp_path_factory) -> Path:
    """A copy of the real site: its pages, catalogs, extension, settings and Makefile."""
    root = tmp_path_factory.mktemp("copy")
    ignore = shutil.ignore_patterns("__pycache__", "*.mo")
    for name in ("docs", "locale", "cds_kb"):
        shutil.copytree(PROJECT / name, root / name, ignore=ignore)
    for name in ("conf.py", "Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy2(PROJECT / name, root / name)
    return root


@pytest.fixture(scope="module")
def updates(site_copy: Path) -> dict:
    """make update-po three times on the copy: unchanged, after English edits, unchanged again."""
    root = site_copy
    results = {"original": snapshot(root)}
    make(root, "update-po")
    results["after no change"] = snapshot(root)
    page = root / "docs" / f"{PAGE}.md"
    text = page.read_text(encoding="utf-8")
    assert CHANGED_OLD in text and REMOVED in text
    paragraphs = text.split("\n\n")
    paragraphs = [p for p in paragraphs if not p.startswith(REMOVED)]
    page.write_text("\n\n".join(paragraphs).replace(CHANGED_OLD, CHANGED_NEW), encoding="utf-8")
    (root / "docs" / f"{NEW_PAGE}.md").write_text(
        "---\ntitle: A new guide\n---\n\nA paragraph nobody has translated yet.\n", encoding="utf-8"
    )
    results["update log"] = make(root, "update-po").stdout
    results["after edits"] = snapshot(root)
    make(root, "update-po")
    results["after edits, again"] = snapshot(root)
    return results


# --- make update-po ---


def test_committed_catalogs_are_in_the_projects_wrapping():
    assert [po for po in catalogs.catalog_paths(PROJECT / MESSAGES) if catalogs.badly_wrapped(po)] == []


def test_update_with_no_english_change_leaves_every_catalog_byte_identical(updates):
    assert updates["after no change"] == updates["original"]
    assert updates["after edits, again"] == updates["after edits"]


def test_a_changed_paragraph_keeps_its_old_french_as_fuzzy(updates, site_copy):
    old = polib.pofile(str(PROJECT / MESSAGES / f"{PAGE}.po")).find(CHANGED_OLD)
    assert old is not None and old.msgstr
    changed = entry(site_copy, PAGE, CHANGED_NEW)
    assert changed is not None
    assert "fuzzy" in changed.flags
    assert changed.msgstr == old.msgstr
    assert changed.previous_msgid == CHANGED_OLD  # the translator sees what changed (#| msgid)
    assert entry(site_copy, PAGE, CHANGED_OLD) is None


def test_a_removed_paragraph_keeps_its_french_as_an_obsolete_entry(updates, site_copy):
    old = entry(PROJECT, PAGE, REMOVED)
    assert old is not None and old.msgstr
    assert entry(site_copy, PAGE, REMOVED) is None
    kept = entry(site_copy, PAGE, REMOVED, obsolete=True)
    assert kept is not None and kept.msgstr == old.msgstr
    assert "#~ msgid" in (site_copy / MESSAGES / f"{PAGE}.po").read_text(encoding="utf-8")


def test_nothing_a_translator_wrote_disappears(updates):
    def translations(files: dict[str, bytes]) -> set[str]:
        found = set()
        for content in files.values():
            found |= {e.msgstr for e in polib.pofile(content.decode("utf-8")) if e.msgstr}
        return found

    assert translations(updates["original"]) <= translations(updates["after edits"])


def test_a_new_page_gets_a_new_catalog(updates, site_copy):
    path = f"{MESSAGES.as_posix()}/{NEW_PAGE}.po"
    assert path in updates["after edits"] and path not in updates["original"]
    assert f"new catalog {path}" in updates["update log"]
    catalog = polib.pofile(updates["after edits"][path].decode("utf-8"))
    assert catalog.metadata["Language"] == "fr"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert not catalog.metadata_is_fuzzy
    assert {e.msgid for e in catalog.untranslated_entries()} == {"A new guide", "A paragraph nobody has translated yet."}
    assert not catalogs.badly_wrapped(site_copy / path)


# --- make stats ---


def write_catalog(path: Path, entries: list[polib.POEntry]) -> Path:
    catalog = polib.POFile()
    catalog.metadata = {
        "Project-Id-Version": "test", "PO-Revision-Date": "2026-01-01 00:00+0000", "Last-Translator": "test",
        "Language-Team": "French", "Language": "fr", "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
    }
    for item in entries:
        catalog.append(item)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))
    catalogs.rewrap(path)
    return path


def test_stats_counts_messages_and_words_per_catalog_and_in_total(tmp_path):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    write_catalog(folder / "a.po", [polib.POEntry(msgid="One two three", msgstr="Un deux trois")])
    write_catalog(folder / "b" / "c.po", [
        polib.POEntry(msgid="Four words [here](https://example.org/a/b)", msgstr="Quatre mots [ici](https://example.org/a/b)"),
        polib.POEntry(msgid="Five six", msgstr="Cinq six", flags=["fuzzy"]),
        polib.POEntry(msgid="Seven", msgstr=""),
        polib.POEntry(msgid="Gone away", msgstr="Parti", obsolete=True),
    ])
    pages, total = catalogs.stats(tmp_path)
    figures = {page.name: (page.messages, page.words) for page in pages}
    assert figures["a.po"] == ({"translated": 1, "fuzzy": 0, "untranslated": 0}, {"translated": 3, "fuzzy": 0, "untranslated": 0})
    assert figures["b/c.po"] == ({"translated": 1, "fuzzy": 1, "untranslated": 1}, {"translated": 3, "fuzzy": 2, "untranslated": 1})
    assert total.messages == {"translated": 2, "fuzzy": 1, "untranslated": 1}
    assert round(total.percent, 1) == 66.7  # 6 of 9 words
    table = catalogs.format_stats(pages, total)
    assert "b/c.po" in table and "total" in table and " 66.7%" in table


def test_stats_strict_fails_unless_everything_is_translated(updates, site_copy):
    incomplete = run(site_copy, sys.executable, "-m", "cds_kb", "stats", "--strict")
    assert incomplete.returncode == 1
    assert "stories/pivoting-how-we-partner.po" in incomplete.stderr and f"{NEW_PAGE}.po" in incomplete.stderr
    assert "Traceback" not in incomplete.stderr
    complete = run(PROJECT, sys.executable, "-m", "cds_kb", "stats", "--strict")
    assert complete.returncode == 0, complete.stderr
    assert complete.stdout.splitlines()[-1].startswith("total")


def test_update_po_runs_sphinx_intl(monkeypatch, tmp_path):
    calls = []
    real = catalogs.sphinx_intl
    monkeypatch.setattr(catalogs, "sphinx_intl", lambda *args: calls.append(args) or real(*args))
    potdir = tmp_path / "pot"
    write_catalog(potdir / "page.pot", [polib.POEntry(msgid="A sentence.", msgstr="")])
    report = catalogs.update(potdir, tmp_path / "locale")
    assert [call[0] for call in calls] == ["update"] and "--line-width" in calls[0]
    assert report.created == [tmp_path / "locale/fr/LC_MESSAGES/page.po"]


def test_a_paragraph_that_comes_back_gets_its_french_back(tmp_path):
    potdir, locale = tmp_path / "pot", tmp_path / "locale"
    both = [polib.POEntry(msgid="Stays.", msgstr=""), polib.POEntry(msgid="Goes and comes back.", msgstr="")]
    write_catalog(potdir / "page.pot", both)
    catalogs.update(potdir, locale)
    po = locale / "fr/LC_MESSAGES/page.po"
    catalog = polib.pofile(str(po))
    catalog.find("Stays.").msgstr, catalog.find("Goes and comes back.").msgstr = "Reste.", "Part et revient."
    catalog.save(str(po))
    write_catalog(potdir / "page.pot", both[:1])
    catalogs.update(potdir, locale)
    assert polib.pofile(str(po)).obsolete_entries()[0].msgstr == "Part et revient."
    write_catalog(potdir / "page.pot", both)
    catalogs.update(potdir, locale)
    catalog = polib.pofile(str(po))
    assert catalog.find("Goes and comes back.").msgstr == "Part et revient."
    assert catalog.obsolete_entries() == [] and not catalogs.badly_wrapped(po)


def intl_stat(root: Path) -> dict[str, tuple[int, int, int]]:
    """sphinx-intl stat's own figures: catalog -> (translated, fuzzy, untranslated)."""
    result = run(root, sys.executable, "-m", "sphinx_intl", "stat", "--locale-dir", "locale", "--language", "fr")
    figures = {}
    for line in result.stdout.splitlines():
        path, _, counts = line.partition(": ")
        numbers = [int(word) for word in counts.replace(",", " ").split() if word.isdigit()]
        figures[path.removeprefix(f"{MESSAGES.as_posix()}/")] = tuple(numbers)
    return figures


def stats_table(root: Path) -> dict[str, tuple[int, int, int]]:
    """make stats' message figures: catalog -> (translated, fuzzy, untranslated)."""
    result = run(root, "make", "--no-print-directory", "stats", f"VENV={sys.prefix}")
    figures = {}
    for line in result.stdout.splitlines():
        cells = line.split()
        if len(cells) == 8 and cells[1].endswith("%") and cells[0] != "total":
            figures[cells[0]] = tuple(int(cell) for cell in cells[2:5])
    return figures


def test_make_stats_figures_are_sphinx_intl_stat_figures(updates, site_copy):
    ours, theirs = stats_table(site_copy), intl_stat(site_copy)
    assert ours == theirs
    # The copy has fuzzy and untranslated messages, so the comparison means something.
    assert ours[f"{PAGE}.po"][1] == 1 and ours[f"{NEW_PAGE}.po"] == (0, 0, 2)


# --- make check-po ---


def test_every_catalog_passes_check_po():
    """make check-po, run by make test."""
    problems = pocheck.check(catalogs.catalog_paths(PROJECT / MESSAGES))
    assert [str(problem) for problem in problems] == []


SEEDED = {
    "compile": ("Hello\n", "Bonjour", "msgfmt --check"),
    "lost link target": ("Read [the guide](https://example.org/guide).", "Lisez [le guide](https://example.org/guidee).", "link target 'https://example.org/guide'"),
    "lost role target": ("See {kb}`the team <cds-partnerships>`.", "Voyez {kb}`l’équipe <cds-partnership>`.", "role target '{kb}`…<cds-partnerships>`'"),
    "lost role": ("Funded through {kb}`budget-2021`.", "Financé par le budget de 2021.", "lost the role 'kb'"),
    "translated doc target": ("See {doc}`index`.", "Voyez {doc}`accueil`.", "role target '{doc}`index`'"),
    "changed inline code": ("Run `make html` now.", "Lancez `make htm` maintenant.", "inline code 'make html'"),
    "lost substitution": ("Version {{ version }} is out.", "La version est sortie.", "substitution 'version'"),
    "lost placeholder": ("By {author}", "Par l’auteur", "placeholder 'author'"),
    "official name": ("The Canadian Digital Service helps.", "Le Service numérique du Canada aide.", "'Service numérique canadien'"),
    "official acronym": ("CDS helps.", "Le CDS aide.", "'SNC'"),
    "misspelt word": ("The government helps.", "Le gouvernment aide.", "gouvernment"),
    "straight quotes": ('She said "yes".', 'Elle a dit "oui".', "use « »"),
    "space before colon": ("Note: yes", "Remarque : oui", "before ':' must be a non-breaking space"),
    "no space before question mark": ("Why?", "Pourquoi?", "before '?'"),
    "guillemets without non-breaking spaces": ("“Yes”", "« Oui »", "after «"),
    # locale/links.csv pairs this English address with a French one: French pages link that.
    "English address the map knows the French of": (
        "Read [the standards](https://www.canada.ca/en/government/system/digital-government/government-canada-digital-standards.html).",
        "Lisez [les normes](https://www.canada.ca/en/government/system/digital-government/government-canada-digital-standards.html).",
        "French pages link its French version 'https://www.canada.ca/fr/gouvernement/systeme/gouvernement-numerique/normes-numeriques-gouvernement-canada.html'",
    ),
    "French address the map does not pair": (
        "Read [the standards](https://www.canada.ca/en/government/system/digital-government/government-canada-digital-standards.html).",
        "Lisez [les normes](https://www.canada.ca/fr/normes.html).",
        "add the pair to locale/links.csv",
    ),
}


@pytest.mark.parametrize("case", sorted(SEEDED))
def test_check_po_catches_a_seeded_fault(tmp_path, case):
    english, french, advice = SEEDED[case]
    path = write_catalog(tmp_path / "page.po", [polib.POEntry(msgid=english, msgstr=french)])
    line = polib.pofile(str(path))[0].linenum
    problems = [str(problem) for problem in pocheck.check([path])]
    assert problems, "the fault went unnoticed"
    # Each names the catalog, the line of the entry and its English message.
    assert all(problem.startswith(f"{path}:{line}: ") for problem in problems), problems
    assert all(f"(message {pocheck.excerpt(english)!r})" in problem for problem in problems), problems
    assert any(advice in problem for problem in problems), problems


FINE = {
    "plural of a glossary term": ("The departments help.", "Les ministères aident."),
    "al/aux plural": ("Two government-wide services.", "Deux services pangouvernementaux."),
    "name the same in both languages": ("Code for Canada helps.", "Code for Canada aide."),
    "markup kept, link text translated": (
        "See {kb}`the team <cds-partnerships>`, {kb}`gc-notify` and [GC Notify](https://notification.canada.ca/).",
        "Voyez {kb}`l’équipe <cds-partnerships>`, {kb}`gc-notify` et [Notification GC](https://notification.canada.ca/).",
    ),
    "French typography": ('Why? She said "yes": fine!', "Pourquoi\u00a0? Elle a dit «\u00a0oui\u00a0»\u00a0: bien\u00a0!"),
    "French address the map pairs with the English one": (
        "[Reach out](https://forms-formulaires.alpha.canada.ca/id/3) or see [Consulting](https://digital.canada.ca/coaching-and-advice/).",
        "[Écrivez-nous](https://forms-formulaires.alpha.canada.ca/fr/id/3) ou voyez les [Services-conseils](https://numerique.canada.ca/encadrement-et-conseils/).",
    ),
    "English-only destination keeps its address": (
        "The [Ontario Digital Service](https://medium.com/ontariodigital) blogs.",
        "Le [Service numérique de l’Ontario](https://medium.com/ontariodigital) tient un blogue.",
    ),
    "time and URL colons": ("At 10:30, see https://example.org.", "À 10:30, voyez https://example.org."),
}


@pytest.mark.parametrize("case", sorted(FINE))
def test_check_po_accepts_good_translations(tmp_path, case):
    english, french = FINE[case]
    path = write_catalog(tmp_path / "page.po", [polib.POEntry(msgid=english, msgstr=french)])
    assert [str(problem) for problem in pocheck.check([path])] == []


def test_a_translator_comment_exempts_a_word_used_in_another_sense(tmp_path):
    other_sense = polib.POEntry(msgid="The story so far", msgstr="Le chemin parcouru")
    path = write_catalog(tmp_path / "page.po", [other_sense])
    assert [problem.check for problem in pocheck.check([path])] == ["glossary"]
    other_sense.tcomment = "glossary-ignore: story"
    path = write_catalog(tmp_path / "page.po", [other_sense])
    assert pocheck.check([path]) == []


def test_fuzzy_and_untranslated_entries_are_left_to_stats(tmp_path):
    path = write_catalog(tmp_path / "page.po", [
        polib.POEntry(msgid="CDS helps.", msgstr="Le CDS aide.", flags=["fuzzy"]),
        polib.POEntry(msgid="Why?", msgstr=""),
    ])
    assert pocheck.check([path]) == []


def test_check_po_flags_a_catalog_wrapped_another_way(tmp_path):
    path = tmp_path / "page.po"
    long = "mot " * 30
    path.write_text(f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "{long}"\nmsgstr "{long}"\n', encoding="utf-8")
    problems = [str(problem) for problem in pocheck.check([path])]
    assert problems == [f"{path}:1: wrapping: not wrapped in the project's style (msgcat, 79 columns); run 'make wrap-po'"]


def test_check_po_command_names_each_problem_and_never_shows_a_traceback(tmp_path):
    bad = write_catalog(tmp_path / "bad.po", [polib.POEntry(msgid="CDS helps.", msgstr="Le CDS aide.")])
    result = run(PROJECT, sys.executable, "-m", "cds_kb", "check-po", str(bad))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{bad}:") and "glossary" in result.stdout
    assert result.stderr == "error: 1 problem(s) in the catalogs (above); fix each, then run 'make check-po' again\n"
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nnonsense here\n', encoding="utf-8")
    result = run(PROJECT, sys.executable, "-m", "cds_kb", "check-po", str(broken))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {broken}: cannot read this catalog")


# --- The notice on incomplete French pages ---


def build_french(root: Path, *options: str) -> subprocess.CompletedProcess:
    return run(
        root, sys.executable, "-m", "sphinx", "-b", "html", "-c", ".", "-D", "language=fr", "-d", "_build/doctrees/fr",
        "-W", "--keep-going", "-n", "-N", "-j", "2", *options, "docs", "_build/html/fr",
    )


def notice_of(root: Path, docname: str):
    page = BeautifulSoup((root / "_build/html/fr" / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    return page.select_one("article .kb-translation-notice")


def test_incomplete_french_pages_fail_the_build_by_default(updates, site_copy):
    result = build_french(site_copy)
    assert result.returncode != 0
    assert "ERROR: 2 page(s) of the fr build are not fully translated" in result.stderr and "make stats" in result.stderr
    assert f"{MESSAGES.as_posix()}/{PAGE}.po (0 untranslated, 1 fuzzy)" in result.stderr
    assert f"{MESSAGES.as_posix()}/{NEW_PAGE}.po (2 untranslated, 0 fuzzy)" in result.stderr
    assert "Traceback" not in result.stderr


def test_when_allowed_incomplete_pages_carry_a_french_notice_and_complete_pages_none(updates, site_copy):
    allow = ("-D", "kb_publish_incomplete_translations=1")
    result = build_french(site_copy, *allow)
    assert result.returncode == 0, result.stderr
    notice = notice_of(site_copy, PAGE)
    assert notice is not None
    assert "Cette traduction n’est peut-être pas à jour" in notice.get_text()
    link = notice.find("a", string="Lire la page en anglais")
    page = site_copy / "_build/html/fr" / f"{PAGE}.html"
    assert (page.parent / link["href"]).resolve() == (site_copy / "_build/html/en" / f"{PAGE}.html").resolve()
    # Under the title, before the text.
    assert notice.find_previous("h1") is not None
    assert notice_of(site_copy, NEW_PAGE) is not None
    assert notice_of(site_copy, "stories/were-all-in-this-together") is None
    assert notice_of(site_copy, "index") is None

    # A translator reviews the fuzzy entry: the page is read again and the notice goes.
    path = site_copy / MESSAGES / f"{PAGE}.po"
    catalog = polib.pofile(str(path))
    for item in catalog.fuzzy_entries():
        item.flags.remove("fuzzy")
        item.previous_msgid = None
    catalog.save(str(path))
    result = build_french(site_copy, *allow)
    assert result.returncode == 0, result.stderr
    assert notice_of(site_copy, PAGE) is None
    assert notice_of(site_copy, NEW_PAGE) is not None

    # Nothing changed: nothing is read or written again.
    result = build_french(site_copy, *allow)
    assert "updating environment: 0 added, 0 changed, 0 removed" in result.stdout
    assert "reading sources... [" not in result.stdout and "writing output... [" not in result.stdout
