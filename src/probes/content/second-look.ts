// When the content probe reads a home page a second time, rendered in a browser (plain HTTP first,
// issue 14). One place for the rule, so `npm run corpus` measures the reading an audit reports.
import type { ContentAnalysis } from './analyse.ts';
import { DETECTORS } from './detectors/index.ts';

/** Detectors that found nothing (their verdict is one of their negatives). */
export function unresolved(a: ContentAnalysis): string[] {
  return DETECTORS.filter((d) => d.negative.includes(a.detectors[d.id]?.verdict ?? '')).map((d) => d.id);
}

/**
 * Raw HTML that is mostly script: more script source (inline, plus 500 characters per external
 * script) than visible text, or scripts and under 300 characters of text. Read with string scans, not
 * a DOM, so the main thread parses no page (the crawl already renders empty shells).
 */
export function mostlyScript(html: string): boolean {
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)];
  if (scripts.length === 0) return false;
  const code = scripts.reduce((n, m) => n + m[2].length + (/\ssrc\s*=/i.test(m[1]) ? 500 : 0), 0);
  const body = /<body\b[^>]*>([\s\S]*)$/i.exec(html)?.[1] ?? html;
  const text = body
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[#\w]+;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim().length;
  return code > text || text < 300;
}

/** The raw reading asks for a rendered one: some detector found nothing and the page is mostly script. */
export function wantsSecondLook(rawHtml: string, raw: ContentAnalysis): boolean {
  return unresolved(raw).length > 0 && mostlyScript(rawHtml);
}

/** How many more detectors the rendered reading resolves; it is kept only when this is above 0. */
export function gainedBySecondLook(raw: ContentAnalysis, rendered: ContentAnalysis): number {
  return unresolved(raw).length - unresolved(rendered).length;
}
