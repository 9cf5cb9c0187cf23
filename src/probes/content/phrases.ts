// Phrase lists (data files, Persian and English) and Persian-aware matching on word boundaries.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { normalizeForMatch } from '../../text/normalize.ts';

export type Topic = string;

interface Compiled {
  phrases: string[];
  re: RegExp;
}

const cache = new Map<Topic, Compiled>();
let lists: Record<string, string[]> | null = null;

function load(): Record<string, string[]> {
  if (lists) return lists;
  const merged: Record<string, string[]> = {};
  for (const lang of ['fa', 'en', 'ar']) {
    const file = new URL(`./phrases/${lang}.yaml`, import.meta.url);
    const data = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    for (const [topic, list] of Object.entries(data)) {
      if (!Array.isArray(list)) throw new Error(`phrases/${lang}.yaml: topic "${topic}" must be a list`);
      merged[topic] = [...(merged[topic] ?? []), ...list.map((p) => normalizeForMatch(String(p)))];
    }
  }
  lists = merged;
  return merged;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compiled(topic: Topic): Compiled {
  let c = cache.get(topic);
  if (c) return c;
  const phrases = load()[topic];
  if (!phrases) throw new Error(`no phrase list for topic "${topic}"`);
  // Longest first so "میز خدمت الکترونیکی" wins over "میز خدمت" in the evidence.
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length);
  // Spaces in a phrase also match the absence of a space (ZWNJ was dropped, or written joined).
  const alt = sorted.map((p) => escape(p).replace(/ /g, ' ?')).join('|');
  c = { phrases: sorted, re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt})(?![\\p{L}\\p{N}])`, 'u') };
  cache.set(topic, c);
  return c;
}

export function phrasesOf(topic: Topic): string[] {
  return compiled(topic).phrases;
}

/** The first phrase of `topic` found in already-normalised text, or null. */
export function matchNorm(norm: string, topic: Topic): string | null {
  const m = compiled(topic).re.exec(norm);
  return m ? m[0] : null;
}

/** Match raw text (normalised here). */
export function matchText(text: string, topic: Topic): string | null {
  return matchNorm(normalizeForMatch(text), topic);
}

/** True when the normalised text is essentially the phrase (a menu label, a heading), not a sentence. */
export function isLabel(norm: string, topic: Topic, maxExtraWords = 3): string | null {
  const m = matchNorm(norm, topic);
  if (!m) return null;
  const extra = norm.split(' ').length - m.split(' ').length;
  return extra <= maxExtraWords ? m : null;
}

/** A regular expression written in everyday Persian spelling, folded like normalised text (ئ→ی, آ→ا ...). */
export function nre(re: RegExp): RegExp {
  const src = re.source
    .replace(/[يىئ]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/[ةۀ]/g, 'ه')
    .replace(/[أإٱآ]/g, 'ا')
    .replace(/ؤ/g, 'و');
  return new RegExp(src, re.flags);
}

/** A link is labelled with the topic when its whole text, or its lead part, is a short label of it. */
export function isLinkLabel(
  link: { norm: string; lead: string },
  topic: Topic,
  maxExtraWords = 3,
): string | null {
  return (
    isLabel(link.norm, topic, maxExtraWords) ??
    (link.lead && link.lead !== link.norm ? isLabel(link.lead, topic, maxExtraWords) : null)
  );
}
