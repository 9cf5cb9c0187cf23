// Speed (ITO indicator 3): Lighthouse performance score, median of N runs, against the shared Chromium.
import type { Config, Flags } from 'lighthouse';
import { BrowserError } from '../../browser/errors.ts';
import { payeshToken } from '../../browser/launch-args.ts';
import type { BrowserPool } from '../../browser/pool.ts';
import {
  browserFailure,
  chromiumTag,
  defineBrowserProbe,
  packageVersion,
  targetSlug,
  writeEvidence,
} from '../../browser/probe-support.ts';
import type { BrowserSettings } from '../../browser/settings.ts';
import {
  nowIso,
  type Evidence,
  type Measurement,
  type Probe,
  type ProbeContext,
  type Target,
} from '../types.ts';
import {
  errorTypeOfLighthouseCode,
  medianIndex,
  metricsOf,
  type LhrLike,
  type LighthouseRunMetrics,
} from './metrics.ts';

export const LIGHTHOUSE_VERSION = packageVersion('lighthouse');

export interface LighthouseValues extends Record<string, unknown> {
  preset: BrowserSettings['preset'];
  /** Median performance score 0-100. */
  score: number;
  spread: { min: number; max: number };
  /** Metrics of the median run. */
  metrics: LighthouseRunMetrics;
  runs: (LighthouseRunMetrics & { file: string })[];
  /** Lighthouse's own HTML report of the median run (relative to the run directory), for people. */
  html?: string;
  failedRuns: { run: number; type: string; message: string }[];
}

type LighthouseFn = (
  url: string,
  flags: Flags,
  config?: Config,
) => Promise<{ lhr: unknown; report: string | string[] } | undefined>;

let loaded: Promise<{
  lighthouse: LighthouseFn;
  desktop: Config;
  userAgents: { desktop: string; mobile: string };
}> | null = null;
// Lighthouse is large; load it only in processes that measure speed.
function loadLighthouse() {
  loaded ??= (async () => {
    const [lh, desktop, constants] = await Promise.all([
      import('lighthouse'),
      import('lighthouse/core/config/desktop-config.js'),
      import('lighthouse/core/config/constants.js'),
    ]);
    return {
      lighthouse: lh.default as unknown as LighthouseFn,
      desktop: desktop.default as Config,
      userAgents: (constants as unknown as { userAgents: { desktop: string; mobile: string } }).userAgents,
    };
  })();
  return loaded;
}

export const createLighthouseProbe = defineBrowserProbe('lighthouse', ['portal', 'service'], runLighthouse);

export const lighthouseProbe: Probe = createLighthouseProbe();

async function runLighthouse(
  target: Target,
  ctx: ProbeContext,
  s: BrowserSettings,
  pool: BrowserPool,
): Promise<Measurement> {
  const startedAt = nowIso();
  const version = () => `lighthouse/${LIGHTHOUSE_VERSION} ${chromiumTag(pool)}`;
  const url = new URL(target.url);
  const { lighthouse, desktop, userAgents } = await loadLighthouse();
  const flags: Flags = {
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
    // The preset's own UA (so the score matches the preset) with payesh's token for site owners.
    emulatedUserAgent: `${s.preset === 'desktop' ? userAgents.desktop : userAgents.mobile} ${payeshToken(ctx.net)}`,
    maxWaitForLoad: Math.min(45_000, Math.floor(s.lighthouseTimeoutMs * 0.6)),
  };
  const config = s.preset === 'desktop' ? desktop : undefined;
  const slug = targetSlug(target);
  const runs: LighthouseValues['runs'] = [];
  const failedRuns: LighthouseValues['failedRuns'] = [];
  const evidence: Evidence[] = [];
  // Kept until the median is known: only that run's HTML report is written (one per page).
  const lhrs: LhrLike[] = [];
  let lastError: unknown = null;

  for (let run = 1; run <= s.runs; run++) {
    if (ctx.signal.aborted) break;
    try {
      const { value: lhr } = await pool.withDebuggingPort(url, async (port) => {
        const result = await lighthouse(url.href, { ...flags, port }, config);
        if (!result) throw new BrowserError('navigation', 'Lighthouse returned no result');
        const out = result.lhr as LhrLike;
        // Thrown inside the job so the pool can name a load the request gate refused.
        if (out.runtimeError) {
          const e = out.runtimeError;
          throw Object.assign(new BrowserError('navigation', `${e.code}: ${e.message}`), {
            lhType: errorTypeOfLighthouseCode(e.code, e.message),
          });
        }
        return out;
      });
      const metrics = metricsOf(lhr);
      if (!metrics) throw new BrowserError('navigation', 'Lighthouse gave no performance score');
      const file = await writeEvidence(
        ctx.runDir,
        'lighthouse',
        `${slug}-run${run}.json`,
        JSON.stringify(lhr),
      );
      runs.push({ ...metrics, file });
      lhrs.push(lhr);
      evidence.push({
        kind: 'file',
        label: `Lighthouse run ${run} (score ${metrics.score})`,
        path: file,
        url: lhr.finalDisplayedUrl ?? url.href,
      });
    } catch (e) {
      lastError = e;
      const type = (e as { lhType?: string }).lhType ?? (e instanceof BrowserError ? e.type : 'lighthouse');
      failedRuns.push({ run, type, message: (e as Error).message });
      // A page that cannot be loaded will not load on the next run either.
      if (type !== 'hang' && type !== 'crash' && type !== 'lighthouse') break;
    }
  }

  if (runs.length === 0) {
    const f = failedRuns[0];
    const err = f
      ? new BrowserError('navigation', f.message)
      : new BrowserError('navigation', 'aborted before any run');
    const m = browserFailure('lighthouse', target.url, version(), startedAt, lastError ?? err, ctx.log);
    if (f) m.error = { type: f.type, message: f.message };
    return m;
  }
  const scores = runs.map((r) => r.score);
  const midIndex = medianIndex(scores);
  const mid = runs[midIndex];
  const { file: _file, ...midMetrics } = mid;
  const html = await writeHtmlReport(ctx, `${slug}.html`, lhrs[midIndex]);
  const values: LighthouseValues = {
    preset: s.preset,
    score: mid.score,
    spread: { min: Math.min(...scores), max: Math.max(...scores) },
    metrics: midMetrics,
    runs,
    ...(html ? { html } : {}),
    failedRuns,
  };
  evidence.unshift(
    {
      kind: 'count',
      label: `median performance score of ${runs.length} run(s), ${s.preset}`,
      count: mid.score,
      url: target.url,
    },
    ...(html
      ? [{ kind: 'file' as const, label: 'Lighthouse report (median run)', path: html, url: target.url }]
      : []),
  );
  return {
    probe: 'lighthouse',
    url: target.url,
    values: { ...values, facts: { 'speed.score': mid.score } },
    evidence,
    toolVersion: version(),
    startedAt,
    finishedAt: nowIso(),
  };
}

/** Lighthouse's own HTML report of one result (its report generator, as `--output html` writes it). */
// A report that cannot be rendered leaves the measurement as it is (the JSON stays the evidence).
async function writeHtmlReport(ctx: ProbeContext, name: string, lhr: LhrLike): Promise<string | null> {
  try {
    const { ReportGenerator } = await import('lighthouse/report/generator/report-generator.js');
    return await writeEvidence(
      ctx.runDir,
      'lighthouse',
      name,
      ReportGenerator.generateReportHtml(lhr as never),
    );
  } catch (e) {
    ctx.log.warn({ err: (e as Error).message }, 'Lighthouse HTML report not written');
    return null;
  }
}
