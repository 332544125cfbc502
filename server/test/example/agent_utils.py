# examples/agent_utils.py (what `npm start` reviews) with its review points marked: each
# `# expect: CODE` says what pyreview reports on that line (`# expect@LINE: CODE` for a line that
# cannot carry a comment). server/test/example.test.mjs checks that the example is this file
# without the marks, and that pyreview reports exactly these findings on it.
#
# The review was right about the points marked below and wrong about three others in the original
# part: `defer_call` IS a context manager (no CTX001), LOG IS used (no LOG002), and there is no
# `import *` there (no IMP001). The throttler's default comes from a documented constant (no CFG001).

import contextlib  # expect@1: DOC001
import functools
import os
import subprocess
import threading
import time

import eventlet
from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import timeutils

from neutron._i18n import _LE  # expect: LOG001

if os.name == 'nt':
    from neutron.agent.windows import utils
else:
    from neutron.agent.linux import utils

# Seconds a throttled call waits by default before it may run again; callers tune it with
# the throttle_threshold property.
DEFAULT_THROTTLER_VALUE = 2

LOG = logging.getLogger(__name__)

execute = utils.execute  # expect: SEC001


class throttler(object):
    """Let a function run at most once per threshold; later calls are deferred."""

    def __init__(self, func):
        self._threshold = DEFAULT_THROTTLER_VALUE
        self._last_time_called = time.time() - self._threshold
        self._is_deferred = False
        self.func = func
        functools.update_wrapper(self, func)

    @property
    def throttle_threshold(self):
        return self._threshold

    @throttle_threshold.setter
    def throttle_threshold(self, value):
        self._threshold = value

    @contextlib.contextmanager
    def defer_call(self):
        self._is_deferred = True
        try:
            yield
        finally:
            self._is_deferred = False

    def __call__(self, *args, **kwargs):
        if self._is_deferred:
            return
        wait = self._last_time_called + self._threshold - time.time()
        if wait > 0:
            with self.defer_call():
                eventlet.sleep(wait)
        self._last_time_called = time.time()
        return self.func(*args, **kwargs)


def load_interface_driver(conf):
    """Load the interface driver named by the agent's configuration.

    :param conf: the agent's configuration
    :returns: an instance of the interface driver
    """
    try:
        driver_class = utils.import_class(conf.interface_driver)
        return driver_class(conf)
    except ImportError:
        LOG.error(_LE("Error importing interface driver '%s'"),  # expect: LOG001
                  conf.interface_driver)
        raise SystemExit(1)  # expect: EXC001


def is_agent_down(heart_beat_time):  # expect: DOC001, DOC002
    return timeutils.is_older_than(heart_beat_time,
                                   cfg.CONF.agent_down_time)


# ---------------------------------------------------------------------------------------------
# Additions beyond the original module, one per remaining review point.

from agent_constants import *  # expect: IMP001

AUDIT_LOG = logging.getLogger('audit')  # expect: LOG002


class StateReporter(object):
    """Report the agent's state to the server over RPC."""

    def __init__(self, client):
        self.client = client
        self.max_batch = 50
        self._lock = threading.Lock()  # expect@108: CFG001

    def locked(self):  # expect: CTX001
        self._lock.acquire()
        try:
            yield
        finally:
            self._lock.release()

    def report(self, state):
        """Send one state report on the reports topic."""
        with self.locked():
            LOG.debug("Reporting state %s" % state)  # expect: LOG003
            self.client.cast(REPORT_TOPIC, state[:self.max_batch])
        print("warning: state cut to the batch limit")  # expect: LOG004


def link_state(device):
    """Return the output of `ip link show` for one device.

    :param device: the device name
    :returns: the command's output
    """
    return subprocess.check_output("ip link show " + device, shell=True)  # expect: SEC001
