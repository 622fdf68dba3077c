"""Search over the user's own documents: structure-aware chunks in SQLite FTS5."""
