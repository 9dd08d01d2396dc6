/**
 * @module shared/config/validate-config
 * The final check of a canonical configuration against {@link GatehouseConfigSchema}, with
 * issues located in the source file's own terms.
 */
import type { ConfigIssue } from '../errors/index.js';
import type { GatehouseConfig } from './schema.js';
import { GatehouseConfigSchema } from './schema.js';
import type { SourcePaths } from './source-path.js';
import { configErrorMap, toConfigIssues } from './zod-issues.js';

export type Validation =
  | { readonly ok: true; readonly config: GatehouseConfig }
  | { readonly ok: false; readonly issues: ConfigIssue[] };

/** Key of a canonical path in a skip set. */
export function pathKey(path: readonly PropertyKey[]): string {
  return JSON.stringify(
    path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
  );
}

/**
 * Validates `tree`. Issues at paths in `skip` (strings whose value is not known yet, or that
 * already have a variable problem) are left out, so each problem is reported once.
 */
export function validateConfig(
  tree: unknown,
  file: string,
  paths: SourcePaths,
  skip: ReadonlySet<string> = new Set(),
): Validation {
  const parsed = GatehouseConfigSchema.safeParse(tree, { error: configErrorMap });
  if (parsed.success) return { ok: true, config: parsed.data };
  const kept = parsed.error.issues.filter((issue) => !skip.has(pathKey(issue.path)));
  return { ok: false, issues: toConfigIssues(kept, file, paths) };
}
