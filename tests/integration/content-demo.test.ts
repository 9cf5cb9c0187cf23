// The content and links probes against the demo world: facts compared with its manifest.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { startDemoWorld, type DemoWorld } from '../../fixtures/demo-world/server.ts';
import { defaultNetOptions, parseResolve } from '../../src/net/options.ts';
import { clearCrawlCache } from '../../src/probes/crawl/agency-crawl.ts';
import { createContentProbe } from '../../src/probes/content/probe.ts';
import { createLinksProbe } from '../../src/probes/links/probe.ts';
import type { Facts, Measurement, ProbeContext, Target } from '../../src/probes/types.ts';

let world: DemoWorld;
before(async () => {
  world = await startDemoWorld({ ephemeral: true });
});
after(async () => {
  await world?.close();
});

const CONTENT_FACTS =
  /^(secondLanguage|usability|serviceDesk|servicesPage|faq|support|stats|strategy|managers|consultation|decision|updateDate|contacts|announcements|identityCards|privacy|sla|tenders|survey|socialNetworks|reports|otherAgencyLinks|updateProcedure|chat)\./;

interface DemoService {
  id: string;
  title: string;
  path: string;
  facts: Facts;
}

async function audit(
  key: string,
): Promise<{ content: Measurement; links: Measurement; expected: Facts; services: DemoService[] }> {
  const agency = world.manifest.agencies.find((a) => a.key === key)! as unknown as {
    id: string;
    host: string;
    facts: Facts;
    services: DemoService[];
  };
  const origin = world.origins[agency.host];
  const net = defaultNetOptions({
    resolve: new Map(world.resolve.map(parseResolve)),
    allowPrivate: true,
    extraCa: [readFileSync(world.caFile, 'utf8')],
    totalTimeoutMs: 10_000,
  });
  const host = new URL(origin).host;
  const target: Target = {
    agencyId: agency.id,
    kind: 'portal',
    url: `${origin}/`,
    host,
    runId: `demo-${key}`,
  };
  const agencyTargets: Target[] = [
    target,
    ...agency.services.map((s) => ({
      agencyId: agency.id,
      serviceId: s.id,
      kind: 'service' as const,
      url: `${origin}${s.path}`,
      host,
    })),
  ];
  const ctx: ProbeContext = {
    net,
    log: pino({ level: 'silent' }),
    signal: new AbortController().signal,
    runDir: '.',
    agencyTargets,
  };
  // As in an audit: the probe gets the service targets (ID and URL) only; titles come from the service pages.
  const opts = {};
  const [content, links] = await Promise.all([
    createContentProbe(opts).run(target, ctx),
    createLinksProbe({
      ...opts,
      externalLinks: 'check',
      externalFilter: (u) => new URL(u).hostname === '127.0.0.1',
    }).run(target, ctx),
  ]);
  return { content, links, expected: agency.facts, services: agency.services };
}

for (const key of ['nikan', 'miyaneh', 'kohan']) {
  test(`demo world ${key}: content and links facts match the manifest`, async () => {
    clearCrawlCache();
    const { content, links, expected, services } = await audit(key);
    assert.equal(content.error, undefined, JSON.stringify(content.error));
    const got = { ...content.values.facts, ...links.values.facts } as Facts;
    const wrong: string[] = [];
    for (const [k, v] of Object.entries(expected)) {
      if (!CONTENT_FACTS.test(k) && k !== 'links.broken') continue;
      if (got[k] !== v) wrong.push(`${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(got[k])}`);
    }
    const serviceFacts = (content.values as { serviceFacts: Record<string, Facts> }).serviceFacts;
    for (const s of services)
      for (const k of ['guide.kind', 'tracking.kind', 'feedback.kind', 'faq.serviceCount'])
        if (serviceFacts[s.id]?.[k] !== s.facts[k])
          wrong.push(`service ${s.id} ${k}: expected ${s.facts[k]}, got ${serviceFacts[s.id]?.[k]}`);
    assert.deepEqual(wrong, []);
  });
}
