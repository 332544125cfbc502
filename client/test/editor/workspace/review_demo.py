"""A module to review."""

import logging

from neutron._i18n import _LE

LOG = logging.getLogger(__name__)


def entered(name):
    """Announce the body of a with statement."""
    LOG.info("enter %s", name)
    yield name


def work(name):
    """Do the work."""
    with entered(name):
        LOG.error(_LE("work on %s failed"), name)
