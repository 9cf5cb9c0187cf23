// payesh command line. Each command lives in its own file and registers itself here.
import { Command, CommanderError } from 'commander';
import { PAYESH_VERSION, UsageError } from '../net/options.ts';
import { EXIT } from './common.ts';
import { applyConfig, findConfigFile, loadConfig, type LoadedConfig } from './config.ts';
import { groupHelp } from './help.ts';
import { redactSecrets } from '../util/redact.ts';

type Register = (program: Command) => void;

// One line per command module; keep alphabetical.
const commandModules: (() => Promise<{ register: Register }>)[] = [
  () => import('./agencies.ts'),
  () => import('./audit.ts'),
  () => import('./completion.ts'),
  () => import('./demo.ts'),
  () => import('./explain.ts'),
  () => import('./input.ts'),
  () => import('./monitor.ts'),
  () => import('./probe.ts'),
  () => import('./report.ts'),
  () => import('./runs.ts'),
  () => import('./site.ts'),
  () => import('./score.ts'),
  () => import('./tls.ts'),
  () => import('./uptime.ts'),
  () => import('./worker.ts'),
];

export async function buildProgram(config?: LoadedConfig): Promise<Command> {
  const program = new Command('payesh')
    .description(
      'payesh (پایش) audits government agency portals and their e-service pages, scores the official\n' +
        'checklists (ITO period 7, ARO 1400 national, ARO 1397 provincial) and ranks agencies, with evidence.',
    )
    .version(PAYESH_VERSION, '-V, --version', 'print the version')
    .option('-q, --quiet', 'print only results, warnings and errors (no progress, no info lines)')
    .option('--config <file>', `options a team sets once (default ./payesh.config.yaml when present)`)
    .showHelpAfterError()
    .exitOverride();
  for (const load of commandModules) (await load()).register(program);
  groupHelp(program);
  program.hook('preAction', (_root, action) => {
    if (program.opts().quiet) {
      process.env.PAYESH_QUIET = '1';
      process.env.PAYESH_LOG_LEVEL ??= 'warn';
      if (action.options.some((o) => o.long === '--no-progress'))
        action.setOptionValueWithSource('progress', false, 'cli');
    }
    if (config) applyConfig(action, config);
  });
  program.addHelpText(
    'after',
    '\nExit codes: 0 done; 1 done but a --fail-under threshold was missed; 2 usage or input error; 3 internal error.\n' +
      'Environment: PAYESH_DB (default --db), NO_COLOR (plain output), PAYESH_LOG_LEVEL (debug, info, warn).',
  );
  return program;
}

/** Failures outside any awaited path (a timer, an event handler) are internal errors too: exit 3. */
export function exitOnStrayErrors(): void {
  const fail = (e: unknown) => {
    process.stderr.write(`payesh: internal error: ${redactSecrets(describe(e))}\n`);
    process.exit(EXIT.internal);
  };
  process.on('unhandledRejection', fail);
  process.on('uncaughtException', fail);
}

function describe(e: unknown): string {
  // A store failure is explained by its message; a stack adds nothing for the person running payesh.
  if (e instanceof Error && e.name === 'StoreError') return e.message;
  return String((e as Error)?.stack ?? e);
}

export async function main(argv: string[]): Promise<number> {
  let program: Command;
  try {
    const file = findConfigFile(argv.slice(2));
    program = await buildProgram(file ? loadConfig(file) : undefined);
  } catch (e) {
    process.stderr.write(`payesh: ${redactSecrets((e as Error).message)}\n`);
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0)
        return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof UsageError || (e as Error).name === 'UsageError') {
      process.stderr.write(`payesh: ${redactSecrets((e as Error).message)}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`payesh: internal error: ${redactSecrets(describe(e))}\n`);
    return EXIT.internal;
  }
}
