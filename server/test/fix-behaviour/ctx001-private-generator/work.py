"""Work with a temporary setting."""
import sys

SETTING = {"mode": "normal"}


def _temporary_mode(mode):
    old = SETTING["mode"]
    SETTING["mode"] = mode
    yield
    SETTING["mode"] = old


def run():
    """Run in fast mode."""
    with _temporary_mode("fast"):
        return SETTING["mode"]


if __name__ == "__main__":
    try:
        print(run())
    except Exception as error:
        print("failed:", type(error).__name__)
        sys.exit(1)
