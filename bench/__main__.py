"""``python -m bench [--sizes 100,300,1000] [--out _build/bench] [--repeats 3]``: see ``bench.run``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cds_kb.core.errors import UserError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="measure builds and search on synthetic sites of N posts")
    parser.add_argument("--sizes", default="100,300,1000", help="numbers of posts, comma-separated (default: 100,300,1000)")
    parser.add_argument("--out", default="_build/bench", help="where results.json goes (default: _build/bench)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of interleaved cold builds and no-op and edit rebuilds; figures are medians (default: 3)")
    parser.add_argument("--no-search", dest="search", action="store_false", help="skip the browser measurements")
    parser.add_argument("--profile", action="store_true", help="also profile a cold English build (cProfile) of each size")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites (their folder is printed)")
    parser.add_argument("--archive-only", action="store_true", help="only import and build the CDS archive sample (bench.archive)")
    parser.add_argument("--no-archive", dest="archive", action="store_false", help="skip the CDS archive sample")
    args = parser.parse_args(argv)
    from . import run

    try:
        try:
            sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
        except ValueError:
            raise UserError(f"--sizes {args.sizes!r}: give numbers of posts, such as 100,300,1000") from None
        if not args.archive_only:
            run.run(sizes, Path(args.out), search=args.search, profile=args.profile, keep=args.keep, repeats=args.repeats)
        # The CDS archive sample, imported and built (bench.archive): real posts, apart from the synthetic sizes.
        if args.archive or args.archive_only:
            from . import archive

            archive.report(Path(args.out), search=args.search)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
