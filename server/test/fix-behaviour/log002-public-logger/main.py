import logging
import sys

from lib import helpers

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(name)s: %(message)s")
helpers.LOG.info("the helpers' logger is used by its importers")
print(helpers.double(21))
