"""Writes the NPY fixtures used by Ebm.Tests (NpyFileTests). Run once with NumPy:

    /usr/bin/python3 make_fixtures.py

The tests do not need Python; the files are committed. Values are chosen so that C# can
recompute them exactly: f4_2x3 holds 0.5*i - 1 and f8_2x3x4 holds i/7 for i = 0, 1, ...
"""
import os

import numpy as np
from numpy.lib import format as npy_format

HERE = os.path.dirname(os.path.abspath(__file__))


def save(name, array, version=None):
    with open(os.path.join(HERE, name), "wb") as f:
        npy_format.write_array(f, array, version=version, allow_pickle=False)


f4 = (np.arange(6, dtype="<f4") * np.float32(0.5) - np.float32(1)).reshape(2, 3)
f8 = (np.arange(24, dtype="<f8") / 7.0).reshape(2, 3, 4)

save("f4_2x3.npy", f4)
save("f8_2x3x4.npy", f8)
save("f8_scalar.npy", np.array(3.25, dtype="<f8"))
save("f4_1d_5.npy", np.arange(5, dtype="<f4"))
save("f4_empty_0x3.npy", np.zeros((0, 3), dtype="<f4"))
save("f4_2x3_v2.npy", f4, version=(2, 0))
save("f4_2x3_v3.npy", f4, version=(3, 0))
# Error cases: the reader must reject these with a clear message.
save("f8_fortran_2x3.npy", np.asfortranarray(f8[0, :2, :3]))
save("f4_bigendian_2x3.npy", f4.astype(">f4"))
save("i4_2x3.npy", np.arange(6, dtype="<i4").reshape(2, 3))
