import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { InProcessRunner } from '../../src/queue/in-process.ts';
import type { Job } from '../../src/queue/types.ts';

const jobs = (n: number, host: (i: number) => string, usesBrowser = false): Job[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `p:${i}`,
    probe: 'p',
    targetId: i,
    host: host(i),
    usesBrowser,
  }));

test('never runs more than perHost jobs on one host, and respects the global cap', async () => {
  const r = new InProcessRunner({ concurrency: 6, perHost: 2, hostDelayMs: 0 });
  const active = new Map<string, number>();
  let maxPerHost = 0;
  let activeAll = 0;
  let maxAll = 0;
  const s = await r.run(
    jobs(24, (i) => `h${i % 3}`),
    async (job) => {
      active.set(job.host, (active.get(job.host) ?? 0) + 1);
      activeAll++;
      maxPerHost = Math.max(maxPerHost, active.get(job.host)!);
      maxAll = Math.max(maxAll, activeAll);
      await sleep(5);
      active.set(job.host, active.get(job.host)! - 1);
      activeAll--;
    },
  );
  assert.equal(s.done, 24);
  assert.equal(maxPerHost, 2);
  assert.ok(maxAll <= 6);
});

test('spaces the starts of jobs on one host by the politeness delay', async () => {
  // The gate spaces starts by 100 ms; a handler may begin late on a busy machine, so half a delay
  // of slack is allowed between what the gate did and what the handler sees.
  const r = new InProcessRunner({ concurrency: 4, perHost: 4, hostDelayMs: 100 });
  const starts: number[] = [];
  await r.run(
    jobs(4, () => 'h'),
    async () => {
      starts.push(Date.now());
    },
  );
  const gaps = starts.slice(1).map((t, i) => t - starts[i]);
  assert.ok(
    gaps.every((g) => g >= 50),
    `gaps ${gaps}`,
  );
});

test('retries a throwing job with backoff, then reports it failed', async () => {
  const r = new InProcessRunner({ retries: 2, backoffMs: 1 });
  const attempts = new Map<string, number>();
  const failedKeys: string[] = [];
  const s = await r.run(
    jobs(2, () => 'h'),
    async (job, _signal, attempt) => {
      attempts.set(job.key, attempt);
      if (job.targetId === 0) throw new Error('always');
      if (attempt < 2) throw new Error('once');
    },
    { onFinish: (job, outcome) => outcome === 'failed' && failedKeys.push(job.key) },
  );
  assert.deepEqual(s, { done: 1, failed: 1, cancelled: 0 });
  assert.equal(attempts.get('p:0'), 3);
  assert.equal(attempts.get('p:1'), 2);
  assert.deepEqual(failedKeys, ['p:0']);
});

test('a job that ignores its signal is cut at the time limit', async () => {
  const r = new InProcessRunner({ jobTimeoutMs: 50, retries: 0 });
  let err: Error | undefined;
  const s = await r.run(
    jobs(1, () => 'h'),
    () => new Promise(() => {}),
    { onFinish: (_j, _o, e) => (err = e) },
  );
  assert.equal(s.failed, 1);
  assert.equal(err?.name, 'JobTimeoutError');
});

test('cancel stops taking new jobs and aborts the ones in flight', async () => {
  const r = new InProcessRunner({ concurrency: 2, perHost: 2, hostDelayMs: 0 });
  let started = 0;
  const p = r.run(
    jobs(10, () => 'h'),
    async (_job, signal) => {
      started++;
      await sleep(10_000, undefined, { signal });
    },
  );
  await sleep(30);
  r.cancel('test');
  const s = await p;
  assert.equal(started, 2);
  assert.equal(s.cancelled, 10);
  assert.equal(s.done, 0);
});

test('browser jobs run one at a time in their own lane', async () => {
  const r = new InProcessRunner({ concurrency: 4, perHost: 4, hostDelayMs: 0, browserConcurrency: 1 });
  let active = 0;
  let max = 0;
  await r.run(
    jobs(5, (i) => `h${i}`, true),
    async () => {
      active++;
      max = Math.max(max, active);
      await sleep(5);
      active--;
    },
  );
  assert.equal(max, 1);
});
