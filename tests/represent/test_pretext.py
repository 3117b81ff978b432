"""Tests for represent/pretext.py: the corpus, the pretext examples, the tiny model."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.represent.pretext import (
    PROFESSIONS,
    Vocabulary,
    make_corpus,
    make_examples,
    nearest_words,
    predict,
    show_examples,
    train_pretext,
    word_kinds,
)


def test_corpus_is_reproducible_and_follows_the_templates():
    a, b = make_corpus(50, seed=3), make_corpus(50, seed=3)
    assert a == b and a != make_corpus(50, seed=4)
    for sentence in a:
        words = sentence.split()
        who = next(w for w in words if w in PROFESSIONS)
        verb, objects, place = PROFESSIONS[who]
        assert words[words.index(who) + 1] == verb
        assert words[words.index(verb) + 1] in objects
        assert place in sentence
    kinds = word_kinds()
    assert all(w in kinds for s in a for w in s.split())
    with pytest.raises(ValueError, match=r"n_sentences must be an integer in \[1"):
        make_corpus(0, seed=0)
    with pytest.raises(TypeError, match="n_sentences must be an integer"):
        make_corpus(2.5, seed=0)


def test_examples_take_their_labels_from_the_text():
    sentences = ["the chef cooks soup in the kitchen every morning"]
    vocab = Vocabulary.from_corpus(sentences)
    words = sentences[0].split()
    for task in ("next", "cloze"):
        ctx, y, pos = make_examples(sentences, vocab, task=task, window=2)
        # The labels, in order, spell the sentence: nobody annotated anything.
        assert [vocab.words[i] for i in y] == words
        np.testing.assert_array_equal(pos, np.arange(len(words)))
        assert ctx.shape == (len(words), 2 if task == "next" else 4)
    ctx, y, _ = make_examples(sentences, vocab, task="next", window=2)
    assert [vocab.words[i] for i in ctx[3]] == words[1:3]  # "chef cooks" -> "soup"
    ctx, _, _ = make_examples(sentences, vocab, task="cloze", window=2)
    assert [vocab.words[i] for i in ctx[1]] == ["<s>", "the", "cooks", "soup"]
    lines = show_examples(ctx[:2], y[:2], vocab, task="cloze")
    assert lines[1].split() == ["·", "the", "___", "cooks", "soup", "->", "chef"]
    with pytest.raises(ValueError, match="unknown task 'translate'"):
        make_examples(sentences, vocab, task="translate")
    with pytest.raises(ValueError, match="not in the vocabulary"):
        vocab.ids("the astronaut")
    with pytest.raises(ValueError, match=r"window must be an integer in \[1"):
        make_examples(sentences, vocab, task="next", window=0)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"steps": 0}, ValueError, r"steps must be an integer in \[1"),
        ({"steps": 2.0}, TypeError, "steps must be an integer"),
        ({"lr": float("nan")}, ValueError, "lr must be a finite number"),
        ({"lr": 0.0}, ValueError, r"lr must be in \(0, inf\)"),
    ],
)
def test_train_pretext_rejects_bad_settings(kwargs, error, message):
    text = ["the chef cooks soup in the kitchen every morning"]
    with pytest.raises(error, match=message):
        train_pretext(text, text, task="next", **kwargs)


@pytest.fixture(scope="module")
def trained():
    train, test = make_corpus(300, seed=0), make_corpus(100, seed=1)
    return {t: train_pretext(train, test, task=t, steps=120) for t in ("next", "cloze")}


def test_both_tasks_learn_and_cloze_sees_the_right_context(trained):
    for result in trained.values():
        assert result.test_accuracy > result.baseline_accuracy + 0.3
        assert result.losses[-1] < result.losses[0] / 2
        assert result.accuracy_by_kind["verb"] > 0.95
        # Objects are drawn at random among three: nobody beats about 1/3 by much.
        assert result.accuracy_by_kind["object"] < 0.5
    assert trained["next"].accuracy_by_kind["profession"] < 0.3
    assert trained["cloze"].accuracy_by_kind["profession"] > 0.95


def test_predict_and_nearest_words(trained):
    word, prob = predict(trained["next"], "the old chef")[0]
    assert word == "cooks" and prob > 0.9
    assert predict(trained["cloze"], "the old ___ cooks soup in")[0][0] == "chef"
    kinds = word_kinds()
    assert {kinds[w] for w in nearest_words(trained["cloze"], "soup", k=2)} == {
        "object"
    }
    with pytest.raises(ValueError, match="exactly one '___'"):
        predict(trained["cloze"], "the old chef")
    with pytest.raises(ValueError, match="no gap"):
        predict(trained["next"], "the ___ chef")
    with pytest.raises(ValueError, match="not in the vocabulary"):
        predict(trained["next"], "the astronaut")
    with pytest.raises(ValueError, match="not in the vocabulary"):
        nearest_words(trained["next"], "astronaut")


def test_sizes_have_caps_and_are_refused_at_once():
    with pytest.raises(ValueError, match=r"n_sentences must be an integer in \[1, "):
        make_corpus(10**12, seed=0)  # used to run until killed
    text = make_corpus(5, seed=0)
    with pytest.raises(ValueError, match=r"steps must be an integer in \[1, "):
        train_pretext(text, text, task="next", steps=10**12)
    with pytest.raises(ValueError, match=r"window must be an integer in \[1, 20\]"):
        make_examples(text, Vocabulary.from_corpus(text), task="next", window=10**6)


def test_vocabulary_and_examples_check_their_inputs():
    with pytest.raises(ValueError, match="must start with the padding token"):
        Vocabulary(("the", "chef"))
    with pytest.raises(ValueError, match="must not repeat"):
        Vocabulary(("<s>", "the", "the"))
    with pytest.raises(TypeError, match="sentences must be a list"):
        Vocabulary.from_corpus("the chef cooks")
    vocab = Vocabulary(("<s>", "chef", "cooks", "the"))
    contexts, labels, _ = make_examples(["the chef cooks"], vocab, task="next")
    with pytest.raises(ValueError, match="unknown task 'prev'"):
        show_examples(contexts, labels, vocab, task="prev")
    with pytest.raises(ValueError, match=r"contexts must hold labels in 0..3"):
        show_examples(contexts + 4, labels, vocab, task="next")
    with pytest.raises(ValueError, match="contexts and labels must have the same"):
        show_examples(contexts, labels[:-1], vocab, task="next")
