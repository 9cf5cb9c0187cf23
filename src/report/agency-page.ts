// The agency page: every indicator with value, option, source, evidence and a recommendation,
// evaluator inputs, and the details of the speed, accessibility, TLS and uptime measurements.
import { factValueLabel, type DetailLine, type Evidence } from '../core/index.ts';
import { factName, factText } from '../score/conditions.ts';
import type { AgencyResult, IndicatorRow, MeasurementRef } from '../score/types.ts';
import type { EvaluatorInput, StoredMeasurement } from '../store/repository.ts';
import { EvidenceFiles } from './assets.ts';
import type { ReportData } from './data.ts';
import type { Formatter } from './format.ts';
import { page } from './layout.ts';
import { html, linkOrText, type HtmlValue, type SafeHtml } from './safe-html.ts';
import { bandColor, scoreBar, PRIORITY_PALETTE, uptimeChart } from './svg.ts';
import { AXE_HELP_FA, AXE_IMPACT_FA } from './axe-help-fa.ts';
import { tlsDetails } from './tls-details.ts';
import { tlsNotTestedFa, tlsReasonFa } from './tls-text.ts';
import { outageList, uptimeError, uptimeNotes } from './uptime-notes.ts';

const MAX_EVIDENCE_PER_MEASUREMENT = 12;

/** File name of an agency page: the id when it is a plain name, else an encoded form that cannot escape the folder. */
export function agencyFileName(agencyId: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/.test(agencyId) && !agencyId.includes('..')
    ? `${agencyId}.html`
    : `a-${Buffer.from(agencyId, 'utf8').toString('hex').slice(0, 120)}.html`;
}

function evidenceItem(e: Evidence, files: EvidenceFiles, f: Formatter): SafeHtml {
  const label = e.label ? html`<span class="muted">${e.label}:</span> ` : '';
  const parts: HtmlValue[] = [];
  if (e.count !== undefined) parts.push(html`<b>${f.digits(e.count)}</b>`);
  if (e.url) parts.push(linkOrText(e.url));
  if (e.selector) parts.push(html`<code class="sel">${e.selector}</code>`);
  if (e.text) parts.push(html`<q>${e.text.length > 400 ? e.text.slice(0, 400) + '…' : e.text}</q>`);
  if (e.path) {
    const href = files.link(e.path, 'agencies');
    if (href && (e.kind === 'screenshot' || EvidenceFiles.isImage(e.path)))
      parts.push(
        html`<a href="${href}" target="_blank"><img class="shot" src="${href}" alt="${e.label ?? e.path}" loading="lazy"></a>`,
      );
    else if (href) parts.push(html`<a href="${href}" target="_blank" dir="ltr">${e.path}</a>`);
    else parts.push(html`<code>${e.path}</code>`);
  }
  return html`<li>${label}${parts.map((p, i) => html`${i ? ' ' : ''}${p}`)}</li>`;
}

function measurementBlock(m: MeasurementRef, files: EvidenceFiles, f: Formatter): SafeHtml {
  const shown = m.evidence.slice(0, MAX_EVIDENCE_PER_MEASUREMENT);
  const more = m.evidence.length - shown.length;
  return html`<li><b dir="ltr">${m.probe}</b> ${linkOrText(m.url)} <span class="muted small">(${m.toolVersion}; ${f.date(m.finishedAt)})</span>
${m.error ? html`<div class="err">${m.error.type}: ${m.error.message}</div>` : ''}
${shown.length ? html`<ul class="ev">${shown.map((e) => evidenceItem(e, files, f))}${more > 0 ? html`<li class="muted">+${f.int(more)}</li>` : ''}</ul>` : ''}</li>`;
}

function indicatorEvidence(rows: IndicatorRow[], files: EvidenceFiles, f: Formatter): SafeHtml {
  const seen = new Set<string>();
  const facts: SafeHtml[] = [];
  const blocks: SafeHtml[] = [];
  for (const r of rows)
    for (const use of r.facts) {
      const factKey = `${use.fact}=${JSON.stringify(use.value ?? null)}|${use.how}`;
      if (!seen.has(factKey)) {
        seen.add(factKey);
        // The fact's label and its spoken value; the internal name stays in a tooltip for support.
        facts.push(
          html`<li><span class="fact" title="${use.fact}">${f.bi(factName(use.fact))}</span>: <b><bdi>${use.value === undefined ? f.t('notMeasured') : f.digits(f.bi(factText(use.value)).replace(/^«\u2068|\u2069»$/g, ''))}</bdi></b> <span class="muted small">(${f.how(use.how)})</span></li>`,
        );
      }
      for (const m of use.measurements) {
        const k = m.id !== undefined ? `#${m.id}` : `${m.probe}|${m.url}|${m.finishedAt}`;
        if (seen.has(k)) continue;
        seen.add(k);
        blocks.push(measurementBlock(m, files, f));
      }
    }
  const inputs = rows.map((r) => r.input).filter((i): i is NonNullable<typeof i> => !!i);
  for (const i of inputs) {
    const k = `input|${i.serviceId}|${i.createdAt}`;
    if (seen.has(k)) continue;
    seen.add(k);
    blocks.push(
      html`<li><b>${f.t('evaluatorInputs')}</b>: ${i.notApplicable ? f.t('notApplicable') : f.digits(i.value ?? '—')} — ${i.author}, ${f.date(i.createdAt)}${i.reason ? html` · ${i.reason}` : ''}${i.note ? html` · ${i.note}` : ''}${i.evidenceUrl ? html` · ${linkOrText(i.evidenceUrl)}` : ''}</li>`,
    );
  }
  const errors = rows
    .flatMap((r) => r.errors)
    .filter((e) => {
      const k = `err|${e.probe}|${e.url}|${e.error.type}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  for (const e of errors)
    blocks.push(
      html`<li class="err"><b dir="ltr">${e.probe}</b> ${linkOrText(e.url)}: ${e.error.type} — ${e.error.message}</li>`,
    );
  if (!facts.length && !blocks.length) return html`<span class="muted">—</span>`;
  const count = blocks.length;
  return html`<details><summary>${f.t('evidence')} (${f.int(count)})</summary>${facts.length ? html`<ul class="ev">${facts}</ul>` : ''}<ul class="ev">${blocks}</ul></details>`;
}

function sourceBadge(source: string, f: Formatter): SafeHtml {
  return html`<span class="src src-${source}">${f.source(source)}</span>`;
}

function optionText(r: IndicatorRow, f: Formatter): SafeHtml {
  if (r.source === 'not-applicable') return html`${f.t('notApplicable')}`;
  if (r.value === null) return html`${f.t('notMeasured')}`;
  // The label is isolated: "0.4 < x < 1" inside a Persian line keeps its own order.
  return r.option
    ? html`<bdi class="opt">${f.digits(f.bi(r.option))}</bdi> <bdi class="opt-v">(${f.digits(r.value)})</bdi>`
    : html`${f.digits(r.value)}`;
}

/** "۵ از ۱۰": the points the indicator earned of its weight (after not-applicable rescaling). */
function pointsText(points: number | null | undefined, of: number, f: Formatter): SafeHtml {
  return html`<div class="pts"><b>${points === null || points === undefined ? '—' : f.num(points)}</b> ${f.t('of')} ${f.num(of)} <span class="muted small">${f.t('points')}</span></div>`;
}

function indicatorRow(a: AgencyResult, indicatorId: string, files: EvidenceFiles, f: Formatter): SafeHtml {
  const rows = a.services
    .map((s) => ({ s, r: s.indicators.find((x) => x.indicatorId === indicatorId) }))
    .filter((x): x is { s: (typeof a.services)[number]; r: IndicatorRow } => !!x.r);
  if (!rows.length) return html``;
  const first = rows[0].r;
  const distinct = new Set(rows.map(({ r }) => `${r.value}|${r.source}`));
  const summary = a.indicators[indicatorId];
  let valueCell: SafeHtml;
  if (distinct.size <= 1) valueCell = html`${optionText(first, f)}<div>${sourceBadge(first.source, f)}</div>`;
  else
    valueCell = html`<ul class="ev">${rows.map(({ s, r }) => html`<li><span class="muted">${s.title}:</span> ${optionText(r, f)} ${sourceBadge(r.source, f)}</li>`)}</ul>
${summary && summary.value !== null ? html`<div class="small muted">${f.t('value')}: ${f.num(summary.value, 3)}</div>` : ''}`;
  valueCell = html`${valueCell}${pointsText(summary?.points, first.effectiveWeight, f)}`;
  // Recommendation: from the weakest service, so the advice addresses what holds the agency back.
  const weakest =
    rows
      .map(({ r }) => r)
      .filter((r) => r.source !== 'not-applicable')
      .sort((x, y) => (x.value ?? -1) - (y.value ?? -1))[0] ?? first;
  const because = f.bi(weakest.because);
  const next = weakest.next ? f.bi(weakest.next) : null;
  const value = summary?.value ?? first.value;
  return html`<tr id="ind-${indicatorId}" data-v="${value ?? ''}">
<td class="num">${f.digits(indicatorId)}</td>
<td><div class="indicator-title">${f.bi(first.title)}</div><div class="small muted">${f.t('weight')} ${f.digits(first.weight)} · ${f.level(first.level)} · ${f.method(first.method)}</div></td>
<td>${valueCell}</td>
<td><div class="small">${because}</div>${next ? html`<div class="next">${f.t('recommendation')}: ${next}</div>` : first.source !== 'not-applicable' ? html`<div class="small muted">${f.t('atTop')}</div>` : ''}</td>
<td>${indicatorEvidence(
    rows.map((x) => x.r),
    files,
    f,
  )}</td>
</tr>`;
}

/** What is still open (unverified) and what would close it; or why the agency was not measured. */
function openSection(a: AgencyResult, f: Formatter): SafeHtml {
  const open = a.open ?? [];
  if (!open.length && !a.unreachable && !a.unranked) return html``;
  return html`<section id="open"><h2>${f.t('openItems')}</h2>
${a.unreachable ? html`<p><b>${f.t('notRanked')}</b>: <span dir="ltr">${a.unreachable.type}: ${a.unreachable.message}</span></p>` : ''}
${a.unranked && !a.unreachable ? html`<p><b>${f.t('notRanked')}</b>: ${f.bi(a.unranked)}</p>` : ''}
${a.provisional ? html`<p class="small muted">${f.t('provisional')}</p>` : a.missingAsZero && open.length ? html`<p class="small muted">${f.t('countedAsZero')}</p>` : ''}
${
  open.length
    ? html`<div class="table-wrap"><table id="open-items"><thead><tr><th class="num">#</th><th>${f.t('indicator')}</th><th class="num">${f.t('points')}</th><th>${f.t('reason')}</th><th>${f.t('closeBy')}</th></tr></thead><tbody>
${open.map((o) => html`<tr><td class="num">${f.digits(o.indicatorId)}</td><td>${f.bi(o.title)}</td><td class="num">${f.num(o.points)}</td><td><span dir="ltr">${o.kind}${o.error ? ` (${o.error.type})` : ''}</span></td><td class="small">${f.bi(o.close)}</td></tr>`)}
</tbody></table></div>`
    : ''
}
</section>`;
}

function inputsTable(inputs: EvaluatorInput[], d: ReportData, f: Formatter): SafeHtml {
  if (!inputs.length) return html`<p class="muted">${f.t('none')}</p>`;
  const title = (id: string) => f.bi(d.checklist.indicators.find((i) => i.id === id)?.title);
  return html`<div class="table-wrap"><table><thead><tr><th class="num">${f.t('indicator')}</th><th>${f.t('service')}</th><th>${f.t('value')}</th><th>${f.t('reason')} / ${f.t('note')}</th><th>${f.t('evidence')}</th><th>${f.t('author')}</th><th>${f.t('date')}</th></tr></thead><tbody>
${inputs.map(
  (i) =>
    html`<tr><td class="num">${f.digits(i.indicatorId)}<div class="small muted">${title(i.indicatorId)}</div></td><td dir="ltr">${i.serviceId ?? '—'}</td><td>${i.notApplicable ? f.t('notApplicable') : f.digits(i.value ?? '—')}</td><td>${i.reason ?? ''}${i.reason && i.note ? ' · ' : ''}${i.note ?? ''}</td><td>${linkOrText(i.evidenceUrl)}</td><td>${i.author}</td><td class="num">${f.date(i.createdAt)}</td></tr>`,
)}</tbody></table></div>`;
}

type Values = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function lighthouseSection(ms: StoredMeasurement[], files: EvidenceFiles, f: Formatter): SafeHtml {
  if (!ms.length) return html``;
  const rows = ms.map((m) => {
    const v = m.values as Values;
    const met = (v.metrics ?? {}) as Values;
    const json = m.evidence.find((e) => e.kind === 'file' && e.path?.endsWith('.json'));
    const href = json ? files.link(json.path, 'agencies') : null;
    // Lighthouse's own report of the median run, opened from the verdict it explains.
    const report = typeof v.html === 'string' ? files.link(v.html, 'agencies') : null;
    const runs = Array.isArray(v.runs) ? v.runs.length : null;
    const ms1 = (x: unknown) =>
      num(x) === null ? '—' : f.num(num(x)! / 1000, 2) + (f.lang === 'fa' ? ' ث' : ' s');
    return html`<tr><td>${linkOrText(m.url)}${m.error ? html`<div class="err">${m.error.type}: ${m.error.message}</div>` : ''}</td>
<td class="num" data-v="${num(v.score) ?? ''}">${f.int(num(v.score))}${report ? html`<div class="small"><a class="lh-report" href="${report}" target="_blank">${f.t('lighthouseReport')}</a></div>` : ''}</td><td class="num">${ms1(met.fcpMs)}</td><td class="num">${ms1(met.lcpMs)}</td>
<td class="num">${num(met.tbtMs) === null ? '—' : f.int(num(met.tbtMs)) + (f.lang === 'fa' ? ' م‌ث' : ' ms')}</td><td class="num">${f.num(num(met.cls), 3)}</td><td class="num">${ms1(met.speedIndexMs)}</td>
<td class="num">${num(met.totalBytes) === null ? '—' : f.num(num(met.totalBytes)! / 1024, 0) + ' KiB'}</td><td class="num">${f.int(runs)}</td>
<td class="small">${m.toolVersion}${href ? html` · <a href="${href}" target="_blank">JSON</a>` : ''}</td></tr>`;
  });
  return html`<section><h2>${f.t('speed')}</h2><div class="table-wrap"><table><thead><tr><th>URL</th><th class="num">${f.t('median')}</th><th class="num">FCP</th><th class="num">LCP</th><th class="num">TBT</th><th class="num">CLS</th><th class="num">SI</th><th class="num">Bytes</th><th class="num">${f.t('runs')}</th><th>${f.t('tool')}</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

interface AxeFinding {
  id?: string;
  impact?: string | null;
  help?: string;
  helpUrl?: string;
  nodeCount?: number;
  wcag?: string[];
  nodes?: { selector?: string; html?: string }[];
}

const IMPACT_ORDER = ['critical', 'serious', 'moderate', 'minor'];
const FIRST_ELEMENTS = 3;

/** One row per broken rule over the agency's measured pages: the worst impact, elements, pages, first elements. */
function axeSummary(ms: StoredMeasurement[]) {
  const rules = new Map<
    string,
    {
      id: string;
      impact: string | null;
      help: string;
      helpUrl?: string;
      wcag: string[];
      count: number;
      pages: number;
      selectors: string[];
    }
  >();
  for (const m of ms) {
    const list = ((m.values as Values).violations ?? []) as AxeFinding[];
    if (!Array.isArray(list)) continue;
    for (const x of list) {
      const id = x.id ?? '?';
      const r = rules.get(id) ?? {
        id,
        impact: null,
        help: x.help ?? '',
        helpUrl: x.helpUrl,
        wcag: x.wcag ?? [],
        count: 0,
        pages: 0,
        selectors: [],
      };
      const rank = (i: string | null | undefined) => (i ? IMPACT_ORDER.indexOf(i) : 99);
      if (rank(x.impact) < rank(r.impact)) r.impact = x.impact ?? null;
      r.count += x.nodeCount ?? x.nodes?.length ?? 0;
      r.pages++;
      for (const n of x.nodes ?? [])
        if (n.selector && r.selectors.length < FIRST_ELEMENTS && !r.selectors.includes(n.selector))
          r.selectors.push(n.selector);
      rules.set(id, r);
    }
  }
  const rank = (i: string | null) => (i ? IMPACT_ORDER.indexOf(i) : 99);
  return [...rules.values()].sort(
    (x, y) => rank(x.impact) - rank(y.impact) || y.count - x.count || x.id.localeCompare(y.id),
  );
}

function axeSection(ms: StoredMeasurement[], files: EvidenceFiles, f: Formatter): SafeHtml {
  if (!ms.length) return html``;
  const pages = ms.map((m) => {
    const v = m.values as Values;
    const count = Array.isArray(v.violations) ? v.violations.length : 0;
    const href = typeof v.file === 'string' ? files.link(v.file, 'agencies') : null;
    return html`<li>${linkOrText(m.url)} — ${f.t('grade')}: <b>${typeof v.level === 'string' ? (factValueLabel(v.level) ? f.bi(factValueLabel(v.level)) : v.level) : '—'}</b> · <bdi dir="ltr">WCAG ${String(v.wcagLevel ?? '')}</bdi> · ${f.t('violations')}: ${f.int(count)} · <span class="muted small">${m.toolVersion}</span>${href ? html` · <a href="${href}" target="_blank">JSON</a>` : ''}${m.error ? html`<div class="err">${m.error.type}: ${m.error.message}</div>` : ''}</li>`;
  });
  const rules = axeSummary(ms);
  const help = (r: (typeof rules)[number]) => {
    const fa = f.lang === 'fa' ? AXE_HELP_FA[r.id] : undefined;
    // Persian where the rule has a summary; otherwise axe's own English line, isolated.
    return fa
      ? html`<div class="help-fa">${fa}</div>`
      : html`<div class="help-en"><bdi dir="ltr">${r.help}</bdi></div>`;
  };
  const impact = (i: string | null) => (i === null ? '—' : f.lang === 'fa' ? (AXE_IMPACT_FA[i] ?? i) : i);
  return html`<section id="axe"><h2>${f.t('accessibility')}</h2>
<ul class="ev">${pages}</ul>
${
  rules.length
    ? html`<div class="table-wrap"><table id="axe-rules"><thead><tr><th>${f.t('rule')}</th><th>${f.t('impact')}</th><th class="num">${f.t('elements')}</th><th>${f.t('firstElements')}</th><th>${f.t('help')}</th></tr></thead><tbody>
${rules.map((r) => html`<tr data-rule="${r.id}"><td><bdi dir="ltr">${r.helpUrl ? linkOrText(r.helpUrl, r.id) : r.id}</bdi>${r.wcag.length ? html`<div class="small muted" dir="ltr">${r.wcag.join(', ')}</div>` : ''}</td><td class="impact-${r.impact ?? 'none'}">${impact(r.impact)}</td><td class="num">${f.int(r.count)}${ms.length > 1 ? html`<div class="small muted">${f.int(r.pages)} ${f.t('pages')}</div>` : ''}</td><td>${r.selectors.map((sel) => html`<div><bdi dir="ltr"><code class="sel">${sel}</code></bdi></div>`)}</td><td>${help(r)}</td></tr>`)}
</tbody></table></div>`
    : html`<p class="muted">${f.t('noViolations')}</p>`
}</section>`;
}

function tlsSection(ms: StoredMeasurement[], f: Formatter): SafeHtml {
  if (!ms.length) return html``;
  // The grader's English sentences in Persian where their shape is known; otherwise English, isolated.
  const speak = (s: string, fa: (s: string) => string | null): SafeHtml => {
    const t = f.lang === 'fa' ? fa(s) : null;
    // Persian digits in the sentence; names and versions inside their isolates keep theirs ("TLS 1.0").
    const digits = (x: string) =>
      x
        .split(/(\u2066[^\u2069]*\u2069)/)
        .map((part, i) => (i % 2 ? part : f.digits(part)))
        .join('');
    return t ? html`<span class="fa">${digits(t)}</span>` : html`<bdi dir="ltr">${s}</bdi>`;
  };
  const blocks = ms.map((m) => {
    const v = m.values as Values;
    // The probe stores the grade object under values.grade; older or hand-made rows may be flat.
    const g = (v.grade && typeof v.grade === 'object' ? v.grade : v) as Values;
    const letter = typeof g.grade === 'string' ? g.grade : typeof v.grade === 'string' ? v.grade : '—';
    const reasons = Array.isArray(g.reasons) ? (g.reasons as unknown[]).map(String) : [];
    const notTested = Array.isArray(g.notTested) ? (g.notTested as unknown[]).map(String) : [];
    return html`<h3>${linkOrText(m.url)} — ${f.t('grade')} <b dir="ltr">${letter}</b></h3>
${m.error ? html`<p class="err">${m.error.type}: ${m.error.message}</p>` : ''}
${reasons.length ? html`<ul class="ev tls-reasons">${reasons.map((r) => html`<li>${speak(r, tlsReasonFa)}</li>`)}</ul>` : ''}
${notTested.length ? html`<p class="small muted">${f.t('notTested')}: ${notTested.map((n, i) => html`${i ? (f.lang === 'fa' ? '؛ ' : '; ') : ''}${speak(n, tlsNotTestedFa)}`)}</p>` : ''}
${tlsDetails(v.findings, f)}
<p class="small muted">${m.toolVersion} · ${f.date(m.finishedAt)}</p>`;
  });
  return html`<section><h2>${f.t('tls')}</h2>${blocks}</section>`;
}

function uptimeSection(ms: StoredMeasurement[], d: ReportData, agencyId: string, f: Formatter): SafeHtml {
  const checks = d.uptimeByAgency.get(agencyId) ?? [];
  if (!ms.length && !checks.length) return html``;
  const urls = [...new Set([...ms.map((m) => m.url), ...checks.map((c) => c.url)])];
  const blocks = urls.map((url) => {
    const m = ms.find((x) => x.url === url);
    const v = (m?.values ?? {}) as Values;
    const mine = checks.filter((c) => c.url === url);
    const from = typeof v.from === 'string' ? v.from : mine[0]?.checkedAt;
    const to = typeof v.to === 'string' ? v.to : mine.at(-1)?.checkedAt;
    const c = (v.checks ?? {}) as Values;
    // Older measurements kept outages only as English notes.
    const outages = m ? m.evidence.filter((e) => e.label === 'outage') : [];
    const listed = outageList(v, f);
    return html`<h3>${linkOrText(url)}</h3>
<p class="small">${f.t('uptime')}: <b>${num(v.percent) === null ? '—' : f.num(num(v.percent), 2) + (f.lang === 'fa' ? '٪' : '%')}</b> · ${f.t('coverage')}: ${num(v.coverage) === null ? '—' : f.num(num(v.coverage), 1) + (f.lang === 'fa' ? '٪' : '%')} · ${f.int(num(c.made) ?? mine.length)} ${f.t('checks')}${m?.error ? html` · <span class="err">${uptimeError(m.error, f)}</span>` : ''}</p>
${m ? uptimeNotes(v, f) : ''}
${mine.length && from && to ? uptimeChart(mine, from, to, f) : html`<p class="muted small">${f.t('noUptime')}</p>`}
${listed ?? (outages.length ? html`<details><summary>${f.t('outages')} (${f.int(outages.length)})</summary><ul class="ev">${outages.map((o) => html`<li><bdi dir="ltr">${o.text ?? ''}</bdi></li>`)}</ul></details>` : '')}`;
  });
  return html`<section><h2>${f.t('uptime')}</h2>${blocks}</section>`;
}

/** Probes with their own section above; every other probe shows the details its definition gives. */
const OWN_SECTIONS = new Set(['lighthouse', 'axe', 'tls', 'uptime']);

function detailsSection(ms: StoredMeasurement[], f: Formatter): SafeHtml {
  const shown = ms.filter((m) => !OWN_SECTIONS.has(m.probe) && Array.isArray(m.values.details));
  if (!shown.length) return html``;
  const value = (v: DetailLine['value']) =>
    v === null ? '—' : typeof v === 'boolean' ? (v ? '✓' : '✗') : typeof v === 'number' ? f.num(v) : v;
  return html`<section><h2>${f.t('details')}</h2><div class="table-wrap"><table><thead><tr><th>${f.t('tool')}</th><th>URL</th><th>${f.t('details')}</th></tr></thead><tbody>
${shown.map(
  (m) =>
    html`<tr><td dir="ltr">${m.probe}</td><td>${linkOrText(m.url)}</td><td>${(m.values.details as DetailLine[]).map((d) => html`<div>${f.bi(d.label)}: ${d.url ? linkOrText(d.url, String(value(d.value))) : value(d.value)}</div>`)}</td></tr>`,
)}</tbody></table></div></section>`;
}

export function renderAgencyPage(
  a: AgencyResult,
  d: ReportData,
  files: EvidenceFiles,
  f: Formatter,
  nationalHref: string,
): string {
  const name = f.lang === 'en' && a.nameEn ? a.nameEn : a.nameFa;
  const bandLabel = a.band ? f.bi(a.band.label) : '—';
  const color = bandColor(d.checklist.bands, a.band?.id);
  const ranked = d.agencies.filter((x) => x.rank !== null).length;
  const ms = d.measurementsByAgency.get(a.agencyId) ?? [];
  const byProbe = (p: string) => ms.filter((m) => m.probe === p);
  const header = html`<header class="page"><div class="small"><a href="${nationalHref}">${f.lang === 'fa' ? '→' : '←'} ${f.t('backToNational')}</a></div>
<h1>${name}</h1><div class="meta"><span>${f.bi(d.checklist.title)}</span><span>${f.t('run')}: <span dir="ltr">${d.run.id}</span></span>${d.run.periodId ? html`<span>${f.t('period')}: <span dir="ltr">${d.run.periodId}</span></span>` : ''}<span>${f.t('scored')}: ${f.date(d.scoredAt)}</span></div></header>`;

  const realServices = a.services.filter((s) => !s.pseudo);
  const body = html`
<section><div class="cards">
<div class="card"><div class="k">${f.t('total')}</div><div class="v">${f.num(a.total)}</div><div class="small muted">${f.num(a.totalPoints)} ${f.t('of')} ${f.digits(a.maxPoints)}${a.provisional && a.total !== null ? html`<br>${f.t('verified')}; +${f.num(a.missingPoints)} ${f.t('open')}` : ''}</div></div>
<div class="card"><div class="k">${f.t('rank')}</div><div class="v">${f.int(a.rank)}</div><div class="small muted">${f.t('of')} ${f.int(ranked)}</div></div>
<div class="card"><div class="k">${f.t('band')}</div><div class="v"><span class="chip" style="background:${color}">${bandLabel}</span></div></div>
<div class="card"><div class="k">${f.t('missing')}</div><div class="v">${f.num(a.missingPoints)}</div><div class="small muted">${f.int(a.missingIndicators)} ${f.t('indicators')}</div></div>
</div></section>
<section><h2>${f.t('balance')}</h2>
${a.priorities.map((p, i) => html`<div class="hbar-row"><div>${f.bi(p.title)} <span class="muted small">(${f.digits(p.weight)})</span></div>${scoreBar(f.bi(p.title), p.score, PRIORITY_PALETTE[i % PRIORITY_PALETTE.length], f)}</div>`)}
</section>
${openSection(a, f)}
${a.notes.length ? html`<section><h2>${f.t('notes')}</h2><ul>${a.notes.map((n) => html`<li>${n}</li>`)}</ul></section>` : ''}
${
  realServices.length
    ? html`<section><h2>${f.t('perService')}</h2><div class="table-wrap"><table><thead><tr><th>${f.t('service')}</th><th>ID</th><th>${f.t('type')}</th><th class="num">${f.t('total')}</th>${d.checklist.priorities.map((p) => html`<th class="num hide-narrow">${f.bi(p.title)}</th>`)}</tr></thead><tbody>
${realServices.map((s) => html`<tr><td>${s.title}</td><td dir="ltr">${s.serviceId ?? ''}</td><td>${s.type ?? ''}</td><td class="num">${f.num(s.total)}</td>${d.checklist.priorities.map((p) => html`<td class="num hide-narrow">${f.num(s.priorities.find((x) => x.id === p.id)?.score ?? null)}</td>`)}</tr>`)}
</tbody></table></div></section>`
    : ''
}
${d.checklist.priorities.map((p) => {
  const ids = d.checklist.indicators.filter((i) => i.priority === p.id).map((i) => i.id);
  const score = a.priorities.find((x) => x.id === p.id)?.score ?? null;
  return html`<section><h2>${f.bi(p.title)} <span class="muted small">${f.t('points')} ${f.num(score)} ${f.t('of')} ${f.int(100)} · ${f.t('weight')} ${f.digits(p.weight)}</span></h2>
<div class="table-wrap"><table class="indicators"><thead><tr><th class="num">#</th><th>${f.t('indicator')}</th><th>${f.t('option')} / ${f.t('source')}</th><th>${f.t('because')} / ${f.t('recommendation')}</th><th>${f.t('evidence')}</th></tr></thead>
<tbody>${ids.map((id) => indicatorRow(a, id, files, f))}</tbody></table></div></section>`;
})}
<section><h2>${f.t('evaluatorInputs')}</h2>${inputsTable(d.inputsByAgency.get(a.agencyId) ?? [], d, f)}</section>
${lighthouseSection(byProbe('lighthouse'), files, f)}
${axeSection(byProbe('axe'), files, f)}
${tlsSection(byProbe('tls'), f)}
${uptimeSection(byProbe('uptime'), d, a.agencyId, f)}
${detailsSection(ms, f)}
`;
  return page({ f, title: `${name} — ${f.bi(d.checklist.title)}`, header, body, withScript: false });
}
