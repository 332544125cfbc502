"""A module where the findings are suppressed rather than fixed."""

import logging

from neutron._i18n import _LE

LOG = logging.getLogger(__name__)


def opened(path):
    """Open path for the body of a with statement."""
    handle = open(path, encoding="utf-8")
    try:
        yield handle
    finally:
        handle.close()


def first_line(path):
    """Return the first line of path."""
    with opened(path) as handle:
        line = handle.readline()
    if not line:
        LOG.error(_LE("empty file"))
    return line
