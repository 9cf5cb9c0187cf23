// Options shared by the commands that measure (audit, site, worker): probe selection, limits, politeness.
import type { Command } from 'commander';
import { UsageError } from '../net/options.ts';
import type { ProbeSettings } from '../probes/registry.ts';
import type { JobRunner, RunnerOptions } from '../queue/types.ts';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} ${v}: expected a whole number`);
  return n;
};
const positiveInt = (name: string) => (v: string) => {
  const n = int(name)(v);
  if (n === 0) throw new UsageError(`${name} ${v}: expected a whole number above 0`);
  return n;
};
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function addProbeOptions(cmd: Command): Command {
  return cmd
    .option(
      '--only <probes>',
      'run only these probes (comma separated: http,tls,content,links,uptime,lighthouse,axe,responsive,crossbrowser)',
      list,
    )
    .option('--skip <probes>', 'leave out these probes (comma separated)', list)
    .option('--concurrency <n>', 'jobs at once over all hosts', int('--concurrency'), 4)
    .option('--per-host <n>', 'jobs at once against one host', int('--per-host'), 2)
    .option(
      '--host-delay <ms>',
      'minimum gap between two jobs starting on one host',
      int('--host-delay'),
      250,
    )
    .option('--job-timeout <s>', 'hard time limit of one job, seconds', int('--job-timeout'), 300)
    .option(
      '--site-budget <s>',
      'running time of all probes of one agency, seconds; then its unfinished measurements are unverified (budget exceeded)',
      positiveInt('--site-budget'),
      600,
    )
    .option(
      '--page-budget <s>',
      'running time of one probe on one page, seconds; then that measurement is unverified (budget exceeded)',
      positiveInt('--page-budget'),
      120,
    )
    .option('--retries <n>', 'extra attempts for a job that fails inside payesh', int('--retries'), 2)
    .option(
      '--runs <n>',
      'Lighthouse runs per page, median kept (default: the checklist lighthouseRuns, else 3)',
      int('--runs'),
    )
    .option('--preset <preset>', 'Lighthouse preset: desktop or mobile', 'desktop')
    .option('--wcag-level <level>', 'WCAG level for axe: A, AA or AAA (default: the checklist wcagLevel)')
    .option(
      '--page-timeout <s>',
      'longest one browser page may take, seconds (then it counts as hung)',
      int('--page-timeout'),
      60,
    )
    .option(
      '--max-dom-nodes <n>',
      'pages with more elements are not measured in the browser (dom-too-large)',
      int('--max-dom-nodes'),
      50000,
    )
    .option(
      '--parallel-perf',
      'allow browser work in parallel with Lighthouse (faster, noisier scores)',
      false,
    )
    .option('--max-pages <n>', 'pages crawled per agency', int('--max-pages'), 200)
    .option(
      '--parse-memory-mb <n>',
      'heap of one page-parsing worker, MB; a site whose pages do not fit is not read (parse-memory-limit)',
      positiveInt('--parse-memory-mb'),
      1024,
    )
    .option('--max-depth <n>', 'link depth of the crawl', int('--max-depth'), 4)
    .option('--ignore-robots', "do not obey robots.txt (only with the site owner's permission)", false)
    .option('--external-links <mode>', 'check or skip links to other sites', 'check')
    .option(
      '--no-render',
      'never render pages built by script in the browser (the crawl reads raw HTML only)',
    )
    .option(
      '--all-pages',
      "measure every page with every probe, not only what the checklist's indicators read",
      false,
    )
    .option('--from <date>', 'start of the uptime window (Jalali 1403/05/12 or ISO)')
    .option('--to <date>', 'end of the uptime window');
}

export function runnerOptionsFrom(o: Record<string, unknown>): Partial<RunnerOptions> {
  return {
    concurrency: Math.max(1, o.concurrency as number),
    perHost: Math.max(1, o.perHost as number),
    hostDelayMs: o.hostDelay as number,
    jobTimeoutMs: (o.jobTimeout as number) * 1000,
    retries: o.retries as number,
    ...(o.siteBudget !== undefined ? { siteBudgetMs: (o.siteBudget as number) * 1000 } : {}),
    ...(o.pageBudget !== undefined ? { pageBudgetMs: (o.pageBudget as number) * 1000 } : {}),
    browserConcurrency: o.parallelPerf ? 2 : 1,
  };
}

export function probeSettingsFrom(o: Record<string, unknown>): Omit<ProbeSettings, 'net' | 'log'> {
  if (o.preset !== 'desktop' && o.preset !== 'mobile')
    throw new UsageError(`--preset ${o.preset}: expected desktop or mobile`);
  if (o.wcagLevel && !['A', 'AA', 'AAA'].includes(String(o.wcagLevel).toUpperCase()))
    throw new UsageError(`--wcag-level ${o.wcagLevel}: expected A, AA or AAA`);
  if (o.externalLinks !== 'check' && o.externalLinks !== 'skip')
    throw new UsageError(`--external-links ${o.externalLinks}: expected check or skip`);
  return {
    only: o.only as string[] | undefined,
    skip: o.skip as string[] | undefined,
    browser: {
      ...(o.runs !== undefined ? { runs: o.runs } : {}),
      preset: o.preset,
      ...(o.wcagLevel ? { wcagLevel: String(o.wcagLevel).toUpperCase() } : {}),
      parallelPerf: !!o.parallelPerf,
      ...(o.pageTimeout ? { pageTimeoutMs: (o.pageTimeout as number) * 1000 } : {}),
      ...(o.maxDomNodes ? { maxDomNodes: o.maxDomNodes as number } : {}),
    },
    crawl: {
      maxPages: o.maxPages,
      maxDepth: o.maxDepth,
      parseMemoryMb: o.parseMemoryMb,
      ignoreRobots: !!o.ignoreRobots,
      externalLinks: o.externalLinks,
      render: o.render !== false,
    },
    period: { from: o.from as string | undefined, to: o.to as string | undefined },
  };
}

/** The distributed runner when --queue is given (workers do the measuring). */
export async function queueRunnerFrom(
  o: Record<string, unknown>,
  runId: string,
): Promise<(() => JobRunner) | undefined> {
  if (!o.queue) return undefined;
  const mod = (await import('../queue/bullmq.ts')) as {
    makeBullmqRunner: (url: string, runId: string, opts: unknown) => JobRunner;
  };
  return () =>
    mod.makeBullmqRunner(o.queue as string, runId, {
      ...runnerOptionsFrom(o),
      wait: o.wait !== false,
      progress: o.progress !== false,
    });
}
