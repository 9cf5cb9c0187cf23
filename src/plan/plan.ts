// Turns agencies into targets (portal home, service pages, TLS hosts) and targets into jobs.
import type { Agency } from '../agencies/model.ts';
import { hostPortOf } from '../net/options.ts';
import type { Probe, Target } from '../core/index.ts';
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

/** One job per (probe, target it applies to), interleaved across hosts so one slow host does not block the queue. */
export function planJobs(targets: Target[], probes: Probe[]): Job[] {
  const byHost = new Map<string, Job[]>();
  for (const probe of probes) {
    for (const t of targets) {
      if (t.id === undefined || !probe.appliesTo.includes(t.kind)) continue;
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
  return out;
}
