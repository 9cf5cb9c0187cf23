// Accessibility (ITO indicator 12, ARO disability items): axe-core in the settled page, rules of the
// configured WCAG level, plus visible accessibility aids.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { BrowserPool } from '../../browser/pool.ts';
import {
  browserFailure,
  chromiumTag,
  defineBrowserProbe,
  packageVersion,
  type PageSource,
  targetSlug,
  truncate,
  writeEvidence,
} from '../../browser/probe-support.ts';
import { wcagTags, type BrowserSettings } from '../../browser/settings.ts';
import {
  nowIso,
  type Evidence,
  type Measurement,
  type Probe,
  type ProbeContext,
  type Target,
} from '../types.ts';
import {
  LIST_AID_CANDIDATES,
  LIST_SKIP_CANDIDATES,
  findAids,
  findSkipLink,
  type AccessibilityAid,
  type AidCandidate,
} from './aids.ts';
import { a11yLevel, basicAids, type A11yLevel, type BasicAids } from './verdict.ts';

export const AXE_VERSION = packageVersion('axe-core');
const MAX_NODES_PER_RULE = 10;
const MAX_HTML = 300;

let axeSource: string | null = null;
function axeScript(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeRuleResult {
  id: string;
  impact?: string | null;
  tags: string[];
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}
interface AxeResults {
  violations: AxeRuleResult[];
  incomplete: AxeRuleResult[];
  passes: AxeRuleResult[];
  inapplicable: AxeRuleResult[];
  testEngine: { name: string; version: string };
  url: string;
  timestamp: string;
}

export interface RuleFinding {
  id: string;
  impact: string | null;
  /** WCAG success criteria and level tags, e.g. wcag2a, wcag111. */
  wcag: string[];
  help: string;
  helpUrl: string;
  nodeCount: number;
  nodes: { selector: string; html: string }[];
}

export interface AxeValues extends Record<string, unknown> {
  wcagLevel: BrowserSettings['wcagLevel'];
  tags: string[];
  level: A11yLevel;
  violations: RuleFinding[];
  /** "Needs review": axe could not decide; kept apart, counted neither way. */
  incomplete: RuleFinding[];
  passedRules: number;
  inapplicableRules: number;
  aids: AccessibilityAid[];
  /** The basic aids behind a "partial" verdict (verdict.ts). */
  basics: BasicAids;
  file: string;
  finalUrl: string;
}

function finding(r: AxeRuleResult): RuleFinding {
  return {
    id: r.id,
    impact: r.impact ?? null,
    wcag: r.tags.filter((t) => /^wcag\d/.test(t)),
    help: r.help,
    helpUrl: r.helpUrl,
    nodeCount: r.nodes.length,
    nodes: r.nodes.slice(0, MAX_NODES_PER_RULE).map((n) => ({
      selector: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' >>> '),
      html: truncate(n.html, MAX_HTML),
    })),
  };
}

export const createAxeProbe = defineBrowserProbe('axe', ['portal', 'service'], runAxe);

export const axeProbe: Probe = createAxeProbe();

async function auditPage(
  page: Page,
  tags: string[],
): Promise<{ results: AxeResults; candidates: AidCandidate[]; skip: AidCandidate[] }> {
  // evaluate() goes through the DevTools protocol, so a strict Content-Security-Policy cannot block it.
  await page.evaluate(axeScript());
  // The level's rules minus axe's experimental ones, which selecting by tag alone would switch on.
  const results = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'rule', values: axe.getRules(${JSON.stringify(tags)}).filter((r) => !r.tags.includes('experimental')).map((r) => r.ruleId) }, resultTypes: ['violations', 'incomplete'] })`,
  )) as AxeResults;
  const candidates = (await page.evaluate(LIST_AID_CANDIDATES)) as AidCandidate[];
  const skip = (await page.evaluate(LIST_SKIP_CANDIDATES)) as AidCandidate[];
  return { results, candidates, skip };
}

async function runAxe(
  target: Target,
  ctx: ProbeContext,
  s: BrowserSettings,
  pool: BrowserPool,
  pages: PageSource,
): Promise<Measurement> {
  const startedAt = nowIso();
  const version = () => `axe-core/${AXE_VERSION} ${chromiumTag(pool)}`;
  const tags = wcagTags(s.wcagLevel);
  try {
    // The target's rendered page, loaded once for every probe that reads it.
    const { nav, results, candidates, skip } = await pages.use(target, ctx.net, async ({ page, nav }) => ({
      nav,
      ...(await auditPage(page, tags)),
    }));
    const violations = results.violations.map(finding);
    const incomplete = results.incomplete.map(finding);
    // A checklist that does not count the adjustment controls (countsAdjustTools: false) gets none.
    const aids = s.countsAdjustTools ? findAids(candidates) : [];
    const skipLink = findSkipLink(skip);
    const basics = basicAids(
      results.violations.map((r) => r.id),
      results.passes.map((r) => r.id),
      { skipLink: !!skipLink, adjustTools: aids.length > 0 },
    );
    const level = a11yLevel(violations.length, results.passes.length, s.a11y, basics);
    const file = await writeEvidence(
      ctx.runDir,
      'axe',
      `${targetSlug(target)}.json`,
      JSON.stringify({
        url: results.url,
        timestamp: results.timestamp,
        testEngine: results.testEngine,
        tags,
        violations: results.violations,
        incomplete: results.incomplete,
        passes: results.passes.map((p) => p.id),
      }),
    );
    const evidence: Evidence[] = [
      {
        kind: 'count',
        label: `violated WCAG ${s.wcagLevel} rules`,
        count: violations.length,
        url: nav.finalUrl,
      },
      { kind: 'file', label: 'axe-core results', path: file },
      ...violations.map((v): Evidence => ({
        kind: 'selector',
        label: `${v.id} (${v.impact ?? 'n/a'}; ${v.nodeCount} element(s))`,
        selector: v.nodes[0]?.selector,
        text: v.nodes[0]?.html,
        url: v.helpUrl,
      })),
      {
        kind: 'text',
        label: 'basic aids (lang, image alternatives, form labels, skip link, adjusting tools)',
        text: Object.entries(basics)
          .map(([k, v]) => `${k}: ${v ? 'yes' : 'no'}`)
          .join(', '),
      },
      ...(skipLink
        ? [
            {
              kind: 'selector' as const,
              label: 'skip link',
              selector: skipLink.selector,
              text: skipLink.text,
            },
          ]
        : []),
      ...aids.map((a): Evidence => ({
        kind: 'selector',
        label: `accessibility aid: ${a.kind}`,
        selector: a.selector,
        text: a.text,
      })),
    ];
    const values: AxeValues = {
      wcagLevel: s.wcagLevel,
      tags,
      level,
      violations,
      incomplete,
      passedRules: results.passes.length,
      inapplicableRules: results.inapplicable.length,
      aids,
      basics,
      file,
      finalUrl: nav.finalUrl,
    };
    return {
      probe: 'axe',
      url: target.url,
      values: {
        ...values,
        facts: {
          'a11y.level': level,
          'a11y.violations': violations.length,
          'a11y.adjustTools': aids.length > 0,
        },
      },
      evidence,
      toolVersion: version(),
      startedAt,
      finishedAt: nowIso(),
    };
  } catch (e) {
    return browserFailure('axe', target.url, version(), startedAt, e, ctx.log);
  }
}
