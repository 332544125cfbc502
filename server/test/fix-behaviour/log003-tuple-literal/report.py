"""Reports."""
import logging
import sys

LOG = logging.getLogger(__name__)


def report(host, port):
    """Log where we connect."""
    LOG.info("connecting to %s port %s" % (host, port))
    LOG.warning("%r is %s" % (host, "slow"))


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s")
    report("example.org", 443)
    report(("a", "b"), {"k": 1})
