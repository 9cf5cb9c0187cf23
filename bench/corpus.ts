// The content detectors on a labelled page corpus: precision and recall per detector and per checklist
// item, on the raw HTML, on the page as Chromium renders it, and as an audit reports it (raw HTML, read
// again rendered by the audit's own rule); then, per ITO indicator, the share of pages at each option
// next to the published period-7 distribution. Cases marked heldOut (labelled after the detector rules
// were set) are also scored on their own.
// The pages are served on loopback under their real host names (the browser maps each host to
// 127.0.0.1 as --resolve does), so scripts, widgets and host checks see the names the page was made for.
// Usage: npm run corpus [-- --dir fixtures/real-pages] [--no-browser] [--cases id,id] [--json FILE]
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BrowserPool } from '../src/browser/pool.ts';
import { browserRenderer } from '../src/browser/render.ts';
import { browserSettings } from '../src/browser/settings.ts';
import { defaultNetOptions } from '../src/net/options.ts';
import { createAxeProbe } from '../src/probes/axe/index.ts';
import { createResponsiveProbe } from '../src/probes/responsive/index.ts';
import type { ContentAnalysis } from '../src/probes/content/analyse.ts';
import { serveCorpus } from '../src/probes/content/corpus-server.ts';
import {
  analyseCase,
  auditedAnalysis,
  loadCorpus,
  pageHtml,
  scoreDetectors,
  scoreItems,
  type CorpusCase,
  type CorpusPage,
  type DetectorScore,
} from '../src/probes/content/evaluate.ts';
import type { Facts, Target } from '../src/probes/types.ts';
import { loadChecklist } from '../src/score/checklists.ts';
import { optionForFacts } from '../src/score/indicator.ts';
import type { FactValue } from '../src/score/types.ts';
import { silentLogger } from '../src/util/log.ts';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    'no-browser': { type: 'boolean', default: false },
    json: { type: 'string' },
    cases: { type: 'string' },
  },
});

const root = new URL('../fixtures/', import.meta.url);
const dir = args.dir
  ? new URL(`${args.dir.replace(/\/?$/, '/')}`, new URL(`file://${process.cwd()}/`))
  : existsSync(new URL('real-pages/manifest.json', root))
    ? new URL('real-pages/', root)
    : new URL('corpus/', root);
const manifest = loadCorpus(dir);

// Period 7 national report (seed 003), table 3-6: agencies at each option, of 162 evaluated.
const PERIOD7: Record<string, Record<string, number>> = {
  '8': { '1': 141, '0': 21 },
  '10': { '1': 51, '0.25': 73, '0': 38 },
  '11': { '1': 6, '0.5': 84, '0': 72 },
  '12': { '1': 5, '0.5': 92, '0': 65 },
  '13': { '1': 102, '0': 60 },
  '15': { '1': 61, '0.25': 54, '0': 47 },
  '16': { '1': 19, '0.25': 124, '0': 19 },
  '22': { '1': 135, '0': 27 },
};

function pct(n: number, of: number): string {
  return of ? `${Math.round((100 * n) / of)}%` : '-';
}

function table(title: string, scores: DetectorScore[]): string {
  const lines = [
    `\n${title}`,
    `${'detector'.padEnd(18)} ${'P'.padStart(5)} ${'R'.padStart(5)}  tp  fp  fn  labelled`,
  ];
  for (const s of scores)
    lines.push(
      `${s.id.padEnd(18)} ${s.precision.toFixed(2).padStart(5)} ${s.recall.toFixed(2).padStart(5)} ${String(s.tp).padStart(3)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}  ${s.positives}`,
    );
  return lines.join('\n');
}

type Reading = { c: CorpusCase; a: ContentAnalysis }[];

/** The held-out cases' own table, when the corpus has any. */
function heldOutTable(title: string, reading: Reading): string | null {
  const held = reading.filter((r) => (r.c as CorpusCase & { heldOut?: boolean }).heldOut);
  if (!held.length) return null;
  return table(
    `${title}: the ${held.length} held-out cases only (labelled after the rules were set)`,
    scoreDetectors(held),
  );
}

async function main() {
  const only = args.cases ? new Set(args.cases.split(',')) : null;
  const cases = manifest.cases.filter((c) => !only || only.has(c.id));
  console.log(
    `corpus: ${dir.pathname} (${cases.length} cases, ${cases.reduce((n, c) => n + c.pages.length, 0)} pages)`,
  );

  const raw = cases.map((c) => ({ c, a: analyseCase(c, (p) => pageHtml(dir, p)) }));
  const rawScores = scoreDetectors(raw);
  console.log(table('raw HTML (what the crawl reads without a browser)', rawScores));
  const rawHeld = heldOutTable('raw HTML', raw);
  if (rawHeld) console.log(rawHeld);

  let rendered: Reading | null = null;
  let audited: Reading | null = null;
  const renderedHomes: string[] = [];
  const browserFacts = new Map<string, Facts>();
  if (!args['no-browser']) {
    const srv = await serveCorpus(dir, cases);
    const net = defaultNetOptions({ allowPrivate: true, resolve: srv.resolve, totalTimeoutMs: 60_000 });
    const settings = browserSettings({ screenshots: false, settleMs: 1000 });
    const pool = new BrowserPool(net, settings, silentLogger);
    const runDir = mkdtempSync(join(tmpdir(), 'payesh-corpus-'));
    try {
      const render = browserRenderer(pool, net, settings);
      const html = new Map<string, string>();
      for (const c of cases)
        for (const p of c.pages)
          html.set(p.url, await render(srv.local(p.url)).catch(() => pageHtml(dir, p)));
      rendered = cases.map((c) => ({ c, a: analyseCase(c, (p: CorpusPage) => html.get(p.url)!) }));
      console.log(
        table('rendered in Chromium (what a visitor sees once scripts ran)', scoreDetectors(rendered)),
      );
      audited = cases.map((c) => {
        const r = auditedAnalysis(
          c,
          (p) => pageHtml(dir, p),
          (p) => html.get(p.url)!,
        );
        if (r.home === 'rendered') renderedHomes.push(c.id);
        return { c, a: r.a };
      });
      console.log(
        table(
          `as an audit reports it (raw HTML; home page rendered for ${renderedHomes.length} case(s)${renderedHomes.length ? `: ${renderedHomes.join(', ')}` : ''})`,
          scoreDetectors(audited),
        ),
      );
      const auditedHeld = heldOutTable('as an audit reports it', audited);
      if (auditedHeld) console.log(auditedHeld);

      const axe = createAxeProbe(settings, pool);
      const responsive = createResponsiveProbe(settings, pool);
      for (const c of cases) {
        const url = srv.local(c.pages[0].url);
        const target: Target = {
          id: 1,
          runId: 'corpus',
          agencyId: c.id,
          kind: 'portal',
          url,
          host: new URL(url).host,
        };
        const ctx = {
          net,
          log: silentLogger,
          signal: new AbortController().signal,
          runDir,
          agencyTargets: [target],
        };
        const facts: Facts = {};
        for (const probe of [responsive, axe]) {
          const m = await probe.run(target, ctx);
          Object.assign(facts, (m.values.facts as Facts | undefined) ?? {});
        }
        browserFacts.set(c.id, facts);
      }
    } finally {
      await pool.close();
      await srv.close();
      rmSync(runDir, { recursive: true, force: true });
    }
  }

  const best = audited ?? raw;
  console.log(`\nper checklist item (${audited ? 'as an audit reports it' : 'raw HTML'})`);
  console.log(`${'item'.padEnd(52)}     P     R  cases judged exactly right`);
  for (const s of scoreItems(scoreDetectors(best), best))
    console.log(
      `${s.item.padEnd(52)} ${s.precision.toFixed(2).padStart(5)} ${s.recall.toFixed(2).padStart(5)}  ${s.agree}/${s.cases}`,
    );

  console.log('\nmisses (expected -> got)');
  for (const s of scoreDetectors(best))
    for (const m of s.misses) console.log(`  ${s.id}: ${m.case}: ${m.expected} -> ${m.got}`);

  console.log(
    '\nshare of pages at each option, payesh on this corpus vs period 7 (seed 003, table 3-6, 162 agencies)',
  );
  const ito = loadChecklist('ito-p7');
  const dist: Record<string, Record<string, number>> = {};
  const perCase: Record<string, Record<string, string>> = {};
  for (const ind of Object.keys(PERIOD7)) {
    const counts: Record<string, number> = {};
    for (const { c, a } of best) {
      const o = optionForFacts(ito, ind, {
        ...a.facts,
        ...(browserFacts.get(c.id) ?? {}),
      } as Record<string, FactValue>);
      counts[o] = (counts[o] ?? 0) + 1;
      (perCase[c.id] ??= {})[ind] = o;
    }
    dist[ind] = counts;
    const p7 = PERIOD7[ind];
    const total7 = Object.values(p7).reduce((x, y) => x + y, 0);
    const options = [...new Set([...Object.keys(p7), ...Object.keys(counts)])];
    const cells = options.map(
      (o) => `${o}: ${pct(counts[o] ?? 0, best.length)} vs ${pct(p7[o] ?? 0, total7)}`,
    );
    console.log(`  ITO ${ind.padEnd(3)} ${cells.join('  |  ')}`);
  }

  if (args.json)
    writeFileSync(
      args.json,
      JSON.stringify(
        {
          corpus: dir.pathname,
          raw: rawScores,
          rendered: rendered && scoreDetectors(rendered),
          audited: audited && scoreDetectors(audited),
          renderedHomes,
          distribution: dist,
          options: perCase,
          period7: PERIOD7,
        },
        null,
        1,
      ),
    );
}

await main();
