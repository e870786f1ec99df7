"""The maintainers' command-line tools: ``cds-kb COMMAND`` (or ``python -m cds_kb COMMAND``).

- ``language-page OUTDIR``: write OUTDIR/index.html, the bilingual language choice, and the
  site's OUTDIR/sitemap.xml, robots.txt and _headers.
- ``extract-labels POTDIR``: extract the extension's labels into POTDIR/cds_kb.pot.
- ``system-check [--build]``: make sure the system programs the tests use (``--build``: the
  build itself, Graphviz) are installed.
- ``import FILE ...``: turn CDS source posts into post pages (``--lang fr``: fill the
  French catalog of their English page instead); see ``importer``.
- ``new post "Title"``: scaffold a post page with every field.
- ``update-po POTDIR``: merge the extracted templates into the catalogs, losing nothing.
- ``wrap-po``: rewrap every catalog in the project's one style.
- ``stats [--strict]``: translation progress per catalog and in total.
- ``check-po [CATALOG...]``: compile, markup, glossary, spelling and typography checks.
- ``links HTMLDIR``: write the report of every external link of the built site (see ``links``).

Every command works on the project holding the current folder (``project``) and exits
with a one-line message and a non-zero status on bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.errors import UserError
from .project import find_project, shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cds-kb", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    page = commands.add_parser("language-page", help="write the bilingual language-choice page")
    page.add_argument("outdir", help="the folder holding en/ and fr/")
    page.set_defaults(run=_language_page)

    labels = commands.add_parser("extract-labels", help="extract the extension's labels into a .pot")
    labels.add_argument("potdir", help="the gettext output folder (_build/gettext)")
    labels.set_defaults(run=_extract_labels)

    system = commands.add_parser("system-check", help="install the system programs the tests use")
    system.add_argument("--build", action="store_true", help="only what `make html` needs (Graphviz, for the network pictures)")
    system.set_defaults(run=_system_check)

    posts = commands.add_parser("import", help="turn CDS source posts into post pages (or, with --lang fr, into the translation of their English page)")
    posts.add_argument("files", nargs="+", metavar="FILE", help="a source post (plain text, Jekyll or CMS front matter), or a folder of them")
    posts.add_argument("--out", metavar="DIR", help="the posts folder (default: docs/stories)")
    posts.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", dest="settings",
                       help="supply or replace a field, e.g. --set date=2017-11-20 --set tags=[partnerships]")
    posts.add_argument("--force", action="store_true", help="replace an existing page (or existing French translations)")
    posts.add_argument("--lang", default="en", choices=["en", "fr"], help="fr: the post is the French translation of an existing English page")
    posts.add_argument("--dry-run", action="store_true", help="show what would be written, and the summary; write nothing")
    posts.add_argument("--fetch-images", action="store_true", help="download the posts' pictures into docs/stories/images/ (otherwise: links with their alt text)")
    posts.add_argument("--apply-mentions", action="store_true", help="add the entries the text names to 'mentions' and link their first mention with {kb}")
    posts.set_defaults(run=_import)

    new = commands.add_parser("new", help="scaffold a new page")
    kinds = new.add_subparsers(dest="kind", required=True)
    post = kinds.add_parser("post", help="a post page with every field, to fill in")
    post.add_argument("title", help="the post's title, in quotes")
    post.add_argument("--out", metavar="DIR", help="the posts folder (default: docs/stories)")
    post.add_argument("--force", action="store_true", help="replace an existing page")
    post.set_defaults(run=_new_post)

    update = commands.add_parser("update-po", help="merge extracted templates into the catalogs, losing nothing")
    update.add_argument("potdir", help="the gettext output folder (_build/gettext)")
    update.set_defaults(run=_update_catalogs)

    wrap = commands.add_parser("wrap-po", help="rewrap every catalog in the project's one style")
    wrap.set_defaults(run=_wrap_catalogs)

    stats = commands.add_parser("stats", help="translation progress per catalog and in total")
    stats.add_argument("--strict", action="store_true", help="exit non-zero unless everything is translated")
    stats.set_defaults(run=_print_stats)

    check = commands.add_parser("check-po", help="check the catalogs: compile, markup, glossary, spelling, typography")
    check.add_argument("catalogs", nargs="*", help="catalogs to check (default: every one in locale/fr/LC_MESSAGES)")
    check.set_defaults(run=_check_catalogs)

    report = commands.add_parser("links", help="write the report of every external link (page, URL)")
    report.add_argument("htmldir", help="the built site (holding en/ and fr/)")
    report.add_argument("--out", default="_build/links.tsv", help="the report to write (default: %(default)s)")
    report.set_defaults(run=_links)

    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


# Each command imports its tool when it runs: `cds-kb stats` does not load Babel's extractor.


def _language_page(args: argparse.Namespace) -> None:
    from .language_page import write_language_page

    write_language_page(args.outdir)


def _extract_labels(args: argparse.Namespace) -> None:
    from .labels import extract_labels

    extract_labels(args.potdir)


def _system_check(args: argparse.Namespace) -> None:
    from .system import system_check

    system_check(build_only=args.build)


def _import(args: argparse.Namespace) -> int:
    from . import importer

    report = importer.import_and_show(args.files, args.out, args.settings, args.force, args.lang,
                                      dry_run=args.dry_run, fetch_images=args.fetch_images, apply_mentions=args.apply_mentions)
    report.print()
    return 1 if report.failed else 0


def _new_post(args: argparse.Namespace) -> None:
    from . import importer

    print(f"wrote {importer.new_post(args.title, args.out, args.force)}; fill in its fields and text")


def _update_catalogs(args: argparse.Namespace) -> None:
    from . import catalogs

    report = catalogs.update(Path(args.potdir))
    for path in report.created:
        print(f"new catalog {shown(path)}: translate every message")
    for path in report.updated:
        print(f"updated {shown(path)}")
    for path in report.orphans:
        print(f"kept {shown(path)}: no English page has it any more; delete it if the page is gone for good")
    print(
        f"{len(report.created)} created, {len(report.updated)} updated, {len(report.unchanged)} unchanged; "
        "'make stats' shows what is left to translate"
    )


def _wrap_catalogs(args: argparse.Namespace) -> None:
    from . import catalogs

    for path in catalogs.wrap():
        print(f"rewrapped {shown(path)}")


def _print_stats(args: argparse.Namespace) -> None:
    from . import catalogs

    pages, total = catalogs.stats()
    print(catalogs.format_stats(pages, total))
    if args.strict and not total.complete:
        left = [page.name for page in pages if not page.complete]
        raise UserError(
            f"{len(left)} catalog(s) not fully translated ({total.messages['untranslated']} untranslated, "
            f"{total.messages['fuzzy']} fuzzy messages): {', '.join(left)}; translate them and remove the fuzzy flags"
        )


def _check_catalogs(args: argparse.Namespace) -> None:
    from . import catalogs, pocheck

    targets = [Path(path) for path in args.catalogs] or catalogs.catalog_paths(find_project().messages)
    for path in targets:
        if not path.is_file():
            raise UserError(f"{path}: no such catalog")
    problems = pocheck.check(targets)
    for problem in problems:
        print(problem)
    if problems:
        raise UserError(f"{len(problems)} problem(s) in the catalogs (above); fix each, then run 'make check-po' again")
    print(f"{len(targets)} catalogs checked: no problem")


def _links(args: argparse.Namespace) -> None:
    from .links import write_report

    write_report(args.htmldir, args.out)
