import logging
import sys

from myapp import agent

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s")
print(agent.report("disk", True), agent.report("net", False))
