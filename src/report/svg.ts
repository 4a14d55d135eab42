/**
 * Hand-written inline SVG charts for the report: horizontal bars, uncertainty bands (p5–p95 with p50 and the point
 * estimate) and a tornado. Plain strings, no script, no network: they print as vectors and need no library.
 */
export interface Bar {
  label: string;
  value: number;
  /** Text shown after the bar (the formatted value). */
  text: string;
  trace?: string;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export { esc };

const COLOURS = ['#2f6f4f', '#4f8f6f', '#7fb08f', '#3d6f8f', '#6f9fbf', '#a0522d', '#c08040', '#807050'];

/** A decrease: pale red with a dashed dark-red outline, unlike any colour of the palette (solid greens, blues, browns). */
export const NEGATIVE_FILL = '#f4d6d6';
export const NEGATIVE_STROKE = '#8b1a1a';

/**
 * Horizontal bars in the order given, from a zero axis: positive values to its right, negative ones to its left (a
 * decrease, drawn as NEGATIVE_FILL with a dashed NEGATIVE_STROKE outline), all on one scale; the axis is drawn when a
 * value is negative. The text (the formatted value) stands right of a positive bar's end and right of the axis for a
 * negative bar, so it never runs into the labels.
 */
export function barChart(bars: Bar[], width = 640): string {
  const row = 22;
  const labelW = 190;
  const textW = 130;
  const plotW = width - labelW - textW;
  const low = Math.min(0, ...bars.map((b) => b.value));
  const high = Math.max(0, ...bars.map((b) => b.value));
  const scale = plotW / Math.max(high - low, 1e-300);
  const zero = labelW - low * scale;
  const h = bars.length * row + 8;
  const items = bars.map((b, i) => {
    const w = Math.abs(b.value) * scale;
    const y = 4 + i * row;
    const negative = b.value < 0;
    const x = negative ? zero - w : zero;
    const paint = negative
      ? `fill="${NEGATIVE_FILL}" stroke="${NEGATIVE_STROKE}" stroke-dasharray="3 2"`
      : `fill="${COLOURS[i % COLOURS.length] as string}"`;
    const attr = b.trace === undefined ? '' : ` data-trace="${esc(b.trace)}" class="num" tabindex="0"`;
    return (
      `<g${attr}><text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(b.label)}</text>` +
      `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 6}" ${paint}/>` +
      `<text x="${((negative ? zero : zero + w) + 4).toFixed(1)}" y="${y + 15}">${esc(b.text)}</text></g>`
    );
  });
  const axis =
    low < 0
      ? `<line class="axis" x1="${zero.toFixed(1)}" x2="${zero.toFixed(1)}" y1="0" y2="${h}" stroke="#333"/>`
      : '';
  return `<svg class="chart" viewBox="0 0 ${width} ${h}" width="100%" role="img">${items.join('')}${axis}</svg>`;
}

export interface Band {
  label: string;
  p5: number;
  p50: number;
  p95: number;
  point: number;
}

const pct = (r: number) => `${r >= 0 ? '+' : '−'}${Math.abs(r * 100).toFixed(1)} %`;

/**
 * p5–p95 bands relative to each row's exact point estimate (0 %), so that small and large indicators share one
 * axis: the band spans p5 to p95, the dark tick is the median; the text gives the p5 and p95 offsets.
 */
export function bandChart(bands: Band[], width = 640): string {
  const row = 24;
  const labelW = 190;
  const textW = 130;
  const plotW = width - labelW - textW;
  const rel = (v: number, point: number) => (point === 0 ? 0 : v / point - 1);
  const rows = bands.map((b) => ({
    label: b.label,
    lo: rel(b.p5, b.point),
    mid: rel(b.p50, b.point),
    hi: rel(b.p95, b.point),
  }));
  const lo = Math.min(-0.01, ...rows.map((r) => r.lo));
  const hi = Math.max(0.01, ...rows.map((r) => r.hi));
  const sx = (v: number) => labelW + ((v - lo) / (hi - lo)) * plotW;
  const h = rows.length * row + 8;
  const items = rows.map((r, i) => {
    const y = 4 + i * row;
    return (
      `<text x="${labelW - 6}" y="${y + 16}" text-anchor="end">${esc(r.label)}</text>` +
      `<rect x="${sx(r.lo).toFixed(1)}" y="${y + 6}" width="${Math.max(sx(r.hi) - sx(r.lo), 1).toFixed(1)}" height="10" fill="#9cc3a8"/>` +
      `<line x1="${sx(r.mid).toFixed(1)}" x2="${sx(r.mid).toFixed(1)}" y1="${y + 3}" y2="${y + 19}" stroke="#1d3d2d" stroke-width="2"/>` +
      `<text x="${labelW + plotW + 6}" y="${y + 16}">${pct(r.lo)} … ${pct(r.hi)}</text>`
    );
  });
  const zero = sx(0).toFixed(1);
  return `<svg class="chart" viewBox="0 0 ${width} ${h}" width="100%" role="img"><line x1="${zero}" x2="${zero}" y1="0" y2="${h}" stroke="#c03030"/>${items.join('')}</svg>`;
}

export interface TornadoRow {
  label: string;
  low: number;
  high: number;
  /** The figures written at the bar ends (GEP's change at the low and the high end, formatted). */
  lowText?: string;
  highText?: string;
}

/**
 * Tornado around the point GEP: each parameter's low end (blue) and high end (green), each bar's figure at its outer
 * end, and an axis under the bars with the point GEP (`pointText`) at its tick; 70 px each side are kept for the
 * figures.
 */
export function tornadoChart(rows: TornadoRow[], point: number, width = 640, pointText = ''): string {
  const row = 22;
  const labelW = 260;
  const pad = 70;
  const plotW = width - labelW - 10 - 2 * pad;
  const lo = Math.min(point, ...rows.map((r) => Math.min(r.low, r.high)));
  const hi = Math.max(point, ...rows.map((r) => Math.max(r.low, r.high)));
  const sx = (v: number) => labelW + pad + (hi === lo ? plotW / 2 : ((v - lo) / (hi - lo)) * plotW);
  const c = sx(point);
  const items = rows.map((r, i) => {
    const y = 4 + i * row;
    const seg = (v: number, fill: string, text: string | undefined) => {
      const x = sx(v);
      const label =
        text === undefined
          ? ''
          : x < c
            ? `<text x="${(x - 3).toFixed(1)}" y="${y + 15}" text-anchor="end" class="end">${esc(text)}</text>`
            : `<text x="${(x + 3).toFixed(1)}" y="${y + 15}" class="end">${esc(text)}</text>`;
      return `<rect x="${Math.min(x, c).toFixed(1)}" y="${y + 3}" width="${Math.max(Math.abs(x - c), 0.5).toFixed(1)}" height="${row - 6}" fill="${fill}"/>${label}`;
    };
    return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(r.label)}</text>${seg(r.low, '#6f9fbf', r.lowText)}${seg(r.high, '#4f8f6f', r.highText)}`;
  });
  const bars = rows.length * row + 8;
  const h = bars + 22;
  const axis =
    `<line class="axis" x1="${labelW + pad}" x2="${labelW + pad + plotW}" y1="${bars}" y2="${bars}" stroke="#333"/>` +
    `<line x1="${c.toFixed(1)}" x2="${c.toFixed(1)}" y1="${bars}" y2="${bars + 5}" stroke="#333"/>` +
    `<text x="${c.toFixed(1)}" y="${bars + 17}" text-anchor="middle">${esc(pointText)}</text>`;
  return `<svg class="chart" viewBox="0 0 ${width} ${h}" width="100%" role="img">${items.join('')}<line x1="${c.toFixed(1)}" x2="${c.toFixed(1)}" y1="0" y2="${bars}" stroke="#333"/>${axis}</svg>`;
}

export interface MapZone {
  label: string;
  /** The figure that colours the zone (value per km²); null leaves it grey. */
  value: number | null;
  text: string;
  /** GeoJSON Polygon or MultiPolygon, longitude/latitude. */
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

type Ring = readonly (readonly [number, number])[];
const polygonsOf = (g: MapZone['geometry']): Ring[][] =>
  g.type === 'Polygon' ? [g.coordinates as Ring[]] : (g.coordinates as Ring[][]);

/** Light to dark green by share of the largest value. */
function shade(share: number): string {
  const mix = (a: number, b: number) => Math.round(a + (b - a) * share);
  return `rgb(${mix(229, 47)},${mix(242, 111)},${mix(234, 79)})`;
}

/**
 * A choropleth of zones from their outlines: longitude/latitude drawn equirectangular, longitudes scaled by the
 * cosine of the mean latitude (shapes true at county scale), each zone shaded from light (the lowest value) to dark
 * (the highest), labelled at the centre of its bounding box; holes by the even-odd rule; a legend of the range.
 */
export function zoneMap(zones: MapZone[], width = 640): string {
  const all = zones.flatMap((z) => polygonsOf(z.geometry).flat(2));
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const [west, east, south, north] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  const k = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * k, 1e-9);
  const spanY = Math.max(north - south, 1e-9);
  const pad = 10;
  const scale = Math.min((width - 2 * pad) / spanX, 480 / spanY);
  const height = spanY * scale + 2 * pad + 24;
  const x = (lon: number) => pad + (lon - west) * k * scale;
  const y = (lat: number) => pad + (north - lat) * scale;
  const values = zones.flatMap((z) => (z.value === null ? [] : [z.value]));
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const share = (v: number) => (high > low ? (v - low) / (high - low) : 1);
  const items = zones.map((z) => {
    const polys = polygonsOf(z.geometry);
    const d = polys
      .flat()
      .map((r) => `M${r.map((p) => `${x(p[0]).toFixed(1)} ${y(p[1]).toFixed(1)}`).join('L')}Z`)
      .join('');
    const pts = polys.flat(2);
    const cx = (Math.min(...pts.map((p) => x(p[0]))) + Math.max(...pts.map((p) => x(p[0])))) / 2;
    const cy = (Math.min(...pts.map((p) => y(p[1]))) + Math.max(...pts.map((p) => y(p[1])))) / 2;
    const fill = z.value === null ? '#ddd' : shade(share(z.value));
    return (
      `<g><path d="${d}" fill="${fill}" fill-rule="evenodd" stroke="#355" stroke-width="1"><title>${esc(z.label)}: ${esc(z.text)}</title></path>` +
      `<text x="${cx.toFixed(1)}" y="${cy.toFixed(1)}" text-anchor="middle" class="map-label" paint-order="stroke" stroke="#fff" stroke-width="3">${esc(z.label)}</text>` +
      `<text x="${cx.toFixed(1)}" y="${(cy + 14).toFixed(1)}" text-anchor="middle" class="map-label" paint-order="stroke" stroke="#fff" stroke-width="3">${esc(z.text)}</text></g>`
    );
  });
  const text = (v: number) => zones.find((z) => z.value === v)?.text ?? '';
  const ly = (height - 18).toFixed(1);
  const legend =
    values.length === 0
      ? ''
      : `<text x="${pad}" y="${(height - 9).toFixed(1)}">${esc(text(low))}</text>` +
        [0, 0.5, 1]
          .map(
            (f, i) => `<rect x="${pad + 70 + i * 16}" y="${ly}" width="14" height="10" fill="${shade(f)}"/>`,
          )
          .join('') +
        `<text x="${pad + 122}" y="${(height - 9).toFixed(1)}">${esc(text(high))}</text>`;
  return `<svg class="chart map" viewBox="0 0 ${width} ${height.toFixed(1)}" width="100%" role="img">${items.join('')}${legend}</svg>`;
}
