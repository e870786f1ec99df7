"""``python -m cds_kb COMMAND``: the maintainers' tools (see ``cds_kb.tools.cli``)."""

import sys

from .tools.cli import main

if __name__ == "__main__":
    sys.exit(main())
