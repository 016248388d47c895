"""The kiosk shell around the desks: lockdown, staff sign-in and roles, the status bar, the
resident's second screen, the first-run wizard and the crash supervisor. Modules named *_qt or
holding widgets import Qt; staff.py, settings.py, laststate.py and supervisor.py do not."""
