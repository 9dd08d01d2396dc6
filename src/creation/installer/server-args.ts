/**
 * @module creation/installer/server-args
 * The arguments a server is started with, from its `server.json` (`packageArguments` of the npm
 * package: positional and named arguments with a fixed `value` or a `default`), followed by the
 * user's own `--arg`s. The same arguments are used to list the tools at install and in the
 * config entry, so the definitions checked are the definitions the gateway will see.
 */
import { z } from 'zod';

const ArgumentSchema = z.looseObject({
  type: z.enum(['positional', 'named']),
  name: z.string().min(1).optional(),
  value: z.string().optional(),
  default: z.string().optional(),
  isRequired: z.boolean().optional(),
});

/** The arguments and what could not be filled in. */
export interface ServerArgs {
  readonly args: string[];
  readonly missing: string[];
}

/** Reads `packageArguments` of the npm package `identifier` in `server`, then appends `extra`. */
export function serverArgsOf(
  server: Record<string, unknown>,
  identifier: string,
  extra: readonly string[],
): ServerArgs {
  const packages = Array.isArray(server.packages) ? (server.packages as unknown[]) : [];
  const pkg = packages.find(
    (p) =>
      typeof p === 'object' &&
      p !== null &&
      (p as { identifier?: unknown }).identifier === identifier,
  ) as { packageArguments?: unknown } | undefined;
  const args: string[] = [];
  const missing: string[] = [];
  for (const raw of Array.isArray(pkg?.packageArguments) ? pkg.packageArguments : []) {
    const parsed = ArgumentSchema.safeParse(raw);
    if (!parsed.success) continue;
    const { type, name, isRequired } = parsed.data;
    const value = parsed.data.value ?? parsed.data.default;
    if (value === undefined) {
      if (isRequired) missing.push(name ?? `positional argument ${args.length + 1}`);
      continue;
    }
    if (type === 'named' && name !== undefined) args.push(name, value);
    else args.push(value);
  }
  return { args: [...args, ...extra], missing };
}
