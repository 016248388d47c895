"""kazasu kiosk: the Qt application (screens, workers, desk workflows) and the `kazasu` command line.

Only this package imports Qt; `devices`, `forms` and `sync` stay free of it (checked by import-linter).
Importing `kiosk` itself does not load Qt: the command line loads it only for `demo` and `run`.
"""

__version__ = "0.1.0"
