"""Reports."""
import enum
import logging
import sys

LOG = logging.getLogger(__name__)


class Color(str, enum.Enum):
    RED = "red"


def report(value):
    """Log a value: f-strings call format(), %s calls str(); they differ for some types."""
    LOG.info(f"value: {value}")


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s")
    report("plain")
    report(Color.RED)
