"""A module the test types into."""

import logging

from neutron._i18n import _LE

LOG = logging.getLogger(__name__)


def handle(error):
    """Log an error."""
    LOG.error(_LE("handler failed: %s"), error)
    return None
