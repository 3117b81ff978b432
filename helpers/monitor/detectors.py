"""Drift detectors: is a window of recent data distributed like the reference?

Four tests, each written out in NumPy (SciPy only supplies the reference
distributions of the statistics):

* :func:`ks_test`, the two-sample **Kolmogorov-Smirnov** test for one numeric
  feature: the largest gap between the two empirical CDFs;
* :func:`psi`, the **population stability index** over bins of the reference:
  :math:`\\sum_b (q_b - p_b) \\ln(q_b / p_b)` (a score, not a test: no p-value);
* :func:`chi2_test`, the **chi-squared** test of homogeneity for a categorical
  feature (a 2 x K table of counts);
* :func:`mmd_test`, the **maximum mean discrepancy** with a Gaussian kernel for
  vectors (images, embeddings), with a permutation test for its p-value.

Each refuses a window smaller than the test needs (:data:`MIN_SIZES`).

>>> rng = np.random.default_rng(0)
>>> same = ks_test(rng.normal(size=200), rng.normal(size=200))
>>> moved = ks_test(rng.normal(size=200), rng.normal(1.0, size=200))
>>> same.p_value > 0.05, moved.p_value < 1e-6
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from helpers.core.validation import check_array, check_choice, check_int, check_real

MIN_SIZES: dict[str, int] = {"ks": 20, "psi_per_bin": 5, "chi2_per_cell": 5, "mmd": 10}
"""Smallest samples each test accepts: KS and MMD per sample; PSI needs this many
values per bin; chi-squared this many expected counts per category on average."""

MAX_PERMUTATIONS = 10_000
"""Most permutations one MMD test draws."""

PSI_FLOOR = 1e-4
"""Proportion given to an empty bin, so that the logarithm stays finite."""


@dataclass(frozen=True)
class TestResult:
    """One test of a window against the reference.

    ``p_value`` is NaN for scores without one (PSI); ``drift(threshold)`` compares
    the p-value with a significance level, or a score with its alert level.
    """

    __test__ = False  # not a pytest class

    test: str
    statistic: float
    p_value: float
    n_reference: int
    n_window: int

    def __post_init__(self) -> None:
        check_choice("test", self.test, ("ks", "psi", "chi2", "mmd"))
        check_real("statistic", self.statistic, low=0)
        if not isinstance(self.p_value, float) or not np.isnan(self.p_value):
            # NaN marks a score without a p-value (PSI)
            check_real("p_value", self.p_value, low=0, high=1)
        check_int("n_reference", self.n_reference, low=1, high=10**9)
        check_int("n_window", self.n_window, low=1, high=10**9)

    def drift(self, threshold: float) -> bool:
        """True when the window counts as drifted at ``threshold``."""
        threshold = check_real("threshold", threshold, low=0)
        if np.isnan(self.p_value):
            return bool(self.statistic > threshold)
        return bool(self.p_value < threshold)


def _need(test: str, n: int, minimum: int, what: str = "values") -> None:
    if n < minimum:
        raise ValueError(
            f"the {test} test needs at least {minimum} {what} per window, got {n}; "
            "use a longer window"
        )


def _sample(name: str, values: object, test: str, minimum: int) -> np.ndarray:
    arr = check_array(name, values, ndim=1)
    _need(test, len(arr), minimum)
    return arr


def ks_statistic(reference: np.ndarray, window: np.ndarray) -> float:
    """The largest gap between the two empirical CDFs, evaluated at every value."""
    a, b = np.sort(reference), np.sort(window)
    points = np.concatenate([a, b])  # the CDFs only jump at observed values
    cdf_a = np.searchsorted(a, points, side="right") / len(a)
    cdf_b = np.searchsorted(b, points, side="right") / len(b)
    return float(np.max(np.abs(cdf_a - cdf_b)))


def ks_test(
    reference: object, window: object, *, method: str = "smirnov"
) -> TestResult:
    """Two-sample Kolmogorov-Smirnov test (two-sided).

    ``method="smirnov"``: the p-value of the one-sample statistic's distribution
    (``scipy.stats.kstwo``) at the effective size :math:`n_e = n m / (n + m)`, as
    ``scipy.stats.ks_2samp(..., method="asymp")`` computes it. ``"kolmogorov"``:
    its large-sample limit, :math:`P(K > \\sqrt{n_e} D)` (``scipy.stats.kstwobign``),
    a hundred times cheaper and close to it for windows of a hundred or more.
    """
    check_choice("method", method, ("smirnov", "kolmogorov"))
    ref = _sample("reference", reference, "KS", MIN_SIZES["ks"])
    win = _sample("window", window, "KS", MIN_SIZES["ks"])
    d = ks_statistic(ref, win)
    m, n = sorted([float(len(ref)), float(len(win))], reverse=True)
    if method == "smirnov":
        p = float(stats.kstwo.sf(d, np.round(m * n / (m + n))))
    else:
        p = float(stats.kstwobign.sf(np.sqrt(m * n / (m + n)) * d))
    return TestResult("ks", d, min(max(p, 0.0), 1.0), len(ref), len(win))


def ks_per_feature(reference: object, window: object) -> list[TestResult]:
    """:func:`ks_test` on each column of ``(n, features)`` arrays."""
    ref = check_array("reference", reference, ndim=2)
    win = check_array("window", window, ndim=2)
    if ref.shape[1] != win.shape[1]:
        raise ValueError(
            f"reference and window must have the same columns, got {ref.shape[1]} "
            f"and {win.shape[1]}"
        )
    return [ks_test(ref[:, j], win[:, j]) for j in range(ref.shape[1])]


def psi_from_counts(reference_counts: object, window_counts: object) -> float:
    """PSI of two histograms over the same bins (counts, not proportions).

    >>> round(psi_from_counts([50, 50], [30, 70]), 4)
    0.1695
    """
    ref = check_array("reference_counts", reference_counts, ndim=1)
    win = check_array("window_counts", window_counts, ndim=1)
    if len(ref) != len(win) or len(ref) < 2:
        raise ValueError(
            "reference_counts and window_counts must count the same bins (at least "
            f"2), got {len(ref)} and {len(win)}"
        )
    if np.any(ref < 0) or np.any(win < 0) or ref.sum() == 0 or win.sum() == 0:
        raise ValueError("counts must be non-negative with a positive total")
    p = np.maximum(ref / ref.sum(), PSI_FLOOR)
    q = np.maximum(win / win.sum(), PSI_FLOOR)
    return float(np.sum((q - p) * np.log(q / p)))


def psi_edges(reference: object, *, bins: int = 10) -> np.ndarray:
    """Inner bin edges at the reference's quantiles (ties merged)."""
    bins = check_int("bins", bins, low=2, high=100)
    ref = check_array("reference", reference, ndim=1)
    return np.unique(np.quantile(ref, np.arange(1, bins) / bins))


def psi(reference: object, window: object, *, bins: int = 10) -> TestResult:
    """Population stability index of ``window`` against ``reference``.

    Bins are deciles (for ``bins=10``) of the reference, so each holds about a tenth
    of it. Rules of thumb: below 0.1 stable, 0.1-0.25 a moderate shift, above 0.25 a
    large one.
    """
    bins = check_int("bins", bins, low=2, high=100)
    need = MIN_SIZES["psi_per_bin"] * bins
    ref = _sample("reference", reference, "PSI", need)
    win = _sample("window", window, "PSI", need)
    edges = psi_edges(ref, bins=bins)
    k = len(edges) + 1
    ref_counts = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=k)
    win_counts = np.bincount(np.searchsorted(edges, win, side="right"), minlength=k)
    value = psi_from_counts(ref_counts, win_counts)
    return TestResult("psi", value, float("nan"), len(ref), len(win))


def chi2_from_counts(reference_counts: object, window_counts: object) -> TestResult:
    """Chi-squared test of homogeneity of two count vectors over the same categories
    (a 2 x K table, no continuity correction). Categories absent from both are
    dropped: they carry no information."""
    ref = check_array("reference_counts", reference_counts, ndim=1)
    win = check_array("window_counts", window_counts, ndim=1)
    if len(ref) != len(win) or len(ref) < 2:
        raise ValueError(
            "reference_counts and window_counts must count the same categories (at "
            f"least 2), got {len(ref)} and {len(win)}"
        )
    if np.any(ref < 0) or np.any(win < 0):
        raise ValueError("counts must be non-negative")
    for c in (ref, win):
        _need("chi-squared", int(c.sum()), MIN_SIZES["chi2_per_cell"] * len(c))
    table = np.stack([ref, win])  # (2, K)
    table = table[:, table.sum(0) > 0]
    expected = table.sum(1, keepdims=True) * table.sum(0) / table.sum()  # (2, K)
    statistic = float(np.sum((table - expected) ** 2 / expected))
    dof = table.shape[1] - 1
    p = float(stats.chi2.sf(statistic, dof)) if dof else 1.0
    return TestResult("chi2", statistic, p, int(ref.sum()), int(win.sum()))


def chi2_test(reference: object, window: object, *, n_categories: int) -> TestResult:
    """Chi-squared test that two samples of categories ``0..n_categories-1`` come
    from one distribution (:func:`chi2_from_counts` of their counts).

    Each sample needs ``5 * n_categories`` values (five per category on average).
    """
    n_categories = check_int("n_categories", n_categories, low=2, high=10_000)
    counts = []
    for name, values in (("reference", reference), ("window", window)):
        arr = check_array(name, values, ndim=1)
        if (
            not np.all(arr == np.round(arr))
            or arr.min() < 0
            or arr.max() >= n_categories
        ):
            raise ValueError(f"{name} must hold categories 0..{n_categories - 1}")
        counts.append(np.bincount(arr.astype(int), minlength=n_categories))
    return chi2_from_counts(*counts)


def median_bandwidth(X: np.ndarray) -> float:
    """The median heuristic: median distance between two distinct rows of ``X``."""
    X = check_array("X", X, ndim=2)
    sq = np.sum(X**2, 1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * X @ X.T, 0.0)  # (n, n)
    upper = d2[np.triu_indices(len(X), k=1)]
    med = float(np.sqrt(np.median(upper))) if upper.size else 0.0
    return med if med > 0 else 1.0


def rbf_kernel(X: np.ndarray, Y: np.ndarray, *, bandwidth: float) -> np.ndarray:
    """Gaussian kernel matrix :math:`\\exp(-\\|x - y\\|^2 / 2\\sigma^2)`: (n, m)."""
    bandwidth = check_real("bandwidth", bandwidth, low=0, open_low=True)
    X = check_array("X", X, ndim=2)
    Y = check_array("Y", Y, ndim=2)
    d2 = np.sum(X**2, 1)[:, None] + np.sum(Y**2, 1)[None, :] - 2 * X @ Y.T
    return np.exp(-np.maximum(d2, 0.0) / (2 * bandwidth**2))  # (n, m)


def mmd_test(
    reference: object,
    window: object,
    *,
    n_permutations: int = 200,
    bandwidth: float | None = None,
    seed: int = 0,
) -> TestResult:
    """Maximum mean discrepancy with a Gaussian kernel, and a permutation p-value.

    The statistic is the biased estimate
    :math:`\\mathrm{MMD}^2 = \\overline{k(x, x')} + \\overline{k(y, y')} -
    2\\,\\overline{k(x, y)}`, which equals :math:`s^\\top K s` for the pooled kernel
    matrix ``K`` and ``s`` = 1/n on reference rows, -1/m on window rows. Shuffling
    which rows are "reference" gives its distribution when nothing drifted; the
    p-value is :math:`(1 + \\#\\{\\text{shuffled} \\ge \\text{observed}\\}) /
    (1 + \\text{permutations})`. ``bandwidth`` defaults to the median heuristic on
    the pooled rows.
    """
    X = check_array("reference", reference, ndim=2)
    Y = check_array("window", window, ndim=2)
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"reference and window must have the same columns, got {X.shape[1]} "
            f"and {Y.shape[1]}"
        )
    _need("MMD", len(X), MIN_SIZES["mmd"], "rows")
    _need("MMD", len(Y), MIN_SIZES["mmd"], "rows")
    n_permutations = check_int("n_permutations", n_permutations, low=1)
    if n_permutations > MAX_PERMUTATIONS:
        raise ValueError(
            f"n_permutations must be at most {MAX_PERMUTATIONS}, got {n_permutations}"
        )
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    pooled = np.concatenate([X, Y])  # (n + m, d)
    if bandwidth is None:
        bandwidth = median_bandwidth(pooled)
    K = rbf_kernel(pooled, pooled, bandwidth=bandwidth)  # (n + m, n + m)
    n, m = len(X), len(Y)
    s = np.concatenate([np.full(n, 1 / n), np.full(m, -1 / m)])  # (n + m,)
    observed = max(float(s @ K @ s), 0.0)  # >= 0 up to rounding: K is PSD
    S = np.stack([rng.permutation(s) for _ in range(n_permutations)])  # (perm, n+m)
    shuffled = np.sum((S @ K) * S, axis=1)  # (perm,)
    p = (1 + int(np.sum(shuffled >= observed - 1e-12))) / (1 + n_permutations)
    return TestResult("mmd", observed, float(p), n, m)
