// Synthetic tiles for bench/raster.bench.mjs; also the worker body of its pooled runs.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

export function synthetic(model, size) {
  const n = size * size;
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const f = (a, b) => Float64Array.from({ length: n }, () => a + rnd() * b);
  const tile = { index: 0, x0: 0, y0: 0, width: size, height: size };
  const quantities = {
    water: ['precipitation', 'evapotranspiration', 'runoff', 'waterConservation'],
    soil: ['soilPotential', 'soilActual', 'soilRetention'],
    productivity: ['npp', 'co2', 'o2'],
  }[model];
  const params = {
    classOf: [0, 1, 2],
    classCount: 3,
    zoneOf: [0, 1, 2, 3],
    zoneCount: 4,
    models: [model],
    quantities,
    outputs: [],
    ...(model === 'water' ? { water: { alpha: [0.0267, 0.0426, 0.0937], pToMm: 1, etToMm: 1 } } : {}),
    ...(model === 'soil'
      ? { soil: { modelled: [1, 1, 1], c: [0.01, 0.05, 0.1], p: [1, 1, 1], ls: { from: 'layer' } } }
      : {}),
    ...(model === 'productivity'
      ? { productivity: { co2: [1.63, 1.63, 1.63], o2: [1.19, 1.19, 1.19], nppToTDmPerHm2: 1 } }
      : {}),
  };
  const data = {
    landcover: Int32Array.from({ length: n }, () => Math.floor(rnd() * 3)),
    zones: Int32Array.from({ length: n }, () => Math.floor(rnd() * 4)),
    precipitation: f(1200, 800),
    evapotranspiration: f(600, 300),
    erosivity: f(8000, 2000),
    erodibility: f(0.02, 0.02),
    ls: f(0, 10),
    npp: f(0, 12),
  };
  return { tile, params, data };
}

/** A DEM of `count` 512 × 512 tiles side by side in one strip, with its halo, for the D8 + LS bench. */
export function demTiles(size, count) {
  const width = size * count;
  const W = size + 2;
  const dem = new Float64Array(W * (size + 2));
  for (let y = 0; y < size + 2; y++)
    for (let x = 0; x < W; x++)
      dem[y * W + x] = 500 - y * 2.3 - x * 0.7 + 4 * Math.sin(x / 9) * Math.cos(y / 7);
  const tiles = Array.from({ length: count }, (_, i) => ({
    index: i,
    x0: i * size,
    y0: 0,
    width: size,
    height: size,
  }));
  return { tiles, dem, width };
}

/** Write a synthetic GeoTIFF set (land cover, zones, P, ET, NPP) and return its configuration. */
export async function writeSynthetic(dir, w, h, { createTiff, writeTile }) {
  const geo = {
    ModelPixelScale: [30, 30, 0],
    ModelTiepoint: [0, 0, 0, 400000, 3100000, 0],
    GeoKeyDirectory: [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 4547],
  };
  const layers = {
    lc: (x, y) => 1 + ((x * 7 + y * 13) % 3),
    zones: (x) => (x < w / 2 ? 1 : 2),
    p: (x, y) => 1500 + ((x + y) % 100),
    et: (x, y) => 700 + ((x * y) % 50),
    npp: (x, y) => 5 + ((x + 2 * y) % 9) * 0.7,
  };
  const size = 512;
  for (const [name, f] of Object.entries(layers)) {
    const path = `${dir}/${name}.tif`;
    const layout = createTiff(path, name, w, h, size, geo, '-9999');
    for (let y0 = 0; y0 < h; y0 += size)
      for (let x0 = 0; x0 < w; x0 += size) {
        const t = { index: 0, x0, y0, width: Math.min(size, w - x0), height: Math.min(size, h - y0) };
        const v = new Float32Array(t.width * t.height);
        for (let y = 0; y < t.height; y++)
          for (let x = 0; x < t.width; x++) v[y * t.width + x] = f(x0 + x, y0 + y);
        writeTile(path, layout, t, v);
      }
  }
  return {
    region: { name: 'bench', level: 'county' },
    year: 2020,
    layers: {
      landcover: { file: 'lc.tif' },
      zones: { file: 'zones.tif' },
      precipitation: { file: 'p.tif', unit: 'mm' },
      evapotranspiration: { file: 'et.tif', unit: 'mm' },
      npp: { file: 'npp.tif', unit: 't_DM_per_hm2_a' },
    },
    landcover: { crosswalk: { 1: 'forest.broadleaf', 2: 'shrub', 3: 'grassland' } },
    zones: [
      { value: 1, id: 'a', name: 'A' },
      { value: 2, id: 'b', name: 'B' },
    ],
    models: { water: {}, productivity: {} },
  };
}

if (!isMainThread && workerData?.model) {
  const R = await import(workerData.raster);
  const { tile, params, data } = synthetic(workerData.model, 512);
  R.computeTile(tile, params, data); // warm-up
  parentPort.postMessage('ready');
  parentPort.once('message', () => {
    for (let i = 0; i < workerData.reps; i++) R.computeTile({ ...tile, index: i }, params, data);
    parentPort.postMessage('done');
  });
}

// Worker body of the pooled D8 + LS run: pass A on its share of the tiles, then (after the coordinator's
// solve) pass B, Horn and LS on the same share, as runRaster splits the work.
if (!isMainThread && workerData?.d8) {
  const R = await import(workerData.raster);
  const { tiles, dem, width } = demTiles(512, workerData.count);
  const passB = (tile, seed) => {
    const fa = R.flowAccumulation(tile, dem, seed, 30, 30);
    const { slopePct } = R.hornSlope(dem, 512, 512, 30, 30);
    const ls = R.lsGrid(slopePct, fa, 30, 122, 'invest');
    let s = 0;
    for (let i = 0; i < ls.length; i++) s += ls[i];
    if (!(s > 0)) throw new Error('LS');
  };
  R.flowSummary(tiles[0], dem, width, 30, 30); // warm-up
  passB(tiles[0], new Float64Array(512 * 512));
  parentPort.postMessage('ready');
  parentPort.on('message', (m) => {
    if (m.phase === 'A')
      parentPort.postMessage(m.ids.map((i) => R.flowSummary(tiles[i], dem, width, 30, 30)));
    else {
      for (const [i, pairs] of m.seeds) {
        const seed = new Float64Array(512 * 512);
        for (let j = 0; j < pairs.length; j += 2) seed[pairs[j]] = pairs[j + 1];
        passB(tiles[i], seed);
      }
      parentPort.postMessage('done');
    }
  });
}
