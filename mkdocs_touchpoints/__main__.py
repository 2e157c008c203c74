"""`python -m mkdocs_touchpoints` runs the command line."""

import sys

from mkdocs_touchpoints.cli import main

sys.exit(main())
