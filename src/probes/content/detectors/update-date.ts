// Last-update date on the main pages (ARO 1400 item 1, ARO 1397 gauge 2): a label such as
// "آخرین به‌روزرسانی" followed by a Jalali or Gregorian date; the date found is reported.
import type { Detector, DetectorResult } from '../site.ts';
import { matchNorm } from '../phrases.ts';
import { findDate } from './patterns.ts';

export const updateDate: Detector = {
  id: 'updateDate',
  negative: ['none'],
  run(site): DetectorResult {
    const main = [site.home, ...site.pages.filter((p) => p !== site.home && p.depth <= 1)];
    for (const p of main) {
      const label = matchNorm(p.norm, 'updateDate');
      if (!label) continue;
      // Look at every occurrence of the label and take a date written right after it.
      let from = 0;
      for (let i = p.norm.indexOf(label, from); i >= 0; i = p.norm.indexOf(label, from)) {
        const after = p.norm.slice(i + label.length, i + label.length + 60);
        const d = findDate(after);
        if (d && d.index <= 25) {
          return {
            verdict: 'found',
            facts: { 'updateDate.found': true },
            evidence: [
              { kind: 'text', label: `update date (${d.calendar})`, url: p.url, text: `${label} ${d.text}` },
            ],
            confidence: p === site.home ? 0.95 : 0.85,
            details: { date: d.text, calendar: d.calendar, url: p.url },
          };
        }
        from = i + label.length;
      }
    }
    return { verdict: 'none', facts: { 'updateDate.found': false }, evidence: [], confidence: 0.8 };
  },
};
