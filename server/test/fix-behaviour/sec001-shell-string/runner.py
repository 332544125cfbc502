"""Runs a tool."""
import subprocess
import sys


def tool_version():
    """The installed tool's version, or its exit status when it is missing."""
    result = subprocess.run("pyreview-no-such-tool --version", shell=True, capture_output=True)
    return result.returncode


if __name__ == "__main__":
    try:
        print(tool_version())
    except OSError as error:
        print(type(error).__name__)
        sys.exit(2)
