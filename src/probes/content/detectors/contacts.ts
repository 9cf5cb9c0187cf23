// Contact numbers (ARO 1397 gauge 2): Iranian phone formats (Persian or Latin digits) on the home
// page or a contact page, or tel: links.
import type { Evidence } from '../../types.ts';
import type { Detector, DetectorResult, PageView } from '../site.ts';
import { topicPages } from './common.ts';
import { phonesIn } from './patterns.ts';

export const contacts: Detector = {
  id: 'contacts',
  negative: ['none'],
  run(site): DetectorResult {
    const pages: PageView[] = [
      site.home,
      ...topicPages(site, 'contacts', /\/(contact|contact-?us|tamas)\b|تماس/i).map((t) => t.page),
    ];
    const evidence: Evidence[] = [];
    const numbers = new Set<string>();
    for (const p of new Set(pages)) {
      const found = phonesIn(p.norm);
      for (const l of p.links) if (/^tel:/i.test(l.url)) found.push(l.url.slice(4));
      if (found.length)
        evidence.push({
          kind: 'text',
          label: `phone numbers (${found.length})`,
          url: p.url,
          text: found.slice(0, 5).join(' ، '),
        });
      found.forEach((n) => numbers.add(n));
    }
    const ok = numbers.size > 0;
    return {
      verdict: ok ? 'found' : 'none',
      facts: { 'contacts.found': ok },
      evidence,
      confidence: ok ? 0.9 : 0.75,
      details: { numbers: [...numbers].slice(0, 20) },
    };
  },
};
