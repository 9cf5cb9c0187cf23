// Inline SVG charts (no scripts, no external files): score distribution, priority balance,
// priority means, and uptime over the measured window. Numeric axes run left to right in both languages.
import type { Band } from '../score/types.ts';
import type { UptimeCheck } from '../store/repository.ts';
import type { Formatter } from './format.ts';
import { html, joinHtml, type SafeHtml } from './safe-html.ts';

// Best band first; colours chosen to stay distinct for common colour-vision deficiencies.
const BAND_PALETTE = ['#17803d', '#2266b0', '#c27c00', '#c0392b', '#6b5b95', '#555555'];
export const PRIORITY_PALETTE = ['#2266b0', '#17803d', '#c27c00', '#8e44ad', '#16a085', '#c0392b', '#7f8c8d'];
const NO_BAND = '#7a7a7a';

export function bandColor(bands: Band[], bandId: string | null | undefined): string {
  const i = bands.findIndex((b) => b.id === bandId);
  return i >= 0 ? BAND_PALETTE[Math.min(i, BAND_PALETTE.length - 1)] : NO_BAND;
}

/** Histogram of agency totals in 10-point bins; each bar is stacked by the agencies' bands. */
export function distributionChart(
  agencies: { total: number | null; bandId: string | null }[],
  bands: Band[],
  f: Formatter,
): SafeHtml {
  const bins = Array.from({ length: 10 }, () => new Map<string, number>());
  for (const a of agencies) {
    if (a.total === null) continue;
    const bin = bins[Math.min(9, Math.max(0, Math.floor(a.total / 10)))];
    bin.set(a.bandId ?? '', (bin.get(a.bandId ?? '') ?? 0) + 1);
  }
  const sizes = bins.map((b) => [...b.values()].reduce((s, n) => s + n, 0));
  const max = Math.max(1, ...sizes);
  const W = 560;
  const H = 220;
  const left = 40;
  const bottom = 30;
  const top = 14;
  const bw = (W - left - 8) / 10;
  const plotH = H - top - bottom;
  const order = [...bands.map((b) => b.id), ''];
  const bars = bins.map((bin, i) => {
    const x = left + i * bw;
    let y = top + plotH;
    const parts = order
      .filter((id) => bin.get(id))
      .reverse()
      .map((id) => {
        const n = bin.get(id)!;
        const h = (n / max) * plotH;
        y -= h;
        const label = bands.find((b) => b.id === id);
        return html`<rect x="${(x + 3).toFixed(1)}" y="${y.toFixed(1)}" width="${(bw - 6).toFixed(1)}" height="${h.toFixed(1)}" fill="${bandColor(bands, id)}"><title>${f.int(i * 10)}–${f.int(i * 10 + 10)}: ${f.int(n)} ${label ? f.bi(label.label) : ''}</title></rect>`;
      });
    return html`<g>${parts}
${sizes[i] > 0 ? html`<text x="${(x + bw / 2).toFixed(1)}" y="${(y - 3).toFixed(1)}" text-anchor="middle" class="svg-val">${f.int(sizes[i])}</text>` : ''}
<text x="${x.toFixed(1)}" y="${H - bottom + 18}" text-anchor="middle" class="svg-axis">${f.int(i * 10)}</text>${i === 9 ? html`<text x="${(x + bw).toFixed(1)}" y="${H - bottom + 18}" text-anchor="end" class="svg-axis">${f.int(100)}</text>` : ''}</g>`;
  });
  const ticks = [0, 0.5, 1].map((q) => {
    const y = top + plotH - q * plotH;
    return html`<line x1="${left}" x2="${W - 8}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="svg-grid"></line>
<text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" class="svg-axis">${f.int(Math.round(q * max))}</text>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${f.t('distribution')}" direction="ltr">${ticks}${bars}</svg>`;
}

/** Small bar chart of one agency's priority scores (0-100), one bar per priority. */
export function balanceChart(
  scores: { id: string; title: string; score: number | null }[],
  f: Formatter,
): SafeHtml {
  const W = 16 * scores.length + 4;
  const H = 30;
  const bars = scores.map((p, i) => {
    const h = p.score === null ? 0 : Math.max(1, (p.score / 100) * (H - 2));
    return html`<rect x="${2 + i * 16}" y="${(H - 1 - h).toFixed(1)}" width="12" height="${h.toFixed(1)}" fill="${PRIORITY_PALETTE[i % PRIORITY_PALETTE.length]}"><title>${p.title}: ${f.num(p.score)}</title></rect>`;
  });
  return html`<svg class="balance" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${scores.map((p) => `${p.title} ${f.num(p.score)}`).join('، ')}"><rect x="0" y="0" width="${W}" height="${H}" class="balance-bg"></rect>${bars}</svg>`;
}

/** One 0-100 bar that stretches to its container; the number is HTML beside it so it is never distorted. */
export function scoreBar(label: string, value: number | null, color: string, f: Formatter): SafeHtml {
  const w = value === null ? 0 : Math.max(0, Math.min(100, value));
  return html`<span class="bar" title="${label}: ${f.num(value)}"><svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${label}: ${f.num(value)}"><rect x="0" y="0" width="100" height="10" class="bar-bg"></rect><rect x="0" y="0" width="${w.toFixed(2)}" height="10" fill="${color}"></rect></svg><span class="bar-val">${f.num(value, 1)}</span></span>`;
}

const OUTCOME_COLORS: Record<string, string> = {
  up: '#17803d',
  down: '#c0392b',
  degraded: '#c27c00',
  blocked: '#6b5b95',
};

/**
 * Uptime over [from, to]: one column per bin with the share of conclusive checks that were up,
 * red marks for bins with a down check, grey for bins without any check (monitor not running).
 */
export function uptimeChart(checks: UptimeCheck[], from: string, to: string, f: Formatter): SafeHtml {
  const t0 = Date.parse(from);
  const t1 = Math.max(t0 + 1, Date.parse(to));
  const binsN = 60;
  const W = 600;
  const H = 120;
  const left = 34;
  const top = 8;
  const bottom = 24;
  const plotW = W - left - 6;
  const plotH = H - top - bottom;
  const bins = Array.from({ length: binsN }, () => ({ up: 0, down: 0, blocked: 0, other: 0 }));
  for (const c of checks) {
    const t = Date.parse(c.checkedAt);
    if (!(t >= t0 && t <= t1)) continue;
    const b = bins[Math.min(binsN - 1, Math.floor(((t - t0) / (t1 - t0)) * binsN))];
    if (c.outcome === 'up' || c.outcome === 'degraded') b.up++;
    else if (c.outcome === 'down') b.down++;
    else if (c.outcome === 'blocked') b.blocked++;
    else b.other++;
  }
  const bw = plotW / binsN;
  const cols = bins.map((b, i) => {
    const x = left + i * bw;
    const conclusive = b.up + b.down;
    const start = new Date(t0 + (i / binsN) * (t1 - t0)).toISOString();
    if (conclusive === 0) {
      const color = b.blocked ? OUTCOME_COLORS.blocked : '#c8c8c8';
      return html`<rect x="${x.toFixed(1)}" y="${top + plotH - 6}" width="${Math.max(1, bw - 1).toFixed(1)}" height="6" fill="${color}"><title>${f.date(start)}: ${b.blocked ? `${f.int(b.blocked)} blocked` : 'no checks'}</title></rect>`;
    }
    const share = b.up / conclusive;
    const h = Math.max(2, share * plotH);
    return html`<rect x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${b.down ? OUTCOME_COLORS.down : OUTCOME_COLORS.up}"><title>${f.date(start)}: ${f.num(share * 100, 1)}% (${f.int(b.up)}/${f.int(conclusive)})</title></rect>`;
  });
  const axis = [0, 0.5, 1].map((q) => {
    const y = top + plotH - q * plotH;
    return html`<line x1="${left}" x2="${W - 6}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="svg-grid"></line><text x="${left - 4}" y="${(y + 4).toFixed(1)}" text-anchor="end" class="svg-axis">${f.int(q * 100)}%</text>`;
  });
  const dates = [0, 0.5, 1].map((q) => {
    const x = left + q * plotW;
    const anchor = q === 0 ? 'start' : q === 1 ? 'end' : 'middle';
    return html`<text x="${x.toFixed(1)}" y="${H - 6}" text-anchor="${anchor}" class="svg-axis">${f.date(new Date(t0 + q * (t1 - t0)).toISOString(), false)}</text>`;
  });
  return html`<svg class="chart uptime" viewBox="0 0 ${W} ${H}" role="img" aria-label="${f.t('uptime')}" direction="ltr">${axis}${joinHtml(cols)}${dates}</svg>`;
}
