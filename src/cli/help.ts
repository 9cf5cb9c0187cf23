// Groups the help: commands by task, and each command's options by what they are about.
import type { Command } from 'commander';

const COMMAND_GROUPS: Record<string, string> = {
  audit: 'Measure and score:',
  site: 'Measure and score:',
  demo: 'Measure and score:',
  worker: 'Measure and score:',
  score: 'Scores and reports:',
  report: 'Scores and reports:',
  explain: 'Scores and reports:',
  input: 'Scores and reports:',
  runs: 'Scores and reports:',
  monitor: 'Uptime:',
  probe: 'Uptime:',
  uptime: 'Uptime:',
  agencies: 'Tools:',
  tls: 'Tools:',
  completion: 'Tools:',
};

const NETWORK = [
  'resolve',
  'allow-private',
  'extra-ca',
  'user-agent',
  'contact-url',
  'request-timeout',
  'max-redirects',
  'max-body-mb',
];
const MEASURING = [
  'only',
  'skip',
  'concurrency',
  'per-host',
  'host-delay',
  'job-timeout',
  'site-budget',
  'page-budget',
  'retries',
  'runs',
  'preset',
  'wcag-level',
  'page-timeout',
  'max-dom-nodes',
  'parallel-perf',
  'max-pages',
  'parse-memory-mb',
  'max-depth',
  'ignore-robots',
  'external-links',
  'render',
  'from',
  'to',
  'queue',
  'wait',
  'interval',
  'confirm-delay',
  'timeout',
  'connect-timeout',
  'headers-timeout',
];
const OUTPUT = ['out', 'format', 'lang', 'json', 'progress', 'run-dir'];
const STORE = ['db'];

function optionGroup(long: string): string | undefined {
  const name = long.replace(/^--(no-)?/, '');
  if (STORE.includes(name)) return 'Store:';
  if (OUTPUT.includes(name)) return 'Output:';
  if (NETWORK.includes(name)) return 'Network and limits:';
  if (MEASURING.includes(name)) return 'Measuring:';
  return undefined;
}

/** Applies the groups to every command registered so far (call once, after registering). */
export function groupHelp(program: Command): void {
  const visit = (cmd: Command) => {
    for (const o of cmd.options) {
      const g = o.long ? optionGroup(o.long) : undefined;
      if (g && !o.helpGroupHeading) o.helpGroup(g);
    }
    for (const sub of cmd.commands) {
      if (cmd === program && COMMAND_GROUPS[sub.name()]) sub.helpGroup(COMMAND_GROUPS[sub.name()]);
      visit(sub);
    }
  };
  visit(program);
}
