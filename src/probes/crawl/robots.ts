// robots.txt: the group for our product token (or "*"), longest-match Allow/Disallow with * and $
// wildcards, Crawl-delay, and the Sitemap lines.

export interface RobotsRules {
  /** True when robots.txt could not be read or had no group for us: everything allowed. */
  empty: boolean;
  rules: { allow: boolean; pattern: string; re: RegExp }[];
  /** Seconds between requests asked by the site, or null. */
  crawlDelay: number | null;
  sitemaps: string[];
}

export const ALLOW_ALL: RobotsRules = { empty: true, rules: [], crawlDelay: null, sitemaps: [] };

/**
 * RFC 9309 section 2.3.1.4: a robots.txt that is unreachable because of a server error (5xx) means
 * complete disallow. (4xx means no rules: allow all.)
 */
export const DISALLOW_ALL: RobotsRules = {
  empty: false,
  rules: [{ allow: false, pattern: '/', re: /^\// }],
  crawlDelay: null,
  sitemaps: [],
};

function patternToRegExp(p: string): RegExp {
  const anchored = p.endsWith('$');
  const body = (anchored ? p.slice(0, -1) : p)
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}

/** Parse robots.txt for the given product token (e.g. "payesh"). */
export function parseRobots(text: string, token: string): RobotsRules {
  const groups: { agents: string[]; lines: [string, string][] }[] = [];
  const sitemaps: string[] = [];
  let current: { agents: string[]; lines: [string, string][] } | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2].trim();
    if (key === 'sitemap') {
      if (value) sitemaps.push(value);
      continue;
    }
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], lines: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (current) current.lines.push([key, value]);
  }
  const t = token.toLowerCase();
  const mine = groups.filter((g) => g.agents.some((a) => a !== '*' && t.includes(a)));
  const chosen = mine.length ? mine : groups.filter((g) => g.agents.includes('*'));
  if (!chosen.length) return { ...ALLOW_ALL, sitemaps };
  const rules: RobotsRules['rules'] = [];
  let crawlDelay: number | null = null;
  for (const g of chosen)
    for (const [k, v] of g.lines) {
      if ((k === 'allow' || k === 'disallow') && v)
        rules.push({ allow: k === 'allow', pattern: v, re: patternToRegExp(v) });
      if (k === 'crawl-delay') {
        const n = Number(v);
        if (Number.isFinite(n) && n >= 0) crawlDelay = n;
      }
    }
  return { empty: false, rules, crawlDelay, sitemaps };
}

/** Longest matching rule wins; Allow wins a tie. Paths compared with their query string. */
export function isAllowed(rules: RobotsRules, url: string): boolean {
  if (rules.empty || !rules.rules.length) return true;
  const u = new URL(url);
  const path = u.pathname + u.search;
  let best: { allow: boolean; len: number } | null = null;
  for (const r of rules.rules) {
    if (!r.re.test(path) && !r.re.test(safeDecode(path))) continue;
    const len = r.pattern.length;
    if (!best || len > best.len || (len === best.len && r.allow)) best = { allow: r.allow, len };
  }
  return best ? best.allow : true;
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}
