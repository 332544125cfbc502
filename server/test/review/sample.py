"""Agent helpers (a review sample)."""
import subprocess

from oslo_log import log as logging

from neutron._i18n import _LE

LOG = logging.getLogger(__name__)


def locked():
    yield


def run(cmd):
    with locked():
        try:
            return subprocess.check_output("ls " + cmd, shell=True)
        except OSError:
            LOG.error(_LE("could not run %s"), cmd)
            raise
