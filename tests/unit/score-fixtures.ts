// Hand-made agencies, targets and measurements for the scorer tests.
import type { Agency, Service } from '../../src/agencies/model.ts';
import type { Facts, ProbeError, Target } from '../../src/probes/types.ts';
import type { StoredMeasurement } from '../../src/store/repository.ts';
import type { InputEntry } from '../../src/score/types.ts';

export const T0 = '2024-05-01T08:00:00.000Z';

export function agency(id: string, services: Partial<Service>[] = [], nameFa = `دستگاه ${id}`): Agency {
  return {
    id,
    nameFa,
    portalUrl: `https://${id}.example.ir/`,
    services: services.map((s, i) => ({
      id: s.id ?? String(1000000000 + i),
      title: s.title ?? `خدمت ${i + 1}`,
      url: s.url ?? `https://${id}.example.ir/service/${i + 1}`,
      type: s.type ?? 'G2C',
      ...(s.main ? { main: true as const } : {}),
    })),
  };
}

export interface FactSpec {
  agencyId: string;
  kind: Target['kind'];
  serviceId?: string;
  url?: string;
  host?: string;
  probe?: string;
  facts?: Facts;
  error?: ProbeError;
}

/** Targets and measurements with ids, as listTargets/listMeasurements would return them. */
export function world(specs: FactSpec[]): { targets: Target[]; measurements: StoredMeasurement[] } {
  const targets: Target[] = [];
  const measurements: StoredMeasurement[] = [];
  const keyToId = new Map<string, number>();
  for (const s of specs) {
    const url =
      s.url ??
      (s.kind === 'host'
        ? `https://${s.host}/`
        : `https://${s.agencyId}.example.ir/${s.serviceId ? `service/${s.serviceId}` : ''}`);
    const host = s.host ?? new URL(url).host;
    const key = `${s.agencyId}|${s.serviceId ?? ''}|${s.kind}|${url}`;
    let id = keyToId.get(key);
    if (id === undefined) {
      id = targets.length + 1;
      keyToId.set(key, id);
      targets.push({
        id,
        runId: 'r1',
        agencyId: s.agencyId,
        serviceId: s.serviceId ?? null,
        kind: s.kind,
        url,
        host,
      });
    }
    measurements.push({
      id: measurements.length + 1,
      runId: 'r1',
      targetId: id,
      probe: s.probe ?? 'content',
      url,
      values: s.error ? {} : { facts: s.facts ?? {} },
      evidence: [{ kind: 'url', url, label: 'page' }],
      ...(s.error ? { error: s.error } : {}),
      toolVersion: 'test/1',
      startedAt: T0,
      finishedAt: T0,
    });
  }
  return { targets, measurements };
}

export function input(
  agencyId: string,
  indicatorId: string,
  value: number | null,
  over: Partial<InputEntry> = {},
): InputEntry {
  return {
    agencyId,
    serviceId: null,
    indicatorId,
    value,
    notApplicable: value === null,
    reason: value === null ? 'not relevant' : null,
    note: null,
    evidenceUrl: null,
    author: 'tester',
    createdAt: T0,
    ...over,
  };
}
