// payesh completion bash|zsh: a shell completion script built from the commands and options themselves.
import type { Command } from 'commander';
import { UsageError } from '../net/options.ts';

function words(cmd: Command): string {
  const opts = cmd.options.flatMap((o) => [o.long, o.short].filter(Boolean) as string[]);
  return [...cmd.commands.map((c) => c.name()), ...opts, '--help'].join(' ');
}

/** Bash script: completes commands, subcommands (input set, agencies check) and their options; files otherwise. */
export function bashCompletion(program: Command): string {
  const cases: string[] = [];
  const visit = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      const p = [...path, sub.name()];
      cases.push(`    "${p.join(' ')}") opts="${words(sub)}" ;;`);
      visit(sub, p);
    }
  };
  visit(program, []);
  return `# payesh completion for bash. Install: payesh completion bash > ~/.local/share/bash-completion/completions/payesh
# (zsh: autoload -U +X bashcompinit && bashcompinit, then source this file)
_payesh() {
  local cur path="" w i opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  # The command path: the words before the cursor that are not options.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    case "\${path:+$path }$w" in
${cases.map((c) => '      ' + c.trim().replace(/\) opts=.*$/, ') path="${path:+$path }$w" ;;')).join('\n')}
    esac
  done
  case "$path" in
${cases.join('\n')}
    *) opts="${words(program)}" ;;
  esac
  if [[ "$cur" == -* || -z "$path" ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$opts" -- "$cur") $(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _payesh payesh
`;
}

export function register(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (bash; zsh through bashcompinit)')
    .argument('<shell>', 'bash or zsh')
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh')
        throw new UsageError(`completion ${shell}: expected bash or zsh`);
      process.stdout.write(bashCompletion(program));
    });
}
