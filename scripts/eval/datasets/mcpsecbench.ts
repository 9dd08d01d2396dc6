/**
 * @module scripts/eval/datasets/mcpsecbench
 * MCPSecBench (mcpsecbench/): tools extracted from its Python servers, labelled with
 * labels_annotated.json (a reading of the upstream code, checked here against the text). What
 * counts as poisoned is what the definition's text carries:
 *
 * - `add`, `m_check`: "[Important] … use this tool rather than others" ("tool poisoning");
 * - `modify`, `aft_check`: instructions tied to another tool's call ("tool shadowing");
 * - `times`: a `tools_list` parameter the model fills with its tools ("context harvest");
 * - the second rewrite of `get_weather_forecast` (`<IMPORTANT>` block reading credentials and
 *   hiding it: "rug pull (poisoned rewrite)");
 * - the TUM-DSE fork's `malicious_prompt`s (attacks_updated.json), each appended to the fork's
 *   `check` tool description ("tool poisoning").
 *
 * Out of scope (the text is ordinary; the attack is a squatted name, a vulnerable or lying
 * implementation, or a response): `sub`, `compute_`, `check` of `check_sig_`, `sandbox_run`,
 * `get_and_read_all_files`, `document://{filename}`, `get_user_info`, the resources and helpers
 * the attacks use, and the fork's other attack-server tools. Benign: the `compute` and
 * `check_sig` servers and the rewrite that restores the original description.
 */
import type { ScanItem } from '../../../src/operation/scanner/index.js';
import type { LabelledItem } from '../corpus.js';
import { dedent, toolItem } from '../corpus.js';
import { arr, readJson, rec, str } from './read-json.js';

const POISONED: Record<string, string> = {
  'malicious/add': 'tool poisoning',
  'malicious/m_check': 'tool poisoning',
  'malicious/modify': 'tool shadowing',
  'malicious/aft_check': 'tool shadowing',
  'malicious/times': 'context harvest',
};
const BENIGN_SERVERS = new Set(['compute', 'check_sig']);

function itemOf(t: Record<string, unknown>): ScanItem {
  const name = str(t.name);
  const description = dedent(str(t.description));
  const params = arr(t.params).map(str);
  if (str(t.kind) === 'resource') {
    return name.includes('{')
      ? {
          kind: 'resourceTemplate',
          name,
          definition: { uriTemplate: name, name: str(t.function), description },
        }
      : { kind: 'resource', name, definition: { uri: name, name: str(t.function), description } };
  }
  return toolItem(name, description, params);
}

function loadFile(
  dir: string,
  file: string,
  prefix: string,
  seen: Set<string>,
  out: LabelledItem[],
): void {
  for (const server of arr(readJson(dir, file)).map(rec)) {
    const serverName = arr(server.server_names).map(str)[0] ?? str(server.file);
    for (const t of arr(server.tools).map(rec)) {
      const key = `${serverName}/${str(t.name)}`;
      const item = itemOf(t);
      const text = JSON.stringify(item.definition);
      if (seen.has(text)) continue;
      seen.add(text);
      const id = `${prefix}/${key}`;
      if (POISONED[key] !== undefined) {
        out.push({ id, source: 'mcpsecbench', label: 'poisoned', attackType: POISONED[key], item });
      } else if (BENIGN_SERVERS.has(serverName)) {
        out.push({ id, source: 'mcpsecbench', label: 'benign', item });
      } else {
        out.push({
          id,
          source: 'mcpsecbench',
          label: 'out-of-scope',
          attackType: 'attack-server tool',
          note: 'ordinary text; the attack is its name, its implementation or its responses',
          item,
        });
      }
    }
    arr(server.description_rewrites)
      .map(rec)
      .forEach((r, index) => {
        const fn = str(r.function);
        const description = dedent(str(r.new_description));
        const original = arr(server.tools)
          .map(rec)
          .find((t) => str(t.function) === fn);
        const item = toolItem(fn, description, arr(original?.params).map(str));
        const poisoned = /<important>/i.test(description);
        out.push({
          id: `${prefix}/${serverName}/${fn}#rewrite${index + 1}`,
          source: 'mcpsecbench',
          label: poisoned ? 'poisoned' : 'benign',
          ...(poisoned ? { attackType: 'rug pull (poisoned rewrite)' } : {}),
          item,
        });
      });
  }
}

export function loadMcpSecBench(dir: string): LabelledItem[] {
  const out: LabelledItem[] = [];
  const seen = new Set<string>();
  loadFile(dir, 'mcpsecbench/tool_definitions_extracted.json', 'mcpsecbench', seen, out);
  loadFile(
    dir,
    'mcpsecbench/tum-dse-fork/tool_definitions_extracted.json',
    'mcpsecbench/tum',
    seen,
    out,
  );
  const fork = arr(readJson(dir, 'mcpsecbench/tum-dse-fork/tool_definitions_extracted.json')).map(
    rec,
  );
  const host = fork
    .flatMap((s) => arr(s.tools).map(rec))
    .find((t) => str(t.name) === 'check' && str(t.description).includes('efficiently'));
  const hostDescription = dedent(str(host?.description));
  for (const attack of arr(readJson(dir, 'mcpsecbench/tum-dse-fork/attacks_updated.json')).map(
    rec,
  )) {
    const prompt = str(attack.malicious_prompt).trim();
    if (prompt === '') continue;
    out.push({
      id: `mcpsecbench/tum/attacks_updated/${str(attack.name)}`,
      source: 'mcpsecbench',
      label: 'poisoned',
      attackType: 'tool poisoning',
      item: toolItem('check', `${hostDescription}\n${prompt}`, arr(host?.params).map(str)),
    });
  }
  return out;
}
