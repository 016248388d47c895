"""The counter desk's screens (Qt): procedures, tap, PIN / 照合番号B, preview, confirm, done, by hand, metrics; the
controller that drives them; the resident's second screen; the desk as the kiosk window drives it (kiosk_desk.py)."""
