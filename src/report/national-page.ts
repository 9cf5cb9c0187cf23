// The national page: ranking with bands, per-priority scores and balance, distribution chart,
// per-priority means, agencies per indicator option, and trends against a previous period.
import type { AgencyResult } from '../score/types.ts';
import { agencyFileName } from './agency-page.ts';
import type { ReportData } from './data.ts';
import type { Formatter } from './format.ts';
import { notRankedReason } from './tables.ts';
import { page } from './layout.ts';
import { html, relativeHref, type SafeHtml } from './safe-html.ts';
import { balanceChart, bandColor, distributionChart, scoreBar, PRIORITY_PALETTE } from './svg.ts';
import type { Trend, TrendRow } from './trends.ts';

const name = (a: { nameFa: string; nameEn?: string }, f: Formatter) =>
  f.lang === 'en' && a.nameEn ? a.nameEn : a.nameFa;

/** "75 تا 100" / "75–100": the band's range as the published tables print it. */
function bandRange(d: ReportData, bandId: string, f: Formatter): string {
  const i = d.checklist.bands.findIndex((b) => b.id === bandId);
  const lo = d.checklist.bands[i].min;
  const hi = i > 0 ? d.checklist.bands[i - 1].min : 100;
  return f.lang === 'fa' ? `${f.int(lo)} تا ${f.int(hi)}` : `${lo}–${hi}`;
}

function changeCell(n: number | null, f: Formatter, decimals: number): SafeHtml {
  const cls = n === null || n === 0 ? '' : n > 0 ? 'up' : 'down';
  return html`<td class="num ${cls}" data-v="${n ?? ''}">${decimals === 0 ? f.signed(n, 0) : f.signed(n, decimals)}</td>`;
}

function rankingTable(d: ReportData, f: Formatter, trend: Trend | null): SafeHtml {
  const trendOf = new Map<string, TrendRow>((trend?.rows ?? []).map((r) => [r.agencyId, r]));
  // Agencies without a rank are listed apart below the table (notRankedList).
  const ranked = d.agencies.filter((a) => a.rank !== null);
  const rows = ranked.map((a: AgencyResult) => {
    const color = bandColor(d.checklist.bands, a.band?.id);
    const t = trendOf.get(a.agencyId);
    const priorities = d.checklist.priorities.map((p) => ({
      id: p.id,
      title: f.bi(p.title),
      score: a.priorities.find((x) => x.id === p.id)?.score ?? null,
    }));
    return html`<tr data-agency="${a.agencyId}" data-name="${a.nameFa} ${a.nameEn ?? ''} ${a.agencyId}" data-band="${a.band?.id ?? ''}">
<td class="num band-cell" style="border-inline-start-color:${color}" data-v="${a.rank ?? ''}">${f.int(a.rank)}</td>
<td class="name" data-v="${name(a, f)}"><a href="agencies/${relativeHref(agencyFileName(a.agencyId))}">${name(a, f)}</a></td>
<td data-v="${a.total ?? ''}" class="num"><b>${f.num(a.total)}</b>${a.provisional && a.total !== null ? html`<br><span class="small muted" title="${f.t('provisional')}">${f.t('verified')}; +${f.num(a.missingPoints)} ${f.t('open')}</span>` : ''}</td>
<td data-v="${a.band ? d.checklist.bands.findIndex((b) => b.id === a.band!.id) : ''}"><span class="chip" style="background:${color}">${a.band ? f.bi(a.band.label) : '—'}</span></td>
${priorities.map((p) => html`<td class="num hide-narrow" data-v="${p.score ?? ''}">${f.num(p.score)}</td>`)}
<td class="hide-narrow">${balanceChart(priorities, f)}</td>
<td class="num hide-narrow" data-v="${a.missingPoints}">${f.num(a.missingPoints)}</td>
${trend ? html`${changeCell(t?.scoreChange ?? null, f, 2)}${changeCell(t?.rankChange ?? null, f, 0)}` : ''}
</tr>`;
  });
  const bandOptions = d.checklist.bands.map((b) => html`<option value="${b.id}">${f.bi(b.label)}</option>`);
  return html`<div class="controls" data-filter-for="ranking">
<input type="search" placeholder="${f.t('filter')}" aria-label="${f.t('filter')}">
${d.checklist.bands.length ? html`<select aria-label="${f.t('band')}"><option value="">${f.t('allBands')}</option>${bandOptions}</select>` : ''}
<span class="muted small">${f.t('shown')}: <span data-count data-digits="${f.lang}">${f.int(ranked.length)}</span> · ${f.t('sortHint')}</span>
</div>
<div class="table-wrap"><table id="ranking" class="sortable"><thead><tr>
<th class="num" data-sort="num" aria-sort="ascending">${f.t('rank')}</th>
<th data-sort="text">${f.t('agency')}</th>
<th class="num" data-sort="num">${f.t('total')}</th>
<th data-sort="num">${f.t('band')}</th>
${d.checklist.priorities.map((p, i) => html`<th class="num hide-narrow" data-sort="num" title="${f.bi(p.title)}"><span class="swatch" style="background:${PRIORITY_PALETTE[i % PRIORITY_PALETTE.length]}"></span>${f.bi(p.title)}<br><span class="muted small">${f.t('weight')} ${f.digits(p.weight)}</span></th>`)}
<th class="hide-narrow">${f.t('balance')}</th>
<th class="num hide-narrow" data-sort="num" title="${f.t('missing')}">${f.t('missingShort')}</th>
${trend ? html`<th class="num" data-sort="num">${f.t('scoreChange')}</th><th class="num" data-sort="num">${f.t('rankChange')}</th>` : ''}
</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** Agencies without a rank (portal unreachable, no services listed), apart from the ranking with the reason. */
function notRankedList(d: ReportData, f: Formatter): SafeHtml {
  const apart = d.agencies.filter((a) => a.rank === null);
  const provisional = d.agencies.some((a) => a.provisional);
  return html`${provisional ? html`<p class="small muted">* ${f.t('provisional')}</p>` : ''}
${apart.length ? html`<h3 id="not-ranked">${f.t('notRanked')} (${f.int(apart.length)})</h3><ul>${apart.map((a) => html`<li><a href="agencies/${relativeHref(agencyFileName(a.agencyId))}">${name(a, f)}</a>: <span dir="ltr">${notRankedReason(a) ?? ''}</span>${a.unranked && !a.unreachable ? html` — ${f.bi(a.unranked)}` : ''}</li>`)}</ul>` : ''}`;
}

function optionCountsTable(d: ReportData, f: Formatter): SafeHtml {
  const priorityTitle = (id: string) => f.bi(d.checklist.priorities.find((p) => p.id === id)?.title);
  return html`<div class="table-wrap"><table class="sortable" id="option-counts"><thead><tr>
<th class="num" data-sort="num">#</th><th data-sort="text">${f.t('indicator')}</th><th class="hide-narrow" data-sort="text">${f.t('priority')}</th>
<th>${f.t('option')}: ${f.t('agencies')}</th><th class="num" data-sort="num">${f.t('meanPercent')}</th></tr></thead><tbody>
${d.optionCounts.map(
  (
    c,
  ) => html`<tr><td class="num" data-v="${parseFloat(c.indicatorId) || ''}">${f.digits(c.indicatorId)}</td><td>${f.bi(c.title)}</td><td class="hide-narrow small">${priorityTitle(c.priority)}</td>
<td><ul class="ev">${c.options.map((o) => html`<li>${f.bi(o.label)} <span class="muted">(${f.digits(o.value)})</span>: <b>${f.int(o.agencies)}</b></li>`)}
${c.mixed ? html`<li class="muted">${f.t('mixed')}: <b>${f.int(c.mixed)}</b></li>` : ''}${c.missing ? html`<li class="muted">${f.t('notMeasured')}: <b>${f.int(c.missing)}</b></li>` : ''}${c.notApplicable ? html`<li class="muted">${f.t('notApplicable')}: <b>${f.int(c.notApplicable)}</b></li>` : ''}</ul></td>
<td class="num" data-v="${c.meanPercent ?? ''}">${f.num(c.meanPercent, 1)}</td></tr>`,
)}</tbody></table></div>`;
}

function trendSection(trend: Trend, f: Formatter): SafeHtml {
  const rows = trend.topRisers.map(
    (r, i) =>
      html`<tr><td class="num">${f.int(i + 1)}</td><td><a href="agencies/${relativeHref(agencyFileName(r.agencyId))}">${name(r, f)}</a></td><td class="num">${f.num(r.totalNow)}</td><td class="num">${f.num(r.totalBefore)}</td><td class="num">${f.int(r.rankNow)}</td><td class="num">${f.int(r.rankBefore)}</td><td class="num up">${f.signed(r.rankChange, 0)}</td><td class="num ${r.scoreChange !== null && r.scoreChange < 0 ? 'down' : 'up'}">${f.signed(r.scoreChange)}</td></tr>`,
  );
  return html`<section id="trends"><h2>${f.t('topRisers')}</h2>
<p class="small muted">${f.t('trendSource')}: <span dir="ltr">${trend.label}</span></p>
${rows.length ? html`<div class="table-wrap"><table id="top-risers"><thead><tr><th class="num">#</th><th>${f.t('agency')}</th><th class="num">${f.t('currentScore')}</th><th class="num">${f.t('previousScore')}</th><th class="num">${f.t('currentRank')}</th><th class="num">${f.t('previousRank')}</th><th class="num">${f.t('rankChange')}</th><th class="num">${f.t('scoreChange')}</th></tr></thead><tbody>${rows}</tbody></table></div>` : html`<p class="muted">${f.t('none')}</p>`}
${trend.unmatched.length ? html`<details><summary>${f.t('unmatched')} (${f.int(trend.unmatched.length)})</summary><ul>${trend.unmatched.map((u) => html`<li>${u.name}</li>`)}</ul></details>` : ''}
</section>`;
}

export function renderNationalPage(d: ReportData, f: Formatter, trend: Trend | null): string {
  const bandCounts = d.checklist.bands.map((b) => ({
    b,
    n: d.agencies.filter((a) => a.band?.id === b.id).length,
  }));
  const priorityMeans = d.checklist.priorities.map((p, i) => {
    const xs = d.agencies
      .map((a) => a.priorities.find((x) => x.id === p.id)?.score)
      .filter((x): x is number => typeof x === 'number');
    return {
      label: f.bi(p.title),
      value: xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null,
      color: PRIORITY_PALETTE[i % PRIORITY_PALETTE.length],
    };
  });
  const header = html`<header class="page"><h1>${f.t('nationalTitle')}</h1>
<div class="meta"><span>${f.bi(d.checklist.title)}</span><span>${f.bi(d.checklist.period)}</span><span>${f.t('run')}: <span dir="ltr">${d.run.id}</span></span>${d.run.periodId ? html`<span>${f.t('period')}: <span dir="ltr">${d.run.periodId}</span></span>` : ''}<span>${f.t('scored')}: ${f.date(d.scoredAt)}</span></div></header>`;
  const body = html`
<section><div class="cards">
<div class="card"><div class="k">${f.t('agencies')}</div><div class="v">${f.int(d.agencies.length)}</div></div>
<div class="card"><div class="k">${f.t('nationalMean')}</div><div class="v">${f.num(d.nationalMean)}</div></div>
${bandCounts.map(({ b, n }) => html`<div class="card"><div class="k"><span class="swatch" style="background:${bandColor(d.checklist.bands, b.id)}"></span>${f.bi(b.label)} <span class="small">(${bandRange(d, b.id, f)})</span></div><div class="v">${f.int(n)}</div></div>`)}
</div></section>
<section><h2>${f.t('ranking')}</h2>${rankingTable(d, f, trend)}${notRankedList(d, f)}</section>
<section class="charts">
<div><h2>${f.t('distribution')}</h2>${distributionChart(
    d.agencies.map((a) => ({ total: a.total, bandId: a.band?.id ?? null })),
    d.checklist.bands,
    f,
  )}
<div class="legend">${d.checklist.bands.map((b) => html`<span><span class="swatch" style="background:${bandColor(d.checklist.bands, b.id)}"></span>${f.bi(b.label)}</span>`)}</div></div>
<div><h2>${f.t('priorityMeans')}</h2>${priorityMeans.map((p) => html`<div class="hbar-row"><div>${p.label}</div>${scoreBar(p.label, p.value, p.color, f)}</div>`)}</div>
</section>
${trend ? trendSection(trend, f) : ''}
<section><h2>${f.t('optionCounts')}</h2>${optionCountsTable(d, f)}</section>`;
  return page({ f, title: `${f.t('nationalTitle')} — ${f.bi(d.checklist.title)}`, header, body });
}
