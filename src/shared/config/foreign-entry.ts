/**
 * @module shared/config/foreign-entry
 * Translates one server entry of a client's config (`mcpServers` or VS Code `servers`) into a
 * canonical gatehouse.yaml entry, still unvalidated and with its placeholders in place.
 *
 * Without `type`, an `mcpServers` entry with `command` is stdio; one with `url` is Streamable
 * HTTP, unless the URL path as written ends in `/sse`, then it is the legacy HTTP+SSE transport.
 * Keys that other clients add are ignored with a warning each, never an error.
 */
import { z } from 'zod';

import type { ConfigIssue } from '../errors/index.js';
import type { PathSegment } from './source-path.js';
import { formatPath, SourcePaths } from './source-path.js';
import { configErrorMap, toConfigIssues } from './zod-issues.js';

export type Flavor = 'mcpServers' | 'vscode';

/** Where translation results go; shared by all entries of one file. */
export interface TranslationSink {
  readonly file: string;
  readonly issues: ConfigIssue[];
  readonly warnings: ConfigIssue[];
  readonly paths: SourcePaths;
}

/** Numbers are accepted as env values (`"PORT": 3000`), as VS Code does, and become strings. */
const envValue = z.union([z.string(), z.number().transform(String)]);

const commonFields = {
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), envValue).optional(),
  envFile: z.string().optional(),
  cwd: z.string().optional(),
  url: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
};

const McpServersEntrySchema = z.looseObject({
  type: z.enum(['stdio', 'http', 'sse', 'streamable-http', 'streamableHttp']).optional(),
  /** Windsurf writes the URL of a remote server as `serverUrl`. */
  serverUrl: z.string().optional(),
  disabled: z.boolean().optional(),
  ...commonFields,
});

const VsCodeEntrySchema = z.looseObject({
  type: z.enum(['stdio', 'http', 'sse']),
  ...commonFields,
});

type Entry = z.infer<typeof McpServersEntrySchema>;

const KNOWN: Record<Flavor, ReadonlySet<string>> = {
  mcpServers: new Set(Object.keys(McpServersEntrySchema.shape)),
  vscode: new Set(Object.keys(VsCodeEntrySchema.shape)),
};

const VSCODE_ONLY = new Set(['sandboxEnabled', 'sandbox', 'dev']);

const STDIO_ONLY = ['command', 'args', 'env', 'envFile', 'cwd'] as const;
const REMOTE_ONLY = ['url', 'serverUrl', 'headers'] as const;

function ignoredKeyProblem(key: string, flavor: Flavor): string {
  if (key === 'timeout' && flavor === 'mcpServers') {
    return '"timeout" is ignored: its unit differs between clients (seconds in Cline, milliseconds in Gemini CLI), so it cannot be read safely. Set timeoutMs in gatehouse.yaml instead.';
  }
  if (VSCODE_ONLY.has(key) && flavor === 'vscode') {
    return `"${key}" is a VS Code-only setting and is ignored.`;
  }
  return `"${key}" is not a Gatehouse setting and is ignored.`;
}

/** `…/sse` (before any query or fragment, trailing slashes aside) means legacy SSE. */
export function looksLikeSse(url: string): boolean {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return /\/sse\/*$/.test(path);
}

type Transport = 'stdio' | 'http' | 'sse';

function transportOf(
  entry: Entry,
  url: string | undefined,
  at: (key: string) => string,
  sink: TranslationSink,
): Transport | undefined {
  const problem = (path: string, text: string): undefined => {
    sink.issues.push({ file: sink.file, path, problem: text });
    return undefined;
  };
  let transport: Transport | undefined;
  if (entry.type === 'streamable-http' || entry.type === 'streamableHttp') transport = 'http';
  else if (entry.type !== undefined) transport = entry.type;
  else if (entry.command !== undefined && url !== undefined) {
    return problem(
      at(''),
      'Has both "command" and "url": add "type" (stdio, http or sse) to say which.',
    );
  } else if (entry.command !== undefined) transport = 'stdio';
  else if (url !== undefined) transport = looksLikeSse(url) ? 'sse' : 'http';
  else {
    return problem(at(''), 'Needs "command" (a local stdio server) or "url" (a remote server).');
  }
  if (transport === 'stdio' && entry.command === undefined) {
    return problem(at('command'), 'Required: a stdio server needs a command.');
  }
  if (transport !== 'stdio' && url === undefined) {
    return problem(at('url'), `Required: an ${transport} server needs a url.`);
  }
  return transport;
}

/** Translates `root.key`; returns the canonical entry, or undefined after reporting issues. */
export function translateEntry(
  value: unknown,
  root: PathSegment[],
  key: string,
  flavor: Flavor,
  sink: TranslationSink,
): Record<string, unknown> | undefined {
  const source = [...root, key];
  const at = (field: string): string => formatPath(field ? [...source, field] : source);
  const schema = flavor === 'vscode' ? VsCodeEntrySchema : McpServersEntrySchema;
  const parsed = schema.safeParse(value, { error: configErrorMap });
  if (!parsed.success) {
    const prefix = new SourcePaths();
    prefix.set([], source);
    sink.issues.push(...toConfigIssues(parsed.error.issues, sink.file, prefix));
    return undefined;
  }
  const entry: Entry = parsed.data;
  for (const field of Object.keys(entry)) {
    if (!KNOWN[flavor].has(field)) {
      sink.warnings.push({
        file: sink.file,
        path: at(field),
        problem: ignoredKeyProblem(field, flavor),
      });
    }
  }
  if (entry.url !== undefined && entry.serverUrl !== undefined) {
    sink.issues.push({
      file: sink.file,
      path: at('serverUrl'),
      problem: 'Give "url" or "serverUrl", not both.',
    });
    return undefined;
  }
  const url = entry.url ?? entry.serverUrl;
  const transport = transportOf(entry, url, at, sink);
  if (transport === undefined) return undefined;

  const canonical = ['servers', key];
  sink.paths.set(canonical, source);
  sink.paths.set([...canonical, 'transport'], [...source, 'type']);
  sink.paths.set([...canonical, 'enabled'], [...source, 'disabled']);
  if (entry.serverUrl !== undefined)
    sink.paths.set([...canonical, 'url'], [...source, 'serverUrl']);

  const inapplicable = transport === 'stdio' ? REMOTE_ONLY : STDIO_ONLY;
  for (const field of inapplicable) {
    if (entry[field] !== undefined) {
      const kind = transport === 'stdio' ? 'http and sse' : 'stdio';
      sink.warnings.push({
        file: sink.file,
        path: at(field),
        problem: `"${field}" applies only to ${kind} servers and is ignored.`,
      });
    }
  }
  const enabled = entry.disabled === undefined ? {} : { enabled: !entry.disabled };
  if (transport === 'stdio') {
    const { command, args, env, envFile, cwd } = entry;
    return withoutUndefined({ transport, command, args, env, envFile, cwd, ...enabled });
  }
  return withoutUndefined({ transport, url, headers: entry.headers, ...enabled });
}

function withoutUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
