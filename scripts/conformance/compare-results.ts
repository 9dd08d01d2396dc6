/**
 * @module scripts/conformance/compare-results
 * Check-by-check comparison of two server-suite runs (the fixture direct, and the same fixture
 * behind Gatehouse). A check is keyed by scenario + check id (+ its ordinal when a scenario emits
 * the same id several times, e.g. `incoming-sse-event`). Compared fields: `status`,
 * `errorMessage` and `details`. `name` and `description` come from the suite itself; `timestamp`
 * is wall-clock time.
 *
 * Normalisation: only what legitimately differs between two runs of the same server, applied to
 * `details` and `errorMessage` before comparing:
 *   1. the HTTP `date` response header                          -> "<date>"
 *   2. the port of a loopback authority (127.0.0.1, localhost,
 *      [::1]) in any string: URLs, Host and Origin values       -> "127.0.0.1:<port>"
 *   3. MCP session ids: values of `mcp-session-id` and
 *      `sessionId` keys                                          -> "<session-id>"
 *   4. SSE event ids (random per stream): values of `eventId`,
 *      `lastEventId`, `lastEventIdUsed`, `last-event-id`, and
 *      `id` inside an `event` object                             -> "<event-id>"
 *   5. raw SSE `data` strings that hold JSON are compared parsed,
 *      so the key order of a re-serialised message does not count
 *   6. MCP session ids under the 0.2.0-alpha key `sessionIdSent`  -> "<session-id>"
 *   7. `requestState` strings (2026-07-28): HMAC-sealed with a
 *      per-process random key and an expiry time, so no two runs
 *      mint the same bytes; presence still counts                -> "<request-state>"
 *   8. `io.modelcontextprotocol/subscriptionId` (2026-07-28) and
 *      the suite's `subscriptionId` copy of it: the suite opens
 *      listen streams with `id: Date.now()` and the server echoes
 *      that id                                                   -> "<subscription-id>"
 *   9. the answering server's self-identification, the object
 *      under `io.modelcontextprotocol/serverInfo` (every
 *      2026-07-28 result) or `serverInfo`: the fixture names
 *      itself, Gatehouse names itself (display and debugging
 *      only, spec PR #3002). Compared for shape: an object with
 *      a string name and version                                 -> "<server-info>"
 * Everything else (headers, content, counts, error texts) must match exactly.
 *
 * Not compared at all (NOT_COMPARED): scenarios that judge the HTTP front's own stream handling
 * rather than the MCP server behind it, which a stdio upstream cannot express.
 */
import { isDeepStrictEqual } from 'node:util';

import type { Check, ScenarioResult } from './suite-results.js';

const SESSION_ID_KEYS = new Set(['mcp-session-id', 'sessionId', 'sessionIdSent']);
const SUBSCRIPTION_ID_KEYS = new Set(['io.modelcontextprotocol/subscriptionId', 'subscriptionId']);
const SERVER_INFO_KEYS = new Set(['io.modelcontextprotocol/serverInfo', 'serverInfo']);

/**
 * Scenarios left out of the identity comparison, with the reason printed by the runner.
 * `server-sse-polling` (SEP-1699) checks the SSE priming event's `retry` value and that the
 * server closes the POST stream in the middle of `test_reconnection`: on the direct leg both come
 * from the fixture's Streamable HTTP transport (500 ms, `closeSSE()`), behind Gatehouse from
 * Gatehouse's own HTTP front, since the fixture on stdio has no stream to close or retry to
 * advise. (0.1.16 sends it with `MCP-Protocol-Version: 2025-03-26`, so neither front primes
 * there; 0.2.0-alpha.12 speaks 2025-11-25.) Gatehouse's own result is still printed with its
 * run's totals.
 */
export const NOT_COMPARED: ReadonlyMap<string, string> = new Map([
  [
    'server-sse-polling',
    "judges the HTTP front's SSE retry hint and mid-call stream close; the stdio fixture has neither",
  ],
]);

function isServerInfo(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const { name, version } = value as { name?: unknown; version?: unknown };
  return typeof name === 'string' && typeof version === 'string';
}
const EVENT_ID_KEYS = new Set(['eventId', 'lastEventId', 'lastEventIdUsed', 'last-event-id']);
const LOOPBACK_AUTHORITY = /(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}/g;

function normaliseString(value: string): string {
  return value.replace(LOOPBACK_AUTHORITY, '$1:<port>');
}

export function normalise(value: unknown, key?: string, parentKey?: string): unknown {
  if (key !== undefined && SUBSCRIPTION_ID_KEYS.has(key) && value !== undefined) {
    return '<subscription-id>';
  }
  if (key !== undefined && SERVER_INFO_KEYS.has(key) && isServerInfo(value)) return '<server-info>';
  if (typeof value === 'string') {
    if (key === 'requestState') return '<request-state>';
    if (key === 'date') return '<date>';
    if (key !== undefined && SESSION_ID_KEYS.has(key)) return '<session-id>';
    if (key !== undefined && EVENT_ID_KEYS.has(key)) return '<event-id>';
    if (key === 'id' && parentKey === 'event') return '<event-id>';
    if (key === 'data') {
      try {
        return normalise(JSON.parse(value) as unknown, 'data-json', key);
      } catch {
        // Not JSON (e.g. an empty priming event): compare as a string.
      }
    }
    return normaliseString(value);
  }
  if (Array.isArray(value)) {
    return value.map((item) => normalise(item, undefined, key));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value)) {
      out[childKey] = normalise(child, childKey, key);
    }
    return out;
  }
  return value;
}

export interface ComparedFields {
  status: Check['status'];
  errorMessage: unknown;
  details: unknown;
}

function comparedFields(check: Check): ComparedFields {
  return {
    status: check.status,
    errorMessage: normalise(check.errorMessage, 'errorMessage'),
    details: normalise(check.details, 'details'),
  };
}

/** `scenario / check-id` plus `#n` for the n-th repeat of an id inside one scenario. */
export function keyChecks(scenarios: readonly ScenarioResult[]): Map<string, Check> {
  const keyed = new Map<string, Check>();
  for (const { scenario, checks } of scenarios) {
    const seen = new Map<string, number>();
    for (const check of checks) {
      const n = (seen.get(check.id) ?? 0) + 1;
      seen.set(check.id, n);
      keyed.set(`${scenario} / ${check.id}${n > 1 ? `#${n}` : ''}`, check);
    }
  }
  return keyed;
}

export interface Difference {
  check: string;
  field: string;
  direct: unknown;
  gateway: unknown;
}

const ABSENT = Symbol('absent');

function leafDifferences(
  path: string,
  a: unknown,
  b: unknown,
  out: Difference[],
  check: string,
): void {
  if (isDeepStrictEqual(a, b)) return;
  const bothObjects =
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    out.push({ check, field: path, direct: a, gateway: b });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      leafDifferences(
        `${path}[${i}]`,
        i < a.length ? a[i] : ABSENT,
        i < b.length ? b[i] : ABSENT,
        out,
        check,
      );
    }
    return;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    leafDifferences(
      `${path}.${key}`,
      key in left ? left[key] : ABSENT,
      key in right ? right[key] : ABSENT,
      out,
      check,
    );
  }
}

/** Every field-level difference between the two runs, in a stable order. */
export function compareRuns(
  direct: readonly ScenarioResult[],
  gateway: readonly ScenarioResult[],
): Difference[] {
  const left = keyChecks(direct);
  const right = keyChecks(gateway);
  const differences: Difference[] = [];
  for (const key of new Set([...left.keys(), ...right.keys()])) {
    if (NOT_COMPARED.has(key.split(' / ')[0] ?? '')) continue;
    const a = left.get(key);
    const b = right.get(key);
    if (a === undefined || b === undefined) {
      differences.push({
        check: key,
        field: '(check)',
        direct: a === undefined ? ABSENT : a.status,
        gateway: b === undefined ? ABSENT : b.status,
      });
      continue;
    }
    const fa = comparedFields(a);
    const fb = comparedFields(b);
    for (const field of ['status', 'errorMessage', 'details'] as const) {
      leafDifferences(field, fa[field], fb[field], differences, key);
    }
  }
  return differences;
}

export function formatValue(value: unknown, max = 200): string {
  if (value === ABSENT) return '(absent)';
  const text =
    typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'undefined');
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
