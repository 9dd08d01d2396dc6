/**
 * @module shared/config/variables
 * The meaning of every placeholder except `${input:id}` (see `inputs.ts`): environment variables
 * and the VS Code / Cursor built-ins.
 */
import { basename, sep } from 'node:path';

import type { Resolution } from './expand.js';
import type { VariableRef } from './placeholders.js';

export interface VariableContext {
  /** The environment `${VAR}` and `${env:VAR}` read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly userHome: string;
  /** See `workspaceFolderOf` in `paths.ts`. */
  readonly workspaceFolder: string;
}

/** An environment value; a set-but-empty variable is set (the user chose it). */
export function envValue(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  // Own properties only: a plain-object env must not answer `constructor` or `__proto__`.
  const value = Object.hasOwn(env, name) ? env[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Resolves a placeholder that does not depend on user input. */
export function resolveStatic(
  ref: Exclude<VariableRef, { kind: 'input' }>,
  context: VariableContext,
): Resolution {
  switch (ref.kind) {
    case 'env': {
      const value = envValue(context.env, ref.name);
      if (ref.default !== undefined) {
        return { ok: true, value: value === undefined || value === '' ? ref.default : value };
      }
      if (value !== undefined) return { ok: true, value };
      return {
        ok: false,
        unresolved: true,
        problem: `Environment variable ${ref.name} is not set (write \${${ref.name}:-default} to give a fallback).`,
      };
    }
    case 'userHome':
      return { ok: true, value: context.userHome };
    case 'workspaceFolder':
      return { ok: true, value: context.workspaceFolder };
    case 'workspaceFolderBasename':
      return { ok: true, value: basename(context.workspaceFolder) };
    case 'pathSeparator':
      return { ok: true, value: sep };
  }
}
