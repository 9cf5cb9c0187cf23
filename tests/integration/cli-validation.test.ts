// Bad options stop before anything is created or measured: exit 2, a message naming the option, no files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { ROOT, runCli } from '../support/cli.ts';

const list = join(ROOT, 'fixtures', 'agency-lists', 'good.csv');

/**
 * Runs payesh's main() in an empty folder (in this process: one start-up for the many cases) and returns
 * the exit code, stderr and what the folder holds afterwards. The cases run one at a time.
 */
async function inEmptyDir(args: string[], files: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'payesh-cli-'));
  const cwd = process.cwd();
  const [write, writeOut] = [process.stderr.write, process.stdout.write];
  let stderr = '';
  let stdout = '';
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    process.chdir(dir);
    process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as never;
    // payesh writes strings; the test runner's own reports (buffers) pass through untouched.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
      typeof chunk === 'string'
        ? ((stdout += chunk), true)
        : writeOut.call(process.stdout, chunk, ...rest)) as never;
    const code = await main(['node', 'payesh', ...args]);
    process.exitCode = undefined;
    return { code, stderr, stdout, left: readdirSync(dir).filter((f) => !(f in files)) };
  } finally {
    process.stderr.write = write;
    process.stdout.write = writeOut;
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
}

const refused: [string, string[], RegExp][] = [
  ['audit --format pdff', ['audit', list, '--format', 'pdff'], /--format: unknown format "pdff"/],
  ['audit --lang de', ['audit', list, '--lang', 'de'], /--lang de: expected fa or en/],
  ['audit --only foo', ['audit', list, '--only', 'foo'], /unknown probe "foo"/],
  ['audit --fail-under abc', ['audit', list, '--fail-under', 'abc'], /--fail-under "abc": expected a number/],
  ['audit --checklist nope', ['audit', list, '--checklist', 'nope'], /no such checklist/],
  ['audit --period with a space', ['audit', list, '--period', '1403 p8'], /--period "1403 p8"/],
  ['audit --concurrency x', ['audit', list, '--concurrency', 'x'], /--concurrency x/],
  ['audit --from not-a-date', ['audit', list, '--from', '1403/13/40'], /--from: .*not a valid Jalali date/],
  [
    'audit --resume on a missing database',
    ['audit', '--resume', 'r1', '--db', 'typo.db'],
    /no such database/,
  ],
  ['runs --db typo.db', ['runs', '--db', 'typo.db'], /--db typo\.db: no such database/],
  ['report --db typo.db', ['report', 'r1', '--db', 'typo.db'], /no such database/],
  ['score --db typo.db', ['score', 'r1', '--db', 'typo.db'], /no such database/],
  ['explain --db typo.db', ['explain', '101', '--db', 'typo.db'], /no such database/],
  ['input list --db typo.db', ['input', 'list', '--db', 'typo.db'], /no such database/],
  [
    'input set --agency UNKNOWN (checked against the list)',
    [
      'input',
      'set',
      '--period',
      'p7',
      '--agency',
      'A1O2',
      '--indicator',
      '6',
      '--value',
      '1',
      '--agencies',
      list,
    ],
    /unknown agency "A1O2"/,
  ],
  [
    'input set without a list or a database',
    ['input', 'set', '--period', 'p7', '--agency', '101', '--indicator', '6', '--value', '1'],
    /no such database/,
  ],
];

delete process.env.PAYESH_DB;

test('payesh audit --format pdff, as a user runs it, exits 2 and creates nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'payesh-cli-'));
  try {
    const r = await runCli(['audit', list, '--format', 'pdff'], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--format: unknown format "pdff"/);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('payesh refuses bad options before creating anything', () => {
  for (const [name, args, message] of refused)
    test(name, async () => {
      const r = await inEmptyDir(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /internal error|at .*\.ts:\d+/);
      assert.deepEqual(r.left, [], 'nothing is created');
    });

  test('payesh.config.yaml: an unknown key is an error naming the file, line and key', async () => {
    const r = await inEmptyDir(['runs'], { 'payesh.config.yaml': 'db: store.db\ndbb: x\n' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /payesh\.config\.yaml: line 2 \(dbb\): unknown key "dbb"/);
  });

  test('payesh.config.yaml values are checked by the options own parsers and used as defaults', async () => {
    const bad = await inEmptyDir(['audit', list], { 'payesh.config.yaml': 'concurrency: -3\n' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /payesh\.config\.yaml \(concurrency\)/);
    assert.deepEqual(bad.left, []);
    // db from the file: runs reads it, and a missing one is named.
    const db = await inEmptyDir(['--config', 'team.yaml', 'runs'], { 'team.yaml': 'db: team.db\n' });
    assert.equal(db.code, 2);
    assert.match(db.stderr, /--db team\.db: no such database/);
    // The command line wins over the file.
    const cli = await inEmptyDir(['runs', '--db', 'other.db'], { 'payesh.config.yaml': 'db: team.db\n' });
    assert.match(cli.stderr, /--db other\.db/);
  });

  test('--version, grouped --help and shell completion', async () => {
    const v = await inEmptyDir(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
    const help = await inEmptyDir(['--help']);
    assert.equal(help.code, 0);
    for (const group of ['Measure and score:', 'Scores and reports:', 'Uptime:', 'Tools:'])
      assert.match(help.stdout, new RegExp(`^${group}$`, 'm'));
    const auditHelp = await inEmptyDir(['audit', '--help']);
    for (const group of ['Output:', 'Measuring:', 'Network and limits:', 'Store:'])
      assert.match(auditHelp.stdout, new RegExp(`^${group}$`, 'm'));
    const bash = await inEmptyDir(['completion', 'bash']);
    assert.equal(bash.code, 0);
    assert.match(bash.stdout, /complete -o filenames -F _payesh payesh/);
    assert.match(bash.stdout, /"input set"\) opts="[^"]*--agency/);
  });
});
