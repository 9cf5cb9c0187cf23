// Small helpers the browser probes share: evidence paths, typed failures, version strings.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import {
  failedMeasurement,
  type Evidence,
  type Measurement,
  type Probe,
  type ProbeContext,
  type Target,
  type TargetKind,
} from '../core/index.ts';
import { BrowserError, classifyBrowserError } from './errors.ts';
import type { BrowserPool } from './pool.ts';
import { RenderedPages } from './rendered-page.ts';
import { sharedPool } from './shared.ts';
import { browserSettings, type BrowserSettings } from './settings.ts';

const require = createRequire(import.meta.url);

export function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** "chromium/156" once the browser is known. */
export function chromiumTag(pool: BrowserPool): string {
  return pool.browserVersion ? `chromium/${pool.browserVersion.split('.')[0]}` : 'chromium';
}

/** A stable file-name stem for a target: its id when stored, else host and path. */
export function targetSlug(target: Target): string {
  if (target.id !== undefined) return `t${target.id}`;
  const u = new URL(target.url);
  const slug = `${u.hostname}${u.port ? '-' + u.port : ''}${u.pathname}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, 80) || 'page';
}

/** Write an evidence file under <runDir>/evidence/<kind>/ and return its path relative to runDir. */
export async function writeEvidence(
  runDir: string,
  kind: string,
  name: string,
  data: string | Buffer,
): Promise<string> {
  const rel = join('evidence', kind, name);
  const abs = join(runDir, rel);
  await mkdir(dirname(abs), { recursive: true });
  await writeFile(abs, data);
  return rel;
}

export function evidenceDir(runDir: string, kind: string): string {
  return join(runDir, 'evidence', kind);
}

/** The pool a probe should use: the one it was built with, or the worker's shared one. */
export function poolFor(
  ctx: ProbeContext,
  settings: Partial<BrowserSettings>,
  given?: BrowserPool,
): BrowserPool {
  return given ?? sharedPool(ctx.net, settings, ctx.log);
}

/** A failed measurement from any error, typed; attempts are kept as evidence. */
export function browserFailure(
  probe: string,
  url: string,
  toolVersion: string,
  startedAt: string,
  e: unknown,
  log?: Logger,
  evidence: Evidence[] = [],
): Measurement {
  const err = e instanceof BrowserError ? e : classifyBrowserError(e);
  log?.debug({ probe, url, type: err.type, message: err.message }, 'browser probe failed');
  const notes: Evidence[] =
    err.attempts > 1 ? [{ kind: 'count', label: 'attempts', count: err.attempts }] : [];
  return failedMeasurement(probe, url, toolVersion, startedAt, { type: err.type, message: err.message }, [
    ...evidence,
    ...notes,
  ]);
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/** Where a probe finds a target's rendered page: the run's shared set, or a load of its own. */
export type PageSource = Pick<RenderedPages, 'use'>;

type BrowserRun = (
  target: Target,
  ctx: ProbeContext,
  s: BrowserSettings,
  pool: BrowserPool,
  pages: PageSource,
) => Promise<Measurement>;

/** A page load for this measurement alone (a probe used outside a run), closed when it is done. */
function ownLoad(pool: BrowserPool, s: BrowserSettings): PageSource {
  return {
    async use(target, net, fn, timeoutMs) {
      const own = new RenderedPages(pool, s, 1);
      try {
        return await own.use(target, net, fn, timeoutMs);
      } finally {
        await own.close();
      }
    },
  };
}

/**
 * A browser probe factory: settings resolved once; the pool it is given, or the worker's shared one;
 * the run's rendered pages when given (one load per target), else a load per measurement.
 */
export function defineBrowserProbe(id: string, appliesTo: TargetKind[], run: BrowserRun) {
  return (settings: Partial<BrowserSettings> = {}, pool?: BrowserPool, pages?: RenderedPages): Probe => {
    const s = browserSettings(settings);
    return {
      id,
      appliesTo,
      usesBrowser: true,
      run: (target, ctx) => {
        const p = poolFor(ctx, settings, pool);
        return run(target, ctx, s, p, pages ?? ownLoad(p, s));
      },
    };
  };
}
