// Generic checks that need no code per detector: links to declared hosts, a label followed by a date,
// phone numbers on the home and topic pages.
import type { Evidence } from '../../types.ts';
import { list, num, optStr, str, type Declaration } from '../declared.ts';
import { hostIn, matchNorm, urlPattern } from '../phrases.ts';
import type { DetectorResult, PageView, SiteView } from '../site.ts';
import { linkEvidence } from '../site.ts';
import { hostOfSafe, topicPages } from './common.ts';
import { findDate, phonesIn } from './patterns.ts';

/** The pages a declaration names: home, firstLevel (depth ≤ 1), topic (pages about its topic), all. */
function pagesOf(site: SiteView, d: Declaration): PageView[] {
  const out: PageView[] = [];
  for (const w of list(d, 'pages', ['all'])) {
    if (w === 'home') out.push(site.home);
    else if (w === 'firstLevel') out.push(...site.pages.filter((p) => p !== site.home && p.depth <= 1));
    else if (w === 'topic') {
      const u = optStr(d, 'urlTopic');
      out.push(...topicPages(site, str(d, 'topic'), u ? urlPattern(u) : undefined).map((t) => t.page));
    } else if (w === 'all') out.push(...site.pages);
    else throw new Error(`src/probes/content/detectors.yaml: ${d.id}.pages: unknown "${w}"`);
  }
  return [...new Set(out)];
}

/** "links-to-hosts": links to any host of the declared list (a named group gives one finding per name). */
export function linksToHosts(site: SiteView, d: Declaration): DetectorResult {
  const key = str(d, 'hosts');
  const byName = new Map<string, Evidence>();
  let count = 0;
  const all: Evidence[] = [];
  for (const p of site.pages)
    for (const l of p.links) {
      const name = hostIn(key, hostOfSafe(l.url));
      if (!name) continue;
      count++;
      const ev = linkEvidence(p, l, name === key ? str(d, 'label') : `${name} ${str(d, 'label')}`);
      if (all.length < 5) all.push(ev);
      if (!byName.has(name)) byName.set(name, ev);
    }
  const found = count > 0;
  const named = [...byName.keys()].some((n) => n !== key);
  return {
    verdict: found ? d.verdicts[0] : d.negative[0],
    facts: { [str(d, 'fact')]: found },
    evidence: named ? [...byName.values()] : all,
    confidence: found ? 0.95 : named ? 0.85 : 0.8,
    details: named ? { networks: [...byName.keys()] } : { links: count },
  };
}

/** "label-then-date": a label of the topic followed, within `within` characters, by a date. */
export function labelThenDate(site: SiteView, d: Declaration): DetectorResult {
  const topic = str(d, 'topic');
  const within = num(d, 'within');
  const fact = str(d, 'fact');
  for (const p of pagesOf(site, d)) {
    const label = matchNorm(p.norm, topic);
    if (!label) continue;
    // Look at every occurrence of the label and take a date written right after it.
    let from = 0;
    for (let i = p.norm.indexOf(label, from); i >= 0; i = p.norm.indexOf(label, from)) {
      const after = p.norm.slice(i + label.length, i + label.length + within + 35);
      const date = findDate(after);
      if (date && date.index <= within)
        return {
          verdict: d.verdicts[0],
          facts: { [fact]: true },
          evidence: [
            { kind: 'text', label: `${d.id} (${date.calendar})`, url: p.url, text: `${label} ${date.text}` },
          ],
          confidence: p === site.home ? 0.95 : 0.85,
          details: { date: date.text, calendar: date.calendar, url: p.url },
        };
      from = i + label.length;
    }
  }
  return { verdict: d.negative[0], facts: { [fact]: false }, evidence: [], confidence: 0.8 };
}

/** "phone-numbers": phone numbers (Iranian shapes, call-centre numbers after a label) and tel: links. */
export function phoneNumbers(site: SiteView, d: Declaration): DetectorResult {
  const evidence: Evidence[] = [];
  const numbers = new Set<string>();
  for (const p of pagesOf(site, d)) {
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
  const ok = numbers.size >= num(d, 'min', 1);
  return {
    verdict: ok ? d.verdicts[0] : d.negative[0],
    facts: { [str(d, 'fact')]: ok },
    evidence,
    confidence: ok ? 0.9 : 0.75,
    details: { numbers: [...numbers].slice(0, 20) },
  };
}
