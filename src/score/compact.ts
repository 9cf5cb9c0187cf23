// Stored scorecards keep each measurement's evidence once, not once per service and indicator that
// used it: at national scale (thousands of services) the copies would run to gigabytes.
import type { Evidence } from '../core/index.ts';
import type { AgencyResult, FactUse, MeasurementRef } from './types.ts';

type StoredRef = Omit<MeasurementRef, 'evidence'> & { evidence?: Evidence[] };

function stripFacts(facts: FactUse[], evidenceById: Record<string, Evidence[]>): FactUse[] {
  return facts.map((f) => ({
    ...f,
    measurements: f.measurements.map((m) => {
      if (m.id === undefined) return m;
      evidenceById[m.id] ??= m.evidence;
      const { evidence: _dropped, ...rest } = m;
      return rest as MeasurementRef;
    }),
  }));
}

/** The agency result as stored: evidence moved to one `evidenceById` map. */
export function compactAgencyResult(a: AgencyResult): Record<string, unknown> {
  const evidenceById: Record<string, Evidence[]> = {};
  const services = a.services.map((s) => ({
    ...s,
    indicators: s.indicators.map((r) => ({ ...r, facts: stripFacts(r.facts, evidenceById) })),
  }));
  return { ...a, services, evidenceById };
}

/** The stored form back to the full result, evidence restored on every measurement reference. */
export function expandAgencyResult(data: Record<string, unknown>): AgencyResult {
  const evidenceById = (data.evidenceById ?? {}) as Record<string, Evidence[]>;
  const a = data as unknown as AgencyResult & { evidenceById?: unknown };
  const services = a.services.map((s) => ({
    ...s,
    indicators: s.indicators.map((r) => ({
      ...r,
      facts: r.facts.map((f) => ({
        ...f,
        measurements: f.measurements.map((m: StoredRef) => ({
          ...m,
          evidence: m.evidence ?? evidenceById[m.id ?? -1] ?? [],
        })),
      })),
    })),
  }));
  const { evidenceById: _map, ...rest } = a;
  return { ...rest, services } as AgencyResult;
}
