// Turns agencies into targets (portal home, service pages, TLS hosts) and targets into jobs.
import type { Agency } from '../agencies/model.ts';
import { hostPortOf } from '../net/options.ts';
import type { Probe, Target } from '../core/index.ts';
import { mainServicesOf } from './main-service.ts';
import type { Job } from '../queue/types.ts';

export function planTargets(agencies: Agency[]): Target[] {
  const targets: Target[] = [];
  const tlsHosts = new Set<string>();
  const addHost = (agencyId: string, url: URL) => {
    if (url.protocol !== 'https:') return;
    const host = hostPortOf(url);
    if (tlsHosts.has(host)) return; // one TLS probe per host and port in a run, shared by its pages
    tlsHosts.add(host);
    targets.push({ agencyId, serviceId: null, kind: 'host', url: `https://${host}/`, host });
  };
  for (const a of agencies) {
    const portal = new URL(a.portalUrl);
    targets.push({
      agencyId: a.id,
      serviceId: null,
      kind: 'portal',
      url: portal.href,
      host: hostPortOf(portal),
    });
    addHost(a.id, portal);
    for (const s of a.services) {
      const u = new URL(s.url);
      targets.push({ agencyId: a.id, serviceId: s.id, kind: 'service', url: u.href, host: hostPortOf(u) });
      addHost(a.id, u);
    }
  }
  return targets;
}

export type MeasureScope = 'portal' | 'main-service' | 'services';

/** What the chosen checklist needs measured (from its `measure:` and the facts its indicators read). */
export interface MeasurePlan {
  /** Pages each probe serves; a probe not listed measures every page it applies to. */
  scopes: Record<string, MeasureScope[]>;
  /** Target ids of the agencies' main service pages. */
  mainTargets: Set<number>;
  /** Probes no indicator reads a fact of: not run. */
  unread: Set<string>;
}

/** The main service target of each agency, by the agency list's mark or its first service. */
export function mainTargetIds(targets: Target[], agencies: Agency[]): Set<number> {
  const out = new Set<number>();
  for (const a of agencies)
    for (const main of mainServicesOf(a)) {
      const t = targets.find((x) => x.kind === 'service' && x.agencyId === a.id && x.serviceId === main.id);
      if (t?.id !== undefined) out.add(t.id);
    }
  return out;
}

function servedBy(probe: Pick<Probe, 'id'>, t: Target, targets: Target[], plan: MeasurePlan): boolean {
  const scopes = plan.scopes[probe.id];
  if (!scopes) return true;
  const pages = (x: Target) =>
    (x.kind === 'portal' && scopes.includes('portal')) ||
    (x.kind === 'service' &&
      (scopes.includes('services') || (scopes.includes('main-service') && plan.mainTargets.has(x.id!))));
  // A host-level probe (TLS) serves the hosts of the pages it serves.
  if (t.kind === 'host') return targets.some((x) => x.kind !== 'host' && x.host === t.host && pages(x));
  return pages(t);
}

/**
 * One job per (probe, target it applies to), interleaved across hosts so one slow host does not
 * block the queue. With a plan, only the probes and pages the checklist reads are measured.
 */
export function planJobs(
  targets: Target[],
  probes: Pick<Probe, 'id' | 'appliesTo' | 'usesBrowser'>[],
  plan?: MeasurePlan,
): Job[] {
  const byHost = new Map<string, Job[]>();
  for (const probe of probes) {
    if (plan?.unread.has(probe.id)) continue;
    for (const t of targets) {
      if (t.id === undefined || !probe.appliesTo.includes(t.kind)) continue;
      if (plan && !servedBy(probe, t, targets, plan)) continue;
      const job: Job = {
        key: `${probe.id}:${t.id}`,
        probe: probe.id,
        targetId: t.id,
        host: t.host,
        usesBrowser: !!probe.usesBrowser,
      };
      const list = byHost.get(t.host) ?? [];
      list.push(job);
      byHost.set(t.host, list);
    }
  }
  const queues = [...byHost.values()];
  const out: Job[] = [];
  for (let i = 0; queues.some((q) => i < q.length); i++)
    for (const q of queues) if (i < q.length) out.push(q[i]);
  return groupBrowserJobs(out);
}

/**
 * The browser lane takes its jobs in list order: each target's browser jobs are put one after
 * another (Lighthouse first, then the probes reading its rendered page), so the page is loaded once
 * and closed before the next target's. Other jobs keep their places.
 */
function groupBrowserJobs(jobs: Job[]): Job[] {
  const slots = jobs.flatMap((j, i) => (j.usesBrowser ? [i] : []));
  const byTarget = new Map<number, Job[]>();
  for (const i of slots) {
    const list = byTarget.get(jobs[i].targetId) ?? [];
    list.push(jobs[i]);
    byTarget.set(jobs[i].targetId, list);
  }
  const grouped = [...byTarget.values()].flat();
  const out = [...jobs];
  slots.forEach((slot, k) => (out[slot] = grouped[k]));
  return out;
}
