// Time to read and validate large agency lists (CSV, JSON, YAML).
// Run: npm run bench:agencies --  [agencies] [servicesPerAgency]
import { stringify } from 'yaml';
import { parseAgencyList } from '../src/agencies/load.ts';

const agencies = Number(process.argv[2] ?? 2000);
const perAgency = Number(process.argv[3] ?? 10);

const header =
  'agency_id,agency_name,agency_name_en,parent,portal_url,service_id,service_title,service_url,service_type';
const rows = [header];
const tree: unknown[] = [];
let serviceId = 1_000_000_000;
for (let a = 0; a < agencies; a++) {
  const services = [];
  for (let s = 0; s < perAgency; s++) {
    const id = String(serviceId++);
    rows.push(
      `${a},سازمان نمونه ${a},Sample ${a},وزارت نمونه,agency${a}.test,${id},"خدمت ${s}، نمونه",agency${a}.test/s/${s},G2C`,
    );
    services.push({ id, title: `خدمت ${s}`, url: `agency${a}.test/s/${s}`, type: 'G2C' });
  }
  tree.push({ id: String(a), name: `سازمان نمونه ${a}`, portal_url: `agency${a}.test`, services });
}
const csv = Buffer.from(rows.join('\r\n'));
const json = Buffer.from(JSON.stringify({ agencies: tree }, null, 2));
const yaml = Buffer.from(stringify({ agencies: tree }));

function time(label: string, bytes: Buffer, file: string): void {
  const t0 = performance.now();
  const r = parseAgencyList(bytes, file);
  const ms = performance.now() - t0;
  if (r.problems.length > 0) throw new Error(`${label}: unexpected problems: ${r.problems[0].message}`);
  const services = r.agencies.reduce((n, x) => n + x.services.length, 0);
  console.log(
    `${label}: ${r.agencies.length} agencies, ${services} services, ${(bytes.length / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms`,
  );
}

time('csv', csv, 'bench.csv');
time('json', json, 'bench.json');
time('yaml', yaml, 'bench.yaml');
