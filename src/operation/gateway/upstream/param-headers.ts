/**
 * @module operation/gateway/upstream/param-headers
 * SEP-2243 (2026-07-28 Streamable HTTP): a tool's `inputSchema` may mark properties with
 * `x-mcp-header: "Name"`, and a client then mirrors those argument values into
 * `Mcp-Param-Name` request headers (non-ASCII values as `=?base64?…?=`), which servers and
 * intermediaries check against the body. The gateway is that client towards its upstreams:
 * it must drop tools whose declarations break the rules and mirror the values it forwards.
 * Hand-written because the SDK keeps its scanner and header builder internal and applies them
 * only inside `Client.callTool`, which post-processes results the gateway relays raw.
 */

/** One header declaration: where the argument is, and the header's name suffix. */
export interface ParamHeaderDeclaration {
  readonly path: readonly string[];
  readonly headerName: string;
  readonly type: 'string' | 'integer' | 'boolean';
}

export type ParamHeaderScan =
  | { readonly valid: true; readonly declarations: readonly ParamHeaderDeclaration[] }
  | { readonly valid: false; readonly reason: string };

const KEY = 'x-mcp-header';
/** RFC 9110 token characters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TYPES = new Set(['string', 'integer', 'boolean']);
/** Subschemas an annotation may not sit in: only a chain of `properties` is statically reachable. */
const UNREACHABLE = [
  'items',
  'prefixItems',
  'contains',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'patternProperties',
  'dependentSchemas',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
  '$defs',
  'definitions',
];
const MAPS = new Set(['patternProperties', 'dependentSchemas', '$defs', 'definitions']);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Finds every declaration in `inputSchema`, or the first rule it breaks. */
export function scanParamHeaders(inputSchema: unknown): ParamHeaderScan {
  const declarations: ParamHeaderDeclaration[] = [];
  const seen = new Map<string, string>();
  const visit = (node: unknown, path: string[], reachable: boolean): string | undefined => {
    if (!isObject(node)) return undefined;
    if (KEY in node) {
      const where = path.length === 0 ? '<root>' : path.join('.');
      if (!reachable || path.length === 0) {
        return `${where}: ${KEY} is only allowed on properties reached through "properties"`;
      }
      const name = node[KEY];
      if (typeof name !== 'string' || !TOKEN.test(name)) {
        return `${where}: ${KEY} must be a non-empty RFC 9110 token`;
      }
      if (typeof node.type !== 'string' || !TYPES.has(node.type)) {
        return `${where}: ${KEY} needs a string, integer or boolean property`;
      }
      const previous = seen.get(name.toLowerCase());
      if (previous !== undefined)
        return `${KEY} "${name}" repeats "${previous}" (case-insensitively)`;
      seen.set(name.toLowerCase(), name);
      declarations.push({
        path,
        headerName: name,
        type: node.type as ParamHeaderDeclaration['type'],
      });
    }
    if (isObject(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) {
        const fault = visit(child, [...path, key], reachable);
        if (fault) return fault;
      }
    }
    for (const keyword of UNREACHABLE) {
      const sub = node[keyword];
      if (sub === undefined) continue;
      const branches = Array.isArray(sub)
        ? sub
        : MAPS.has(keyword) && isObject(sub)
          ? Object.values(sub)
          : [sub];
      for (const branch of branches) {
        const fault = visit(branch, [...path, `<${keyword}>`], false);
        if (fault) return fault;
      }
    }
    return undefined;
  };
  const fault = visit(inputSchema, [], true);
  return fault === undefined ? { valid: true, declarations } : { valid: false, reason: fault };
}

/** The `Mcp-Param-*` headers for `args` under `declarations` (values that are absent are skipped). */
export function buildParamHeaders(
  declarations: readonly ParamHeaderDeclaration[],
  args: unknown,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const declaration of declarations) {
    let value: unknown = args;
    for (const key of declaration.path) value = isObject(value) ? value[key] : undefined;
    const text = primitiveText(value);
    if (text === undefined) continue;
    headers[`Mcp-Param-${declaration.headerName}`] = encodeHeaderValue(text);
  }
  return headers;
}

function primitiveText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Number.isInteger(value) && !Number.isSafeInteger(value) ? undefined : String(value);
  }
  return undefined;
}

/**
 * Plain when the value survives as an HTTP header unchanged (non-empty, no surrounding
 * whitespace, only tab and printable ASCII, not itself shaped like the sentinel); otherwise
 * Base64 of its UTF-8 bytes inside `=?base64?…?=`.
 */
function encodeHeaderValue(text: string): string {
  const sentinel = text.startsWith('=?base64?') && text.endsWith('?=');
  const plain =
    text.length > 0 && !sentinel && text === text.trim() && /^[\t\x20-\x7e]+$/.test(text);
  return plain ? text : `=?base64?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}
