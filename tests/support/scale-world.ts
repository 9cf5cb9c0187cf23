// Many fictional agency portals on one loopback HTTP server, told apart by host name (reached through
// --resolve). Counts requests per URL and the most requests ever in flight per host, so tests can
// check "measured once" and "never more than N at once against one host".
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ScaleWorldOptions {
  agencies: number;
  servicesPerAgency: number;
  /** Directory for the agency list. */
  dir: string;
  /** Milliseconds every page takes to answer (default 0). */
  pageDelayMs?: number;
  /** Extra delay for particular paths of particular hosts: "host/path" -> ms. */
  slow?: Record<string, number>;
  /** Every answer waits for this first (e.g. until each worker has taken a job). */
  hold?: () => Promise<void>;
}

export interface ScaleWorld {
  port: number;
  agenciesFile: string;
  /** --resolve values mapping every agency host to 127.0.0.1. */
  resolve: string[];
  hosts: string[];
  /** "http://host:port/path" -> requests received. */
  hits: Map<string, number>;
  /** host -> most requests in flight at once. */
  maxInFlight: Map<string, number>;
  /** Called at the start of each request with its full URL. */
  onRequest?: (url: string) => void | Promise<void>;
  close(): Promise<void>;
}

export const hostOf = (i: number) => `a${String(i).padStart(3, '0')}.scale.test`;

export async function startScaleWorld(o: ScaleWorldOptions): Promise<ScaleWorld> {
  const inFlight = new Map<string, number>();
  const world: ScaleWorld = {
    port: 0,
    agenciesFile: join(o.dir, 'agencies.csv'),
    resolve: [],
    hosts: [],
    hits: new Map(),
    maxInFlight: new Map(),
    close: async () => {},
  };
  const server: Server = createServer(async (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    const url = `http://${req.headers.host}${req.url}`;
    world.hits.set(url, (world.hits.get(url) ?? 0) + 1);
    const now = (inFlight.get(host) ?? 0) + 1;
    inFlight.set(host, now);
    world.maxInFlight.set(host, Math.max(world.maxInFlight.get(host) ?? 0, now));
    void world.onRequest?.(url);
    try {
      await o.hold?.();
      const delay = (o.pageDelayMs ?? 0) + (o.slow?.[`${host}${req.url}`] ?? 0);
      if (delay) await sleep(delay);
      const body = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>دستگاه ${host}</title></head><body><h1>درگاه ${host}</h1><p>${req.url}</p></body></html>`;
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    } finally {
      inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  world.port = (server.address() as { port: number }).port;
  const rows = ['agency_id,agency_name,portal_url,service_id,service_title,service_url,service_type'];
  for (let i = 1; i <= o.agencies; i++) {
    const host = hostOf(i);
    world.hosts.push(host);
    world.resolve.push(`${host}:${world.port}:127.0.0.1`);
    const portal = `http://${host}:${world.port}/`;
    if (o.servicesPerAgency === 0) rows.push(`ag${i},دستگاه ${i},${portal},,,,`);
    for (let s = 1; s <= o.servicesPerAgency; s++)
      rows.push(
        `ag${i},دستگاه ${i},${portal},${String(1_000_000_000 + i * 100 + s)},خدمت ${s},${portal}s/${s},G2C`,
      );
  }
  writeFileSync(world.agenciesFile, rows.join('\n') + '\n');
  world.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return world;
}
