// Content (most ITO indicators): detectors over the agency's same-site crawl, plain HTTP first;
// pages built by script are rendered in the run's browser.
import { defineProbe, type SettingsInput } from '../definition.ts';
import { CONTENT_FACTS } from './facts.ts';

/** Crawl limits from the command line (--max-pages, --max-depth, --ignore-robots, --no-render, --parse-memory-mb). */
export function crawlSettingsFrom(input: SettingsInput) {
  const c = input.crawl;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  return {
    ...(num(c.maxPages) !== undefined ? { maxPages: num(c.maxPages) } : {}),
    ...(num(c.maxDepth) !== undefined ? { maxDepth: num(c.maxDepth) } : {}),
    ...(num(c.parseMemoryMb) !== undefined ? { parseMemoryMb: num(c.parseMemoryMb) } : {}),
    ignoreRobots: c.ignoreRobots === true,
    render: c.render !== false,
  };
}

export const definition = defineProbe({
  id: 'content',
  appliesTo: ['portal'],
  // A home page built by script is read from the target's rendered page.
  needs: ['crawl', 'render', 'page'],
  facts: CONTENT_FACTS,
  settings: crawlSettingsFrom,
  create: async (res, s) =>
    (await import('./probe.ts')).createContentProbe({
      ...s,
      crawls: res.crawls,
      render: s.render ? await res.renderer() : undefined,
    }),
  details: (m) => [
    {
      label: { fa: 'صفحه‌های خزش‌شده', en: 'pages crawled' },
      value: (m.values.facts?.['crawl.pages'] as number | undefined) ?? null,
    },
  ],
});
