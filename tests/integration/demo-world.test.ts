// The demo world serves what its manifest says: every page, the redirects, the TLS profiles, the CA,
// the broken links and the windows-1256 page; and close() releases everything.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { request, type Dispatcher } from 'undici';
import { createDispatcher } from '../../src/net/dispatcher.ts';
import { buildNetOptions } from '../../src/net/options.ts';
import type { ManifestAgency } from '../../fixtures/demo-world/manifest.ts';
import { DEFAULT_AGENCIES_FILE, startDemoWorld, type DemoWorld } from '../../fixtures/demo-world/server.ts';
import { AGENCIES, agenciesCsv } from '../../fixtures/demo-world/world.ts';

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

async function get(dispatcher: Dispatcher, url: string): Promise<Got> {
  const res = await request(url, { dispatcher, maxRedirections: 0 } as Parameters<typeof request>[1]);
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, body };
}

function activeCount(kind: string): number {
  return process.getActiveResourcesInfo().filter((r) => r === kind).length;
}

describe('demo world', () => {
  let world: DemoWorld;
  let dispatcher: Dispatcher & { close(): Promise<void> };

  before(async () => {
    world = await startDemoWorld({ ephemeral: true });
    dispatcher = createDispatcher(
      buildNetOptions({ resolve: world.resolve, allowPrivate: true, extraCa: [world.caFile] }),
    );
  });
  after(async () => {
    await dispatcher?.close();
    await world?.close();
  });

  const agencyOf = (key: string): ManifestAgency => world.manifest.agencies.find((a) => a.key === key)!;
  const originOf = (a: ManifestAgency) => world.origins[a.host];

  test('the manifest describes the agencies of world.ts', () => {
    assert.deepEqual(
      world.manifest.agencies.map((a) => [
        a.id,
        a.host,
        a.httpsPort,
        a.services.map((s) => `${s.id}:${s.type}`).join(','),
      ]),
      AGENCIES.map((a) => [a.id, a.host, a.httpsPort, a.services.map((s) => `${s.id}:${s.type}`).join(',')]),
    );
    for (const a of world.manifest.agencies) {
      for (const s of a.services)
        assert.ok(
          a.pages.some((p) => p.path === s.path && p.role === 'service'),
          `${a.key} lists ${s.path}`,
        );
      assert.equal(a.facts['links.broken'], a.brokenLinks.length, `${a.key} links.broken`);
    }
    assert.deepEqual(
      world.manifest.agencies.map((a) => a.facts['tls.grade']),
      ['A+', 'A', 'B'],
    );
  });

  test('every page of the manifest is served over HTTPS with its status and content type', async () => {
    let fetched = 0;
    for (const a of world.manifest.agencies) {
      for (const p of a.pages) {
        const r = await get(dispatcher, originOf(a) + p.path);
        assert.equal(r.status, p.status, `${a.host}${p.path}`);
        assert.equal(r.headers['content-type'], p.contentType, `${a.host}${p.path} content type`);
        assert.ok(r.body.length > 0, `${a.host}${p.path} has a body`);
        fetched++;
      }
    }
    assert.equal(
      fetched,
      world.manifest.agencies.reduce((n, a) => n + a.pages.length, 0),
    );
  });

  test('Persian pages are RTL; the good and middle agencies declare lang="fa", the bad one no lang', async () => {
    for (const a of world.manifest.agencies) {
      const home = cheerio.load((await get(dispatcher, originOf(a) + '/')).body.toString('utf8'));
      assert.equal(home('html').attr('dir'), 'rtl', a.key);
      assert.equal(home('html').attr('lang'), a.key === 'kohan' ? undefined : 'fa', a.key);
      assert.equal(home('meta[name="viewport"]').length, a.key === 'kohan' ? 0 : 1, `${a.key} viewport meta`);
    }
  });

  test('HTTP: nikan and miyaneh redirect to HTTPS with 301, kohan serves its site', async () => {
    for (const a of world.manifest.agencies) {
      const r = await get(dispatcher, `http://${a.host}:${world.httpPort}/faq?x=1`);
      if (a.http.redirectsToHttps) {
        assert.equal(r.status, 301, a.key);
        assert.equal(r.headers.location, `${originOf(a)}/faq?x=1`);
      } else {
        assert.equal(r.status, 404, 'kohan has no /faq');
        const home = await get(dispatcher, `http://${a.host}:${world.httpPort}/`);
        assert.equal(home.status, 200);
        assert.match(home.body.toString('utf8'), /شركت خدمات كهن/);
      }
    }
  });

  test('HSTS only on nikan; server banners as in the manifest', async () => {
    for (const a of world.manifest.agencies) {
      const r = await get(dispatcher, originOf(a) + '/');
      assert.equal(r.headers['strict-transport-security'] ?? null, a.http.hsts, a.key);
      assert.equal(r.headers.server, a.http.server, a.key);
    }
  });

  test('unknown paths are 404 on every host', async () => {
    for (const a of world.manifest.agencies) {
      assert.equal((await get(dispatcher, originOf(a) + '/no/such/page')).status, 404, a.key);
    }
  });

  test('the CA is required: without --extra-ca the certificate is not trusted', async () => {
    const untrusting = createDispatcher(buildNetOptions({ resolve: world.resolve, allowPrivate: true }));
    try {
      await assert.rejects(
        get(untrusting, originOf(agencyOf('nikan')) + '/'),
        (e: Error & { cause?: { code?: string } }) => {
          const code = (e as { code?: string }).code ?? e.cause?.code ?? '';
          assert.match(code, /CERT|SIGNATURE|ISSUER/, `error code ${code}`);
          return true;
        },
      );
    } finally {
      await untrusting.close();
    }
  });

  test('TLS profiles: kohan speaks TLS 1.0, nikan refuses it; only nikan refuses a CBC suite on TLS 1.2', async () => {
    const ca = readFileSync(world.caFile, 'utf8');
    const handshake = (host: string, o: tls.ConnectionOptions) =>
      new Promise<{ protocol: string | null; cipher: string }>((resolve, reject) => {
        const s = tls.connect(
          { host: world.address, port: world.httpsPorts[host], servername: host, ca, ...o },
          () => {
            const out = { protocol: s.getProtocol(), cipher: s.getCipher().name };
            s.end();
            resolve(out);
          },
        );
        s.on('error', reject);
      });
    const tls10 = { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' } as const;
    assert.equal((await handshake('www.kohan.test', tls10)).protocol, 'TLSv1');
    await assert.rejects(handshake('www.nikan.test', tls10));
    await assert.rejects(handshake('www.miyaneh.test', tls10));
    const cbc12 = { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA' } as const;
    await assert.rejects(handshake('www.nikan.test', cbc12));
    assert.equal((await handshake('www.miyaneh.test', cbc12)).cipher, 'ECDHE-RSA-AES128-SHA');
    assert.equal((await handshake('www.nikan.test', {})).protocol, 'TLSv1.3');
    assert.equal((await handshake('www.kohan.test', {})).protocol, 'TLSv1.2');
  });

  test('the windows-1256 page decodes to the expected Persian text only with its meta charset', async () => {
    const page = agencyOf('kohan').pages.find((p) => p.charset === 'windows-1256')!;
    const r = await get(dispatcher, originOf(agencyOf('kohan')) + page.path);
    assert.equal(r.headers['content-type'], 'text/html');
    assert.match(
      r.body.toString('latin1'),
      /<meta http-equiv="Content-Type" content="text\/html; charset=windows-1256">/,
    );
    const decoded = iconv.decode(r.body, 'win1256');
    assert.ok(decoded.includes(page.expectText!), 'decoded text');
    assert.ok(!r.body.toString('utf8').includes(page.expectText!), 'not readable as UTF-8');
  });

  test('links: every same-site link resolves, except exactly the broken links of the manifest', async () => {
    for (const a of world.manifest.agencies) {
      const origin = new URL(originOf(a));
      const known = new Map(a.pages.map((p) => [p.path, p.status]));
      const broken = new Set<string>();
      for (const p of a.pages.filter((x) => x.contentType.startsWith('text/html'))) {
        const r = await get(dispatcher, origin.origin + p.path);
        const html = p.charset ? iconv.decode(r.body, p.charset) : r.body.toString('utf8');
        const $ = cheerio.load(html);
        const refs = $(
          'a[href], img[src], script[src], link[href], source[src], track[src], video[poster], form[action]',
        )
          .map(
            (_, el) =>
              $(el).attr('href') ?? $(el).attr('src') ?? $(el).attr('poster') ?? $(el).attr('action'),
          )
          .get() as string[];
        for (const ref of refs) {
          if (/^(mailto|tel):/.test(ref)) continue;
          const u = new URL(ref, origin);
          if (u.hostname === '127.0.0.1') {
            assert.equal(u.port, String(world.refusedPort));
            broken.add(`${p.path} -> http://127.0.0.1:{refusedPort}/`);
            continue;
          }
          if (u.host !== origin.host) {
            assert.ok(!u.hostname.endsWith('.test'), `${ref} points to another demo host`);
            continue; // external Iranian hosts: never fetched
          }
          const status = known.get(u.pathname);
          if (status === 200) continue;
          assert.equal(status, undefined, `${u.pathname} listed with ${status}`);
          assert.equal(
            (await get(dispatcher, u.origin + u.pathname)).status,
            404,
            `${u.pathname} unknown yet served`,
          );
          broken.add(`${u.pathname}`);
        }
      }
      const expected = new Set(
        a.brokenLinks.map((l) => (l.reason === 'refused' ? `${l.from} -> ${l.href}` : l.href)),
      );
      assert.deepEqual([...broken].sort(), [...expected].sort(), `${a.key} broken links`);
    }
    // The dead link's port really refuses connections.
    await assert.rejects(
      new Promise((resolve, reject) => {
        const s = net.connect(world.refusedPort, '127.0.0.1', () => {
          s.destroy();
          resolve(null);
        });
        s.on('error', reject);
      }),
      /ECONNREFUSED/,
    );
  });

  test('page contents agree with the manifest facts that can be counted', async () => {
    const load = async (key: string, path: string) =>
      cheerio.load((await get(dispatcher, originOf(agencyOf(key)) + path)).body.toString('utf8'));
    const nikanFaq = await load('nikan', '/faq');
    assert.equal(nikanFaq('details > summary').length, agencyOf('nikan').facts['faq.count']);
    const miyanehFaq = await load('miyaneh', '/faq');
    assert.equal(miyanehFaq('main h3').length, agencyOf('miyaneh').facts['faq.count']);
    for (const key of ['nikan', 'miyaneh']) {
      const desk = await load(key, '/desk');
      const linked = new Set(
        desk('main a[href^="/services/"]')
          .map((_, el) => desk(el).attr('href'))
          .get(),
      );
      assert.equal(linked.size, agencyOf(key).facts['serviceDesk.linkedServices'], `${key} desk`);
    }
    const nikanHome = await load('nikan', '/');
    assert.deepEqual(
      nikanHome('nav.main a')
        .slice(0, 3)
        .map((_, el) => nikanHome(el).text())
        .get(),
      ['صفحه اصلی', 'معرفی خدمات', 'میز خدمت الکترونیکی'],
    );
    assert.match(nikanHome('.ip').text(), /127\.0\.0\.1/);
    const miyanehServices = await load('miyaneh', '/services');
    assert.match(miyanehServices('table').text(), /۱۲۲۰۰۲۰۰۰۱/, 'Persian digits in service IDs');
    const banner = await get(dispatcher, originOf(agencyOf('kohan')) + '/img/banner.bmp');
    assert.ok(banner.body.length > 1_500_000, `banner is ${banner.body.length} bytes`);
    assert.equal(banner.body.subarray(0, 2).toString('ascii'), 'BM');
  });

  test('robots.txt and sitemap.xml use this instance origin', async () => {
    const kohan = agencyOf('kohan');
    const robots = (await get(dispatcher, originOf(kohan) + '/robots.txt')).body.toString('utf8');
    assert.match(robots, /^Disallow: \/archive\/$/m);
    const sitemap = (await get(dispatcher, originOf(agencyOf('nikan')) + '/sitemap.xml')).body.toString(
      'utf8',
    );
    assert.ok(sitemap.includes(`<loc>${originOf(agencyOf('nikan'))}/services/1210010001</loc>`));
  });

  test('agency lists: this instance CSV has its ports; the committed demo CSV has the default ports', () => {
    const mine = readFileSync(world.agenciesFile, 'utf8');
    assert.equal(mine, agenciesCsv(world.httpsPorts));
    assert.ok(mine.includes(`${originOf(agencyOf('miyaneh'))}/services/1220020002`));
    const committed = readFileSync(DEFAULT_AGENCIES_FILE);
    assert.deepEqual([...committed.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    assert.equal(committed.toString('utf8'), agenciesCsv({}));
    const lines = committed.toString('utf8').replace(/\r\n$/, '').split('\r\n');
    assert.equal(lines.length, 1 + AGENCIES.reduce((n, a) => n + a.services.length, 0));
    assert.equal(
      lines[0],
      '\ufeffagency_id,agency_name,agency_name_en,parent,portal_url,service_id,service_title,service_url,service_type',
    );
    assert.equal(
      lines[1],
      'A101,سازمان ملی خدمات نیکان,Nikan National Services Organization,وزارت کشور,https://www.nikan.test:47443/,1210010001,صدور مجوز فعالیت کسب‌وکار,https://www.nikan.test:47443/services/1210010001,G2B',
    );
  });
});

test('close() stops every server and socket, even with a delayed response in flight', async () => {
  // Closed handles leave process.getActiveResourcesInfo() a moment later, so settle before counting.
  const settle = () => new Promise((r) => setTimeout(r, 50));
  await settle();
  const servers = activeCount('TCPServerWrap');
  const sockets = activeCount('TCPSocketWrap') + activeCount('TLSWrap');
  const world = await startDemoWorld({ ephemeral: true });
  const dispatcher = createDispatcher(
    buildNetOptions({ resolve: world.resolve, allowPrivate: true, extraCa: [world.caFile] }),
  );
  const kohan = world.origins['www.kohan.test'];
  try {
    await settle();
    assert.equal(activeCount('TCPServerWrap'), servers + 4, 'three HTTPS servers and one HTTP server');
    assert.equal((await get(dispatcher, kohan + '/')).status, 200);
    const slow = get(dispatcher, kohan + '/js/jquery-1.4.2.min.js').then(
      () => 'answered',
      () => 'aborted',
    );
    await settle();
    await world.close();
    assert.equal(await slow, 'aborted');
  } finally {
    await world.close();
    await dispatcher.close();
  }
  await settle();
  assert.equal(activeCount('TCPServerWrap'), servers);
  assert.equal(activeCount('TCPSocketWrap') + activeCount('TLSWrap'), sockets);
  const fresh = createDispatcher(buildNetOptions({ resolve: world.resolve, allowPrivate: true }));
  try {
    await assert.rejects(
      get(fresh, kohan + '/'),
      (e: Error & { code?: string; cause?: { code?: string } }) => {
        assert.equal(e.code ?? e.cause?.code, 'ECONNREFUSED');
        return true;
      },
    );
  } finally {
    await fresh.close();
  }
});
