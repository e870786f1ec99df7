"""cds_kb: the bilingual knowledge base of Canada's digital government partnerships.

The package has three rooms, and imports go one way (``tools`` -> ``core`` <- ``sphinxext``):

- ``cds_kb.core``: what both need (files, errors, front matter, schema, languages and
  catalog paths, the Content Security Policy);
- ``cds_kb.sphinxext``: the Sphinx extension (``extensions = ["cds_kb.sphinxext"]``);
- ``cds_kb.tools``: the maintainers' command-line tools (``cds-kb --help``, or
  ``python -m cds_kb --help``): import, catalogs, check-po, links, the language page.

The benchmark is outside the package (``bench/``, ``make bench``).
"""

__version__ = "0.2.0"
