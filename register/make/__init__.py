"""Making registers and records: init, new, and the example register."""
