"""The record kinds and what is true of them: schemas, loading, checks, field paths, fingerprints.

Pure: knows neither git nor Word.
"""
