import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => join('fixtures', 'agency-lists', name);

function payesh(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/payesh.mjs', ...args],
      { cwd: ROOT, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

// Each case starts its own payesh process; two at a time keeps a 2-core machine busy, not swamped.
describe('payesh agencies check', { concurrency: 2 }, () => {
  test('agencies check on a good list prints the summary and exits 0', async () => {
    const r = await payesh('agencies', 'check', fixture('good.csv'));
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /good\.csv: 4 agencies, 3 services \(G2C 2, G2B 1, G2G 0\), 4 hosts/);
    assert.match(r.stdout, /2 agencies without listed services/);
    assert.match(r.stdout, /^101\s+portal\.registry\.test\s+2\s+سازمان نمونه‌ی ثبت$/m);
    assert.match(r.stdout, /^103\s+xn--hhbbbed\.test\s+0\s+شرکت آزمایشی$/m);
  });

  test('agencies check --json prints the normalised list', async () => {
    const r = await payesh('agencies', 'check', fixture('persian-headers.tsv'), '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.ok, true);
    assert.deepEqual(out.problems, []);
    assert.equal(out.agencies[0].id, '201');
    assert.deepEqual(
      out.agencies[0].services.map((s: { id: string }) => s.id),
      ['3456789012', '3456789013'],
    );
    assert.equal(out.summary.services, 2);
  });

  test('agencies check on the malformed list prints every problem with its line and exits 2', async () => {
    const r = await payesh('agencies', 'check', fixture('malformed.csv'));
    assert.equal(r.code, 2);
    const file = fixture('malformed.csv');
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepEqual(
      lines.slice(0, -1).map((l) => l.split(': ').slice(0, 2).join(': ')),
      [
        `${file}:1: service_type`,
        `${file}:3: portal_url`,
        `${file}:4: service_id`,
        `${file}:5: agency_name`,
        `${file}:5: portal_url`,
        `${file}:6: service_id`,
      ],
    );
    assert.match(lines[2], /has 11 digits/);
    assert.match(lines[5], /duplicate service ID 1111111111 \(also on line 2\)/);
    assert.equal(lines.at(-1), '6 problems; fix the list and run the check again');
  });

  test('agencies check on a Windows-1256 file exits 2 and says to save it as UTF-8', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payesh-cli-agencies-'));
    try {
      const file = join(dir, 'legacy.csv');
      writeFileSync(
        file,
        iconv.encode('agency_id,agency_name,portal_url\r\n1,سازمان ثبت,ftp://a.test\r\n', 'windows-1256'),
      );
      const r = await payesh('agencies', 'check', file, '--json');
      assert.equal(r.code, 2);
      const out = JSON.parse(r.stdout);
      assert.equal(out.ok, false);
      assert.deepEqual(
        out.problems.map((p: { field: string; line?: number }) => [p.field, p.line]),
        [
          ['encoding', undefined],
          ['portal_url', 2],
        ],
      );
      assert.match(out.problems[0].message, /looks like Windows-1256/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('agencies check on a missing file exits 2 naming it', async () => {
    const r = await payesh('agencies', 'check', fixture('does-not-exist.csv'));
    assert.equal(r.code, 2);
    assert.match(r.stdout, /does-not-exist\.csv: file: cannot read: no such file/);
  });

  test('audit with the malformed list exits 2 listing every problem, and creates no run or database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payesh-cli-agencies-'));
    try {
      const db = join(dir, 'payesh.db');
      const r = await payesh('audit', fixture('malformed.csv'), '--db', db, '--out', join(dir, 'out'));
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /has 6 problems/);
      for (const line of [
        ':1: service_type',
        ':3: portal_url',
        ':4: service_id',
        ':5: agency_name',
        ':6: service_id',
      ]) {
        assert.ok(r.stderr.includes(fixture('malformed.csv') + line), `missing ${line} in\n${r.stderr}`);
      }
      assert.equal(existsSync(db), false);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
