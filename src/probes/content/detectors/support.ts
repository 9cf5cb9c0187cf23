// Support (ITO 16, ARO 1400 item 9): live-chat widgets recognised by their scripts and markup
// (../widgets.yaml) versus phone / e-mail / form / ticketing only.
import type { Evidence } from '../../types.ts';
import { isLabel, matchNorm } from '../phrases.ts';
import { num, str, type Declaration } from '../declared.ts';
import type { DetectorResult, PageView, SiteView } from '../site.ts';
import { urlPattern } from '../phrases.ts';
import { linkEvidence, selectorOf } from '../site.ts';
import { topicPages } from './common.ts';
import { EMAIL, phonesIn } from './patterns.ts';
import { findWidget } from '../widgets.ts';

/** A live-chat widget on the page (widgets.yaml: scripts, loaders, injected markup, chat iframes). */
export function findChat(p: PageView, chatTopic = 'liveChat'): Evidence | null {
  const w = findWidget(p.$);
  if (w)
    return {
      kind: 'selector',
      label: w.name ? `${w.name} live-chat widget (${w.how})` : `live-chat ${w.how}`,
      url: p.url,
      selector: selectorOf(p.$, w.el),
      text: w.text.slice(0, 200),
    };
  const link = p.links.find((l) => isLabel(l.norm, chatTopic, 2));
  if (link) return linkEvidence(p, link, 'live-chat link');
  return null;
}

/** A label that begins with a channel action ("Contact ...", "ثبت اشکالات ...") and stays a label. */
function leadsWith(norm: string, topic: string, maxWords: number): boolean {
  const m = matchNorm(norm, topic);
  return !!m && norm.startsWith(m) && norm.split(' ').length <= maxWords;
}

export function support(site: SiteView, d: Declaration): DetectorResult {
  const chatTopic = str(d, 'chatTopic');
  const topic = str(d, 'topic');
  const homeChat = findChat(site.home, chatTopic);
  let chat = homeChat;
  if (!chat) for (const p of site.pages) if ((chat = findChat(p, chatTopic))) break;
  const evidence: Evidence[] = chat ? [chat] : [];
  let contact = false;
  if (!chat) {
    const pages: PageView[] = [
      site.home,
      ...topicPages(site, topic, urlPattern(str(d, 'urlTopic'))).map((t) => t.page),
    ];
    for (const p of new Set(pages)) {
      const form = p
        .$('form')
        .toArray()
        .find((f) => p.$(f).find('textarea').length > 0);
      const mail = p.links.find((l) => /^mailto:/i.test(l.url)) ?? null;
      const email = (p.norm.match(EMAIL) ?? [])[0];
      const phone = phonesIn(p.norm)[0];
      const ticket = p.links.find(
        (l) =>
          isLabel(l.norm, topic, 2) ||
          [l.norm, l.lead].some((t) => !!t && leadsWith(t, str(d, 'leadTopic'), num(d, 'leadMaxWords'))),
      );
      if (form)
        evidence.push({
          kind: 'selector',
          label: 'contact / ticket form',
          url: p.url,
          selector: selectorOf(p.$, form),
        });
      if (mail) evidence.push(linkEvidence(p, mail, 'e-mail link'));
      else if (email) evidence.push({ kind: 'text', label: 'e-mail address', url: p.url, text: email });
      if (phone) evidence.push({ kind: 'text', label: 'phone number', url: p.url, text: phone });
      if (ticket) evidence.push(linkEvidence(p, ticket, 'support / ticket link'));
      if (form || mail || email || phone || ticket) contact = true;
    }
  }
  const kind = chat ? 'live-chat' : contact ? 'contact' : 'none';
  return {
    verdict: kind,
    facts: { 'support.kind': kind, 'chat.onHome': !!homeChat },
    evidence: evidence.slice(0, 6),
    confidence: chat ? 0.9 : 0.8,
  };
}
