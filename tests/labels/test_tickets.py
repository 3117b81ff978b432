"""The support-ticket generator and lesson 08's labeling functions."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from helpers.labels import tickets
from helpers.labels.tickets import CLASSES, TicketConfig, make_tickets, ticket_lfs
from helpers.labels.weak import ABSTAIN, apply_lfs, lf_summary
from helpers.labels.weak_experiment import fit_end_model

SMALL = {"n_dev": 40, "n_train": 800, "n_test": 400}


@pytest.fixture(scope="module")
def data():
    return make_tickets(seed=0)


def test_same_seed_same_tickets_other_seed_other_tickets():
    a, b = make_tickets(seed=3, **SMALL), make_tickets(seed=3, **SMALL)
    assert a.dev_text == b.dev_text and a.train_text == b.train_text
    assert a.test_text == b.test_text
    np.testing.assert_array_equal(a.y_dev, b.y_dev)
    np.testing.assert_array_equal(a.truth("train"), b.truth("train"))
    c = make_tickets(seed=4, **SMALL)
    assert c.train_text != a.train_text


def test_sizes_and_exact_balance(data):
    cfg = TicketConfig()
    assert len(data.dev_text) == cfg.n_dev == len(data.y_dev)
    assert len(data.train_text) == cfg.n_train
    assert len(data.test_text) == cfg.n_test
    for y, n in [
        (data.y_dev, cfg.n_dev),
        (data.truth("train"), cfg.n_train),
        (data.truth("test"), cfg.n_test),
    ]:
        np.testing.assert_array_equal(np.bincount(y, minlength=4), [n // 4] * 4)


def test_class_weights_are_honoured_exactly():
    d = make_tickets(class_weights=(4, 3, 2, 1), n_dev=40, n_train=1000, n_test=50)
    np.testing.assert_array_equal(np.bincount(d.y_dev), [16, 12, 8, 4])
    np.testing.assert_array_equal(np.bincount(d.truth("train")), [400, 300, 200, 100])
    # 50 * (.4, .3, .2, .1) = 20, 15, 10, 5
    np.testing.assert_array_equal(np.bincount(d.truth("test")), [20, 15, 10, 5])


def test_labels_are_not_in_the_order_of_classes(data):
    # shuffled: the first 20 dev tickets are not all one class
    assert np.unique(data.y_dev[:20]).size > 1


def test_truth_is_kept_aside_and_copied(data):
    y = data.truth("train")
    y[:] = -5
    assert (data.truth("train") >= 0).all()
    with pytest.raises(
        ValueError, match=r"unknown split 'dev'; choose one of \['train', 'test'\]"
    ):
        data.truth("dev")
    assert "truth" not in repr(data).lower()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"n_train": 0}, r"n_train must be an integer in \[1, 100000\]"),
        ({"class_weights": (1, 1, 1)}, "class_weights must be 4"),
        ({"class_weights": (1, -1, 1, 1)}, "class_weights must be 4"),
        ({"typo_rate": 1.5}, r"typo_rate must be in \[0, 1\]"),
        ({"second_topic_rate": -0.1}, "second_topic_rate"),
        ({"size": 3}, "unknown TicketConfig fields"),
    ],
)
def test_bad_configs_are_rejected(override, message):
    with pytest.raises(ValueError, match=message):
        make_tickets(**override)


@pytest.mark.parametrize(
    ("override", "message"),
    [({"n_dev": 2.5}, "n_dev must be an integer"), ({"seed": "0"}, "seed")],
)
def test_config_values_of_the_wrong_type_are_rejected(override, message):
    with pytest.raises(TypeError, match=message):
        make_tickets(**override)


def test_write_ticket_rejects_unknown_class_and_bad_rates():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"label must be an integer in \[0, 3\]"):
        tickets.write_ticket(4, rng)
    with pytest.raises(ValueError, match="typo_rate"):
        tickets.write_ticket(0, rng, typo_rate=2.0)


def test_noise_knobs_do_what_they_say():
    rng = np.random.default_rng(0)
    clean = [
        tickets.write_ticket(0, rng, typo_rate=0, second_topic_rate=0, neutral_rate=0)
        for _ in range(200)
    ]
    # without borrowed sentences, no billing ticket mentions tracking or passwords
    assert not any("tracking" in t or "password" in t for t in clean)
    vocab = {w.strip(",!") for t in clean for w in t.split()}
    typo = make_tickets(typo_rate=1.0, **SMALL)
    typo_vocab = {w.strip(",!") for t in typo.train_text for w in t.split()}
    assert len(typo_vocab) > 3 * len(vocab)


def test_words_beyond_the_rules_carry_signal(data):
    """A classifier that may not see any rule keyword still learns the classes."""
    lfs = ticket_lfs(data.dev_text, data.y_dev)
    keywords = [
        "refund", "charged", "invoice", "crash", "crashes", "crashing", "error",
        "bug", "password", "log", "login", "locked", "tracking", "delivery",
        "package", "parcel", "email", "order",
    ]  # fmt: skip
    assert {lf.name for lf in lfs} >= {"kw_refund", "kw_tracking", "kw_email"}
    vec = TfidfVectorizer(stop_words=keywords, token_pattern=r"(?u)\b[a-z]{2,}\b")
    X = vec.fit_transform(data.train_text)
    model = fit_end_model(X, np.eye(4)[data.truth("train")], C=1.0)
    acc = model.score(vec.transform(data.test_text), data.truth("test"))
    assert acc > 0.8, acc


def test_labeling_functions_are_useful_but_imprecise(data):
    lfs = ticket_lfs(data.dev_text, data.y_dev)
    L = apply_lfs(lfs, data.train_text, n_classes=len(CLASSES))
    table = lf_summary(
        L, names=[lf.name for lf in lfs], n_classes=4, y=data.truth("train")
    )
    assert (table["coverage"] > 0.02).all() and (table["coverage"] < 0.7).all()
    # better than chance (0.25), none perfect: the rules are weak, not wrong
    assert (table["accuracy"] > 0.3).all() and (table["accuracy"] < 0.995).all()
    # the keyword and pattern rules vote one class; the classifier votes all four
    assert table.loc["kw_refund", "polarity"] == [tickets.BILLING]
    assert table.loc["clf_dev", "polarity"] == [0, 1, 2, 3]
    # some tickets no function labels: an end model has to generalise to them
    assert 0.05 < (L == ABSTAIN).all(axis=1).mean() < 0.5


def test_short_urgent_heuristic():
    texts, y = ["my bill is wrong", "the app is broken"], np.array([0, 1])
    lfs = {lf.name: lf for lf in ticket_lfs(texts, y)}
    assert lfs["short_urgent"]("my account is locked, help!!") == tickets.ACCOUNT
    assert lfs["short_urgent"]("my account is locked") == ABSTAIN
    long = "word " * 20 + "help!"
    assert lfs["short_urgent"](long) == ABSTAIN


def test_huge_splits_are_refused_at_once():
    import time

    start = time.perf_counter()
    with pytest.raises(
        ValueError, match=r"n_train must be an integer in \[1, 100000\]"
    ):
        make_tickets(n_train=10**12)
    assert time.perf_counter() - start < 1.0
    with pytest.raises(ValueError, match="n_dev"):
        TicketConfig(n_dev=10**12)


def test_ticket_parts_are_checked():
    data = make_tickets(n_dev=8, n_train=4, n_test=4)
    with pytest.raises(ValueError, match="dev_text and y_dev must have the same"):
        tickets.TicketData(
            data.dev_text[:-1],
            data.y_dev,
            data.train_text,
            data.test_text,
            data.config,
            {"train": data.truth("train"), "test": data.truth("test")},
        )
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        tickets.write_ticket(0, 0)
    with pytest.raises(TypeError, match="texts must be a sequence of strings"):
        tickets.ticket_vectorizer("one ticket")
    with pytest.raises(ValueError, match="y_dev must hold labels in 0..3"):
        ticket_lfs(data.dev_text, np.full(8, 4))
    with pytest.raises(TypeError, match="config must be a TicketConfig"):
        make_tickets({"n_dev": 3})
