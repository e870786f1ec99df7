"""What an import did, file by file, and the summary it ends with.

Every file is written, unchanged, or refused (with the file, the line, the reason and the
fix); warnings are counted by kind, so that a bulk import of the archive ends with a
summary a maintainer can act on. The command exits non-zero when anything was refused.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

# What each kind of warning means, for the summary.
KINDS = {
    "missing": "fields the source does not give",
    "fields": "source fields not carried over",
    "date-zone": "dates without a UTC offset, read in the site's time zone",
    "byline": "bylines kept as written (not split into people)",
    "image": "pictures shown as links with their alt text",
    "image-alt": "pictures without alternative text",
    "html": "HTML that MyST cannot express",
    "layout-table": "layout tables turned into their cells' content",
    "table": "table cells simplified",
    "link": "links MyST would not render, kept as text",
    "link-repaired": "links written with a space before the address, made links",
    "characters": "invisible characters removed",
    "markup": "markup of the old sites kept as text",
    "fuzzy": "French messages marked fuzzy",
    "alignment": "French posts not placed completely",
    "link-map": "rows recorded in locale/links.csv (French addresses, one-language content)",
}


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one message each: file, line, reason, fix
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (kind, message)
    people: list[str] = field(default_factory=list)  # person entries created
    mentions: dict[str, list[str]] = field(default_factory=dict)  # page -> entry ids it names
    links: dict[str, list[str]] = field(default_factory=dict)  # page -> "{kb}`Name <id>`" suggestions
    left: dict[str, list[str]] = field(default_factory=dict)  # catalog -> what a translator must still do
    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    time_zone: str = ""

    def warn(self, kind: str, message: str) -> None:
        self.warnings.append((kind, message))

    @property
    def failed(self) -> bool:
        return bool(self.refused)

    def summary(self) -> str:
        verb = "would write" if self.dry_run else "written"
        lines = [f"Summary{' (dry run: nothing written)' if self.dry_run else ''}: "
                 f"{len(self.written)} {verb}, {len(self.unchanged)} unchanged, {len(self.refused)} refused"]
        if self.counts:
            lines.append("  French messages: " + ", ".join(f"{count} {what}" for what, count in self.counts.items()))
        kinds = Counter(kind for kind, _message in self.warnings)
        for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0])):
            what = KINDS.get(kind, kind)
            if kind == "date-zone" and self.time_zone:
                what = f"dates without a UTC offset, read in {self.time_zone}"
            lines.append(f"  warnings: {count} {what}")
        if self.people:
            lines.append(f"  new person entries ({len(self.people)}): {', '.join(self.people)}")
        for page, ids in sorted(self.mentions.items()):
            lines.append(f"  suggested mentions for {page}: [{', '.join(ids)}]")
            if self.links.get(page):
                lines.append(f"    and links: {'; '.join(self.links[page])}")
        for catalog, left in sorted(self.left.items()):
            lines.append(f"  left for a translator in {catalog}: {len(left)}")
            lines += [f"    - {item}" for item in left]
        for message in self.refused:
            lines.append(f"  refused: {message}")
        return "\n".join(lines)

    def print(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        out, err = out or sys.stdout, err or sys.stderr
        for _kind, message in self.warnings:
            print(f"warning: {message}", file=err)
        for message in self.refused:
            print(f"error: {message}", file=err)
        verb = "would write" if self.dry_run else "wrote"
        for path in self.written:
            print(f"{verb} {path}", file=out)
        for path in self.unchanged:
            print(f"unchanged {path}", file=out)
        print(self.summary(), file=out)


def shown_paths(report: Report, shown) -> Report:
    """The report with its own paths (pages, catalogs, people) as ``shown`` writes them."""
    report.written = [shown(path) for path in report.written]
    report.unchanged = [shown(path) for path in report.unchanged]
    report.people = [shown(path) for path in report.people]
    report.mentions = {shown(page): ids for page, ids in report.mentions.items()}
    report.links = {shown(page): links for page, links in report.links.items()}
    report.left = {shown(catalog): left for catalog, left in report.left.items()}
    return report


class Progress:
    """``[12/163] name.md`` on one line of a terminal; nothing when the output is a file."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total, self.stream = total, stream or sys.stderr
        self.shown = total > 1 and self.stream.isatty()

    def step(self, index: int, name: str) -> None:
        if self.shown:
            self.stream.write(f"\r\033[K[{index}/{self.total}] {name}")
            self.stream.flush()

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
