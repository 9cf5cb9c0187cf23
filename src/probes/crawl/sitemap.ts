// sitemap.xml (urlset or sitemapindex, sitemaps.org protocol 0.9), read as a stream: entries are handed
// out as they are parsed and nothing but the current <loc> is held, so a sitemap of any size takes
// bounded memory. The reader stops at its entry cap or when its consumer has enough.
import { Parser } from 'htmlparser2';

export interface SitemapContent {
  pages: string[];
  /** Child sitemaps of a sitemap index. */
  sitemaps: string[];
}

/** The protocol's own limit of entries per sitemap file. */
export const MAX_SITEMAP_ENTRIES = 50_000;

export interface SitemapReaderOptions {
  /** A page URL of a urlset; return false to stop reading. */
  onPage(url: string): boolean | void;
  /** A child sitemap of a sitemap index; return false to stop reading. */
  onSitemap(url: string): boolean | void;
  /** Entries read before the reader stops (default MAX_SITEMAP_ENTRIES). */
  maxEntries?: number;
}

/** Longest <loc> kept; a longer one is not a URL anyone publishes. */
const MAX_LOC_CHARS = 4096;

export class SitemapReader {
  /** Entries read (pages and child sitemaps). */
  entries = 0;
  /** True once the reader stopped before the end (cap reached or the consumer had enough). */
  stopped = false;
  /** True when the entry cap stopped it. */
  capped = false;
  private readonly parser: Parser;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly stack: string[] = [];
  private loc: string | null = null;

  constructor(private readonly opts: SitemapReaderOptions) {
    const max = opts.maxEntries ?? MAX_SITEMAP_ENTRIES;
    this.parser = new Parser(
      {
        onopentag: (name) => {
          const tag = localName(name);
          this.stack.push(tag);
          if (tag === 'loc') this.loc = '';
        },
        ontext: (text) => {
          if (this.loc !== null && this.loc.length < MAX_LOC_CHARS) this.loc += text;
        },
        onclosetag: (name) => {
          const tag = localName(name);
          // Tolerate unbalanced markup: pop back to the tag being closed.
          const at = this.stack.lastIndexOf(tag);
          const path = this.stack.slice(-3).join('>');
          if (at >= 0) this.stack.length = at;
          if (tag !== 'loc' || this.loc === null) return;
          const url = decodeEntities(this.loc.trim());
          this.loc = null;
          if (!url || this.stopped) return;
          let more: boolean | void;
          if (path === 'urlset>url>loc') more = this.opts.onPage(url);
          else if (path === 'sitemapindex>sitemap>loc') more = this.opts.onSitemap(url);
          else return;
          this.entries++;
          if (this.entries >= max) {
            this.capped = true;
            this.stopped = true;
          } else if (more === false) this.stopped = true;
        },
      },
      { xmlMode: true, decodeEntities: false },
    );
  }

  /** Feed bytes; returns false once the reader wants no more. */
  write(chunk: Uint8Array): boolean {
    if (this.stopped) return false;
    this.parser.write(this.decoder.decode(chunk, { stream: true }));
    return !this.stopped;
  }

  end(): void {
    if (!this.stopped) this.parser.write(this.decoder.decode());
    this.parser.end();
  }
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return (i >= 0 ? name.slice(i + 1) : name).toLowerCase();
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A whole sitemap held in memory (small ones, tests). */
export function parseSitemap(xml: string): SitemapContent {
  const pages: string[] = [];
  const sitemaps: string[] = [];
  const r = new SitemapReader({ onPage: (u) => void pages.push(u), onSitemap: (u) => void sitemaps.push(u) });
  r.write(Buffer.from(xml, 'utf8'));
  r.end();
  return { pages, sitemaps };
}
