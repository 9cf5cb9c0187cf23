// The content detectors on the real-page corpus (fixtures/real-pages): the floor reached, over every
// verdict and per detector. The target is 0.95 for every detector; `npm run corpus` prints them and
// docs/content-checks.md explains each remaining miss. The floor applies to the pages the rules were
// tuned on (50 pages gave 98.6% agreement and at most 3 misses for any one detector; the floor sits just
// under that, so a regression fails it). Held-out pages (`heldOut`, labelled before any detector ran on
// them) measure whether the rules generalise: they are counted apart, under a floor of their own, so a
// new held-out page shows its misses instead of breaking the tuned floor.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import {
  analyseCase,
  loadCorpus,
  pageHtml,
  scoreDetectors,
  type CorpusCase,
} from '../../src/probes/content/evaluate.ts';

const dir = new URL('../../fixtures/real-pages/', import.meta.url);

/** Share of (page, detector) pairs where the verdict is exactly the label, on the tuned pages. */
const AGREEMENT_FLOOR = 0.97;
/** Most tuned pages any one detector may judge differently from the label. */
const MAX_MISSES_PER_DETECTOR = 4;
/** Agreement on the held-out pages (8 pages measured 90.3%): lower, as the rules meet pages they were not tuned on. */
const HELD_OUT_AGREEMENT_FLOOR = 0.85;

function measure(cases: CorpusCase[]) {
  const results = cases.map((c) => ({ c, a: analyseCase(c, (p) => pageHtml(dir, p)) }));
  const scores = scoreDetectors(results);
  const pairs = results.length * scores.length;
  const wrong = scores.reduce((n, s) => n + s.misses.length, 0);
  return { scores, agreement: pairs ? (pairs - wrong) / pairs : 1 };
}

test(
  'real pages: every detector at or above its floor, and the verdicts agree overall',
  { skip: !existsSync(new URL('manifest.json', dir)) },
  () => {
    const all = loadCorpus(dir).cases;
    const tuned = all.filter((c) => !c.heldOut);
    const heldOut = all.filter((c) => c.heldOut);
    const t = measure(tuned);
    const h = measure(heldOut);
    process.stdout.write(
      `# real pages: ${tuned.length} tuned pages, verdict agreement ${(t.agreement * 100).toFixed(1)}%; ` +
        `${heldOut.length} held-out pages, ${(h.agreement * 100).toFixed(1)}%\n`,
    );
    assert.ok(t.agreement >= AGREEMENT_FLOOR, `agreement ${t.agreement.toFixed(3)} < ${AGREEMENT_FLOOR}`);
    const over = t.scores
      .filter((s) => s.misses.length > MAX_MISSES_PER_DETECTOR)
      .map((s) => `${s.id}: ${s.misses.map((m) => `${m.case} ${m.expected}->${m.got}`).join(', ')}`);
    assert.deepEqual(over, [], 'detectors over the per-detector floor');
    assert.ok(
      h.agreement >= HELD_OUT_AGREEMENT_FLOOR,
      `held-out agreement ${h.agreement.toFixed(3)} < ${HELD_OUT_AGREEMENT_FLOOR}`,
    );
  },
);
