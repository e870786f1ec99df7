"""Command-line tools of the knowledge base: ``python -m cds_kb COMMAND``.

- ``language-page OUTDIR``: write OUTDIR/index.html, the bilingual language choice.
- ``extract-labels POTDIR``: extract the extension's labels into POTDIR/cds_kb.pot.
- ``system-check``: make sure the system programs the tests use are installed.
- ``links HTMLDIR``: write the report of every external link of the built site (see ``links``).

Every command exits with a one-line message and a non-zero status on bad input.
"""

from __future__ import annotations

import argparse
import sys

from . import cli


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

    links = commands.add_parser("links", help="write the report of every external link (page, URL)")
    links.add_argument("htmldir", help="the built site (holding en/ and fr/)")
    links.add_argument("--out", default="_build/links.tsv", help="the report to write (default: %(default)s)")
    links.set_defaults(run=lambda args: __import__("cds_kb.links").links.write_report(args.htmldir, args.out))

    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except cli.UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
