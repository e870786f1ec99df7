"""A synthetic bilingual knowledge base of N posts, for the benchmark (``python -m bench``).

``generate`` copies the real project's pages (entries and section pages, not the three
posts) and French catalogs into a folder, adds N synthetic posts (600-900 words, each
referencing a few entries with ``{kb}`` roles and ``mentions``, with an ``author`` that is
a ``person`` entry's title, ``tags`` that are ``topic`` entry ids when this build of cds_kb
has the topic type, and dates spread over ten years), synthetic people and topics, and a
complete French catalog for every new page. It also writes the same content as a plain
Sphinx project (no cds_kb: entry references as plain links, listings as static lists,
front matter reduced to the title; furo's per-page navigation tree and the environment
in translated doctrees worked around as cds_kb does; snowballstemmer's pure-Python
stemmers, as when the targets were set) as the baseline. The text is made up and says so: it
is never published.

Each site gets a ``conf.py`` that is the project's own plus a probe extension that logs
every page Sphinx reads and writes (``CDS_KB_BENCH_LOG``), so the bench counts them from
Sphinx's events, under ``-j`` too.
"""

from __future__ import annotations

import functools
import io
import os
import random
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from cds_kb.core import frontmatter
from cds_kb.core.languages import catalog_path, docname_of_catalog, messages_dir
from cds_kb.core.text import slug

PROJECT = Path(__file__).resolve().parent.parent
PROBE_MODULE = "_bench_probe"
PROBE = '''"""Bench probe: one line per page Sphinx reads or writes, appended to $CDS_KB_BENCH_LOG."""
import os


def _log(line):
    path = os.environ.get("CDS_KB_BENCH_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line + "\\n")


def _read(app, docname, source):
    _log("read " + docname)


def _written(app, pagename, templatename, context, doctree):
    if pagename in app.env.found_docs:
        _log("write " + pagename)


def setup(app):
    app.connect("source-read", _read)
    app.connect("html-page-context", _written)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''

BASELINE_MODULE = "_bench_baseline"
# Furo computes a navigation tree of the whole site for every page, and translated
# doctrees carry the build environment (both O(pages²) for a build): the baseline works
# around both as cds_kb does, so the comparison measures the extension, not them.
BASELINE = '''"""Bench baseline: the two upstream slow paths cds_kb works around, worked around the same way."""


def _hide(app, pagename, templatename, context, doctree):
    if "toctree" in context:
        context["_bench_toctree"] = context.pop("toctree")


def _restore(app, pagename, templatename, context, doctree):
    if "_bench_toctree" in context:
        context["toctree"] = context.pop("_bench_toctree")


def _forget_message_documents(app, doctree):
    # Translated nodes keep the message document MyST parsed them in, and its settings
    # keep the environment: pickled French doctrees grow with the site (O(pages²)).
    for node in doctree.findall():
        if node._document is not None and node._document is not doctree:
            node.document = doctree


def setup(app):
    app.connect("html-page-context", _hide, priority=450)
    app.connect("html-page-context", _restore, priority=550)
    app.connect("doctree-read", _forget_message_documents, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''

# The baseline is plain Sphinx as when issue 17's targets were set: snowballstemmer's
# pure-Python stemmers for Sphinx's search index. cds_kb installs PyStemmer for its own
# index, and snowballstemmer would use it too; a module of that name in the baseline's
# folder (first on sys.path under `python -m sphinx`) hides it, so the comparison does not
# credit the baseline with the extension's dependency. docs/maintaining/performance.md
# gives what PyStemmer saves plain Sphinx.
NO_PYSTEMMER_MODULE = "Stemmer"
NO_PYSTEMMER = '''"""Bench baseline: PyStemmer hidden, so that snowballstemmer uses its pure-Python stemmers."""
raise ImportError("the bench baseline runs plain Sphinx without PyStemmer")
'''

# (English, French) pairs. A sentence with {e} names an entry: the slot holds a {kb} role
# (or, on the plain site, a link), the same in both languages.
SENTENCES = [
    ("Our team spent the first weeks listening to the people who deliver the service every day.",
     "Notre équipe a passé les premières semaines à écouter les personnes qui offrent le service chaque jour."),
    ("We mapped each step of the process, from the first form to the final decision.",
     "Nous avons décrit chaque étape du processus, du premier formulaire à la décision finale."),
    ("Small releases let us learn from real users instead of guessing what they needed.",
     "De petites mises en production nous ont permis d’apprendre des vrais utilisateurs au lieu de deviner leurs besoins."),
    ("The partnership worked because both teams shared the same goals from the start.",
     "Le partenariat a fonctionné parce que les deux équipes partageaient les mêmes objectifs dès le départ."),
    ("Plain language made the notices shorter, and people called the help line less often.",
     "Un langage clair a raccourci les avis, et les gens ont appelé moins souvent la ligne d’aide."),
    ("We tested every page with a screen reader and a keyboard before each release.",
     "Nous avons testé chaque page avec un lecteur d’écran et un clavier avant chaque mise en production."),
    ("Procurement rules were not the obstacle we expected; unclear ownership was.",
     "Les règles d’approvisionnement n’étaient pas l’obstacle prévu; c’était plutôt le flou sur les responsabilités."),
    ("The data showed that most people started on a phone and finished on a computer.",
     "Les données ont montré que la plupart des gens commençaient sur un téléphone et terminaient sur un ordinateur."),
    ("Working in the open meant publishing our code, our research notes and our mistakes.",
     "Travailler ouvertement voulait dire publier notre code, nos notes de recherche et nos erreurs."),
    ("Security reviews happened early, so they never blocked a launch.",
     "Les examens de sécurité ont eu lieu tôt, si bien qu’ils n’ont jamais bloqué un lancement."),
    ("Each sprint ended with a demonstration open to anyone in the department.",
     "Chaque sprint se terminait par une démonstration ouverte à tout le ministère."),
    ("We kept a shared backlog, so priorities were visible to every partner.",
     "Nous tenions un carnet de produit commun, de sorte que les priorités étaient visibles pour chaque partenaire."),
    ("Not every experiment worked, and we wrote down why.",
     "Toutes les expériences n’ont pas réussi, et nous avons noté pourquoi."),
    ("The service now sends notifications by email and text message in both official languages.",
     "Le service envoie maintenant des notifications par courriel et par message texte dans les deux langues officielles."),
    ("Training the team that runs the service mattered as much as building it.",
     "Former l’équipe qui gère le service a compté autant que le construire."),
    ("We measured success by what changed for people, not by what we shipped.",
     "Nous avons mesuré le succès par ce qui a changé pour les gens, et non par ce que nous avons livré."),
]
REFERENCE_SENTENCES = [
    ("We worked closely with {e} to understand what people needed.",
     "Nous avons travaillé de près avec {e} pour comprendre les besoins des gens."),
    ("The lessons from {e} shaped how we planned the next phase.",
     "Les leçons tirées de {e} ont orienté la planification de la phase suivante."),
    ("Teams that want to try this can start with {e}.",
     "Les équipes qui veulent essayer peuvent commencer par {e}."),
    ("Our partners at {e} shared their research with us.",
     "Nos partenaires de {e} nous ont transmis leurs recherches."),
]
HEADINGS = [
    ("Where we started", "Notre point de départ"),
    ("What we learned", "Ce que nous avons appris"),
    ("Working in the open", "Travailler ouvertement"),
    ("What the numbers say", "Ce que disent les chiffres"),
    ("What comes next", "La suite"),
    ("How we worked together", "Comment nous avons collaboré"),
]
SUBJECTS = [
    ("Better notices for benefits", "De meilleurs avis sur les prestations"),
    ("Redesigning an application form", "Refondre un formulaire de demande"),
    ("Moving a service to the cloud", "Migrer un service vers le nuage"),
    ("Testing with people who use assistive technology", "Tester avec des personnes qui utilisent des technologies d’assistance"),
    ("Buying software in smaller pieces", "Acheter des logiciels par petits morceaux"),
    ("Sending notifications people can trust", "Envoyer des notifications dignes de confiance"),
    ("A shared platform for challenges", "Une plateforme commune pour les défis"),
    ("Open data about home energy", "Des données ouvertes sur l’énergie domestique"),
]
TOPICS = [
    ("bench-accessibility", "Accessibility", "Accessibilité"),
    ("bench-procurement", "Procurement", "Approvisionnement"),
    ("bench-cloud", "Cloud", "Infonuagique"),
    ("bench-plain-language", "Plain language", "Langage clair"),
    ("bench-notifications", "Notifications", "Notifications"),
    ("bench-open-data", "Open data", "Données ouvertes"),
]
AUTHOR_COUNT = 12
AUTHOR_ROLE = ("Synthetic author for the benchmark", "Auteur fictif pour l’analyse comparative")
SYLLABLES = ["ka", "lo", "ven", "ri", "sa", "tor", "mi", "del", "an", "qua", "bel", "nor", "pi", "zen", "ul", "tra"]
WORD = re.compile(r"[A-Za-zÀ-ÿ]{3,}")
KB_ROLE = re.compile(r"\{kb\}`(?:([^`<]*?)\s*<([^`>]+)>|([^`]+))`")
KB_DIRECTIVE = re.compile(r"```\{(kb-[a-z-]+)\}([^\n]*)\n((?::[^\n]*\n)*)```\n?")


@dataclass
class Page:
    """What the plain baseline needs to know about a page of the site."""

    docname: str
    kind: str | None = None  # post or an entry type
    title: str = ""
    date: str = ""
    summary: str = ""


@dataclass
class Site:
    """A generated site: where it is and what it holds."""

    root: Path
    plain: Path
    posts: list[str] = field(default_factory=list)  # docnames of the synthetic posts
    entries: dict[str, str] = field(default_factory=dict)  # entry id -> docname
    tags: bool = False  # whether posts carry tags (this cds_kb has the topic type)


def topic_type_registered() -> bool:
    from cds_kb.core.schema import ENTRY_TYPES

    return "topic" in ENTRY_TYPES


def _po(messages: dict[str, str]) -> str:
    catalog = Catalog(locale="fr", project="bench", charset="utf-8", fuzzy=False)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=79, omit_header=False)
    return buffer.getvalue().decode("utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _page(root: Path, docname: str, meta: dict, body: list[str], messages: dict[str, str]) -> None:
    _write(root / "docs" / f"{docname}.md", frontmatter.dump(meta) + "\n" + "\n\n".join(body) + "\n")
    _write(catalog_path(root / "locale", "fr", docname), _po(messages))


def _copy_project(root: Path) -> tuple[dict[str, Page], dict[str, str]]:
    """Copy the real pages (not the posts) and catalogs; return the pages and entry ids."""
    pages: dict[str, Page] = {}
    entries: dict[str, str] = {}
    docs = PROJECT / "docs"
    for source in sorted(docs.rglob("*.md")):
        docname = source.relative_to(docs).with_suffix("").as_posix()
        meta = frontmatter.parse(source.read_text(encoding="utf-8"))
        if meta.get("type") == "post":
            continue
        target = root / "docs" / source.relative_to(docs)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        po = catalog_path(PROJECT / "locale", "fr", docname)
        if po.exists():
            _write(catalog_path(root / "locale", "fr", docname), po.read_text(encoding="utf-8"))
        pages[docname] = Page(docname, meta.get("type"), meta.get("title", ""), summary=meta.get("summary", ""))
        if meta.get("id"):
            entries[meta["id"]] = docname
    for name in ("cds_kb.po", "sphinx.po"):
        shutil.copyfile(messages_dir(PROJECT / "locale", "fr") / name, messages_dir(root / "locale", "fr") / name)
    # The glossary, and the link map the catalogs' French addresses come from.
    for name in ("glossary.csv", "links.csv"):
        shutil.copyfile(PROJECT / "locale" / name, root / "locale" / name)
    conf = (PROJECT / "conf.py").read_text(encoding="utf-8")
    _write(root / "conf.py", conf + f"\n# Bench: count the pages read and written.\nextensions = [*extensions, {PROBE_MODULE!r}]\n")
    _write(root / f"{PROBE_MODULE}.py", PROBE)
    return pages, entries


@functools.cache
def _vocabulary() -> tuple[list[str], list[str], list[float]]:
    """The words of the real pages (English) and catalogs (French), most frequent first."""
    english = Counter(WORD.findall(" ".join(path.read_text(encoding="utf-8") for path in (PROJECT / "docs").rglob("*.md"))))
    french: Counter[str] = Counter()
    for path in messages_dir(PROJECT / "locale", "fr").rglob("*.po"):
        with path.open("rb") as handle:
            french.update(word for message in read_po(handle) if message.id for word in WORD.findall(str(message.string)))
    size = min(len(english), len(french))
    return [w for w, _ in english.most_common(size)], [w for w, _ in french.most_common(size)], [1 / rank for rank in range(1, size + 1)]


def _pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def _word_sentence(rng: random.Random, names: list[str]) -> tuple[str, str]:
    """A sentence of words drawn as often as the real pages use them, so the search index has a realistic vocabulary."""
    english, french, weights = _vocabulary()
    count = rng.randint(12, 20)
    picks = rng.choices(range(len(weights)), weights=weights, k=count)
    name = rng.choice(names)
    en = " ".join(english[i].lower() for i in picks)
    fr = " ".join(french[i].lower() for i in picks)
    return f"{name}: {en}.", f"{name} : {fr}."


def _paragraph(rng: random.Random, references: list[str], names: list[str]) -> tuple[str, str]:
    chosen = rng.sample(SENTENCES, 5)
    chosen.append(_word_sentence(rng, names))
    for target in references:
        english, french = rng.choice(REFERENCE_SENTENCES)
        role = f"{{kb}}`{target}`"
        chosen.insert(rng.randrange(len(chosen) + 1), (english.format(e=role), french.format(e=role)))
    return " ".join(e for e, _ in chosen), " ".join(f for _, f in chosen)


def _post(root: Path, number: int, rng: random.Random, entry_ids: list[str], authors: list[str], topics: list[str]) -> tuple[str, Page]:
    docname = f"stories/bench-{number:04d}"
    subject_en, subject_fr = rng.choice(SUBJECTS)
    title = f"{subject_en}, story {number}"
    year = 2015 + number % 11
    date = f"{year}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}T09:00:00-04:00"
    referenced = rng.sample(entry_ids, rng.randint(3, 5))
    meta = {
        "type": "post",
        "key": f"bench-{number:04d}",
        "title": title,
        "author": rng.choice(authors),
        "role": AUTHOR_ROLE[0],
        "date": date,
        "description": f"A synthetic story for the benchmark: {subject_en.lower()}.",
        "mentions": rng.sample(entry_ids, 2),
    }
    if topics:
        meta["tags"] = rng.sample(topics, 2)
    messages = {
        title: f"{subject_fr}, récit {number}",
        AUTHOR_ROLE[0]: AUTHOR_ROLE[1],
        meta["description"]: f"Un récit fictif pour l’analyse comparative : {subject_fr[0].lower()}{subject_fr[1:]}.",
    }
    # Names only this story uses (projects, places): the vocabulary grows with the site, as a real blog's does.
    names = [_pseudo_word(rng) for _ in range(2)]
    body: list[str] = []
    paragraphs = rng.randint(7, 9)
    headings = iter(rng.sample(HEADINGS, 3))
    for index in range(paragraphs):
        if index and index % 3 == 0:
            english, french = next(headings)
            body.append(f"## {english}")
            messages[english] = french
        english, french = _paragraph(rng, referenced[index : index + 1], names)
        body.append(english)
        messages[english] = french
    _page(root, docname, meta, body, messages)
    return docname, Page(docname, "post", title, date)


def _entry(root: Path, docname: str, kind: str, entry_id: str, title: tuple[str, str], summary: tuple[str, str], extra: dict, body: tuple[str, str]) -> Page:
    meta = {"type": kind, "id": entry_id, "title": title[0], "summary": summary[0], **extra}
    messages = {title[0]: title[1], summary[0]: summary[1], body[0]: body[1]}
    if "role" in extra:
        messages[extra["role"]] = AUTHOR_ROLE[1]
    _page(root, docname, meta, [body[0]], messages)
    return Page(docname, kind, title[0], summary=summary[0])


def generate(folder: Path, posts: int, seed: int = 2026) -> Site:
    """Write the bench site (folder/kb) and its plain baseline (folder/plain)."""
    root, plain = folder / "kb", folder / "plain"
    for path in (root, plain):
        if path.exists():
            shutil.rmtree(path)
    pages, entries = _copy_project(root)
    site = Site(root, plain, tags=topic_type_registered())
    authors = []
    for number in range(1, AUTHOR_COUNT + 1):
        name = f"Bench Author {number:02d}"
        docname = f"people/{slug(name)}"
        pages[docname] = _entry(
            root, docname, "person", slug(name), (name, name),
            ("A synthetic person who writes the benchmark’s stories.", "Une personne fictive qui écrit les récits de l’analyse comparative."),
            {"role": AUTHOR_ROLE[0]},
            ("This page exists only in the benchmark site.", "Cette page n’existe que dans le site de l’analyse comparative."),
        )
        entries[slug(name)] = docname
        authors.append(name)
    topics: list[str] = []
    if site.tags:
        topics = [entry_id for entry_id, docname in entries.items() if pages[docname].kind == "topic"]
        if not (root / "docs" / "topics" / "index.md").exists():
            _write(root / "docs" / "topics" / "index.md", "---\ntitle: Topics\norphan: true\n---\n\n```{kb-folder-toctree}\n```\n")
            _write(catalog_path(root / "locale", "fr", "topics/index"), _po({"Topics": "Sujets"}))
        for entry_id, english, french in TOPICS:
            docname = f"topics/{entry_id}"
            pages[docname] = _entry(
                root, docname, "topic", entry_id, (english, french),
                (f"Synthetic topic: {english.lower()}.", f"Sujet fictif : {french.lower()}."), {},
                ("This page exists only in the benchmark site.", "Cette page n’existe que dans le site de l’analyse comparative."),
            )
            entries[entry_id] = docname
            topics.append(entry_id)
    real_entry_ids = sorted(entry_id for entry_id, docname in entries.items() if not docname.startswith(("people/bench-", "topics/")))
    for number in range(1, posts + 1):
        rng = random.Random(f"{seed}-{number}")
        docname, page = _post(root, number, rng, real_entry_ids, authors, topics)
        pages[docname] = page
        site.posts.append(docname)
    site.entries = entries
    _write_plain(site, pages)
    return site


# --- the plain baseline ---------------------------------------------------------------------


def _relative(fromdoc: str, todoc: str) -> str:
    return os.path.relpath(todoc + ".md", os.path.dirname(fromdoc) or ".").replace(os.sep, "/")


def _plain_text(text: str, docname: str, site: Site, pages: dict[str, Page]) -> str:
    """``{kb}`` roles as plain Markdown links."""

    def link(match: re.Match) -> str:
        text, target = (match.group(1), match.group(2)) if match.group(2) else (None, match.group(3))
        target_doc = site.entries.get(target.strip())
        if target_doc is None:
            return text or target
        return f"[{text or pages[target_doc].title}]({_relative(docname, target_doc)})"

    return KB_ROLE.sub(link, text)


def _reading_order(items: list[Page]) -> list[Page]:
    by_title = sorted(items, key=lambda page: page.title.casefold())
    return sorted(by_title, key=lambda page: page.date, reverse=True)


def _plain_directive(match: re.Match, docname: str, pages: dict[str, Page]) -> str:
    name, argument, options = match.group(1), match.group(2).strip(), match.group(3)
    if name == "kb-listing":
        listed = _reading_order([page for page in pages.values() if page.kind == argument])
        limit = re.search(r":limit:\s*(\d+)", options)
        if limit:
            listed = listed[: int(limit.group(1))]
        lines = [f"- [{page.title}]({_relative(docname, page.docname)}){' — ' + (page.date[:10] or page.summary) if page.date or page.summary else ''}" for page in listed]
        return "\n".join(lines) + "\n"
    if name == "kb-folder-toctree":
        folder = docname.rpartition("/")[0]
        others = sorted(d for d in pages if d.rpartition("/")[0] == folder and d != docname)
        if not others:
            return ""
        hidden = "" if ":visible:" in options else ":hidden:\n"
        entries = "\n".join(_relative(docname, d)[: -len(".md")] for d in others)
        return f"```{{toctree}}\n{hidden}\n{entries}\n```\n"
    return ""  # the search box: no plain equivalent


def _write_plain(site: Site, pages: dict[str, Page]) -> None:
    root, plain = site.root, site.plain
    for source in sorted((root / "docs").rglob("*.md")):
        docname = source.relative_to(root / "docs").with_suffix("").as_posix()
        text = source.read_text(encoding="utf-8")
        meta = frontmatter.parse(text)
        _block, body_line = frontmatter.split(text)
        body = "\n".join(text.splitlines()[body_line - 1 :])
        body = KB_DIRECTIVE.sub(lambda match: _plain_directive(match, docname, pages), body)
        kept = {key: meta.get(key) for key in ("title", "orphan") if meta.get(key)}
        _write(plain / "docs" / f"{docname}.md", frontmatter.dump(kept) + _plain_text(body, docname, site, pages) + "\n")
    for source in sorted((root / "locale").rglob("*.po")):
        relative = source.relative_to(root / "locale")
        docname = docname_of_catalog(Path("."), "fr", relative)
        with source.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if message.id:
                message.id = _plain_text(message.id, docname, site, pages)
                message.string = _plain_text(message.string, docname, site, pages)
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=79)
        _write(plain / "locale" / relative, buffer.getvalue().decode("utf-8"))
    conf = (PROJECT / "conf.py").read_text(encoding="utf-8")
    _write(plain / "conf.py", conf + f"\n# Bench baseline: plain Sphinx, no cds_kb.\nextensions = ['myst_parser', 'sphinx_design', {PROBE_MODULE!r}, {BASELINE_MODULE!r}]\nhtml_theme = 'furo'\n")
    _write(plain / f"{PROBE_MODULE}.py", PROBE)
    _write(plain / f"{BASELINE_MODULE}.py", BASELINE)
    _write(plain / f"{NO_PYSTEMMER_MODULE}.py", NO_PYSTEMMER)
