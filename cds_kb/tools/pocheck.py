"""Checks of the French catalogs (``make check-po``): each problem names the catalog, the
line of the entry and its English message, and says what to fix.

- compile: ``msgfmt --check`` accepts the catalog;
- wrapping: the catalog is wrapped in the project's one style (see ``catalogs``);
- markup: a translation keeps the link targets, roles and their targets, inline code,
  substitutions and ``{placeholders}`` of its English message (MyST syntax); a link
  target is kept when the translation links the address the link map
  (``locale/links.csv``) gives French pages: the French address where the map has one
  (an English address left there is reported, with the French one to use), the English
  address otherwise;
- glossary: where an English message holds a term of ``locale/glossary.csv``, the
  translation holds its French term (plurals and capitals allowed; the longest term wins,
  so "CDS Partnerships team" is checked, not "CDS" inside it). Where a word is used in
  another sense ("the story so far"), a translator comment ``# glossary-ignore: story``
  above the entry exempts it;
- spelling: pospell with hunspell's ``fr_CA`` dictionary (Debian's ``hunspell-fr``) and the
  project's word list ``locale/wordlist.txt`` (names; one word a line, ``#`` comments);
- typography: « guillemets » rather than straight or English quotes, and a non-breaking
  space (U+00A0, the project's one choice) inside « » and before : ; ! ?

Fuzzy and untranslated entries are not checked here: ``make stats`` counts them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib

from ..core import linkmap
from ..core.errors import UserError
from . import catalogs
from .project import find_project, shown

GLOSSARY = "glossary.csv"
WORDLIST = "wordlist.txt"
DICTIONARY = "fr_CA"
DICTIONARY_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"))
NBSP = "\u00a0"

# MyST inline markup.
_ROLE = re.compile(r"\{([\w:.+-]+)\}`([^`]*)`")
_EXPLICIT_TARGET = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.DOTALL)
# Roles whose content is a target when it has no "text <target>" form.
REFERENCE_ROLES = {"kb", "doc", "ref", "term", "numref", "download", "any", "kb:entry"}
_DOUBLE_CODE = re.compile(r"``(.+?)``")
_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_SUBSTITUTION = re.compile(r"\{\{\s*([\w.-]+)\s*\}\}")
_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)\}(?![`}])")
_BARE_URL = re.compile(r"(?:https?|mailto):[^\s)>\]]+")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    check: str
    msgid: str
    text: str

    def __str__(self) -> str:
        name = shown(self.path)
        message = f" (message {excerpt(self.msgid)!r})" if self.msgid else ""
        return f"{name}:{self.line}: {self.check}: {self.text}{message}"


def excerpt(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


# --- Markup ---


def markup(text: str) -> dict[str, Counter]:
    """The markup of a message a translation must keep, by kind."""
    # ``code with `backticks` inside`` first: what it holds is code, not roles.
    code = Counter(_DOUBLE_CODE.findall(text))
    text = _DOUBLE_CODE.sub(" ", text)
    roles, targets = Counter(), Counter()
    for match in _ROLE.finditer(text):
        name, content = match.groups()
        explicit = _EXPLICIT_TARGET.match(content)
        roles[name] += 1
        if explicit:
            targets[f"{{{name}}}`…<{explicit.group(2)}>`"] += 1
        elif name in REFERENCE_ROLES:
            targets[f"{{{name}}}`{content}`"] += 1
    rest = _ROLE.sub(" ", text)
    code += Counter(_CODE.findall(rest))
    rest = _CODE.sub(" ", rest)
    links = Counter(target.strip("<>") for target in _LINK.findall(rest)) + Counter(_AUTOLINK.findall(rest))
    substitutions = Counter(_SUBSTITUTION.findall(rest))
    placeholders = Counter(_PLACEHOLDER.findall(_SUBSTITUTION.sub(" ", rest)))
    return {
        "link target": links,
        "role": roles,
        "role target": targets,
        "inline code": code,
        "substitution": substitutions,
        "placeholder": placeholders,
    }


def check_markup(english: str, french: str, links: linkmap.LinkMap | None = None) -> list[str]:
    wanted, found = markup(english), markup(french)
    problems = []
    if links is not None:
        problems += check_link_targets(wanted.pop("link target"), found.pop("link target"), links)
    for kind in wanted:
        for item in sorted((wanted[kind] - found[kind]).elements()):
            problems.append(f"the translation lost the {kind} {item!r}; keep it exactly as in the English")
        for item in sorted((found[kind] - wanted[kind]).elements()):
            problems.append(f"the translation has the {kind} {item!r} that the English does not; use the English one")
    return problems


def check_link_targets(english: Counter, french: Counter, links: linkmap.LinkMap) -> list[str]:
    """Each English link target must be linked in French at the address the map gives French pages."""
    wanted = Counter()
    for target, count in english.items():
        wanted[links.french_for(target) or target] += count
    problems = []
    for target in sorted((wanted - french).elements()):
        source = next((item for item in english if links.french_for(item) == target), None)
        if source is not None and french[source]:
            problems.append(
                f"the translation links the English address {source!r}; French pages link its French version "
                f"{target!r} (locale/links.csv)"
            )
        else:
            problems.append(f"the translation lost the link target {(source or target)!r}; keep it exactly as in the English")
    for target in sorted((french - wanted).elements()):
        if linkmap.key(target) in {linkmap.key(item) for item in english}:
            continue  # an English address left where the French one is due: reported above
        advice = "use the address of the English (or the French one the link map pairs with it)"
        if links.find(target) is None:
            advice += f"; if {target!r} is the French version of an English address, add the pair to locale/links.csv with its source"
        problems.append(f"the translation has the link target {target!r} that the English does not; {advice}")
    return problems


def readable(text: str) -> str:
    """The words of a message a reader sees: markup targets, code and URLs removed."""

    def role_text(match: re.Match) -> str:
        explicit = _EXPLICIT_TARGET.match(match.group(2))
        return f" {explicit.group(1)} " if explicit else " "

    text = _DOUBLE_CODE.sub(" ", text)
    text = _ROLE.sub(role_text, text)
    text = _CODE.sub(" ", text)
    text = _LINK.sub("] ", text)
    text = _AUTOLINK.sub(" ", text)
    text = _BARE_URL.sub(" ", text)
    text = _SUBSTITUTION.sub(" ", text)
    return _PLACEHOLDER.sub(" ", text)


# --- Glossary ---


def _fold(text: str) -> str:
    return text.replace("’", "'").replace(NBSP, " ").replace("\u202f", " ")


@dataclass(frozen=True)
class Term:
    english: str
    french: str
    pattern: re.Pattern
    translation: re.Pattern


def _english_pattern(term: str) -> re.Pattern:
    forms = [re.escape(term) + "(?:s|es)?"]
    if term.endswith("y"):
        forms.append(re.escape(term[:-1]) + "ies")
    flags = 0 if any(char.isupper() for char in term) else re.IGNORECASE
    return re.compile(r"(?<![\w-])(?:" + "|".join(forms) + r")(?![\w-])", flags)


def _french_word(word: str) -> str:
    if word.endswith("al"):  # pangouvernemental, pangouvernementaux
        return re.escape(word[:-2]) + "(?:al|aux)"
    return re.escape(word) + "(?:s|x)?"


def _french_pattern(term: str) -> re.Pattern:
    words = [_french_word(word) for word in term.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


def _in_locale(path: Path | None, name: str) -> Path:
    """A file of the project's ``locale/`` folder (the glossary, the word list), unless given."""
    return Path(path) if path is not None else find_project().locale / name


def load_glossary(path: Path | None = None) -> list[Term]:
    path = _in_locale(path, GLOSSARY)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise UserError(f"{path}: cannot read the glossary ({error.strerror})") from None
    terms = []
    for number, row in enumerate(rows, start=2):
        english, french = (row.get("english") or "").strip(), (row.get("french") or "").strip()
        if not english or not french:
            raise UserError(f"{path}:{number}: a glossary row needs an 'english' and a 'french' term")
        english, french = _fold(english), _fold(french)
        terms.append(Term(english, french, _english_pattern(english), _french_pattern(french)))
    # The longest term wins: "CDS Partnerships team" before "CDS".
    return sorted(terms, key=lambda term: -len(term.english))


_IGNORE = re.compile(r"^glossary-ignore:(.*)$", re.MULTILINE)


def ignored_terms(entry: polib.POEntry) -> set[str]:
    """Terms a translator comment exempts: ``# glossary-ignore: story, department``."""
    return {_fold(term.strip()) for line in _IGNORE.findall(entry.tcomment or "") for term in line.split(",") if term.strip()}


def check_glossary(english: str, french: str, terms: list[Term], ignored: set[str] = frozenset()) -> list[str]:
    source, target = _fold(readable(english)), _fold(readable(french))
    problems = []
    for term in terms:
        if term.english in ignored:
            continue
        found = False
        for match in term.pattern.finditer(source):
            found = True
            # Mask the match, so the terms inside it are not checked again.
            source = source[: match.start()] + "\0" * (match.end() - match.start()) + source[match.end() :]
        if found and not term.translation.search(target):
            problems.append(f"the English says {term.english!r}; the French must say {term.french!r} (locale/glossary.csv)")
    return problems


# --- Typography ---

_STRAIGHT_QUOTE = re.compile(r"\"|“|”")
_OPEN_GUILLEMET = re.compile(r"«(?!\u00a0)")
_CLOSE_GUILLEMET = re.compile(r"(?<!\u00a0)»")
_SPACE_BEFORE_MARK = re.compile(r"[ \u202f\u2009]([:;!?])")
_NO_SPACE_BEFORE_MARK = re.compile(r"(?<=[\w»)\]’*_])([;!?]|:(?!\d))")


def check_typography(french: str) -> list[str]:
    text = readable(french)
    problems = []
    if _STRAIGHT_QUOTE.search(text):
        problems.append("use « » (with a non-breaking space U+00A0 inside) instead of \" or “ ”")
    if _OPEN_GUILLEMET.search(text):
        problems.append("put a non-breaking space (U+00A0) after «")
    if _CLOSE_GUILLEMET.search(text):
        problems.append("put a non-breaking space (U+00A0) before »")
    for mark in sorted(set(_SPACE_BEFORE_MARK.findall(text))):
        problems.append(f"the space before {mark!r} must be a non-breaking space (U+00A0)")
    for mark in sorted(set(_NO_SPACE_BEFORE_MARK.findall(text))):
        problems.append(f"put a non-breaking space (U+00A0) before {mark!r}")
    return problems


# --- Compiling ---

_MSGFMT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<text>.*)$")


def check_compiles(path: Path, catalog: polib.POFile) -> list[Problem]:
    if shutil.which("msgfmt") is None:
        raise UserError("msgfmt is missing; install GNU gettext (sudo apt-get install gettext)")
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    if result.returncode == 0:
        return []
    starts = sorted((entry.linenum, entry.msgid) for entry in catalog)
    problems = []
    for line in result.stderr.splitlines():
        match = _MSGFMT_LINE.match(line)
        if not match:
            continue
        number = int(match.group("line"))
        # The entry holding msgfmt's line, reported at its first line as every other check does.
        start, msgid = next(((start, msgid) for start, msgid in reversed(starts) if start <= number), (number, ""))
        problems.append(Problem(path, start, "compile", msgid, f"msgfmt --check: {match.group('text')}; fix the entry so it compiles"))
    return problems or [Problem(path, 1, "compile", "", f"msgfmt --check failed: {result.stderr.strip()}")]


# --- Spelling ---


def _dictionary_installed() -> bool:
    return any((folder / f"{DICTIONARY}.dic").exists() for folder in DICTIONARY_DIRS)


def read_wordlist(path: Path | None = None) -> list[str]:
    path = _in_locale(path, WORDLIST)
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


_LONE_APOSTROPHE = re.compile(r"(?<!\w)[’'](?!\w)")


def spellable(french: str) -> str:
    """The prose of a translation, for pospell: MyST markup reduced to its visible words."""
    text = readable(french)
    # MyST links [text] keep their text; an apostrophe on its own is not a word.
    return _LONE_APOSTROPHE.sub(" ", text.replace("[", " ").replace("]", " "))


def check_spelling(entries: list[tuple[Path, polib.POEntry]], wordlist: Path | None = None) -> list[Problem]:
    if shutil.which("hunspell") is None or not _dictionary_installed():
        raise UserError(
            f"the spelling check needs hunspell and its {DICTIONARY} dictionary; "
            "install them with: sudo apt-get install hunspell hunspell-fr (make test does)"
        )
    import pospell  # imported here: it runs hunspell when imported

    lines, where = [], {}
    for number, (path, entry) in enumerate(entries):
        with contextlib.redirect_stdout(io.StringIO()):  # pospell reports reST parse notes on stdout
            text = pospell.clear(pospell.strip_rst(spellable(entry.msgstr)), drop_capitalized=True)
        lines.append(pospell.input_line(str(number), entry.linenum, text))
        where[str(number)] = (path, entry)
    if not lines:
        return []
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".dic") as personal:
        personal.write("\n".join(read_wordlist(wordlist)) + "\n")
        personal.flush()
        errors = pospell.run_hunspell(DICTIONARY, personal.name, lines)
    if errors == -1:
        raise UserError(f"hunspell failed with the {DICTIONARY} dictionary; reinstall it: sudo apt-get install --reinstall hunspell-fr")
    problems: dict[tuple[str, int], list[str]] = {}
    for key, line, word in errors:
        problems.setdefault((key, line), []).append(word)
    result = []
    for (key, line), words in problems.items():
        path, entry = where[key]
        unknown = ", ".join(dict.fromkeys(words))
        result.append(Problem(path, line, "spelling", entry.msgid, f"unknown word(s): {unknown}; correct them, or add names to locale/wordlist.txt"))
    return result


# --- All checks ---


def checked_entries(catalog: polib.POFile) -> list[polib.POEntry]:
    """Entries with a translation a reader sees: not obsolete, not fuzzy, not empty."""
    return [e for e in catalog if e.msgid and not e.obsolete and "fuzzy" not in e.flags and e.translated()]


def translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    if entry.msgid_plural:
        return [(entry.msgid if index == "0" else entry.msgid_plural, text) for index, text in sorted(entry.msgstr_plural.items())]
    return [(entry.msgid, entry.msgstr)]


def load_links(path: Path | None = None) -> linkmap.LinkMap:
    return linkmap.load(_in_locale(path, linkmap.LINK_MAP))


def check(paths: list[Path], glossary: Path | None = None, wordlist: Path | None = None, links: Path | None = None) -> list[Problem]:
    terms = load_glossary(glossary)
    link_map = load_links(links)
    problems: list[Problem] = []
    to_spell: list[tuple[Path, polib.POEntry]] = []
    for path in paths:
        catalog = catalogs.read(path)
        compiled = check_compiles(path, catalog)
        problems += compiled
        if not compiled and catalogs.badly_wrapped(path):
            problems.append(Problem(path, 1, "wrapping", "", "not wrapped in the project's style (msgcat, 79 columns); run 'make wrap-po'"))
        for entry in checked_entries(catalog):
            for english, french in translations(entry):
                found = [("markup", text) for text in check_markup(english, french, link_map)]
                found += [("glossary", text) for text in check_glossary(english, french, terms, ignored_terms(entry))]
                if french != english:
                    found += [("typography", text) for text in check_typography(french)]
                problems += [Problem(path, entry.linenum, name, entry.msgid, text) for name, text in found]
            if entry.msgstr and entry.msgstr != entry.msgid:
                to_spell.append((path, entry))
    problems += check_spelling(to_spell, wordlist)
    return sorted(problems, key=lambda problem: (str(problem.path), problem.line, problem.check))
