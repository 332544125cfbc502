"""Runs a tool."""
import subprocess
import sys


def tool_status():
    """The tool's status, or the shell's exit status when it is missing."""
    result = subprocess.run("pyreview-no-such-tool status", shell=True, capture_output=True)
    return result.returncode


if __name__ == "__main__":
    try:
        print(tool_status())
    except OSError as error:
        print(type(error).__name__)
        sys.exit(2)
