// Every content detector, in report order: the declarations of ../detectors.yaml, each run by the
// check it names. Generic checks (presence, links-to-hosts, label-then-date, phone-numbers,
// topic-with-results) serve any topic; the others implement one indicator's reading and take their
// words and thresholds from the declaration.
import { loadDeclarations, type Check, type Declaration } from '../declared.ts';
import type { Detector } from '../site.ts';
import { domain } from './domain.ts';
import { faq } from './faq.ts';
import { feedback } from './feedback.ts';
import { labelThenDate, linksToHosts, phoneNumbers } from './generic.ts';
import { guide } from './guide.ts';
import { managers } from './managers.ts';
import { otherAgencies } from './other-agencies.ts';
import { presence } from './presence.ts';
import { topicWithResults } from './results.ts';
import { secondLanguage } from './second-language.ts';
import { serviceDesk } from './service-desk.ts';
import { servicesPage } from './services-page.ts';
import { sla } from './sla.ts';
import { stats } from './stats.ts';
import { strategy } from './strategy.ts';
import { support } from './support.ts';
import { tracking } from './tracking.ts';
import { usability } from './usability.ts';

/** The checks a declaration can name. */
export const CHECKS: Record<string, Check> = {
  presence,
  'links-to-hosts': linksToHosts,
  'label-then-date': labelThenDate,
  'phone-numbers': phoneNumbers,
  'topic-with-results': topicWithResults,
  'nav-item': serviceDesk,
  'services-page': servicesPage,
  'second-language': secondLanguage,
  usability,
  guide,
  faq,
  support,
  tracking,
  feedback,
  stats,
  strategy,
  managers,
  sla,
  domain,
  'other-agencies': otherAgencies,
};

/** A detector from its declaration. */
export function declaredDetector(d: Declaration): Detector & { declaration: Declaration } {
  const check = CHECKS[d.check];
  return { id: d.id, negative: d.negative, declaration: d, run: (site) => check(site, d) };
}

export const DECLARATIONS: Declaration[] = loadDeclarations(CHECKS);

export const DETECTORS: Detector[] = DECLARATIONS.map(declaredDetector);

export function detectorById(id: string): Detector {
  const d = DETECTORS.find((x) => x.id === id);
  if (!d) throw new Error(`no content detector "${id}"`);
  return d;
}
