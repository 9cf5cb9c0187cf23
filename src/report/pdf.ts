// PDF: the HTML reports printed by Chromium (the browser payesh already drives), with print styles from
// layout.ts: A4, tables that break between rows with their headers repeated, page numbers and the
// Jalali date in the footer, right to left for Persian. Pages are printed offline (file:// URLs; the
// pages' Content-Security-Policy allows no network fetches).
import { pathToFileURL } from 'node:url';
import { baseChromiumArgs } from '../browser/launch-args.ts';
import { DEFAULT_BROWSER_SETTINGS } from '../browser/settings.ts';
import { formatJalali } from '../text/jalali.ts';
import type { Formatter } from './format.ts';

export interface PrintJob {
  html: string;
  pdf: string;
}

function footer(f: Formatter): string {
  const when =
    f.lang === 'fa'
      ? formatJalali(new Date(f.generatedAt), { persian: true })
      : new Date(f.generatedAt).toISOString().slice(0, 10);
  // Chromium fills .pageNumber and .totalPages; the template is isolated from the page's styles.
  return `<div style="width:100%;font-size:8px;color:#5c6670;padding:0 10mm;display:flex;justify-content:space-between;direction:${f.dir};font-family:Vazirmatn,'Noto Sans Arabic','DejaVu Sans',sans-serif">
<span>payesh · ${when}</span><span dir="ltr"><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}

/** Prints each HTML file to its PDF with one Chromium. */
export async function printPdfs(jobs: PrintJob[], f: Formatter): Promise<string[]> {
  if (jobs.length === 0) return [];
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: DEFAULT_BROWSER_SETTINGS.chromePath,
    args: baseChromiumArgs(),
  });
  const written: string[] = [];
  try {
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    await page.emulateMedia({ media: 'print' });
    for (const job of jobs) {
      await page.goto(pathToFileURL(job.html).href, { waitUntil: 'load' });
      await page.pdf({
        path: job.pdf,
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: footer(f),
        margin: { top: '12mm', bottom: '16mm', left: '10mm', right: '10mm' },
      });
      written.push(job.pdf);
    }
    await context.close();
  } finally {
    await browser.close();
  }
  return written;
}
