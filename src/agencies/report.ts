// Human-readable output for agency lists: problem lines and the summary of a valid list.
import type { Agency, ListProblem, ServiceType } from './model.ts';

/** FILE:LINE: field: message (CSV) or FILE:LINE: path: message (JSON/YAML). */
export function formatProblem(p: ListProblem): string {
  const isPath = p.where !== '' && !/^\d+$/.test(p.where);
  const place = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return `${place}: ${isPath ? p.where : p.field}: ${p.message}`;
}

export interface ListSummary {
  agencies: number;
  services: number;
  servicesByType: Record<ServiceType, number>;
  agenciesWithoutServices: number;
  /** Distinct hosts of portals and service pages. */
  hosts: string[];
}

export function summarize(agencies: Agency[]): ListSummary {
  const servicesByType: Record<ServiceType, number> = { G2C: 0, G2B: 0, G2G: 0 };
  const hosts = new Set<string>();
  let services = 0;
  for (const a of agencies) {
    if (a.portalUrl) hosts.add(new URL(a.portalUrl).host);
    for (const s of a.services) {
      services++;
      servicesByType[s.type]++;
      if (s.url) hosts.add(new URL(s.url).host);
    }
  }
  return {
    agencies: agencies.length,
    services,
    servicesByType,
    agenciesWithoutServices: agencies.filter((a) => a.services.length === 0).length,
    hosts: [...hosts].sort(),
  };
}

/**
 * Plain-text summary. The Persian name is the last column: right-to-left text in the middle of a
 * terminal line would break the alignment of the columns after it.
 */
export function renderSummary(file: string, agencies: Agency[], maxRows = 30): string {
  const s = summarize(agencies);
  const lines = [
    `${file}: ${plural(s.agencies, 'agency', 'agencies')}, ${plural(s.services, 'service')} ` +
      `(G2C ${s.servicesByType.G2C}, G2B ${s.servicesByType.G2B}, G2G ${s.servicesByType.G2G}), ` +
      plural(s.hosts.length, 'host'),
  ];
  if (s.agenciesWithoutServices > 0) {
    lines.push(`${plural(s.agenciesWithoutServices, 'agency', 'agencies')} without listed services`);
  }
  lines.push('');
  const rows = agencies
    .slice(0, maxRows)
    .map((a) => [a.id, new URL(a.portalUrl).host, String(a.services.length), a.nameFa]);
  const head = ['agency', 'portal host', 'services', 'name'];
  const width = [0, 1, 2].map((c) => Math.max(head[c].length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    [r[0].padEnd(width[0]), r[1].padEnd(width[1]), r[2].padStart(width[2]), r[3]].join('  ').trimEnd();
  lines.push(line(head));
  for (const r of rows) lines.push(line(r));
  if (agencies.length > maxRows) lines.push(`… and ${agencies.length - maxRows} more (use --json for all)`);
  return lines.join('\n');
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}
