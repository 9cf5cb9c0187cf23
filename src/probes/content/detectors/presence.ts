// A "is it published?" detector: the topic appears as a link label, a heading or a page title.
import type { Evidence } from '../../types.ts';
import type { Detector, DetectorResult, SiteView } from '../site.ts';
import {
  headingEvidence,
  labelledAnywhere,
  linkHitEvidence,
  linksToPath,
  pageEvidence,
  topicPages,
  uniqueBy,
} from './common.ts';

export interface PresenceSpec {
  id: string;
  topic: string;
  fact: string;
  label: string;
  /** URL paths that by themselves name the topic (e.g. /privacy). */
  urlPattern?: RegExp;
}

export function findPresence(
  site: SiteView,
  spec: PresenceSpec,
  opts: { headings?: boolean } = {},
): { found: boolean; evidence: Evidence[]; confidence: number } {
  const { links, headings: allHeadings } = labelledAnywhere(site, spec.topic);
  const headings = opts.headings === false ? [] : allHeadings;
  const pages = topicPages(site, spec.topic, spec.urlPattern);
  const byUrl = spec.urlPattern && !links.length ? linksToPath(site, spec.urlPattern) : [];
  const evidence: Evidence[] = [
    ...uniqueBy(links, (h) => h.link.url)
      .slice(0, 3)
      .map((h) => linkHitEvidence(h, `${spec.label}: link`)),
    ...headings.slice(0, 2).map((h) => headingEvidence(h, `${spec.label}: heading`)),
    ...pages.slice(0, 2).map((p) => pageEvidence(p.page, `${spec.label}: page (${p.how})`)),
    ...uniqueBy(byUrl, (h) => h.link.url)
      .slice(0, 2)
      .map((h) => linkHitEvidence(h, `${spec.label}: link to ${h.phrase}`)),
  ];
  const found = links.length > 0 || headings.length > 0 || pages.length > 0 || byUrl.length > 0;
  const confidence = !found ? 0.7 : pages.length ? 0.95 : links.length ? 0.85 : 0.75;
  return { found, evidence, confidence };
}

export function presenceDetector(spec: PresenceSpec): Detector {
  return {
    id: spec.id,
    negative: ['none'],
    run(site): DetectorResult {
      const r = findPresence(site, spec);
      return {
        verdict: r.found ? 'found' : 'none',
        facts: { [spec.fact]: r.found },
        evidence: r.evidence,
        confidence: r.confidence,
      };
    },
  };
}
