import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexTargets } from '../../src/score/facts.ts';
import type { StoredMeasurement } from '../../src/store/repository.ts';
import type { Target } from '../../src/probes/types.ts';

const targets: Target[] = [
  { id: 1, agencyId: 'A1', kind: 'portal', url: 'https://a.test/', host: 'a.test:443', serviceId: null },
  {
    id: 2,
    agencyId: 'A1',
    kind: 'service',
    url: 'https://a.test/s/1',
    host: 'a.test:443',
    serviceId: '1000000001',
  },
  {
    id: 3,
    agencyId: 'A2',
    kind: 'service',
    url: 'https://b.test/s/1',
    host: 'b.test:443',
    serviceId: '1000000001',
  },
];

const m = (targetId: number, values: Record<string, unknown>): StoredMeasurement => ({
  id: targetId,
  runId: 'r',
  targetId,
  probe: 'content',
  url: 'https://a.test/',
  values,
  evidence: [],
  toolVersion: 't',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:00:01Z',
});

test("service facts reported by a portal-wide probe land on that agency's service targets only", () => {
  const idx = indexTargets(targets, [
    m(1, { facts: { 'faq.count': 12 }, serviceFacts: { '1000000001': { 'guide.kind': 'multimedia' } } }),
  ]);
  assert.equal(idx.get(2)!.facts['guide.kind'], 'multimedia');
  assert.equal(idx.get(2)!.by['guide.kind'].probe, 'content');
  assert.equal(idx.get(3)!.facts['guide.kind'], undefined);
  assert.equal(idx.get(1)!.facts['guide.kind'], undefined);
});

test('a fact measured on the service page itself wins over the portal-wide one', () => {
  const idx = indexTargets(targets, [
    m(2, { facts: { 'guide.kind': 'html' } }),
    m(1, { facts: {}, serviceFacts: { '1000000001': { 'guide.kind': 'multimedia' } } }),
  ]);
  assert.equal(idx.get(2)!.facts['guide.kind'], 'html');
});
