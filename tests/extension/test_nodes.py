"""The doctrees the extension makes, compared with snapshots (as sphinx-design's snippet tests do).

For a post and an entry of the test project: the doctree as read (placeholders, generic
nodes, pending references) and as resolved for the HTML builder and for the text builder
(placeholders filled, references resolved). A change to what the extension puts in a page
shows here as a diff. To accept a deliberate change: ``KB_UPDATE_SNAPSHOTS=1 pytest
tests/extension/test_nodes.py``, then review the diff of ``tests/extension/snapshots/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).parent / "snapshots"
DOCNAMES = ("stories/first", "services/notify", "index")


def normalized(text: str, srcdir: Path) -> str:
    return text.replace(str(srcdir), "SRCDIR").rstrip() + "\n"


def compare(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("KB_UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}: run KB_UPDATE_SNAPSHOTS=1 pytest {Path(__file__).name} and review it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its snapshot (see the module docstring)"


@pytest.mark.parametrize("builder", ["html", "text"])
def test_doctrees_match_their_snapshots(make_app, kb_project, builder):
    app = make_app(builder, srcdir=kb_project)
    app.build()
    assert not app.warning.getvalue()
    for docname in DOCNAMES:
        slug = docname.replace("/", "-")
        if builder == "html":
            compare(f"{slug}.read.xml", normalized(app.env.get_doctree(docname).pformat(), kb_project))
        resolved = app.env.get_and_resolve_doctree(docname, app.builder)
        compare(f"{slug}.{builder}.xml", normalized(resolved.pformat(), kb_project))
