"""Command-line tools of the knowledge base: ``python -m cds_kb COMMAND``.

- ``language-page OUTDIR``: write OUTDIR/index.html, the bilingual language choice, and the
  site's OUTDIR/sitemap.xml and robots.txt.
- ``extract-labels POTDIR``: extract the extension's labels into POTDIR/cds_kb.pot.
- ``system-check``: make sure the system programs the tests use are installed.
- ``import FILE ...``: turn CDS source posts into post pages (``--lang fr``: fill the
  French catalog of their English page instead); see ``importer``.
- ``new post "Title"``: scaffold a post page with every field.
- ``update-po POTDIR``: merge the extracted templates into the catalogs, losing nothing.
- ``wrap-po``: rewrap every catalog in the project's one style.
- ``stats [--strict]``: translation progress per catalog and in total.
- ``check-po [CATALOG...]``: compile, markup, glossary, spelling and typography checks.
- ``links HTMLDIR``: write the report of every external link of the built site (see ``links``).
- ``bench``: build synthetic sites of N posts and measure builds and search (see ``bench``).

Every command exits with a one-line message and a non-zero status on bad input.
"""

from __future__ import annotations

import argparse
import sys

from . import catalogs, cli, importer, links


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cds_kb", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    page = commands.add_parser("language-page", help="write the bilingual language-choice page")
    page.add_argument("outdir", help="the folder holding en/ and fr/")
    page.set_defaults(run=lambda args: cli.write_language_page(args.outdir))

    labels = commands.add_parser("extract-labels", help="extract the extension's labels into a .pot")
    labels.add_argument("potdir", help="the gettext output folder (_build/gettext)")
    labels.set_defaults(run=lambda args: cli.extract_labels(args.potdir))

    system = commands.add_parser("system-check", help="install the system programs the tests use")
    system.set_defaults(run=lambda args: cli.system_check())

    posts = commands.add_parser("import", help="turn CDS source posts into post pages (or, with --lang fr, into the translation of their English page)")
    posts.add_argument("files", nargs="+", metavar="FILE", help="a source post: plain text, Jekyll or CMS front matter")
    posts.add_argument("--out", metavar="DIR", help="the posts folder (default: docs/stories)")
    posts.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", dest="settings",
                       help="supply or replace a field, e.g. --set date=2017-11-20 --set tags=[partnerships]")
    posts.add_argument("--force", action="store_true", help="replace an existing page (or existing French translations)")
    posts.add_argument("--lang", default="en", choices=["en", "fr"], help="fr: the post is the French translation of an existing English page")
    posts.set_defaults(run=_import)

    new = commands.add_parser("new", help="scaffold a new page")
    kinds = new.add_subparsers(dest="kind", required=True)
    post = kinds.add_parser("post", help="a post page with every field, to fill in")
    post.add_argument("title", help="the post's title, in quotes")
    post.add_argument("--out", metavar="DIR", help="the posts folder (default: docs/stories)")
    post.add_argument("--force", action="store_true", help="replace an existing page")
    post.set_defaults(run=lambda args: print(f"wrote {importer.new_post(args.title, args.out, args.force)}; fill in its fields and text"))
    update = commands.add_parser("update-po", help="merge extracted templates into the catalogs, losing nothing")
    update.add_argument("potdir", help="the gettext output folder (_build/gettext)")
    update.set_defaults(run=lambda args: cli.update_catalogs(args.potdir))

    wrap = commands.add_parser("wrap-po", help="rewrap every catalog in the project's one style")
    wrap.set_defaults(run=lambda args: cli.wrap_catalogs())

    stats = commands.add_parser("stats", help="translation progress per catalog and in total")
    stats.add_argument("--strict", action="store_true", help="exit non-zero unless everything is translated")
    stats.set_defaults(run=lambda args: cli.print_stats(args.strict))

    check = commands.add_parser("check-po", help="check the catalogs: compile, markup, glossary, spelling, typography")
    check.add_argument("catalogs", nargs="*", help=f"catalogs to check (default: every one in {catalogs.messages_dir().relative_to(cli.PROJECT)})")
    check.set_defaults(run=lambda args: cli.check_catalogs(args.catalogs))

    report = commands.add_parser("links", help="write the report of every external link (page, URL)")
    report.add_argument("htmldir", help="the built site (holding en/ and fr/)")
    report.add_argument("--out", default="_build/links.tsv", help="the report to write (default: %(default)s)")
    report.set_defaults(run=lambda args: links.write_report(args.htmldir, args.out))

    bench = commands.add_parser("bench", help="measure builds and search on synthetic sites of N posts")
    bench.add_argument("--sizes", default="100,300,1000", help="numbers of posts, comma-separated (default: 100,300,1000)")
    bench.add_argument("--out", default="_build/bench", help="where results.json goes (default: _build/bench)")
    bench.add_argument("--no-search", dest="search", action="store_false", help="skip the browser measurements")
    bench.add_argument("--profile", action="store_true", help="also profile a cold English build (cProfile) of each size")
    bench.add_argument("--keep", action="store_true", help="keep the generated sites (their folder is printed)")
    bench.set_defaults(run=_bench)

    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except cli.UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _import(args: argparse.Namespace) -> None:
    report = importer.import_posts(args.files, args.out, args.settings, args.force, args.lang)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for path in report.written:
        print(f"wrote {path}")
    for path in report.unchanged:
        print(f"unchanged {path}")
    if report.counts:
        print(", ".join(f"{count} {what}" for what, count in report.counts.items()))

def _bench(args: argparse.Namespace) -> None:
    from pathlib import Path

    from . import bench

    try:
        sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        raise cli.UserError(f"--sizes {args.sizes!r}: give numbers of posts, such as 100,300,1000") from None
    bench.run(sizes, Path(args.out), search=args.search, profile=args.profile, keep=args.keep)


if __name__ == "__main__":
    sys.exit(main())
