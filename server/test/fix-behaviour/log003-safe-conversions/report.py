"""Reports whose eager messages can be made lazy without changing a character of the log."""
import enum
import logging
import sys

LOG = logging.getLogger(__name__)


class Color(str, enum.Enum):
    RED = "red"


def report(host, port, items, color):
    """Each message keeps its text for every value (tuples, str-based enums) when made lazy."""
    LOG.info("connecting to %s port %s" % (host, port))
    LOG.info("items: %s" % ", ".join(items))
    LOG.info("name: %r" % str(color))
    LOG.info("%(host)s:%(port)s" % {"host": host, "port": port})
    LOG.info(f"host {host!r} port {port!s} color {color!r}")
    LOG.info("color {!s} / {!r}".format(color, color))
    LOG.info("braces {{kept}} 100%".format())
    LOG.warning("Unable to reach the fragment server on %s: %s (%s items), color %s, again"
                % (host, port, len(items), color))


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s")
    report("example.org", 443, ["a", "b"], Color.RED)
    report(("a", "b"), (1,), [], "plain")
