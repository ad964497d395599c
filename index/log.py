"""Logging for the command lines: users read Chinese messages on stderr; details go to the log."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup(verbose: bool) -> None:
    """``--verbose``: everything from INFO on (DEBUG for nianbao-qa's own modules); otherwise warnings only."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format=FORMAT)
    for name in ("index", "qa"):
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.WARNING)
