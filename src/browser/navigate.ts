// Loading a page the same way for every browser measurement: load event, redirect policy, HTTP
// status, then a short settle so late scripts and web fonts have run.
import type { Page } from 'playwright-core';
import { REFUSED_HEADER } from '../net/gate.ts';
import type { NetOptions } from '../net/options.ts';
import { BrowserError, classifyBrowserError } from './errors.ts';
import { checkRedirectChain } from './guard.ts';
import type { BrowserSettings } from './settings.ts';

export interface Navigation {
  finalUrl: string;
  status: number;
  /** URLs before the final one, oldest first. */
  redirects: string[];
}

export async function navigate(
  page: Page,
  url: URL,
  net: NetOptions,
  settings: BrowserSettings,
): Promise<Navigation> {
  // Leave the watchdog room: a slow site is a 'timeout' of the page, not a hung browser.
  const timeout = Math.min(net.totalTimeoutMs, Math.floor(settings.pageTimeoutMs * 0.6));
  let response;
  try {
    response = await page.goto(url.href, { waitUntil: 'load', timeout });
  } catch (e) {
    throw classifyBrowserError(e);
  }
  if (!response) throw new BrowserError('navigation', `${url.href}: no response`);
  const redirects: string[] = [];
  for (let r = response.request().redirectedFrom(); r; r = r.redirectedFrom()) redirects.unshift(r.url());
  const refused = response.headers()[REFUSED_HEADER];
  if (refused) {
    const why = await response.text().catch(() => '');
    throw new BrowserError(
      refused === 'dns' ? 'dns' : 'blocked-private',
      why || `${response.url()}: refused by the request gate`,
    );
  }
  await checkRedirectChain([...redirects, response.url()], net);
  const status = response.status();
  if (status >= 400) throw new BrowserError('http', `${response.url()}: HTTP ${status}`);
  await settle(page, settings.settleMs);
  await assertDomSize(page, settings.maxDomNodes);
  return { finalUrl: page.url(), status, redirects };
}

/** Refuse pages too big to measure in the page: axe on 100,000 elements would only meet the watchdog. */
async function assertDomSize(page: Page, max: number): Promise<void> {
  let count: number;
  try {
    count = await page.evaluate(() => document.getElementsByTagName('*').length);
  } catch (e) {
    throw classifyBrowserError(e);
  }
  if (count > max)
    throw new BrowserError(
      'dom-too-large',
      `${page.url()}: ${count} elements, more than the limit of ${max} (maxDomNodes)`,
    );
}

/** Wait for the network to go quiet (bounded), then a fixed pause. */
export async function settle(page: Page, ms: number): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: Math.max(ms * 4, 2000) }).catch(() => undefined);
  if (ms > 0) await page.waitForTimeout(ms);
}
