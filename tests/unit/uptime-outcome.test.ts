import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FetchResult } from '../../src/net/fetch.ts';
import { classifyCheck, parseRetryAfter, reasonType } from '../../src/probes/uptime/outcome.ts';
import { formatDuration, parseDuration } from '../../src/probes/uptime/duration.ts';

function res(status: number | null, over: Partial<FetchResult> = {}): FetchResult {
  return {
    url: 'https://portal.example.gov.ir/',
    finalUrl: 'https://portal.example.gov.ir/',
    status,
    redirects: [],
    headers: {},
    body: Buffer.from('<html><body>ok</body></html>'),
    truncated: false,
    bytes: 10,
    contentType: 'text/html',
    timings: { totalMs: 123.44 },
    ...over,
  };
}

test('2xx and 3xx final statuses are up; 401 is up with a note', () => {
  assert.deepEqual(classifyCheck(res(200)), { outcome: 'up', status: 200, responseMs: 123.4, reason: null });
  assert.equal(classifyCheck(res(304))?.outcome, 'up');
  const a = classifyCheck(res(401));
  assert.equal(a?.outcome, 'up');
  assert.match(a!.reason!, /^auth-required/);
});

test('404 and 5xx are down with the status as reason type', () => {
  assert.equal(reasonType(classifyCheck(res(404))!.reason), 'http-404');
  const d = classifyCheck(res(503, { headers: { 'retry-after': '60' } }))!;
  assert.deepEqual([d.outcome, reasonType(d.reason), d.retryAfterMs], ['down', 'http-503', undefined]);
});

test("network failures are down; cancelled checks are not recorded; a refused private address is payesh's own error", () => {
  for (const type of ['dns', 'refused', 'reset', 'timeout', 'tls', 'too-many-redirects']) {
    const c = classifyCheck(res(null, { error: { type, message: 'x' } }))!;
    assert.deepEqual([c.outcome, reasonType(c.reason)], ['down', type]);
  }
  assert.equal(classifyCheck(res(null, { error: { type: 'aborted', message: 'stop' } })), null);
  assert.equal(
    classifyCheck(res(null, { error: { type: 'blocked-private', message: 'x' } }))?.outcome,
    'error',
  );
});

test('WAF challenge (even with 200 or 503), 403, 451 and 429 are blocked; Retry-After is kept', () => {
  const challenge = Buffer.from('<html><head><title>Just a moment...</title></head><body></body></html>');
  assert.equal(classifyCheck(res(503, { body: challenge }))?.outcome, 'blocked');
  assert.equal(classifyCheck(res(200, { body: challenge }))?.outcome, 'blocked');
  assert.match(classifyCheck(res(503, { body: challenge }))!.reason!, /^waf: cloudflare challenge/);
  assert.equal(classifyCheck(res(403))?.outcome, 'blocked');
  assert.equal(classifyCheck(res(451))?.outcome, 'blocked');
  const rl = classifyCheck(res(429, { headers: { 'retry-after': '120' } }))!;
  assert.deepEqual(
    [rl.outcome, rl.retryAfterMs, reasonType(rl.reason)],
    ['blocked', 120_000, 'rate-limited'],
  );
});

test('Retry-After as seconds or HTTP date', () => {
  assert.equal(parseRetryAfter('30'), 30_000);
  assert.equal(parseRetryAfter('Thu, 01 Aug 2024 00:01:00 GMT', Date.parse('2024-08-01T00:00:00Z')), 60_000);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(undefined), undefined);
});

test('durations: 500ms, 1s, 5m, 1h30m, bare seconds; bad input is a usage error', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1s'), 1000);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('2.5s'), 2500);
  assert.equal(parseDuration('90'), 90_000);
  assert.throws(() => parseDuration('5 minutes', '--interval'), {
    name: 'UsageError',
    message: /--interval "5 minutes"/,
  });
  assert.throws(() => parseDuration(''), { name: 'UsageError' });
  assert.equal(formatDuration(850), '850ms');
  assert.equal(formatDuration(125_000), '2m 05s');
  assert.equal(formatDuration(3_780_000), '1h 03m');
});
