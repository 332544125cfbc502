"""A module whose context manager lacks its decorator."""

import contextlib


def suppressed(errors):
    """Swallow the given errors for the body of a with statement."""
    try:
        yield
    except errors:
        pass


def run(func, errors):
    """Call func, ignoring errors."""
    with suppressed(errors):
        func()


def tidy():
    """Make the import above used."""
    return contextlib.nullcontext()
