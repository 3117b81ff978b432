import dataclasses
import hashlib
import io
import json
import math
from collections import OrderedDict

import numpy as np
import pandas as pd
import pytest
import torch

from helpers.core import serialize
from helpers.core.data import DigitsSplit, load_digits_split
from helpers.represent.contrastive import (
    Encoder,
    SimCLRConfig,
    SimCLRRun,
    Snapshot,
)


def assert_same(a, b, where="value"):
    """Equal values of exactly the same types, all the way down (NaN equals NaN)."""
    assert type(a) is type(b), f"{where}: {type(a)} != {type(b)}"
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        assert a.attrs == b.attrs
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=True)
    elif isinstance(a, pd.Index):
        pd.testing.assert_index_equal(a, b, exact=True)
    elif isinstance(a, torch.Tensor):
        assert a.dtype == b.dtype and a.requires_grad == b.requires_grad, where
        assert torch.equal(a.detach(), b.detach()), where
    elif isinstance(a, np.ndarray | np.generic):
        assert a.dtype == b.dtype and np.shape(a) == np.shape(b), where
        same = np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()
        assert same, where
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b), where
    elif isinstance(a, float):
        assert a == b and math.copysign(1, a) == math.copysign(1, b), where
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            assert_same(a[k], b[k], f"{where}[{k!r}]")
        if type(a) is OrderedDict:
            assert vars(a).keys() == vars(b).keys(), where
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{where}[{i}]")
    elif dataclasses.is_dataclass(a):
        assert vars(a).keys() == vars(b).keys(), where
        for k in vars(a):
            assert_same(getattr(a, k), getattr(b, k), f"{where}.{k}")
    else:
        assert a == b, where


def round_trip(value):
    return serialize.loads(serialize.dumps(value, key="k"), key="k")


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -(2**80),
        1.5,
        -0.0,
        float("nan"),
        float("inf"),
        "héllo ∑",
        "",
        3 + 4j,
        b"\x00\xffbytes",
        [1, "a", None, [2.5, (3, 4)]],
        (),
        {"a": 1, 2: "b", (0.1, "x"): [1], None: {}, 1.5: True},
        {1, 2, 3},
        frozenset({"a", (1, 2)}),
        {"nested": {"deeper": {"deepest": [{"k": (1,)}]}}},
    ],
)
def test_builtin_values_round_trip(value):
    assert_same(value, round_trip(value))


@pytest.mark.parametrize(
    "array",
    [
        np.arange(12, dtype=np.int64).reshape(3, 4),
        np.linspace(0, 1, 7, dtype=np.float32),
        np.array([np.nan, -np.inf, 0.0, -0.0]),
        np.array([True, False]),
        np.array([1 + 2j], dtype=np.complex64),
        np.array(["a", "bc"]),
        np.array(["2024-01-01", "NaT"], dtype="datetime64[D]"),
        np.zeros((0, 3)),
        np.array(5.0),
        np.asfortranarray(np.arange(6.0).reshape(2, 3)),
        np.arange(20)[::3],
        np.array([(1, 2.0)], dtype=[("i", "i4"), ("f", "f8")]),
    ],
)
def test_numpy_arrays_round_trip_writable(array):
    back = round_trip(array)
    assert_same(array, back)
    assert back.flags.writeable


def test_numpy_scalars_keep_their_type():
    for scalar in (np.float64(0.1), np.int32(-3), np.bool_(True), np.float32("nan")):
        assert_same(scalar, round_trip(scalar))


def test_torch_tensors_parameters_and_state_dicts():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
    state = model.state_dict()
    back = round_trip(state)
    assert_same(state, back)
    assert back._metadata == state._metadata
    fresh = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
    fresh.load_state_dict(back)
    x = torch.randn(4, 3)
    assert torch.equal(model.eval()(x), fresh.eval()(x))
    for tensor in (
        torch.arange(6, dtype=torch.int64).reshape(2, 3),
        torch.ones(2, requires_grad=True),
        torch.nn.Parameter(torch.zeros(3)),
        torch.tensor([1.5], dtype=torch.float16),
        torch.arange(10.0)[::2],
    ):
        assert_same(tensor, round_trip(tensor))


def test_dataframes_series_and_indexes():
    frame = pd.DataFrame(
        {
            "x": np.arange(4, dtype=np.int64),
            "y": [0.5, np.nan, 2.0, -1.0],
            "s": ["a", None, "c", "d"],
            "o": pd.Series([1, "two", (3,), None], dtype=object),
            "c": pd.Categorical(["lo", "hi", "lo", None], categories=["lo", "hi"]),
            "t": pd.to_datetime(["2024-01-01", "2024-02-01", None, "2024-03-01"]),
            "b": [True, False, True, True],
        },
        index=pd.Index(["r1", "r2", "r3", "r4"], name="row"),
    )
    frame.attrs["source"] = "test"
    assert_same(frame, round_trip(frame))
    dup = pd.DataFrame([[1, 2.0], [3, 4.0]], columns=["a", "a"])
    assert_same(dup, round_trip(dup))
    multi = pd.DataFrame(
        np.eye(2),
        columns=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["k", "n"]),
    )
    assert_same(multi, round_trip(multi))
    series = pd.Series([1.0, 2.0], index=pd.Index([10, 20], name="n"), name=("a", 1))
    assert_same(series, round_trip(series))
    strings = pd.Series(pd.array(["x", None], dtype="string"))
    assert_same(strings, round_trip(strings))
    assert_same(pd.DataFrame(), round_trip(pd.DataFrame()))
    assert_same(
        pd.RangeIndex(2, 10, 3, name="r"), round_trip(pd.RangeIndex(2, 10, 3, name="r"))
    )


def test_helpers_dataclasses_round_trip():
    split = load_digits_split()
    assert_same(split, round_trip(split))
    assert isinstance(round_trip(split), DigitsSplit)
    torch.manual_seed(0)
    encoder = Encoder(kind="cnn", width=4, dim=8)
    features = np.random.default_rng(0).normal(size=(5, 8)).astype(np.float32)
    run = SimCLRRun(
        config=SimCLRConfig(epochs=2, width=4, dim=8),
        encoder_state={k: v.detach().clone() for k, v in encoder.state_dict().items()},
        losses=np.array([2.5, 2.1]),
        snapshots={
            0: Snapshot(0, features, 0.4, -1.2),
            2: Snapshot(2, features * 2, 0.3, -2.0),
        },
        seconds=1.25,
    )
    back = round_trip(run)
    assert_same(run, back)
    images = torch.rand(3, 8, 8)
    assert torch.equal(run.encoder()(images), back.encoder()(images))
    assert back.final.epoch == 2


@dataclasses.dataclass
class OutsideHelpers:
    x: int = 1


class Plain:
    pass


@pytest.mark.parametrize(
    ("value", "where"),
    [
        ({"a": [1, Plain()]}, r"value\['a'\]\[1\]: type .*Plain is not supported"),
        (
            OutsideHelpers(),
            "OutsideHelpers must be defined at the top level of a helpers",
        ),
        (np.array([1, "a"], dtype=object), "arrays of Python objects"),
        ([lambda: 1], r"value\[0\]: type builtins.function"),
        (pd.Series([1, None], dtype="Int64"), "pandas dtype Int64"),
        (torch.zeros(2).to_sparse(), "only dense torch tensors"),
    ],
)
def test_unsupported_values_are_refused_at_save(value, where):
    with pytest.raises(TypeError, match=where):
        serialize.dumps(value, key="k")


def test_cycles_are_refused():
    loop = [1]
    loop.append(loop)
    with pytest.raises(TypeError, match="contains itself"):
        serialize.dumps(loop, key="k")


def test_header_digest_key_and_format_are_checked():
    blob = serialize.dumps({"a": np.arange(3)}, key="k")
    assert blob.startswith(b"WBCACHE 1\n")
    with pytest.raises(serialize.CorruptEntry, match="another key"):
        serialize.loads(blob, key="other")
    with pytest.raises(serialize.CorruptEntry, match="format"):
        serialize.loads(blob.replace(b"WBCACHE 1", b"WBCACHE 0", 1), key="k")
    with pytest.raises(serialize.CorruptEntry, match="digest"):
        serialize.loads(blob[:-1], key="k")
    with pytest.raises(serialize.CorruptEntry, match="bad header"):
        serialize.loads(b"\x80\x04K\x01.", key="k")


def forge(doc: dict) -> bytes:
    """A blob with a valid digest around ``doc``: what someone able to write the
    cache folder could plant."""
    text = np.frombuffer(json.dumps(doc).encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez(buffer, doc=text)
    payload = buffer.getvalue()
    return (
        b"WBCACHE 1\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    )


@pytest.mark.parametrize(
    ("module", "qualname"),
    [("os", "system"), ("helpers.core.cache", "os.system"), ("builtins", "object")],
)
def test_forged_entries_cannot_name_outside_classes(module, qualname):
    doc = {
        "format": 1,
        "key": "k",
        "value": {"t": "dc", "m": module, "q": qualname, "v": {}},
    }
    with pytest.raises(TypeError, match="helpers"):
        serialize.loads(forge(doc), key="k")


def test_blobs_are_byte_for_byte_reproducible(monkeypatch):
    """A rebuilt artefact is compared with the shipped one by its hash, so the same
    value must give the same bytes whenever it is written."""
    import time

    value = {"grid": np.arange(12.0).reshape(3, 4), "names": ["a", "b"]}
    first = serialize.dumps(value, key="k")
    monkeypatch.setattr(time, "time", lambda: 4_000_000_000.0)  # the year 2096
    assert serialize.dumps(value, key="k") == first
