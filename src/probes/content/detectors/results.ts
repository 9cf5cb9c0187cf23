// Generic check "topic-with-results": a page about the topic (e-consultation, e-decision), and whether
// it publishes results: a results label (heading, link or content, as declared) with figures
// (a number followed by a unit of the figureUnits list: people, opinions, votes, per cent).
import { list, str, type Declaration } from '../declared.ts';
import { matchNorm, phraseSource, urlPattern } from '../phrases.ts';
import type { DetectorResult, PageView, SiteView } from '../site.ts';
import { mainNorm } from '../site.ts';
import { headingsLabelled, linksLabelled, pageEvidence, topicPages } from './common.ts';

const figures = new Map<string, RegExp>();

/** Published figures: a number followed by a unit of the topic's list. */
export function figuresRe(topic: string): RegExp {
  let r = figures.get(topic);
  if (!r) figures.set(topic, (r = new RegExp(`\\d+ ?(?:${phraseSource(topic)})`)));
  return r;
}

export function topicWithResults(site: SiteView, d: Declaration): DetectorResult {
  const pages = topicPages(site, str(d, 'topic'), urlPattern(str(d, 'urlTopic')));
  const results = str(d, 'resultsTopic');
  const where = list(d, 'resultsIn');
  const fig = figuresRe(str(d, 'figuresTopic'));
  const inContent = where.includes('content');
  const hasResults = (page: PageView) =>
    (where.includes('heading') && headingsLabelled(page, results, 4).length > 0) ||
    (where.includes('link') &&
      linksLabelled(site, results, { pages: [page], maxExtraWords: 4 }).length > 0) ||
    (inContent && !!matchNorm(mainNorm(page), results));
  const published = pages.find(
    ({ page }) => hasResults(page) && fig.test(inContent ? mainNorm(page) : page.norm),
  );
  const [best, found] = d.verdicts;
  const verdict = published ? best : pages.length ? found : d.negative[0];
  const fact = str(d, 'fact');
  return {
    verdict,
    facts: { [fact]: fact.endsWith('.kind') ? verdict : !!published },
    evidence: published
      ? [pageEvidence(published.page, `${d.id} with published results`)]
      : pages.slice(0, 2).map((p) => pageEvidence(p.page, `${d.id} page without results (${p.how})`)),
    confidence: verdict === d.negative[0] ? 0.75 : 0.8,
  };
}
