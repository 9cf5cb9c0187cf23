// Digital user guide (ITO 14): an HTML guide with multimedia (video, audio, step images) beats a text
// guide; a guide offered only as a PDF/DOC download counts as none. Judged per service.
import type { Service } from '../../../agencies/model.ts';
import type { Evidence, Facts } from '../../types.ts';
import { isLabel, matchNorm } from '../phrases.ts';
import { declarationOf, num, re, str, type Declaration } from '../declared.ts';
import { urlPattern } from '../phrases.ts';
import type { DetectorResult, PageView, SiteView } from '../site.ts';
import type { AnyNode } from 'domhandler';
import { headingsLabelled, pageIsAbout, topicPages } from './common.ts';

export type GuideKind = 'multimedia' | 'html' | 'downloads' | 'none';
const RANK: GuideKind[] = ['none', 'downloads', 'html', 'multimedia'];
/** What kind of guide a page is (thresholds: detectors.yaml, guide). */
export function classifyGuide(
  p: PageView,
  scope?: AnyNode[],
  d: Declaration = declarationOf('guide'),
): { kind: GuideKind; why: string } {
  const content = scope ? p.$(scope) : p.$('main, article, #content, .content, .guide, body').first();
  const clean = p.$('<div></div>').append(content.clone());
  clean.find('nav, header, footer, aside, .menu, .navbar').remove();
  const media = clean.find(
    'video, audio, embed, object, iframe[src*="aparat"], iframe[src*="youtube"], iframe[src*="video"], iframe[src*="player"]',
  ).length;
  if (media) return { kind: 'multimedia', why: `${media} video/audio element(s)` };
  // Guide text is what a visitor reads in place: the labels of links leading elsewhere (a list of forms
  // under "Forms and Instructions", a menu under "Help") guide no one (LABELS.md: a guide link is none).
  const prose = clean.clone();
  prose.find('a').remove();
  const text = prose.text().replace(/\s+/g, ' ').trim();
  const links = clean.find('a[href]').length;
  const DOC = re(d, 'documentFile');
  const docs = clean.find('a[href]').filter((_, el) => DOC.test(p.$(el).attr('href') ?? '')).length;
  // Links with a caption each (a catalogue of forms, a mega-menu panel) are a list, not a guide.
  if (links && text.length / links < num(d, 'minTextPerLink'))
    return docs
      ? { kind: 'downloads', why: `${docs} downloadable file(s) only` }
      : { kind: 'none', why: `a list of ${links} links with ${text.length} characters around them` };
  const images = clean
    .find('img')
    .filter(
      (_, el) =>
        !re(d, 'decorativeImage').test(`${p.$(el).attr('src') ?? ''} ${p.$(el).attr('class') ?? ''}`),
    );
  const gif = images.filter((_, el) => /\.gif(\?|$)/i.test(p.$(el).attr('src') ?? '')).length;
  if (
    (images.length >= num(d, 'minStepImages') || gif) &&
    text.length >= (scope ? num(d, 'minStepTextSection') : num(d, 'minStepTextPage'))
  )
    return { kind: 'multimedia', why: `${images.length} step image(s)${gif ? ', animated' : ''}` };
  // A guide section within a service page is shorter than a guide page of its own.
  if (text.length >= (scope ? num(d, 'minTextSection') : num(d, 'minTextPage')))
    return { kind: 'html', why: `${text.length} characters of guide text` };
  if (docs) return { kind: 'downloads', why: `${docs} downloadable file(s) only` };
  return { kind: 'none', why: 'no guide content' };
}

/**
 * Guide sections inside a page: what a heading labelled "راهنما" introduces. A heading in a rotating
 * banner (`banner`: carousel slides) announces a guide published elsewhere; the slide is not the guide.
 */
export function guideSections(p: PageView, topic = 'guide', banner?: RegExp): AnyNode[][] {
  const inBanner = (el: AnyNode) =>
    !!banner &&
    p
      .$(el)
      .parents()
      .toArray()
      .some((a) => banner.test(`${a.attribs?.id ?? ''} ${a.attribs?.class ?? ''}`));
  return headingsLabelled(p, topic, 4)
    .filter((h) => !inBanner(h.el))
    .map((h) => {
      const section = p.$(h.el).closest('section');
      if (section.length && section.find('h1, h2, h3').length <= 3) return section.toArray();
      const tag = h.el.tagName.toLowerCase();
      const stop = /^h[1-6]$/.test(tag)
        ? Array.from({ length: Number(tag[1]) }, (_, i) => `h${i + 1}`).join(', ')
        : 'h1, h2, h3';
      return p.$(h.el).nextUntil(stop).toArray();
    });
}

function guidePagesFor(site: SiteView, from: PageView, topic: string): PageView[] {
  const out: PageView[] = [];
  if (pageIsAbout(from, topic)) out.push(from);
  for (const l of from.links) {
    if (!isLabel(l.norm, topic, 4)) continue;
    const target = site.byUrl(l.url);
    if (target) out.push(target);
  }
  return out;
}

// A file whose label opens with "راهنمای ..." (the guide to something) is a guide file, however it goes
// on; such labels only ever make a `downloads` verdict, which scores as none.
function guideLinksToFiles(from: PageView, d: Declaration): number {
  const topic = str(d, 'topic');
  const lead = (norm: string) => {
    const m = matchNorm(norm, str(d, 'fileLeadTopic'));
    return !!m && norm.startsWith(m) && norm.split(' ').length <= num(d, 'fileLeadMaxWords');
  };
  return from.links.filter(
    (l) => (isLabel(l.norm, topic, 4) || lead(l.norm)) && re(d, 'documentFile').test(l.url),
  ).length;
}

function best(
  kinds: { kind: GuideKind; why: string; url: string }[],
): { kind: GuideKind; why: string; url: string } | null {
  return kinds.sort((a, b) => RANK.indexOf(b.kind) - RANK.indexOf(a.kind))[0] ?? null;
}

function serviceGuide(
  site: SiteView,
  s: Service,
  d: Declaration,
): { kind: GuideKind; why: string; url: string } | null {
  const own = site.byUrl(s.url);
  if (!own) return null;
  const topic = str(d, 'topic');
  const found = guidePagesFor(site, own, topic).map((p) => ({
    ...classifyGuide(p, undefined, d),
    url: p.url,
  }));
  for (const scope of guideSections(own, topic, re(d, 'bannerBox')))
    found.push({ ...classifyGuide(own, scope, d), url: own.url });
  if (!found.length && guideLinksToFiles(own, d))
    found.push({ kind: 'downloads', why: 'guide offered as a file', url: own.url });
  return best(found);
}

export function guide(site: SiteView, d: Declaration): DetectorResult {
  const topic = str(d, 'topic');
  const evidence: Evidence[] = [];
  const serviceFacts: Record<string, Facts> = {};
  for (const s of site.services) {
    const g = serviceGuide(site, s, d);
    // A downloads-only guide scores like no guide (ITO 14).
    const kind = !g || g.kind === 'downloads' ? 'none' : g.kind;
    serviceFacts[s.id] = { 'guide.kind': site.byUrl(s.url) ? kind : null };
    if (g)
      evidence.push({ kind: 'url', label: `guide for service ${s.id}: ${g.kind} (${g.why})`, url: g.url });
  }
  const pages = topicPages(site, topic, urlPattern(str(d, 'urlTopic')));
  const all = pages.map(({ page }) => ({ ...classifyGuide(page, undefined, d), url: page.url }));
  for (const p of site.pages)
    for (const scope of guideSections(p, topic, re(d, 'bannerBox')))
      all.push({ ...classifyGuide(p, scope, d), url: p.url });
  if (!all.length)
    for (const p of site.pages)
      if (guideLinksToFiles(p, d))
        all.push({ kind: 'downloads', why: 'guide offered as a file', url: p.url });
  const top = best(all);
  if (top) evidence.push({ kind: 'url', label: `best guide page: ${top.kind} (${top.why})`, url: top.url });
  return { verdict: top?.kind ?? 'none', facts: {}, evidence, confidence: top ? 0.8 : 0.7, serviceFacts };
}
