"""``import --lang fr``: a French post becomes the translation of its English page, message by message.

The French post is found by its pairing key (its ``translationKey``, normalized like the
English one, or its ``trans_url``); a key that matches no English page is refused with the
closest existing key. The page's catalog is made if it does not exist yet (the messages
``messages`` reads from the English page, in the catalogs' one style), or brought up to
date with the page (new messages added, removed ones kept as obsolete), so no
``make update-po`` is needed first.

The French post is converted to MyST like the English one (``convert``), cut into the same
kinds of units (``messages``), and aligned with the English messages block by block: a
dynamic-programming alignment over headings, paragraphs, list items, table cells,
captions and alt text, scored on the kind of block, its links, its numbers and its
length, which also pairs one English block with two French ones (joined) or two English
blocks with one French (cut at the sentence that fits best). A pair whose kind, links and
numbers agree is filled as translated; one that does not is filled and marked *fuzzy*; an
English message with no French is left empty; French text with no English place is
listed. The title, description, roles (from the French byline, name by name), a byline
kept as written and the banner's alt text are filled from the French front matter.

Links: a French link to the old site that the English message links as a page of the site
becomes the same internal link; a French address that differs from the English one in an
aligned message is recorded in ``locale/links.csv`` (``core.linkmap``), source: the French
post's file name. A marker the post typed after a link, « (en anglais seulement) », is taken
out of the text and the destination recorded as English-only: the build adds the marker. A new person entry's catalog gets the author's French role.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import polib
from markdown_it.common.normalize_url import normalizeLink

from ...core import frontmatter, linkmap
from ...core.errors import UserError
from ...core.files import write_atomically
from ...core.frontmatter import FrontMatterError
from ...core.languages import catalog_path
from ...core.po import WIDTH, new_catalog
from ...core.schema import POST, byline_of
from ...core.text import slug
from .. import catalogs
from .authors import SUMMARY, french_roles
from .fields import pairing_key
from .convert import Context, escape_line_starts, to_myst
from .english import Site, first_sentence, unexpected
from .images import Pictures
from .links import compact, without_one_language_markers
from .mentions import Entries
from .messages import Message, body_messages, page_messages
from .reading import Source, read_source
from .report import Progress, Report

_LINK = re.compile(r"(!?\[)((?:[^\[\]\\]|\\.)*)\]\(([^)\s]*)\)")
_NUMBER = re.compile(r"(?<!\w)\d+(?!\w)")
# Numbers written in words, in either language ("four" and « 4 »); "one" and « un » are also
# articles and pronouns, so 1 is not compared at all.
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_KB_ROLE = re.compile(r"\{kb\}`([^`]*)`")
_SENTENCE_END = re.compile(r"(?<=[.!?…»”])\s+(?=[A-ZÀ-Ý«“\d])")
TEXT_KINDS = {"paragraph", "item", "quote", "cell", "caption"}
GAP = 1.0


@dataclass
class Unit:
    """A French block, or a join of two."""

    text: str
    kind: str
    links: list[str]
    parts: int = 1


@dataclass
class Filled:
    message: Message
    text: str | None = None
    certain: bool = False
    why: str = ""


def import_french(paths: list[Path], site: Site, values: dict[str, Any], report: Report, *, force: bool = False,
                  dry_run: bool = False, fetch_images: bool = False, conf: dict[str, Any] | None = None) -> None:
    conf = conf or {}
    pages = _english_pages(site.stories)
    progress = Progress(len(paths))
    sources: list[tuple[Source, Path]] = []
    for index, path in enumerate(paths, start=1):
        progress.step(index, path.name)
        try:
            source = read_source(path)
            if source.language == "en":
                raise UserError(f"{source.where('lang')}: is an English post (lang: en); import it without --lang fr")
            page = _english_page(source, values, pages)
        except UserError as error:
            report.refused.append(str(error))
            continue
        sources.append((source, page))
        if source.title:
            # So that French links to the batch's other posts find them by their French titles.
            front = pages[page]
            site.old_site.know(page, str(front.get("key")), [str(front.get("title")), source.title], front.get("date"), site.zone)
    link_map_path = site.locale / linkmap.LINK_MAP
    link_map = linkmap.load(link_map_path)
    entries = Entries.read(site.docs, site.locale)
    pictures = Pictures(site.stories, fetch_images, dry_run)
    counts = report.counts
    for key in ("translated", "kept", "fuzzy", "untranslated"):
        counts.setdefault(key, 0)
    # First, learn the French address of each destination from every post of the batch, so that a
    # post that kept an English address gets the French one another post gives, whatever the order.
    learned = Report(counts=dict.fromkeys(("translated", "kept", "fuzzy", "untranslated"), 0))
    for index, (source, page) in enumerate(sources, start=1):
        progress.step(index, f"{source.path.name} (links)")
        try:
            _translate(source, page, site, learned, link_map, entries, pictures, force, dry_run, conf, learn=True)
        except Exception:  # noqa: BLE001, S112 - reported by the pass that writes
            continue
    report.warnings += [warning for warning in learned.warnings if warning[0] == "link-map"]
    for index, (source, page) in enumerate(sources, start=1):
        progress.step(index, f"{source.path.name} (align)")
        try:
            _translate(source, page, site, report, link_map, entries, pictures, force, dry_run, conf)
        except UserError as error:
            report.refused.append(str(error))
        except Exception as error:  # noqa: BLE001 - one post the aligner cannot read must not stop the others
            report.refused.append(unexpected(source.path, error))
    if not dry_run and link_map.text() != (link_map_path.read_text(encoding="utf-8") if link_map_path.exists() else linkmap.LinkMap().text()):
        linkmap.save(link_map_path, link_map)
    progress.done()


# --- finding the English page ---------------------------------------------------------------


def _english_pages(stories: Path) -> dict[Path, dict[str, Any]]:
    pages = {}
    for page in sorted(stories.glob("*.md")) if stories.is_dir() else []:
        try:
            front = frontmatter.parse(page.read_text(encoding="utf-8")).data
        except (FrontMatterError, UnicodeDecodeError, OSError):
            continue
        if front.get("type") == POST:
            pages[page] = front
    return pages


def _english_page(source: Source, values: dict[str, Any], pages: dict[Path, dict[str, Any]]) -> Path:
    title = source.title or ""
    if values.get("key"):
        keys = {values["key"]}
    else:
        keys = {pairing_key(source.data, title)}
        if source.data.get("trans_url"):
            # A French Jekyll post's trans_url is the address of its English post.
            keys.add(slug(str(source.data["trans_url"]).rstrip("/").rsplit("/", 1)[-1]))
    found = [page for page, front in pages.items() if front.get("key") in keys or (page.stem in keys and not values.get("key"))]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise UserError(f"{source.path}: several English posts match ({', '.join(map(str, found))}); name the right one with --set key=KEY")
    known = sorted({str(front.get("key")) for front in pages.values() if front.get("key")})
    wanted = sorted(keys)[0]
    close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
    where = source.where("translationKey") if source.data.get("translationKey") else str(source.path)
    if close:
        raise UserError(f"{where}: no English post has the pairing key {wanted!r}; the closest is {close[0]!r}: "
                        f"if the key is mistyped, fix it in the source or import with --set key={close[0]}")
    raise UserError(f"{where}: no English post in {next(iter(pages), Path('docs/stories')).parent} has the pairing key "
                    f"{' or '.join(sorted(keys))!r}; import the English post first, or name its page's key with --set key=KEY")


# --- filling a page's catalog --------------------------------------------------------------


def _translate(source: Source, page: Path, site: Site, report: Report, link_map: linkmap.LinkMap, entries: Entries,
               pictures: Pictures, force: bool, dry_run: bool, conf: dict[str, Any], learn: bool = False) -> None:
    """Fill the page's catalog from the French post (``learn``: only record the link pairs it gives)."""
    english_text = page.read_text(encoding="utf-8")
    english_front = frontmatter.parse(english_text).data
    messages = page_messages(english_text)
    docname = page.relative_to(site.docs).with_suffix("").as_posix()
    catalog_file = catalog_path(site.locale, site.language, docname)
    catalog = _catalog(catalog_file, messages, docname, site, conf)
    context = Context(
        source.path, source.body_line, "fr", site.old_site.addresses.get("fr", ""),
        link=lambda url: site.old_site.link(url, page),
        picture=(lambda url, alt: pictures.decide(url, page)) if pictures.fetch else None,
        plain_text=source.plain_text,
    )
    converted = to_myst(source.body, context)
    if not learn:
        report.warnings += [note for note in source.notes]
        report.warnings += [note for note in converted.notes if note[0] not in ("image",)]
    french_body = converted.text
    fills = _front_fills(messages, english_front, source, french_body)
    body = [message for message in messages if message.kind not in ("title", "description", "role", "byline", "image-alt")]
    body_fills, leftover = align(body, body_messages(french_body))
    fills += body_fills
    pairs: list[tuple[str, str]] = []
    for fill in fills:
        if fill.text is None:
            continue
        fill.text, only_english = without_one_language_markers(fill.text, "fr")
        for url in only_english:
            if link_map.only_in_one_language(url, "en", source.path.name):
                report.warn("link-map", f"{linkmap.LINK_MAP}: {url} is in English only (from {source.path.name}); the build marks it")
        fill.text, fill_pairs = _links(fill.message, fill.text, site, link_map, report)
        if "{kb}" in fill.message.text:
            fill.text, placed = _place_roles(fill.message.text, fill.text, entries)
            if not placed:
                fill.certain, fill.why = False, fill.why or "an entry link could not be placed"
        if fill.certain:
            pairs += fill_pairs
        if learn:
            continue
        # A translation is read as a paragraph: "1. Heading" would be a list, and Sphinx would drop it.
        fill.text = escape_line_starts(fill.text)
    for english, french in pairs:
        if _record(link_map, english, french, source.path.name):
            report.warn("link-map", f"{linkmap.LINK_MAP}: {english} -> {french} (from {source.path.name})")
    if learn:
        return
    _fill(catalog, fills, report, force, str(catalog_file))
    left = [f"not translated: {_short(fill.message.text)}" for fill in fills if fill.text is None]
    left += [f"fuzzy ({fill.why}): {_short(fill.message.text)}" for fill in fills if fill.text is not None and not fill.certain]
    left += [f"French text not placed ({unit.kind}): {_short(unit.text)}" for unit in leftover]
    if left:
        report.left[str(catalog_file)] = left
        report.warn("alignment", f"{source.path}: its French could not be placed completely in {catalog_file} ({len(left)} left for a translator)")
    _write(catalog_file, catalog, report, dry_run)
    _people(english_front, source, site, report, force, dry_run, conf)


def _catalog(path: Path, messages: list[Message], docname: str, site: Site, conf: dict[str, Any]) -> polib.POFile:
    """The page's catalog, made or brought up to date with the page's messages (the way msgmerge would)."""
    if path.exists():
        catalog = catalogs.read(path)
    else:
        created = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
        catalog = new_catalog(str(conf.get("project") or "Digital government partnerships"), site.language,
                              str(conf.get("gettext_last_translator") or ""), str(conf.get("gettext_language_team") or ""), created)
    existing = {entry.msgid: entry for entry in catalog if entry.msgid}
    kept: list[polib.POEntry] = [entry for entry in catalog if entry.msgid]  # an existing catalog keeps its order
    where = f"../../{site.docs.name}/{docname}.md"
    wanted: set[str] = set()
    previous: polib.POEntry | None = None
    for message in messages:
        if message.text in wanted:
            continue  # one message for the same text, as Sphinx extracts it
        wanted.add(message.text)
        entry = existing.get(message.text)
        if entry is None:
            entry = polib.POEntry(msgid=message.text, msgstr="", occurrences=[(where, str(message.line))])
            kept.insert(kept.index(previous) + 1 if previous is not None else 0, entry)
        entry.obsolete = False
        previous = entry
    # A message the page no longer has stays, obsolete, as msgmerge keeps it: nothing a translator wrote is lost.
    for entry in kept:
        if entry.msgid not in wanted:
            entry.obsolete = True
    kept = [entry for entry in kept if entry.msgid in wanted or entry.msgstr]
    kept.sort(key=lambda entry: entry.obsolete)
    catalog[:] = kept
    return catalog


def _fill(catalog: polib.POFile, fills: list[Filled], report: Report, force: bool, name: str) -> None:
    entries = {entry.msgid: entry for entry in catalog if not entry.obsolete}
    done: set[str] = set()
    for fill in fills:
        entry = entries.get(fill.message.text)
        if entry is None or fill.message.text in done:
            continue
        done.add(fill.message.text)
        if entry.msgstr and "fuzzy" not in entry.flags and not force:
            report.counts["kept"] += 1
            continue
        if fill.text is None:
            if not entry.msgstr:
                report.counts["untranslated"] += 1
            continue
        entry.msgstr = fill.text
        entry.previous_msgid = None
        if fill.certain:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            report.counts["translated"] += 1
        else:
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
            report.counts["fuzzy"] += 1
            report.warn("fuzzy", f"{name}: fuzzy ({fill.why}), check it: {_short(fill.message.text)}")


def _write(path: Path, catalog: polib.POFile, report: Report, dry_run: bool) -> None:
    catalog.wrapwidth = WIDTH
    text = catalogs.normalized(str(catalog), path)  # the catalogs' one wrapping style
    if path.exists() and path.read_text(encoding="utf-8") == text:
        report.unchanged.append(str(path))
        return
    if not dry_run:
        write_atomically(path, text)
    report.written.append(str(path))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 70 else text[:67] + "...")


# --- the front matter ---------------------------------------------------------------------


def _front_fills(messages: list[Message], english: dict[str, Any], source: Source, french_body: str) -> list[Filled]:
    fills = []
    byline = byline_of(english)
    roles = french_roles(list(byline.names), source.text("author") or "") if byline.names else {}
    for message in messages:
        text: str | None = None
        if message.kind == "title":
            text = source.title
        elif message.kind == "description":
            text = source.text("description") or first_sentence(french_body)
        elif message.kind == "role":
            found = {roles.get(name) for name, role in zip(byline.names, byline.roles) if role == message.text}
            text = found.pop() if len(found) == 1 else None
        elif message.kind == "byline":
            text = source.text("author")
        elif message.kind == "image-alt":
            text = source.text("image-alt")
        else:
            continue
        fills.append(Filled(message, text, text is not None, "" if text else "not in the French post"))
    return fills


# --- aligning the body --------------------------------------------------------------------


def _unit(message: Message) -> Unit:
    return Unit(message.source, message.kind, list(message.links))


def _kind_cost(english: str, french: str) -> float:
    if english == french:
        return 0.0
    if english in TEXT_KINDS and french in TEXT_KINDS:
        return 0.4
    return 2.0


@functools.lru_cache(maxsize=65536)
def _numbers(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The numbers a text writes in digits, and those it writes in words (1 left out: "one", « un »)."""
    plain = _LINK.sub(lambda match: match.group(2), text)
    digits = frozenset({number.lstrip("0") or "0" for number in _NUMBER.findall(plain)} - {"1"})
    words = frozenset({str(_NUMBER_WORDS[word.lower()]) for word in _NUMBER_WORD.findall(plain)})
    return digits, words


def _unmatched_numbers(english: str, french: str) -> set[str]:
    """Numbers one side writes in digits that the other writes neither in digits nor in words."""
    digits_en, words_en = _numbers(english)
    digits_fr, words_fr = _numbers(french)
    return (digits_en - digits_fr - words_fr) | (digits_fr - digits_en - words_en)


@functools.lru_cache(maxsize=65536)
def _visible_length(text: str) -> int:
    return len(_LINK.sub(lambda match: match.group(2), text)) or 1


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    plain = _LINK.sub(lambda match: f"{match.group(2)} {match.group(3)}", text)
    return frozenset({word for word in re.findall(r"\w{3,}", unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode().lower())})


def cost(english: Message | Unit, french: Unit) -> float:
    """How unlike a translation of ``english`` the French block is: 0 for a perfect fit (see ``_cost``)."""
    return _cost(english.kind, english.text, len(english.links), french.kind, french.text, len(french.links))


@functools.lru_cache(maxsize=262144)
def _cost(english_kind: str, english_text: str, english_links: int, french_kind: str, french_text: str, french_links: int) -> float:
    """The cost of a pair, from its parts (cached: the alignment asks for the same pairs many times).

    The kind of block, the links, the numbers and the length count against a pair; words
    both share (names, cognates, addresses, English quoted in French) count for it.
    """
    score = _kind_cost(english_kind, french_kind)
    if english_text == french_text:
        return score
    words_en, words_fr = _words(english_text), _words(french_text)
    if words_en and words_fr:
        score -= 0.8 * len(words_en & words_fr) / len(words_en | words_fr)
    score += 0.5 * abs(english_links - french_links)
    unmatched = _unmatched_numbers(english_text, french_text)
    if unmatched:
        total = len(_numbers(english_text)[0] | _numbers(french_text)[0]) or 1
        score += 0.8 * min(1.0, len(unmatched) / total)
    ratio = _visible_length(french_text) / (1.15 * _visible_length(english_text))
    score += min(1.5, abs(math.log(ratio)) * 0.6)
    # A translation mostly keeps the number of sentences.
    score += 0.3 * min(3, abs(_sentences(english_text) - _sentences(french_text)))
    return score


@functools.lru_cache(maxsize=65536)
def _sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(_LINK.sub(lambda match: match.group(2), text))) + 1


def certain(english: Message | Unit, french: Unit) -> tuple[bool, str]:
    if english.kind != french.kind and not (english.kind in TEXT_KINDS and french.kind in TEXT_KINDS):
        return False, f"an English {english.kind} met a French {french.kind}"
    if english.text == french.text:
        return True, ""
    if len(english.links) != len(french.links):
        return False, f"{len(english.links)} link(s) in English, {len(french.links)} in French"
    if _unmatched_numbers(english.text, french.text):
        return False, "the numbers differ"
    ratio = _visible_length(french.text) / _visible_length(english.text)
    short = _visible_length(english.text) < 40  # a short heading may take many more words in French
    if not (0.3 if short else 0.55) <= ratio <= (4.0 if short else 2.2):
        return False, "the lengths differ too much"
    return True, ""


def _join(first: Unit, second: Unit) -> Unit:
    return Unit(f"{first.text} {second.text}", first.kind, first.links + second.links, 2)


def _split(french: Unit, first: Message, second: Message) -> tuple[Unit, Unit] | None:
    """Cut a French block at the sentence that best fits two English blocks."""
    cuts = [match.start() for match in _SENTENCE_END.finditer(french.text)]
    best = None
    for cut in cuts:
        head, tail = french.text[:cut].strip(), french.text[cut:].strip()
        if not (_balanced(head) and _balanced(tail)):
            continue  # never inside bold, a link or a quotation
        left = Unit(head, french.kind, [m.group(3) for m in _LINK.finditer(head)])
        right = Unit(tail, french.kind, [m.group(3) for m in _LINK.finditer(tail)])
        score = cost(first, left) + cost(second, right)
        if best is None or score < best[0]:
            best = (score, left, right)
    return (best[1], best[2]) if best else None


def _balanced(text: str) -> bool:
    plain = text.replace("\\*", "").replace("\\[", "").replace("\\]", "")
    return (plain.count("**") % 2 == 0 and (plain.count("*") - 2 * plain.count("**")) % 2 == 0
            and plain.count("[") == plain.count("]") and plain.count("«") == plain.count("»") and plain.count("`") % 2 == 0)


def align(english: list[Message], french_messages: list[Message]) -> tuple[list[Filled], list[Unit]]:
    """Each English message with its French text (or None), and the French units left over."""
    french = [_unit(message) for message in french_messages]
    n, m = len(english), len(french)
    infinity = float("inf")
    best = [[infinity] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == infinity:
                continue
            moves = []
            if i < n:
                moves.append((i + 1, j, GAP, ("skip-en",)))
            if j < m:
                moves.append((i, j + 1, GAP * (0.5 if french[j].kind == "alt" else 1.0), ("skip-fr",)))
            if i < n and j < m:
                moves.append((i + 1, j + 1, cost(english[i], french[j]), ("match",)))
            if i < n and j + 1 < m and english[i].kind in TEXT_KINDS and french[j].kind == french[j + 1].kind == english[i].kind:
                moves.append((i + 1, j + 2, cost(english[i], _join(french[j], french[j + 1])) + 0.3, ("merge",)))
            if i + 1 < n and j < m and english[i].kind == english[i + 1].kind == french[j].kind and english[i].kind in TEXT_KINDS:
                parts = _split(french[j], english[i], english[i + 1])
                if parts is not None:
                    moves.append((i + 2, j + 1, cost(english[i], parts[0]) + cost(english[i + 1], parts[1]) + 0.3, ("split",)))
            for ti, tj, add, move in moves:
                if here + add < best[ti][tj]:
                    best[ti][tj] = here + add
                    step[ti][tj] = (i, j, move)
    fills: list[Filled] = []
    leftover: list[Unit] = []
    i, j = n, m
    path = []
    while i or j:
        pi, pj, move = step[i][j]
        path.append((pi, pj, i, j, move[0]))
        i, j = pi, pj
    for pi, pj, i, j, move in reversed(path):
        if move == "skip-en":
            fills.append(Filled(english[pi], None, False, "no French"))
        elif move == "skip-fr":
            if french[pj].kind != "alt":
                leftover.append(french[pj])
        elif move == "match":
            ok, why = certain(english[pi], french[pj])
            fills.append(Filled(english[pi], french[pj].text, ok, why))
        elif move == "merge":
            joined = _join(french[pj], french[pj + 1])
            ok, why = certain(english[pi], joined)
            fills.append(Filled(english[pi], joined.text, ok, why or ""))
        elif move == "split":
            parts = _split(french[pj], english[pi], english[pi + 1])
            if parts is None:
                fills.append(Filled(english[pi], french[pj].text, False, "two English blocks are one French block"))
                fills.append(Filled(english[pi + 1], None, False, "two English blocks are one French block"))
            else:
                for message, part in zip((english[pi], english[pi + 1]), parts):
                    ok, why = certain(message, part)
                    fills.append(Filled(message, part.text, ok, why))
    return fills, leftover


# --- links and entries in a French message ---------------------------------------------------


def _targets(text: str) -> list[tuple[int, int, str]]:
    return [(match.start(3), match.end(3), match.group(3)) for match in _LINK.finditer(text)]


def _record(link_map: linkmap.LinkMap, english: str, french: str, source: str) -> bool:
    """Record that ``french`` is the French address of ``english``; True when the map changed.

    Two English addresses of one destination (``?a=b+c`` and ``?a=b%20c``; a short and a long
    address) may share one French address: each gets its row, so the build finds either.
    """
    if link_map.find(english) is not None:
        return False
    if link_map.find(french) is None:
        return link_map.add(linkmap.Destination(english, french, "french", source))
    link_map.destinations.append(linkmap.Destination(english, french, "french", source))
    link_map.__post_init__()
    return True


def _links(message: Message, text: str, site: Site, link_map: linkmap.LinkMap | None = None, report: Report | None = None) -> tuple[str, list[tuple[str, str]]]:
    """The French text with the English message's internal links, and the (English, French) address pairs.

    Addresses are compared as the build writes them (percent-encoded, like markdown-it). An
    English address the map already pairs with another French address keeps the map's: one
    destination, one French address.
    """
    english = [target for _start, _end, target in _targets(message.text)]
    french = _targets(text)
    if len(english) != len(french):
        return text, []
    pairs = []
    pieces, position = [], 0
    for (start, end, target), counterpart in zip(french, english):
        internal = "://" not in counterpart and not counterpart.startswith("mailto:")
        replacement = target
        if internal and (site.old_site.is_old_site(target) or "://" not in target) and target != counterpart:
            replacement = counterpart
        elif "://" in counterpart and "://" in target and _same_place(counterpart) == _same_place(target) and link_map is not None:
            # The French post links the English address: the French one, where the map knows it.
            known = link_map.find(normalizeLink(counterpart))
            if known is not None and known.status == "french" and known.french and _same_place(known.french) != _same_place(target):
                replacement = known.french
        elif "://" in counterpart and "://" in target and _same_place(counterpart) != _same_place(target):
            english_address, french_address = normalizeLink(counterpart), normalizeLink(target)
            known = link_map.find(english_address) if link_map is not None else None
            if known is not None and known.french and _same_place(known.french) != _same_place(french_address):
                replacement = known.french
                if report is not None:
                    report.warn("link-map", f"{linkmap.LINK_MAP} pairs {english_address} with {known.french}: the French text links it, not {target}")
            else:
                pairs.append((english_address, french_address))
        pieces.append(text[position:start] + replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces), pairs


def _same_place(url: str) -> str:
    """One address as the link map matches it."""
    return linkmap.key(url)


def _place_roles(english: str, french: str, entries: Entries) -> tuple[str, bool]:
    """Put the English text's ``{kb}`` roles into the French text where it names the entry.

    ``{kb}`id``` (the entry's title) replaces the entry's French title; otherwise the French
    words found keep their place as the link text: ``{kb}`mots <id>```.
    """
    placed = True
    for target in _KB_ROLE.findall(english):
        explicit = re.fullmatch(r"(.*?)\s*<([^>]+)>", target, re.S)
        entry_id = explicit.group(2).strip() if explicit else target.strip()
        if f"<{entry_id}>`" in french or f"{{kb}}`{entry_id}`" in french:
            continue
        names = entries.names(entry_id, "fr")
        for name in names:
            shielded = re.sub(r"!?\[[^\]]*\]\([^)]*\)|\{[\w:-]+\}`[^`]*`", lambda m: "\x00" * len(m.group()), french)
            found = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", shielded)
            if found:
                words = french[found.start():found.end()]
                title = not explicit and words == entries.title(entry_id, "fr")
                role = f"{{kb}}`{entry_id}`" if title else f"{{kb}}`{words} <{entry_id}>`"
                french = f"{french[:found.start()]}{role}{french[found.end():]}"
                break
        else:
            placed = False
    return french, placed


# --- new person entries' catalogs --------------------------------------------------------------


def _people(english: dict[str, Any], source: Source, site: Site, report: Report, force: bool, dry_run: bool, conf: dict[str, Any]) -> None:
    byline = byline_of(english)
    if not byline.names:
        return
    roles = french_roles(list(byline.names), source.text("author") or "")
    for name, role in zip(byline.names, byline.roles):
        page = site.people.page_for(name)
        if not page.exists() or not page.is_relative_to(site.docs):
            continue
        text = page.read_text(encoding="utf-8")
        messages = page_messages(text)
        docname = page.relative_to(site.docs).with_suffix("").as_posix()
        catalog_file = catalog_path(site.locale, site.language, docname)
        catalog = _catalog(catalog_file, messages, docname, site, conf)
        french_role = roles.get(name)
        fills = []
        for message in messages:
            if message.kind == "title":
                fills.append(Filled(message, message.text, True))
            elif message.kind == "summary" and message.text == SUMMARY["en"]:
                fills.append(Filled(message, SUMMARY["fr"], True))
            elif message.kind in ("summary", "role") and role and message.text == role and french_role:
                fills.append(Filled(message, french_role, True))
        if not fills:
            continue
        before = str(catalog)
        quiet = Report(counts={"translated": 0, "kept": 0, "fuzzy": 0, "untranslated": 0})
        _fill(catalog, fills, quiet, force, str(catalog_file))
        if str(catalog) != before or not catalog_file.exists():
            _write(catalog_file, catalog, report, dry_run)
        missing = [message.text for message in messages if not (catalog.find(message.text) and catalog.find(message.text).msgstr)]
        if missing:
            report.left[str(catalog_file)] = [f"not translated: {_short(text)}" for text in missing]
        else:
            report.left.pop(str(catalog_file), None)
