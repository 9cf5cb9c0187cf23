// Plain-text renderings of scores for the terminal: the ranking table and per-indicator explanations.
import type { Evidence } from '../core/index.ts';
import { round } from './aggregate.ts';
import type { AgencyResult, Checklist, IndicatorRow } from './types.ts';

const fmt = (x: number | null | undefined, d = 2) =>
  x === null || x === undefined ? '—' : round(x, d).toFixed(d);

/** "61.50 verified, 38.50 open" for a provisional total; the plain total otherwise. */
export function totalText(a: AgencyResult): string {
  if (a.total === null) return '—';
  const t =
    a.maxPoints !== 100 && a.totalPoints !== null
      ? `${fmt(a.total)} (${fmt(a.totalPoints)}/${a.maxPoints})`
      : fmt(a.total);
  return a.provisional ? `${t} verified, ${fmt(a.missingPoints)} open` : t;
}

/** Why an agency has no rank, or null when it has one. */
export function notRankedText(a: AgencyResult): string | null {
  if (a.rank !== null) return null;
  if (a.unreachable) return `could not be measured: ${a.unreachable.type}: ${a.unreachable.message}`;
  if (a.unranked) return a.unranked.en;
  return a.total === null ? 'no total' : null;
}

/**
 * Ranking table: rank, agency, priority scores, total, band, open points. Agencies without a rank
 * (portal unreachable, no services) are listed apart with the reason.
 */
export function rankingTable(checklist: Checklist, agencies: AgencyResult[]): string {
  const ranked = agencies.filter((a) => a.rank !== null).sort((a, b) => a.rank! - b.rank!);
  const apart = agencies.filter((a) => a.rank === null);
  const sorted = ranked;
  const head = [
    'rank',
    'agency',
    ...checklist.priorities.map((p) => p.id),
    'total',
    ...(checklist.bands.length ? ['band'] : []),
    'open',
  ];
  const rows = sorted.map((a) => [
    a.rank === null ? '—' : String(a.rank),
    `${a.agencyId} ${a.nameFa}`,
    ...checklist.priorities.map((p) => fmt(a.priorities.find((x) => x.id === p.id)?.score)),
    totalText(a),
    ...(checklist.bands.length ? [a.band ? a.band.id + (a.provisional ? ' (provisional)' : '') : '—'] : []),
    a.missingIndicators
      ? `${fmt(a.missingPoints)} pts (${a.missingIndicators} ind.)${a.missingAsZero ? ' counted as 0' : ''}`
      : '0',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(Math.max(0, widths[i] - [...c].length)))
      .join('  ')
      .trimEnd();
  const out = [line(head), ...rows.map(line)];
  if (ranked.some((a) => a.provisional))
    out.push(
      '',
      'Totals with open points are provisional: open points are unverified indicators (see payesh explain AGENCY); --missing-as-zero counts them as 0.',
    );
  if (apart.length) {
    out.push('', `Not ranked (${apart.length}):`);
    for (const a of apart)
      out.push(
        `  ${a.agencyId} ${a.nameFa}: ${notRankedText(a) ?? ''}${a.total !== null ? ` (total ${totalText(a)})` : ''}`,
      );
  }
  return out.join('\n') + '\n';
}

function evidenceLine(e: Evidence): string {
  const parts = [e.kind + (e.label ? ` "${e.label}"` : '')];
  if (e.url) parts.push(e.url);
  if (e.selector) parts.push(`selector ${e.selector}`);
  if (e.text) parts.push(`text "${e.text.length > 80 ? e.text.slice(0, 77) + '...' : e.text}"`);
  if (e.count !== undefined) parts.push(`count ${e.count}`);
  if (e.path) parts.push(`file ${e.path}`);
  return parts.join(' ');
}

function rowDetail(r: IndicatorRow, indent: string): string[] {
  const out: string[] = [];
  const value = r.value === null ? '—' : String(r.value);
  const option = r.option ? ` «${r.option.fa}» (${r.option.en})` : '';
  out.push(
    `${indent}value ${value}${option}; source ${r.source}${r.reason ? ` (${r.reason})` : ''}${r.unverified ? `; unverified: ${r.unverified.kind}` : ''}; points ${fmt(r.points)} of ${fmt(r.effectiveWeight)}`,
  );
  out.push(`${indent}why: ${r.because.en}`);
  if (r.because.fa !== r.because.en) out.push(`${indent}چرا: ${r.because.fa}`);
  for (const f of r.facts) {
    out.push(
      `${indent}fact ${f.fact} = ${f.value === undefined ? 'not measured' : JSON.stringify(f.value)} (${f.how})`,
    );
    for (const m of f.measurements) {
      out.push(`${indent}  measured by ${m.probe} ${m.toolVersion} at ${m.finishedAt} on ${m.url}`);
      for (const e of m.evidence.slice(0, 5)) out.push(`${indent}    evidence: ${evidenceLine(e)}`);
      if (m.evidence.length > 5) out.push(`${indent}    (+${m.evidence.length - 5} more evidence items)`);
    }
  }
  for (const e of r.errors)
    out.push(`${indent}probe ${e.probe} failed on ${e.url}: ${e.error.type}: ${e.error.message}`);
  if (r.input) {
    const i = r.input;
    out.push(
      `${indent}evaluator input: ${i.notApplicable ? 'not applicable' : i.value} by ${i.author} at ${i.createdAt}` +
        `${i.reason ? `; reason: ${i.reason}` : ''}${i.note ? `; note: ${i.note}` : ''}${i.evidenceUrl ? `; evidence ${i.evidenceUrl}` : ''}`,
    );
  }
  if (r.next) out.push(`${indent}next: ${r.next.en}`);
  return out;
}

/** Explains one agency's result, all indicators or one. Services with the same outcome are grouped. */
export function explainText(
  checklist: Checklist,
  a: AgencyResult,
  indicatorId?: string,
  context = '',
): string {
  const out: string[] = [];
  out.push(
    `${a.agencyId} ${a.nameFa}${a.nameEn ? ` (${a.nameEn})` : ''} — ${checklist.id}${context ? ` — ${context}` : ''}`,
  );
  out.push(
    `total ${a.provisional ? `${fmt(a.total)} verified, ${fmt(a.missingPoints)} open (provisional)` : fmt(a.total)} / 100` +
      `${a.maxPoints !== 100 && a.totalPoints !== null ? ` (${fmt(a.totalPoints)} of ${a.maxPoints} points)` : ''}` +
      `, rank ${a.rank ?? '—'}${a.band ? `, band ${a.band.id} (${a.band.label.fa})` : ''}` +
      `; unverified ${fmt(a.missingPoints)} points over ${a.missingIndicators} indicators (${a.missingAsZero ? 'counted as 0: --missing-as-zero' : 'open'})`,
  );
  const apart = notRankedText(a);
  if (apart) out.push(`not ranked: ${apart}`);
  if (a.open?.length) {
    out.push('open (what would close it):');
    for (const o of a.open)
      out.push(
        `  ${o.indicatorId} ${o.title.en}: ${fmt(o.points)} points, ${o.kind}${o.services > 1 ? ` on ${o.services} services` : ''}${o.error ? ` (${o.error.type})` : ''} — ${o.close.en}`,
      );
  }
  out.push('priorities: ' + a.priorities.map((p) => `${p.id} ${fmt(p.score)}`).join(', '));
  for (const n of a.notes) out.push(`note: ${n}`);
  const inds = checklist.indicators.filter((i) => !indicatorId || i.id === indicatorId);
  for (const ind of inds) {
    out.push('');
    out.push(`indicator ${ind.id} — ${ind.title.en} — ${ind.title.fa}`);
    out.push(
      `  ${ind.priority}, level ${ind.level}, weight ${ind.weight}, method ${ind.method}${ind.appliesToG2G ? '' : ', not for G2G'}`,
    );
    const groups = new Map<string, { services: string[]; row: IndicatorRow }>();
    for (const s of a.services) {
      const r = s.indicators.find((x) => x.indicatorId === ind.id);
      if (!r) continue;
      const key = JSON.stringify([
        r.value,
        r.source,
        r.because,
        r.facts.map((f) => [f.fact, f.value]),
        r.input?.createdAt ?? null,
      ]);
      const g = groups.get(key) ?? { services: [], row: r };
      g.services.push(s.pseudo ? 'portal' : (s.serviceId ?? 'portal'));
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      const label =
        groups.size === 1 && a.services.length > 1 ? 'all services' : `service ${g.services.join(', ')}`;
      out.push(`  ${label}:`);
      out.push(...rowDetail(g.row, '    '));
    }
  }
  return out.join('\n') + '\n';
}
