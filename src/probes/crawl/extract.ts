// What the crawl takes from each HTML page: its links (with their text), title and visible text.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element, Text } from 'domhandler';
import { Parser } from 'htmlparser2';
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
      const m =
        /\blocation(?:\.href)?\s*=\s*(['"])([^'"]+)\1(?=\s*(?:[;}\n]|$))|\blocation\.(?:replace|assign)\(\s*(['"])([^'"]+)\3\s*\)/.exec(
          code,
        );
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
const BLOCKS = new Set([
  'br',
  'p',
  'div',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'td',
  'th',
  'dt',
  'dd',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'summary',
  'details',
  'ul',
  'ol',
  'table',
  'form',
  'main',
  'aside',
  'label',
  'option',
  'button',
]);

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

export interface ScannedPage {
  title: string;
  links: FoundLink[];
  /** Script elements and visible body text length: to tell pages built by script. */
  scripts: number;
  textLength: number;
  appRoot: boolean;
  anchors: number;
}

const LINK_TAGS = new Set(['a', 'area', 'iframe', 'img']);
const NO_TEXT = new Set(['script', 'style', 'noscript', 'template']);

/**
 * One streaming pass over the HTML (no DOM): links with their text, title, and the signs of a page built
 * by script. The crawl uses this for every page; only pages kept for the detectors get a full DOM.
 */
export function scanHtml(html: string, pageUrl: string): ScannedPage {
  const out: ScannedPage = { title: '', links: [], scripts: 0, textLength: 0, appRoot: false, anchors: 0 };
  let base = pageUrl;
  const open: { tag: string; raw: string; text: string }[] = [];
  let inTitle = false;
  let skipDepth = 0;
  let inBody = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && attrs.href) base = canonicalUrl(attrs.href, pageUrl) ?? base;
        if (name === 'title') inTitle = true;
        if (name === 'body') inBody = true;
        if (name === 'script') out.scripts++;
        if (NO_TEXT.has(name)) skipDepth++;
        if (
          !out.appRoot &&
          (attrs.id === 'app' ||
            attrs.id === 'root' ||
            attrs.id === '__next' ||
            'ng-app' in attrs ||
            'data-reactroot' in attrs)
        )
          out.appRoot = true;
        if (!LINK_TAGS.has(name)) return;
        const raw = name === 'a' || name === 'area' ? attrs.href : attrs.src;
        if (name === 'a' && attrs.href) out.anchors++;
        if (!raw) return;
        if (name === 'img' || name === 'iframe') {
          const url = canonicalUrl(raw, base);
          if (url) out.links.push({ url, tag: name, text: (attrs.alt ?? attrs.title ?? '').slice(0, 200) });
          return;
        }
        open.push({ tag: name, raw, text: attrs.title ?? attrs['aria-label'] ?? '' });
      },
      ontext(text) {
        if (inTitle) out.title += text;
        if (skipDepth) return;
        if (inBody) out.textLength += text.trim().length;
        const cur = open[open.length - 1];
        if (cur && cur.text.length < 200) cur.text += text;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (NO_TEXT.has(name) && skipDepth) skipDepth--;
        if (name !== 'a' && name !== 'area') return;
        const cur = open.pop();
        if (!cur) return;
        const url = canonicalUrl(cur.raw, base);
        if (url)
          out.links.push({ url, tag: cur.tag, text: cur.text.replace(/\s+/g, ' ').trim().slice(0, 200) });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  out.title = out.title.replace(/\s+/g, ' ').trim();
  return out;
}

export function scannedLooksScriptBuilt(s: ScannedPage): boolean {
  return s.scripts > 0 && (s.textLength < 200 || (s.appRoot && s.anchors < 3));
}
