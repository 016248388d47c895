"""The library desk's screens (Qt): checkout and check-in, registration and address change."""
