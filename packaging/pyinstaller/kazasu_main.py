"""Entry point of the PyInstaller bundle: the `kazasu` command line (the kiosk is `kazasu run`/`demo`).

Inside the bundle there is no Python installation: this script is frozen with everything kazasu needs
(see kazasu.spec). It only hands over to `kiosk.cli.main`, like the `kazasu` console script does.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # Windows: a frozen child process must not re-run the CLI
    from kiosk.cli import main

    sys.exit(main())
