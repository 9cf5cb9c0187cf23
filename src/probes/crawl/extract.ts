// What the crawl takes from each HTML page: its links (with their text), title and visible text.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element, Text } from 'domhandler';
import { canonicalUrl } from './url.ts';

export interface FoundLink {
  /** Canonical absolute URL. */
  url: string;
  /** Element that carries it: a, area, iframe, img. */
  tag: string;
  text: string;
}

/** Links of a parsed page: anchors and areas (followed), iframes and images (only checked). */
export function extractLinks($: CheerioAPI, pageUrl: string): FoundLink[] {
  const baseHref = $('base[href]').attr('href');
  const base = baseHref ? (canonicalUrl(baseHref, pageUrl) ?? pageUrl) : pageUrl;
  const out: FoundLink[] = [];
  $('a[href], area[href], iframe[src], img[src]').each((_, el) => {
    const tag = el.tagName.toLowerCase();
    const raw = tag === 'a' || tag === 'area' ? $(el).attr('href') : $(el).attr('src');
    if (!raw) return;
    const url = canonicalUrl(raw, base);
    if (!url) return;
    const text = tag === 'img' ? ($(el).attr('alt') ?? '') : $(el).text().replace(/\s+/g, ' ').trim();
    out.push({ url, tag, text: text.slice(0, 200) });
  });
  return out;
}

/**
 * Where a page forwards the visitor without a link: <meta http-equiv="refresh" content="N; url=...">,
 * or, on a bare stub page, a literal location assignment in an inline script. Portals that moved often
 * leave only such a stub at the old address. A script that computes its target is not read.
 */
export function softRedirect($: CheerioAPI, pageUrl: string): string | null {
  let target: string | undefined;
  $('meta[http-equiv]').each((_, el) => {
    if (target || ($(el).attr('http-equiv') ?? '').toLowerCase() !== 'refresh') return;
    target = /url\s*=\s*['"]?([^'"\s;]+)/i.exec($(el).attr('content') ?? '')?.[1];
  });
  if (!target) {
    $('script:not([src])').each((_, el) => {
      const code = $(el).text();
      if (target || code.length > 2000) return;
      const m = /\blocation(?:\.href)?\s*=\s*(['"])([^'"]+)\1(?=\s*(?:[;}\n]|$))|\blocation\.(?:replace|assign)\(\s*(['"])([^'"]+)\3\s*\)/.exec(code);
      target = m?.[2] ?? m?.[4];
    });
    // Only on a stub: on a real page such code is usually behind a button or a login check.
    if (target && ($('a[href]').length > 2 || visibleText($).length > 200)) return null;
  }
  return target ? canonicalUrl(target, pageUrl) : null;
}

export function pageTitle($: CheerioAPI): string {
  return $('title').first().text().replace(/\s+/g, ' ').trim();
}

const SKIP_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head']);
const BLOCKS = new Set(['br', 'p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'td', 'th', 'dt', 'dd', 'section', 'article', 'header', 'footer', 'nav', 'summary', 'details', 'ul', 'ol', 'table', 'form', 'main', 'aside', 'label', 'option', 'button']);

/** Visible text of a subtree: scripts and styles skipped, block boundaries kept as line breaks. */
export function textOf(nodes: AnyNode[]): string {
  const parts: string[] = [];
  const walk = (n: AnyNode): void => {
    if (n.type === 'text') parts.push((n as Text).data);
    else if (n.type === 'tag' || n.type === 'root' || n.type === 'script' || n.type === 'style') {
      const name = (n as Element).name?.toLowerCase();
      if (name && SKIP_TEXT.has(name)) return;
      const block = name ? BLOCKS.has(name) : false;
      if (block) parts.push('\n');
      for (const c of (n as Element).children ?? []) walk(c);
      if (block) parts.push('\n');
    }
  };
  for (const n of nodes) walk(n);
  return parts
    .join('')
    .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .replace(/ ?\n[\n ]*/g, '\n')
    .trim();
}

export function visibleText($: CheerioAPI): string {
  const body = $('body');
  return textOf(body.length ? body.toArray() : $.root().toArray());
}

/** Raw HTML that holds almost no text but has scripts is probably built in the browser. */
export function looksScriptBuilt($: CheerioAPI): boolean {
  const scripts = $('script').length;
  const text = ($('body').text() || '').replace(/\s+/g, ' ').trim();
  const appRoot = $('#app, #root, #__next, [ng-app], [data-reactroot]').length > 0;
  return scripts > 0 && (text.length < 200 || (appRoot && $('a[href]').length < 3));
}
