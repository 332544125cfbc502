"""Reports whose conversions accept only some types: made lazy, a bad value no longer raises here."""
import logging
import sys

LOG = logging.getLogger(__name__)


def report(count, pair):
    """`%d` of a string raises at the call; logging would print an error to stderr and go on."""
    try:
        LOG.info("%d rows" % count)
    except TypeError:
        print("bad count")
    try:
        LOG.info("%s of %s" % pair)
    except TypeError:
        print("bad pair")


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s")
    report(3, (1, 2))
    report("three", [1, 2])
