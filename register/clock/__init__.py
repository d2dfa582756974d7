"""The statutory clock: a council's own calendar, and the rules that run on it."""
