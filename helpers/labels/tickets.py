"""A text task the project makes itself: short customer-support tickets (lesson 08).

>>> data = make_tickets(seed=0)
>>> data.dev_text[0], CLASSES[data.y_dev[0]]
('good morning, nobody answered my last email, so frustrated!', 'account')

Each ticket is written from sentence templates of its class (billing, technical,
account, shipping) with slots filled from class vocabularies, plus shared filler
(greetings, "thanks", "urgent!!"), sentences borrowed from another class (a shipping
ticket that also asks for a refund), words two classes share ("order", "update",
"email", "never arrived") and typos. So a handful of keywords labels part of the
tickets, imprecisely, while many more words carry the signal: what an end model can
learn and a rule does not see.

Three splits: a small hand-labelled **dev** set (labels you may use), a large
**train** set whose labels are hidden, and a **test** set. The hidden labels are
returned by :meth:`TicketData.truth`, for scoring only.

The templates and vocabularies are data, in :mod:`helpers.labels.tickets_text`;
:func:`helpers.labels.weak_experiment.ticket_experiment` builds lesson 08's experiment
on these tickets and functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
)
from helpers.labels.tickets_text import (
    ACCOUNT,
    BILLING,
    CLASSES,
    CLOSERS,
    NEUTRAL,
    OPENERS,
    SHIPPING,
    SLOTS,
    TECHNICAL,
    TEMPLATES,
    URGENT,
    URGENT_RATE,
)
from helpers.labels.weak import (
    ABSTAIN,
    LabelingFunction,
    check_texts,
    classifier_lf,
    keyword_lf,
    regex_lf,
)

MAX_TICKETS = 100_000
"""At most this many tickets per split (writing one takes about 0.1 ms)."""


@dataclass(frozen=True)
class TicketConfig:
    """How many tickets of each split to make, and how noisy they are.

    Split sizes are 1 to :data:`MAX_TICKETS`; ``class_weights`` are one non-negative
    weight per class of :data:`CLASSES` (normalised to sum to 1); the rates are
    probabilities.
    """

    n_dev: int = 80
    n_train: int = 3000
    n_test: int = 1000
    class_weights: tuple[float, ...] = (0.25, 0.25, 0.25, 0.25)
    typo_rate: float = 0.04
    second_topic_rate: float = 0.3
    neutral_rate: float = 0.5
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("n_dev", "n_train", "n_test"):
            check_int(name, getattr(self, name), low=1, high=MAX_TICKETS)
        for name in ("typo_rate", "second_topic_rate", "neutral_rate"):
            check_real(name, getattr(self, name), low=0, high=1)
        check_int("seed", self.seed, low=0)
        weights = check_array("class_weights", self.class_weights, ndim=1)
        if (
            weights.shape != (len(CLASSES),)
            or (weights < 0).any()
            or weights.sum() <= 0
        ):
            raise ValueError(
                f"class_weights must be {len(CLASSES)} non-negative numbers with a "
                f"positive sum, got {self.class_weights!r}"
            )

    @property
    def weights(self) -> np.ndarray:
        """The class weights normalised to sum to 1, shape ``(len(CLASSES),)``."""
        weights = np.asarray(self.class_weights, dtype=float)
        return weights / weights.sum()


@dataclass(frozen=True)
class TicketData:
    """Dev (hand-labelled), train (unlabelled) and test tickets.

    ``y_dev`` are the dev labels you may learn from. The true labels of train and test
    are kept aside: :meth:`truth` returns them for scoring, never for training.
    """

    dev_text: list[str]
    y_dev: np.ndarray
    train_text: list[str]
    test_text: list[str]
    config: TicketConfig
    _truth: dict[str, np.ndarray] = field(repr=False)

    classes: tuple[str, ...] = CLASSES

    def __post_init__(self) -> None:
        if not isinstance(self.config, TicketConfig):
            raise TypeError(
                f"config must be a TicketConfig, got {type(self.config).__name__}"
            )
        check_texts("dev_text", self.dev_text)
        y_dev = check_labels("y_dev", self.y_dev, n_classes=len(self.classes))
        if y_dev.size != len(self.dev_text):
            raise ValueError(
                f"dev_text and y_dev must have the same length, got "
                f"{len(self.dev_text)} and {y_dev.size}"
            )
        if not isinstance(self._truth, dict) or set(self._truth) != {"train", "test"}:
            raise ValueError("_truth must hold the hidden 'train' and 'test' labels")
        for split in ("train", "test"):
            texts = check_texts(f"{split}_text", getattr(self, f"{split}_text"))
            y = check_labels(
                f"the {split} labels", self._truth[split], n_classes=len(self.classes)
            )
            if y.size != len(texts):
                raise ValueError(
                    f"{split}_text has {len(texts)} tickets but {y.size} hidden labels"
                )

    def truth(self, split: str) -> np.ndarray:
        """The hidden labels of ``"train"`` or ``"test"`` (for scoring only)."""
        check_choice("split", split, list(self._truth))
        return self._truth[split].copy()

    def __repr__(self) -> str:
        return (
            f"TicketData(dev={len(self.dev_text)} labelled, "
            f"train={len(self.train_text)} unlabelled, test={len(self.test_text)}, "
            f"classes={list(self.classes)})"
        )


def _typo(word: str, rng: np.random.Generator) -> str:
    i = int(rng.integers(1, len(word) - 1))
    kind = rng.integers(3)
    if kind == 0:  # swap two neighbouring letters
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if kind == 1:  # drop a letter
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # double a letter


def _fill(template: str, rng: np.random.Generator) -> str:
    out = template
    while "{" in out:
        start = out.index("{")
        end = out.index("}", start)
        slot = out[start + 1 : end]
        if slot == "orderno":
            value = str(int(rng.integers(10_000, 99_999)))
        else:
            options = SLOTS[slot]
            value = options[int(rng.integers(len(options)))]
        out = out[:start] + value + out[end + 1 :]
    return out


def write_ticket(
    label: int,
    rng: np.random.Generator,
    *,
    typo_rate: float = 0.04,
    second_topic_rate: float = 0.3,
    neutral_rate: float = 0.5,
) -> str:
    """One ticket of class ``label`` (an index into :data:`CLASSES`), drawn with
    ``rng`` (a :class:`numpy.random.Generator`)."""
    label = check_int("label", label, low=0, high=len(CLASSES) - 1)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy Generator (np.random.default_rng(seed)), got "
            f"{type(rng).__name__}"
        )
    for name, rate in (
        ("typo_rate", typo_rate),
        ("second_topic_rate", second_topic_rate),
        ("neutral_rate", neutral_rate),
    ):
        check_real(name, rate, low=0, high=1)
    own = TEMPLATES[label]
    n_main = 1 + int(rng.random() < 0.45)
    picks = rng.choice(len(own), size=n_main, replace=False)
    sentences = [_fill(own[int(k)], rng) for k in picks]
    if rng.random() < second_topic_rate:
        other = int(rng.choice([c for c in range(len(CLASSES)) if c != label]))
        templates = TEMPLATES[other]
        borrowed = _fill(templates[int(rng.integers(len(templates)))], rng)
        sentences.insert(int(rng.integers(len(sentences) + 1)), borrowed)
    if rng.random() < neutral_rate:
        neutral = _fill(NEUTRAL[int(rng.integers(len(NEUTRAL)))], rng)
        sentences.insert(int(rng.integers(len(sentences) + 1)), neutral)
    if rng.random() < URGENT_RATE[label]:
        sentences.append(URGENT[int(rng.integers(len(URGENT)))])
        if label == ACCOUNT and len(sentences) > 2:
            sentences = sentences[-2:]  # locked out and in a hurry: short and sharp
    elif rng.random() < 0.5:
        sentences.append(CLOSERS[int(rng.integers(len(CLOSERS)))])
    if rng.random() < 0.6:
        sentences.insert(0, OPENERS[int(rng.integers(len(OPENERS)))])
    words = " ".join(s if s.endswith("!") else s + "," for s in sentences).split()
    for i, word in enumerate(words):
        core = word.rstrip(",!")
        if len(core) >= 4 and core.isalpha() and rng.random() < typo_rate:
            words[i] = _typo(core, rng) + word[len(core) :]
    return " ".join(words).rstrip(",")


def _balanced_labels(
    n: int, weights: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """``round(n * weight)`` labels per class (largest remainders), shuffled."""
    exact = n * weights
    counts = np.floor(exact).astype(int)
    short = n - counts.sum()
    counts[np.argsort(-(exact - counts), kind="stable")[:short]] += 1
    labels = np.repeat(np.arange(len(weights)), counts)
    return rng.permutation(labels)


def make_tickets(config: TicketConfig | None = None, **overrides) -> TicketData:
    """Generate the dev, train and test tickets, reproducibly for ``config.seed``.

    Parameters
    ----------
    config : sizes, class weights, noise rates and seed; defaults to
        :class:`TicketConfig`. Keyword ``overrides`` replace single fields, e.g.
        ``make_tickets(n_train=500, seed=3)``.

    Each split holds exactly ``round(n * weight)`` tickets of each class; a split has
    at most :data:`MAX_TICKETS` tickets.
    """
    if config is not None and not isinstance(config, TicketConfig):
        raise TypeError(f"config must be a TicketConfig, got {type(config).__name__}")
    config = config or TicketConfig()
    if overrides:
        unknown = set(overrides) - set(TicketConfig.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown TicketConfig fields: {sorted(unknown)}")
        config = TicketConfig(**{**config.__dict__, **overrides})
    weights = config.weights
    rng = np.random.default_rng(config.seed)
    splits = {}
    for split in ("dev", "train", "test"):
        y = _balanced_labels(getattr(config, f"n_{split}"), weights, rng)
        text = [
            write_ticket(
                int(c),
                rng,
                typo_rate=config.typo_rate,
                second_topic_rate=config.second_topic_rate,
                neutral_rate=config.neutral_rate,
            )
            for c in y
        ]
        splits[split] = (text, y)
    return TicketData(
        dev_text=splits["dev"][0],
        y_dev=splits["dev"][1],
        train_text=splits["train"][0],
        test_text=splits["test"][0],
        config=config,
        _truth={"train": splits["train"][1], "test": splits["test"][1]},
    )


# ------------------------------------------------------- rules and features


def ticket_lfs(dev_text: Sequence[str], y_dev: np.ndarray) -> list[LabelingFunction]:
    """The ten labeling functions of lesson 08, from sharp keywords to sloppy rules.

    The last one is a weak classifier trained on the hand-labelled dev tickets.
    """
    dev_text = check_texts("dev_text", dev_text)
    y_dev = check_labels("y_dev", y_dev, n_classes=len(CLASSES))
    if y_dev.size != len(dev_text):
        raise ValueError(
            f"dev_text and y_dev must have the same length, got {len(dev_text)} and "
            f"{y_dev.size}"
        )

    def short_and_urgent(text: str) -> int:
        return ACCOUNT if len(text.split()) <= 14 and "!" in text else ABSTAIN

    return [
        keyword_lf("kw_refund", ["refund", "charged", "invoice"], BILLING),
        keyword_lf(
            "kw_crash", ["crash", "crashes", "crashing", "error", "bug"], TECHNICAL
        ),
        keyword_lf("kw_password", ["password", "log in", "login", "locked"], ACCOUNT),
        keyword_lf(
            "kw_tracking", ["tracking", "delivery", "package", "parcel"], SHIPPING
        ),
        regex_lf("re_money", r"\$\d+", BILLING, description="an amount like $29.99"),
        regex_lf("re_order_no", r"order #\d+", SHIPPING, description="order #12345"),
        regex_lf(
            "re_error_code",
            r"\b(?:E\d{3,4}|0x[0-9a-f]{4,}|v\d+\.\d+)\b",
            TECHNICAL,
            description="an error code or version: E404, 0x8007…, v3.1",
        ),
        LabelingFunction(
            "short_urgent", short_and_urgent, "at most 14 words and a '!'"
        ),
        keyword_lf("kw_email", ["email"], ACCOUNT),
        classifier_lf("clf_dev", dev_text, y_dev, threshold=0.6),
    ]


def ticket_vectorizer(texts: Sequence[str]) -> TfidfVectorizer:
    """TF-IDF over the words seen in at least two ``texts`` (fitted)."""
    texts = check_texts("texts", texts)
    return TfidfVectorizer(sublinear_tf=True, min_df=2).fit(texts)
