"""The cache's storage format: values to bytes and back, without running code.

:func:`dumps` turns a result into one self-checking blob and :func:`loads` turns it
back; :mod:`helpers.core.cache` stores one blob per entry. A blob is::

    WBCACHE <FORMAT>\\n
    <SHA-256 of the payload, 64 hex digits>\\n
    <payload: an uncompressed .npz>

The payload holds the arrays (``a0``, ``a1``, ...) and ``doc``, a UTF-8 JSON document
(as uint8) describing the structure and pointing at the arrays. Loading checks the
header and the digest first, then reads the .npz with ``allow_pickle=False`` and
rebuilds the value from the JSON: no pickle, so no code in a file can run. The digest
detects corruption; it is not a signature (whoever can write the cache folder can
write a valid entry, but still only data).

Supported values: ``None``, bool, int, float, complex, str, bytes; list, tuple, dict
(any supported keys), OrderedDict (torch state dicts, with their ``_metadata``), set,
frozenset; NumPy arrays and scalars (not object dtype); torch tensors and parameters
(stored as NumPy arrays, loaded on the CPU); pandas DataFrame, Series and Index
(NumPy, object, string and categorical columns); and dataclass instances whose class
lives in the ``helpers`` package (rebuilt by module and qualified name, like pickle,
without calling ``__init__``). Anything else raises :class:`TypeError` at save time,
naming where in the value it sits. Shared references are stored as copies.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import io
import json
import sys
import zipfile
from collections import OrderedDict
from typing import Any

import numpy as np

FORMAT = 1
"""Bump when the layout below changes; entries of another format are cache misses."""

MAGIC = b"WBCACHE"


class CorruptEntry(ValueError):
    """A blob that is not a valid cache entry for the requested key."""


# ---------------------------------------------------------------- the frame


def dumps(value: Any, *, key: str) -> bytes:
    """Encode ``value`` as a cache blob for ``key`` (a string stored and checked)."""
    arrays: list[np.ndarray] = []
    doc = {
        "format": FORMAT,
        "key": key,
        "value": _Encoder(arrays).encode(value, "value"),
    }
    text = json.dumps(doc, allow_nan=True, separators=(",", ":"))
    named = {f"a{i}": a for i, a in enumerate(arrays)}
    named["doc"] = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    payload = _npz_bytes(named)
    digest = hashlib.sha256(payload).hexdigest().encode()
    return MAGIC + b" " + str(FORMAT).encode() + b"\n" + digest + b"\n" + payload


def _payload_arrays(blob: bytes) -> dict[str, np.ndarray]:
    """The arrays of a blob, after checking its header, format and digest."""
    if not isinstance(blob, bytes):
        raise TypeError(f"blob must be bytes, got {type(blob).__name__}")
    first, _, rest = blob.partition(b"\n")
    if not first.startswith(MAGIC + b" "):
        raise CorruptEntry("not a cache entry (bad header)")
    version = first[len(MAGIC) + 1 :]
    if version != str(FORMAT).encode():
        raise CorruptEntry(f"format {version[:20]!r}, expected {FORMAT}")
    digest, _, payload = rest.partition(b"\n")
    if digest != hashlib.sha256(payload).hexdigest().encode():
        raise CorruptEntry("SHA-256 digest mismatch")
    with np.load(io.BytesIO(payload), allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def recorded_key(blob: bytes) -> str:
    """The key a valid blob was made for (header and digest checked first)."""
    arrays = _payload_arrays(blob)
    return json.loads(arrays["doc"].tobytes().decode("utf-8")).get("key", "")


def _npz_bytes(named: dict[str, np.ndarray]) -> bytes:
    """An uncompressed .npz of ``named`` arrays, byte for byte the same for the same
    arrays: every member gets a fixed timestamp (``np.savez`` stamps the current
    time), so a rebuilt artefact can be compared with the shipped one by its hash."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, mode="w", compression=zipfile.ZIP_STORED) as zf:
        for name, array in named.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            with zf.open(info, mode="w", force_zip64=True) as member:
                np.lib.format.write_array(
                    member, np.asanyarray(array), allow_pickle=False
                )
    return buffer.getvalue()


def loads(blob: bytes, *, key: str) -> Any:
    """Decode a blob made by :func:`dumps` for the same ``key``.

    Raises
    ------
    CorruptEntry
        If the header, format, digest or key do not match. Other exceptions (from a
        payload that passed the digest but cannot be rebuilt, e.g. a dataclass whose
        fields changed) are left to the caller, which treats any failure as a miss.
    """
    arrays = _payload_arrays(blob)
    doc = json.loads(arrays.pop("doc").tobytes().decode("utf-8"))
    if doc.get("format") != FORMAT or doc.get("key") != key:
        raise CorruptEntry("entry belongs to another key or format")
    return _decode(doc["value"], arrays)


# ---------------------------------------------------------------- encoding


def _is_helpers_module(module: str) -> bool:
    return module == "helpers" or module.startswith("helpers.")


def _resolve_class(module: str, qualname: str) -> type:
    """The class ``module.qualname``, only if it is a dataclass inside ``helpers``."""
    if not _is_helpers_module(module) or "<" in qualname:
        raise TypeError(f"{module}.{qualname} is not a class of the helpers package")
    obj: Any = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    if not (
        isinstance(obj, type)
        and dataclasses.is_dataclass(obj)
        and obj.__module__ == module
        and obj.__qualname__ == qualname
    ):
        raise TypeError(f"{module}.{qualname} is not an importable helpers dataclass")
    return obj


class _Encoder:
    """Turns a value into JSON-able nodes, collecting its arrays in ``arrays``."""

    def __init__(self, arrays: list[np.ndarray]):
        self.arrays = arrays
        self.active: set[int] = set()

    def ref(self, array: np.ndarray, where: str) -> str:
        if array.dtype.hasobject:
            raise TypeError(f"cannot cache {where}: NumPy arrays of Python objects")
        self.arrays.append(array)
        return f"a{len(self.arrays) - 1}"

    def encode(self, v: Any, where: str) -> Any:
        t = type(v)
        if v is None or t in (bool, int, float, str):
            return v
        if t is complex:
            return {"t": "complex", "v": [v.real, v.imag]}
        if t is bytes:
            return {"t": "bytes", "a": self.ref(np.frombuffer(v, np.uint8), where)}
        if t is np.ndarray:
            return {"t": "nd", "a": self.ref(v, where)}
        if isinstance(v, np.generic):
            return {"t": "npscalar", "a": self.ref(np.asarray(v), where)}
        if id(v) in self.active:
            raise TypeError(f"cannot cache {where}: the value contains itself")
        self.active.add(id(v))
        try:
            return self.container(v, t, where)
        finally:
            self.active.discard(id(v))

    def container(self, v: Any, t: type, where: str) -> Any:
        if t is list:
            return [self.encode(x, f"{where}[{i}]") for i, x in enumerate(v)]
        if t in (tuple, set, frozenset):
            items = [self.encode(x, f"{where}[{i}]") for i, x in enumerate(v)]
            return {"t": t.__name__, "v": items}
        if t in (dict, OrderedDict):
            node = {"t": t.__name__, "v": self.items(v, where)}
            extra = vars(v) if t is OrderedDict else {}
            if extra:
                node["attrs"] = {
                    k: self.encode(x, f"{where}.{k}") for k, x in extra.items()
                }
            return node
        torch = sys.modules.get("torch")
        if torch is not None and t in (torch.Tensor, torch.nn.Parameter):
            return self.tensor(v, t is torch.nn.Parameter, where)
        pd = sys.modules.get("pandas")
        if pd is not None and t is pd.DataFrame:
            return self.frame(v, where)
        if pd is not None and t is pd.Series:
            return {
                "t": "series",
                "v": self.values(v, where),
                "index": self.index(v.index, f"{where}.index"),
                "name": self.encode(v.name, f"{where}.name"),
            }
        if pd is not None and isinstance(v, pd.Index):
            return self.index(v, where)
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return self.dataclass(v, t, where)
        raise TypeError(
            f"cannot cache {where}: type {t.__module__}.{t.__qualname__} is not "
            "supported (use arrays, DataFrames, tensors, built-in containers or a "
            "dataclass of the helpers package; see helpers.core.serialize)"
        )

    def items(self, mapping: dict, where: str) -> list:
        return [
            [self.encode(k, f"{where} key {k!r}"), self.encode(x, f"{where}[{k!r}]")]
            for k, x in mapping.items()
        ]

    def tensor(self, v: Any, parameter: bool, where: str) -> dict:
        if v.layout is not sys.modules["torch"].strided:
            raise TypeError(f"cannot cache {where}: only dense torch tensors")
        try:
            array = v.detach().cpu().resolve_conj().resolve_neg().numpy()
        except TypeError as exc:
            raise TypeError(f"cannot cache {where}: {exc}") from exc
        return {
            "t": "param" if parameter else "tensor",
            "a": self.ref(array, where),
            "dtype": str(v.dtype),
            "grad": bool(v.requires_grad),
        }

    def dataclass(self, v: Any, t: type, where: str) -> dict:
        try:
            _resolve_class(t.__module__, t.__qualname__)
        except (TypeError, ImportError, AttributeError) as exc:
            raise TypeError(
                f"cannot cache {where}: dataclass {t.__module__}.{t.__qualname__} "
                "must be defined at the top level of a helpers module"
            ) from exc
        state = dict(vars(v)) if hasattr(v, "__dict__") else {}
        for field in dataclasses.fields(v):
            state.setdefault(field.name, getattr(v, field.name))
        fields = {k: self.encode(x, f"{where}.{k}") for k, x in state.items()}
        return {"t": "dc", "m": t.__module__, "q": t.__qualname__, "v": fields}

    def frame(self, v: Any, where: str) -> dict:
        columns = [
            self.values(v.iloc[:, i], f"{where}[{label!r}]")
            for i, label in enumerate(v.columns)
        ]
        return {
            "t": "df",
            "cols": columns,
            "columns": self.index(v.columns, f"{where}.columns"),
            "index": self.index(v.index, f"{where}.index"),
            "attrs": self.encode(dict(v.attrs), f"{where}.attrs"),
        }

    def index(self, v: Any, where: str) -> dict:
        pd = sys.modules["pandas"]
        names = self.encode(list(v.names), f"{where}.names")
        if type(v) is pd.RangeIndex:
            return {"t": "range", "v": [v.start, v.stop, v.step], "names": names}
        if type(v) is pd.MultiIndex:
            levels = [
                self.values(v.get_level_values(i), f"{where}.levels[{i}]")
                for i in range(v.nlevels)
            ]
            return {"t": "multi", "v": levels, "names": names}
        return {"t": "index", "v": self.values(v, where), "names": names}

    def values(self, v: Any, where: str) -> dict:
        """One column (Series or Index values) with its dtype."""
        pd = sys.modules["pandas"]
        dtype = v.dtype
        if isinstance(dtype, np.dtype) and dtype.kind != "O":
            return {"t": "nd", "a": self.ref(np.asarray(v.to_numpy()), where)}
        if isinstance(dtype, np.dtype):
            return {"t": "objects", "v": self.encode(list(v.to_numpy()), where)}
        if isinstance(dtype, pd.CategoricalDtype):
            codes = np.asarray(pd.Categorical(v).codes)
            return {
                "t": "cat",
                "a": self.ref(codes, where),
                "cats": self.index(dtype.categories, f"{where}.categories"),
                "ordered": bool(dtype.ordered),
            }
        if isinstance(dtype, pd.StringDtype):
            strings = [None if pd.isna(x) else str(x) for x in v.to_numpy(object)]
            return {
                "t": "strings",
                "v": strings,
                "storage": dtype.storage,
                "nan": dtype.na_value is np.nan,
            }
        raise TypeError(f"cannot cache {where}: pandas dtype {dtype} is not supported")


# ---------------------------------------------------------------- decoding


def _array(arrays: dict[str, np.ndarray], name: Any) -> np.ndarray:
    array = arrays[name]
    return array if array.flags.writeable else array.copy()


def _decode(node: Any, arrays: dict[str, np.ndarray]) -> Any:
    if node is None or isinstance(node, bool | int | float | str):
        return node
    if isinstance(node, list):
        return [_decode(x, arrays) for x in node]
    tag = node["t"]
    if tag == "nd":
        return _array(arrays, node["a"])
    if tag == "npscalar":
        return arrays[node["a"]][()]
    if tag in ("tuple", "set", "frozenset"):
        kind = {"tuple": tuple, "set": set, "frozenset": frozenset}[tag]
        return kind(_decode(x, arrays) for x in node["v"])
    if tag in ("dict", "OrderedDict"):
        kind = dict if tag == "dict" else OrderedDict
        out = kind((_decode(k, arrays), _decode(x, arrays)) for k, x in node["v"])
        for name, x in node.get("attrs", {}).items():
            setattr(out, name, _decode(x, arrays))
        return out
    if tag == "complex":
        return complex(*node["v"])
    if tag == "bytes":
        return arrays[node["a"]].tobytes()
    if tag in ("tensor", "param"):
        return _decode_tensor(node, arrays)
    if tag == "dc":
        cls = _resolve_class(node["m"], node["q"])
        state = {k: _decode(x, arrays) for k, x in node["v"].items()}
        missing = {f.name for f in dataclasses.fields(cls)} - set(state)
        if missing:
            raise CorruptEntry(f"{cls.__qualname__} lacks fields {sorted(missing)}")
        obj = object.__new__(cls)
        for k, x in state.items():
            object.__setattr__(obj, k, x)
        return obj
    if tag in ("df", "series", "range", "multi", "index"):
        return _decode_pandas(node, arrays)
    raise CorruptEntry(f"unknown node type {tag!r}")


def _decode_tensor(node: dict, arrays: dict[str, np.ndarray]) -> Any:
    import torch

    tensor = torch.from_numpy(_array(arrays, node["a"]))
    if str(tensor.dtype) != node["dtype"]:
        raise CorruptEntry(f"tensor dtype {tensor.dtype}, expected {node['dtype']}")
    if node["t"] == "param":
        return torch.nn.Parameter(tensor, requires_grad=node["grad"])
    return tensor.requires_grad_(node["grad"])


def _decode_pandas(node: dict, arrays: dict[str, np.ndarray]) -> Any:
    import pandas as pd

    tag = node["t"]
    if tag == "df":
        columns = [_decode_values(c, arrays) for c in node["cols"]]
        index = _decode_pandas(node["index"], arrays)
        frame = pd.DataFrame(dict(enumerate(columns)))
        if not columns:
            frame = pd.DataFrame(index=range(len(index)))
        frame.index = index
        frame.columns = _decode_pandas(node["columns"], arrays)
        frame.attrs = _decode(node["attrs"], arrays)
        return frame
    if tag == "series":
        series = _decode_values(node["v"], arrays)
        series.index = _decode_pandas(node["index"], arrays)
        series.name = _decode(node["name"], arrays)
        return series
    names = _decode(node["names"], arrays)
    if tag == "range":
        return pd.RangeIndex(*node["v"], name=names[0])
    if tag == "multi":
        levels = [pd.Index(_decode_values(v, arrays)) for v in node["v"]]
        return pd.MultiIndex.from_arrays(levels, names=names)
    return pd.Index(_decode_values(node["v"], arrays), name=names[0])


def _decode_values(node: dict, arrays: dict[str, np.ndarray]) -> Any:
    """A column as a Series with a RangeIndex (the caller sets the index)."""
    import pandas as pd

    tag = node["t"]
    if tag == "nd":
        return pd.Series(_array(arrays, node["a"]), copy=False)
    if tag == "objects":
        items = _decode(node["v"], arrays)
        column = np.empty(len(items), dtype=object)
        for i, x in enumerate(items):
            column[i] = x
        return pd.Series(column, dtype=object)
    if tag == "cat":
        categories = _decode_pandas(node["cats"], arrays)
        codes = arrays[node["a"]]
        cat = pd.Categorical.from_codes(codes, categories, ordered=node["ordered"])
        return pd.Series(cat)
    if tag == "strings":
        na = np.nan if node["nan"] else pd.NA
        dtype = pd.StringDtype(storage=node["storage"], na_value=na)
        return pd.Series(pd.array(node["v"], dtype=dtype))
    raise CorruptEntry(f"unknown column type {tag!r}")
