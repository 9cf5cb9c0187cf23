// Turns stored measurements into the facts an indicator reads: which target (portal home, service
// page, host), how values over several service pages are combined, and which measurements stand
// behind each value (for the evidence shown to the evaluator).
import type { Facts, Target } from '../core/index.ts';
import type { StoredMeasurement } from '../store/repository.ts';
import type {
  Aggregate,
  FactRead,
  FactSource,
  FactUse,
  FactValue,
  Indicator,
  MeasurementRef,
  ServiceScope,
} from './types.ts';

/** Small named functions a checklist may apply to a fact (`derive:`). Keep them few and obvious. */
export const DERIVATIONS: Record<string, (v: FactValue) => FactValue> = {
  /** SSL/TLS grade to its class: A+, A, A- -> "A"; B+, B, B- -> "B"; anything else -> "below-B". */
  tlsGradeClass: (v) => {
    if (typeof v !== 'string') return v;
    const g = v.trim().toUpperCase();
    if (/^A[+-]?$/.test(g)) return 'A';
    if (/^B[+-]?$/.test(g)) return 'B';
    return 'below-B';
  },
  /** A 0-1 share to a 0-100 percentage. */
  percent: (v) => (typeof v === 'number' ? v * 100 : v),
};

/** Facts of one target with the measurement that gave each fact. */
export interface TargetFacts {
  target: Target;
  facts: Facts;
  by: Record<string, MeasurementRef>;
  /** Measurements that failed on this target, with their typed errors. */
  failures: MeasurementRef[];
}

export interface AgencyFacts {
  portal: TargetFacts | null;
  services: Map<string, TargetFacts>;
  /** The agency's main service(s): IDs and page URLs, in list order (see mainServices). */
  main: { id: string; url: string }[];
  /** Host-level facts by host key (hostname, plus :port when not 443). */
  hostOf: (url: string) => TargetFacts | null;
}

/** hostname[:port], dropping the default HTTPS port so "a.ir:443" and "https://a.ir/" meet. */
export function hostKey(hostOrUrl: string): string {
  try {
    const u = new URL(/^[a-z]+:\/\//i.test(hostOrUrl) ? hostOrUrl : `https://${hostOrUrl}`);
    const port = u.port && u.port !== '443' ? `:${u.port}` : '';
    return u.hostname.toLowerCase() + port;
  } catch {
    return hostOrUrl.toLowerCase();
  }
}

export function refOf(m: StoredMeasurement): MeasurementRef {
  return {
    id: m.id,
    probe: m.probe,
    url: m.url,
    toolVersion: m.toolVersion,
    finishedAt: m.finishedAt,
    evidence: m.evidence,
    ...(m.error ? { error: m.error } : {}),
  };
}

/** Index measurements by target; facts of later measurements win on a clash. */
export function indexTargets(targets: Target[], measurements: StoredMeasurement[]): Map<number, TargetFacts> {
  const byId = new Map<number, TargetFacts>();
  for (const t of targets)
    if (t.id !== undefined) byId.set(t.id, { target: t, facts: {}, by: {}, failures: [] });
  for (const m of measurements) {
    const tf = byId.get(m.targetId);
    if (!tf) continue;
    const ref = refOf(m);
    if (m.error) tf.failures.push(ref);
    for (const [name, value] of Object.entries(m.values?.facts ?? {})) {
      if (value === undefined) continue;
      tf.facts[name] = value;
      tf.by[name] = ref;
    }
  }
  // A portal-wide probe (the content crawl) may judge each service page too: it reports those facts
  // in values.serviceFacts keyed by service id; they belong to the agency's service targets.
  for (const m of measurements) {
    const serviceFacts = (m.values as { serviceFacts?: Record<string, Record<string, unknown>> })
      ?.serviceFacts;
    const owner = byId.get(m.targetId);
    if (!serviceFacts || !owner) continue;
    const ref = refOf(m);
    for (const tf of byId.values()) {
      if (
        tf.target.kind !== 'service' ||
        tf.target.agencyId !== owner.target.agencyId ||
        !tf.target.serviceId
      )
        continue;
      for (const [name, value] of Object.entries(serviceFacts[tf.target.serviceId] ?? {})) {
        if (value === undefined || name in tf.facts) continue;
        tf.facts[name] = value as Facts[string];
        tf.by[name] = ref;
      }
    }
  }
  return byId;
}

/** The facts of one agency: its portal target, its service targets, and the host targets of its URLs. */
export function agencyFacts(
  agencyId: string,
  index: Map<number, TargetFacts>,
  portalUrl: string,
  main: { id: string; url: string }[] = [],
): AgencyFacts {
  let portal: TargetFacts | null = null;
  const services = new Map<string, TargetFacts>();
  const hosts = new Map<string, TargetFacts>();
  for (const tf of index.values()) {
    const t = tf.target;
    if (t.kind === 'host') {
      const key = hostKey(t.host || t.url);
      const prev = hosts.get(key);
      // Several host targets for one host (one per agency) are the same measurement subject: keep the one with facts.
      if (!prev || Object.keys(prev.facts).length < Object.keys(tf.facts).length) hosts.set(key, tf);
      continue;
    }
    if (t.agencyId !== agencyId) continue;
    if (t.kind === 'portal') {
      if (!portal || Object.keys(tf.facts).length > Object.keys(portal.facts).length) portal = tf;
    } else if (t.kind === 'service' && t.serviceId) {
      const prev = services.get(t.serviceId);
      if (!prev) services.set(t.serviceId, tf);
      else mergeInto(prev, tf);
    }
  }
  const portalHost = hostKey(portal?.target.url ?? portalUrl);
  return {
    portal,
    services,
    main,
    hostOf: (url: string) => hosts.get(hostKey(url)) ?? hosts.get(portalHost) ?? null,
  };
}

function mergeInto(a: TargetFacts, b: TargetFacts): void {
  Object.assign(a.facts, b.facts);
  Object.assign(a.by, b.by);
  a.failures.push(...b.failures);
}

/** Where the indicator is being scored: a service (with its page, when crawled) or the portal alone. */
export interface Scope {
  serviceId: string | null;
  serviceUrl: string | null;
}

/** Default read rule: a service-level indicator reads its own page, others read the portal. */
export function defaultRead(ind: Indicator): FactRead {
  return ind.level === 'service'
    ? { from: 'self', aggregate: 'first', fallback: null }
    : { from: 'portal', aggregate: 'first', fallback: null };
}

interface Lookup {
  value: FactValue | undefined;
  how: string;
  refs: MeasurementRef[];
  looked: TargetFacts[];
}

function aggregate(values: FactValue[], how: Aggregate, order: string[] = []): FactValue | undefined {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return values.length ? null : undefined;
  switch (how) {
    case 'worst': {
      // The weakest page decides: a value outside the order is not comparable and is skipped.
      const ranked = present.filter((v) => order.includes(String(v)));
      if (!ranked.length) return present[0];
      return ranked.reduce((a, b) => (order.indexOf(String(b)) < order.indexOf(String(a)) ? b : a));
    }
    case 'first':
      return present[0];
    case 'all':
      return present.every((v) => v === true);
    case 'any':
      return present.some((v) => v === true);
    case 'mean':
    case 'min':
    case 'max': {
      const nums = present.filter((v): v is number => typeof v === 'number');
      if (nums.length === 0) return present[0];
      if (how === 'min') return Math.min(...nums);
      if (how === 'max') return Math.max(...nums);
      return nums.reduce((s, x) => s + x, 0) / nums.length;
    }
  }
}

function lookIn(
  af: AgencyFacts,
  scope: Scope,
  fact: string,
  from: FactSource,
  agg: Aggregate,
  over: ServiceScope,
  order?: string[],
): Lookup {
  const one = (tf: TargetFacts | null | undefined, how: string): Lookup => {
    if (!tf) return { value: undefined, how, refs: [], looked: [] };
    const v = tf.facts[fact];
    return { value: v, how, refs: v === undefined ? [] : [tf.by[fact]], looked: [tf] };
  };
  switch (from) {
    case 'portal':
      return one(af.portal, 'portal home page');
    case 'self':
      if (scope.serviceId === null) return one(af.portal, 'portal home page');
      return one(af.services.get(scope.serviceId), `service page ${scope.serviceId}`);
    case 'host': {
      const main = over === 'main-service' ? af.main[0]?.url : undefined;
      const url = main ?? scope.serviceUrl ?? af.portal?.target.url ?? '';
      const tf = af.hostOf(url);
      const what = main ? 'host of the main service' : 'host';
      return one(tf, tf ? `${what} ${tf.target.host}` : what);
    }
    case 'services':
    case 'portal-and-services': {
      const servicePages =
        over === 'main-service'
          ? af.main.map((m) => af.services.get(m.id)).filter((tf): tf is TargetFacts => !!tf)
          : [...af.services.values()];
      const withPortal = from === 'portal-and-services' && af.portal;
      const tfs = withPortal ? [af.portal!, ...servicePages] : servicePages;
      const withFact = tfs.filter((tf) => tf.facts[fact] !== undefined);
      const value = aggregate(
        withFact.map((tf) => tf.facts[fact]),
        agg,
        order,
      );
      const kind = over === 'main-service' ? 'main service page' : 'service page';
      const pages = withFact.filter((tf) => tf !== af.portal).length;
      const portalRead = withPortal && withFact.includes(af.portal!);
      return {
        value,
        how: `${agg} over ${portalRead ? 'the portal home page and ' : ''}${pages} ${kind}${pages === 1 ? '' : 's'}`,
        refs: withFact.map((tf) => tf.by[fact]),
        looked: tfs,
      };
    }
  }
}

/** Reads one fact for an indicator in a scope, following its read rule and fallback. */
export function readFact(
  af: AgencyFacts,
  ind: Indicator,
  scope: Scope,
  fact: string,
): FactUse & { looked: TargetFacts[] } {
  const rule = ind.facts[fact] ?? defaultRead(ind);
  const over = rule.over ?? 'all-services';
  let got = lookIn(af, scope, fact, rule.from, rule.aggregate, over, rule.order);
  const looked = [...got.looked];
  if ((got.value === undefined || got.value === null) && rule.fallback) {
    const fb = lookIn(af, scope, fact, rule.fallback, rule.aggregate, over, rule.order);
    looked.push(...fb.looked);
    if (fb.value !== undefined) got = { ...fb, how: `${fb.how} (fallback: ${got.how} gave nothing)` };
  }
  let value = got.value;
  if (rule.derive && value !== undefined) value = DERIVATIONS[rule.derive](value);
  const how =
    rule.derive && got.value !== undefined
      ? `${got.how}; ${rule.derive}(${JSON.stringify(got.value)})`
      : got.how;
  return { fact, value, how, measurements: got.refs, looked };
}
