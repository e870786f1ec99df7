"""The maintainers' command-line tools: ``cds-kb COMMAND`` (or ``python -m cds_kb COMMAND``).

- ``cli``: the commands and their options (``cds-kb --help``);
- ``project``: where the project a command works on is (the checkout holding ``conf.py``);
- ``importer``: CDS source posts -> pages, person entries and French catalogs (a subpackage, one module per job);
- ``catalogs``: ``make update-po``, ``make wrap-po``, ``make stats``;
- ``pocheck``: ``make check-po``;
- ``links``: the external links report;
- ``language_page``: the site's root (language choice, ``_headers``, sitemap, robots.txt);
- ``labels``: the extension's labels for translation;
- ``system``: the Debian packages the tests need.

Tools import ``cds_kb.core``, never the Sphinx extension: they run without Sphinx's
application, and the extension never loads them.
"""
