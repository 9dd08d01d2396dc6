/**
 * @module scripts/eval/options
 * Command line of `npm run eval`.
 */
import path from 'node:path';

export const USAGE = `usage: node dist/scripts/eval/run.js [DATASET_DIR] [--no-write]

  DATASET_DIR  the mcp-security data sets (default: ../shared/datasets/mcp-security from the
               repository root); read in place, never copied
  --no-write   print only: do not write eval/results/latest.json nor the README section

Exit 1 if a benign definition is high or fewer than 95 % of poisoned definitions are high.`;

export interface EvalOptions {
  readonly datasetDir: string;
  readonly write: boolean;
}

export function parseOptions(
  argv: readonly string[],
  root: string,
): EvalOptions | { readonly error: string } {
  let datasetDir: string | undefined;
  let write = true;
  for (const arg of argv) {
    if (arg === '--no-write') write = false;
    else if (arg === '--help' || arg === '-h') return { error: USAGE };
    else if (arg.startsWith('-')) return { error: `unknown option ${arg}\n${USAGE}` };
    else if (datasetDir === undefined) datasetDir = path.resolve(arg);
    else return { error: `one dataset directory only\n${USAGE}` };
  }
  return { datasetDir: datasetDir ?? path.resolve(root, '../shared/datasets/mcp-security'), write };
}
