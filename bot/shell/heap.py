"""What a process starts with (modules, the engine, plans, catalogues) lives
as long as it does; the garbage collector need not walk it again.

CPython's full collection walks every tracked object. A process that has
imported SQLAlchemy, openpyxl or matplotlib holds some 180,000 of them
before it reads anything, and a summary of 5,000 units allocates enough to
set off full collections while it runs: each walked them all (some 0.1 s
of a 0.6 s summary, measured by benchmarks/bench_admin.py). Within
:func:`startup_frozen`, the objects alive when it was entered are frozen
(``gc.freeze``: left out of every collection, never freed) and handed back
to the collector when it ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def startup_frozen() -> Iterator[None]:
    """Leave what is alive now out of garbage collection until the block ends."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
