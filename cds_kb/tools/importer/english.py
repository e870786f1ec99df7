"""Importing English posts: source posts -> pages in ``docs/stories``, new person entries, a report.

Each file is read, normalized and converted on its own: a file that cannot be imported is
refused with its file, line, reason and fix, and the others still are. Every page is
checked against the build's schema (``core.schema``) before it is written, so a page the
import writes is a page the build accepts. Pages and person entries are written
atomically, never over a different file without ``--force``; the same source gives the
same page byte for byte. ``--dry-run`` does everything but write.

Two passes: the first reads every file and learns the posts the site will hold (so that a
link to a post of the same batch becomes an internal link, ``links``), the second converts
the bodies (``convert``) and writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib
import yaml

from ...core import frontmatter, linkmap
from ...core.errors import UserError
from ...core.files import write_atomically
from ...core.frontmatter import FrontMatterError
from ...core.languages import catalog_path
from ...core.schema import POST, validate
from ...core.text import slug
from .authors import People, Split, normal, person_page, split_byline
from .fields import has_offset, normalize_date, pairing_key, time_zone
from .convert import Context, to_myst
from .images import Pictures
from .links import OldSite, without_one_language_markers
from .mentions import Entries, link_first_mentions
from .messages import body_messages
from .reading import Source, read_source
from .report import Progress, Report

# The normalized front matter of a post, in the order pages write it.
FIELDS = ("type", "key", "title", "author", "role", "byline", "date", "description", "image", "image-alt", "tags", "mentions")
LIST_FIELDS = ("tags", "mentions")
# How a maintainer supplies each field the source lacks.
SUPPLY = {
    "key": "--set key=PAIRING-KEY",
    "title": '--set title="Title"',
    "author": '--set author="First Last" (several: --set author="[First Author, Second Author]")',
    "role": '--set role="Role, Organization" (one per author: --set role="[Role one, Role two]")',
    "byline": '--set byline="The byline as written"',
    "date": "--set date=YYYY-MM-DDTHH:MM:SS+HH:MM (with its UTC offset, as the build requires)",
    "description": '--set description="One or two sentences."',
    "image": "--set image=URL",
    "image-alt": '--set image-alt="What the image shows."',
    "tags": "--set tags=[topic-id, ...]",
    "mentions": "--set mentions=[entry-id, ...]",
}
SOURCE_SUFFIXES = (".md", ".markdown", ".txt", ".html")


@dataclass
class Site:
    """What the import needs from the project: folders, the time zone, the old site, who and what exists."""

    stories: Path
    docs: Path
    locale: Path
    zone_name: str | None
    old_site: OldSite
    people: People
    language: str = "fr"

    @property
    def zone(self):
        return time_zone(self.zone_name) if self.zone_name else None


def expand(files: list[str]) -> list[Path]:
    """The files to import: each file given, and the source posts of each folder given."""
    found: list[Path] = []
    for name in files:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)
        else:
            found.append(path)
    return found


def parse_settings(settings: list[str]) -> dict[str, Any]:
    """``--set key=value`` pairs; values are YAML (``[a, b]`` is a list), dates stay text."""
    values: dict[str, Any] = {}
    for setting in settings:
        name, equals, raw = setting.partition("=")
        name = name.strip()
        if not equals or not name:
            raise UserError(f"--set {setting}: give it as --set FIELD=VALUE, for example --set date=2017-11-20T09:00:00-05:00")
        if name not in FIELDS or name == "type":
            raise UserError(f"--set {setting}: unknown field {name!r}; the fields are {', '.join(FIELDS[1:])}")
        try:
            value = yaml.load(raw, Loader=frontmatter._Loader) if raw.strip() else ""  # noqa: S506 - a SafeLoader
        except yaml.YAMLError:
            value = raw
        if name in LIST_FIELDS:
            if isinstance(value, str):
                value = [item.strip() for item in value.split(",") if item.strip()]
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise UserError(f"--set {setting}: {name} is a list of ids, for example --set {name}=[first-id, second-id]")
        elif name in ("author", "role") and isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                raise UserError(f"--set {setting}: {name} is a list of names, for example --set {name}=\"[First Author, Second Author]\"")
        else:
            value = raw.strip() if not isinstance(value, str) else value.strip()
        if name == "date":
            try:
                value = normalize_date(value)
            except ValueError:
                raise UserError(f"--set {setting}: not a date with its time and UTC offset; give it as 2017-11-20T09:00:00-04:00") from None
        values[name] = value
    return values


def read_site(stories: Path, project_root: Path | None, conf: dict[str, Any]) -> Site:
    docs = stories.parent
    old = conf.get("kb_old_site") or {}
    site = Site(stories, docs, docs.parent / "locale", conf.get("kb_time_zone"), OldSite(dict(old)), People.read(docs))
    if project_root is not None and (project_root / "docs") != docs:
        for key, value in People.read(project_root / "docs").entries.items():
            site.people.entries.setdefault(key, value)
    zone = site.zone
    for page in sorted(stories.glob("*.md")) if stories.is_dir() else []:
        try:
            front = frontmatter.parse(page.read_text(encoding="utf-8")).data
        except (FrontMatterError, UnicodeDecodeError, OSError):
            continue
        if front.get("type") != POST or not front.get("key"):
            continue
        titles = [str(front.get("title") or "")]
        french = french_title(site, page, titles[0])
        site.old_site.know(page, str(front["key"]), titles + ([french] if french else []), front.get("date"), zone)
    return site


def french_title(site: Site, page: Path, title: str) -> str | None:
    catalog = catalog_path(site.locale, site.language, page.relative_to(site.docs).with_suffix("").as_posix())
    if not catalog.exists() or not title:
        return None
    try:
        message = polib.pofile(str(catalog)).find(title)
    except (OSError, ValueError):
        return None
    return message.msgstr if message is not None and message.msgstr else None


# --- front matter ----------------------------------------------------------------------------


@dataclass
class Plan:
    """One English post on its way to a page."""

    source: Source
    front: dict[str, Any]
    target: Path
    split: Split
    warnings: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""
    # Outside addresses the post marked "(French only)" by hand: the link map marks them instead.
    french_only: list[str] = field(default_factory=list)


def normalize(source: Source, values: dict[str, Any], site: Site) -> tuple[dict[str, Any], Split, list[tuple[str, str]]]:
    """The page's front matter (its description is added after the body), its byline, and warnings."""
    data = source.data
    warnings: list[tuple[str, str]] = []
    title = values.get("title") or source.title
    if not title:
        raise UserError(f"{source.path}:1: the front matter has no 'title'; add one, or give {SUPPLY['title']}")
    page: dict[str, Any] = {"type": POST, "key": values.get("key") or pairing_key(data, title), "title": title}
    split = _byline(source, values, site, warnings)
    page.update(split.front_matter())
    if isinstance(values.get("role"), (str, list)) and values.get("role") and split.names:
        page["role"] = values["role"]
    if values.get("date"):
        page["date"] = values["date"]
    elif source.text("date"):
        written = source.text("date")
        try:
            page["date"] = normalize_date(written, site.zone)
            if not has_offset(written):
                warnings.append(("date-zone", f"{source.where('date')}: the date {written!r} has no UTC offset: read in {site.zone_name}, written {page['date']}"))
        except ValueError:
            warnings.append(("missing", f"{source.where('date')}: the date {written!r} is not a date with its time; give it with {SUPPLY['date']}"))
    if values.get("description"):
        page["description"] = values["description"]
    elif source.text("description"):
        page["description"] = source.text("description")
    for name in ("image", "image-alt"):
        value = values.get(name) or source.text(name)
        if value:
            page[name] = value
    for name in LIST_FIELDS:
        page[name] = values.get(name, [])
    for name in ("author", "date", "image", "tags", "mentions"):
        if page.get(name) or (name == "author" and page.get("byline")) or (name == "date" and data.get("date")):
            continue
        warnings.append(("missing", f"{source.path}: no {name}; supply it with {SUPPLY[name]}"))
    if split.names and not any(split.roles) and "role" not in page:
        warnings.append(("missing", f"{source.where('author')}: no role for {', '.join(split.names)}; supply it with {SUPPLY['role']}"))
    if page.get("image") and not page.get("image-alt"):
        warnings.append(("missing", f"{source.where('image')}: the image has no alternative text; supply it with {SUPPLY['image-alt']}"))
    return page, split, warnings


def _byline(source: Source, values: dict[str, Any], site: Site, warnings: list[tuple[str, str]]) -> Split:
    known = site.people.known()
    if values.get("byline"):
        return Split(as_written=str(values["byline"]))
    if isinstance(values.get("author"), list):
        names = [known.get(normal(name), name) for name in values["author"]]
        role = values.get("role")
        roles = list(role) if isinstance(role, list) else [role or None] * len(names)
        return Split(names, roles, shared=not isinstance(role, list) and len(names) > 1 and bool(role))
    written = values.get("author") or source.text("author")
    if not written:
        return Split()
    split = split_byline(written, known)
    if split.as_written:
        where = source.where("author") if not values.get("author") else "--set author"
        warnings.append(("byline", f"{where}: the byline {written!r} is kept as written: {split.reason}"))
    return split


def first_sentence(body: str) -> str | None:
    paragraph = next((message.text for message in body_messages(body) if message.kind == "paragraph"), None)
    if paragraph is None:
        return None
    plain = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", paragraph)
    plain = re.sub(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", plain).replace("**", "").replace("\\", "")
    return re.split(r"(?<=[.!?])\s+(?=[A-Z“\"«À-Ý])", " ".join(plain.split()), maxsplit=1)[0]


# --- import -----------------------------------------------------------------------------------


def import_english(paths: list[Path], site: Site, values: dict[str, Any], report: Report, *, force: bool = False,
                   dry_run: bool = False, fetch_images: bool = False, apply_mentions: bool = False) -> None:
    progress = Progress(len(paths))
    plans: list[Plan] = []
    planned_targets: dict[Path, Path] = {}
    keys = _existing_keys(site.stories)
    for index, path in enumerate(paths, start=1):
        progress.step(index, path.name)
        try:
            plan = _plan(path, values, site, keys, planned_targets)
        except UserError as error:
            report.refused.append(str(error))
            continue
        except Exception as error:  # noqa: BLE001
            report.refused.append(unexpected(path, error))
            continue
        plans.append(plan)
        planned_targets[plan.target] = path
        keys.setdefault(plan.front["key"], plan.target)
        site.old_site.know(plan.target, plan.front["key"], [plan.front["title"]], plan.front.get("date"), site.zone)
    _bylines_with_the_batch(plans, site, values)
    pictures = Pictures(site.stories, fetch_images, dry_run)
    entries = Entries.read(site.docs, site.locale) if plans else Entries()
    new_people: dict[str, tuple[str, str | None, str]] = {}
    link_map_path = site.locale / linkmap.LINK_MAP
    link_map = linkmap.load(link_map_path) if plans else linkmap.LinkMap()
    map_changed = False
    for index, plan in enumerate(plans, start=1):
        progress.step(index, f"{plan.source.path.name} (text)")
        try:
            _convert(plan, site, pictures, entries, report, force, apply_mentions)
        except UserError as error:
            report.refused.append(str(error))
            continue
        except Exception as error:  # noqa: BLE001 - one post the converter cannot read must not stop the others
            report.refused.append(unexpected(plan.source.path, error))
            continue
        report.warnings += plan.warnings
        _write(plan.target, plan.text, report, dry_run)
        for url in plan.french_only:
            if link_map.only_in_one_language(url, "fr", plan.source.path.name):
                map_changed = True
                report.warn("link-map", f"{linkmap.LINK_MAP}: {url} is in French only (from {plan.source.path.name}); the build marks it")
        for name, role in zip(plan.split.names, plan.split.roles):
            if normal(name) not in site.people.entries:
                dated = str(plan.front.get("date") or "")
                current = new_people.get(normal(name))
                if current is None or dated >= current[2]:
                    new_people[normal(name)] = (name, role, dated)
    if map_changed and not dry_run:
        linkmap.save(link_map_path, link_map)
    for key, (name, role, _dated) in sorted(new_people.items()):
        page = _free_person_path(site, name)
        text = person_page(name, role)
        problems = validate("person", frontmatter.parse(text))
        if problems:
            report.refused.append(f"{page}: a person entry for {name!r} would not build ({problems[0]}); create it by hand")
            continue
        _write(page, text, report, dry_run)
        site.people.entries[key] = (name, page)
        report.people.append(str(page))
    progress.done()


def _bylines_with_the_batch(plans: list[Plan], site: Site, values: dict[str, Any]) -> None:
    """Read again, knowing the batch's people, the bylines that could not be split ("JANE ROE, Analyst")."""
    known = site.people.known()
    for plan in plans:
        for name in plan.split.names:
            known.setdefault(normal(name), name)
    for plan in plans:
        if not plan.split.as_written or values.get("author") or values.get("byline"):
            continue
        split = split_byline(plan.source.text("author") or "", known)
        if split.as_written:
            continue
        plan.split = split
        for key in ("byline", "author", "role"):
            plan.front.pop(key, None)
        fields = split.front_matter()
        plan.front = {**{k: v for k, v in plan.front.items() if k in ("type", "key", "title")}, **fields,
                      **{k: v for k, v in plan.front.items() if k not in ("type", "key", "title")}}
        plan.warnings = [(kind, message) for kind, message in plan.warnings if kind != "byline"]


def unexpected(path: Path, error: Exception) -> str:
    """A fault of the importer on one post, as a refusal that says what to do (never a traceback)."""
    return (f"{path}: could not be imported ({type(error).__name__}: {error}); the other posts were; "
            "import this one again alone to check, and report the file with this message if it persists")


def _existing_keys(stories: Path) -> dict[str, Path]:
    keys: dict[str, Path] = {}
    for page in sorted(stories.glob("*.md")) if stories.is_dir() else []:
        try:
            front = frontmatter.parse(page.read_text(encoding="utf-8")).data
        except (FrontMatterError, UnicodeDecodeError, OSError):
            continue
        if isinstance(front.get("key"), str):
            keys.setdefault(front["key"], page)
    return keys


def _plan(path: Path, values: dict[str, Any], site: Site, keys: dict[str, Path], planned: dict[Path, Path]) -> Plan:
    source = read_source(path)
    if source.language == "fr":
        raise UserError(f"{source.where('lang')}: is a French post (lang: fr); import it with --lang fr once its English page exists")
    front, split, warnings = normalize(source, values, site)
    target = site.stories / f"{slug(front['title'])}.md"
    if target in planned:
        raise UserError(f"{path}: would write {target} too, like {planned[target]}; import one of them, or give this one another title with --set title=...")
    owner = keys.get(front["key"])
    if owner is not None and owner != target:
        raise UserError(
            f"{source.where('translationKey')}: the pairing key {front['key']!r} is already the key of {owner}; "
            "if this is that post's French version, import it with --lang fr; otherwise give this post its own key with --set key=..."
        )
    return Plan(source, front, target, split, source.notes + warnings)


def _convert(plan: Plan, site: Site, pictures: Pictures, entries: Entries, report: Report, force: bool, apply_mentions: bool) -> None:
    source = plan.source
    context = Context(
        source.path, source.body_line, "en", site.old_site.addresses.get("en", ""),
        link=lambda url: site.old_site.link(url, plan.target),
        picture=(lambda url, alt: pictures.decide(url, plan.target)) if pictures.fetch else None,
        plain_text=source.plain_text,
    )
    converted = to_myst(source.body, context)
    plan.warnings += converted.notes
    body, plan.french_only = without_one_language_markers(converted.text, "en")
    if not body.strip():
        raise UserError(f"{source.path}: has no text once converted; check its body")
    front = plan.front
    if not front.get("description"):
        sentence = first_sentence(body)
        if sentence:
            front["description"] = sentence
            plan.warnings.append(("missing", f"{source.path}: no description: took the first sentence of the text; to choose another, {SUPPLY['description']}"))
    skip = {slug(name) for name in plan.split.names}
    found = entries.named_in(body, "en", skip=skip)
    if found:
        page = str(plan.target)
        report.mentions[page] = list(dict.fromkeys(entry_id for entry_id, _name in found))
        report.links[page] = [f"{{kb}}`{name} <{entry_id}>`" for entry_id, name in found]
        if apply_mentions:
            front["mentions"] = list(dict.fromkeys([*front.get("mentions", []), *report.mentions[page]]))
            body = link_first_mentions(body, found)
    ordered = {name: front[name] for name in FIELDS if name in front}
    problems = validate(POST, ordered)
    if problems:
        problem = problems[0]
        fix = f"supply it with {SUPPLY[problem.field]}" if problem.field in SUPPLY else "fix the source"
        field = problem.field if problem.field in source.lines else {"image-alt": "image", "role": "author"}.get(problem.field or "")
        raise UserError(f"{source.where(field)}: the page would not build: {problem}; {fix}")
    plan.text = frontmatter.dump(ordered) + "\n" + body
    if plan.target.exists() and not force:
        existing = plan.target.read_text(encoding="utf-8", errors="replace")
        if existing != plan.text:
            raise UserError(f"{plan.target}: already exists and differs from the import of {source.path}; to replace it, import again with --force")


def _free_person_path(site: Site, name: str) -> Path:
    page = site.people.page_for(name)
    number = 2
    while page.exists() and normal(_title_of(page) or "") != normal(name):
        page = site.people.folder / f"{slug(name)}-{number}.md"
        number += 1
    return page


def _title_of(page: Path) -> str | None:
    try:
        return frontmatter.parse(page.read_text(encoding="utf-8")).get("title")
    except (FrontMatterError, UnicodeDecodeError, OSError):
        return None


def _write(path: Path, text: str, report: Report, dry_run: bool) -> None:
    if path.exists() and path.read_text(encoding="utf-8", errors="replace") == text:
        report.unchanged.append(str(path))
        return
    if not dry_run:
        write_atomically(path, text)
    report.written.append(str(path))
