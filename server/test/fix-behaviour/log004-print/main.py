import tool

tool.migrate(3)
