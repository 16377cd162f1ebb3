"""Plan ingestion: a plan document's text in, a draft plan out (pure, no I/O)."""
