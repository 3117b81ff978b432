"""Cross-entropy against squared error: what each loss punishes, measured.

For two classes, write the **margin** ``m = z_true - z_other`` (positive: right, and
the larger the surer). With ``p = sigmoid(m)`` the probability of the true class,

* cross-entropy ``-log p = log(1 + exp(-m))`` grows without bound, almost linearly,
  as an example moves to the wrong side: a confident mistake costs the most and
  keeps pulling the weights (gradient towards -1);
* squared error on the probabilities ``(1 - p)^2 + p^2... = 2 (1 - p)^2`` stops at 2:
  a far-misclassified example costs no more than a near one, and its gradient
  vanishes.

:func:`loss_by_margin` tabulates both; :func:`outlier_experiment` shows the other side
of the coin: a few mislabelled points far from their class drag a cross-entropy
model's boundary, while the squared-error model mostly ignores them.

>>> table = loss_by_margin([-4.0, 0.0, 4.0])
>>> table["cross-entropy"].round(3).tolist(), table["squared error"].round(3).tolist()
([4.018, 0.693, 0.018], [1.929, 0.5, 0.001])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.validation import check_array, check_int, check_real
from helpers.train.models import build_model
from helpers.train.trainer import TrainConfig, accuracy, fit


def loss_by_margin(margins: np.ndarray) -> pd.DataFrame:
    """Both losses and their slopes d loss / d margin at each margin (two classes)."""
    m = check_array("margins", margins, ndim=1)  # (n,)
    p = 1.0 / (1.0 + np.exp(-m))  # probability of the true class
    return pd.DataFrame(
        {
            "margin": m,
            "p(true class)": p,
            "cross-entropy": np.logaddexp(0.0, -m),
            "squared error": 2.0 * (1.0 - p) ** 2,
            "cross-entropy slope": -(1.0 - p),
            "squared error slope": -4.0 * (1.0 - p) ** 2 * p,
        }
    )


def outlier_data(
    *, n: int = 200, n_outliers: int = 20, distance: float = 12.0, seed: int = 0
) -> dict[str, np.ndarray]:
    """Two Gaussian classes at (-2, 0) and (2, 0) (unit spread), and ``n_outliers``
    points far out on class 0's side (at x = -``distance``) labelled class 1;
    a clean test set of ``n`` points."""
    n = check_int("n", n, low=4, high=100_000)
    n_outliers = check_int("n_outliers", n_outliers, low=0, high=100_000)  # 0: clean
    distance = check_real("distance", distance, low=0, high=1e6)
    rng = np.random.default_rng(check_int("seed", seed, low=0))

    def blobs(k: int) -> tuple[np.ndarray, np.ndarray]:
        y = np.arange(k) % 2  # (k,)
        X = rng.normal(size=(k, 2)) + np.c_[np.where(y == 1, 2.0, -2.0), np.zeros(k)]
        return X, y

    X, y = blobs(n)
    far = np.c_[np.full(n_outliers, -distance), rng.normal(size=n_outliers)]
    X_test, y_test = blobs(n)
    return {
        "X": np.vstack([X, far]),  # (n + n_outliers, 2)
        "y": np.r_[y, np.ones(n_outliers, dtype=int)],
        "is_outlier": np.r_[np.zeros(n, bool), np.ones(n_outliers, bool)],
        "X_test": X_test,
        "y_test": y_test,
    }


def outlier_experiment(
    *, n_outliers: int = 20, distance: float = 12.0, epochs: int = 100, seed: int = 0
) -> pd.DataFrame:
    """A linear model trained with each loss, without and with the outliers: clean
    test accuracy and where the boundary crosses the x axis (0 is ideal)."""
    epochs = check_int("epochs", epochs, low=1, high=10_000)
    n_outliers = check_int("n_outliers", n_outliers, low=1, high=100_000)
    rows = []
    for with_outliers in (False, True):
        data = outlier_data(
            n_outliers=n_outliers if with_outliers else 0, distance=distance, seed=seed
        )
        for loss in ("cross_entropy", "mse"):
            model = build_model("linear", n_features=2, n_classes=2, seed=seed)
            config = TrainConfig(epochs=epochs, lr=0.1, batch_size=256, seed=seed)
            fit(
                model,
                data["X"],
                data["y"],
                data["X_test"],
                data["y_test"],
                config=config,
                loss=loss,
                progress=False,
            )
            w = model[0].weight.detach().numpy()  # (2 classes, 2 features)
            b = model[0].bias.detach().numpy()  # (2,)
            dw, db = w[1] - w[0], b[1] - b[0]
            rows.append(
                {
                    "loss": "cross-entropy" if loss == "cross_entropy" else "MSE",
                    "outliers": n_outliers if with_outliers else 0,
                    "test accuracy": accuracy(model, data["X_test"], data["y_test"]),
                    "boundary x": float(-db / dw[0]) if dw[0] else float("nan"),
                }
            )
    return pd.DataFrame(rows)
