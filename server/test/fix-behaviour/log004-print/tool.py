"""A library module that logs, and prints one message for its operator."""
import logging

LOG = logging.getLogger(__name__)


def migrate(rows):
    """Migrate rows."""
    LOG.debug("migrating %d rows", rows)
    print("Migrated %d rows" % rows)
    return rows
