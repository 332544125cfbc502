"""An agent."""
import logging

from myapp.i18n import _, _LE, _LI

LOG = logging.getLogger(__name__)


def report(name, ok):
    """Report a check."""
    if ok:
        LOG.info(_LI("Check %s passed"), name)
    else:
        LOG.error(_LE("Check %(name)s failed"), {"name": name})
    return _("done")
