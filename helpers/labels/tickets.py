"""A text task the project makes itself: short customer-support tickets (lesson 08).

>>> data = make_tickets(seed=0)
>>> data.dev_text[0], CLASSES[data.y_dev[0]]
('hi, the app keeps crashing when i open settings', 'technical')

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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from helpers.labels.weak import (
    ABSTAIN,
    LabelingFunction,
    apply_lfs,
    classifier_lf,
    keyword_lf,
    regex_lf,
)
from helpers.labels.weak_experiment import WeakExperiment, fit_end_model

CLASSES: tuple[str, ...] = ("billing", "technical", "account", "shipping")
BILLING, TECHNICAL, ACCOUNT, SHIPPING = range(4)

# Slot vocabularies, shared by every class's templates.
_SLOTS: dict[str, tuple[str, ...]] = {
    "charged": ("charged", "billed", "debited", "charged", "billed"),
    "twice": ("twice", "two times", "double", "again this month"),
    "plan": (
        "subscription",
        "monthly plan",
        "annual plan",
        "premium plan",
        "membership",
    ),
    "card": ("card", "credit card", "visa card", "debit card", "paypal account"),
    "fee": ("a fee", "an extra fee", "a late fee", "a service charge", "a payment"),
    "statement": ("statement", "bank statement", "card statement", "invoice"),
    "money": ("$12", "$29.99", "$49", "$5.50", "$120", "$15"),
    "crashes": ("crashes", "freezes", "keeps crashing", "hangs", "closes itself"),
    "action": (
        "open settings",
        "upload a photo",
        "save a file",
        "start the app",
        "open the dashboard",
        "export a report",
    ),
    "feature": ("export", "search", "sync", "dark mode", "calendar", "upload"),
    "device": ("my phone", "my laptop", "the tablet", "android", "my iphone", "chrome"),
    "code": ("E101", "E404", "0x80070005", "E503", "0xC0000005", "E2041"),
    "version": ("v2.3", "v2.4", "v3.0", "v3.1"),
    "login": ("log in", "login", "sign in", "log into", "sign into"),
    "reset": ("reset link", "reset email", "verification code", "confirmation email"),
    "profile": ("profile", "account settings", "account", "user profile"),
    "package": ("package", "parcel", "order", "box", "delivery"),
    "item": (
        "headphones",
        "shoes",
        "charger",
        "jacket",
        "lamp",
        "book",
        "blender",
        "backpack",
        "keyboard",
        "sofa cover",
        "phone case",
        "desk chair",
    ),
    "days": ("5 days", "8 days", "10 days", "12 days", "two weeks"),
    "courier": ("courier", "driver", "delivery guy", "post office"),
}

# (class, template). Keywords the labeling functions of lesson 08 look for appear in
# only some templates; the rest are carried by words no rule uses.
_TEMPLATES: dict[int, tuple[str, ...]] = {
    BILLING: (
        "i was {charged} {twice} for my {plan}",
        "can i get a refund for my {plan}",
        "my {card} was declined when i tried to pay",
        "the invoice shows the wrong amount",
        "why did the price of my {plan} go up to {money}",
        "please cancel my {plan} and stop the payments",
        "there is {fee} on my {statement} i do not recognise",
        "the discount code did not apply at checkout",
        "i need a receipt for order #{orderno} for my expenses",
        "i was {charged} {money} but my {plan} was cancelled",
        "how do i update my payment method",
        "i want my money back, the {plan} is too expensive",
        "you took {money} from my {card} without asking",
        "my {plan} renewed although i cancelled it last month",
        "the {statement} lists {fee} for a service i never used",
        "is there a student discount on the {plan}",
        "please switch me to yearly billing",
        "the vat number is missing on my receipt",
        "i was promised a credit of {money} but it never appeared",
        "why does checkout say my {card} has expired",
    ),
    TECHNICAL: (
        "the app {crashes} when i {action}",
        "i get error code {code} when i {action}",
        "the page loads forever on {device}",
        "since the update to {version} the {feature} does not work",
        "the {feature} button does nothing on {device}",
        "sync is broken between {device} and the website",
        "notifications stopped working after the latest update",
        "the screen goes blank when i {action}",
        "there is a bug in the {feature} screen",
        "the app is very slow on {device} since {version}",
        "{feature} shows an empty list even though i have data",
        "i see a white screen when i {action} on {device}",
        "the {feature} spinner never stops on {device}",
        "the app drains my battery since {version}",
        "images are not loading in the {feature} tab",
        "the app shows a timeout when i {action}",
        "the desktop client will not install on windows",
        "my changes are not saved when i {action}",
        "the {feature} widget shows yesterday's numbers",
        "the app says something went wrong when i {action}",
    ),
    ACCOUNT: (
        "i cannot {login} my account",
        "i forgot my password and the {reset} never arrived",
        "my account is locked after too many attempts",
        "i want to change the email address on my {profile}",
        "how do i delete my account and all my data",
        "someone else may have access to my account",
        "the two factor code is not accepted",
        "please merge my two accounts",
        "the {reset} never arrived",
        "i need to update my username",
        "my {profile} says it is suspended",
        "i cannot sign in with google anymore",
        "i lost access to the phone number linked to my account",
        "my {profile} shows someone else's name",
        "i never signed up but got a welcome email",
        "how do i transfer my account to a new email",
        "the security questions are not accepted",
        "my {profile} was deactivated without warning",
        "i want to add a second user to my {profile}",
        "my username is taken by another person",
    ),
    SHIPPING: (
        "my {package} has not arrived yet",
        "tracking says delivered but i never got my {package}",
        "order #{orderno} is still in transit",
        "the {courier} left my {package} at the wrong address",
        "can i change the delivery address for order #{orderno}",
        "the {item} arrived damaged",
        "i paid {money} for express shipping but it took {days}",
        "when will my {item} be shipped",
        "i received the wrong {item} in my {package}",
        "the {item} i ordered {days} ago never arrived",
        "the {courier} says the address does not exist",
        "my {package} is stuck at customs",
        "half of my {item} order is missing",
        "the {courier} never rang the bell",
        "can you ship to a po box in canada",
        "the estimated arrival date keeps moving",
        "i need the {item} before friday, can you send it express",
        "the box was opened and the {item} is gone",
        "i want to return the {item}, where do i send it",
        "the {courier} asked me to pay customs duties",
    ),
}

# Sentences any class may contain: they dilute the signal and share words across
# classes ("email", "order", "update", "account").
_NEUTRAL = (
    "i have been a customer for years",
    "i tried again this morning",
    "my colleague has the same problem",
    "this is the second time i write to you",
    "nobody answered my last email",
    "i already checked the help pages",
    "i am using {device}",
    "it started last week",
    "please reply by email",
    "i am on the {plan}",
    "my order history looks fine otherwise",
    "i waited for an update for days",
    "my account number is {orderno}",
    "screenshot attached",
)
_OPENERS = ("hi", "hello", "hey team", "good morning", "hi support", "dear support")
_CLOSERS = (
    "thanks",
    "thank you",
    "regards",
    "any help appreciated",
    "please advise",
    "thanks in advance",
)
_URGENT = ("please help!", "this is urgent!!", "asap!", "help!!", "so frustrated!")
# Locked-out customers write short, urgent tickets; others less often.
_URGENT_RATE = {BILLING: 0.12, TECHNICAL: 0.15, ACCOUNT: 0.45, SHIPPING: 0.15}


@dataclass(frozen=True)
class TicketConfig:
    """How many tickets of each split to make, and how noisy they are."""

    n_dev: int = 80
    n_train: int = 3000
    n_test: int = 1000
    class_weights: tuple[float, ...] = (0.25, 0.25, 0.25, 0.25)
    typo_rate: float = 0.04
    second_topic_rate: float = 0.3
    neutral_rate: float = 0.5
    seed: int = 0


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

    def truth(self, split: str) -> np.ndarray:
        """The hidden labels of ``"train"`` or ``"test"`` (for scoring only)."""
        if split not in self._truth:
            raise ValueError(f"split must be 'train' or 'test', got {split!r}")
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
            options = _SLOTS[slot]
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
    """One ticket of class ``label`` (an index into :data:`CLASSES`)."""
    if label not in range(len(CLASSES)):
        raise ValueError(f"label must be in 0..{len(CLASSES) - 1}, got {label!r}")
    own = _TEMPLATES[label]
    n_main = 1 + int(rng.random() < 0.45)
    picks = rng.choice(len(own), size=n_main, replace=False)
    sentences = [_fill(own[int(k)], rng) for k in picks]
    if rng.random() < second_topic_rate:
        other = int(rng.choice([c for c in range(len(CLASSES)) if c != label]))
        templates = _TEMPLATES[other]
        borrowed = _fill(templates[int(rng.integers(len(templates)))], rng)
        sentences.insert(int(rng.integers(len(sentences) + 1)), borrowed)
    if rng.random() < neutral_rate:
        neutral = _fill(_NEUTRAL[int(rng.integers(len(_NEUTRAL)))], rng)
        sentences.insert(int(rng.integers(len(sentences) + 1)), neutral)
    if rng.random() < _URGENT_RATE[label]:
        sentences.append(_URGENT[int(rng.integers(len(_URGENT)))])
        if label == ACCOUNT and len(sentences) > 2:
            sentences = sentences[-2:]  # locked out and in a hurry: short and sharp
    elif rng.random() < 0.5:
        sentences.append(_CLOSERS[int(rng.integers(len(_CLOSERS)))])
    if rng.random() < 0.6:
        sentences.insert(0, _OPENERS[int(rng.integers(len(_OPENERS)))])
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


def _check_config(config: TicketConfig) -> np.ndarray:
    for name in ("n_dev", "n_train", "n_test"):
        value = getattr(config, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    weights = np.asarray(config.class_weights, dtype=float)
    if weights.shape != (len(CLASSES),) or (weights < 0).any() or weights.sum() <= 0:
        raise ValueError(
            f"class_weights must be {len(CLASSES)} non-negative numbers with a "
            f"positive sum, got {config.class_weights!r}"
        )
    for name in ("typo_rate", "second_topic_rate", "neutral_rate"):
        value = getattr(config, name)
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be in [0, 1], got {value}")
    return weights / weights.sum()


def make_tickets(config: TicketConfig | None = None, **overrides) -> TicketData:
    """Generate the dev, train and test tickets, reproducibly for ``config.seed``.

    Parameters
    ----------
    config : sizes, class weights, noise rates and seed; defaults to
        :class:`TicketConfig`. Keyword ``overrides`` replace single fields, e.g.
        ``make_tickets(n_train=500, seed=3)``.

    Each split holds exactly ``round(n * weight)`` tickets of each class.
    """
    config = config or TicketConfig()
    if overrides:
        unknown = set(overrides) - set(TicketConfig.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown TicketConfig fields: {sorted(unknown)}")
        config = TicketConfig(**{**config.__dict__, **overrides})
    weights = _check_config(config)
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
    return TfidfVectorizer(sublinear_tf=True, min_df=2).fit(texts)


def ticket_experiment(
    *, seed: int = 0, config: TicketConfig | None = None, C: float = 1.0
) -> WeakExperiment:
    """Everything lesson 08's widget needs, computed once for ``seed``.

    Tickets, the label matrix of :func:`ticket_lfs` on the train set, TF-IDF features
    and two baselines on the test set: the end model trained on the dev labels only
    and on the hidden train labels (fully supervised, the ceiling).
    """
    data = make_tickets(config or TicketConfig(), seed=seed)
    lfs = ticket_lfs(data.dev_text, data.y_dev)
    K = len(data.classes)
    vectorizer = ticket_vectorizer(data.train_text)
    X_train = vectorizer.transform(data.train_text)
    X_test = vectorizer.transform(data.test_text)
    X_dev = vectorizer.transform(data.dev_text)
    y_train, y_test = data.truth("train"), data.truth("test")
    onehot = np.eye(K)
    return WeakExperiment(
        names=[lf.name for lf in lfs],
        L_train=apply_lfs(lfs, data.train_text, n_classes=K),
        X_train=X_train,
        X_test=X_test,
        y_train=y_train,
        y_test=y_test,
        n_classes=K,
        C=C,
        baselines={
            "dev only": fit_end_model(X_dev, onehot[data.y_dev], C=C).score(
                X_test, y_test
            ),
            "supervised": fit_end_model(X_train, onehot[y_train], C=C).score(
                X_test, y_test
            ),
        },
    )
