"""Waiting for a condition."""
import time

__all__ = ["wait_until"]


def wait_until(predicate, timeout=1):
    """Poll `predicate` until it is true or the time is up."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
