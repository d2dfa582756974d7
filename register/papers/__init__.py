"""Papers as plain models (headings, numbered paragraphs, tables, tracked changes), built from records."""
