// The real-page corpus (fixtures/real-pages): every archived page is present and whole, no host kept for
// the independent check slipped in, and every label names a detector and a verdict it can give.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DETECTORS } from '../../src/probes/content/detectors/index.ts';

interface RealCase {
  id: string;
  pages: { file: string; url: string }[];
  language: string;
  category: string;
  stub: boolean;
  source: { repository: string; path: string; commit: string; captured: string; licence: string };
  storedLength: number;
  savedLength: number;
  invisibleMissing: number;
  expect: Record<string, string>;
  traps: string[];
}

const dir = new URL('../../fixtures/real-pages/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as {
  excludedHosts: string[];
  cases: RealCase[];
};

// Kept out of the corpus: these sites are the independent check of the calibrated detectors.
const EXCLUDED = [
  'behdasht.gov.ir',
  'mfa.ir',
  'tehran.ir',
  'ajums.ac.ir',
  'abzums.ac.ir',
  'araku.ac.ir',
  'tavanir.org.ir',
  'usa.gov',
  'my.gov.sa',
];

// The verdicts each detector gives (src/probes/content/detectors); the first is its negative verdict.
const VERDICTS: Record<string, string[]> = {
  secondLanguage: ['none', 'general', 'services'],
  usability: ['none', 'features', 'personalised'],
  serviceDesk: ['none', 'elsewhere', 'main-nav'],
  servicesPage: ['none', 'elsewhere', 'main-nav'],
  guide: ['none', 'downloads', 'html', 'multimedia'],
  faq: ['none', 'few', 'agency', 'per-service'],
  support: ['none', 'contact', 'live-chat'],
  tracking: ['none', 'local', 'national'],
  feedback: ['none', 'periodic', 'immediate'],
  stats: ['none', 'request', 'request-production', 'request-production-delivery'],
  strategy: ['none', 'partial', 'published'],
  managers: ['none', 'partial', 'complete'],
  consultation: ['none', 'procedure', 'published'],
  decision: ['none', 'found', 'published'],
  updateDate: ['none', 'found'],
  announcements: ['none', 'found'],
  contacts: ['none', 'found'],
  identityCards: ['none', 'found'],
  privacy: ['none', 'found'],
  sla: ['none', 'found'],
  updateProcedure: ['none', 'found'],
  domain: ['none', 'ir', 'gov-ir'],
  otherAgencyLinks: ['none', 'found'],
  socialNetworks: ['none', 'found'],
  reports: ['none', 'found'],
  tenders: ['none', 'found', 'with-setad'],
  survey: ['none', 'found'],
};

const hostOf = (url: string) => new URL(url).hostname.toLowerCase();
const excluded = (host: string) => EXCLUDED.some((h) => host === h || host.endsWith(`.${h}`));

test('the corpus holds enough real pages, Persian first', () => {
  const pages = manifest.cases.flatMap((c) => c.pages);
  assert.ok(pages.length >= 20, `${pages.length} pages`);
  const persian = manifest.cases.filter((c) => c.language === 'fa');
  assert.ok(persian.length >= 18, `${persian.length} Persian pages`);
  for (const lang of ['en', 'ar'])
    assert.ok(
      manifest.cases.some((c) => c.language === lang),
      `a page in ${lang}`,
    );
  assert.equal(new Set(manifest.cases.map((c) => c.id)).size, manifest.cases.length, 'case ids are unique');
});

test('every archived page is present and whole', () => {
  for (const c of manifest.cases) {
    assert.equal(c.pages.length, 1, `${c.id}: one page per case`);
    const file = new URL(`pages/${c.pages[0].file}`, dir);
    assert.ok(existsSync(file), `${c.id}: ${c.pages[0].file} missing`);
    // Code points, as the archive counts them; CR and zero-width characters included.
    const text = readFileSync(file, 'utf8');
    assert.equal([...text].length, c.savedLength, `${c.id}: saved length`);
    assert.equal(c.savedLength + c.invisibleMissing, c.storedLength, `${c.id}: stored = saved + missing`);
    // Only characters the archive's text view does not show may be missing: carriage returns (at most
    // one per line break) and zero-width joiners or whitespace (at most 2% of the page). Never text.
    const lineBreaks = text.split('\n').length - 1 - (text.match(/\r\n/g) ?? []).length;
    assert.ok(
      c.invisibleMissing >= 0 && c.invisibleMissing <= lineBreaks + Math.ceil(c.storedLength * 0.02),
      `${c.id}: ${c.invisibleMissing} characters missing of ${c.storedLength}`,
    );
    assert.ok(c.source.repository && c.source.path && /^[0-9a-f]{40}$/.test(c.source.commit), c.id);
    assert.ok(c.source.captured && c.source.licence, `${c.id}: capture date and licence`);
  }
});

test('no site kept for the independent check is in the corpus', () => {
  assert.deepEqual([...manifest.excludedHosts].sort(), [...EXCLUDED].sort());
  for (const c of manifest.cases)
    for (const p of c.pages) {
      assert.ok(!excluded(hostOf(p.url)), `${c.id}: ${p.url} is kept for the independent check`);
      assert.ok(!EXCLUDED.some((h) => p.file.startsWith(h)), `${c.id}: ${p.file}`);
    }
});

test('every case labels every detector with a verdict it can give', () => {
  const ids = DETECTORS.map((d) => d.id);
  assert.deepEqual([...ids].sort(), Object.keys(VERDICTS).sort(), 'the verdict table covers every detector');
  for (const d of DETECTORS) assert.ok(d.negative.includes(VERDICTS[d.id][0]), `${d.id}: negative verdict`);
  for (const c of manifest.cases) {
    assert.deepEqual(Object.keys(c.expect).sort(), [...ids].sort(), `${c.id}: every detector is labelled`);
    for (const [id, v] of Object.entries(c.expect))
      assert.ok(VERDICTS[id].includes(v), `${c.id}: ${id} cannot be "${v}"`);
    assert.ok(Array.isArray(c.traps), `${c.id}: traps`);
  }
});
