"""Plan ingestion: a plan document's text in, a draft plan out (pure, no I/O).

:func:`import_plan` reads the text (normalised first: :mod:`.normalise`) by
meaning — its outline (:mod:`.outline`), header and signature
(:mod:`.header`), content areas and targets (:mod:`.areas`, :mod:`.targets`),
duties and deadlines (:mod:`.duties`, :mod:`.timing`) — and drafts a plan
mapping that validates with the plan model (:mod:`.draft`, questions in
:mod:`.questions`), with every item's source line, and a preview
(:mod:`.preview`). :func:`to_yaml` writes the draft with those sources as
comments (:mod:`.emit`).
"""

from bot.domain.plan.ingest.draft import Imported, import_plan
from bot.domain.plan.ingest.emit import to_yaml
from bot.domain.plan.ingest.preview import Entry, Preview

__all__ = ["Entry", "Imported", "Preview", "import_plan", "to_yaml"]
