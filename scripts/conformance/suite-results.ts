/**
 * @module scripts/conformance/suite-results
 * Reads what one `conformance server -o <dir>` run wrote: one `server-<scenario>-<timestamp>/`
 * directory per scenario, each holding `checks.json`. The suite writes no summary file.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { z } from 'zod';

export const CheckSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  status: z.enum(['SUCCESS', 'FAILURE', 'WARNING', 'INFO', 'SKIPPED']),
  timestamp: z.string().optional(),
  details: z.unknown().optional(),
  errorMessage: z.string().optional(),
});

export type Check = z.infer<typeof CheckSchema>;

export interface ScenarioResult {
  scenario: string;
  checks: Check[];
}

export interface Totals {
  passed: number;
  failed: number;
  warnings: number;
}

/** `server-<scenario>-2026-11-23T21-18-44-563Z` (the ISO timestamp with `:` and `.` as `-`). */
const DIRECTORY_PATTERN = /^(?:server-)?(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

export async function readSuiteResults(
  outDir: string,
): Promise<{ ok: true; scenarios: ScenarioResult[] } | { ok: false; message: string }> {
  let entries: string[];
  try {
    entries = (await readdir(outDir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    return { ok: false, message: `cannot read ${outDir}: ${(error as Error).message}` };
  }
  const scenarios: ScenarioResult[] = [];
  for (const entry of entries) {
    const match = DIRECTORY_PATTERN.exec(entry);
    if (match?.[1] === undefined) continue;
    const file = join(outDir, entry, 'checks.json');
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      return { ok: false, message: `cannot parse ${file}: ${(error as Error).message}` };
    }
    const parsed = z.array(CheckSchema).safeParse(raw);
    if (!parsed.success) {
      return { ok: false, message: `${file} is not a checks array: ${parsed.error.message}` };
    }
    scenarios.push({ scenario: match[1], checks: parsed.data });
  }
  return { ok: true, scenarios };
}

/** Counted the way the suite's own `Total:` line counts: SUCCESS and FAILURE checks. */
export function totals(scenarios: readonly ScenarioResult[]): Totals {
  const result: Totals = { passed: 0, failed: 0, warnings: 0 };
  for (const { checks } of scenarios) {
    for (const check of checks) {
      if (check.status === 'SUCCESS') result.passed += 1;
      else if (check.status === 'FAILURE') result.failed += 1;
      else if (check.status === 'WARNING') result.warnings += 1;
    }
  }
  return result;
}

/** The suite's closing `Total: N passed, M failed` line, if its stdout has one. */
export function parseTotalLine(stdout: string): Totals | undefined {
  const match = /^Total: (\d+) passed, (\d+) failed/m.exec(stdout);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { passed: Number(match[1]), failed: Number(match[2]), warnings: 0 };
}
