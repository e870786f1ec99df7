"""Translation catalogs: update without loss, one wrapping style, progress figures.

Owns the files in ``locale/<lang>/LC_MESSAGES/`` as a whole:

- ``update``: merge freshly extracted templates (``_build/gettext/*.pot``) into the
  catalogs with GNU gettext's ``msgmerge --previous``. A changed English message keeps its
  old French as a *fuzzy* entry (with the old English as ``#|`` lines, for review); a removed
  message keeps its French as an *obsolete* entry (``#~``); a new page gets a new catalog.
  Nothing a translator wrote is dropped.
- One wrapping style: GNU gettext's (``msgcat``/``msgmerge``, 79 columns, the style of
  powrap and python-docs-fr). A catalog is rewritten only when its content changes, not
  when only ``POT-Creation-Date`` would, so an update with no English change leaves every
  file byte-identical.
- ``stats``: translated, fuzzy and untranslated messages and words, per catalog and in total.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..core.errors import UserError
from ..core.files import write_atomically
from ..core.languages import messages_dir
from ..core.po import WIDTH, entry_state
from .project import LANGUAGE, find_project

PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);"}
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


def _new_catalog(pot: Path, language: str) -> str:
    """The text of a new, empty catalog for a template: its header filled for the language."""
    catalog = read(pot)
    catalog.metadata["Language"] = language
    catalog.metadata["Plural-Forms"] = PLURAL_FORMS.get(language, "nplurals=2; plural=(n != 1);")
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalog.metadata["PO-Revision-Date"] = catalog.metadata.get("POT-Creation-Date", "")
    catalog.metadata_is_fuzzy = False
    return str(catalog)


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


def update(potdir: Path, locale: Path | None = None, language: str = LANGUAGE) -> UpdateReport:
    """Merge every template of potdir into its catalog (see the module's docstring)."""
    potdir = Path(potdir)
    templates = sorted(potdir.rglob("*.pot"))
    if not templates:
        raise UserError(f"{potdir}: no .pot templates; run 'make gettext' first (make update-po does)")
    folder = messages_dir(_locale(locale), language)
    report = UpdateReport()
    for pot in templates:
        po = folder / pot.relative_to(potdir).with_suffix(".po")
        if not po.exists():
            write_atomically(po, normalized(_new_catalog(pot, language), po))
            report.created.append(po)
            continue
        read(po)  # a clear error for a broken catalog before msgmerge's own
        with tempfile.TemporaryDirectory() as tmp:
            merged = Path(tmp, "merged.po")
            _run("msgmerge", "--quiet", "--previous", f"--width={WIDTH}", "-o", str(merged), str(po), str(pot), about=po)
            text = merged.read_text(encoding="utf-8")
        (report.updated if _write_if_changed(po, text) else report.unchanged).append(po)
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
    name: str
    messages: dict[str, int] = field(default_factory=lambda: {"translated": 0, "fuzzy": 0, "untranslated": 0})
    words: dict[str, int] = field(default_factory=lambda: {"translated": 0, "fuzzy": 0, "untranslated": 0})

    def add(self, other: Progress) -> None:
        for state in self.messages:
            self.messages[state] += other.messages[state]
            self.words[state] += other.words[state]

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


def progress(po: Path, name: str) -> Progress:
    figures = Progress(name)
    for entry in read(po):
        if entry.obsolete or not entry.msgid:
            continue
        state = entry_state(entry)
        figures.messages[state] += 1
        figures.words[state] += words(entry.msgid)
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
    width = max(len(page.name) for page in pages + [total])
    head = f"{'catalog':<{width}}  {'done':>6}  {'translated':>15}  {'fuzzy':>11}  {'untranslated':>13}"
    lines = [head, f"{'':<{width}}  {'words':>6}  {'msgs':>6} {'words':>8}  {'msgs':>4} {'words':>6}  {'msgs':>4} {'words':>8}", "-" * len(head)]

    def row(figures: Progress) -> str:
        m, w = figures.messages, figures.words
        return (
            f"{figures.name:<{width}}  {figures.percent:5.1f}%  {m['translated']:>6} {w['translated']:>8}"
            f"  {m['fuzzy']:>4} {w['fuzzy']:>6}  {m['untranslated']:>4} {w['untranslated']:>8}"
        )

    lines += [row(page) for page in pages]
    lines += ["-" * len(head), row(total)]
    return "\n".join(lines)
