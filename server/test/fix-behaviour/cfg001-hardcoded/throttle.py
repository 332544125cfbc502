"""Throttling."""


class Throttler:
    """Calls func at most once per window."""

    def __init__(self, func):
        self.func = func
        self._window = 2


def make(func, *args):
    """Build a throttler from arguments as given."""
    try:
        return "ok: window %s" % Throttler(func, *args)._window
    except TypeError as error:
        return "TypeError: %s" % error
