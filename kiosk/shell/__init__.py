"""The kiosk shell around the desks: the start screen, lockdown, staff sign-in and roles, the staff
menu, the status bar, the display and first-run settings, the queue view, the sync thread and the
crash supervisor. It knows the desks only by name (rights "desk.<name>", the start screen's buttons)
and never imports one. Modules holding widgets import Qt; staff.py, staff_card.py, settings.py,
laststate.py and supervisor.py do not (checked by import-linter)."""
