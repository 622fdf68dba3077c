"""Entry point of the frozen `troly` program (PyInstaller runs this file, not troly.cli).

The desktop app indexes in a child process started with multiprocessing's "spawn" method. In a
frozen program that child is this same executable: freeze_support() must run first so that the
child becomes the worker instead of parsing the command line as `troly ...`.
"""

import multiprocessing
import sys
from pathlib import Path

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from troly.cli import main

    argv = sys.argv[1:]
    # On Windows the Start menu runs troly-gui.exe, the same program built without a console.
    if Path(sys.executable).stem.lower() == "troly-gui" and "gui" not in argv:
        argv.append("gui")
    sys.exit(main(argv))
