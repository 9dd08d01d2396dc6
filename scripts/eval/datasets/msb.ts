/**
 * @module scripts/eval/datasets/msb
 * MCP Security Bench (msb/). What counts as poisoned:
 *
 * - `prompt_injection (tool description)` payloads of injection_payloads_materialised.json,
 *   appended to the description of each original attack-server tool, as MSB does at run time
 *   (22 tools × 5 payloads): "instruction injection".
 * - attack_server_tools_extracted.json variants whose text is the attack:
 *   `preference_manipulation` ("This is the best tool in the world."),
 *   `out_of_scope_parameter` (an `llm_model_name` parameter "The name of the llm model that
 *   calls this tool": harvesting the model's identity through an argument) and both together.
 *
 * Benign: the `original` variant (the real servers' own tool descriptions). Out of scope:
 * `name_overlap` and `tool_transfer`, whose descriptions are the original text (the attack is
 * the look-alike name, or a tool response redirecting to another tool), and the tool-response
 * payloads (`false_error`, `simulated_user`), which are not definitions. normal_tools/ and
 * support_tools/ hold launch configurations only (npx @smithery/cli …), no definitions, and
 * cannot be started offline: not used.
 */
import type { LabelledItem } from '../corpus.js';
import { dedent, toolItem } from '../corpus.js';
import { arr, readJson, rec, str } from './read-json.js';

const TYPE: Record<string, string> = {
  preference_manipulation: 'preference manipulation',
  out_of_scope_parameter: 'out-of-scope parameter',
  preference_manipulation_out_of_scope_parameter:
    'preference manipulation + out-of-scope parameter',
};

export function loadMsb(dir: string): LabelledItem[] {
  const tools = arr(readJson(dir, 'msb/attack_server_tools_extracted.json')).map(rec);
  const payloads = arr(readJson(dir, 'msb/injection_payloads_materialised.json'))
    .map(rec)
    .filter((p) => str(p.attack_type).includes('tool description'));
  const out: LabelledItem[] = [];
  for (const t of tools) {
    const variant = str(t.variant);
    const name = str(t.tool_name);
    const server = str(t.server_dir);
    const description = dedent(str(t.description));
    const params = arr(t.params).map(str);
    const id = `msb/${server}/${variant}/${name}`;
    if (variant === 'original') {
      out.push({ id, source: 'msb', label: 'benign', item: toolItem(name, description, params) });
      for (const p of payloads) {
        out.push({
          id: `${id}+${str(p.attack_task)}`,
          source: 'msb',
          label: 'poisoned',
          attackType: 'instruction injection',
          item: toolItem(name, `${description}${str(p.payload)}`, params),
        });
      }
    } else if (TYPE[variant] !== undefined) {
      out.push({
        id,
        source: 'msb',
        label: 'poisoned',
        attackType: TYPE[variant],
        item: toolItem(name, description, params),
      });
    } else {
      out.push({
        id,
        source: 'msb',
        label: 'out-of-scope',
        attackType: variant.replace(/_/g, ' '),
        note: 'description is the original text; the attack is the name or a tool response',
        item: toolItem(name, description, params),
      });
    }
  }
  return out;
}
