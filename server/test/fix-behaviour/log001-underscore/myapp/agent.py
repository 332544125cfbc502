"""An agent whose log messages are translated with `_()`."""
import logging

from myapp.i18n import _

LOG = logging.getLogger(__name__)


def report(name, ok):
    """Report a check."""
    if not ok:
        LOG.error(_("Check %s failed"), name)
    return ok
