// An active survey or poll about services (ARO 1397 gauge 3): a poll form or a survey link/page.
import type { Detector, DetectorResult } from '../site.ts';
import { findPresence } from './presence.ts';

export const survey: Detector = {
  id: 'survey',
  negative: ['none'],
  run(site): DetectorResult {
    // A heading alone ("نظرسنجی" over a text about quarterly questionnaires) is not an active survey:
    // it takes a link to one, a survey page, or a poll form.
    const r = findPresence(
      site,
      {
        id: 'survey',
        topic: 'survey',
        fact: 'survey.found',
        label: 'survey',
        urlPattern: /(^|\/)(e-?)?(survey|poll)s?\b|نظرسنجی/i,
      },
      { headings: false },
    );
    // A poll widget: a form with a group of radio buttons and a vote button.
    for (const page of site.pages) {
      page.$('form').each((_, el) => {
        const f = page.$(el);
        if (
          f.find('input[type="radio"]').length >= 2 &&
          /poll|vote|survey|نظر/i.test(
            `${f.attr('class') ?? ''} ${f.attr('id') ?? ''} ${f.attr('action') ?? ''} ${f.text()}`,
          )
        ) {
          r.found = true;
          r.evidence.push({
            kind: 'selector',
            label: 'poll form',
            url: page.url,
            selector: `form${f.attr('id') ? `#${f.attr('id')}` : ''}`,
            text: f.text().replace(/\s+/g, ' ').trim().slice(0, 150),
          });
        }
      });
    }
    return {
      verdict: r.found ? 'found' : 'none',
      facts: { 'survey.found': r.found },
      evidence: r.evidence,
      confidence: r.found ? Math.max(r.confidence, 0.85) : 0.7,
    };
  },
};
