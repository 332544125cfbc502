"""Helpers."""
import logging

LOG = logging.getLogger(__name__)


def double(x):
    """Twice x."""
    return 2 * x
