"""The unit tree, and who reports on a plan.

Units form a tree (province → sở / xã …) held as ``{id: UnitInfo}``, retired
units included (they keep their history). Every walk of the tree — up to the
ancestors, down to a subtree — is here, so none is re-derived elsewhere.

**Who reports on a plan.** A plan is issued by a unit at the plan's own
``level`` (the province's plan, ``level: tinh``, is issued by the province).
Each round names its ``reporters`` (:class:`bot.domain.plan.parts.Reporters`):
the issuing unit itself (``self``: a commune's plan is reported on by the
commune), its direct children (``children``: the sở, ban, ngành and districts
the province plan binds, not the communes below a district), or every unit
below it (``below``, the default), optionally only at the named ``levels``. A
unit reports on a round when

1. it is one of the round's reporters: ``self`` — its level is the plan's
   level; ``children`` — its parent's level is; ``below`` — its level is not
   (units at the plan's level *issue* it); and, when ``levels`` are named,
   its level is one of them;
2. the plan's ``applies_to`` is empty, or names the unit or a unit above it
   (codes compared case-insensitively); and
3. it is active — or retired and already holding a submission for the
   round, so a unit merged away mid-year keeps its report in the history.

A unit reports on a *plan* when it reports on one of its rounds. The same
rule decides every place a list of reporting units is made: the summary
(``/summary``, ``dvbot summary``), the Excel/CSV export, the rounds an
officer sees (``/baocao``, a group's ``/status``), the reminders to officers,
the group roll-calls, the admins' escalations and digests, and the manual
``/nhac``. Reminders are only ever planned for active units (point 3 with no
submissions), since a retired unit has nobody left to remind.

**Which sections a unit is asked.** A section may apply only to some units
(``applies_to`` on a section, :class:`bot.domain.plan.parts.Audience`): the
units at one of its ``levels`` or of one of its ``types`` (a unit's optional
``type``, such as ``thanh-tra`` for the provincial Inspectorate; compared
case-insensitively). :func:`asked` is that rule; the plan applies it in
:meth:`bot.domain.plan.model.Plan.questions` (``unit=…``), so the walk, the
review, progress, the summary and totals (a target's attainment counts only
the units it is asked of), the exports and the Word reports all see the same
questions for a unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

Tree = Mapping[int, "UnitInfo"]


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    code: str
    name: str
    parent_id: int | None
    level: str
    retired: bool = False
    type: str | None = None  # what kind of body it is ("thanh-tra"), for sections' applies_to


class UnitKind(Protocol):
    """What the section rule reads of a unit."""

    @property
    def level(self) -> str: ...
    @property
    def type(self) -> str | None: ...


class AudienceRule(Protocol):
    """To whom a section is asked (:class:`bot.domain.plan.parts.Audience`)."""

    @property
    def levels(self) -> list[str]: ...
    @property
    def types(self) -> list[str]: ...


def asked(unit: UnitKind | None, audience: AudienceRule | None) -> bool:
    """Whether a section with ``audience`` (its ``applies_to``) is asked of
    ``unit``: no audience, or no unit (the whole plan, as a plan-wide list
    shows it) — yes; else the unit's level is one of its levels or its type
    one of its types."""
    if audience is None or unit is None:
        return True
    if unit.level in audience.levels:
        return True
    return unit.type is not None and unit.type.lower() in {t.lower() for t in audience.types}


class ReporterRule(Protocol):
    """Who reports on a round (:class:`bot.domain.plan.parts.Reporters`)."""

    @property
    def who(self) -> str: ...
    @property
    def levels(self) -> list[str]: ...


class PlanScope(Protocol):
    """What the reporting rule reads of a plan."""

    @property
    def level(self) -> str: ...
    @property
    def applies_to(self) -> list[str]: ...
    def reporters_of(self, round_id: str | None = None) -> Sequence[ReporterRule]:
        """The round's reporters; for ``None``, those of every round."""
        ...


def children_of(tree: Tree) -> dict[int | None, list[int]]:
    """Parent id → child ids (a parent missing from the tree counts as none)."""
    out: dict[int | None, list[int]] = {}
    for u in tree.values():
        out.setdefault(u.parent_id if u.parent_id in tree else None, []).append(u.id)
    return out


def subtree(tree: Tree, root: int) -> list[int]:
    """``root`` and every unit below it, breadth-first (root first)."""
    children = children_of(tree)
    out, frontier, seen = [root], [root], {root}
    while frontier:
        frontier = [c for p in frontier for c in children.get(p, []) if c not in seen]
        seen.update(frontier)
        out.extend(frontier)
    return out


def ancestors(tree: Tree, unit_id: int) -> list[int]:
    """The unit and every unit above it, nearest first (stops at a unit missing
    from the tree, and at a cycle, which a damaged tree could hold)."""
    out: list[int] = []
    current: int | None = unit_id
    while current is not None and current in tree and current not in out:
        out.append(current)
        current = tree[current].parent_id
    return out


def ancestor_codes(tree: Tree, unit_id: int) -> set[str]:
    """The lower-cased codes of the unit and every unit above it."""
    return {tree[a].code.lower() for a in ancestors(tree, unit_id)}


def under_any(tree: Tree, roots: Iterable[int], unit_id: int) -> bool:
    """Whether the unit is in the subtree of one of ``roots`` (an admin's scope)."""
    return not set(roots).isdisjoint(ancestors(tree, unit_id))


def _is_reporter(tree: Tree, unit: UnitInfo, plan_level: str, rule: ReporterRule) -> bool:
    """Point 1 of the rule in this module's docstring."""
    if rule.levels and unit.level not in rule.levels:
        return False
    if rule.who == "self":
        return unit.level == plan_level
    if rule.who == "children":
        parent = tree.get(unit.parent_id) if unit.parent_id is not None else None
        return parent is not None and parent.level == plan_level
    return unit.level != plan_level  # below: every unit under the issuing level


def reports_on(
    tree: Tree, unit_id: int, plan: PlanScope, round_id: str | None = None, *, has_submission: bool = False,
) -> bool:
    """Whether the unit reports on the round ``round_id`` of ``plan`` (``None``:
    on any of its rounds): the rule in this module's docstring."""
    unit = tree[unit_id]
    if unit.retired and not has_submission:
        return False
    if not any(_is_reporter(tree, unit, plan.level, rule) for rule in plan.reporters_of(round_id)):
        return False
    applies = {c.lower() for c in plan.applies_to}
    return not applies or not applies.isdisjoint(ancestor_codes(tree, unit_id))


def reporting_units(
    tree: Tree, roots: Iterable[int], plan: PlanScope, with_submission: Iterable[int] = (),
    round_id: str | None = None,
) -> list[UnitInfo]:
    """The units in the roots' subtrees that report on the round (``None``: on
    any round of ``plan``), by code; ``with_submission`` holds the units that
    have a submission for the round."""
    has = set(with_submission)
    scope: set[int] = set()
    for root in roots:
        if root in tree:
            scope.update(subtree(tree, root))
    out = [tree[u] for u in scope if reports_on(tree, u, plan, round_id, has_submission=u in has)]
    return sorted(out, key=lambda u: u.code)


def group_of(tree: Tree, roots: list[int], unit_id: int) -> int:
    """The roll-up group of a unit: with one root, the root's child above the
    unit (or the root itself); with several roots, the root above it."""
    chain = ancestors(tree, unit_id)
    if len(roots) == 1:
        root = roots[0]
        if root in chain:
            i = chain.index(root)
            return chain[i - 1] if i > 0 else root
        return unit_id
    for a in chain:
        if a in roots:
            return a
    return unit_id


def minimal_roots(tree: Tree, roots: list[int]) -> list[int]:
    """Drop roots that lie inside another root's subtree (keeps order)."""
    out: list[int] = []
    for r in roots:
        if any(r != other and other in ancestors(tree, r) for other in roots):
            continue
        if r not in out:
            out.append(r)
    return out
