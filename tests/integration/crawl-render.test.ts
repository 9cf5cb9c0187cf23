// A portal whose raw HTML is an empty shell filled by script: the crawl renders it in the shared
// Chromium, so the service desk in its navigation is found as a person would find it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultNetOptions } from '../../src/net/options.ts';
import { createProbes } from '../../src/probes/registry.ts';
import { silentLogger } from '../../src/util/log.ts';

const shell = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>درگاه</title></head>
<body><div id="app"></div><script src="/app.js"></script></body></html>`;
const app = `document.getElementById('app').innerHTML =
  '<header><nav><ul><li><a href="/">صفحه اصلی</a></li><li><a href="/desk">میز خدمت الکترونیکی</a></li>' +
  '<li><a href="/services">معرفی خدمات</a></li></ul></nav></header><main><h1>درگاه سازمان نمونه</h1>' +
  '<p>' + 'ارائه خدمات الکترونیکی به شهروندان. '.repeat(20) + '</p></main>';`;

test('a page built by script is rendered in the browser before the detectors read it', async (t) => {
  const server = createServer((req, res) => {
    if (req.url === '/app.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(app);
    if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(shell);
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<html lang="fa"><body><h1>صفحه</h1></body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'payesh-render-'));
  const net = defaultNetOptions({ allowPrivate: true });
  const set = await createProbes({
    net,
    log: silentLogger,
    only: ['content'],
    crawl: { externalLinks: 'skip' },
  });
  t.after(async () => {
    await set.close();
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const target = {
    id: 1,
    runId: 'r',
    agencyId: 'A1',
    kind: 'portal' as const,
    url: `http://127.0.0.1:${port}/`,
    host: `127.0.0.1:${port}`,
  };
  const m = await set.probes[0].run(target, {
    net,
    log: silentLogger,
    signal: new AbortController().signal,
    runDir: dir,
    agencyTargets: [target],
  });
  assert.equal(m.error, undefined, JSON.stringify(m.error));
  assert.equal(m.values.facts?.['serviceDesk.found'], true);
  assert.equal(m.values.facts?.['serviceDesk.inMainNav'], true);
});

// Raw HTML with some text but mostly script, whose service desk link only a script adds: the
// detectors find nothing in the raw HTML, so the home page is rendered and read again. A plain page
// is read from its raw HTML alone. The evidence says which.
const scripted = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>درگاه</title></head>
<body><header><nav id="menu"><a href="/">صفحه اصلی</a></nav></header><main><h1>سازمان نمونه</h1>
<p>${'خبرهای سازمان. '.repeat(30)}</p></main>
<script>${'/* bundle */ '.repeat(200)}
document.getElementById('menu').insertAdjacentHTML('beforeend', '<a href="/desk">میز خدمت الکترونیکی</a>');</script>
</body></html>`;
const plain = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>درگاه</title></head>
<body><header><nav><a href="/">صفحه اصلی</a><a href="/desk">میز خدمت الکترونیکی</a></nav></header>
<main><h1>سازمان نمونه</h1><p>${'خبرهای سازمان. '.repeat(30)}</p></main></body></html>`;

test('plain HTTP first: the home page is rendered only when its raw HTML is mostly script and detectors found nothing', async (t) => {
  let browserLoads = 0;
  const server = createServer((req, res) => {
    const html = (b: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(b);
    if (/Chrome\//.test(req.headers['user-agent'] ?? '') && req.url === '/') browserLoads++;
    if (req.url === '/') return html(scripted);
    if (req.url === '/plain/') return html(plain);
    html('<html lang="fa"><body><h1>صفحه</h1></body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'payesh-render-'));
  const net = defaultNetOptions({ allowPrivate: true });
  const set = await createProbes({
    net,
    log: silentLogger,
    only: ['content'],
    crawl: { externalLinks: 'skip' },
  });
  t.after(async () => {
    await set.close();
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const run = async (path: string, id: number) => {
    const target = {
      id,
      runId: 'r',
      agencyId: `A${id}`,
      kind: 'portal' as const,
      url: `http://127.0.0.1:${port}${path}`,
      host: `127.0.0.1:${port}`,
    };
    const m = await set.probes[0].run(target, {
      net,
      log: silentLogger,
      signal: new AbortController().signal,
      runDir: dir,
      agencyTargets: [target],
    });
    assert.equal(m.error, undefined, JSON.stringify(m.error));
    return m;
  };
  const s = await run('/', 1);
  assert.equal(s.values.facts?.['serviceDesk.found'], true);
  assert.equal(s.values.homeSource, 'rendered');
  assert.equal(browserLoads, 1);
  const note = s.evidence.find((e) => e.label === 'content read from')!;
  assert.match(note.text!, /rendered page \(browser\)/);

  const p = await run('/plain/', 2);
  assert.equal(p.values.facts?.['serviceDesk.found'], true);
  assert.equal(p.values.homeSource, 'raw');
  assert.match(p.evidence.find((e) => e.label === 'content read from')!.text!, /raw HTML/);
  assert.equal(browserLoads, 1, 'the plain page was not opened in the browser');
});
