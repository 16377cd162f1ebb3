"""Channel-agnostic conversation logic: an ``Incoming`` in, ``Outgoing`` replies out.

Handlers never import a channel SDK; SQL stays in ``storage``; user text comes
from ``locales``.
"""
