// sitemap.xml (urlset or sitemapindex), read with cheerio in XML mode.
import * as cheerio from 'cheerio';

export interface SitemapContent {
  pages: string[];
  /** Child sitemaps of a sitemap index. */
  sitemaps: string[];
}

export function parseSitemap(xml: string): SitemapContent {
  const $ = cheerio.load(xml, { xml: true });
  const pages: string[] = [];
  const sitemaps: string[] = [];
  $('urlset > url > loc').each((_, el) => {
    const v = $(el).text().trim();
    if (v) pages.push(v);
  });
  $('sitemapindex > sitemap > loc').each((_, el) => {
    const v = $(el).text().trim();
    if (v) sitemaps.push(v);
  });
  return { pages, sitemaps };
}
