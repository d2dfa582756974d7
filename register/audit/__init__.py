"""The audit trail and its checks: validation, decisions and their pins, verification, history, reviews."""
