"""A plugin whose logger formats `{}` templates from its arguments (str.format), as some projects' own do."""
import logging
import sys


class StrFormatLogger(logging.Logger):
    """Formats the message with str.format(*args) instead of `%`."""

    class _Message:
        def __init__(self, msg, args):
            self.msg, self.args = msg, args

        def __str__(self):
            return self.msg.format(*self.args)

    def _log(self, level, msg, args, exc_info=None, extra=None, stack_info=False, stacklevel=1):
        super()._log(level, self._Message(msg, args), (), exc_info, extra, stack_info, stacklevel)


logging.setLoggerClass(StrFormatLogger)
LOG = logging.getLogger("plugin")


class Plugin:
    """Analyses items."""

    def __init__(self, log):
        self._log = log

    def analyse(self, items, gain, peak):
        """Log what was analysed."""
        self._log.info("analyzing {0} files", len(items))
        for item in items:
            self._log.info("{}: gain {} LU, peak {}".format(item, gain, peak))
            self._log.info("{0} of {1}".format(item, len(items)))


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s")
    Plugin(LOG).analyse(["a.flac", "b %s.flac"], -3.5, 0.98)
