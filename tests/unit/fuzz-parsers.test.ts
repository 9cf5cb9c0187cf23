// Fuzzing the parsers of user files (agency lists, checklists, evaluator input) with random and
// mutated files. Seeded, so a failure prints the case number and replays with PAYESH_FUZZ_SEED.
// Each parser may only fail with its documented error, and every problem must name its place.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseAgencyList } from '../../src/agencies/load.ts';
import { loadChecklist, parseChecklist } from '../../src/score/checklists.ts';
import { ChecklistError, InputFileError, type Problem } from '../../src/score/errors.ts';
import { readInputFile } from '../../src/score/inputs.ts';

const SEED = Number(process.env.PAYESH_FUZZ_SEED ?? 1403);
const CASES = Number(process.env.PAYESH_FUZZ_CASES ?? 2000);

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces that upset parsers: syntax of every format, Persian, odd Unicode, control bytes, huge numbers. */
const NASTY = [
  ',',
  '"',
  "'",
  '\n',
  '\r\n',
  '\t',
  ':',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  '\\',
  '\u0000',
  '\ufeff',
  '\u200c',
  'ي',
  'ك',
  '۱۲۳',
  'سازمان',
  '=""',
  '="0012"',
  'null',
  'true',
  '~',
  '1e309',
  '-0',
  'NaN',
  '0x1F',
  '<<',
  '---',
  '...',
  '\u202e',
  '😀',
  'http://',
  'https://x.ir/',
  'javascript:alert(1)',
  ' '.repeat(40),
  'a'.repeat(300),
];

function mutate(text: string, random: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  let s = text;
  const n = 1 + Math.floor(random() * 6);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(random() * (s.length + 1));
    const lines = s.split('\n');
    switch (Math.floor(random() * 8)) {
      case 0:
        s = s.slice(0, at) + pick(NASTY) + s.slice(at);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at + 1 + Math.floor(random() * 40));
        break;
      case 2:
        s = s.slice(0, at);
        break;
      case 3: {
        const l = Math.floor(random() * lines.length);
        lines.splice(l, 0, lines[Math.floor(random() * lines.length)]);
        s = lines.join('\n');
        break;
      }
      case 4: {
        const a = Math.floor(random() * lines.length);
        const b = Math.floor(random() * lines.length);
        [lines[a], lines[b]] = [lines[b], lines[a]];
        s = lines.join('\n');
        break;
      }
      case 5:
        s = s.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x700)) + s.slice(at);
        break;
      case 6:
        s = s.replace(/\d/, () => String(Math.floor(random() * 10)));
        break;
      default:
        s =
          s.slice(0, at) +
          Array.from({ length: Math.floor(random() * 20) }, () => pick(NASTY)).join('') +
          s.slice(at);
    }
  }
  return s;
}

function randomText(random: () => number): string {
  return Array.from(
    { length: Math.floor(random() * 60) },
    () => NASTY[Math.floor(random() * NASTY.length)],
  ).join('');
}

const root = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

/** A problem names its place: a line, a path, or it is about the whole file and says so. */
const WHOLE_FILE =
  /empty|no agencies|expected (a|an) (list|map|object|YAML map)|top level|cannot read|not valid (JSON|YAML)|encoding|NUL|binary/i;
function namesPlace(p: { where: string; message: string; line?: number }): boolean {
  return (
    p.where !== '' ||
    p.line !== undefined ||
    /line \d+|position \d+/.test(p.message) ||
    WHOLE_FILE.test(p.message)
  );
}

test(`agency-list parser: ${CASES * 3} random and mutated CSV/JSON/YAML lists, no crash, every problem placed`, () => {
  const random = prng(SEED);
  const seeds = {
    csv: read('fixtures/agency-lists/good.csv'),
    json: read('fixtures/agency-lists/good.json'),
    yaml: read('fixtures/agency-lists/good.yaml'),
  };
  for (let i = 0; i < CASES; i++) {
    for (const [ext, good] of Object.entries(seeds)) {
      const text = random() < 0.85 ? mutate(good, random) : randomText(random);
      const name = `list-${i}.${ext}`;
      const input = random() < 0.5 ? Buffer.from(text, 'utf8') : text;
      let r;
      try {
        r = parseAgencyList(input, name);
      } catch (e) {
        assert.fail(
          `case ${i} (${ext}, seed ${SEED}) threw ${(e as Error).stack}\n--- input ---\n${text.slice(0, 500)}`,
        );
      }
      for (const p of [...r.problems, ...r.warnings]) {
        assert.equal(p.file, name, `case ${i}`);
        assert.ok(
          namesPlace(p),
          `case ${i} (${ext}, seed ${SEED}): problem without a place: ${JSON.stringify(p)}\n--- input ---\n${text.slice(0, 500)}`,
        );
      }
      if (r.problems.length === 0) assert.ok(r.agencies.length > 0, `case ${i}: no problems but no agencies`);
    }
  }
});

function expectProblems(
  run: () => unknown,
  Err: typeof ChecklistError | typeof InputFileError,
  name: string,
  ctx: string,
): void {
  try {
    run();
  } catch (e) {
    assert.ok(e instanceof Err, `${ctx}: threw ${(e as Error)?.constructor?.name}: ${(e as Error).stack}`);
    for (const p of (e as ChecklistError).problems as Problem[]) {
      assert.equal(p.file, name, ctx);
      assert.ok(namesPlace(p), `${ctx}: problem without a place: ${JSON.stringify(p)}`);
    }
  }
}

test(`checklist parser: ${CASES} mutated checklists, only ChecklistError, every problem placed`, () => {
  const random = prng(SEED + 1);
  const seeds = [
    'checklists/ito-p7.yaml',
    'checklists/aro-1400-national.yaml',
    'checklists/aro-1397-provincial.yaml',
  ].map(read);
  for (let i = 0; i < CASES; i++) {
    const good = seeds[i % seeds.length];
    const text = random() < 0.9 ? mutate(good, random) : randomText(random);
    const name = `checklist-${i}.yaml`;
    expectProblems(() => parseChecklist(text, name), ChecklistError, name, `case ${i} (seed ${SEED + 1})`);
  }
});

const dir = mkdtempSync(join(tmpdir(), 'payesh-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test(`evaluator-input parser: ${CASES} mutated CSV/YAML inputs, only InputFileError, every problem placed`, () => {
  const random = prng(SEED + 2);
  const checklist = loadChecklist('ito-p7');
  const ind = checklist.indicators.slice(0, 3);
  const csv = [
    'agency,service,indicator,value,reason,note,evidence_url',
    ...ind.map((x) => `A1,,${x.id},${x.options[0].value},,یادداشت,https://x.ir/e`),
    `A1,1000000001,${ind[0].id},not applicable,خدمت ندارد,,`,
  ].join('\n');
  const yaml = `inputs:\n${ind.map((x) => `  - agency: A1\n    indicator: "${x.id}"\n    value: ${x.options[0].value}\n    note: "یادداشت"`).join('\n')}\n`;
  for (let i = 0; i < CASES; i++) {
    const [ext, good] = i % 2 ? ['csv', csv] : ['yaml', yaml];
    const text = random() < 0.9 ? mutate(good, random) : randomText(random);
    const path = join(dir, `input.${ext}`);
    writeFileSync(path, text);
    const name = `input-${i}.${ext}`;
    expectProblems(
      () => readInputFile(path, { checklist }, name),
      InputFileError,
      name,
      `case ${i} (${ext}, seed ${SEED + 2})`,
    );
  }
});
