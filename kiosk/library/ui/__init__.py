"""The library desk's screens (Qt): checkout and check-in, registration and address change; the desk as the kiosk window
drives it (kiosk_desk.py)."""
