"""A library whose helpers exit with status 1 on failure: every replacement changes stderr."""
import sys

DRIVERS = {"ovs": "OVSDriver"}


def load(name):
    """Load a driver (re-raise, or RuntimeError from the KeyError)."""
    try:
        return DRIVERS[name]
    except KeyError:
        sys.exit(1)


def load_or_explain(name):
    """Load a driver, saying why not (RuntimeError keeping the message)."""
    try:
        return DRIVERS[name]
    except KeyError:
        sys.exit("no driver named " + name)


def check(name):
    """Check a name (RuntimeError outside an except block)."""
    if not name:
        sys.exit(1)
    return name


if __name__ == "__main__":
    how, name = sys.argv[1], sys.argv[2]
    print({"load": load, "explain": load_or_explain, "check": check}[how](name))
