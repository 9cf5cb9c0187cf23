// The ARO checklists as written (seeds 000 and 001): the services-page guide of 1397, evaluator-only
// items, the working group's approval, an SLA for each service, the managers items.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadChecklist } from '../../src/score/checklists.ts';
import { scoreAgencies } from '../../src/score/score-agencies.ts';
import type { Facts } from '../../src/probes/types.ts';
import { agency, input, world } from './score-fixtures.ts';
import type { InputEntry } from '../../src/score/types.ts';

const aro97 = loadChecklist('aro-1397-provincial');
const aro00 = loadChecklist('aro-1400-national');

function row(checklist: typeof aro97, id: string, facts: Facts, inputs: InputEntry[] = []) {
  const a = agency('a1', [{ id: '1000000001' }]);
  const w = world([{ agencyId: 'a1', kind: 'portal', url: a.portalUrl, facts }]);
  const r = scoreAgencies({ checklist, agencies: [a], ...w, inputs }).agencies[0];
  return r.services[0].indicators.find((x) => x.indicatorId === id)!;
}

test('ARO 1397 3.1 reads the seed 001 services-page guide, not ARO 1400 annex A', () => {
  const base = { 'servicesPage.found': true };
  assert.equal(
    row(aro97, '3.1', { ...base, 'servicesPage.guideCoverage': 0.85, 'servicesPage.fieldCoverage': 0.1 })
      .value,
    1,
  );
  assert.equal(
    row(aro97, '3.1', { ...base, 'servicesPage.guideCoverage': 0.5, 'servicesPage.fieldCoverage': 1 }).value,
    0,
  );
});

test('ARO 1397 4.2 is evaluator input only, whatever the site shows', () => {
  const r = row(aro97, '4.2', { 'updateProcedure.found': true });
  assert.equal(r.value, null);
  assert.equal(r.reason, 'no-input');
  assert.equal(row(aro97, '4.2', {}, [input('a1', '4.2', 1)]).value, 1);
});

test('ARO 1397 6.1: the page is evidence, the approval is evaluator input; no page is 0', () => {
  const open = row(aro97, '6.1', { 'privacy.found': true });
  assert.equal(open.value, null);
  assert.equal(open.reason, 'not-measured');
  assert.match(open.because.en, /approved privacy policy/); // the fact by its label
  assert.equal(open.facts.find((f) => f.fact === 'privacy.found')?.value, true);
  assert.equal(row(aro97, '6.1', { 'privacy.found': false }).value, 0);
  assert.equal(row(aro97, '6.1', { 'privacy.found': true }, [input('a1', '6.1', 1)]).value, 1);
});

test('ARO 1397 7.1 scores the share of listed services with their own SLA', () => {
  const share = (x: number) => row(aro97, '7.1', { 'sla.found': true, 'sla.serviceShare': x }).value;
  assert.deepEqual([share(1), share(0.8), share(0.5), share(1 / 3), share(0.2)], [1, 0.75, 0.5, 0.25, 0]);
});

test('managers items ask for structure, names and titles, direct contact (and staff phones in 1400), not photos', () => {
  const noPhotos = {
    'managers.kind': 'partial',
    'managers.structure': true,
    'managers.names': true,
    'managers.directContact': true,
    'managers.staffPhones': false,
    'contacts.found': true,
  };
  assert.equal(row(aro97, '2.5', noPhotos).value, 1);
  assert.equal(row(aro00, '3.1.5.2', noPhotos).value, 0);
  assert.equal(row(aro00, '3.1.5.2', { ...noPhotos, 'managers.staffPhones': true }).value, 1);
  assert.equal(row(aro97, '2.5', { ...noPhotos, 'managers.directContact': false }).value, 0);
});

test('ARO 1400 3.1.7 comes from the verified desk forms (evaluator input); navigation is evidence', () => {
  const nav = { 'serviceDesk.found': true, 'serviceDesk.inMainNav': true };
  const open = row(aro00, '3.1.7', nav);
  assert.equal(open.value, null);
  assert.match(open.because.en, /service desk forms verified/); // the fact by its label
  assert.equal(open.facts.find((f) => f.fact === 'serviceDesk.inMainNav')?.value, true);
  assert.equal(row(aro00, '3.1.7', { ...nav, 'serviceDesk.inMainNav': false }).value, null);
  assert.equal(row(aro00, '3.1.7', nav, [input('a1', '3.1.7', 1)]).value, 1);
  assert.equal(row(aro00, '3.1.7', nav, [input('a1', '3.1.7', 0)]).value, 0);
});
