"""The HTML builder: Sphinx's, writing a file only when its content changes, and no file no page loads.

Sphinx's HTML builder writes some files at every build, even when nothing changed: the
highlighting style sheet, the static files it renders from templates
(``documentation_options.js``, ...), the object inventory (``objects.inv``) and
``.buildinfo``. Each then looks new to a deploy that compares modification times, which
uploads it again. This builder (registered as ``html``, ``app.add_builder``) writes each of
them only when its bytes change, as the extension writes its own files
(``core.files.update_file``).

It also leaves out the static files of the themes it inherits that no page of this site
loads (``DEAD_STATIC_FILES``): Sphinx's search script and its data (the site has its own
search, see ``search``), the ``basic`` theme's style sheet and its icon, which furo's
style sheets replace, and development files of furo and sphinx-basic-ng. A test checks
that every other static file is loaded by a page, a style sheet or a script.

Furo writes its own ``pygments.css`` at the end of every build (its ``build-finished``
handler): when the bytes are those the file had before the build, the file gets back its
modification time (``keep_unchanged_style_sheet_time``), so that it looks unchanged too.

Pages made from no source (the year archives and the search page of the extension,
Sphinx's index, the 404 page of sphinx-notfound-page) are written when the build adds,
changes, removes or writes a page, or when their file is missing (``pages.pages_changed``);
the pages of the sources are written as Sphinx decides.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.html._build_info import BuildInfo
from sphinx.util import logging
from sphinx.util.inventory import InventoryFile
from sphinx.util.matching import DOTFILES, Matcher
from sphinx.util.osutil import copyfile

from ..core.files import update_file
from .pages import builder_changes_pages

logger = logging.getLogger(__name__)

# Static files of the inherited themes (basic, sphinx-basic-ng, furo) that no page of this site loads.
DEAD_STATIC_FILES = frozenset({
    "searchtools.js",  # Sphinx's search: the site has its own (search.py)
    "language_data.js",  # ... its stop words and stemmer
    "basic.css",  # the basic theme's style sheet: furo's replaces it
    "file.png",  # ... an icon only basic.css uses
    "debug.css",  # sphinx-basic-ng's layout debugging
    "skeleton.css",  # ... its skeleton, which furo's style sheet includes
    "scripts/furo-extensions.js",  # empty in furo
})
_TEMPLATE_SUFFIXES = ("_t", ".jinja")
PYGMENTS_CSS = "pygments.css"


class KnowledgeBaseHTMLBuilder(StandaloneHTMLBuilder):
    """Sphinx's HTML builder; each file it writes at every build is written only when it changes."""

    name = "html"

    def init(self) -> None:
        super().init()
        style = self._static_dir / PYGMENTS_CSS
        # The style sheet before this build (bytes, times): see keep_unchanged_style_sheet_time.
        self.kb_style_sheet_before = (style.read_bytes(), style.stat()) if style.is_file() else None

    def handle_page(self, pagename: str, addctx: dict, templatename: str = "page.html", *, outfilename: Path | None = None, event_arg: Any = None) -> None:
        if pagename not in self.env.found_docs and not builder_changes_pages(self):
            if Path(outfilename or self.get_output_path(pagename)).exists():
                return  # made from no source, and nothing it shows has changed since it was written
        super().handle_page(pagename, addctx, templatename, outfilename=outfilename, event_arg=event_arg)

    def create_pygments_style_file(self) -> None:
        update_file(self._static_dir / PYGMENTS_CSS, self.highlighter.get_stylesheet())
        if self.dark_highlighter:
            update_file(self._static_dir / "pygments_dark.css", self.dark_highlighter.get_stylesheet())

    def copy_theme_static_files(self, context: dict[str, Any]) -> None:
        if self.theme:
            for entry in reversed(self.theme.get_theme_dirs()):
                self._copy_static(Path(entry, "static"), context, DOTFILES)

    def copy_html_static_files(self, context: dict[str, Any]) -> None:
        excluded = Matcher([*self.config.exclude_patterns, "**/.*"])
        for entry in self.config.html_static_path:
            self._copy_static(self.confdir / entry, context, excluded)

    def _copy_static(self, source: Path, context: dict[str, Any], excluded) -> None:
        """``sphinx.util.fileutil.copy_asset`` into ``_static``: templates rendered, each file written if it changed."""
        if source.is_file():
            self._copy_static_file(source, source.name, context)
            return
        for root, folders, names in os.walk(source, followlinks=True):
            folder = Path(root).relative_to(source).as_posix()
            prefix = "" if folder == "." else f"{folder}/"
            folders[:] = sorted(name for name in folders if not excluded(prefix + name))
            for name in sorted(names):
                if not excluded(prefix + name):
                    self._copy_static_file(Path(root, name), prefix + name, context)

    def _copy_static_file(self, path: Path, relative: str, context: dict[str, Any]) -> None:
        suffix = next((s for s in _TEMPLATE_SUFFIXES if relative.lower().endswith(s)), "")
        target = relative[: len(relative) - len(suffix)]
        if target in DEAD_STATIC_FILES:
            return
        try:
            if suffix:
                update_file(self._static_dir / target, self.templates.render_string(path.read_text(encoding="utf-8"), context))
            else:
                (self._static_dir / target).parent.mkdir(parents=True, exist_ok=True)
                copyfile(path, self._static_dir / target, force=True)  # a no-op when the bytes are the same
        except OSError as error:
            logger.warning("cannot copy the static file %s: %r", path, error)

    def write_buildinfo(self) -> None:
        path = self.outdir / ".buildinfo"
        try:
            if BuildInfo.load(path) == self.build_info:
                return
        except (OSError, ValueError, IndexError):
            pass  # missing or unreadable: write it
        super().write_buildinfo()

    def dump_inventory(self) -> None:
        path = Path(self.outdir, "objects.inv")
        with tempfile.NamedTemporaryFile(dir=self.outdir, suffix=".tmp", delete=False) as handle:
            draft = Path(handle.name)
        try:
            InventoryFile.dump(draft, self.env, self)
            update_file(path, draft.read_bytes())
        finally:
            draft.unlink(missing_ok=True)


def keep_unchanged_style_sheet_time(app: Sphinx, exception: Exception | None) -> None:
    """After furo re-writes ``pygments.css`` (every build), its modification time is given back if its bytes did not change."""
    before = getattr(app.builder, "kb_style_sheet_before", None)
    style = Path(app.outdir) / "_static" / PYGMENTS_CSS
    if before is not None and style.is_file() and style.read_bytes() == before[0]:
        os.utime(style, ns=(before[1].st_atime_ns, before[1].st_mtime_ns))


def setup(app: Sphinx) -> None:
    app.add_builder(KnowledgeBaseHTMLBuilder, override=True)
    # After furo's handler (priority 500), which writes the style sheet.
    app.connect("build-finished", keep_unchanged_style_sheet_time, priority=900)
