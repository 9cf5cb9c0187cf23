// A link that times out once is tried again before it counts as broken (ITO 22 must not fail a site
// for one busy moment); one that never answers stays broken, with both tries in its reason.
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { defaultNetOptions } from '../../src/net/options.ts';
import { crawl } from '../../src/probes/crawl/crawler.ts';
import { checkLinks } from '../../src/probes/links/check.ts';

test('a link that timed out once is tried again; one that never answers stays broken', async (t) => {
  const hanging: ServerResponse[] = [];
  let onceSlow = 0;
  const server = createServer((req, res) => {
    const html = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="fa"><head><title>t</title></head><body>${body}</body></html>`);
    };
    if (req.url === '/')
      return html('<a href="/once-slow">یک</a> <a href="/always-slow">دو</a> <a href="/ok">سه</a>');
    if (req.url === '/once-slow' && onceSlow++ === 0) return void hanging.push(res);
    if (req.url === '/always-slow') return void hanging.push(res);
    if (req.url === '/robots.txt') {
      res.writeHead(404);
      return res.end();
    }
    html('<p>صفحه</p>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    for (const r of hanging) r.destroy();
    server.closeAllConnections();
    server.close();
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const net = defaultNetOptions({ allowPrivate: true, totalTimeoutMs: 3000 });
  const r = await crawl({ net, startUrls: [`${base}/`] });
  const links = await checkLinks(r, { net, externalLinks: 'skip' });
  const by = (path: string) => links.links.find((l) => l.url === `${base}${path}`)!;
  assert.equal(by('/once-slow').state, 'ok');
  assert.match(by('/once-slow').reason ?? '', /answered when tried again after timeout/);
  assert.equal(by('/always-slow').state, 'broken');
  assert.match(by('/always-slow').reason ?? '', /^timeout.*; tried again after timeout/);
  assert.equal(by('/ok').state, 'ok');
  assert.equal(links.facts['links.broken'], 1);
});
