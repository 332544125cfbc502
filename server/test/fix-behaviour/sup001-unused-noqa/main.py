"""Logs a greeting; its noqa comments name findings that are not there."""
import logging
import sys

LOG = logging.getLogger(__name__)


def greet(name):
    """Log a greeting for ``name`` and print it."""
    LOG.info("hello %s", name)  # noqa: LOG003
    print("hello", name)  # noqa: E501, LOG004
    return len(name)  # noqa: SEC002


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(message)s")
    sys.exit(greet(sys.argv[1] if len(sys.argv) > 1 else "world") % 3)
