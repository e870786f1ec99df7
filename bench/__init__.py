"""The benchmark of the knowledge base, outside the shipped package: ``python -m bench`` (``make bench``).

- ``synthetic``: a synthetic bilingual site of N posts, and the same content as plain Sphinx;
- ``run``: builds both, measures builds, rebuilds, output and search, writes ``results.json``;
- ``browser``: search measured in Debian's Chromium (also used by the browser tests).

It imports ``cds_kb.core`` and runs the extension only through ``sphinx-build``.
"""
