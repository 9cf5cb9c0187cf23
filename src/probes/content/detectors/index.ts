// Every content detector, in report order.
import type { Detector } from '../site.ts';
import { announcements } from './announcements.ts';
import { consultation } from './consultation.ts';
import { contacts } from './contacts.ts';
import { decision } from './decision.ts';
import { domain } from './domain.ts';
import { faq } from './faq.ts';
import { feedback } from './feedback.ts';
import { guide } from './guide.ts';
import { identityCards } from './identity-cards.ts';
import { managers } from './managers.ts';
import { otherAgencyLinks } from './other-agencies.ts';
import { privacy } from './privacy.ts';
import { reports } from './reports.ts';
import { secondLanguage } from './second-language.ts';
import { serviceDesk } from './service-desk.ts';
import { servicesPage } from './services-page.ts';
import { sla } from './sla.ts';
import { socialNetworks } from './social-networks.ts';
import { stats } from './stats.ts';
import { strategy } from './strategy.ts';
import { support } from './support.ts';
import { survey } from './survey.ts';
import { tenders } from './tenders.ts';
import { tracking } from './tracking.ts';
import { updateDate } from './update-date.ts';
import { updateProcedure } from './update-procedure.ts';
import { usability } from './usability.ts';

export const DETECTORS: Detector[] = [
  secondLanguage,
  usability,
  serviceDesk,
  servicesPage,
  guide,
  faq,
  support,
  tracking,
  feedback,
  stats,
  strategy,
  managers,
  consultation,
  decision,
  updateDate,
  announcements,
  contacts,
  identityCards,
  privacy,
  sla,
  updateProcedure,
  domain,
  otherAgencyLinks,
  socialNetworks,
  reports,
  tenders,
  survey,
];
