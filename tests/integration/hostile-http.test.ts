// The HTTP probe against hostile servers: every request ends within its limits with a typed reason,
// and big bodies are cut, not buffered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import {
  startHostileWorld,
  HUGE_BODY_BYTES,
  type HostileScenario,
  type HostileWorld,
} from '../../fixtures/hostile/world.ts';
import { defaultNetOptions, type NetOptions, parseResolve } from '../../src/net/options.ts';
import { httpProbe } from '../../src/probes/http/probe.ts';
import type { Measurement } from '../../src/probes/types.ts';

const MB = 1024 * 1024;

describe('HTTP probe on hostile servers', () => {
  let world: HostileWorld;
  let net: NetOptions;
  before(async () => {
    world = await startHostileWorld();
    // Short limits so each hostile case costs a second or two.
    net = defaultNetOptions({
      allowPrivate: true,
      resolve: new Map(world.resolve.map(parseResolve)),
      connectTimeoutMs: 1000,
      headersTimeoutMs: 1000,
      totalTimeoutMs: 1500,
    });
  });
  after(() => world.close());

  const probe = (scenario: HostileScenario, over: Partial<NetOptions> = {}): Promise<Measurement> => {
    const url = world.urls[scenario];
    return httpProbe.run(
      { agencyId: scenario, kind: 'portal', url, host: new URL(url).host },
      {
        net: { ...net, ...over },
        log: pino({ level: 'silent' }),
        signal: new AbortController().signal,
        runDir: '.',
      },
    );
  };
  const values = (m: Measurement) =>
    m.values as {
      status: number | null;
      bytes: number;
      truncated: boolean;
      redirects: unknown[];
      facts: Record<string, unknown>;
    };

  test('a 100 MB body is cut at the body limit, streamed not buffered: RSS grows far less than the body', async () => {
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    const m = await probe('hugeBody', { maxBodyBytes: 2 * MB, totalTimeoutMs: 10_000 });
    const grew = process.memoryUsage().rss - rss0;
    assert.equal(m.error?.type, 'body-too-large');
    assert.equal(values(m).bytes, 2 * MB);
    assert.equal(values(m).truncated, true);
    assert.ok(grew < 300 * MB, `RSS grew ${Math.round(grew / MB)} MB`);
    // The client stopped reading: the server never got to send the whole 100 MB.
    assert.ok(
      world.bytesSent.huge < HUGE_BODY_BYTES / 2,
      `server sent ${Math.round(world.bytesSent.huge / MB)} MB`,
    );
  });

  test('an endless body is cut at the body limit', async () => {
    const m = await probe('endlessBody', { maxBodyBytes: 1 * MB });
    assert.equal(m.error?.type, 'body-too-large');
    assert.equal(values(m).bytes, 1 * MB);
  });

  test('a 1 byte/s drip ends at the total time limit as a timeout', async () => {
    const m = await probe('slowDrip');
    assert.equal(m.error?.type, 'timeout');
    assert.match(m.error!.message, /1500 ms/);
    assert.equal(values(m).facts['http.ok'], false);
  });

  test('a server that reads the request and never answers is a timeout', async () => {
    const m = await probe('neverAnswers');
    assert.equal(m.error?.type, 'timeout');
    assert.equal(values(m).status, null);
  });

  test('a socket that accepts and never says a word is a timeout', async () => {
    const m = await probe('silentSocket');
    assert.equal(m.error?.type, 'timeout');
  });

  test('a connection cut mid-body is a reset', async () => {
    const m = await probe('resetMidBody');
    assert.equal(m.error?.type, 'reset');
  });

  test('a redirect loop is detected and named', async () => {
    const m = await probe('redirectLoop');
    assert.equal(m.error?.type, 'too-many-redirects');
    assert.match(m.error!.message, /loop/);
    assert.equal(values(m).redirects.length, 2);
  });

  test('a chain of 50 redirects stops at maxRedirects', async () => {
    const m = await probe('redirectChain', { maxRedirects: 5 });
    assert.equal(m.error?.type, 'too-many-redirects');
    assert.equal(values(m).redirects.length, 6);
    assert.match(m.error!.message, /more than 5 redirects/);
  });

  test('HTTP 429 is rate-limited with the Retry-After asked for', async () => {
    const m = await probe('rateLimited');
    assert.equal(m.error?.type, 'rate-limited');
    assert.match(m.error!.message, /Retry-After: 120/);
    assert.equal(values(m).status, 429);
  });

  test('a CDN challenge page is blocked-by-waf, neither up nor down', async () => {
    const m = await probe('wafChallenge');
    assert.equal(m.error?.type, 'blocked-by-waf');
    assert.equal(values(m).facts['http.ok'], null);
    assert.equal(values(m).facts['http.blocked'], true);
    assert.ok(m.evidence.some((e) => /Just a moment/.test(e.text ?? '')));
  });

  test('the ordinary site next door is measured normally', async () => {
    const m = await probe('normal');
    assert.equal(m.error, undefined);
    assert.equal(values(m).status, 200);
    assert.equal(values(m).facts['http.ok'], true);
  });
});
