/**
 * @module shared/config/client-formats
 * Translates the two client formats into the canonical shape: `{"mcpServers": {...}}` (Claude
 * Desktop, Cursor, Claude Code, Cline, Windsurf, MCP Inspector) and VS Code's
 * `{"servers": {...}, "inputs": [...]}`. Top-level keys other than these are ignored with a
 * warning (Claude Desktop, for one, keeps its preferences in the same file).
 */
import { z } from 'zod';

import type { TranslationSink } from './foreign-entry.js';
import { translateEntry } from './foreign-entry.js';
import type { InputDefinition } from './inputs.js';
import { inputEnvName } from './inputs.js';
import { formatPath } from './source-path.js';
import { configErrorMap, toConfigIssues } from './zod-issues.js';

const ServerMap = z.record(z.string(), z.unknown());

const McpServersFileSchema = z.looseObject({ mcpServers: ServerMap });

const ChoiceSchema = z.union([
  z.string(),
  z.looseObject({ value: z.string(), label: z.string().optional() }),
]);

const InputSchema = z.looseObject({
  id: z.string().min(1),
  type: z.enum(['promptString', 'pickString', 'command']),
  description: z.string().optional(),
  default: z.string().optional(),
  password: z.boolean().optional(),
  options: z.array(ChoiceSchema).optional(),
  command: z.string().optional(),
  args: z.unknown().optional(),
});

const VsCodeFileSchema = z.looseObject({
  servers: ServerMap,
  inputs: z.array(InputSchema).optional(),
});

const INPUT_KEYS = new Set(Object.keys(InputSchema.shape));

function warnUnknownTopLevel(
  value: Record<string, unknown>,
  known: string[],
  sink: TranslationSink,
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      sink.warnings.push({
        file: sink.file,
        path: formatPath([key]),
        problem: `"${key}" is not a Gatehouse setting and is ignored.`,
      });
    }
  }
}

function translateServers(
  servers: Record<string, unknown>,
  root: string,
  flavor: 'mcpServers' | 'vscode',
  sink: TranslationSink,
): Record<string, unknown> {
  sink.paths.set(['servers'], [root]);
  const result = new Map<string, unknown>();
  for (const [key, entry] of Object.entries(servers)) {
    const server = translateEntry(entry, [root], key, flavor, sink);
    if (server) result.set(key, server);
  }
  return Object.fromEntries(result);
}

/** `{"mcpServers": {...}}` -> `{ servers }`. */
export function translateMcpServers(
  value: unknown,
  sink: TranslationSink,
): Record<string, unknown> {
  const parsed = McpServersFileSchema.safeParse(value, { error: configErrorMap });
  if (!parsed.success) {
    sink.issues.push(...toConfigIssues(parsed.error.issues, sink.file));
    return {};
  }
  warnUnknownTopLevel(parsed.data, ['mcpServers'], sink);
  return { servers: translateServers(parsed.data.mcpServers, 'mcpServers', 'mcpServers', sink) };
}

function toDefinitions(
  inputs: z.infer<typeof InputSchema>[],
  sink: TranslationSink,
): InputDefinition[] {
  const byEnvName = new Map<string, string>();
  return inputs.map((input, index) => {
    const at = (field?: string): string =>
      formatPath(field ? ['inputs', index, field] : ['inputs', index]);
    for (const key of Object.keys(input)) {
      if (!INPUT_KEYS.has(key)) {
        sink.warnings.push({
          file: sink.file,
          path: at(key),
          problem: `"${key}" is not used by Gatehouse and is ignored.`,
        });
      }
    }
    const envName = inputEnvName(input.id);
    const clash = byEnvName.get(envName);
    if (clash === input.id) {
      sink.issues.push({
        file: sink.file,
        path: at('id'),
        problem: `Input "${input.id}" is defined twice.`,
      });
    } else if (clash !== undefined) {
      sink.issues.push({
        file: sink.file,
        path: at('id'),
        problem: `Inputs "${clash}" and "${input.id}" would both be read from ${envName}; rename one.`,
      });
    } else byEnvName.set(envName, input.id);
    const choices = input.options?.map((option) =>
      typeof option === 'string'
        ? { label: option, value: option }
        : { label: option.label ?? option.value, value: option.value },
    );
    if (input.type === 'pickString' && (choices === undefined || choices.length === 0)) {
      sink.issues.push({
        file: sink.file,
        path: at('options'),
        problem: 'Required: a pickString input needs options.',
      });
    }
    return {
      id: input.id,
      type: input.type,
      password: input.password === true,
      path: ['inputs', index],
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.default !== undefined ? { default: input.default } : {}),
      ...(input.type === 'pickString' && choices ? { choices } : {}),
    };
  });
}

/** VS Code `{"servers": {...}, "inputs": [...]}` -> `{ servers }` and the input definitions. */
export function translateVsCode(
  value: unknown,
  sink: TranslationSink,
): { tree: Record<string, unknown>; inputs: InputDefinition[] } {
  const parsed = VsCodeFileSchema.safeParse(value, { error: configErrorMap });
  if (!parsed.success) {
    sink.issues.push(...toConfigIssues(parsed.error.issues, sink.file));
    return { tree: {}, inputs: [] };
  }
  warnUnknownTopLevel(parsed.data, ['servers', 'inputs'], sink);
  const inputs = toDefinitions(parsed.data.inputs ?? [], sink);
  return {
    tree: { servers: translateServers(parsed.data.servers, 'servers', 'vscode', sink) },
    inputs,
  };
}
