extensions = ["myst_parser", "sphinx_design", "cds_kb.sphinxext"]
myst_title_to_header = True
kb_site_title = {"en": "Test site", "fr": "Site d’essai"}
html_theme = "cds_kb"
