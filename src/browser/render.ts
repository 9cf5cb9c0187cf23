// Rendering for the crawler: pages whose raw HTML is an empty shell filled by script are loaded in the
// shared Chromium and their DOM read back, so detectors see what a person sees.
import type { NetOptions } from '../net/options.ts';
import { navigate } from './navigate.ts';
import type { BrowserPool } from './pool.ts';
import type { BrowserSettings } from './settings.ts';

export function browserRenderer(pool: BrowserPool, net: NetOptions, settings: BrowserSettings) {
  return async (url: string): Promise<string> => {
    const target = new URL(url);
    const { value } = await pool.withPage(target, async (page) => {
      await navigate(page, target, net, settings);
      return page.content();
    });
    return value;
  };
}
