// One loopback HTTP server for a page corpus: routes on the Host header and serves each archived page
// under its real host name and path (a client maps the hosts to 127.0.0.1 as curl's --resolve does),
// so scripts, widgets and host checks see the names the page was made for. Used by `npm run corpus`
// and the tests that hold checks against real pages.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CorpusCase } from './evaluate.ts';

/** The answer for a request the archive does not hold (a page the home page links to, another host). */
export type Unarchived = (host: string, path: string) => { status: number; html?: string };

export async function serveCorpus(dir: URL, cases: CorpusCase[], unarchived?: Unarchived) {
  const byHostPath = new Map<string, string>();
  for (const c of cases)
    for (const p of c.pages) {
      const u = new URL(p.url);
      byHostPath.set(`${u.hostname}${u.pathname}${u.search}`, p.file);
    }
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    requests.push(`${host}${req.url ?? '/'}`);
    const file = byHostPath.get(`${host}${req.url ?? '/'}`);
    if (!file) {
      const a = unarchived?.(host, req.url ?? '/') ?? { status: 404 };
      if (a.html === undefined)
        return res.writeHead(a.status, { 'content-type': 'text/plain' }).end('not archived');
      return res.writeHead(a.status, { 'content-type': 'text/html; charset=utf-8' }).end(a.html);
    }
    // No charset in the header: the page's own <meta charset> (or the browser's sniffing) decides, as
    // it did for the archived original.
    res.writeHead(200, { 'content-type': 'text/html' }).end(readFileSync(new URL(`pages/${file}`, dir)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const hosts = [...new Set(cases.flatMap((c) => c.pages.map((p) => new URL(p.url).hostname)))];
  return {
    port,
    /** Requests answered, as host + path, in order. */
    requests,
    resolve: new Map(hosts.map((h) => [`${h}:${port}`, '127.0.0.1'])),
    /** The archived URL as served here: same host and path, plain HTTP on the loopback port. */
    local: (url: string) => {
      const u = new URL(url);
      return `http://${u.hostname}:${port}${u.pathname}${u.search}`;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
