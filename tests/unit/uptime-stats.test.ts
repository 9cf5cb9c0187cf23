import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeUptime, percentile, type CheckRow, type SessionRow } from '../../src/probes/uptime/stats.ts';

const T0 = Date.parse('2024-08-01T00:00:00.000Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const MIN = 60_000;
function check(min: number, outcome: string, extra: Partial<CheckRow> = {}): CheckRow {
  return {
    checkedAt: at(min),
    outcome,
    status: outcome === 'up' ? 200 : null,
    responseMs: 100,
    reason: outcome === 'down' ? 'timeout: no answer' : null,
    sessionId: 1,
    ...extra,
  };
}
function session(
  id: number,
  startMin: number,
  lastBeatMin: number,
  stoppedMin: number | null,
  intervalMs = MIN,
): SessionRow {
  return {
    id,
    startedAt: at(startMin),
    lastBeatAt: at(lastBeatMin),
    stoppedAt: stoppedMin === null ? null : at(stoppedMin),
    intervalMs,
  };
}
const opts = (fromMin: number, toMin: number, over = {}) => ({
  from: new Date(T0 + fromMin * MIN),
  to: new Date(T0 + toMin * MIN),
  intervalMs: MIN,
  minCoverage: 90,
  ...over,
});

test('regular checks: up share, full coverage, one outage closed by the next up check', () => {
  const checks = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((m) => check(m, m === 3 || m === 4 ? 'down' : 'up'));
  const s = computeUptime(checks, [session(1, 0, 10, 10)], opts(0, 10));
  assert.equal(s.upMs, 8 * MIN);
  assert.equal(s.downMs, 2 * MIN);
  assert.equal(s.percent, 80);
  assert.equal(s.coverage, 100);
  assert.equal(s.sufficient, true);
  assert.equal(s.expectedChecks, 10);
  assert.deepEqual(s.checks, { made: 10, up: 8, down: 2, blocked: 0, error: 0, recoveredOnRecheck: 0 });
  assert.deepEqual(s.gaps, []);
  assert.equal(s.outages.length, 1);
  assert.deepEqual(
    { ...s.outages[0] },
    {
      start: at(3),
      end: at(5),
      durationMs: 2 * MIN,
      reason: 'timeout',
      detail: 'timeout: no answer',
      status: null,
      checks: 2,
      endKnown: true,
      ongoing: false,
    },
  );
});

test('a killed monitor leaves a gap: neither up nor down, coverage falls below the threshold', () => {
  const checks = [
    ...[0, 1, 2, 3, 4].map((m) => check(m, 'up')),
    check(8, 'up', { sessionId: 2 }),
    check(9, 'up', { sessionId: 2 }),
  ];
  const sessions = [session(1, 0, 4.5, null), session(2, 8, 10, 10)];
  const s = computeUptime(checks, sessions, opts(0, 10));
  // The check at 4 min stands for 1.5 intervals (to 5.5 min); 5.5 -> 8 min nothing ran.
  assert.deepEqual(s.gaps, [
    { start: at(5.5), end: at(8), durationMs: 2.5 * MIN, cause: 'monitor-not-running' },
  ]);
  assert.equal(s.gapMs, 2.5 * MIN);
  assert.equal(s.percent, 100);
  assert.equal(s.coverage, 75);
  assert.equal(s.sufficient, false);
  assert.equal(s.downMs, 0);
});

test('a gap while the monitor was running is "not-checked"', () => {
  const checks = [check(0, 'up'), check(5, 'up')];
  const s = computeUptime(checks, [session(1, 0, 10, 10)], opts(0, 6));
  assert.deepEqual(
    s.gaps.map((g) => [g.start, g.end, g.cause]),
    [[at(1.5), at(5), 'not-checked']],
  );
});

test('differing intervals are time-weighted: each check counts until the next one', () => {
  const checks = [
    check(0, 'up'),
    check(1, 'up'),
    check(2, 'down'),
    check(3, 'up', { sessionId: 2 }),
    check(8, 'down', { sessionId: 2, reason: 'http-503: final status 503', status: 503 }),
  ];
  const sessions = [session(1, 0, 3, 3), session(2, 3, 13, null, 5 * MIN)];
  const s = computeUptime(checks, sessions, opts(0, 13));
  assert.equal(s.upMs, 7 * MIN);
  assert.equal(s.downMs, 6 * MIN);
  assert.equal(s.percent, 53.846); // by count it would be 3/5 = 60 %
  assert.equal(s.coverage, 100);
  assert.equal(s.outages.length, 2);
  assert.deepEqual([s.outages[0].start, s.outages[0].end, s.outages[0].endKnown], [at(2), at(3), true]);
  assert.deepEqual(
    [s.outages[1].start, s.outages[1].end, s.outages[1].ongoing, s.outages[1].reason, s.outages[1].status],
    [at(8), at(13), true, 'http-503', 503],
  );
});

test('blocked checks are outside the denominator and reported apart', () => {
  const checks = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((m) =>
    check(m, m < 5 ? 'up' : 'blocked', m < 5 ? {} : { reason: 'waf: cloudflare challenge' }),
  );
  const s = computeUptime(checks, [session(1, 0, 10, 10)], opts(0, 10));
  assert.equal(s.percent, 100);
  assert.equal(s.coverage, 50);
  assert.equal(s.blockedPercent, 50);
  assert.equal(s.sufficient, false);
  assert.deepEqual(s.outages, []);
  assert.deepEqual(s.gaps, []);
  assert.equal(s.checks.blocked, 5);
});

test('a check made just before the window counts from the window start; it is not a check made in the window', () => {
  const checks = [check(-0.5, 'up'), check(0.5, 'up'), check(1.5, 'up')];
  const s = computeUptime(checks, [session(1, -1, 3, 3)], opts(0, 2));
  assert.deepEqual(s.gaps, []);
  assert.equal(s.coverage, 100);
  assert.equal(s.checks.made, 2);
});

test("an outage running into a gap ends at the last down check's reach, end not known", () => {
  const checks = [
    check(0, 'down', { reason: 'refused: ECONNREFUSED' }),
    check(1, 'down', { reason: 'refused: ECONNREFUSED' }),
    check(6, 'up', { sessionId: 2 }),
  ];
  const s = computeUptime(checks, [session(1, 0, 1, null), session(2, 6, 7, 7)], opts(0, 7));
  assert.equal(s.outages.length, 1);
  assert.deepEqual(
    [s.outages[0].end, s.outages[0].endKnown, s.outages[0].reason, s.outages[0].checks],
    [at(2.5), false, 'refused', 2],
  );
  assert.deepEqual(
    s.gaps.map((g) => g.cause),
    ['monitor-not-running'],
  );
  // down 2.5 min, up 1 min
  assert.equal(s.percent, round3((1 / 3.5) * 100));
});

test('no checks at all: no percentage, zero coverage, the whole window is a gap', () => {
  const s = computeUptime([], [], opts(0, 60));
  assert.equal(s.percent, null);
  assert.equal(s.coverage, 0);
  assert.equal(s.sufficient, false);
  assert.deepEqual(
    s.gaps.map((g) => g.durationMs),
    [60 * MIN],
  );
});

test('mean and p95 response time of up checks; transient failures confirmed up are counted', () => {
  const checks = Array.from({ length: 20 }, (_, i) =>
    check(i, 'up', {
      responseMs: i + 1,
      ...(i === 4 ? { reason: 'recovered on re-check after reset: socket hang up' } : {}),
    }),
  );
  checks.push(check(20, 'down', { responseMs: 9999 }));
  const s = computeUptime(checks, [session(1, 0, 21, 21)], opts(0, 21));
  assert.deepEqual(s.responseMs, { count: 20, mean: 10.5, p95: 19 });
  assert.equal(s.checks.recoveredOnRecheck, 1);
  assert.equal(percentile([5], 95), 5);
  assert.equal(percentile([], 95), null);
});

function round3(x: number) {
  return Math.round(x * 1000) / 1000;
}
