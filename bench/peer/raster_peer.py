"""numpy peer of bench/raster.bench.mjs: the same per-pixel formulas and zonal sums, chunk by chunk.

Usage: python3 bench/peer/raster_peer.py CELLS [CHUNK]
Prints one JSON line: cells per wall-clock second per model, and under "cpu" cells per CPU-second of this
process (time.process_time; numpy runs these operations on one thread). Run by the bench only when python3
with numpy is present.
Each chunk: formula on float64 arrays, then per-group sums with numpy.bincount (group = zone x class),
as a rasterio/numpy zonal script would do it.
"""
import json
import sys
import time

import numpy as np

cells = int(float(sys.argv[1]))
chunk = int(sys.argv[2]) if len(sys.argv) > 2 else 1 << 20
rng = np.random.default_rng(1)
n = min(chunk, cells)
lc = rng.integers(0, 3, n)  # land-cover codes (the class lookup below maps code -> class index)
zone = rng.integers(0, 4, n)  # zone raster values
class_of = np.array([0, 1, 2])
zone_of = np.array([0, 1, 2, 3])
p = 1200 + rng.random(n) * 800
et = 600 + rng.random(n) * 300
alpha = np.array([0.0267, 0.0426, 0.0937])[lc]
r = 8000 + rng.random(n) * 2000
k = 0.02 + rng.random(n) * 0.02
ls = rng.random(n) * 10
c = np.array([0.01, 0.05, 0.1])[lc]
pp = np.ones(n)
npp = rng.random(n) * 12
co2f = np.array([1.63, 1.63, 1.63])[lc]
o2f = np.array([1.19, 1.19, 1.19])[lc]
reps = max(1, cells // n)


def mask(*layers):
    """Group (zone x class) of each pixel and the pixels with data in every layer the model reads, as the
    TypeScript kernel computes them (it checks NoData per pixel and looks classes and zones up)."""
    g = zone_of[zone] * 3 + class_of[lc]
    ok = lc >= 0
    for x in layers:
        ok &= ~np.isnan(x)
    return g[ok], ok


def water():
    g, ok = mask(p, et)
    a = np.array([0.0267, 0.0426, 0.0937])[lc[ok]]  # reclassify alpha by land cover
    pv, ev = p[ok], et[ok]
    runoff = pv * a
    w = pv - runoff - ev
    return [np.bincount(g, x, 12) for x in (pv, ev, runoff, w)], np.bincount(g, None, 12)


def soil():
    g, ok = mask(r, k, ls)
    cc = np.array([0.01, 0.05, 0.1])[lc[ok]]
    pot = r[ok] * k[ok] * ls[ok]
    cp = cc * pp[ok]
    return [np.bincount(g, x, 12) for x in (pot, pot * cp, pot * (1 - cp))], np.bincount(g, None, 12)


def productivity():
    g, ok = mask(npp)
    nv = npp[ok]
    co2 = nv * np.array([1.63, 1.63, 1.63])[lc[ok]]
    o2 = nv * np.array([1.19, 1.19, 1.19])[lc[ok]]
    return [np.bincount(g, x, 12) for x in (nv, co2, o2)], np.bincount(g, None, 12)


out = {"numpy": np.__version__, "cells": reps * n, "cpu": {}}
for name, f in (("water", water), ("soil", soil), ("productivity", productivity)):
    f()
    t = time.perf_counter()
    c = time.process_time()
    for _ in range(reps):
        f()
    out["cpu"][name] = reps * n / (time.process_time() - c)
    out[name] = reps * n / (time.perf_counter() - t)
print(json.dumps(out))
