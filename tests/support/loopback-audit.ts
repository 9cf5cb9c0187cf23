// A slow loopback site and an agency list pointing at it, for tests that kill and resume audits.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export interface LoopbackAudit {
  dir: string;
  /** The agency list (JSON). */
  list: string;
  db: string;
  /** Requests seen per path. */
  hits: Map<string, number>;
  /** `payesh audit` options for an http-only run against the site (concurrency added by the caller). */
  args: string[];
}

/**
 * Serves every page after `delayMs` (slow enough for a kill to land mid-run) for `agencies` agencies of
 * `services` services each, named `<host>N.test` and mapped to the server with --resolve. Everything
 * is stopped and removed when the test ends.
 */
export async function startLoopbackAudit(
  t: TestContext,
  o: { agencies: number; services: number; host: string; idPrefix: string; delayMs: number },
): Promise<LoopbackAudit> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    hits.set(req.url!, (hits.get(req.url!) ?? 0) + 1);
    setTimeout(
      () =>
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<html lang="fa"><title>صفحه ${req.url}</title></html>`),
      o.delayMs,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'payesh-loopback-'));
  t.after(() => {
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const agencies = Array.from({ length: o.agencies }, (_, a) => ({
    id: `${o.host.toUpperCase()}${a + 1}`,
    name: `دستگاه ${a + 1}`,
    portal_url: `http://${o.host}${a + 1}.test:${port}/`,
    services: Array.from({ length: o.services }, (_, s) => ({
      // 10 digits, as service IDs must be.
      id: `${o.idPrefix}${a}`.padEnd(10 - String(s).length, '0') + String(s),
      title: `خدمت ${s + 1}`,
      url: `http://${o.host}${a + 1}.test:${port}/s/${a}/${s}`,
      type: 'G2C',
    })),
  }));
  const list = join(dir, 'agencies.json');
  writeFileSync(list, JSON.stringify({ agencies }));
  const db = join(dir, 'payesh.db');
  const resolve = agencies.flatMap((a) => [
    '--resolve',
    `${new URL(a.portal_url).hostname}:${port}:127.0.0.1`,
  ]);
  const args = ['--db', db, '--out', join(dir, 'out'), '--only', 'http', '--allow-private', '--no-score'];
  args.push('--no-progress', '--host-delay', '0', ...resolve);
  return { dir, list, db, hits, args };
}
