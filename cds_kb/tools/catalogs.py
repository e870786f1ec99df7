"""Translation catalogs: update without loss, one wrapping style, progress figures.

Owns the files in ``locale/<lang>/LC_MESSAGES/`` as a whole. sphinx-intl manages them; this
module runs it and adds, on top of its run, what the translators rely on and it lacks:

- ``update``: ``sphinx-intl update`` merges freshly extracted templates
  (``_build/gettext/*.pot``) into the catalogs (Babel's merge): a changed English message
  keeps its old French as a *fuzzy* entry, a removed one keeps its French as an *obsolete*
  entry (``#~``), a new page gets a new catalog, and a catalog whose messages did not
  change is not written at all. Then, on each catalog sphinx-intl wrote, the project adds:
  the old English of each fuzzy message as ``#|`` lines (Babel computes it, but
  sphinx-intl does not write it); the French of a message that comes back after being
  obsolete (Babel leaves it obsolete); a new catalog's header not marked fuzzy; the
  project's one wrapping style. Nothing a translator wrote is dropped.
- One wrapping style: GNU gettext's (``msgcat``, 79 columns, the style of powrap and
  python-docs-fr). A catalog is rewritten only when its content changes, not when only
  ``POT-Creation-Date`` would, so an update with no English change leaves every file
  byte-identical.
- ``stats``: per catalog and in total, the messages as ``sphinx-intl stat`` counts them
  (with sphinx-intl's own functions), and the project's words and share done.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..core.errors import UserError
from ..core.files import write_atomically
from ..core.languages import messages_dir
from ..core.po import WIDTH, entry_state
from .project import LANGUAGE, find_project

_POT_DATE = re.compile(r'^"POT-Creation-Date: [^"]*"$', re.MULTILINE)
_URL_TARGET = re.compile(r"\]\([^)\s]*\)|<https?://[^>\s]*>|https?://\S+")
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


def _locale(locale: Path | None) -> Path:
    return Path(locale) if locale is not None else find_project().locale


def catalog_paths(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.po"))


def read(path: Path) -> polib.POFile:
    """A catalog, or a one-line error naming it."""
    try:
        return polib.pofile(str(path), wrapwidth=WIDTH)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read this catalog ({error}); fix it by hand or restore it from git") from None


def _gettext(program: str, *args: str) -> subprocess.CompletedProcess:
    if shutil.which(program) is None:
        raise UserError(f"{program} is missing; install GNU gettext (sudo apt-get install gettext)")
    return subprocess.run([program, *args], capture_output=True, text=True)


def _run(program: str, *args: str, about: Path) -> None:
    result = _gettext(program, *args)
    if result.returncode:
        message = result.stderr.strip().splitlines()
        raise UserError(f"{about}: {program} failed: {message[-1] if message else 'no message'}")


def _same_but_date(old: str, new: str) -> bool:
    return _POT_DATE.sub("", old) == _POT_DATE.sub("", new)


def _write_if_changed(path: Path, new: str) -> bool:
    """Write path unless only POT-Creation-Date would change; True when written."""
    if path.exists() and _same_but_date(path.read_text(encoding="utf-8"), new):
        return False
    write_atomically(path, new)
    return True


def normalized(text: str, about: Path) -> str:
    """text in the project's one wrapping style (msgcat, WIDTH columns)."""
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp, "in.po"), Path(tmp, "out.po")
        source.write_text(text, encoding="utf-8")
        _run("msgcat", f"--width={WIDTH}", "-o", str(target), str(source), about=about)
        return target.read_text(encoding="utf-8")


@dataclass
class UpdateReport:
    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    orphans: list[Path] = field(default_factory=list)


def sphinx_intl(*args: str) -> subprocess.CompletedProcess:
    """Run sphinx-intl (the one installed with the project) with these arguments."""
    result = subprocess.run([sys.executable, "-m", "sphinx_intl", *args], capture_output=True, text=True)
    if result.returncode:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise UserError(f"sphinx-intl {args[0]} failed: {message[-1] if message else 'no message'}")
    return result


def restore_previous(old: polib.POFile, new: polib.POFile) -> int:
    """Give each fuzzy message of ``new`` its old English (``#|``); return how many were given.

    The old English of a message that became fuzzy is the vanished message whose French it
    kept (the closest one, when several had the same French); a message that was already
    fuzzy keeps the old English it had.
    """
    before = {entry.msgid: entry for entry in old if entry.msgid and not entry.obsolete}
    now = {entry.msgid for entry in new if entry.msgid and not entry.obsolete}
    vanished = [entry for msgid, entry in before.items() if msgid not in now]
    given = 0
    for entry in new:
        if entry.obsolete or "fuzzy" not in entry.flags or entry.previous_msgid:
            continue
        if entry.msgid in before:
            entry.previous_msgid = before[entry.msgid].previous_msgid
        else:
            same = [item for item in vanished if item.msgstr == entry.msgstr]
            if same:
                closest = max(same, key=lambda item: difflib.SequenceMatcher(None, item.msgid, entry.msgid).ratio())
                entry.previous_msgid = closest.msgid
        given += bool(entry.previous_msgid)
    return given


def restore_returned(old: polib.POFile, new: polib.POFile) -> int:
    """Give back its French to each message that was obsolete and came back; return how many.

    Babel's merge (so sphinx-intl) leaves such a message untranslated and keeps the old
    French as obsolete, where GNU gettext's msgmerge brings it back.
    """
    kept = {entry.msgid: entry for entry in old if entry.obsolete and entry.msgid and entry.msgstr}
    returned = 0
    for entry in list(new):
        if entry.obsolete or entry.translated() or entry.msgid not in kept:
            continue
        entry.msgstr = kept[entry.msgid].msgstr
        entry.flags = list(dict.fromkeys(entry.flags + kept[entry.msgid].flags))
        for stale in [item for item in new if item.obsolete and item.msgid == entry.msgid]:
            new.remove(stale)
        returned += 1
    return returned


def update(potdir: Path, locale: Path | None = None, language: str = LANGUAGE) -> UpdateReport:
    """``sphinx-intl update`` every catalog from potdir, then the project's additions (see the module's docstring)."""
    potdir = Path(potdir)
    templates = sorted(potdir.rglob("*.pot"))
    if not templates:
        raise UserError(f"{potdir}: no .pot templates; run 'make gettext' first (make update-po does)")
    locale_folder = _locale(locale)
    folder = messages_dir(locale_folder, language)
    pairs = [(pot, folder / pot.relative_to(potdir).with_suffix(".po")) for pot in templates]
    before = {}
    for _pot, po in pairs:
        if po.exists():
            read(po)  # a clear error for a broken catalog before sphinx-intl's own
            before[po] = po.read_text(encoding="utf-8")
    sphinx_intl("update", "--pot-dir", str(potdir), "--locale-dir", str(locale_folder), "--language", language,
                "--line-width", str(WIDTH), "--jobs", "1")
    report = UpdateReport()
    for _pot, po in pairs:
        written = po.read_text(encoding="utf-8")
        if po not in before:
            catalog = read(po)
            catalog.metadata_is_fuzzy = False  # Babel keeps the template's fuzzy header
            catalog.metadata["PO-Revision-Date"] = catalog.metadata.get("POT-Creation-Date", "")
            write_atomically(po, normalized(str(catalog), po))
            report.created.append(po)
        elif written == before[po]:
            report.unchanged.append(po)
        else:
            catalog, old = read(po), polib.pofile(before[po], wrapwidth=WIDTH)
            restore_previous(old, catalog)
            restore_returned(old, catalog)
            text = normalized(str(catalog), po)
            if _same_but_date(before[po], text):
                write_atomically(po, before[po])  # sphinx-intl rewrote it, but nothing a reader sees changed
                report.unchanged.append(po)
            else:
                write_atomically(po, text)
                report.updated.append(po)
    report.orphans = [po for po in catalog_paths(folder) if not (potdir / po.relative_to(folder).with_suffix(".pot")).exists()]
    return report


def rewrap(po: Path) -> bool:
    """Rewrap one catalog in the project's style; True when it changed."""
    read(po)
    return _write_if_changed(po, normalized(po.read_text(encoding="utf-8"), po))


def wrap(locale: Path | None = None, language: str = LANGUAGE) -> list[Path]:
    """Rewrap every catalog in the project's style; return the ones that changed."""
    return [po for po in catalog_paths(messages_dir(_locale(locale), language)) if rewrap(po)]


def badly_wrapped(po: Path) -> bool:
    text = po.read_text(encoding="utf-8")
    return normalized(text, po) != text


# --- Progress figures ---


def words(text: str) -> int:
    """Words a translator reads in a message: link targets do not count."""
    return len(_WORD.findall(_URL_TARGET.sub(" ", text)))


@dataclass
class Progress:
    """A catalog's figures: ``messages`` and ``words`` by the project's states (fuzzy is not
    translated: Sphinx does not show it), ``intl`` as ``sphinx-intl stat`` counts messages
    (a message with a msgstr is translated, fuzzy or not; a fuzzy one is also counted fuzzy)."""

    name: str
    messages: dict[str, int] = field(default_factory=lambda: {"translated": 0, "fuzzy": 0, "untranslated": 0})
    words: dict[str, int] = field(default_factory=lambda: {"translated": 0, "fuzzy": 0, "untranslated": 0})
    intl: dict[str, int] = field(default_factory=lambda: {"translated": 0, "fuzzy": 0, "untranslated": 0})

    def add(self, other: Progress) -> None:
        for state in self.messages:
            self.messages[state] += other.messages[state]
            self.words[state] += other.words[state]
            self.intl[state] += other.intl[state]

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    @property
    def percent(self) -> float:
        """Share of the words translated (fuzzy counts as not translated: Sphinx does not show it)."""
        total = self.total_words
        return 100.0 if total == 0 else 100.0 * self.words["translated"] / total

    @property
    def complete(self) -> bool:
        return self.messages["fuzzy"] == 0 and self.messages["untranslated"] == 0


def intl_figures(po: Path) -> dict[str, int]:
    """A catalog's messages as ``sphinx-intl stat`` counts them, with sphinx-intl's own functions."""
    from sphinx_intl import catalog as intl

    try:
        messages = intl.load_po(str(po))
    except (OSError, ValueError) as error:
        raise UserError(f"{po}: cannot read this catalog ({error}); fix it by hand or restore it from git") from None
    return {
        "translated": len(intl.translated_entries(messages)),
        "fuzzy": len(intl.fuzzy_entries(messages)),
        "untranslated": len(intl.untranslated_entries(messages)),
    }


def progress(po: Path, name: str) -> Progress:
    figures = Progress(name)
    for entry in read(po):
        if entry.obsolete or not entry.msgid:
            continue
        state = entry_state(entry)
        figures.messages[state] += 1
        figures.words[state] += words(entry.msgid)
    figures.intl = intl_figures(po)
    return figures


def stats(locale: Path | None = None, language: str = LANGUAGE) -> tuple[list[Progress], Progress]:
    folder = messages_dir(_locale(locale), language)
    pages = [progress(po, po.relative_to(folder).as_posix()) for po in catalog_paths(folder)]
    if not pages:
        raise UserError(f"{folder}: no catalogs; run 'make update-po' first")
    total = Progress("total")
    for page in pages:
        total.add(page)
    return pages, total


def format_stats(pages: list[Progress], total: Progress) -> str:
    """The table of ``make stats``: messages as sphinx-intl stat counts them, then the words."""
    width = max(len(page.name) for page in pages + [total])
    head = f"{'catalog':<{width}}  {'done':>6}  {'messages (sphinx-intl stat)':>31}  {'words':>26}"
    lines = [
        head,
        f"{'':<{width}}  {'words':>6}  {'translated':>10} {'fuzzy':>6} {'untranslated':>13}  {'translated':>10} {'fuzzy':>6} {'left':>8}",
        "-" * len(head),
    ]

    def row(figures: Progress) -> str:
        m, w = figures.intl, figures.words
        return (
            f"{figures.name:<{width}}  {figures.percent:5.1f}%  {m['translated']:>10} {m['fuzzy']:>6} {m['untranslated']:>13}"
            f"  {w['translated']:>10} {w['fuzzy']:>6} {w['untranslated']:>8}"
        )

    lines += [row(page) for page in pages]
    lines += ["-" * len(head), row(total)]
    notes = (
        "messages: as sphinx-intl stat counts them (a fuzzy message keeps its old French, so it counts as translated and fuzzy)",
        "words: of the English; done: share of the words translated and reviewed (Sphinx shows no fuzzy message)",
    )
    return "\n".join([*notes, "", *lines])
