// Scores one indicator for one service (or the portal stand-in): applicability, the automatic
// value from facts, the evaluator's input, and the sentences that explain the outcome.
import { factCatalogue } from '../probes/catalogue.ts';
import { formatJalali } from '../text/jalali.ts';
import { toPersianNumber } from '../text/normalize.ts';
import { describe, evaluate, factName, factsOf, type Settings } from './conditions.ts';
import { readFact, type AgencyFacts, type Scope, type TargetFacts } from './facts.ts';
import type {
  Bilingual,
  Checklist,
  FactUse,
  FactValue,
  Indicator,
  IndicatorRow,
  InputEntry,
  Option,
  TakenResult,
  Unverified,
} from './types.ts';
import type { ProbeError } from '../core/index.ts';

export interface RowContext {
  checklist: Checklist;
  facts: AgencyFacts;
  scope: Scope;
  serviceType: string | null;
  pseudo: boolean;
  input: InputEntry | null;
  /** Another checklist's stored result of the same period, for an item with `takesResultOf`. */
  taken?: TakenResult | null;
}

const bi = (en: string, fa: string): Bilingual => ({ en, fa });

function optionText(o: Option): Bilingual {
  // The Persian label is isolated (FSI…PDI): labels such as "0.4 < x < 1" keep their order in RTL text.
  return {
    en: `${o.value} "${o.label.en}"`,
    fa: `${toPersianNumber(o.value)} «\u2068${toPersianNumber(o.label.fa)}\u2069»`,
  };
}

interface AutoOutcome {
  option: Option | null;
  because: Bilingual;
  facts: FactUse[];
  looked: TargetFacts[];
  /** Facts that were needed but missing. */
  missing: string[];
  /** The indicator's `requires` (e.g. uptime coverage) did not hold. */
  requiresFailed?: boolean;
  get: (name: string) => FactValue | undefined;
}

/** Picks the first option whose condition holds; an unknown before it means "not measured". */
export function autoOption(
  ind: Indicator,
  ctx: Pick<RowContext, 'checklist' | 'facts' | 'scope'>,
): AutoOutcome | null {
  const conditioned = ind.options.filter((o) => o.when);
  if (conditioned.length === 0) return null;
  const names = new Set<string>();
  for (const o of conditioned) factsOf(o.when!).forEach((n) => names.add(n));
  if (ind.requires) factsOf(ind.requires).forEach((n) => names.add(n));
  const uses = new Map<string, FactUse>();
  const looked: TargetFacts[] = [];
  for (const n of names) {
    const { looked: l, ...use } = readFact(ctx.facts, ind, ctx.scope, n);
    uses.set(n, use);
    looked.push(...l);
  }
  const get = (n: string) => uses.get(n)?.value;
  const settings: Settings = { ...ctx.checklist.settings, ...ind.settings };
  const facts = [...uses.values()];
  const missingOf = (names: string[]) => names.filter((n) => get(n) === undefined || get(n) === null);
  if (ind.requires) {
    const ok = evaluate(ind.requires, get, settings);
    if (ok !== true) {
      const d = describe(ind.requires, settings, get);
      return {
        option: null,
        because: bi(`Not measured: requires ${d.en}`, `اندازه‌گیری نشد: شرط لازم ${d.fa}`),
        facts,
        looked,
        missing: missingOf(factsOf(ind.requires)),
        requiresFailed: ok === false,
        get,
      };
    }
  }
  const unknownBefore: string[] = [];
  for (const o of ind.options) {
    if (!o.when) continue;
    const r = evaluate(o.when, get, settings);
    if (r === 'unknown') {
      unknownBefore.push(...missingOf(factsOf(o.when)));
      continue;
    }
    if (r === true) {
      if (unknownBefore.length) break;
      const d = describe(o.when, settings, get);
      const t = optionText(o);
      return {
        option: o,
        because: bi(`${t.en} because ${d.en}`, `${t.fa} زیرا ${d.fa}`),
        facts,
        looked,
        missing: [],
        get,
      };
    }
  }
  const missing = [...new Set(unknownBefore.length ? unknownBefore : missingOf([...names]))];
  const listed = missing.length ? missing : [...names];
  const list = (fa: boolean) => listed.map((n) => factName(n)[fa ? 'fa' : 'en']).join(fa ? '، ' : ', ');
  return {
    option: null,
    because: bi(
      `Not measured: no value for ${list(false)}`,
      `اندازه‌گیری نشد: مقداری برای ${list(true)} نیست`,
    ),
    facts,
    looked,
    missing,
    get,
  };
}

/** What would raise the indicator to the next better option. */
function nextText(
  ind: Indicator,
  current: number | null,
  ctx: RowContext,
  get?: (n: string) => FactValue | undefined,
): Bilingual | null {
  const better = ind.options.filter((o) => current === null || o.value > current);
  if (better.length === 0) return null;
  // Options are best first, so the last better one is the next step up.
  const target = better[better.length - 1];
  const settings: Settings = { ...ctx.checklist.settings, ...ind.settings };
  const t = optionText(target);
  if (current === null) {
    if (ind.method === 'decl' || !target.when)
      return bi(
        `Needs evaluator input: one of ${ind.options.map((o) => o.value).join(' / ')}, with evidence`,
        `نیازمند ورود اطلاعات توسط ارزیاب: یکی از ${ind.options.map((o) => toPersianNumber(o.value)).join(' / ')} همراه با مستند`,
      );
    return bi(
      `Needs a measurement of the facts it reads (re-run the probes), or evaluator input`,
      `نیازمند اندازه‌گیری (اجرای دوباره پایش) یا ورود اطلاعات توسط ارزیاب`,
    );
  }
  if (!target.when || ind.method === 'decl')
    return bi(
      `To reach ${t.en}: evaluator input with evidence`,
      `برای رسیدن به ${t.fa}: ورود اطلاعات ارزیاب همراه با مستند`,
    );
  const d = describe(target.when, settings, get);
  return bi(`To reach ${t.en}: ${d.en}`, `برای رسیدن به ${t.fa}: ${d.fa}`);
}

export function scoreIndicator(ind: Indicator, ctx: RowContext): IndicatorRow {
  const base = {
    indicatorId: ind.id,
    title: ind.title,
    priority: ind.priority,
    level: ind.level,
    method: ind.method,
    weight: ind.weight,
    effectiveWeight: ind.weight,
    missingPoints: 0,
    input: ctx.input,
  };
  const policy = ind.notApplicable;
  const fixed = policy && policy.value !== null ? policy.value : null;
  // Not applicable: left out (the priority rescaled), or scored at the checklist's fixed value.
  const na = (reason: string, because: Bilingual): IndicatorRow =>
    naRow(reason, because, reason === 'no-services' ? null : fixed);
  const naRow = (reason: string, because: Bilingual, fixed: number | null): IndicatorRow => ({
    ...base,
    effectiveWeight: 0,
    value: fixed,
    option: fixed === null ? null : (ind.options.find((o) => o.value === fixed)?.label ?? null),
    points: null,
    source: 'not-applicable',
    reason,
    autoValue: null,
    autoOption: null,
    because:
      fixed === null
        ? because
        : bi(
            `${because.en}; scored ${fixed} as the checklist says for not-applicable cases (${policy!.source})`,
            `${because.fa}؛ طبق مدل ارزیابی برای موارد عدم مصداق ${fixed} منظور شد (${policy!.source})`,
          ),
    next: null,
    facts: [],
    errors: [],
  });
  if (ctx.serviceType === 'G2G' && !ind.appliesToG2G)
    return na('g2g', bi('Not applicable to G2G services', 'برای خدمات G2G مصداق ندارد'));
  if (ctx.pseudo && ind.level === 'service' && ind.withoutServices !== 'portal')
    return na(
      'no-services',
      bi(
        'The agency lists no services: service-level indicator left out',
        'دستگاه خدمتی معرفی نکرده است: شاخص سطح خدمت کنار گذاشته شد',
      ),
    );
  const input = ctx.input;
  if (input?.notApplicable)
    return na(
      'evaluator',
      bi(
        `Marked not applicable by ${input.author} (${input.createdAt.slice(0, 10)}): ${input.reason ?? ''}`,
        `عدم مصداق به تشخیص ${input.author}: ${input.reason ?? ''}`,
      ),
    );

  const auto = ind.method === 'decl' && !ind.options.some((o) => o.when) ? null : autoOption(ind, ctx);
  const autoValue = auto?.option?.value ?? null;
  const errors = auto && !auto.option ? failuresOf(auto.looked) : [];
  const common = { facts: auto?.facts ?? [], autoValue, autoOption: auto?.option?.label ?? null, errors };

  if (input && input.value !== null) {
    const chosen = ind.options.find((o) => o.value === input.value) ?? null;
    const source = autoValue === null ? 'input' : autoValue === input.value ? 'confirmed' : 'overridden';
    const by = `${input.author} (${input.createdAt.slice(0, 10)})`;
    const byFa = `${input.author} (${formatJalali(new Date(input.createdAt), { persian: true })})`;
    const why =
      source === 'confirmed'
        ? bi(`Confirmed by ${by}. ${auto!.because.en}`, `تأیید ارزیاب ${byFa}. ${auto!.because.fa}`)
        : source === 'overridden'
          ? bi(
              `Set by ${by}, overriding the automatic ${autoValue}: ${input.note ?? ''}`.trim(),
              `تعیین‌شده توسط ${byFa} به جای مقدار خودکار ${toPersianNumber(autoValue ?? '')}: ${input.note ?? ''}`.trim(),
            )
          : bi(
              `Entered by ${by}${input.note ? ': ' + input.note : ''}`,
              `ورود اطلاعات توسط ${byFa}${input.note ? ': ' + input.note : ''}`,
            );
    return {
      ...base,
      ...common,
      value: input.value,
      option: chosen?.label ?? null,
      points: null,
      source,
      because: why,
      next: nextText(ind, input.value, ctx, auto?.get),
    };
  }
  const takes = ind.takesResultOf;
  const taken = takes && ctx.taken ? ctx.taken : null;
  const takenValue = taken ? takes!.map[String(taken.value)] : undefined;
  if (taken && takenValue !== undefined) {
    const chosen = ind.options.find((o) => o.value === takenValue) ?? null;
    const opt = taken.option;
    return {
      ...base,
      ...common,
      value: takenValue,
      option: chosen?.label ?? null,
      points: null,
      source: 'taken',
      taken,
      because: bi(
        `Taken from ${taken.checklistId} indicator ${taken.indicatorId} of period ${taken.periodId} (run ${taken.runId}): ${taken.value}${opt ? ` "${opt.en}"` : ''} gives ${takenValue} here (${takes!.source})` +
          (autoValue !== null && autoValue !== takenValue
            ? `; payesh's own reading would give ${autoValue}`
            : ''),
        `برگرفته از شاخص ${toPersianNumber(taken.indicatorId)} مدل \u2068${taken.checklistId}\u2069 در دوره \u2068${toPersianNumber(taken.periodId)}\u2069 (اجرای \u2068${taken.runId}\u2069): ${toPersianNumber(taken.value)}${opt ? ` «\u2068${toPersianNumber(opt.fa)}\u2069»` : ''} که در اینجا ${toPersianNumber(takenValue)} است (${takes!.source})` +
          (autoValue !== null && autoValue !== takenValue
            ? `؛ سنجش خود پایش ${toPersianNumber(autoValue)} می‌داد`
            : ''),
      ),
      next: null,
    };
  }
  // The item takes another checklist's result, but none of this period is stored (or it does not decide).
  const ownReading = takes
    ? bi(
        taken
          ? ` (${takes.checklist} indicator ${takes.indicator} is ${taken.value} in run ${taken.runId}, which does not decide this item: measured by payesh)`
          : ` (no ${takes.checklist} result of this period in the store for indicator ${takes.indicator}: measured by payesh)`,
        taken
          ? ` (شاخص ${toPersianNumber(takes.indicator)} مدل \u2068${takes.checklist}\u2069 برابر ${toPersianNumber(taken.value)} است که این مورد را تعیین نمی‌کند: سنجش پایش)`
          : ` (نتیجه شاخص ${toPersianNumber(takes.indicator)} مدل \u2068${takes.checklist}\u2069 برای این دوره موجود نیست: سنجش پایش)`,
      )
    : null;
  if (auto?.option) {
    return {
      ...base,
      ...common,
      value: auto.option.value,
      option: auto.option.label,
      points: null,
      source: 'auto',
      because: ownReading
        ? bi(auto.because.en + ownReading.en, auto.because.fa + ownReading.fa)
        : auto.because,
      next: nextText(ind, auto.option.value, ctx, auto.get),
    };
  }
  const reason = auto ? 'not-measured' : 'no-input';
  const because = auto
    ? auto.because
    : bi(
        'Missing: no evaluator input for this self-declared indicator',
        'ناموجود: برای این شاخص خوداظهاری اطلاعاتی وارد نشده است',
      );
  const unverified = unverifiedOf(ind, ctx, auto, errors);
  return {
    ...base,
    ...common,
    value: null,
    option: null,
    points: null,
    source: 'missing',
    reason,
    unverified,
    because,
    next: unverified.close,
  };
}

/** Error types that mean the site itself could not be reached (net/fetch.ts and browser/errors.ts). */
export const NETWORK_ERRORS = new Set([
  'dns',
  'refused',
  'reset',
  'timeout',
  'tls',
  'unreachable',
  'network',
  'blocked-private',
  'blocked-by-waf',
  'too-many-redirects',
  'rate-limited',
  'unsafe-port',
]);
/** Error types that mean a tool (browser, store) was missing on the measuring machine. */
const TOOL_ERRORS = new Set(['browser-launch', 'not-available', 'no-store']);
/** Uptime probe: too few checks over the period. */
const COVERAGE_ERRORS = new Set(['no-data', 'insufficient-data']);

const errText = (e: ProbeError) => `${e.type}: ${e.message}`;

/** Why an indicator has no value, and what would close it. */
function unverifiedOf(
  ind: Indicator,
  ctx: RowContext,
  auto: AutoOutcome | null,
  errors: IndicatorRow['errors'],
): Unverified {
  const input = bi(
    `or evaluator input: payesh input set --agency ID --indicator ${ind.id} --value V --evidence-url URL`,
    `یا ورود اطلاعات ارزیاب: payesh input set --agency ID --indicator ${ind.id} --value V --evidence-url URL`,
  );
  const join = (en: string, fa: string): Bilingual => bi(`${en}, ${input.en}`, `${fa}، ${input.fa}`);
  if (!auto)
    return {
      kind: 'input-needed',
      close: bi(
        `Evaluator input with evidence: payesh input set --agency ID --indicator ${ind.id} --value ${ind.options.map((o) => o.value).join('|')} --evidence-url URL`,
        `ورود اطلاعات ارزیاب همراه با مستند: payesh input set --agency ID --indicator ${ind.id} --value ${ind.options.map((o) => o.value).join('|')} --evidence-url URL`,
      ),
    };
  // Prefer failures of the probes whose facts are missing: the probe the catalogue names for the fact
  // (a11y.level → axe), or whose id starts the fact's name.
  const prefixes = new Set(
    auto.missing.flatMap((f) => [f.split('.')[0], ...(probeOfFact(f) ? [probeOfFact(f)!] : [])]),
  );
  const own = errors.filter((e) => prefixes.has(e.probe));
  const pool = own.length ? own : errors;
  const find = (set: Set<string>) => pool.find((e) => set.has(e.error.type));
  const net = find(NETWORK_ERRORS);
  if (net)
    return {
      kind: 'network',
      error: net.error,
      close: join(
        `Re-run the audit once ${net.url} answers (${errText(net.error)})`,
        `اجرای دوباره پایش وقتی ${net.url} پاسخ دهد (${errText(net.error)})`,
      ),
    };
  const coverage = own.find((e) => COVERAGE_ERRORS.has(e.error.type));
  if (auto.requiresFailed || coverage) {
    return {
      kind: 'coverage',
      ...(coverage ? { error: coverage.error } : {}),
      close: join(
        `Measure over the period until ${auto.because.en.replace(/^Not measured: requires /, '')} holds (uptime: payesh monitor, or payesh probe from cron)`,
        `اندازه‌گیری در طول دوره تا برقراری شرط ${auto.because.fa.replace(/^اندازه‌گیری نشد: شرط لازم /, '')} (دسترس‌پذیری: payesh monitor یا payesh probe)`,
      ),
    };
  }
  const tool = find(TOOL_ERRORS);
  if (tool)
    return {
      kind: 'tool-missing',
      error: tool.error,
      close: join(
        `Install what the ${tool.probe} probe needs (${errText(tool.error)}) and re-run it`,
        `نصب ابزار لازم برای ${tool.probe} (${errText(tool.error)}) و اجرای دوباره`,
      ),
    };
  const failed = pool.find((e) => !COVERAGE_ERRORS.has(e.error.type)) ?? own[0];
  if (failed)
    return {
      kind: 'probe-failed',
      error: failed.error,
      close: join(
        `Re-run the ${failed.probe} probe on ${failed.url} (it failed: ${errText(failed.error)})`,
        `اجرای دوباره ${failed.probe} روی ${failed.url} (خطا: ${errText(failed.error)})`,
      ),
    };
  const facts = auto.missing.join(', ');
  return {
    kind: 'not-measured',
    close: join(
      `Run the probes that measure ${facts || 'its facts'} (see docs/facts.md)`,
      `اجرای پایش‌هایی که ${facts || 'داده‌های آن'} را اندازه می‌گیرند`,
    ),
  };
}

let factProbes: Map<string, string> | null = null;
function probeOfFact(fact: string): string | undefined {
  factProbes ??= new Map(factCatalogue().map((f) => [f.name, f.probe]));
  return factProbes.get(fact);
}

function failuresOf(looked: TargetFacts[]): IndicatorRow['errors'] {
  const seen = new Set<string>();
  const out: IndicatorRow['errors'] = [];
  for (const tf of looked)
    for (const f of tf.failures) {
      const key = `${f.probe}|${f.url}`;
      if (seen.has(key) || !f.error) continue;
      seen.add(key);
      out.push({ probe: f.probe, url: f.url, error: f.error });
    }
  return out;
}

/**
 * The option one set of facts selects for an indicator, as the scorer reads it (the first option whose
 * condition holds), or `unmeasured`. For measuring checks on a page corpus, where there is no agency.
 */
export function optionForFacts(
  checklist: Checklist,
  indicatorId: string,
  facts: Record<string, FactValue | undefined>,
): string {
  const ind = checklist.indicators.find((i) => i.id === indicatorId);
  if (!ind) return 'n/a';
  const get = (n: string) => facts[n];
  const settings: Settings = { ...checklist.settings, ...ind.settings };
  if (ind.requires && evaluate(ind.requires, get, settings) !== true) return 'unmeasured';
  for (const o of ind.options) if (o.when && evaluate(o.when, get, settings) === true) return String(o.value);
  return 'unmeasured';
}
