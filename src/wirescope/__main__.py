"""`python -m wirescope ...`: the same command line as the `wirescope` script."""

import sys

from .cli import main

sys.exit(main())
