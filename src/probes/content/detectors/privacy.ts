// Privacy statement (ARO 1397 gauge 6): a page or link named "حریم خصوصی" / "privacy".
import { presenceDetector } from './presence.ts';

export const privacy = presenceDetector({
  id: 'privacy',
  topic: 'privacy',
  fact: 'privacy.found',
  label: 'privacy statement',
  urlPattern: /\/privacy|حریم/i,
});
