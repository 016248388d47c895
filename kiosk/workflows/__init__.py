"""Desk workflows without Qt: what a desk does, callable from the screens, the CLI and tests."""
