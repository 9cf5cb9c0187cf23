// Scores every agency on a checklist: indicator rows per service, priority scores, service totals,
// agency totals, ranks and bands. Pure: everything comes in through the arguments.
import { mainServices, type Agency } from '../agencies/model.ts';
import type { Target } from '../core/index.ts';
import type { StoredMeasurement } from '../store/repository.ts';
import { bandOf, maxPoints, mean, nationalMean, rankByTotal, weightedTotal } from './aggregate.ts';
import { agencyFacts, indexTargets } from './facts.ts';
import { NETWORK_ERRORS, scoreIndicator } from './indicator.ts';
import { latestInputs } from './inputs.ts';
import type { TakenLookup } from './taken.ts';
import type {
  AgencyResult,
  Checklist,
  IndicatorRow,
  IndicatorSummary,
  InputEntry,
  OpenItem,
  PriorityScore,
  ScoreResult,
  ServiceResult,
  ValueSource,
} from './types.ts';

export interface ScoreAgenciesArgs {
  checklist: Checklist;
  agencies: Agency[];
  targets: Target[];
  measurements: StoredMeasurement[];
  /** Evaluator input of the period for this checklist; the latest per key wins. */
  inputs: InputEntry[];
  /**
   * Count unverified values as 0 and give every agency a final total (--missing-as-zero). When false
   * (the default) unverified values still add nothing, but the points they leave open are listed,
   * totals with open points are provisional, and an agency whose portal could not be reached at all
   * gets no total and no rank.
   */
  missingAsZero?: boolean;
  /** Time stamp to put in the result (tests pass a fixed one). */
  now?: string;
  /** Other checklists' stored results for items with `takesResultOf` (see taken.ts). */
  taken?: TakenLookup;
}

interface ServiceSlot {
  serviceId: string | null;
  title: string;
  type: string | null;
  url: string | null;
  pseudo: boolean;
}

/**
 * Priority scores of one service from its rows; sets effectiveWeight, points and missingPoints on the
 * rows. Not-applicable indicators are left out and the priority rescaled; unverified ("missing")
 * indicators add nothing and their rescaled weight is the points still open.
 */
export function scorePriorities(checklist: Checklist, rows: IndicatorRow[]): PriorityScore[] {
  return checklist.priorities.map((p) => {
    const inP = rows.filter((r) => r.priority === p.id);
    const full = inP.reduce((s, r) => s + r.weight, 0);
    // A not-applicable row with a value (the checklist's fixed value for such cases) counts.
    const left = (r: IndicatorRow) => r.source === 'not-applicable' && r.value === null;
    const applicable = inP.filter((r) => !left(r));
    const applicableWeight = applicable.reduce((s, r) => s + r.weight, 0);
    for (const r of inP) {
      if (left(r)) {
        r.effectiveWeight = 0;
        r.points = null;
        continue;
      }
      // Rescale so the applicable weights fill the priority.
      r.effectiveWeight = applicableWeight > 0 ? (r.weight * full) / applicableWeight : 0;
      r.points = r.value === null ? 0 : r.value * r.effectiveWeight;
      r.missingPoints = r.source === 'missing' ? r.effectiveWeight : 0;
    }
    const score =
      applicableWeight > 0 && full > 0
        ? (applicable.reduce((s, r) => s + (r.points ?? 0), 0) / full) * 100
        : null;
    const missingPoints = full > 0 ? (inP.reduce((s, r) => s + r.missingPoints, 0) / full) * 100 : 0;
    return { id: p.id, title: p.title, weight: p.weight, score, missingPoints };
  });
}

function servicesOf(a: Agency): ServiceSlot[] {
  if (a.services.length === 0)
    return [{ serviceId: null, title: a.nameFa, type: null, url: null, pseudo: true }];
  return a.services.map((s) => ({
    serviceId: s.id,
    title: s.title,
    type: s.type,
    url: s.url,
    pseudo: false,
  }));
}

function summarize(services: ServiceResult[], indicatorId: string): IndicatorSummary {
  const rows = services
    .map((s) => s.indicators.find((r) => r.indicatorId === indicatorId))
    .filter((r): r is IndicatorRow => !!r);
  const applicable = rows.filter((r) => r.source !== 'not-applicable');
  const values = applicable.filter((r) => r.value !== null).map((r) => r.value as number);
  const labels = new Set(applicable.map((r) => r.option?.fa ?? null));
  const sources = new Set<ValueSource>(rows.map((r) => r.source));
  const points = applicable.filter((r) => r.points !== null).map((r) => r.points as number);
  const uniform = labels.size === 1 && applicable[0]?.option;
  return {
    value: mean(values),
    option: uniform ? applicable[0].option!.fa : null,
    optionEn: uniform ? applicable[0].option!.en : null,
    source:
      sources.size === 1
        ? [...sources][0]
        : applicable.length && new Set(applicable.map((r) => r.source)).size === 1
          ? applicable[0].source
          : 'mixed',
    points: mean(points),
    services: rows.length,
    missing: rows.filter((r) => r.source === 'missing').length,
  };
}

function scoreAgency(
  checklist: Checklist,
  agency: Agency,
  args: ScoreAgenciesArgs,
  index: ReturnType<typeof indexTargets>,
  inputs: ReturnType<typeof latestInputs>,
  missingAsZero: boolean,
): AgencyResult {
  const main = mainServices(agency).map((s) => ({ id: s.id, url: s.url }));
  const facts = agencyFacts(agency.id, index, agency.portalUrl, main);
  const notes: string[] = [];
  const slots = servicesOf(agency);
  if (slots[0]?.pseudo)
    notes.push(
      'The agency lists no services: its portal- and agency-level indicators are scored as one stand-in service; service-level indicators are left out.',
    );

  const services: ServiceResult[] = slots.map((slot) => {
    const rows = checklist.indicators.map((ind) =>
      scoreIndicator(ind, {
        checklist,
        facts,
        scope: { serviceId: slot.pseudo ? null : slot.serviceId, serviceUrl: slot.url },
        serviceType: slot.type,
        pseudo: slot.pseudo,
        input: inputs.get(agency.id, slot.serviceId, ind.id),
        taken: ind.takesResultOf && args.taken ? args.taken(agency.id, ind.id) : null,
      }),
    );
    const priorities = scorePriorities(checklist, rows);
    const scores = Object.fromEntries(priorities.map((p) => [p.id, p.score]));
    const total = weightedTotal(checklist.priorities, scores);
    // Missing points do not depend on --missing-as-zero: weigh every priority that has applicable indicators.
    const withApplicable = priorities.filter((p) => p.score !== null || p.missingPoints > 0);
    const wsum = withApplicable.reduce((s, p) => s + p.weight, 0);
    const missingPoints =
      wsum > 0 ? withApplicable.reduce((s, p) => s + p.weight * p.missingPoints, 0) / wsum : 0;
    return {
      serviceId: slot.serviceId,
      title: slot.title,
      type: slot.type,
      pseudo: slot.pseudo,
      total,
      missingPoints,
      priorities,
      indicators: rows,
    };
  });

  const totals = services.map((s) => s.total).filter((t): t is number => t !== null);
  const verifiedTotal = mean(totals);
  const unreachable = unreachableError(agency, index);
  const total = unreachable && !missingAsZero ? null : verifiedTotal;
  const missingPoints = mean(services.map((s) => s.missingPoints)) ?? 0;
  const unranked =
    slots[0]?.pseudo && args.agencies.length > 1
      ? {
          en: 'Not ranked: the agency lists no services (left out for lack of cases, as the period-7 report did)',
          fa: 'بدون رتبه: دستگاه خدمتی معرفی نکرده است (عدم وجود مصداق، مانند گزارش دوره هفتم)',
        }
      : null;
  const priorities: PriorityScore[] = checklist.priorities.map((p) => {
    const per = services.map((s) => s.priorities.find((x) => x.id === p.id)!);
    const scores = per.map((x) => x.score).filter((x): x is number => x !== null);
    return {
      id: p.id,
      title: p.title,
      weight: p.weight,
      score: mean(scores),
      missingPoints: mean(per.map((x) => x.missingPoints)) ?? 0,
    };
  });
  const max = maxPoints(checklist);
  const band = bandOf(checklist.bands, total);
  const indicators = Object.fromEntries(
    checklist.indicators.map((ind) => [ind.id, summarize(services, ind.id)]),
  );
  return {
    agencyId: agency.id,
    nameFa: agency.nameFa,
    ...(agency.nameEn ? { nameEn: agency.nameEn } : {}),
    checklistId: checklist.id,
    total,
    verifiedTotal,
    provisional: !missingAsZero && (total === null || missingPoints > 1e-9),
    unreachable,
    unranked,
    open: openItems(checklist, services),
    totalPoints: total === null ? null : (total * max) / 100,
    maxPoints: max,
    rank: null,
    band: band ? { id: band.id, label: band.label } : null,
    priorities,
    missingPoints,
    missingIndicators: Object.values(indicators).filter((s) => s.missing > 0).length,
    missingAsZero,
    notes,
    services,
    indicators,
  };
}

/** Scores and ranks agencies. Agencies keep the order given; ranks follow totals (ties in that order). */
export function scoreAgencies(args: ScoreAgenciesArgs): ScoreResult {
  const { checklist } = args;
  const missingAsZero = args.missingAsZero ?? false;
  const index = indexTargets(args.targets, args.measurements);
  const inputs = latestInputs(args.inputs);
  const agencies = args.agencies.map((a) => scoreAgency(checklist, a, args, index, inputs, missingAsZero));
  const ranked = agencies.filter((a) => !a.unranked && !(a.unreachable && !missingAsZero));
  const ranks = rankByTotal(ranked, (a) => a.nameFa);
  for (const a of agencies) a.rank = ranks.get(a) ?? null;
  return {
    checklistId: checklist.id,
    checklistTitle: checklist.title,
    missingAsZero,
    scoredAt: args.now ?? new Date().toISOString(),
    agencies,
    nationalMean: nationalMean(ranked.map((a) => a.total)),
  };
}

/**
 * The typed error when the agency's portal could not be reached at all: every page fetch of its
 * portal and service targets (the http and content probes) failed with a network error.
 */
export function unreachableError(
  agency: Agency,
  index: ReturnType<typeof indexTargets>,
): AgencyResult['unreachable'] {
  const fetches: { error?: { type: string; message: string }; portal: boolean }[] = [];
  for (const tf of index.values()) {
    const t = tf.target;
    if (t.agencyId !== agency.id || t.kind === 'host') continue;
    const failed = new Set(tf.failures.map((f) => f.probe));
    for (const f of tf.failures)
      if (FIRST_CONTACT.has(f.probe)) fetches.push({ error: f.error, portal: t.kind === 'portal' });
    // A first-contact probe that left no failure on this target succeeded.
    for (const ref of Object.values(tf.by))
      if (FIRST_CONTACT.has(ref.probe) && !failed.has(ref.probe)) fetches.push({ portal: false });
  }
  if (fetches.length === 0) return null;
  if (!fetches.every((f) => f.error && NETWORK_ERRORS.has(f.error.type))) return null;
  const first = fetches.find((f) => f.portal) ?? fetches[0];
  return { type: first.error!.type, message: first.error!.message };
}

/** Probes that fetch the agency's pages first; when all of them fail on the network, nothing was measured. */
const FIRST_CONTACT = new Set(['http', 'content']);

/** Indicators still open over the agency's services, largest first. */
function openItems(checklist: Checklist, services: ServiceResult[]): OpenItem[] {
  const out: OpenItem[] = [];
  const n = services.length || 1;
  for (const ind of checklist.indicators) {
    const rows = services
      .flatMap((s) => s.indicators.filter((r) => r.indicatorId === ind.id))
      .filter((r) => r.source === 'missing');
    if (rows.length === 0) continue;
    // Points out of 100 in the agency total: rescaled weight × priority weight share, averaged over services.
    const pw = checklist.priorities.find((p) => p.id === ind.priority)?.weight ?? 0;
    const wsum = checklist.priorities.reduce((s, p) => s + p.weight, 0) || 1;
    const full = checklist.indicators
      .filter((i) => i.priority === ind.priority)
      .reduce((s, i) => s + i.weight, 0);
    const points =
      full > 0 ? rows.reduce((s, r) => s + (r.missingPoints / full) * 100 * (pw / wsum), 0) / n : 0;
    const u = rows[0].unverified;
    out.push({
      indicatorId: ind.id,
      title: ind.title,
      kind: u?.kind ?? 'not-measured',
      services: rows.length,
      points,
      ...(u?.error ? { error: u.error } : {}),
      close: u?.close ?? rows[0].next ?? { en: '', fa: '' },
    });
  }
  return out.sort((a, b) => b.points - a.points);
}
