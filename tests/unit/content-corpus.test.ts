// Precision and recall of every content detector over the labelled page corpus (fixtures/corpus).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Service } from '../../src/agencies/model.ts';
import { decodeHtml } from '../../src/probes/crawl/charset.ts';
import { hostOf } from '../../src/probes/crawl/url.ts';
import { analyseSite } from '../../src/probes/content/analyse.ts';
import { DETECTORS } from '../../src/probes/content/detectors/index.ts';
import { buildPage, buildSite } from '../../src/probes/content/site.ts';

interface CorpusCase {
  id: string;
  pages: { file: string; url: string }[];
  services?: Service[];
  expect: Record<string, string>;
  facts?: Record<string, unknown>;
}

const dir = new URL('../../fixtures/corpus/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as { cases: CorpusCase[] };

function analyse(c: CorpusCase) {
  const pages = c.pages.map((p, i) => {
    const body = readFileSync(new URL(`pages/${p.file}`, dir));
    return buildPage(p.url, decodeHtml(body, null).text, i === 0 ? 0 : 1, i === 0);
  });
  const hosts = [...new Set(c.pages.map((p) => hostOf(p.url)))];
  return analyseSite(buildSite(pages, c.services ?? [], hosts));
}

const results = manifest.cases.map((c) => ({ c, a: analyse(c) }));

test('the corpus has at least 40 pages in Persian and English', () => {
  const pages = manifest.cases.flatMap((c) => c.pages);
  assert.ok(pages.length >= 40, `${pages.length} pages`);
  const texts = pages.map((p) => decodeHtml(readFileSync(new URL(`pages/${p.file}`, dir)), null).text);
  assert.ok(texts.some((t) => /lang="en"/.test(t)));
  assert.ok(texts.some((t) => /lang="fa"/.test(t)));
});

test('every expected verdict names a known detector and a verdict it can give', () => {
  const ids = new Set(DETECTORS.map((d) => d.id));
  for (const c of manifest.cases)
    for (const d of Object.keys(c.expect)) assert.ok(ids.has(d), `${c.id}: unknown detector ${d}`);
});

test('precision and recall of each detector are at least 0.95', () => {
  const rows: string[] = [];
  const failures: string[] = [];
  for (const d of DETECTORS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const misses: string[] = [];
    for (const { c, a } of results) {
      const expected = c.expect[d.id] ?? d.negative[0];
      const got = a.detectors[d.id]?.verdict;
      const expPos = !d.negative.includes(expected);
      const gotPos = !d.negative.includes(got);
      const exact = expected === got;
      if (expPos && gotPos && exact) tp++;
      if (gotPos && !(expPos && exact)) fp++;
      if (expPos && !(gotPos && exact)) fn++;
      if (!exact) misses.push(`${c.id}: expected ${expected}, got ${got}`);
    }
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    rows.push(
      `${d.id.padEnd(18)} P=${precision.toFixed(2)} R=${recall.toFixed(2)} (tp ${tp}, fp ${fp}, fn ${fn})`,
    );
    if (precision < 0.95 || recall < 0.95 || misses.length)
      failures.push(
        `${d.id}: P=${precision.toFixed(2)} R=${recall.toFixed(2)}\n    ${misses.join('\n    ')}`,
      );
  }
  process.stdout.write(`# ${rows.join('\n# ')}\n`);
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('exact facts given in the manifest match', () => {
  const wrong: string[] = [];
  for (const { c, a } of results)
    for (const [k, v] of Object.entries(c.facts ?? {}))
      if (a.facts[k] !== v)
        wrong.push(`${c.id}: ${k} expected ${JSON.stringify(v)}, got ${JSON.stringify(a.facts[k])}`);
  assert.deepEqual(wrong, []);
});

test('every positive verdict carries evidence', () => {
  const bare: string[] = [];
  for (const { c, a } of results)
    for (const d of DETECTORS) {
      const r = a.detectors[d.id];
      if (!d.negative.includes(r.verdict) && r.evidence.length === 0) bare.push(`${c.id}: ${d.id}`);
    }
  assert.deepEqual(bare, []);
});
