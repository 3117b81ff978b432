import hashlib

import numpy as np
import pytest

from helpers.core import config, data


def test_digits_split_sizes_and_range():
    split = data.load_digits_split()
    assert split.X_pool.shape == (1257, 64) and split.X_test.shape == (540, 64)
    assert split.images_pool.shape == (1257, 8, 8)
    assert split.X_pool.min() == 0.0 and split.X_pool.max() == 1.0
    assert split.n_classes == 10
    assert "pool=1257" in repr(split)


def test_digits_split_is_stratified_and_fixed():
    a, b = data.load_digits_split(), data.load_digits_split()
    np.testing.assert_array_equal(a.y_test, b.y_test)
    np.testing.assert_array_equal(a.X_pool, b.X_pool)
    pool_share = np.bincount(a.y_pool) / len(a.y_pool)
    test_share = np.bincount(a.y_test) / len(a.y_test)
    assert np.abs(pool_share - test_share).max() < 0.01


def test_unscaled_digits_keep_raw_pixels():
    split = data.load_digits_split(scaled=False)
    assert split.X_pool.max() == 16.0


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.2, 1.5])
def test_digits_split_rejects_bad_test_size(bad):
    with pytest.raises(ValueError, match=r"test_size must be in \(0, 1\)"):
        data.load_digits_split(test_size=bad)


def test_load_bundled():
    frame = data.load_bundled("iris")
    assert frame.shape == (150, 5) and "target" in frame
    with pytest.raises(ValueError, match="unknown dataset 'mnist'; choose one of"):
        data.load_bundled("mnist")


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits"])
def test_load_split_is_fixed_and_stratified(name):
    a, b = data.load_split(name), data.load_split(name)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    n = len(a.y_pool) + len(a.y_test)
    assert len(a.y_test) == pytest.approx(0.3 * n, abs=1)
    assert a.X_pool.shape[1] == len(a.feature_names)
    pool_share = np.bincount(a.y_pool) / len(a.y_pool)
    test_share = np.bincount(a.y_test) / len(a.y_test)
    assert np.abs(pool_share - test_share).max() < 0.02


def test_load_split_matches_the_digits_split():
    digits, shared = data.load_split("digits"), data.load_digits_split(scaled=False)
    np.testing.assert_array_equal(digits.X_test, shared.X_test)
    np.testing.assert_array_equal(digits.y_pool, shared.y_pool)


def test_load_split_regression_and_errors():
    diabetes = data.load_split("diabetes", test_size=0.2)
    assert len(diabetes.y_test) == 89 and "PoolTestSplit('diabetes'" in repr(diabetes)
    with pytest.raises(ValueError, match="unknown dataset 'mnist'"):
        data.load_split("mnist")
    with pytest.raises(ValueError, match=r"test_size must be in \(0, 1\)"):
        data.load_split("iris", test_size=1.0)


def test_labelled_subset_takes_n_per_class():
    y = np.repeat(np.arange(4), 10)
    idx = data.labelled_subset(y, per_class=3, seed=0)
    assert np.array_equal(np.bincount(y[idx]), [3, 3, 3, 3])
    assert len(np.unique(idx)) == 12 and np.all(np.diff(idx) > 0)
    assert np.array_equal(idx, data.labelled_subset(y, per_class=3, seed=0))
    assert not np.array_equal(idx, data.labelled_subset(y, per_class=3, seed=1))


@pytest.mark.parametrize(
    ("y", "per_class", "error", "message"),
    [
        (np.array([0, 0, 1]), 2, ValueError, "exceeds the 1 examples of class 1"),
        (np.array([0, 1]), 0, ValueError, r"per_class must be an integer in \[1"),
        (np.array([]), 1, ValueError, "y must hold at least 1 rows"),
        (np.array([0, 1]), 1.5, TypeError, "per_class must be an integer"),
        (np.array([0.5, 1]), 1, ValueError, "integer class labels"),
    ],
)
def test_labelled_subset_errors(y, per_class, error, message):
    with pytest.raises(error, match=message):
        data.labelled_subset(y, per_class=per_class, seed=0)


def write_file(folder, name, content: bytes, listed_hash=None):
    (folder / name).write_bytes(content)
    digest = listed_hash or hashlib.sha256(content).hexdigest()
    (folder / data.MANIFEST).write_text(f"# comment\n{digest}  {name}\n")
    return digest


def test_project_file_checks_the_hash(tmp_path):
    write_file(tmp_path, "tiny.csv", b"a,b\n1,2\n")
    path = data.project_file("tiny.csv", data_dir=tmp_path)
    assert path == (tmp_path / "tiny.csv").resolve()
    assert data.read_project_file("tiny.csv", data_dir=tmp_path) == b"a,b\n1,2\n"


def test_project_file_in_a_subfolder(tmp_path):
    (tmp_path / "lesson08").mkdir()
    content = b'{"rules": 3}'
    (tmp_path / "lesson08" / "rules.json").write_bytes(content)
    digest = hashlib.sha256(content).hexdigest()
    (tmp_path / data.MANIFEST).write_text(f"{digest} *lesson08/rules.json\n")
    assert data.read_project_file("lesson08/rules.json", data_dir=tmp_path) == content


def test_project_file_names_file_and_hashes_on_mismatch(tmp_path):
    expected = write_file(tmp_path, "tiny.csv", b"a,b\n1,2\n")
    (tmp_path / "tiny.csv").write_bytes(b"a,b\n1,3\n")
    actual = hashlib.sha256(b"a,b\n1,3\n").hexdigest()
    for read in (data.project_file, data.read_project_file):
        with pytest.raises(ValueError) as info:
            read("tiny.csv", data_dir=tmp_path)
        message = str(info.value)
        assert "tiny.csv" in message and expected in message and actual in message


def test_project_file_unlisted_or_missing(tmp_path):
    write_file(tmp_path, "tiny.csv", b"x")
    (tmp_path / "other.csv").write_bytes(b"y")
    with pytest.raises(ValueError, match="'other.csv' is not listed"):
        data.project_file("other.csv", data_dir=tmp_path)
    (tmp_path / "tiny.csv").unlink()
    with pytest.raises(ValueError, match="listed in SHA256SUMS but missing"):
        data.project_file("tiny.csv", data_dir=tmp_path)


@pytest.mark.parametrize(
    "name",
    [
        "/etc/hostname",
        "../../../etc/hostname",
        "a/../../x",
        "..",
        "./tiny.csv",
        "a//b",
        "C:\\x",
        "a\\..\\b",
        "",
        None,
    ],
)
def test_project_file_refuses_names_that_leave_data(tmp_path, name):
    write_file(tmp_path, "tiny.csv", b"x")
    with pytest.raises(ValueError, match="must be"):
        data.project_file(name, data_dir=tmp_path)


def test_project_file_refuses_symlinks_out_of_data(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_bytes(b"secret")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "link.txt").symlink_to(secret)
    (folder / "dir").symlink_to(outside, target_is_directory=True)
    digest = hashlib.sha256(b"secret").hexdigest()
    (folder / data.MANIFEST).write_text(
        f"{digest}  link.txt\n{digest}  dir/secret.txt\n"
    )
    for name in ("link.txt", "dir/secret.txt"):
        with pytest.raises(ValueError, match="through a symlink"):
            data.project_file(name, data_dir=folder)
        with pytest.raises(ValueError, match="through a symlink"):
            data.read_project_file(name, data_dir=folder)
    (folder / "inside.txt").symlink_to(folder / "link.txt")  # a chain leading out
    (folder / data.MANIFEST).write_text(f"{digest}  inside.txt\n")
    with pytest.raises(ValueError, match="through a symlink"):
        data.project_file("inside.txt", data_dir=folder)


def test_a_symlink_that_stays_inside_data_is_fine(tmp_path):
    write_file(tmp_path, "tiny.csv", b"x")
    (tmp_path / "alias.csv").symlink_to(tmp_path / "tiny.csv")
    digest = hashlib.sha256(b"x").hexdigest()
    (tmp_path / data.MANIFEST).write_text(f"{digest}  alias.csv\n")
    assert data.read_project_file("alias.csv", data_dir=tmp_path) == b"x"


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("not-a-hash file.csv\n", r"SHA256SUMS:1: expected"),
        (f"{'g' * 64}  file.csv\n", r"SHA256SUMS:1: expected"),
        (f"{'a' * 64}  ../../../etc/hostname\n", r"SHA256SUMS:1: path must be"),
        (f"{'a' * 64}  /etc/hostname\n", r"SHA256SUMS:1: path must be"),
        (f"# c\n{'a' * 64}  x\n{'b' * 64}  x\n", r"SHA256SUMS:3: 'x' is listed twice"),
    ],
)
def test_malformed_manifest(tmp_path, manifest, message):
    (tmp_path / data.MANIFEST).write_text(manifest)
    with pytest.raises(ValueError, match=message):
        data.read_manifest(tmp_path)


def test_every_shipped_data_file_is_listed_and_intact():
    listed = data.read_manifest()
    on_disk = {
        p.relative_to(config.DATA_DIR).as_posix()
        for p in config.DATA_DIR.rglob("*")
        if p.is_file()
        and "cache" not in p.relative_to(config.DATA_DIR).parts
        and p.name not in {data.MANIFEST, "README.md", ".gitkeep"}
    }
    assert on_disk == set(listed), "every file in data/ must be listed in SHA256SUMS"
    for name in listed:
        data.read_project_file(name)
