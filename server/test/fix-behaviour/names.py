"""Prints the public names of modules as JSON on fd 3 (stdout may carry their import-time output).

Public names: a module's ``__all__`` when it has one, else every name not starting with an
underscore whose value is not a module (PEP 8: imported modules are an implementation detail).
"""
import importlib
import json
import os
import sys
import types

sys.path.insert(0, os.getcwd())
out = {}
for name in sys.argv[1:]:
    try:
        module = importlib.import_module(name)
    except BaseException as error:  # the import's own failure is part of the behaviour
        out[name] = "import failed: %s: %s" % (type(error).__name__, error)
        continue
    if hasattr(module, "__all__"):
        out[name] = sorted(module.__all__)
    else:
        out[name] = sorted(
            n for n in dir(module) if not n.startswith("_") and not isinstance(getattr(module, n), types.ModuleType)
        )
with os.fdopen(3, "w") as fd:
    json.dump(out, fd)
