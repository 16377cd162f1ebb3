"""Persistence: SQLAlchemy Core (async) over SQLite or PostgreSQL. All SQL lives here.

Repository modules expose plain async functions that take an
``AsyncConnection`` (the caller owns the transaction) and return dataclasses.
"""
