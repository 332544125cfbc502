"""A module for the pyreview.ignore setting."""

import logging

from neutron._i18n import _LE

LOG = logging.getLogger(__name__)


def scoped(name):
    """Scope the body of a with statement."""
    yield name


def work(name):
    """Do the work."""
    with scoped(name):
        LOG.error(_LE("work on %s failed"), name)
