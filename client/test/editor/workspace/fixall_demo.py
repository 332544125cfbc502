"""A module with several fixable findings."""

import logging

from neutron._i18n import _LE

LOG = logging.getLogger(__name__)


def cd(path):
    """Pretend to change directory for the body of a with statement."""
    LOG.info("entering %s", path)
    yield path
    LOG.info("leaving %s", path)


class Agent:
    """An agent with a context-manager method."""

    def transaction(self):
        """Group operations."""
        yield self

    def sync(self, path):
        """Sync path."""
        with self.transaction():
            with cd(path):
                LOG.error(_LE("sync of %s failed"), path)
