// Structure and managers (ITO 21, ARO 1400 item 2, ARO 1397 item 2.5): an organisation chart or
// structure page, and a managers page giving name, photo, phone, e-mail and education (ITO). The ARO
// items ask for the structure, the managers' names and titles, direct contact with them and (ARO 1400)
// the staff's phone numbers, not photos or education: those parts are separate facts.
import type { Evidence } from '../../types.ts';
import { num, re, str, type Declaration } from '../declared.ts';
import { matchNorm, urlPattern } from '../phrases.ts';
import type { DetectorResult, PageView, SiteView } from '../site.ts';
import { linkHitEvidence, linksLabelled, linksToPath, pageEvidence, topicPages } from './common.ts';
import { EMAIL, phonesIn } from './patterns.ts';

interface ManagerTraits {
  photo: boolean;
  phone: boolean;
  email: boolean;
  education: boolean;
}

function traits(p: PageView, d: Declaration): ManagerTraits {
  const content = p.$('main, article, #content, .content, .managers, body').first();
  const photos = content
    .find('img')
    .filter(
      (_, el) =>
        !re(d, 'decorativeImage').test(`${p.$(el).attr('src') ?? ''} ${p.$(el).attr('class') ?? ''}`),
    ).length;
  return {
    photo: photos >= 1,
    phone: phonesIn(p.norm).length > 0 || p.links.some((l) => l.url.startsWith('tel:')),
    email: (p.norm.match(EMAIL) ?? []).length > 0 || p.links.some((l) => /^mailto:/i.test(l.url)),
    education: !!matchNorm(p.norm, str(d, 'educationTopic')),
  };
}

export function managers(site: SiteView, d: Declaration): DetectorResult {
  const evidence: Evidence[] = [];
  const structure = topicPages(site, str(d, 'structureTopic'), urlPattern(str(d, 'structureUrlTopic')));
  const chartImage = site.pages.flatMap((p) =>
    p
      .$('img')
      .toArray()
      .filter((el) => re(d, 'chartImage').test(`${p.$(el).attr('alt') ?? ''} ${p.$(el).attr('src') ?? ''}`))
      .map(() => p),
  );
  // A link to the chart (often an image button whose label is drawn in the picture).
  const chartLinks = structure.length ? [] : linksToPath(site, urlPattern(str(d, 'chartUrlTopic')));
  // A menu item naming the structure or the managers is what a visitor follows to them (mega-menu
  // panels included); its page may lie beyond the crawl (or the archive), the link still shows it.
  const structureLinks = structure.length ? [] : linksLabelled(site, str(d, 'structureTopic'));
  // The head's bare title ("ریاست", "Presidency") counts only as a link's whole label: with more words
  // it names an office, a history page or a news item.
  const managerLinks = [
    ...linksLabelled(site, str(d, 'managersTopic')),
    ...linksLabelled(site, str(d, 'headTopic'), { maxExtraWords: 0 }),
  ];
  const hasStructure =
    structure.length > 0 || chartImage.length > 0 || chartLinks.length > 0 || structureLinks.length > 0;
  if (!structure.length && structureLinks[0])
    evidence.push(linkHitEvidence(structureLinks[0], 'link to the organisation structure'));
  for (const s of structure.slice(0, 2)) evidence.push(pageEvidence(s.page, `structure page (${s.how})`));
  if (!structure.length && chartImage[0])
    evidence.push(pageEvidence(chartImage[0], 'organisation chart image'));
  if (!structure.length && !chartImage.length && chartLinks[0])
    evidence.push(linkHitEvidence(chartLinks[0], 'link to the organisation chart'));
  const mgrPages = topicPages(site, str(d, 'managersTopic'), urlPattern(str(d, 'managersUrlTopic')));
  let best: ManagerTraits | null = null;
  let bestPage: PageView | null = null;
  for (const { page } of mgrPages) {
    const t = traits(page, d);
    const score = Number(t.photo) + Number(t.phone) + Number(t.email) + Number(t.education);
    if (
      !best ||
      score > Number(best.photo) + Number(best.phone) + Number(best.email) + Number(best.education)
    ) {
      best = t;
      bestPage = page;
    }
  }
  if (bestPage && best)
    evidence.push({
      kind: 'url',
      label: `managers page: photo ${best.photo}, phone ${best.phone}, e-mail ${best.email}, education ${best.education}`,
      url: bestPage.url,
      text: bestPage.title,
    });
  if (!bestPage && managerLinks[0]) evidence.push(linkHitEvidence(managerLinks[0], 'link to the managers'));
  const complete = hasStructure && !!best && best.photo && best.phone && best.email && best.education;
  const kind = complete ? 'complete' : hasStructure || best || managerLinks.length ? 'partial' : 'none';
  // A staff phone directory: a page or link about it, or a managers/contact page listing several numbers.
  const directory = topicPages(site, str(d, 'staffPhonesTopic'), urlPattern(str(d, 'staffPhonesUrlTopic')));
  const listing = site.pages.find((p) => phonesIn(p.norm).length >= num(d, 'staffPhonesListing'));
  const staffPhones = directory.length > 0 || !!listing;
  if (directory[0])
    evidence.push(pageEvidence(directory[0].page, `staff phone directory (${directory[0].how})`));
  else if (listing)
    evidence.push({
      kind: 'count',
      label: 'page listing staff phone numbers',
      url: listing.url,
      count: phonesIn(listing.norm).length,
    });
  return {
    verdict: kind,
    facts: {
      'managers.kind': kind,
      'managers.structure': hasStructure,
      'managers.names': !!bestPage,
      'managers.directContact': !!best && (best.phone || best.email),
      'managers.staffPhones': staffPhones,
    },
    evidence,
    confidence: kind === 'complete' ? 0.85 : 0.75,
    details: { structure: hasStructure, managersPage: bestPage?.url ?? null, traits: best },
  };
}
