"""The shelter desk's screens (Qt): reception, one person, headcount, inquiry, needs."""
