// Benchmark: how long the CLI takes to refuse a bad option (`payesh audit --format pdff list.csv`),
// which is the time to start and parse, since command code loads only when a command runs. The target
// is under 2 s on an idle machine; the load average is printed because a busy machine stretches it.
// Usage: npm run bench:cli [-- --runs 5]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/payesh.mjs', import.meta.url));
const i = process.argv.indexOf('--runs');
const runs = i > 0 ? Number(process.argv[i + 1]) : 5;

const dir = mkdtempSync(join(tmpdir(), 'payesh-cli-start-'));
const list = join(dir, 'agencies.csv');
writeFileSync(list, 'id,name_fa,portal_url\nnikan,سازمان نیکان,https://www.nikan.test/\n');

function time(args: string[]): { ms: number; status: number | null } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: r.status };
}

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${(s[Math.floor(s.length / 2)] / 1000).toFixed(2)} s, min ${(s[0] / 1000).toFixed(2)} s, max ${(s.at(-1)! / 1000).toFixed(2)} s`;
};

try {
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const node: number[] = [];
  const refuse: number[] = [];
  for (let r = 0; r < runs; r++) {
    node.push(time(['-e', '0']).ms);
    const t = time([BIN, 'audit', '--format', 'pdff', list]);
    if (t.status !== 2) throw new Error(`expected exit 2, got ${t.status}`);
    refuse.push(t.ms);
  }
  const created = readdirSync(dir).filter((f) => f !== 'agencies.csv');
  console.log(`load average before: ${load} (${runs} runs each)`);
  console.log(`node -e 0:                  ${summary(node)}`);
  console.log(
    `payesh audit --format pdff: ${summary(refuse)} (exit 2; created: ${created.length ? created.join(', ') : 'nothing'})`,
  );
  if (existsSync(join(dir, 'payesh-out')) || existsSync(join(dir, 'payesh.db')))
    throw new Error('a refused audit created files');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
