/**
 * @module shared/config/config-issues
 * Collecting problems and raising them as one {@link ConfigError}.
 */
import type { ConfigIssue } from '../errors/index.js';
import { ConfigError, ErrorCode } from '../errors/index.js';

/** A problem, and whether it is only a variable without a value. */
export interface FoundIssue extends ConfigIssue {
  readonly unresolved?: boolean;
}

/**
 * Throws every issue at once (duplicates removed). The code is `CONFIG_VARIABLE_UNRESOLVED` when
 * every issue is a variable without a value, `CONFIG_INVALID` otherwise.
 */
export function throwIssues(issues: readonly FoundIssue[]): never {
  const seen = new Set<string>();
  const unique: ConfigIssue[] = [];
  for (const { file, path, problem } of issues) {
    const key = JSON.stringify([file, path, problem]);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push({ file, path, problem });
  }
  const unresolved = issues.length > 0 && issues.every((issue) => issue.unresolved === true);
  throw new ConfigError(unique, {
    code: unresolved ? ErrorCode.ConfigVariableUnresolved : ErrorCode.ConfigInvalid,
  });
}
