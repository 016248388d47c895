"""The shelter desk's screens (Qt): reception, one person, headcount, inquiry, needs; the desk as the kiosk window
drives it (kiosk_desk.py)."""
