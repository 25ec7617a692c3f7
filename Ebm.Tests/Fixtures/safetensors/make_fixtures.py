"""Writes the safetensors fixture used by Ebm.Tests (SafeTensorsFileTests). Run once:

    /usr/bin/python3 make_fixtures.py

The format is written by hand (struct + json, no `safetensors` package needed) in the layout that
Ebm's writer produces, so the test can compare bytes exactly: an 8-byte little-endian header length,
compact JSON with sorted metadata first and tensors in name order with contiguous offsets, padded
with spaces to a multiple of 8 bytes, then the tensors' little-endian bytes.
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

METADATA = {"format": "ebm-test", "step": "42"}
# name -> (dtype, shape, struct code, values)
TENSORS = {
    "bias": ("F64", [3], "d", [0.5, -1.25, 2.0]),
    "counts": ("I64", [2], "q", [-3, 1 << 40]),
    "empty": ("F32", [0, 4], "f", []),
    "ids": ("U32", [2, 2], "I", [0, 1, 4000000000, 7]),
    "scalar": ("I32", [], "i", [-7]),
    "weight": ("F32", [2, 3], "f", [0.5 * i - 1 for i in range(6)]),
}


def main():
    header = {"__metadata__": dict(sorted(METADATA.items()))}
    data = b""
    for name in sorted(TENSORS):
        dtype, shape, code, values = TENSORS[name]
        raw = struct.pack("<%d%s" % (len(values), code), *values)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(os.path.join(HERE, "mixed.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


if __name__ == "__main__":
    main()
