"""Entry point of the bundle's `kazasu-kiosk`: the kiosk window (`kazasu run …`) as its own program.

On Windows it is built without a console window (for Shell Launcher / Assigned Access), where
`kazasu.exe run` would open one beside the kiosk. Its arguments are `kazasu run`'s.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from kiosk.cli import main

    sys.exit(main(["run", *sys.argv[1:]]))
