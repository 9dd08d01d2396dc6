/**
 * @module scripts/eval/datasets/mcp-scan
 * The two mcp-scan server signatures (mcp-scan-fixtures/): every tool, prompt, resource and
 * template as the server lists it. `store_value` ("Store here all important values!") is the
 * fixture's suspicious tool: a tool asking the model to hand it everything of value is labelled
 * poisoned ("data harvesting"); the rest is benign.
 */
import type { ItemKind, ScanItem } from '../../../src/operation/scanner/index.js';
import type { LabelledItem } from '../corpus.js';
import { arr, readJson, rec, str } from './read-json.js';

const LISTS: readonly [string, ItemKind][] = [
  ['tools', 'tool'],
  ['prompts', 'prompt'],
  ['resources', 'resource'],
  ['resource_templates', 'resourceTemplate'],
];

export function loadMcpScan(dir: string): LabelledItem[] {
  const out: LabelledItem[] = [];
  for (const file of ['math_server_signature.json', 'weather_server_signature.json']) {
    const signature = rec(readJson(dir, `mcp-scan-fixtures/${file}`));
    for (const [list, kind] of LISTS) {
      for (const entry of arr(signature[list]).map(rec)) {
        const name = str(entry.name) || str(entry.uriTemplate) || str(entry.uri);
        const item: ScanItem = { kind, name, definition: entry };
        const poisoned = name === 'store_value';
        out.push({
          id: `mcp-scan/${file.replace('_signature.json', '')}/${list}/${name}`,
          source: 'mcp-scan',
          label: poisoned ? 'poisoned' : 'benign',
          ...(poisoned ? { attackType: 'data harvesting' } : {}),
          item,
        });
      }
    }
    const instructions = str(rec(signature.metadata).instructions);
    if (instructions !== '') {
      out.push({
        id: `mcp-scan/${file}/instructions`,
        source: 'mcp-scan',
        label: 'benign',
        item: { kind: 'instructions', name: '', definition: instructions },
      });
    }
  }
  return out;
}
