"""``python -m scratchgan``: train the default (the 8-Gaussian ring); see ``cli.py``."""
from .cli import main

raise SystemExit(main())
