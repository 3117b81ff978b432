import pytest

from helpers.core import config


@pytest.mark.parametrize("raw", ["1", "true", "YES", " on "])
def test_flag_reads_true(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert config._read_flag("SOME_FLAG") is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "", "off"])
def test_flag_reads_false(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert config._read_flag("SOME_FLAG", default=True) is False


def test_flag_default_when_unset(monkeypatch):
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert config._read_flag("SOME_FLAG", default=True) is True


def test_flag_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ValueError, match="SOME_FLAG must be one of .* got 'maybe'"):
        config._read_flag("SOME_FLAG")


def test_tests_run_in_fast_mode():
    # tests/conftest.py and `make test` set WORKBOOK_FAST=1 before helpers is imported.
    assert config.FAST is True


def test_pick_follows_the_mode():
    assert config.pick(normal=30, fast=3, is_fast=True) == 3
    assert config.pick(normal=30, fast=3, is_fast=False) == 30
    assert config.pick(normal="big", fast="small") == "small"


def test_paths_point_into_the_repository():
    assert (config.ROOT / "pyproject.toml").is_file()
    assert config.DATA_DIR == config.ROOT / "data"
    assert config.NOTEBOOKS_DIR.is_dir()
