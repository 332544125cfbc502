"""Opened first, so the language server is up before anything is timed."""

import logging

from neutron._i18n import _LE

LOG = logging.getLogger(__name__)


def report(error):
    """Log an error."""
    LOG.error(_LE("failed: %s"), error)
