"""Choosing the card(s) for a break.

The rules, in the order they give way when they cannot all hold:

1. Safety and equipment are absolute: a card whose ``avoid_if`` meets the person's health tags, or
   that needs a wall, ball, foam roller or floor they do not have, is never picked.
2. No repeats: a card shown within the last :data:`NO_REPEAT` picks is not picked again. Only when
   too few eligible cards are left does the window shrink, so the least recently shown card comes
   back first. ``walk`` is exempt: it opens every long break on purpose.
3. Area rotation: a pick does not share its primary area with the previous pick, unless that area is
   one of the person's focus areas, or no other area is available under rule 2.
4. Focus areas come up more often (weight :data:`FOCUS_WEIGHT`); long breaks fill their time as
   well as possible.

Everything random goes through the injected ``random.Random`` and cards are always considered in
id order, so the same seed and history give the same picks.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

from posture_break.core.cards import Card

NO_REPEAT = 8
FOCUS_WEIGHT = 3
WALK_ID = "walk"
#: What a person who never answered the equipment question is assumed to have.
DEFAULT_EQUIPMENT: tuple[str, ...] = ("wall", "floor")
#: Needs that are always met: everybody can sit or stand.
ALWAYS_AVAILABLE: tuple[str, ...] = ("seated", "standing")
#: Upper bound on cards considered for one long break, so enumeration stays fast even with
#: hundreds of personal cards (C(36, 3) = 7140 combinations).
MAX_LONG_POOL = 36
_HISTORY_KEPT = 64


class Picker:
    def __init__(
        self,
        cards: Sequence[Card],
        rng: random.Random,
        *,
        focus_areas: Sequence[str] = (),
        equipment: Sequence[str] = DEFAULT_EQUIPMENT,
        health_tags: Sequence[str] = (),
        history: Sequence[str] = (),
    ) -> None:
        self._rng = rng
        self._by_id = {card.id: card for card in cards}
        self._focus = tuple(focus_areas)
        have = set(equipment) | set(ALWAYS_AVAILABLE)
        tags = set(health_tags)
        self._eligible = sorted(
            (
                card
                for card in self._by_id.values()
                if not tags.intersection(card.avoid_if) and set(card.needs) <= have
            ),
            key=lambda card: card.id,
        )
        self._history: list[str] = list(history)[-_HISTORY_KEPT:]

    @property
    def history(self) -> tuple[str, ...]:
        """Ids shown, most recent last."""
        return tuple(self._history)

    @property
    def eligible(self) -> tuple[Card, ...]:
        """Cards this person can be shown at all (health tags and equipment applied)."""
        return tuple(self._eligible)

    # --- micro ----------------------------------------------------------------------------------

    def pick_micro(self) -> list[Card]:
        """One card for a micro-break, or ``[]`` when nothing is eligible."""
        pool = [c for c in self._eligible if c.slot in ("micro", "any") and c.id != WALK_ID]
        pool = self._fresh(pool, 1)
        if not pool:
            return []
        previous = self._previous_area()
        rotated = [c for c in pool if self._follows(previous, c)]
        choice = self._weighted(rotated or pool)
        self._remember([choice])
        return [choice]

    # --- long -----------------------------------------------------------------------------------

    def pick_long(self, seconds: int) -> list[Card]:
        """``walk`` first, then 2-3 cards that fill the rest of ``seconds`` as well as possible.

        With too few eligible cards the break gets what there is; with none at all, ``[]``.
        """
        walk = next((c for c in self._eligible if c.id == WALK_ID), None)
        picked: list[Card] = [walk] if walk is not None else []
        remaining = seconds - (walk.seconds if walk is not None else 0)
        others = [c for c in self._eligible if c.id != WALK_ID]
        if remaining > 0 and others:
            previous = walk.primary_area if walk is not None else self._previous_area()
            picked.extend(self._fill(others, remaining, previous))
        self._remember(picked)
        return picked

    def _fill(self, cards: list[Card], remaining: int, previous: str | None) -> list[Card]:
        want = min(3, len(cards))
        pool = self._fresh(cards, min(2, want))
        if len(pool) > MAX_LONG_POOL:
            pool = sorted(self._sample(pool, MAX_LONG_POOL), key=lambda c: c.id)

        # Best first: no area clash, then the closest fit, then fewer seconds over the time.
        best_key: tuple[int, int, int] | None = None
        best: list[list[list[Card]]] = []
        sizes = [n for n in (2, 3) if n <= len(pool)] or [len(pool)]
        for size in sizes:
            for combo in itertools.combinations(pool, size):
                total = sum(c.seconds for c in combo)
                fit_key = (abs(remaining - total), max(0, total - remaining))
                if best_key is not None and (0, *fit_key) > best_key:
                    continue  # cannot beat the best even without a clash
                orders = self._rotating_orders(combo, previous)
                key = (0 if orders else 1, *fit_key)
                if best_key is not None and key > best_key:
                    continue
                if best_key is None or key < best_key:
                    best_key, best = key, []
                best.append(orders or [list(combo)])
        if not best:
            return []
        weights = [sum(self._weight(c) for c in orders[0]) for orders in best]
        chosen = self._rng.choices(best, weights=weights, k=1)[0]
        return list(self._rng.choice(chosen))

    def _rotating_orders(self, combo: Sequence[Card], previous: str | None) -> list[list[Card]]:
        """The orders of ``combo`` in which no card repeats the area of the one before it."""
        good: list[list[Card]] = []
        for order in itertools.permutations(combo):
            before = previous
            for card in order:
                if not self._follows(before, card):
                    break
                before = card.primary_area
            else:
                good.append(list(order))
        return good

    # --- shared rules ---------------------------------------------------------------------------

    def _fresh(self, pool: list[Card], need: int) -> list[Card]:
        """The cards outside the no-repeat window; the window shrinks only when fewer than
        ``need`` are left, which brings back the least recently shown cards first."""
        if not pool:
            return []
        need = min(need, len(pool))
        recent = [card_id for card_id in self._history if card_id != WALK_ID]
        for window in range(NO_REPEAT, -1, -1):
            blocked = set(recent[-window:]) if window else set()
            fresh = [c for c in pool if c.id not in blocked or c.id == WALK_ID]
            if len(fresh) >= need:
                return fresh
        return pool

    def _previous_area(self) -> str | None:
        """The primary area of the last card shown (None for an unknown or no card)."""
        if not self._history:
            return None
        card = self._by_id.get(self._history[-1])
        return card.primary_area if card is not None else None

    def _follows(self, previous: str | None, card: Card) -> bool:
        return previous is None or card.primary_area != previous or previous in self._focus

    def _weight(self, card: Card) -> int:
        return FOCUS_WEIGHT if any(area in self._focus for area in card.areas) else 1

    def _weighted(self, pool: list[Card]) -> Card:
        weights = [self._weight(card) for card in pool]
        return self._rng.choices(pool, weights=weights, k=1)[0]

    def _sample(self, pool: list[Card], k: int) -> list[Card]:
        """``k`` distinct cards, focus cards more likely (weighted sampling without replacement)."""
        left = list(pool)
        chosen: list[Card] = []
        while left and len(chosen) < k:
            card = self._weighted(left)
            left.remove(card)
            chosen.append(card)
        return chosen

    def _remember(self, picked: Sequence[Card]) -> None:
        self._history.extend(card.id for card in picked)
        del self._history[:-_HISTORY_KEPT]
