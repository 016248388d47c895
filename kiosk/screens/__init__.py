"""The kiosk's screens: layout-only views (one per file) and the controllers that drive them."""
