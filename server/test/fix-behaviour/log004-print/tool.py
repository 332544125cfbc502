"""A library module that logs, and prints one problem for its operator."""
import logging

LOG = logging.getLogger(__name__)


def migrate(rows):
    """Migrate rows."""
    LOG.debug("migrating %d rows", rows)
    print("Cannot migrate %d rows: already done" % rows)
    return rows
