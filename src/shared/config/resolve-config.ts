/**
 * @module shared/config/resolve-config
 * Expands the placeholders of a translated configuration and validates the result. Everything
 * that can be checked without the user is checked first, so nobody is asked for a password only
 * to be told the file has a typo; then each `${input:id}` that needs asking is asked once, and
 * the expanded configuration is validated again.
 */
import type { FoundIssue } from './config-issues.js';
import { throwIssues } from './config-issues.js';
import type { ExpansionProblem, Resolver } from './expand.js';
import { expandTree } from './expand.js';
import type { InputPrompter } from './input-prompter.js';
import type { InputDefinition } from './inputs.js';
import { askInput, inputState } from './inputs.js';
import type { GatehouseConfig } from './schema.js';
import type { PathSegment } from './source-path.js';
import type { TranslatedConfig } from './translate.js';
import { pathKey, validateConfig } from './validate-config.js';
import type { VariableContext } from './variables.js';
import { resolveStatic } from './variables.js';

function located(
  problems: readonly ExpansionProblem[],
  file: string,
  t: TranslatedConfig,
): FoundIssue[] {
  return problems.map(({ path, problem, unresolved }) => ({
    file,
    path: t.paths.format(path),
    problem,
    unresolved,
  }));
}

export async function resolveConfig(
  t: TranslatedConfig,
  file: string,
  context: VariableContext,
  prompter?: InputPrompter,
): Promise<GatehouseConfig> {
  const toAsk = new Map<string, { input: InputDefinition; path: readonly PathSegment[] }>();
  const pending = new Set<string>();
  const firstPass: Resolver = (ref, path) => {
    if (ref.kind !== 'input') return resolveStatic(ref, context);
    const state = inputState(ref.id, t.inputs, context.env, prompter !== undefined);
    if ('ok' in state) return state;
    if (state.kind === 'value') return { ok: true, value: state.value };
    if (!toAsk.has(ref.id)) toAsk.set(ref.id, { input: state.input, path });
    pending.add(pathKey(path));
    return { ok: true, value: '' };
  };
  const problems: ExpansionProblem[] = [];
  const first = expandTree(t.tree, firstPass, problems);
  const skip = new Set([...pending, ...problems.map((problem) => pathKey(problem.path))]);
  const checked = validateConfig(first, file, t.paths, skip);
  const early = [...located(problems, file, t), ...(checked.ok ? [] : checked.issues)];
  if (early.length > 0) throwIssues(early);
  if (checked.ok && toAsk.size === 0) return checked.config;

  const answers = new Map<string, string>();
  for (const [id, { input, path }] of toAsk) {
    // toAsk is only filled when a prompter exists. The first refusal ends the load: after a
    // cancelled or unanswered question, asking the next one would only annoy.
    const answer = await askInput(input, prompter as InputPrompter);
    if (!answer.ok) throwIssues(located([{ path, ...answer }], file, t));
    answers.set(id, answer.value);
  }

  const secondPass: Resolver = (ref, path, raw) =>
    ref.kind === 'input' && answers.has(ref.id)
      ? { ok: true, value: answers.get(ref.id) ?? '' }
      : firstPass(ref, path, raw);
  const second = expandTree(t.tree, secondPass, []);
  const final = validateConfig(second, file, t.paths);
  if (!final.ok) throwIssues(final.issues);
  return final.config;
}
