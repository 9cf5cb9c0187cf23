// Current announcements and circulars (ARO 1397 gauge 2): a section or page of اطلاعیه / بخشنامه.
import { presenceDetector } from './presence.ts';

export const announcements = presenceDetector({
  id: 'announcements',
  topic: 'announcements',
  fact: 'announcements.found',
  label: 'announcements',
  urlPattern: /\/(announcements?|notices?|circulars?)\b|اطلاعیه|بخشنامه/i,
});
