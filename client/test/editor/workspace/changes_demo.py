"""Review Changes: what a branch brought is reviewed, what was there (or only moved) is not."""
import logging
import subprocess

LOG = logging.getLogger(__name__)


def legacy(cmd):
    """Old code with an old finding (SEC001): not the branch's."""
    subprocess.call(cmd, shell=True)


def helper(value):
    """Old code the branch moves down the file (LOG003 stays old)."""
    LOG.info("value %s" % value)


def first():
    """One."""
    return 1


def second():
    """Two."""
    return 2


def third():
    """Three."""
    return 3
