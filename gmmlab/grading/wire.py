"""The plain data that crosses between the grader and a submission's process, checked on arrival.

Only numbers, strings, booleans, None, lists, tuples, string-keyed dicts, NumPy arrays and scalars
of numeric dtypes, and the state of a NumPy random generator cross. Everything else becomes an
:class:`Opaque` placeholder that carries the type's name and nothing else. Nothing is ever
unpickled: a message is a JSON header followed by the raw bytes of its arrays, in one frame
``[4-byte big-endian length][payload]``, and :func:`decode` checks every size, dtype and shape
before it builds an array (bad data raises :class:`WireError`).
"""

from __future__ import annotations

import json
import math
import os
import select
import struct
import time

import numpy as np

#: Largest frame either side accepts, in bytes (an array of 8 million float64 numbers).
MAX_FRAME = 64 * 2 ** 20
_MAX_HEADER = 8 * 2 ** 20
_MAX_DEPTH = 12
_MAX_ITEMS = 200_000
_MAX_TEXT = 200_000
_KINDS = "biufc"


class WireError(Exception):
    """A frame or a value that breaks the protocol (too big, malformed, not plain data)."""


class Opaque:
    """Stands for a value that is not plain data; only the name of its type crosses."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name} object>"


def _opaque_class(type_name: str) -> type:
    """A placeholder class that bears the student's type name, so messages can name it."""
    name = type_name if type_name.isidentifier() and len(type_name) < 80 else "object"
    return type(name, (Opaque,), {})


def encode(value, buffers: list, depth: int = 0):
    """The JSON-able form of ``value``; array bytes are appended to ``buffers``."""
    if depth > _MAX_DEPTH:
        return {"opaque": "nested"}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2 ** 63 else {"opaque": "int"}
    if isinstance(value, float):
        return value if math.isfinite(value) else {"float": repr(value)}
    if isinstance(value, np.random.Generator):
        return {"rng": value.bit_generator.state}
    if isinstance(value, (np.ndarray, np.generic)) and getattr(value, "dtype", None) is not None \
            and value.dtype.kind in _KINDS:
        arr = np.ascontiguousarray(value)
        buffers.append(arr.tobytes())
        return {"array": arr.dtype.str, "shape": list(arr.shape),
                "scalar": isinstance(value, np.generic)}
    if isinstance(value, (list, tuple)):
        items = [encode(v, buffers, depth + 1) for v in list(value)[:_MAX_ITEMS]]
        return {"tuple": items} if isinstance(value, tuple) else {"list": items}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: encode(v, buffers, depth + 1) for k, v in list(value.items())[:1000]}}
    return {"opaque": type(value).__name__}


def decode(obj, buffers: list, depth: int = 0):
    """Rebuild a value from :func:`encode`'s form, checking everything; raises WireError."""
    if depth > _MAX_DEPTH:
        raise WireError("too deeply nested")
    if obj is None or isinstance(obj, bool):
        return obj
    if isinstance(obj, int):
        if abs(obj) >= 2 ** 63:
            raise WireError("integer out of range")
        return obj
    if isinstance(obj, float):
        return obj
    if isinstance(obj, str):
        if len(obj) > _MAX_TEXT:
            raise WireError("string too long")
        return obj
    if not isinstance(obj, dict) or len(obj) > 3 and "dict" not in obj:
        raise WireError("malformed value")
    if "float" in obj:
        text = obj["float"]
        if text not in ("nan", "inf", "-inf"):
            raise WireError("malformed float")
        return float(text)
    if "array" in obj:
        return _array(obj, buffers)
    if "list" in obj or "tuple" in obj:
        items = obj.get("list", obj.get("tuple"))
        if not isinstance(items, list) or len(items) > _MAX_ITEMS:
            raise WireError("malformed sequence")
        out = [decode(v, buffers, depth + 1) for v in items]
        return out if "list" in obj else tuple(out)
    if "dict" in obj:
        items = obj["dict"]
        if not isinstance(items, dict) or len(items) > 1000:
            raise WireError("malformed dict")
        return {str(k)[:200]: decode(v, buffers, depth + 1) for k, v in items.items()}
    if "rng" in obj:
        return _generator(obj["rng"])
    if "opaque" in obj:
        return _opaque_class(str(obj["opaque"])[:80])(str(obj["opaque"])[:80])
    raise WireError("malformed value")


def _array(obj, buffers):
    try:
        dtype = np.dtype(obj["array"])
        shape = tuple(int(s) for s in obj["shape"])
    except (TypeError, ValueError, KeyError):
        raise WireError("malformed array") from None
    if dtype.kind not in _KINDS or dtype.hasobject or len(shape) > 32 or min(shape, default=0) < 0:
        raise WireError("array of a type that is not numbers")
    if not buffers:
        raise WireError("array without its data")
    data = buffers.pop(0)
    if math.prod(shape) * dtype.itemsize != len(data):
        raise WireError("array data does not match its shape")
    arr = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
    return arr[()] if obj.get("scalar") and arr.ndim == 0 else arr


def _generator(state):
    if not isinstance(state, dict) or state.get("bit_generator") != "PCG64":
        raise WireError("only PCG64 generators cross")
    bit = np.random.PCG64()
    try:
        bit.state = state
    except (TypeError, ValueError, KeyError):
        raise WireError("malformed generator state") from None
    return np.random.Generator(bit)


def pack(message: dict, values: dict | None = None) -> bytes:
    """One frame: ``message`` (JSON-able) plus ``values`` encoded under the key ``"values"``."""
    buffers: list = []
    if values is not None:
        message = dict(message, values={k: encode(v, buffers) for k, v in values.items()})
    header = json.dumps(message, allow_nan=False).encode("utf-8")
    payload = struct.pack(">I", len(header)) + header + b"".join(
        struct.pack(">Q", len(b)) + b for b in buffers)
    if len(payload) > MAX_FRAME:
        raise WireError(f"message of {len(payload)} bytes is over the {MAX_FRAME}-byte limit")
    return struct.pack(">I", len(payload)) + payload


def unpack(payload: bytes) -> dict:
    """Decode one frame's payload into its message, with ``"values"`` rebuilt; raises WireError."""
    try:
        (n,) = struct.unpack(">I", payload[:4])
        if n > _MAX_HEADER or n + 4 > len(payload):
            raise WireError("header too long")
        message = json.loads(payload[4:4 + n].decode("utf-8"))
        buffers, at = [], 4 + n
        while at < len(payload):
            (size,) = struct.unpack(">Q", payload[at:at + 8])
            at += 8
            if at + size > len(payload):
                raise WireError("truncated array data")
            buffers.append(payload[at:at + size])
            at += size
    except (struct.error, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise WireError("malformed frame") from None
    if not isinstance(message, dict):
        raise WireError("malformed frame")
    if "values" in message:
        values = message["values"]
        if not isinstance(values, dict):
            raise WireError("malformed values")
        message["values"] = {str(k): decode(v, buffers) for k, v in values.items()}
    return message


def write_frame(fd: int, frame: bytes) -> None:
    """Write a whole frame to ``fd`` (blocking)."""
    view = memoryview(frame)
    while view:
        view = view[os.write(fd, view):]


def read_frame(fd: int, deadline: float | None = None) -> bytes | None:
    """Read one frame's payload from ``fd``; None at end of file.

    Raises
    ------
    TimeoutError
        ``deadline`` (a ``time.monotonic()`` value) passed first.
    WireError
        The announced length is over :data:`MAX_FRAME`.
    """
    head = _read_exactly(fd, 4, deadline)
    if head is None:
        return None
    (n,) = struct.unpack(">I", head)
    if n > MAX_FRAME:
        raise WireError(f"a message of {n} bytes is over the {MAX_FRAME}-byte limit")
    body = _read_exactly(fd, n, deadline)
    if body is None:
        raise WireError("the message was cut off")
    return body


def _read_exactly(fd: int, n: int, deadline: float | None) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(n - got, 2 ** 20))
        if not chunk:
            if got == 0:
                return None
            raise WireError("the message was cut off")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)
