// Detectors as data: every detector is declared in detectors.yaml and run by a generic check; a new
// detector on a new topic needs a declaration and a phrase list, no code; bad declarations are refused
// with the detector and field named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDeclarations } from '../../src/probes/content/declared.ts';
import {
  CHECKS,
  DECLARATIONS,
  DETECTORS,
  declaredDetector,
} from '../../src/probes/content/detectors/index.ts';
import { buildPage, buildSite } from '../../src/probes/content/site.ts';

const site = (body: string) =>
  buildSite(
    [buildPage('https://example.gov.ir/', `<html lang="fa"><body>${body}</body></html>`, 0, true)],
    [],
    ['example.gov.ir'],
  );

test('every detector is declared, with its items, check, verdicts and negatives', () => {
  assert.equal(DETECTORS.length, DECLARATIONS.length);
  assert.ok(DETECTORS.length >= 27);
  for (const d of DECLARATIONS) {
    assert.ok(CHECKS[d.check], `${d.id}: check ${d.check}`);
    assert.ok(d.items.length && d.verdicts.length && d.negative.length, d.id);
  }
});

test('a new detector is a declaration: presence of a topic by link label, heading or URL', () => {
  const [d] = loadDeclarations(
    CHECKS,
    `
tendersAgain:
  items: [ARO test]
  check: presence
  verdicts: [found]
  negative: [none]
  topic: tenders
  urlTopic: tenders
  where: [link, url]
  fact: tendersAgain.found
  label: tenders
`,
  );
  const det = declaredDetector(d);
  assert.equal(det.run(site('<a href="/fa/news/12">مناقصات</a>')).verdict, 'found');
  // An image-only button whose target names the topic.
  assert.equal(det.run(site('<a href="/fa/tender"><img src="t.png" alt=""></a>')).verdict, 'found');
  // A heading alone does not count here: `where` has no heading.
  assert.equal(det.run(site('<h2>مناقصات</h2><p>متن</p>')).verdict, 'none');
  assert.deepEqual(det.run(site('<p>هیچ</p>')).facts, { 'tendersAgain.found': false });
});

test('links-to-hosts and phone-numbers are generic too', () => {
  const [hosts, phones] = loadDeclarations(
    CHECKS,
    `
cards:
  items: [x]
  check: links-to-hosts
  verdicts: [found]
  negative: [none]
  hosts: identityCards
  fact: cards.found
  label: card
phones:
  items: [x]
  check: phone-numbers
  verdicts: [found]
  negative: [none]
  topic: contacts
  urlTopic: contacts
  pages: [home]
  min: 2
  fact: phones.found
`,
  );
  assert.equal(
    declaredDetector(hosts).run(site('<a href="https://khadamat.mardom.ir/x">شناسنامه</a>')).verdict,
    'found',
  );
  const p = declaredDetector(phones);
  assert.equal(p.run(site('<p>تلفن: ۰۲۱-۸۸۷۷۶۶۵۵</p>')).verdict, 'none', 'one number is under min: 2');
  assert.equal(p.run(site('<p>تلفن: ۰۲۱-۸۸۷۷۶۶۵۵ و ۰۹۱۲۳۴۵۶۷۸۹</p>')).verdict, 'found');
});

test('bad declarations name the detector and field', () => {
  assert.throws(
    () => loadDeclarations(CHECKS, 'x:\n  items: [a]\n  check: nosuch\n  verdicts: [f]\n  negative: [n]\n'),
    /detectors\.yaml: x\.check: unknown check "nosuch"/,
  );
  assert.throws(
    () =>
      loadDeclarations(
        CHECKS,
        'x:\n  items: [a]\n  check: presence\n  verdicts: [f]\n  negative: [n]\n  topic: nosuchTopic\n',
      ),
    /x\.topic: no phrase list "nosuchTopic"/,
  );
  assert.throws(
    () =>
      loadDeclarations(
        CHECKS,
        'x:\n  items: [a]\n  check: presence\n  verdicts: [f]\n  negative: [n]\n  urlTopic: nope\n',
      ),
    /x\.urlTopic: no list "nope" in phrases\/urls\.yaml/,
  );
  assert.throws(
    () => loadDeclarations(CHECKS, 'x:\n  items: []\n  check: presence\n  verdicts: [f]\n  negative: [n]\n'),
    /x\.items: must be a non-empty list/,
  );
});
