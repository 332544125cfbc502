"""Helpers exported to star_demo."""

__all__ = ["add", "scale", "unused_helper"]


def add(a, b):
    """Return a + b."""
    return a + b


def scale(value, factor):
    """Return value * factor."""
    return value * factor


def unused_helper():
    """Nobody imports this one by name."""
    return None
