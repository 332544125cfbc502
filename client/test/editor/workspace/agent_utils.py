"""Helpers for the agent, in the style of neutron.agent.common.utils."""

import logging

from neutron._i18n import _LE

LOG = logging.getLogger(__name__)


def locked_section(lock):
    """Hold lock for the body of a with statement."""
    lock.acquire()
    try:
        yield lock
    finally:
        lock.release()


def sync_state(lock, state):
    """Copy state while holding lock."""
    with locked_section(lock):
        if not state:
            LOG.error(_LE("Nothing to sync"))
        return dict(state)
