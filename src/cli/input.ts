// payesh input set|list|import: evaluator input (values for self-declared indicators, confirmations,
// overrides, "not applicable" with a reason), validated against the checklist, stored per period.
import { Option, type Command } from 'commander';
import { userInfo } from 'node:os';
import type { Agency } from '../agencies/model.ts';
import { UsageError } from '../net/options.ts';
import type { InputRow } from '../score/index.ts';
import type { EvaluatorInput, Store } from '../store/repository.ts';
import { openStore } from '../store/open.ts';
import { addDbOption, printJson } from './common.ts';
import { checkPeriod, openExistingStore } from './validate.ts';
import { redactSecrets } from '../util/redact.ts';

interface Common {
  db: string;
  period: string;
  checklist: string;
  author?: string;
  agencies?: string;
  run?: string;
}

// Loaded when a command runs, so that parsing options stays fast.
const scoring = () => import('../score/index.ts');
const readAgencyListOrThrow = async (file: string) =>
  (await import('../agencies/load.ts')).readAgencyListOrThrow(file);

function defaultAuthor(): string {
  try {
    return process.env.USER || userInfo().username || 'unknown';
  } catch {
    return process.env.USER || 'unknown';
  }
}

function addCommon(cmd: Command, periodRequired = true): Command {
  const period = new Option('--period <id>', 'evaluation period, e.g. ito-p7-1400');
  if (periodRequired) period.makeOptionMandatory();
  return addDbOption(
    cmd
      .addOption(period)
      .option('--checklist <id|file>', 'checklist the indicators belong to', 'ito-p7')
      .option('--agencies <file>', 'agency list to check agency and service ids against')
      .option('--run <id>', 'check agency and service ids against the agencies of this run'),
  );
}

/**
 * The agencies an input may name: from --agencies, from --run, else every agency of the stored runs.
 * An id none of them knows is refused, so a typo is never stored as input that silently never applies.
 */
async function knownAgencies(store: Store, o: Common): Promise<Agency[]> {
  if (o.agencies) return readAgencyListOrThrow(o.agencies);
  if (o.run) {
    if (!(await store.getRun(o.run))) throw new UsageError(`--run: no run "${o.run}" in the store`);
    return store.listAgencies(o.run);
  }
  const byId = new Map<string, Agency>();
  for (const r of await store.listRuns())
    for (const a of await store.listAgencies(r.id)) if (!byId.has(a.id)) byId.set(a.id, a);
  if (byId.size === 0)
    throw new UsageError(
      `no run in ${redactSecrets(String(o.db))} lists agencies to check ids against: give --agencies FILE (the agency list) or --run RUN`,
    );
  return [...byId.values()];
}

async function xlsxText(file: string): Promise<string> {
  const { xlsxToCsv } = await import('../util/xlsx-rows.ts');
  try {
    return await xlsxToCsv(file);
  } catch (e) {
    throw new UsageError(`${file}: cannot read: not a readable Excel workbook (${(e as Error).message})`);
  }
}

/** Input commands add to a database; without --agencies there must already be one to check ids against. */
async function storeFor(o: Common): Promise<Store> {
  return o.agencies ? openStore(o.db) : openExistingStore(o.db);
}

async function save(store: Store, rows: InputRow[], o: Common, checklistId: string): Promise<void> {
  const createdAt = new Date().toISOString();
  const author = o.author ?? defaultAuthor();
  for (const r of rows)
    await store.saveEvaluatorInput({
      periodId: o.period,
      checklistId,
      agencyId: r.agencyId,
      serviceId: r.serviceId,
      indicatorId: r.indicatorId,
      value: r.value,
      notApplicable: r.notApplicable,
      reason: r.reason,
      note: r.note,
      evidenceUrl: r.evidenceUrl,
      author,
      createdAt,
    });
}

function line(i: EvaluatorInput): string {
  const v = i.notApplicable ? `not applicable (${i.reason ?? ''})` : String(i.value);
  return (
    `${i.periodId}  ${i.checklistId}  ${i.agencyId}${i.serviceId ? `/${i.serviceId}` : ''}  indicator ${i.indicatorId} = ${v}` +
    `  by ${i.author} at ${i.createdAt}${i.note ? `  note: ${i.note}` : ''}${i.evidenceUrl ? `  evidence: ${i.evidenceUrl}` : ''}`
  );
}

export function register(program: Command): void {
  const input = program
    .command('input')
    .description(
      'evaluator input: values, confirmations, overrides and "not applicable" per agency/service and indicator',
    );

  const imp = addCommon(
    input
      .command('import')
      .description(
        'import a CSV, Excel (.xlsx) or YAML file of inputs (columns: agency, service, indicator, value, reason, note, evidence_url)',
      )
      .argument('<file>', '.csv, .xlsx, .yaml/.yml or .json')
      .option('--author <name>', 'who entered the values (default $USER)'),
  );
  imp.action(async (file: string, o: Common) => {
    checkPeriod(o.period);
    const { loadChecklist, readInputFile } = await scoring();
    const checklist = loadChecklist(o.checklist);
    // With --agencies the whole file is checked before a database is opened or created.
    const listed = o.agencies ? await readAgencyListOrThrow(o.agencies) : undefined;
    // An .xlsx file: its first sheet, read as CSV (row N of the sheet is line N in errors).
    const text = /\.xlsx$/i.test(file) ? await xlsxText(file) : undefined;
    if (listed) readInputFile(file, { checklist, agencies: listed }, file, text);
    const store = await storeFor(o);
    try {
      const rows = readInputFile(
        file,
        { checklist, agencies: listed ?? (await knownAgencies(store, o)) },
        file,
        text,
      );
      await save(store, rows, o, checklist.id);
      process.stdout.write(
        `stored ${rows.length} input${rows.length === 1 ? '' : 's'} for period ${o.period}, checklist ${checklist.id}\n`,
      );
    } finally {
      await store.close();
    }
  });

  const set = addCommon(
    input
      .command('set')
      .description('set one value (or "not applicable" with a reason)')
      .requiredOption('--agency <id>', 'agency id')
      .option('--service <id>', 'service id (default: every service of the agency)')
      .requiredOption('--indicator <id>', 'indicator id, e.g. 6')
      .option('--value <v>', "one of the indicator's option values, e.g. 1, 0.5, 0")
      .option('--not-applicable', 'the indicator does not apply (عدم مصداق); needs --reason')
      .option('--reason <text>', 'why it does not apply')
      .option('--note <text>', 'a note for the report')
      .option('--evidence-url <url>', 'where the evidence is')
      .option('--author <name>', 'who entered the value (default $USER)'),
  );
  set.action(
    async (
      o: Common & {
        agency: string;
        service?: string;
        indicator: string;
        value?: string;
        notApplicable?: boolean;
        reason?: string;
        note?: string;
        evidenceUrl?: string;
      },
    ) => {
      checkPeriod(o.period);
      const { loadChecklist, validateOneInput } = await scoring();
      const checklist = loadChecklist(o.checklist);
      const given = {
        agency: o.agency,
        service: o.service,
        indicator: o.indicator,
        value: o.value,
        notApplicable: o.notApplicable,
        reason: o.reason,
        note: o.note,
        evidenceUrl: o.evidenceUrl,
      };
      const listed = o.agencies ? await readAgencyListOrThrow(o.agencies) : undefined;
      if (listed) validateOneInput(given, { checklist, agencies: listed });
      const store = await storeFor(o);
      try {
        const row = validateOneInput(given, {
          checklist,
          agencies: listed ?? (await knownAgencies(store, o)),
        });
        await save(store, [row], o, checklist.id);
        process.stdout.write(
          `stored: ${o.agency}${row.serviceId ? `/${row.serviceId}` : ''} indicator ${row.indicatorId} = ${row.notApplicable ? 'not applicable' : row.value}\n`,
        );
      } finally {
        await store.close();
      }
    },
  );

  const list = addDbOption(
    input
      .command('list')
      .description('list stored inputs (the latest per agency, service and indicator unless --all)')
      .option('--period <id>', 'only this period')
      .option('--checklist <id>', 'only this checklist')
      .option('--agency <id>', 'only this agency')
      .option('--all', 'every stored input, older ones included')
      .option('--json', 'machine-readable output'),
  );
  list.action(
    async (o: {
      db: string;
      period?: string;
      checklist?: string;
      agency?: string;
      all?: boolean;
      json?: boolean;
    }) => {
      const store = await openExistingStore(o.db);
      try {
        const all = await store.listEvaluatorInputs({
          periodId: o.period,
          checklistId: o.checklist,
          agencyId: o.agency,
        });
        let rows = all;
        if (!o.all) {
          // Latest per (period, checklist, agency, service, indicator).
          const groups = new Map<string, EvaluatorInput[]>();
          for (const i of all)
            groups.set(`${i.periodId}\u0000${i.checklistId}`, [
              ...(groups.get(`${i.periodId}\u0000${i.checklistId}`) ?? []),
              i,
            ]);
          const keep = new Set<unknown>();
          const { latestInputs } = await scoring();
          // latestInputs hands back the very objects it was given.
          for (const g of groups.values()) for (const i of latestInputs(g).all()) keep.add(i);
          rows = all.filter((i) => keep.has(i));
        }
        if (o.json) return printJson(rows);
        if (rows.length === 0) return void process.stdout.write('no evaluator input stored\n');
        process.stdout.write(rows.map(line).join('\n') + '\n');
      } finally {
        await store.close();
      }
    },
  );
}
