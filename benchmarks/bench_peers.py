"""Lessons 05-08's labeling helpers side by side with peer libraries (issue 11).

Run as ``python -m benchmarks.bench_peers [--quick] [--areas active,self,weak,crowd]``
(``make bench-peers`` installs the optional ``peers`` group first). Peers: modAL,
scikit-activeml, snorkel, crowd-kit and scikit-learn; they are imported here only.

One protocol for every area: medians over seeds, one CPU thread, every timing
measured in this run (``ratio to fastest peer`` divides by the fastest peer library
measured on the same data set in the same run).

* **active** -- pool-based active learning with the loop of lesson 07
  (:func:`helpers.labels.active_loop.run_active_learning`: logistic regression, C=5,
  2 labels per class to start, batches of 10). Peer strategies run inside the same
  loop through a thin adapter. "labels to 90 %" = labels at which the median curve
  first reaches 90 % of the accuracy of the same model trained on the whole pool
  (its "ceiling"; a relative target, so that it means the same on every data set).
  Plus one query on a 35,000-item pool with 300 labels (core-set, margin).
* **self** -- self-training with few labels (lesson 06): every setting is chosen on
  a validation set cut from the test split, the rest of the test split is scored once.
* **weak** -- label models on labeling-function votes (lesson 08): the tickets and
  digits labeling functions (weak classifiers on random pixel subsets).
* **crowd** -- simulated annotators (lesson 05), uniform vs class-dependent noise.

Writes ``benchmarks/results/peers_<area>.csv`` and ``peers_summary.md``.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import Target

RESULTS = Path(__file__).resolve().parent / "results"
SEEDS = {True: (0, 1, 2), False: tuple(range(10))}


def quiet() -> None:
    """One CPU thread for every library (the lessons' setting) and no warnings."""
    import helpers

    warnings.filterwarnings("ignore")
    helpers.set_threads(1)
    import logging

    logging.disable(logging.WARNING)


def describe(quick: bool) -> str:
    return (
        f"medians over {len(SEEDS[quick])} seeds; logistic regression learner, "
        "batches of 10; one CPU thread"
    )


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, 1e3 * (time.perf_counter() - t0)


# ------------------------------------------------------------------ data sets


def _scaled(X_pool, y_pool, X_test, y_test, name):
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(X_pool)
    return name, scaler.transform(X_pool), y_pool, scaler.transform(X_test), y_test


def datasets(quick: bool) -> list[tuple]:
    """``(name, X_pool, y_pool, X_test, y_test)``: digits (the lessons' split, pixels
    in [0, 1]), breast cancer and wine (standardised on the pool) and a 5-class
    synthetic set from ``make_classification``."""
    from sklearn.datasets import make_classification
    from sklearn.model_selection import train_test_split

    from helpers.core.data import load_digits_split, load_split

    d = load_digits_split()
    out = [("digits", d.X_pool, d.y_pool, d.X_test, d.y_test)]
    for name in ("breast_cancer", "wine"):
        s = load_split(name)
        out.append(_scaled(s.X_pool, s.y_pool, s.X_test, s.y_test, name))
    X, y = make_classification(
        n_samples=1500 if quick else 2500,
        n_features=20,
        n_informative=8,
        n_redundant=4,
        n_classes=5,
        n_clusters_per_class=2,
        class_sep=1.5,
        random_state=0,
    )
    Xp, Xt, yp, yt = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
    out.append(_scaled(Xp, yp, Xt, yt, "synthetic5"))
    return out


# ------------------------------------------------------------- active learning


def _first(idx) -> np.ndarray:
    """modAL returns indices, or (indices, scores) in some versions."""
    if isinstance(idx, tuple):
        idx = idx[0]
    return np.asarray(idx, dtype=int).ravel()


class _ModalLearner:
    """What modAL's batch sampling reads from an ActiveLearner: the fitted model's
    probabilities and the labelled rows."""

    on_transformed = False

    def __init__(self, model, X_training):
        self.estimator, self.X_training = model, X_training

    def predict_proba(self, X, **kwargs):
        return self.estimator.predict_proba(X)


def _peer_strategies() -> dict[str, tuple[str, object]]:
    """Peer query strategies in the loop's signature: name -> (library, strategy)."""
    from modAL.batch import uncertainty_batch_sampling
    from modAL.uncertainty import margin_sampling
    from skactiveml.pool import CoreSet, TypiClust

    def modal_margin(source, X_unlabeled, *, batch_size, rng, X_labeled=None):
        return _first(margin_sampling(source, X_unlabeled, n_instances=batch_size))

    def modal_ranked_batch(source, X_unlabeled, *, batch_size, rng, X_labeled=None):
        learner = _ModalLearner(source, X_labeled)
        return _first(
            uncertainty_batch_sampling(learner, X_unlabeled, n_instances=batch_size)
        )

    def skal(factory):
        def strategy(source, X_unlabeled, *, batch_size, rng, X_labeled=None):
            X = np.vstack([X_labeled, X_unlabeled])
            y = np.full(len(X), np.nan)
            y[: len(X_labeled)] = 0  # labelled vs missing is all these strategies read
            qs = factory(int(rng.integers(2**31 - 1)))
            picked = qs.query(X, y, batch_size=batch_size)
            return np.asarray(picked, dtype=int) - len(X_labeled)

        return strategy

    return {
        "modAL margin": ("modAL", modal_margin),
        "modAL ranked batch": ("modAL", modal_ranked_batch),
        "skactiveml TypiClust": (
            "skactiveml",
            skal(lambda s: TypiClust(random_state=s)),
        ),
        "skactiveml CoreSet": ("skactiveml", skal(lambda s: CoreSet(random_state=s))),
    }


WORKBOOK_STRATEGIES = ("random", "margin", "hybrid", "kmeans", "typiclust", "coreset")
AL_BUDGET = {
    True: {"digits": 150, "breast_cancer": 60, "wine": 40, "synthetic5": 150},
    False: {"digits": 300, "breast_cancer": 100, "wine": 60, "synthetic5": 300},
}


def active_area(quick: bool) -> pd.DataFrame:
    from helpers.core.data import labelled_subset
    from helpers.labels.active_loop import make_model, run_active_learning
    from helpers.labels.curves import LabelCurve, labels_to_reach
    from helpers.labels.strategies import STRATEGIES

    methods = {
        n: ("baseline" if n == "random" else "workbook", n)
        for n in WORKBOOK_STRATEGIES
        if n in STRATEGIES
    }
    methods |= _peer_strategies()
    rows = []
    for name, Xp, yp, Xt, yt in datasets(quick):
        budget = AL_BUDGET[quick][name]
        ceiling = make_model(warm_start=False).fit(Xp, yp).score(Xt, yt)
        for method, (library, strategy) in methods.items():
            runs = []
            for seed in SEEDS[quick]:
                start = labelled_subset(yp, per_class=2, seed=seed)
                runs.append(
                    run_active_learning(
                        Xp,
                        yp,
                        Xt,
                        yt,
                        strategy=strategy,
                        start=start,
                        batch_size=10,
                        budget=budget,
                        seed=seed,
                    )
                )
            curve = LabelCurve(runs[0].n_labels, np.stack([r.accuracy for r in runs]))
            n_rounds = len(runs[0].n_labels)
            rows.append(
                {
                    "dataset": name,
                    "method": method,
                    "library": library,
                    "final accuracy": float(np.median(curve.accuracy[:, -1])),
                    "mean accuracy": float(np.median(curve.accuracy.mean(axis=1))),
                    "labels to 90 %": labels_to_reach(curve, 0.9 * ceiling),
                    "labels to 95 %": labels_to_reach(curve, 0.95 * ceiling),
                    "ceiling": ceiling,
                    "query ms": 1e3
                    * np.median([r.query_seconds for r in runs])
                    / (n_rounds - 1),
                    "update ms": 1e3
                    * np.median([r.train_seconds for r in runs])
                    / n_rounds,
                }
            )
    return pd.DataFrame(rows)


def big_pool_timing(quick: bool) -> pd.DataFrame:
    """One query of 10 on a 35,000-item float32 pool with 300 labels: CPU ms."""
    from modAL.uncertainty import margin_sampling
    from skactiveml.pool import CoreSet

    from helpers.core.data import labelled_subset, load_digits_split
    from helpers.labels.active_loop import make_model
    from helpers.labels.active_timing import big_pool
    from helpers.labels.strategies import coreset, margin

    d = load_digits_split()
    lab = labelled_subset(d.y_pool, per_class=30, seed=0)  # 300 labels
    X_lab = d.X_pool[lab].astype(np.float32)
    model = make_model(warm_start=False).fit(X_lab, d.y_pool[lab])
    X_big = big_pool(35_000, seed=0)  # (35000, 64) float32
    X_all = np.vstack([X_lab, X_big])
    y_all = np.full(len(X_all), np.nan)
    y_all[: len(X_lab)] = 0
    rng = np.random.default_rng(0)
    calls = {
        ("core-set", "workbook"): lambda: coreset(
            None, X_big, batch_size=10, rng=rng, X_labeled=X_lab
        ),
        ("core-set", "skactiveml"): lambda: CoreSet(random_state=0).query(
            X_all, y_all, batch_size=10
        ),
        ("margin", "workbook"): lambda: margin(model, X_big, batch_size=10, rng=rng),
        ("margin", "modAL"): lambda: margin_sampling(model, X_big, n_instances=10),
    }
    repeat = 3 if quick else 9
    rows = []
    for (what, library), fn in calls.items():
        fn()  # warm-up
        times = []
        for _ in range(repeat):
            t0 = time.process_time()
            fn()
            times.append(time.process_time() - t0)
        rows.append(
            {
                "query": what,
                "library": library,
                "pool": len(X_big),
                "labels": len(X_lab),
                "query ms": 1e3 * float(np.median(times)),
            }
        )
    table = pd.DataFrame(rows)
    # ratio within each query type
    fastest = table[table.library != "workbook"].groupby("query")["query ms"].min()
    table["ratio to peer"] = (table["query ms"] / table["query"].map(fastest)).round(2)
    return table


# --------------------------------------------------------------- self-training


ST_LABELS = {"digits": 5, "breast_cancer": 10, "wine": 3, "synthetic5": 5}
ST_VAL = {"digits": 10, "breast_cancer": 10, "wine": 3, "synthetic5": 10}


def self_area(quick: bool) -> pd.DataFrame:
    """Every setting chosen on a validation set cut from the test split."""
    from helpers.core.data import labelled_subset
    from helpers.labels import selftraining as st

    thresholds = (0.5, 0.7, 0.9) if quick else (0.5, 0.7, 0.9, 0.95)
    sk_thresholds = (0.7, 0.8, 0.9, 0.95)
    rows = []
    for name, Xp, yp, Xt, yt in datasets(quick):
        val = labelled_subset(yt, per_class=ST_VAL[name], seed=0)
        test = np.setdiff1d(np.arange(len(yt)), val)
        Xv, yv, Xs, ys = Xt[val], yt[val], Xt[test], yt[test]
        configs = {}
        for model_name, factory in st.BASE_MODELS.items():
            configs[("supervised only", model_name, "-")] = ("sup", factory, None)
            for t in thresholds:
                for balanced in (False, True):
                    rule = "class-balanced" if balanced else "plain"
                    key = (f"workbook self_train ({rule})", model_name, t)
                    configs[key] = ("wb", factory, (t, balanced))
        for t in sk_thresholds:
            configs[("scikit-learn SelfTraining", "logistic regression", t)] = (
                "sk",
                st.logistic_regression,
                t,
            )
        scores = {key: [] for key in configs}
        times = {key: [] for key in configs}
        for seed in SEEDS[quick]:
            y_s = st.partial_labels(yp, per_class=ST_LABELS[name], seed=seed)
            k = 10 if name in ("digits", "synthetic5") else 5
            for key, (kind, factory, arg) in configs.items():
                t0 = time.perf_counter()
                if kind == "sup":
                    model = factory().fit(Xp[y_s >= 0], y_s[y_s >= 0])
                elif kind == "wb":
                    t, balanced = arg
                    model = st.self_train(
                        Xp,
                        y_s,
                        threshold=t,
                        k=k,
                        balanced=balanced,
                        max_rounds=12,
                        make_model=factory,
                    ).model
                else:
                    model = st.sklearn_self_training(
                        Xp, y_s, threshold=arg, max_rounds=12, make_model=factory
                    )
                times[key].append(1e3 * (time.perf_counter() - t0))
                scores[key].append((model.score(Xv, yv), model.score(Xs, ys)))
        med = {k: np.median(np.array(v), axis=0) for k, v in scores.items()}
        families = {}
        for key in configs:
            families.setdefault(key[0], []).append(key)
        for family, keys in families.items():
            best = max(keys, key=lambda k: (med[k][0], -keys.index(k)))
            library = {
                "supervised only": "baseline",
                "scikit-learn SelfTraining": "scikit-learn",
            }.get(family, "workbook")
            rows.append(
                {
                    "dataset": name,
                    "method": family,
                    "library": library,
                    "chosen on validation": f"{best[1]}, threshold {best[2]}",
                    "validation accuracy": med[best][0],
                    "test accuracy": med[best][1],
                    "labels": int((y_s >= 0).sum()),
                    "fit ms": float(np.median(times[best])),
                }
            )
    return pd.DataFrame(rows)


# ---------------------------------------------------------- weak supervision


def digits_lfs(*, seed: int = 0, varied: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Lesson 08's weak digit classifiers as labeling functions (see
    :func:`helpers.labels.weak_digits.digits_label_matrix`)."""
    from helpers.labels.weak_digits import digits_label_matrix

    return digits_label_matrix(seed=seed, varied=varied)


def ticket_votes(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Lesson 08's label matrix on the training tickets: ``(L, y)``."""
    from helpers.labels.tickets import make_tickets, ticket_lfs
    from helpers.labels.weak import apply_lfs

    data = make_tickets(seed=seed)
    lfs = ticket_lfs(data.dev_text, data.y_dev)
    L = apply_lfs(lfs, data.train_text, n_classes=len(data.classes))
    return L, data.truth("train")


def _label_models(K: int, seed: int) -> dict[str, tuple[str, object]]:
    """name -> (library, L -> posteriors (n, K))."""
    from snorkel.labeling.model import LabelModel as SnorkelLabelModel

    from helpers.labels import label_model as lm
    from helpers.labels.crowd import dawid_skene
    from helpers.labels.votes import vote_counts

    def mv(L):
        counts = vote_counts(L, n_classes=K) + 1e-9 * np.random.default_rng(
            seed
        ).random((len(L), K))  # random tie-break
        return counts

    def snorkel(L):
        model = SnorkelLabelModel(cardinality=K, verbose=False)
        model.fit(L, n_epochs=500, seed=seed, progress_bar=False)
        return model.predict_proba(L)

    out = {
        "majority vote": ("baseline", mv),
        "workbook LabelModel": (
            "workbook",
            lambda L: lm.LabelModel(K).fit(L).predict_proba(L),
        ),
        "workbook Dawid-Skene": (
            "workbook",
            lambda L: dawid_skene(L, n_classes=K).posteriors,
        ),
        "snorkel LabelModel": ("snorkel", snorkel),
    }
    return out


def weak_area(quick: bool) -> pd.DataFrame:
    rows = []
    tasks = {
        "tickets": (4, ticket_votes),
        "digits LFs (varied)": (10, lambda s: digits_lfs(seed=s)),
        "digits LFs (alike)": (10, lambda s: digits_lfs(seed=s, varied=False)),
    }
    for task, (K, make) in tasks.items():
        acc, ms, cov = {}, {}, []
        for seed in SEEDS[quick]:
            L, y = make(seed)
            covered = (L != -1).any(axis=1)
            cov.append(covered.mean())
            for name, (library, fit) in _label_models(K, seed).items():
                proba, t = _timed(lambda f=fit, L=L: f(L))
                pred = np.asarray(proba).argmax(axis=1)
                acc.setdefault((name, library), []).append(
                    (pred[covered] == y[covered]).mean()
                )
                ms.setdefault(name, []).append(t)
        mv_acc = np.array(acc[("majority vote", "baseline")])
        for (name, library), values in acc.items():
            values = np.array(values)
            rows.append(
                {
                    "dataset": task,
                    "method": name,
                    "library": library,
                    "label accuracy": float(np.median(values)),
                    "seeds above majority vote": f"{int((values > mv_acc).sum())}"
                    f"/{len(values)}",
                    "coverage": float(np.median(cov)),
                    "fit ms": float(np.median(ms[name])),
                }
            )
    return pd.DataFrame(rows)


# ------------------------------------------------------------ crowdsourcing


def crowd_area(quick: bool) -> pd.DataFrame:
    from crowdkit.aggregation import DawidSkene, MajorityVote, OneCoinDawidSkene

    from helpers.labels import crowd
    from helpers.labels.crowd_onecoin import one_coin

    sets = {
        name: (yp, len(np.unique(yp)))
        for name, _, yp, _, _ in datasets(quick)
        if name != "breast_cancer"  # two classes: no class-dependent pairs to swap
    }
    n_annotators, per_item = 9, 3
    rows = []
    for name, (y, K) in sets.items():
        for noise in ("uniform", "systematic"):
            acc, ms = {}, {}
            for seed in SEEDS[quick]:
                rng = np.random.default_rng(seed)
                low = 1 / K + 0.15
                accuracies = rng.uniform(low, 0.85, size=n_annotators)
                conf = crowd.annotator_confusions(accuracies, n_classes=K, style=noise)
                mask = crowd.assignment_mask(
                    len(y), n_annotators, per_item=per_item, seed=seed
                )
                v = crowd.simulate_votes(y, conf, mask=mask, seed=seed)
                i, j = np.nonzero(v >= 0)
                df = pd.DataFrame({"task": i, "worker": j, "label": v[i, j]})

                def ck(model, df=df):
                    return model.fit_predict(df).sort_index().to_numpy()

                methods = {
                    ("majority vote", "baseline"): lambda v=v, s=seed, K=K: (
                        crowd.majority_vote(v, n_classes=K, seed=s)
                    ),
                    ("workbook Dawid-Skene", "workbook"): lambda v=v, K=K: (
                        crowd.dawid_skene(v, n_classes=K).labels
                    ),
                    ("workbook one-coin", "workbook"): lambda v=v, K=K: (
                        one_coin(v, n_classes=K).labels
                    ),
                    ("crowd-kit MajorityVote", "crowd-kit"): lambda: ck(MajorityVote()),
                    ("crowd-kit DawidSkene", "crowd-kit"): lambda: ck(
                        DawidSkene(n_iter=100)
                    ),
                    ("crowd-kit OneCoinDawidSkene", "crowd-kit"): lambda: ck(
                        OneCoinDawidSkene(n_iter=100)
                    ),
                }
                for key, fn in methods.items():
                    labels, t = _timed(fn)
                    acc.setdefault(key, []).append((labels == y).mean())
                    ms.setdefault(key, []).append(t)
            for (method, library), values in acc.items():
                rows.append(
                    {
                        "dataset": name,
                        "noise": noise,
                        "method": method,
                        "library": library,
                        "accuracy": float(np.median(values)),
                        "fit ms": float(np.median(ms[(method, library)])),
                    }
                )
    return pd.DataFrame(rows)


AREAS = {
    "active": active_area,
    "self": self_area,
    "weak": weak_area,
    "crowd": crowd_area,
}


def _ratio_to_peers(table: pd.DataFrame, col: str) -> pd.Series:
    """``col`` divided by the fastest peer library's ``col`` on the same data set
    (and setting)."""
    keys = [k for k in ("dataset", "noise") if k in table.columns]
    peers = table[~table["library"].isin(["workbook", "baseline"])]
    fastest = peers.groupby(keys)[col].min().rename("fastest")
    merged = table.join(fastest, on=keys)
    return (merged[col] / merged["fastest"]).round(2)


MATCHING_PEER = {
    # active learning: the peer strategy doing the same job
    "margin": "modAL margin",
    "hybrid": "modAL ranked batch",
    "typiclust": "skactiveml TypiClust",
    "kmeans": "skactiveml TypiClust",
    "coreset": "skactiveml CoreSet",
    # weak supervision
    "workbook LabelModel": "snorkel LabelModel",
    "workbook Dawid-Skene": "snorkel LabelModel",
    # crowdsourcing
    "majority vote": "crowd-kit MajorityVote",
    "workbook Dawid-Skene (crowd)": "crowd-kit DawidSkene",
    "workbook one-coin": "crowd-kit OneCoinDawidSkene",
}


def _ratio_to_matching(table: pd.DataFrame, col: str, area: str) -> pd.Series:
    """``col`` divided by that of the peer method doing the same job (NaN if none)."""
    keys = [k for k in ("dataset", "noise") if k in table.columns]
    indexed = table.set_index([*keys, "method"])[col]
    out = []
    for _, row in table.iterrows():
        name = row["method"]
        if area == "crowd" and name == "workbook Dawid-Skene":
            name = "workbook Dawid-Skene (crowd)"
        peer = MATCHING_PEER.get(name)
        if area == "weak" and name == "majority vote":
            peer = None
        key = (*[row[k] for k in keys], peer)
        out.append(row[col] / indexed[key] if peer and key in indexed.index else np.nan)
    return pd.Series(out, index=table.index).round(2)


def compare(quick: bool, areas: list[str]) -> dict[str, pd.DataFrame]:
    quiet()
    tables = {}
    for area in areas:
        t0 = time.perf_counter()
        table = AREAS[area](quick)
        time_col = "query ms" if "query ms" in table.columns else "fit ms"
        table["ratio to fastest peer"] = _ratio_to_peers(table, time_col)
        table["ratio to matching peer"] = _ratio_to_matching(table, time_col, area)
        tables[area] = table
        print(f"\n## {area} ({time.perf_counter() - t0:.0f} s)\n")
        print(table.to_markdown(index=False, floatfmt=".3f"))
    if "active" in areas:
        t0 = time.perf_counter()
        big = big_pool_timing(quick)
        tables["big_pool"] = big
        print(f"\n## big_pool ({time.perf_counter() - t0:.0f} s)\n")
        print(big.to_markdown(index=False, floatfmt=".2f"))
    return tables


def write(tables: dict[str, pd.DataFrame], *, quick: bool, seconds: float) -> None:
    """Write ``peers_<area>.csv`` for the areas run, then the summary of every
    ``peers_*.csv`` present (a run of some areas keeps the others' tables)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    for area, table in tables.items():
        table.to_csv(RESULTS / f"peers_{area}.csv", index=False)
    lines = [
        "# Labeling helpers vs peer libraries (benchmarks/bench_peers.py)",
        "",
        f"Last run: {'quick' if quick else 'full'} mode, areas "
        f"{', '.join(tables)}, {seconds:.0f} s; {describe(quick)}. Times are "
        "medians in milliseconds on a shared 2-core machine; ratios divide by the "
        "fastest peer library, or by the peer method doing the same job, measured "
        "on the same data set in the same run.",
        "",
    ]
    order = [*AREAS, "big_pool"]
    for area in order:
        path = RESULTS / f"peers_{area}.csv"
        if path.exists():
            table = pd.read_csv(path)
            lines += [f"## {area}", "", table.to_markdown(index=False, floatfmt=".3f")]
            lines.append("")
    (RESULTS / "peers_summary.md").write_text("\n".join(lines))


def run() -> list[Target]:
    """``make bench`` collects no targets here: the peers are an optional install
    and the comparison takes minutes. Run ``make bench-peers`` instead."""
    return []


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few seeds, small pools")
    parser.add_argument(
        "--areas",
        default=",".join(AREAS),
        help=f"comma-separated subset of {','.join(AREAS)}",
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    areas = [a for a in args.areas.split(",") if a]
    unknown = set(areas) - set(AREAS)
    if unknown:
        parser.error(f"unknown areas {sorted(unknown)}; choose from {list(AREAS)}")
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    warnings.filterwarnings("ignore")
    start = time.perf_counter()
    tables = compare(args.quick, areas)
    seconds = time.perf_counter() - start
    print(f"\ntotal {seconds:.0f} s")
    if not args.no_write:
        write(tables, quick=args.quick, seconds=seconds)


if __name__ == "__main__":
    main()
