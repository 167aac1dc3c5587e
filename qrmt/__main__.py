"""``python -m qrmt`` runs the command line."""

import sys

from qrmt.cli import main

sys.exit(main())
