"""``python -m ironlaw``: the same command line as ``ironlaw``."""

from ironlaw.cli.main import run

run()
