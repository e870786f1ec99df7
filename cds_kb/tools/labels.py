"""``cds-kb extract-labels POTDIR``: the labels the site adds to the pages, as templates.

Sphinx's gettext builder extracts the pages' text. The rest is extracted here with Babel:
the extension's own labels ("Mentioned in", "By {author}"), ``_()`` calls in
``cds_kb/sphinxext``, into ``cds_kb.pot``; the labels of the theme's templates (the page
template, the icons' titles), ``_()`` calls in ``cds_kb/sphinxext/theme``, into
``sphinx.pot`` (the domain Sphinx translates templates with). Sphinx's gettext builder
would extract templates only from ``templates_path``, which the project does not use.
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
THEME = EXTENSION / "theme"
# The catalog domain Sphinx translates templates with.
TEMPLATE_CATALOG = "sphinx"
_JINJA = {"extensions": "jinja2.ext.do,jinja2.ext.loopcontrols", "trimmed": "true"}


def _extract(folder: Path, name: str, method_map: list[tuple[str, str]], options_map: dict, potdir: str) -> None:
    catalog = Catalog(project=name, charset="utf-8", fuzzy=False)
    prefix = folder.relative_to(EXTENSION.parent.parent).as_posix()
    for filename, line, message, comments, context in extract_from_dir(
        str(folder), method_map=method_map, options_map=options_map, keywords={"_": None}
    ):
        catalog.add(message, None, [(f"{prefix}/{filename}", line)], auto_comments=comments, context=context)
    template = io.BytesIO()
    write_po(template, catalog, width=WIDTH, omit_header=False, sort_by_file=True)
    write_atomically(Path(potdir) / f"{name}.pot", template.getvalue())


def extract_labels(potdir: str) -> None:
    _extract(EXTENSION, LABEL_CATALOG, [("theme/**", "ignore"), ("**.py", "python")], {}, potdir)
    _extract(THEME, TEMPLATE_CATALOG, [("**.html", "jinja2.ext:babel_extract")], {"**.html": _JINJA}, potdir)
