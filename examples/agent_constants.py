"""Constants shared by the agent utilities example (a sibling module for `import *`)."""

INTERFACE_NAMESPACE = 'neutron.interface_drivers'
REPORT_TOPIC = 'q-reports'
