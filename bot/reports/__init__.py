"""Admin reports, pure: who reported, what, how units score (``summary``,
``scoring``), the Excel/CSV export (``export``) and the charts (``charts``).

Nothing here touches the database: ``handlers.admin_data`` loads a
:class:`~bot.reports.data.RoundData` through the storage repos and hands it in.
"""
