"""Uses a star import of a workspace module."""

from pkg.helpers import *


def total(values, factor):
    """Scale and add up values."""
    result = 0
    for value in values:
        result = add(result, scale(value, factor))
    return result
