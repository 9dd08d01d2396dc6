/**
 * @module shared/config/canonical-yaml
 * Writes a canonical configuration tree as gatehouse.yaml text: fields in a fixed order, fields
 * equal to their default left out, comments attached where asked.
 */
import { isDeepStrictEqual } from 'node:util';

import { Document, isScalar } from 'yaml';

import { isRecord } from './detect-format.js';
import { GatewaySchema } from './schema.js';
import type { PathSegment } from './source-path.js';

const SERVER_FIELD_ORDER = [
  'transport',
  'command',
  'args',
  'env',
  'envFile',
  'cwd',
  'maxMessageBytes',
  'url',
  'headers',
  'prefix',
  'timeoutMs',
  'roots',
  'enabled',
];

const SERVER_DEFAULTS: Record<string, unknown> = { args: [], env: {}, headers: {} };
const TOP_DEFAULTS: Record<string, unknown> = { version: 1, gateway: GatewaySchema.parse({}) };

/** `value` without the fields (recursively) that equal `defaults`. */
function omitDefaults(
  value: Record<string, unknown>,
  defaults: Record<string, unknown>,
): Record<string, unknown> {
  const kept = new Map<string, unknown>();
  for (const [key, item] of Object.entries(value)) {
    const fallback = Object.hasOwn(defaults, key) ? defaults[key] : undefined;
    if (isRecord(item) && isRecord(fallback)) {
      const inner = omitDefaults(item, fallback);
      if (Object.keys(inner).length > 0) kept.set(key, inner);
    } else if (fallback === undefined || !isDeepStrictEqual(item, fallback)) {
      kept.set(key, item);
    }
  }
  return Object.fromEntries(kept);
}

function ordered(
  value: Record<string, unknown>,
  order: readonly string[],
): Record<string, unknown> {
  const keys = [
    ...order.filter((key) => Object.hasOwn(value, key)),
    ...Object.keys(value).filter((key) => !order.includes(key)),
  ];
  return Object.fromEntries(keys.map((key) => [key, value[key]]));
}

/** Prepares a validated canonical tree for writing. */
export function canonicalOutput(tree: Record<string, unknown>): Record<string, unknown> {
  const servers = isRecord(tree['servers']) ? tree['servers'] : {};
  const top = omitDefaults(tree, TOP_DEFAULTS);
  top['servers'] = Object.fromEntries(
    Object.entries(servers).map(([key, server]) => [
      key,
      isRecord(server)
        ? ordered(omitDefaults(server, SERVER_DEFAULTS), SERVER_FIELD_ORDER)
        : server,
    ]),
  );
  return ordered(top, ['version', 'gateway', 'servers']);
}

/** YAML text with a header comment and a trailing comment on selected string values. */
export function toYamlText(
  output: Record<string, unknown>,
  header: string,
  comments: ReadonlyMap<string, { path: readonly PathSegment[]; text: string }>,
): string {
  const doc = new Document(output);
  doc.commentBefore = header
    .split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
  for (const { path, text } of comments.values()) {
    const node = doc.getIn(path, true);
    if (isScalar(node)) node.comment = ` ${text}`;
  }
  return doc.toString({ lineWidth: 0 });
}
