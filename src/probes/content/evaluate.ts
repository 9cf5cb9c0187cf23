// Precision and recall of the content detectors against a labelled page corpus (a manifest of cases,
// each a small site with the verdicts a careful evaluator gave). Used by `npm run corpus` and the tests.
import { readFileSync } from 'node:fs';
import type { Service } from '../../agencies/model.ts';
import { decodeHtml } from '../crawl/charset.ts';
import { scanHtml, scannedLooksScriptBuilt } from '../crawl/extract.ts';
import { hostOf } from '../crawl/url.ts';
import { analyseSite, type ContentAnalysis } from './analyse.ts';
import { DETECTORS } from './detectors/index.ts';
import { gainedBySecondLook, wantsSecondLook } from './second-look.ts';
import { buildPage, buildSite } from './site.ts';

export interface CorpusPage {
  file: string;
  url: string;
}

export interface CorpusCase {
  id: string;
  note?: string;
  pages: CorpusPage[];
  services?: Service[];
  /** Expected verdict per detector; detectors not named must give their negative verdict. */
  expect: Record<string, string>;
  facts?: Record<string, unknown>;
  /** Added after the rules were tuned and labelled before any detector ran on it: measures generalisation. */
  heldOut?: boolean;
}

export interface CorpusManifest {
  cases: CorpusCase[];
}

export function loadCorpus(dir: URL): CorpusManifest {
  return JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as CorpusManifest;
}

/** The HTML of a case's page as archived (bytes decoded as the crawler decodes them). */
export function pageHtml(dir: URL, p: CorpusPage): string {
  return decodeHtml(readFileSync(new URL(`pages/${p.file}`, dir)), null).text;
}

/** Run every detector over a case, reading each page's HTML through `html` (raw or rendered). */
export function analyseCase(c: CorpusCase, html: (p: CorpusPage) => string): ContentAnalysis {
  const pages = c.pages.map((p, i) => buildPage(p.url, html(p), i === 0 ? 0 : 1, i === 0));
  const hosts = [...new Set(c.pages.map((p) => hostOf(p.url)))];
  return analyseSite(buildSite(pages, c.services ?? [], hosts));
}

/**
 * The reading an audit with a browser reports for a case, by the audit's own rules: the crawl renders
 * a page whose raw HTML looks built by script; otherwise the raw HTML is read, and the home page is
 * read again rendered only when it is mostly script and some detector found nothing, keeping the
 * rendered reading when it resolves more (second-look.ts).
 */
export function auditedAnalysis(
  c: CorpusCase,
  raw: (p: CorpusPage) => string,
  rendered: (p: CorpusPage) => string,
): { a: ContentAnalysis; home: 'raw' | 'rendered' } {
  const crawlRenders = (p: CorpusPage) => scannedLooksScriptBuilt(scanHtml(raw(p), p.url));
  const home = c.pages[0];
  const first = analyseCase(c, (p) => (crawlRenders(p) ? rendered(p) : raw(p)));
  if (!home || crawlRenders(home)) return { a: first, home: 'rendered' };
  if (!wantsSecondLook(raw(home), first)) return { a: first, home: 'raw' };
  const again = analyseCase(c, (p) => (p === home || crawlRenders(p) ? rendered(p) : raw(p)));
  return gainedBySecondLook(first, again) > 0 ? { a: again, home: 'rendered' } : { a: first, home: 'raw' };
}

export interface DetectorScore {
  id: string;
  tp: number;
  fp: number;
  fn: number;
  /** Cases with a positive label (expected verdict not negative). */
  positives: number;
  precision: number;
  recall: number;
  misses: { case: string; expected: string; got: string }[];
}

/**
 * A positive counts only when the verdict is exactly the expected one: "elsewhere" for a desk labelled
 * "main-nav" is both a false positive and a false negative.
 */
export function scoreDetector(
  id: string,
  negative: string[],
  results: { c: CorpusCase; a: ContentAnalysis }[],
): DetectorScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let positives = 0;
  const misses: DetectorScore['misses'] = [];
  for (const { c, a } of results) {
    const expected = c.expect[id] ?? negative[0];
    const got = a.detectors[id]?.verdict ?? 'missing';
    const expPos = !negative.includes(expected);
    const gotPos = !negative.includes(got);
    const exact = expected === got;
    if (expPos) positives++;
    if (expPos && gotPos && exact) tp++;
    if (gotPos && !(expPos && exact)) fp++;
    if (expPos && !(gotPos && exact)) fn++;
    if (!exact) misses.push({ case: c.id, expected, got });
  }
  return {
    id,
    tp,
    fp,
    fn,
    positives,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    misses,
  };
}

export function scoreDetectors(results: { c: CorpusCase; a: ContentAnalysis }[]): DetectorScore[] {
  return DETECTORS.map((d) => scoreDetector(d.id, d.negative, results));
}

/** Checklist items (ITO period 7, ARO) and the detectors whose verdicts decide them. */
export const ITEM_DETECTORS: Record<string, string[]> = {
  'ITO 10 second language': ['secondLanguage'],
  'ITO 11 usability features': ['usability'],
  'ITO 13 service desk': ['serviceDesk'],
  'ITO 14 guide': ['guide'],
  'ITO 15 FAQ': ['faq'],
  'ITO 16 support': ['support'],
  'ITO 17 tracking': ['tracking'],
  'ITO 18 feedback': ['feedback'],
  'ITO 19 statistics': ['stats'],
  'ITO 20 strategy': ['strategy'],
  'ITO 21 managers': ['managers'],
  'ITO 29 e-consultation': ['consultation'],
  'ITO 30 e-decision': ['decision'],
  'ARO 1400-1 update date': ['updateDate'],
  'ARO 1400-3 services page': ['servicesPage'],
  'ARO 1400-7 reports': ['reports'],
  'ARO 1400-8 tenders': ['tenders'],
  'ARO 1397-2 announcements, contacts, identity cards': ['announcements', 'contacts', 'identityCards'],
  'ARO 1397-3 survey': ['survey'],
  'ARO 1397-5 links out': ['otherAgencyLinks', 'socialNetworks'],
  'ARO 1397-6 privacy': ['privacy'],
  'ARO 1397-7 SLA': ['sla'],
};

export interface ItemScore {
  item: string;
  /** Cases where every detector behind the item gave exactly the labelled verdict. */
  agree: number;
  cases: number;
  precision: number;
  recall: number;
}

/** Per checklist item: pooled counts of its detectors, and the share of cases judged exactly right. */
export function scoreItems(scores: DetectorScore[], results: { c: CorpusCase; a: ContentAnalysis }[]) {
  const byId = new Map(scores.map((s) => [s.id, s]));
  return Object.entries(ITEM_DETECTORS).map(([item, ids]): ItemScore => {
    const parts = ids.map((id) => byId.get(id)!).filter(Boolean);
    const tp = parts.reduce((n, s) => n + s.tp, 0);
    const fp = parts.reduce((n, s) => n + s.fp, 0);
    const fn = parts.reduce((n, s) => n + s.fn, 0);
    const wrong = new Set(parts.flatMap((s) => s.misses.map((m) => m.case)));
    return {
      item,
      agree: results.filter((r) => !wrong.has(r.c.id)).length,
      cases: results.length,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    };
  });
}
