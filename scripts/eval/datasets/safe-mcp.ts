/**
 * @module scripts/eval/datasets/safe-mcp
 * SAFE-MCP technique test logs (safe-mcp/test-logs). Most logs are runtime events (processes,
 * OAuth, network) and hold no definitions; these do:
 *
 * - SAFE-T1001 (tool poisoning): `tool_name`/`tool_description` lines, labelled by
 *   SAFE-T1001.expected.json (5 poisoned; 5 clean, including an ordinary HTML comment).
 * - SAFE-T1008 (tool shadowing): shadowing patterns, cross-tool references and cross-origin
 *   attempts ("tool shadowing"), e-mail hijacking ("exfiltration"), legitimate tools (benign).
 *   `tool_impersonation` and `sleeper_tools` have ordinary descriptions and the harm in
 *   `actual_behavior` / `hidden_functionality`: out of scope.
 * - SAFE-T1402 (instruction steganography): tool metadata descriptions.
 * - SAFE-T1401 (line jumping: instructions in tool descriptions that act before any call): each
 *   `context_content` as a tool description, labelled by `expected_detection`. Case 6 is benign
 *   only because of its source (`admin_config`); as a tool description it claims elevated
 *   privileges, so it is left out of both sets.
 */
import type { LabelledItem } from '../corpus.js';
import { toolItem } from '../corpus.js';
import { arr, readJson, readJsonLines, rec, str } from './read-json.js';

const T1008_TYPES: Record<string, { label: LabelledItem['label']; type?: string; note?: string }> =
  {
    shadowing_patterns: { label: 'poisoned', type: 'tool shadowing' },
    cross_tool_references: { label: 'poisoned', type: 'tool shadowing' },
    cross_origin_attempts: { label: 'poisoned', type: 'tool shadowing' },
    email_hijacking: { label: 'poisoned', type: 'exfiltration' },
    legitimate_tools: { label: 'benign' },
    tool_impersonation: {
      label: 'out-of-scope',
      type: 'tool impersonation',
      note: 'harm only in actual_behavior',
    },
    sleeper_tools: {
      label: 'out-of-scope',
      type: 'sleeper tool',
      note: 'harm only in hidden_functionality',
    },
  };

/** T1008 `parameters` as schema properties: `"string"` or a JSON Schema object. */
function schemaOf(params: Record<string, unknown>): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    properties[key] = typeof value === 'string' ? { type: 'string', description: value } : value;
  }
  return { type: 'object', properties };
}

export function loadSafeMcp(dir: string): LabelledItem[] {
  const out: LabelledItem[] = [];
  const expected = rec(readJson(dir, 'safe-mcp/SAFE-T1001.expected.json'));
  for (const line of readJsonLines(dir, 'safe-mcp/test-logs/SAFE-T1001.test-logs.json').map(rec)) {
    const name = str(line.tool_name);
    const poisoned = expected[name] === true;
    out.push({
      id: `safe-mcp/T1001/${name}`,
      source: 'safe-mcp',
      label: poisoned ? 'poisoned' : 'benign',
      ...(poisoned ? { attackType: 'tool poisoning' } : {}),
      item: toolItem(name, str(line.tool_description)),
    });
  }
  const t1008 = rec(readJson(dir, 'safe-mcp/test-logs/SAFE-T1008.test-logs.json'));
  for (const [group, records] of Object.entries(t1008)) {
    const kind = T1008_TYPES[group];
    if (kind === undefined) continue;
    for (const r of arr(records).map(rec)) {
      const name = str(r.tool_name);
      const definition = {
        name,
        description: str(r.tool_description),
        inputSchema: schemaOf(rec(r.parameters)),
      };
      out.push({
        id: `safe-mcp/T1008/${group}/${name}`,
        source: 'safe-mcp',
        label: kind.label,
        ...(kind.type !== undefined ? { attackType: kind.type } : {}),
        ...(kind.note !== undefined ? { note: kind.note } : {}),
        item: { kind: 'tool', name, definition },
      });
    }
  }
  for (const r of arr(readJson(dir, 'safe-mcp/test-logs/SAFE-T1402.test-logs.json')).map(rec)) {
    const name = str(r.tool_name);
    const id = str(r.tool_id);
    const poisoned = !id.startsWith('legit');
    out.push({
      id: `safe-mcp/T1402/${id}`,
      source: 'safe-mcp',
      label: poisoned ? 'poisoned' : 'benign',
      ...(poisoned ? { attackType: 'instruction steganography' } : {}),
      item: toolItem(name, str(rec(r.metadata).description)),
    });
  }
  arr(readJson(dir, 'safe-mcp/test-logs/SAFE-T1401.test-logs.json'))
    .map(rec)
    .forEach((r, index) => {
      if (index === 6) return;
      const content = str(rec(r.log_entry).context_content);
      const poisoned = r.expected_detection === true;
      const name = str(r.test_case) || `case_${index}`;
      out.push({
        id: `safe-mcp/T1401/${index}-${name}`,
        source: 'safe-mcp',
        label: poisoned ? 'poisoned' : 'benign',
        ...(poisoned ? { attackType: 'line jumping' } : {}),
        item: toolItem(name, content),
      });
    });
  return out;
}
