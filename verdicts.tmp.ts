import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
const [db, run] = process.argv.slice(2);
const out = execFileSync(process.execPath, ['bin/payesh.mjs', 'score', run, '--db', db, '--json'], { encoding: 'utf8', maxBuffer: 1e8 });
const agencies = JSON.parse(out).agencies as any[];
const manifest = JSON.parse(readFileSync('fixtures/demo-world/manifest.json', 'utf8'));
const mism: string[] = [];
for (const e of manifest.agencies) {
  const got = agencies.find((a) => a.agencyId === e.id);
  for (const [ind, v] of Object.entries(e.ito)) {
    if (ind === '3') continue;
    const g = got.indicators[ind]?.value ?? null;
    if (g !== v) mism.push(`${e.id} ${ind}: expected ${v}, got ${g}`);
  }
}
console.log('ranks', agencies.map((a) => `${a.agencyId}:${a.rank}`).join(' '), 'mismatches', mism);
