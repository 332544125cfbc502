"""Reports."""
import logging
import sys

LOG = logging.getLogger(__name__)


def report(value):
    """Log a value."""
    LOG.info("value: %s" % value)


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s")
    report("plain")
    report(("one",))
