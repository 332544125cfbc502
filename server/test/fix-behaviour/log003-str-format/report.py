"""Reports built with str.format: `{}` uses format(), `%s` uses str(); they differ for some types."""
import enum
import logging
import sys

LOG = logging.getLogger(__name__)


class Color(str, enum.Enum):
    """format() and str() differ before Python 3.11."""

    RED = "red"


class Money:
    """A value whose format() is not its str(), as many numeric and date types have."""

    def __init__(self, cents):
        self.cents = cents

    def __str__(self):
        return f"Money({self.cents})"

    def __format__(self, spec):
        return f"${self.cents / 100:.2f}"


def report(value):
    """Log a value."""
    LOG.info("value: {}".format(value))


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s")
    report("plain")
    report(Color.RED)
    report(Money(1250))
