// The ITO period-7 rules applied to hand-made facts: thresholds at their boundaries, applicability,
// missing values, evaluator input and aggregation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadChecklist } from '../../src/score/checklists.ts';
import { round } from '../../src/score/aggregate.ts';
import { scoreAgencies } from '../../src/score/score-agencies.ts';
import type { Facts } from '../../src/probes/types.ts';
import type { AgencyResult, InputEntry } from '../../src/score/types.ts';
import { agency, input, world, type FactSpec } from './score-fixtures.ts';

const ito = loadChecklist('ito-p7');

function scoreOne(
  portalFacts: Facts,
  opts: {
    serviceFacts?: Facts;
    inputs?: InputEntry[];
    type?: 'G2C' | 'G2G';
    extra?: FactSpec[];
    missingAsZero?: boolean;
  } = {},
): AgencyResult {
  const a = agency('a1', [{ id: '1000000001', type: opts.type ?? 'G2C' }]);
  const w = world([
    { agencyId: 'a1', kind: 'portal', url: a.portalUrl, facts: portalFacts },
    {
      agencyId: 'a1',
      kind: 'service',
      serviceId: '1000000001',
      url: a.services[0].url,
      facts: opts.serviceFacts ?? {},
    },
    ...(opts.extra ?? []),
  ]);
  return scoreAgencies({
    checklist: ito,
    agencies: [a],
    ...w,
    inputs: opts.inputs ?? [],
    missingAsZero: opts.missingAsZero,
  }).agencies[0];
}

const row = (a: AgencyResult, id: string) => a.services[0].indicators.find((r) => r.indicatorId === id)!;

describe('thresholds', () => {
  const speed = (s: number) => row(scoreOne({}, { serviceFacts: { 'speed.score': s } }), '3').value;
  test('speed: 90 -> 0.75, 90.1 -> 1, 80 -> 0.5, 60 -> 0, 60.5 -> 0.25', () => {
    assert.equal(speed(90), 0.75);
    assert.equal(speed(90.1), 1);
    assert.equal(speed(80), 0.5);
    assert.equal(speed(70.01), 0.5);
    assert.equal(speed(60.5), 0.25);
    assert.equal(speed(60), 0);
  });

  // Seed 003 §3-8 measured speed on the main service page; `over: all-services` is the evaluator's
  // alternative (mean over every service page).
  const twoServices = (main?: 0 | 1) => {
    const a = agency('a1', [
      { id: '1000000001', main: main === 0 || undefined },
      { id: '1000000002', main: main === 1 || undefined },
    ]);
    const w = world([
      { agencyId: 'a1', kind: 'portal', url: a.portalUrl, facts: { 'speed.score': 20 } },
      {
        agencyId: 'a1',
        kind: 'service',
        serviceId: '1000000001',
        url: a.services[0].url,
        facts: { 'speed.score': 95 },
      },
      {
        agencyId: 'a1',
        kind: 'service',
        serviceId: '1000000002',
        url: a.services[1].url,
        facts: { 'speed.score': 84 },
      },
    ]);
    return { a, w };
  };
  const speedRow = (checklist: typeof ito, main?: 0 | 1) => {
    const { a, w } = twoServices(main);
    const r = scoreAgencies({ checklist, agencies: [a], ...w, inputs: [] }).agencies[0];
    return r.services[1].indicators.find((x) => x.indicatorId === '3')!;
  };

  test('speed is read on the main service page (marked, else the first listed); portal as fallback', () => {
    const first = speedRow(ito);
    assert.equal(first.value, 1); // the first service (95) when none is marked
    assert.match(first.facts[0].how, /mean over 1 main service page$/);
    assert.equal(first.facts[0].measurements.length, 1);
    const marked = speedRow(ito, 1);
    assert.equal(marked.value, 0.75); // the marked main service (84)
    assert.equal(marked.facts[0].value, 84);
    assert.equal(row(scoreOne({ 'speed.score': 91 }), '3').value, 1); // no service page measured: portal
  });

  test('over: all-services takes the mean over every service page', () => {
    const all = {
      ...ito,
      indicators: ito.indicators.map((ind) =>
        ind.id === '3'
          ? {
              ...ind,
              facts: { 'speed.score': { ...ind.facts['speed.score'], over: 'all-services' as const } },
            }
          : ind,
      ),
    };
    const s3 = speedRow(all, 1);
    assert.equal(s3.value, 0.75); // mean 89.5
    assert.equal(s3.facts[0].value, 89.5);
    assert.match(s3.facts[0].how, /mean over 2 service pages/);
    assert.equal(s3.facts[0].measurements.length, 2);
  });

  test('TLS is read on the main service site', () => {
    const a = agency('a1', [
      { id: '1000000001', url: 'https://a1.example.ir/s/1' },
      { id: '1000000002', url: 'https://e.a1.ir/s/2', main: true },
    ]);
    const w = world([
      { agencyId: 'a1', kind: 'portal', url: a.portalUrl, facts: {} },
      {
        agencyId: 'a1',
        kind: 'service',
        serviceId: '1000000001',
        url: a.services[0].url,
        probe: 'uptime',
        facts: { 'uptime.percent': 100, 'uptime.coverage': 100 },
      },
      {
        agencyId: 'a1',
        kind: 'service',
        serviceId: '1000000002',
        url: a.services[1].url,
        probe: 'uptime',
        facts: { 'uptime.percent': 89, 'uptime.coverage': 100 },
      },
      { agencyId: 'a1', kind: 'host', host: 'a1.example.ir', probe: 'tls', facts: { 'tls.grade': 'A' } },
      { agencyId: 'a1', kind: 'host', host: 'e.a1.ir', probe: 'tls', facts: { 'tls.grade': 'C' } },
    ]);
    const r = scoreAgencies({ checklist: ito, agencies: [a], ...w, inputs: [] }).agencies[0];
    for (const s of r.services) {
      const tls = s.indicators.find((x) => x.indicatorId === '4')!;
      assert.equal(tls.value, 0, `${s.serviceId}: grade C of the main service site`);
      assert.match(tls.facts[0].how, /host of the main service e\.a1\.ir/);
    }
  });

  test('uptime: 99 -> 0.5, 99.01 -> 1, 90 -> 0.5, 89.9 -> 0; low coverage -> not measured', () => {
    const up = (p: number, cov = 100) => row(scoreOne({ 'uptime.percent': p, 'uptime.coverage': cov }), '2');
    assert.equal(up(99).value, 0.5);
    assert.equal(up(99.01).value, 1);
    assert.equal(up(90).value, 0.5);
    assert.equal(up(89.9).value, 0);
    const low = up(100, 50);
    assert.equal(low.value, null);
    assert.equal(low.source, 'missing');
    assert.equal(low.reason, 'not-measured');
    assert.match(low.because.en, /uptime monitoring coverage \(%\) ≥ 90 \(now 50\)/);
  });

  test('TLS grade of the service host: A- -> 1, B -> 0.5, C and T -> 0', () => {
    const tls = (g: string) =>
      row(
        scoreOne(
          {},
          {
            extra: [
              {
                agencyId: 'a1',
                kind: 'host',
                host: 'a1.example.ir:443',
                url: 'https://a1.example.ir/',
                probe: 'tls',
                facts: { 'tls.grade': g },
              },
            ],
          },
        ),
        '4',
      );
    assert.equal(tls('A-').value, 1);
    assert.equal(tls('A+').value, 1);
    assert.equal(tls('B').value, 0.5);
    assert.equal(tls('C').value, 0);
    assert.equal(tls('T').value, 0);
    assert.match(tls('B').facts[0].how, /host of the main service a1\.example\.ir:443; tlsGradeClass\("B"\)/);
  });

  test('FAQ is read per service: 5 for this service -> 1; 10 in all -> 0.25; 9 -> 0', () => {
    const faq = (service: number, count: number) =>
      row(scoreOne({ 'faq.count': count }, { serviceFacts: { 'faq.serviceCount': service } }), '15');
    assert.equal(faq(5, 30).value, 1);
    assert.equal(faq(4, 30).value, 0.25);
    assert.equal(faq(2, 10).value, 0.25);
    assert.equal(faq(0, 9).value, 0);
    // The agency-wide minimum no longer decides a service's row.
    assert.equal(row(scoreOne({ 'faq.perServiceMin': 5, 'faq.count': 9 }), '15').value, 0);
  });

  test('FAQ per service: two services of one agency get their own values', () => {
    const a = agency('a1', [{ id: '1000000001' }, { id: '1000000002' }]);
    const w = world([
      { agencyId: 'a1', kind: 'portal', url: a.portalUrl, facts: { 'faq.count': 12 } },
      { agencyId: 'a1', kind: 'service', serviceId: '1000000001', facts: { 'faq.serviceCount': 6 } },
      { agencyId: 'a1', kind: 'service', serviceId: '1000000002', facts: { 'faq.serviceCount': 1 } },
    ]);
    const r = scoreAgencies({ checklist: ito, agencies: [a], ...w, inputs: [] }).agencies[0];
    const v = r.services.map((s) => s.indicators.find((x) => x.indicatorId === '15')!.value);
    assert.deepEqual(v, [1, 0.25]);
  });

  test('FAQ without listed services (payesh site): agency-wide options apply, no FAQ is 0', () => {
    const a = agency('a1', []);
    const score = (facts: Facts) => {
      const w = world([{ agencyId: 'a1', kind: 'portal', url: a.portalUrl, facts }]);
      return scoreAgencies({
        checklist: ito,
        agencies: [a],
        ...w,
        inputs: [],
      }).agencies[0].services[0].indicators.find((x) => x.indicatorId === '15')!;
    };
    const none = score({ 'faq.count': 0, 'faq.perServiceMin': null });
    assert.equal(none.source, 'auto');
    assert.equal(none.value, 0);
    assert.equal(score({ 'faq.count': 12 }).value, 0.25);
    // Other service-level indicators are still left out.
    const w = world([{ agencyId: 'a1', kind: 'portal', url: a.portalUrl, facts: {} }]);
    const r = scoreAgencies({ checklist: ito, agencies: [a], ...w, inputs: [] }).agencies[0];
    assert.equal(r.services[0].indicators.find((x) => x.indicatorId === '14')!.source, 'not-applicable');
  });

  test('usability: personalisation alone -> 0.5, with search -> 1, nothing -> 0', () => {
    const u = (f: Facts) =>
      row(
        scoreOne({
          'usability.personalisation': false,
          'usability.search': false,
          'usability.visitorStats': false,
          'usability.map': false,
          'usability.showsIp': false,
          ...f,
        }),
        '11',
      ).value;
    assert.equal(u({ 'usability.personalisation': true }), 0.5);
    assert.equal(u({ 'usability.personalisation': true, 'usability.search': true }), 1);
    assert.equal(u({}), 0);
  });

  test('broken links: 0 of 40 -> 1; 1 -> 0; nothing checked -> not measured', () => {
    const links = (navBroken: number, share: number, checked = 400) => ({
      'links.checked': checked,
      'links.navBroken': navBroken,
      'links.internalBrokenShare': share,
    });
    assert.equal(row(scoreOne(links(0, 0)), '22').value, 1);
    // One stale internal link among hundreds (and any number of dead external links) still passes.
    assert.equal(row(scoreOne(links(0, 0.02)), '22').value, 1);
    assert.equal(row(scoreOne(links(0, 0.021)), '22').value, 0);
    // A page the home or service pages link to that answers 404/5xx fails.
    assert.equal(row(scoreOne(links(1, 0.001)), '22').value, 0);
    assert.equal(row(scoreOne(links(0, 0, 0)), '22').source, 'missing');
  });
});

describe('missing values', () => {
  test('a decl indicator with no input is missing, not 0, and its points are counted as missing', () => {
    const a = scoreOne({});
    const r1 = row(a, '1');
    assert.equal(r1.source, 'missing');
    assert.equal(r1.reason, 'no-input');
    assert.equal(r1.value, null);
    assert.equal(r1.points, 0);
    assert.equal(r1.missingPoints, 10);
    assert.match(r1.next!.en, /evaluator input/i);
    assert.equal(r1.unverified?.kind, 'input-needed');
  });

  test('an auto indicator whose fact no probe gave is "not measured" with the probe error', () => {
    const a = scoreOne(
      {},
      {
        extra: [
          {
            agencyId: 'a1',
            kind: 'portal',
            url: 'https://a1.example.ir/',
            probe: 'lighthouse',
            error: { type: 'timeout', message: 'no load event in 60 s' },
          },
        ],
      },
    );
    const r3 = row(a, '3');
    assert.equal(r3.source, 'missing');
    assert.equal(r3.reason, 'not-measured');
    assert.match(r3.because.en, /no value for speed score \(Lighthouse\)/);
    assert.deepEqual(
      r3.errors.map((e) => `${e.probe}:${e.error.type}`),
      ['lighthouse:timeout'],
    );
  });

  test('--missing-as-zero on: unverified count as 0, final; off: the same verified points, the rest open and provisional', () => {
    // Transparent priority: only 21 (weight 20) known = 1; the other 80 points unverified.
    const on = scoreOne({ 'managers.kind': 'complete' }, { missingAsZero: true });
    const off = scoreOne({ 'managers.kind': 'complete' });
    const pOn = on.priorities.find((p) => p.id === 'transparent')!;
    const pOff = off.priorities.find((p) => p.id === 'transparent')!;
    assert.equal(round(pOn.score!, 6), 20);
    assert.equal(round(pOff.score!, 6), 20, 'never rescaled as if the open indicators did not exist');
    assert.equal(round(pOn.missingPoints, 6), 80);
    assert.equal(round(pOff.missingPoints, 6), 80);
    assert.equal(on.missingAsZero, true);
    assert.equal(on.provisional, false);
    assert.equal(off.provisional, true);
    assert.equal(on.total, off.total);
    assert.ok(on.missingPoints > 0 && round(on.missingPoints, 6) === round(off.missingPoints, 6));
    assert.ok(off.open.length > 0);
    // Open points over the listed indicators add up to the agency's open points.
    const sum = off.open.reduce((s, o) => s + o.points, 0);
    assert.equal(round(sum, 6), round(off.missingPoints, 6));
  });
});

describe('applicability', () => {
  test('G2G service: indicators not applicable to G2G are left out and weights rescaled to 100', () => {
    const facts = { 'uptime.percent': 100, 'uptime.coverage': 100, 'speed.score': 95, 'responsive.ok': true };
    const a = scoreOne(facts, { type: 'G2G', inputs: [input('a1', '1', 1)] });
    assert.equal(row(a, '2').source, 'not-applicable');
    assert.equal(row(a, '2').reason, 'g2g');
    assert.equal(row(a, '3').source, 'not-applicable');
    assert.equal(row(a, '8').value, 1);
    // Applicable user-centric weights for G2G: 1,6,7,8,10,11,12,13,15,16 = 10+5*8+10 = 60... rescaled by 100/60.
    const applicable = a.services[0].indicators.filter(
      (r) => r.priority === 'user-centric' && r.source !== 'not-applicable',
    );
    assert.deepEqual(
      applicable.map((r) => r.indicatorId),
      ['1', '6', '7', '8', '10', '11', '12', '13', '15', '16'],
    );
    assert.equal(
      round(
        applicable.reduce((s, r) => s + r.effectiveWeight, 0),
        9,
      ),
      100,
    );
    assert.equal(round(row(a, '8').effectiveWeight, 6), round((5 * 100) / 60, 6));
    // 1 (weight 10) and 8 (weight 5) are 1: (10 + 5) * 100 / 60 = 25.
    assert.equal(round(a.priorities.find((p) => p.id === 'user-centric')!.score!, 6), 25);
  });

  test('evaluator "not applicable" with a reason excludes the indicator', () => {
    const a = scoreOne({}, { inputs: [input('a1', '9', null, { reason: 'no citizen services' })] });
    const r9 = row(a, '9');
    assert.equal(r9.source, 'not-applicable');
    assert.equal(r9.reason, 'evaluator');
    assert.match(r9.because.en, /no citizen services/);
    assert.equal(r9.effectiveWeight, 0);
    const uc = a.services[0].indicators.filter(
      (r) => r.priority === 'user-centric' && r.source !== 'not-applicable',
    );
    assert.equal(
      round(
        uc.reduce((s, r) => s + r.effectiveWeight, 0),
        9,
      ),
      100,
    );
  });
});

describe('evaluator input', () => {
  test('confirmed when equal to the automatic value, overridden when not, input for decl', () => {
    const facts = { 'responsive.ok': true, 'secondLanguage.level': 'general' };
    const a = scoreOne(facts, {
      inputs: [
        input('a1', '8', 1),
        input('a1', '10', 1, { note: 'English services page found' }),
        input('a1', '6', 1),
      ],
    });
    assert.equal(row(a, '8').source, 'confirmed');
    assert.equal(row(a, '10').source, 'overridden');
    assert.equal(row(a, '10').value, 1);
    assert.equal(row(a, '10').autoValue, 0.25);
    assert.match(row(a, '10').because.en, /overriding the automatic 0\.25/);
    assert.equal(row(a, '6').source, 'input');
    assert.equal(row(a, '6').points, 5);
  });

  test('the latest input wins; a service input beats the agency-wide one', () => {
    const a = scoreOne(
      {},
      {
        inputs: [
          input('a1', '1', 1, { createdAt: '2024-05-02T00:00:00Z' }),
          input('a1', '1', 0, { createdAt: '2024-05-01T00:00:00Z' }),
          input('a1', '5', 0),
          input('a1', '5', 0.5, { serviceId: '1000000001' }),
        ],
      },
    );
    assert.equal(row(a, '1').value, 1);
    assert.equal(row(a, '5').value, 0.5);
  });
});

describe('aggregation', () => {
  test('agency score is the mean of its service totals; portal values apply to every service', () => {
    const a = agency('a1', [{ id: '1000000001' }, { id: '1000000002' }]);
    const w = world([{ agencyId: 'a1', kind: 'portal', url: a.portalUrl, facts: { 'responsive.ok': true } }]);
    const inputs = [
      input('a1', '1', 1, { serviceId: '1000000001' }),
      input('a1', '1', 0, { serviceId: '1000000002' }),
    ];
    const r = scoreAgencies({ checklist: ito, agencies: [a], ...w, inputs }).agencies[0];
    const [s1, s2] = r.services;
    assert.equal(s1.indicators.find((x) => x.indicatorId === '8')!.value, 1);
    assert.equal(s2.indicators.find((x) => x.indicatorId === '8')!.value, 1);
    // s1 user-centric 15 -> total 4.5; s2 user-centric 5 -> total 1.5.
    assert.equal(round(s1.total!, 6), 4.5);
    assert.equal(round(s2.total!, 6), 1.5);
    assert.equal(round(r.total!, 6), 3);
    assert.equal(r.indicators['1'].value, 0.5);
    assert.equal(r.indicators['1'].option, null); // differs between services
    assert.equal(r.indicators['8'].option, 'قابلیت واکنش‌گرایی');
  });

  test('an agency with no services is scored on portal- and agency-level indicators and says so', () => {
    const a = agency('a2', []);
    const w = world([{ agencyId: 'a2', kind: 'portal', url: a.portalUrl, facts: { 'responsive.ok': true } }]);
    const r = scoreAgencies({ checklist: ito, agencies: [a], ...w, inputs: [] }).agencies[0];
    assert.equal(r.services.length, 1);
    assert.equal(r.services[0].pseudo, true);
    assert.match(r.notes[0], /no services/);
    assert.equal(r.services[0].indicators.find((x) => x.indicatorId === '1')!.source, 'not-applicable');
    assert.equal(r.services[0].indicators.find((x) => x.indicatorId === '8')!.value, 1);
  });

  test('an agency with no listed services still gets every site-measured indicator, FAQ included', () => {
    const a = agency('a3', []);
    const facts = {
      'responsive.ok': true,
      'faq.count': 12,
      'secondLanguage.level': 'general',
      'support.kind': 'contact',
      'a11y.level': 'partial',
      'a11y.adjustTools': false,
      'links.checked': 300,
      'links.navBroken': 0,
      'links.internalBrokenShare': 0.01,
    };
    const w = world([{ agencyId: 'a3', kind: 'portal', url: a.portalUrl, facts }]);
    const r = scoreAgencies({ checklist: ito, agencies: [a], ...w, inputs: [] }).agencies[0];
    const value = (id: string) => r.services[0].indicators.find((x) => x.indicatorId === id)!;
    assert.equal(value('8').value, 1);
    assert.equal(value('12').value, 0.5);
    // 12 questions on the agency's FAQ page: the agency-wide option, not "not measured".
    assert.equal(value('15').value, 0.25, JSON.stringify(value('15')));
    assert.equal(value('22').value, 1);
  });

  test('full marks give 100 and rank 1; ties keep listed order', () => {
    const all = (id: string) => ito.indicators.map((ind) => input(id, ind.id, ind.options[0].value));
    const a = agency('a', [{ id: '1000000001' }]);
    const b = agency('b', [{ id: '1000000001' }]);
    const c = agency('c', [{ id: '1000000001' }]);
    const r = scoreAgencies({
      checklist: ito,
      agencies: [a, b, c],
      targets: [],
      measurements: [],
      inputs: [...all('a'), ...all('b')],
    });
    assert.equal(round(r.agencies[0].total!, 6), 100);
    assert.deepEqual(
      r.agencies.map((x) => x.rank),
      [1, 2, 3],
    );
    assert.equal(r.agencies[0].band?.id, 'excellent');
    assert.equal(r.agencies[2].total, 0);
    assert.equal(r.agencies[2].band?.id, 'weak');
    assert.equal(r.agencies[2].missingIndicators, 30);
  });

  test('the next option is explained with the current value', () => {
    const r3 = row(scoreOne({}, { serviceFacts: { 'speed.score': 85 } }), '3');
    assert.match(
      r3.because.en,
      /^0\.75 "Mean score above 80 up to 90" because speed score \(Lighthouse\) > 80 \(now 85\)/,
    );
    assert.match(r3.next!.en, /To reach 1 .*speed score \(Lighthouse\) > 90 \(now 85\)/);
    assert.match(r3.next!.fa, /امتیاز سرعت \(Lighthouse\) بیشتر از ۹۰ \(اکنون ۸۵\)/);
    assert.doesNotMatch(r3.next!.fa, /speed\.score|[0-9]/);
  });
});

// Seed 003 read accessibility (ITO 12) on the portal home and the main service page: the weaker page
// decides; adjusting tools on either page count; the portal alone when the service page was not measured.
describe('accessibility on the portal and the main service page', () => {
  // The axe probe always states whether adjusting tools were found.
  const a11y = (portal: Facts, service: Facts) =>
    row(scoreOne({ 'a11y.adjustTools': false, ...portal }, { serviceFacts: service }), '12');
  test('the weaker page decides the level', () => {
    assert.equal(a11y({ 'a11y.level': 'full' }, { 'a11y.level': 'full' }).value, 1);
    assert.equal(a11y({ 'a11y.level': 'full' }, { 'a11y.level': 'partial' }).value, 0.5);
    assert.equal(a11y({ 'a11y.level': 'partial' }, { 'a11y.level': 'none' }).value, 0);
    assert.equal(a11y({ 'a11y.level': 'none' }, { 'a11y.level': 'full' }).value, 0);
  });
  test('the portal alone when the main service page was not measured; adjusting tools on either page', () => {
    assert.equal(a11y({ 'a11y.level': 'full' }, {}).value, 1);
    assert.equal(
      a11y({ 'a11y.level': 'none' }, { 'a11y.level': 'none', 'a11y.adjustTools': true }).value,
      0.5,
    );
    const r = a11y({ 'a11y.level': 'full' }, { 'a11y.level': 'partial' });
    assert.match(JSON.stringify(r), /portal home page and 1 main service page/);
  });
});
