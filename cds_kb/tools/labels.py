"""``cds-kb extract-labels POTDIR``: the labels the extension shows a reader, as ``cds_kb.pot``.

Sphinx's gettext builder extracts the pages' text; the extension's own labels ("Mentioned
in", "By {author}") are ``_()`` calls in ``cds_kb/sphinxext``, extracted here with Babel.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from ..core.files import write_atomically
from ..core.languages import LABEL_CATALOG
from ..core.po import WIDTH

EXTENSION = Path(__file__).resolve().parent.parent / "sphinxext"


def extract_labels(potdir: str) -> None:
    catalog = Catalog(project=LABEL_CATALOG, charset="utf-8", fuzzy=False)
    for filename, line, message, comments, context in extract_from_dir(
        str(EXTENSION), method_map=[("**.py", "python")], keywords={"_": None}
    ):
        catalog.add(message, None, [(f"cds_kb/sphinxext/{filename}", line)], auto_comments=comments, context=context)
    template = io.BytesIO()
    write_po(template, catalog, width=WIDTH, omit_header=False, sort_by_file=True)
    write_atomically(Path(potdir) / f"{LABEL_CATALOG}.pot", template.getvalue())
