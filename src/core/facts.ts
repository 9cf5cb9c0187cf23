// The fact catalogue's shape: every fact a probe hands the scorer, with its type, the targets it is
// measured on and short Persian and English labels for report sentences. docs/facts.md is generated
// from the catalogue (npm run docs:facts) and a test keeps the two equal.
import type { TargetKind } from './target.ts';

export interface Bilingual {
  fa: string;
  en: string;
}

export interface FactSpec {
  /** Dotted name, e.g. "speed.score". */
  name: string;
  type: 'boolean' | 'number' | 'string';
  /** Numbers: the range ("0-100"); strings: the words it takes. */
  range?: string;
  /** Targets the fact is measured on: portal (home page or the whole crawl), service page, host. */
  level: TargetKind[];
  /** Short label for report sentences. */
  label: Bilingual;
  /** What the value means, in English, for docs/facts.md. */
  meaning: string;
}

/** A probe's details for a report, in a shape every renderer understands (no probe-private values). */
export interface DetailLine {
  label: Bilingual;
  value: string | number | boolean | null;
  url?: string;
}

/**
 * Spoken words for the string values facts take (the words in a fact's range and in the checklists'
 * `eq`/`in` conditions), so a sentence says «جزئی», not "partial". Grades and other words without an
 * entry are shown as they are.
 */
export const FACT_VALUE_LABELS: Readonly<Record<string, Bilingual>> = {
  none: { fa: 'هیچ', en: 'none' },
  partial: { fa: 'جزئی', en: 'partial' },
  full: { fa: 'کامل', en: 'full' },
  complete: { fa: 'کامل', en: 'complete' },
  services: { fa: 'معرفی خدمات', en: 'services described' },
  general: { fa: 'معرفی کلی', en: 'general introduction' },
  published: { fa: 'منتشرشده', en: 'published' },
  multimedia: { fa: 'چندرسانه‌ای', en: 'multimedia' },
  html: { fa: 'متن HTML', en: 'HTML text' },
  'live-chat': { fa: 'گفت‌وگوی برخط', en: 'live chat' },
  contact: { fa: 'فقط اطلاعات تماس', en: 'contact details only' },
  national: { fa: 'کارپوشه‌ی ملی یا کد رهگیری متمرکز', en: 'national inbox or central tracking code' },
  local: { fa: 'کد رهگیری غیرمتمرکز', en: 'decentralised tracking code' },
  immediate: { fa: 'بلافاصله پس از خدمت', en: 'right after the service' },
  periodic: { fa: 'ادواری', en: 'periodic' },
  'request-production-delivery': { fa: 'درخواست، تولید و تحویل', en: 'request, production and delivery' },
  'request-production': { fa: 'درخواست و تولید', en: 'request and production' },
  request: { fa: 'فقط درخواست', en: 'request only' },
  procedure: { fa: 'روال', en: 'procedure' },
  'below-B': { fa: 'پایین‌تر از B', en: 'below B' },
};

export function factValueLabel(v: string): Bilingual | undefined {
  return FACT_VALUE_LABELS[v];
}
