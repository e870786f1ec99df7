"""Command-line tools of the knowledge base: ``python -m cds_kb COMMAND``.

- ``language-page OUTDIR``: write OUTDIR/index.html, the bilingual language choice.
- ``extract-labels POTDIR``: extract the extension's labels into POTDIR/cds_kb.pot.
- ``system-check``: make sure the system programs the tests use are installed.
- ``bench``: build synthetic sites of N posts and measure builds and search (see ``bench``).

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
