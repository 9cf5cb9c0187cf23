// Phrase lists (data files, Persian and English) and Persian-aware matching on word boundaries.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { normalizeForMatch } from '../../text/normalize.ts';

export type Topic = string;

interface Compiled {
  phrases: string[];
  re: RegExp;
  /** The same phrases without word boundaries (field labels found inside longer words). */
  anywhere: RegExp;
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

function alternation(phrases: string[]): string {
  return phrases.map((p) => escape(p).replace(/ /g, ' ?')).join('|');
}

/** Is there a phrase list for this topic? (Declared detectors are checked against the lists.) */
export function hasTopic(topic: Topic): boolean {
  return topic in load();
}

function compiled(topic: Topic): Compiled {
  let c = cache.get(topic);
  if (c) return c;
  const phrases = load()[topic];
  if (!phrases) throw new Error(`no phrase list for topic "${topic}"`);
  // Longest first so "میز خدمت الکترونیکی" wins over "میز خدمت" in the evidence.
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length);
  // Spaces in a phrase also match the absence of a space (ZWNJ was dropped, or written joined).
  const alt = alternation(sorted);
  c = {
    phrases: sorted,
    re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt})(?![\\p{L}\\p{N}])`, 'u'),
    anywhere: new RegExp(alt, 'u'),
  };
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

/** The first phrase of `topic` in already-normalised text, with where it starts, or null. */
export function matchAt(norm: string, topic: Topic): { phrase: string; index: number } | null {
  const m = compiled(topic).re.exec(norm);
  return m ? { phrase: m[0], index: m.index } : null;
}

/** The first phrase of `topic` found anywhere in normalised text, word boundaries or not. */
export function matchAnywhere(norm: string, topic: Topic): string | null {
  const m = compiled(topic).anywhere.exec(norm);
  return m ? m[0] : null;
}

/** The phrases of a topic as a regular-expression alternation (to build number-and-word shapes). */
export function phraseSource(topic: Topic): string {
  return alternation(compiled(topic).phrases);
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

// Words in URLs (phrases/urls.yaml): matched on the raw decoded path, not normalised text.
let urlLists: Record<string, RegExp> | null = null;
const urlWordLists: Record<string, string[]> = {};

/** The URL words of a topic as written (language codes build their own path and host shapes). */
export function urlWords(topic: Topic): string[] {
  loadUrls();
  const w = urlWordLists[topic];
  if (!w) throw new Error(`phrases/urls.yaml: no list for topic "${topic}"`);
  return w;
}

function loadUrls(): Record<string, RegExp> {
  if (urlLists) return urlLists;
  const data = parse(readFileSync(new URL('./phrases/urls.yaml', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
  const out: Record<string, RegExp> = {};
  for (const [topic, entry] of Object.entries(data)) {
    // A list: words in the path. A mapping {path, host}: also the host's first label (poll.example.ir).
    const spec = Array.isArray(entry) ? { path: entry } : (entry as { path?: unknown; host?: unknown });
    if (!Array.isArray(spec.path) || (spec.host !== undefined && !Array.isArray(spec.host)))
      throw new Error(`phrases/urls.yaml: topic "${topic}" must be a list, or {path: [...], host: [...]}`);
    const words = spec.path.map(String);
    const host = ((spec.host as unknown[] | undefined) ?? []).map(String);
    urlWordLists[topic] = words;
    const latin = words.filter((w) => /^[\x20-\x7e]+$/.test(w)).map(escape);
    const other = words.filter((w) => !/^[\x20-\x7e]+$/.test(w)).map(escape);
    const parts = [
      ...(latin.length ? [`\\/(?:${latin.join('|')})(?![A-Za-z0-9_])`] : []),
      ...(host.length ? [`^(?:${host.map(escape).join('|')})(?![A-Za-z0-9_])`] : []),
      ...(other.length ? [other.join('|')] : []),
    ];
    out[topic] = new RegExp(parts.join('|'), 'i');
  }
  urlLists = out;
  return out;
}

/** The URL words of a topic as one pattern (tested on a decoded path, or on "host-label path"). */
export function urlPattern(topic: Topic): RegExp {
  const re = loadUrls()[topic];
  if (!re) throw new Error(`phrases/urls.yaml: no list for topic "${topic}"`);
  return re;
}

export function hasUrlTopic(topic: Topic): boolean {
  return topic in loadUrls();
}

// Hosts that are evidence by themselves (hosts.yaml): a list, or named groups of lists.
let hostGroups: Record<string, Record<string, string[]>> | null = null;

function loadHosts(): Record<string, Record<string, string[]>> {
  if (hostGroups) return hostGroups;
  const data = parse(readFileSync(new URL('./hosts.yaml', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
  const out: Record<string, Record<string, string[]>> = {};
  for (const [key, v] of Object.entries(data)) {
    if (Array.isArray(v)) out[key] = { [key]: v.map(String) };
    else if (v && typeof v === 'object')
      out[key] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([name, list]) => {
          if (!Array.isArray(list)) throw new Error(`hosts.yaml: ${key}.${name} must be a list of hosts`);
          return [name, list.map(String)];
        }),
      );
    else throw new Error(`hosts.yaml: "${key}" must be a list of hosts or named lists`);
  }
  hostGroups = out;
  return out;
}

export function hasHostGroup(key: string): boolean {
  return key in loadHosts();
}

/** The name of the entry of host group `key` that `host` belongs to (itself or a sub-domain), or null. */
export function hostIn(key: string, host: string): string | null {
  const group = loadHosts()[key];
  if (!group) throw new Error(`hosts.yaml: no host list "${key}"`);
  const h = host.toLowerCase();
  for (const [name, list] of Object.entries(group))
    if (list.some((d) => h === d || h.endsWith(`.${d}`))) return name;
  return null;
}
