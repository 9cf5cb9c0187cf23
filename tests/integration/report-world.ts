// A small scored world for the report tests: hand-made agencies, targets and measurements (with
// Lighthouse (with its own HTML report), axe, TLS and uptime values, screenshots and evidence files) in a real SQLite store,
// scored by the real scorer. Optional hostile content to prove the reports escape crawled text.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { ReportGenerator } from 'lighthouse/report/generator/report-generator.js';
import type { Agency } from '../../src/agencies/model.ts';
import type { Evidence, Measurement } from '../../src/probes/types.ts';
import { scoreRun } from '../../src/score/score-run.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';

export const HOSTILE = {
  name: 'سازمان <script>window.__pwned="title"</script><img src=x onerror="window.__pwned=\'name\'">',
  text: '<img src=x onerror="window.__pwned=\'text\'"> پرسش‌های متداول <b onmouseover="window.__pwned=1">',
  jsUrl: 'javascript:window.__pwned="link"',
  dataUrl: 'data:text/html,<script>parent.__pwned="data"</script>',
  selector: '"><svg onload="window.__pwned=\'selector\'">',
  label: '</code></li><script>window.__pwned="label"</script>',
};

/** A tiny valid PNG (solid colour), so <img> evidence really loads. */
export function png(w: number, h: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set(rgb, y * (w * 3 + 1) + 1 + x * 3);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Profile {
  agency: Agency;
  /** 0..1: how good the agency's site is. */
  q: number;
  hostile?: boolean;
}

const T0 = Date.parse('2024-05-01T00:00:00.000Z');
const iso = (t: number) => new Date(t).toISOString();

export const WORLD_AGENCIES: Agency[] = [
  {
    id: 'nikan',
    nameFa: 'سازمان نیکان',
    nameEn: 'Nikan Organisation',
    portalUrl: 'https://www.nikan.test/',
    services: [
      { id: '1000000001', title: 'صدور پروانه', url: 'https://www.nikan.test/s/1', type: 'G2C' },
      { id: '1000000002', title: 'استعلام وضعیت', url: 'https://www.nikan.test/s/2', type: 'G2B' },
    ],
  },
  {
    id: 'sepehr',
    nameFa: 'وزارت سپهر',
    nameEn: 'Ministry of Sepehr',
    portalUrl: 'https://sepehr.test/',
    services: [{ id: '2000000001', title: 'ثبت درخواست', url: 'https://sepehr.test/s/1', type: 'G2C' }],
  },
  {
    id: 'arya',
    nameFa: 'شرکت آریا',
    nameEn: 'Arya Company',
    portalUrl: 'https://arya.test/',
    services: [{ id: '3000000001', title: 'پرداخت قبض', url: 'https://arya.test/pay', type: 'G2C' }],
  },
  { id: 'kavir', nameFa: 'سازمان کویر', portalUrl: 'https://kavir.test/', services: [] },
];

/** A small result in Lighthouse's shape, enough for its report generator to write its HTML report. */
export function smallLhr(url: string, score: number): Record<string, unknown> {
  return {
    lighthouseVersion: '12.8.0',
    requestedUrl: url,
    mainDocumentUrl: url,
    finalDisplayedUrl: url,
    fetchTime: '2024-05-01T08:00:00.000Z',
    gatherMode: 'navigation',
    runWarnings: [],
    userAgent: 'payesh',
    environment: { networkUserAgent: 'payesh', hostUserAgent: 'payesh', benchmarkIndex: 1000, credits: {} },
    audits: {
      'first-contentful-paint': {
        id: 'first-contentful-paint',
        title: 'First Contentful Paint',
        description: '',
        score: 0.9,
        scoreDisplayMode: 'numeric',
        numericValue: 900,
        numericUnit: 'millisecond',
        displayValue: '0.9 s',
      },
    },
    configSettings: { formFactor: 'mobile', locale: 'en-US', onlyCategories: ['performance'] },
    categories: {
      performance: {
        id: 'performance',
        title: 'Performance',
        score: score / 100,
        auditRefs: [{ id: 'first-contentful-paint', weight: 10, group: 'metrics', acronym: 'FCP' }],
      },
    },
    categoryGroups: { metrics: { title: 'Metrics' } },
    timing: { total: 1000 },
    i18n: { rendererFormattedStrings: {} },
  };
}

export const PROFILE_Q: Record<string, number> = { nikan: 0.95, sepehr: 0.6, arya: 0.2, kavir: 0.4 };

function contentFacts(q: number): Record<string, number | string | boolean> {
  const pick = <T>(hi: T, mid: T, lo: T) => (q > 0.8 ? hi : q > 0.5 ? mid : lo);
  return {
    'secondLanguage.level': pick('services', 'general', 'none'),
    'managers.kind': pick('complete', 'partial', 'none'),
    'faq.count': Math.round(q * 40),
    'faq.perServiceMin': Math.round(q * 6),
    'support.kind': pick('live-chat', 'contact', 'none'),
    'stats.kind': pick('request-production-delivery', 'request', 'none'),
    'strategy.kind': pick('published', 'partial', 'none'),
    'consultation.kind': pick('published', 'procedure', 'none'),
    'decision.published': q > 0.5,
    'serviceDesk.found': q > 0.3,
    'serviceDesk.allServicesLinked': q > 0.8,
    'usability.search': q > 0.3,
    'usability.personalisation': q > 0.5,
    'usability.visitorStats': q > 0.7,
    'usability.map': q > 0.8,
    'usability.showsIp': q > 0.9,
  };
}

function serviceFacts(q: number): Record<string, string> {
  const pick = <T>(hi: T, mid: T, lo: T) => (q > 0.8 ? hi : q > 0.5 ? mid : lo);
  return {
    'guide.kind': pick('multimedia', 'html', 'none'),
    'tracking.kind': pick('national', 'local', 'none'),
    'feedback.kind': pick('immediate', 'periodic', 'none'),
  };
}

export interface World {
  db: string;
  runDir: string;
  runId: string;
}

/** Builds and scores one run. `extra` agencies (e.g. a hostile one) are added with their quality. */
export async function buildWorld(
  dir: string,
  o: { runId?: string; hostile?: boolean; qualityShift?: number; periodId?: string } = {},
): Promise<World> {
  const runId = o.runId ?? 'run-report';
  const db = join(dir, 'payesh.db');
  const runDir = join(dir, 'out', 'runs', runId);
  mkdirSync(join(runDir, 'evidence', 'responsive'), { recursive: true });
  mkdirSync(join(runDir, 'evidence', 'axe'), { recursive: true });
  mkdirSync(join(runDir, 'evidence', 'lighthouse'), { recursive: true });
  const store = new SqliteStore(db);
  try {
    const periodId = o.periodId ?? 'p8';
    await store.ensurePeriod({ id: periodId, name: periodId });
    await store.createRun({ id: runId, periodId, agenciesFile: 'agencies.csv', checklistId: 'ito-p7' });
    const profiles: Profile[] = WORLD_AGENCIES.map((agency) => ({
      agency,
      q: Math.max(
        0,
        Math.min(1, PROFILE_Q[agency.id] + (o.qualityShift?.valueOf() ?? 0) * (agency.id === 'arya' ? 3 : 1)),
      ),
    }));
    if (o.hostile)
      profiles.push({
        agency: {
          id: 'evil"><script>window.__pwned=9</script>',
          nameFa: HOSTILE.name,
          nameEn: HOSTILE.name,
          portalUrl: 'https://evil.test/',
          services: [{ id: '9000000001', title: HOSTILE.text, url: 'https://evil.test/s', type: 'G2C' }],
        },
        q: 0.7,
        hostile: true,
      });
    await store.saveAgencies(
      runId,
      profiles.map((p) => p.agency),
    );
    for (const p of profiles) await storeAgency(store, runId, runDir, p);
    // Evaluator input: a declaration for every agency, one with an evidence URL.
    for (const p of profiles) {
      await store.saveEvaluatorInput({
        periodId,
        checklistId: 'ito-p7',
        agencyId: p.agency.id,
        serviceId: null,
        indicatorId: '6',
        value: p.q > 0.5 ? 1 : 0,
        notApplicable: false,
        reason: null,
        note: p.hostile ? HOSTILE.text : 'امضای الکترونیکی در حال بهره‌برداری',
        evidenceUrl: p.hostile ? HOSTILE.jsUrl : `${p.agency.portalUrl}sign`,
        author: 'evaluator1',
        createdAt: '2024-05-02T10:00:00.000Z',
      });
    }
    await scoreRun(store, runId, { checklistId: 'ito-p7' });
  } finally {
    await store.close();
  }
  return { db, runDir, runId };
}

async function storeAgency(store: SqliteStore, runId: string, runDir: string, p: Profile): Promise<void> {
  const a = p.agency;
  const host = new URL(a.portalUrl).host;
  const targets = await store.addTargets(runId, [
    { agencyId: a.id, kind: 'portal', url: a.portalUrl, host },
    ...a.services.map((s) => ({
      agencyId: a.id,
      serviceId: s.id,
      kind: 'service' as const,
      url: s.url,
      host: new URL(s.url).host,
    })),
    { agencyId: a.id, kind: 'host', url: a.portalUrl, host: `${host}:443` },
  ]);
  const portal = targets.find((t) => t.agencyId === a.id && t.kind === 'portal')!.id!;
  const hostT = targets.find((t) => t.agencyId === a.id && t.kind === 'host')!.id!;
  const slug = a.id.replace(/[^a-z0-9]/gi, '_');
  const m = (
    probe: string,
    url: string,
    values: Record<string, unknown>,
    evidence: Evidence[],
    error?: { type: string; message: string },
  ): Measurement => ({
    probe,
    url,
    values,
    evidence,
    ...(error ? { error } : {}),
    toolVersion: `${probe}/1.0`,
    startedAt: '2024-05-01T08:00:00.000Z',
    finishedAt: '2024-05-01T08:00:05.000Z',
  });
  const q = p.q;
  const evText = p.hostile ? HOSTILE.text : 'پرسش‌های متداول';
  const evUrl = p.hostile ? HOSTILE.jsUrl : `${a.portalUrl}faq`;

  // content
  await store.saveMeasurement(
    runId,
    portal,
    m('content', a.portalUrl, { facts: contentFacts(q) }, [
      { kind: 'text', label: p.hostile ? HOSTILE.label : 'FAQ page', url: evUrl, text: evText },
      { kind: 'selector', label: 'search form', selector: p.hostile ? HOSTILE.selector : 'form#search' },
      ...(p.hostile ? [{ kind: 'url' as const, label: 'data link', url: HOSTILE.dataUrl }] : []),
    ]),
  );
  // responsive with a screenshot
  const shot = `evidence/responsive/${slug}-360.png`;
  writeFileSync(join(runDir, shot), png(36, 64, q > 0.5 ? [40, 120, 200] : [200, 80, 60]));
  await store.saveMeasurement(
    runId,
    portal,
    m('responsive', a.portalUrl, { facts: { 'responsive.ok': q > 0.4, 'browsers.ok': true } }, [
      { kind: 'screenshot', label: '360×640', path: shot, url: a.portalUrl },
    ]),
  );
  // links
  await store.saveMeasurement(
    runId,
    portal,
    m(
      'links',
      a.portalUrl,
      {
        facts: {
          'links.checked': 120,
          'links.broken': q > 0.8 ? 0 : Math.round((1 - q) * 10),
          'links.navBroken': q > 0.8 ? 0 : Math.round((1 - q) * 10),
          'links.internalBrokenShare': q > 0.8 ? 0 : Math.round((1 - q) * 10) / 120,
        },
      },
      [{ kind: 'count', label: 'broken links', count: q > 0.8 ? 0 : Math.round((1 - q) * 10) }],
    ),
  );
  // axe with a results file
  const axeFile = `evidence/axe/${slug}.json`;
  writeFileSync(join(runDir, axeFile), JSON.stringify({ violations: [] }));
  const violations =
    q > 0.9
      ? []
      : [
          {
            id: 'image-alt',
            impact: 'critical',
            wcag: ['wcag2a', 'wcag111'],
            help: p.hostile ? HOSTILE.text : 'Images must have alternate text',
            helpUrl: p.hostile ? HOSTILE.jsUrl : 'https://dequeuniversity.com/rules/axe/4.10/image-alt',
            nodeCount: 3,
            nodes: [{ selector: p.hostile ? HOSTILE.selector : 'img.logo', html: '<img class="logo">' }],
          },
          {
            id: 'link-name',
            impact: 'serious',
            wcag: ['wcag2a', 'wcag244'],
            help: 'Links must have discernible text',
            helpUrl: 'https://dequeuniversity.com/rules/axe/4.10/link-name',
            nodeCount: 5,
            nodes: [
              { selector: 'a.social > i', html: '<a class="social"><i></i></a>' },
              { selector: '#footer a:nth-child(2)', html: '<a href="/x"></a>' },
            ],
          },
          {
            // A rule without a Persian summary: axe's own English help is shown.
            id: 'frame-focusable-content',
            impact: 'minor',
            wcag: ['wcag2a', 'wcag211'],
            help: 'Frames with focusable content must not have tabindex=-1',
            helpUrl: 'https://dequeuniversity.com/rules/axe/4.10/frame-focusable-content',
            nodeCount: 1,
            nodes: [{ selector: 'iframe#map', html: '<iframe id="map" tabindex="-1">' }],
          },
        ];
  await store.saveMeasurement(
    runId,
    portal,
    m(
      'axe',
      a.portalUrl,
      {
        wcagLevel: 'A',
        level: violations.length ? 'partial' : 'full',
        violations,
        file: axeFile,
        facts: {
          'a11y.level': violations.length ? 'partial' : 'full',
          'a11y.violations': violations.length,
          'a11y.adjustTools': q > 0.5,
        },
      },
      [
        { kind: 'count', label: 'violated WCAG A rules', count: violations.length },
        { kind: 'file', label: 'axe-core results', path: axeFile },
      ],
    ),
  );
  // lighthouse on every service page (the weakest agency's fails)
  for (const s of a.services) {
    const t = targets.find((x) => x.serviceId === s.id)!.id!;
    const lhFile = `evidence/lighthouse/${slug}-${s.id}.json`;
    writeFileSync(join(runDir, lhFile), '{"lighthouseVersion":"12.8.0"}');
    const score = Math.round(50 + q * 48);
    const lhHtml = `evidence/lighthouse/${slug}-${s.id}.html`;
    writeFileSync(join(runDir, lhHtml), ReportGenerator.generateReportHtml(smallLhr(s.url, score) as never));
    if (q < 0.3)
      await store.saveMeasurement(
        runId,
        t,
        m('lighthouse', s.url, {}, [], { type: 'timeout', message: 'page did not load in 45 s' }),
      );
    else
      await store.saveMeasurement(
        runId,
        t,
        m(
          'lighthouse',
          s.url,
          {
            score,
            metrics: {
              score,
              fcpMs: 900,
              lcpMs: 2100 - q * 1000,
              tbtMs: 120,
              cls: 0.02,
              speedIndexMs: 1800,
              ttfbMs: 200,
              totalBytes: 812_000,
              requests: 40,
            },
            runs: [{}, {}, {}],
            html: lhHtml,
            facts: { 'speed.score': score },
          },
          [
            {
              kind: 'count',
              label: 'median performance score of 3 run(s), mobile',
              count: score,
              url: s.url,
            },
            { kind: 'file', label: 'Lighthouse run 1', path: lhFile, url: s.url },
          ],
        ),
      );
    await store.saveMeasurement(
      runId,
      t,
      m('content', s.url, { facts: serviceFacts(q) }, [
        { kind: 'text', label: 'guide', text: p.hostile ? HOSTILE.text : 'راهنمای خدمت' },
      ]),
    );
  }
  // TLS
  const grade = q > 0.8 ? 'A' : q > 0.5 ? 'B' : 'C';
  await store.saveMeasurement(
    runId,
    hostT,
    m(
      'tls',
      a.portalUrl,
      {
        grade: {
          grade,
          reasons:
            grade === 'A'
              ? []
              : [p.hostile ? HOSTILE.text : 'accepts TLS 1.0 (cipher ECDHE-RSA-AES128-SHA) → capped at B'],
          notTested: [],
        },
        facts: { 'tls.grade': grade },
      },
      [{ kind: 'note', label: 'grade', text: grade }],
    ),
  );
  // uptime: checks every 6 hours over 30 days, some down
  const from = T0 - 30 * 86_400_000;
  let up = 0;
  let made = 0;
  for (let t = from; t < T0; t += 12 * 3_600_000) {
    const down = (t / 3_600_000) % (q > 0.8 ? 97 : 25) < 12 && q < 0.95;
    made++;
    if (!down) up++;
    await store.recordUptimeCheck({
      agencyId: a.id,
      url: a.portalUrl,
      checkedAt: iso(t),
      outcome: down ? 'down' : 'up',
      status: down ? 503 : 200,
      responseMs: 300,
      reason: down ? 'http-5xx' : null,
      sessionId: null,
    });
  }
  const percent = Math.round((up / made) * 10_000) / 100;
  await store.saveMeasurement(
    runId,
    portal,
    m(
      'uptime',
      a.portalUrl,
      {
        from: iso(from),
        to: iso(T0),
        percent,
        coverage: 100,
        minCoverage: 90,
        sufficient: true,
        expectedChecks: made,
        blockedPercent: 0,
        gapMs: q > 0.7 ? 0 : 4 * 3_600_000,
        checks: { made, up, down: made - up, blocked: 0 },
        outages: [
          {
            start: '2024-04-21T06:30:00.000Z',
            end: '2024-04-21T12:30:00.000Z',
            durationMs: 6 * 3_600_000,
            reason: 'http-503',
            detail: 'http-503: final status 503',
            status: 503,
            checks: 2,
            endKnown: true,
            ongoing: false,
          },
        ],
        gaps:
          q > 0.7
            ? []
            : [
                {
                  start: '2024-04-25T00:00:00.000Z',
                  end: '2024-04-25T04:00:00.000Z',
                  durationMs: 4 * 3_600_000,
                  cause: 'monitor-not-running',
                },
              ],
        facts: { 'uptime.percent': percent, 'uptime.coverage': 100 },
      },
      [
        { kind: 'count', label: 'checks made', count: made },
        {
          kind: 'note',
          label: 'outage',
          url: a.portalUrl,
          text: `1403/02/01 10:00 → 1403/02/01 16:00, 6 h, http-5xx 503`,
        },
      ],
    ),
  );
}
