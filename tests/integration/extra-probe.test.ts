// Adding a probe is one definition and one line in the list: a small probe given to the audit is
// planned, run, stored, scored through its fact and shown in the report, with its setting read
// from the checklist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { runAudit } from '../../src/audit/audit.ts';
import { finishRun } from '../../src/audit/finish.ts';
import { nowIso } from '../../src/core/index.ts';
import { fetchUrl } from '../../src/net/fetch.ts';
import { defaultNetOptions } from '../../src/net/options.ts';
import { defineProbe } from '../../src/probes/definition.ts';
import { PROBES } from '../../src/probes/registry.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';

/** The whole new probe: does the home page greet the visitor with the checklist's phrase? */
const greeting = defineProbe({
  id: 'greeting',
  appliesTo: ['portal'],
  needs: ['fetch'],
  facts: [
    {
      name: 'greeting.found',
      type: 'boolean',
      level: ['portal'],
      label: { fa: 'خوشامدگویی', en: 'greeting' },
      meaning: 'the home page shows the greeting phrase of the checklist',
    },
  ],
  settings: (input) => ({ phrase: String(input.checklist.greetingPhrase ?? 'سلام') }),
  create: async (_res, s) => ({
    id: 'greeting',
    appliesTo: ['portal'],
    async run(target, ctx) {
      const startedAt = nowIso();
      const r = await fetchUrl(target.url, ctx.net, { signal: ctx.signal });
      const found = r.body.toString('utf8').includes(s.phrase);
      return {
        probe: 'greeting',
        url: target.url,
        values: { phrase: s.phrase, facts: { 'greeting.found': found } },
        evidence: [{ kind: 'text', label: 'phrase looked for', text: s.phrase }],
        toolVersion: 'greeting/1',
        startedAt,
        finishedAt: nowIso(),
      };
    },
  }),
  details: (m) => [{ label: { fa: 'عبارت خوشامد', en: 'greeting phrase' }, value: String(m.values.phrase) }],
});

const CHECKLIST = `
id: greeting-test
title: { fa: آزمون خوشامد, en: Greeting test }
period: { fa: آزمون, en: Test }
settings:
  greetingPhrase: درود بر شما
priorities:
  - { id: user-centric, title: { fa: کاربرمحور, en: User-centric }, weight: 100 }
indicators:
  - id: '1'
    title: { fa: خوشامدگویی, en: Greeting }
    priority: user-centric
    level: portal
    weight: 10
    appliesToG2G: true
    method: auto
    options:
      - { value: 1, label: { fa: دارد, en: Greets }, when: { fact: greeting.found, eq: true } }
      - { value: 0, label: { fa: ندارد, en: Does not greet }, when: { fact: greeting.found, eq: false } }
`;

test('a probe added to the list is planned, run, stored, scored through its fact and shown in the report', async (t) => {
  const server = createServer((_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<html lang="fa"><body><h1>درود بر شما</h1></body></html>'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'payesh-extra-probe-'));
  const store = SqliteStore.open(join(dir, 'payesh.db'));
  t.after(async () => {
    await store.close();
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const checklist = join(dir, 'greeting-test.yaml');
  writeFileSync(checklist, CHECKLIST);
  const log = pino({ level: 'silent' });

  const result = await runAudit({
    store,
    agencies: [{ id: 'A1', nameFa: 'دستگاه آزمون', portalUrl: `http://127.0.0.1:${port}/`, services: [] }],
    agenciesFile: 'inline',
    outDir: dir,
    net: defaultNetOptions({ allowPrivate: true }),
    log,
    checklistId: checklist,
    // The list with one more line; the built-in probes read nothing this checklist asks for.
    probeSettings: { definitions: [...PROBES, greeting] },
    progress: false,
  });
  assert.equal(result.interrupted, false);
  const jobs = await store.listJobs(result.run.id);
  assert.deepEqual(
    jobs.map((j) => `${j.probe} ${j.state}`),
    ['greeting done'],
    'planned: only the probe whose fact an indicator reads',
  );
  const [m] = await store.listMeasurements(result.run.id);
  assert.equal(m.probe, 'greeting');
  assert.equal(m.values.phrase, 'درود بر شما', 'its setting came from the checklist');
  assert.deepEqual(m.values.facts, { 'greeting.found': true });

  const fin = await finishRun(store, result.run, {
    score: true,
    checklistId: checklist,
    periodId: null,
    formats: ['html'],
    lang: 'fa',
    runDir: result.runDir,
    log,
  });
  assert.equal(fin.results[0].indicators['1'].value, 1, 'scored through greeting.found');
  const reportDir = join(result.runDir, 'report');
  const pages = readdirSync(reportDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.html'))
    .map((f) => readFileSync(join(reportDir, f), 'utf8'));
  assert.ok(
    pages.some((p) => p.includes('عبارت خوشامد') && p.includes('درود بر شما')),
    "the report shows the probe's details",
  );
});
