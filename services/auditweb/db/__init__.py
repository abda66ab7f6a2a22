"""The officer's decision store: SQLite in a file by default, PostgreSQL through a URL."""
