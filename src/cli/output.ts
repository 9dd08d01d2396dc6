/**
 * @module cli/output
 * How commands talk to the terminal: results on stdout (human text or `--json`), diagnostics on
 * stderr. Errors under `--json` are one JSON envelope on stderr.
 */
import { ConfigError, GatehouseError } from '../shared/errors/index.js';

export interface ErrorEnvelope {
  readonly error: { readonly code: string; readonly message: string; readonly issues?: unknown };
}

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function writeErr(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints an error for a human, or as a JSON envelope on stderr. */
export function reportError(error: unknown, json: boolean): void {
  const code = error instanceof GatehouseError ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  if (json) {
    const envelope: ErrorEnvelope = {
      error: { code, message, ...(error instanceof ConfigError ? { issues: error.issues } : {}) },
    };
    process.stderr.write(`${JSON.stringify(envelope)}\n`);
    return;
  }
  writeErr(`gatehouse: ${message}`);
  if (!(error instanceof GatehouseError) && error instanceof Error && error.stack) {
    writeErr(error.stack);
  }
}
