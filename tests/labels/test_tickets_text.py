"""Tests of labels.tickets_text: the templates and vocabularies fit together."""

from __future__ import annotations

import re
import string

from helpers.labels import tickets_text as T


def _slots(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_class_has_templates_and_every_slot_has_words():
    assert set(T.TEMPLATES) == set(range(len(T.CLASSES))) == set(T.URGENT_RATE)
    assert (T.BILLING, T.TECHNICAL, T.ACCOUNT, T.SHIPPING) == (0, 1, 2, 3)
    used = set()
    for templates in T.TEMPLATES.values():
        assert len(templates) >= 15 and len(set(templates)) == len(templates)
        for template in templates:
            used |= _slots(template)
    for template in T.NEUTRAL:
        used |= _slots(template)
    assert used - {"orderno"} <= set(T.SLOTS)  # every gap can be filled
    assert set(T.SLOTS) <= used  # no vocabulary is dead
    assert all(len(words) >= 4 for words in T.SLOTS.values())


def test_filler_is_lower_case_text_and_rates_are_probabilities():
    for phrase in (*T.OPENERS, *T.CLOSERS, *T.URGENT):
        assert phrase == phrase.lower() and re.fullmatch(r"[a-z !]+", phrase)
    assert all(p.endswith("!") for p in T.URGENT)
    assert all(0 <= r <= 1 for r in T.URGENT_RATE.values())
    assert max(T.URGENT_RATE, key=T.URGENT_RATE.get) == T.ACCOUNT
