// Input problems found while loading checklists or evaluator input. Subclasses UsageError so the
// command line exits 2 with the message, which names the file and the path or row.
import { UsageError } from '../net/options.ts';

export interface Problem {
  file: string;
  /** A YAML path such as indicators[3].options[1].when, or "line 4" for CSV. */
  where: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.where ? p.where + ': ' : ''}${p.message}`;
}

export class ChecklistError extends UsageError {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export class InputFileError extends UsageError {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}
