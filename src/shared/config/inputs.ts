/**
 * @module shared/config/inputs
 * Values of VS Code `${input:id}` placeholders. Each input is looked up, in order, in the
 * environment variable `GATEHOUSE_INPUT_<ID>` (non-empty), by asking the user through an
 * {@link InputPrompter} (the default is offered), or in the input's `default`. Without any of
 * these it is an error that says which variable to set; it is never silently empty.
 */
import type { Resolution } from './expand.js';
import type { InputPrompter, InputQuestion } from './input-prompter.js';
import type { PathSegment } from './source-path.js';
import { envValue } from './variables.js';

/** An entry of a VS Code `inputs` list. */
export interface InputDefinition {
  readonly id: string;
  readonly type: 'promptString' | 'pickString' | 'command';
  readonly description?: string;
  readonly default?: string;
  readonly password: boolean;
  readonly choices?: readonly { readonly label: string; readonly value: string }[];
  /** Where it is defined, e.g. `['inputs', 0]`. */
  readonly path: readonly PathSegment[];
}

/** How many times a question is put before giving up. */
export const MAX_ATTEMPTS = 3;

/** `github-token` -> `GATEHOUSE_INPUT_GITHUB_TOKEN`. */
export function inputEnvName(id: string): string {
  return `GATEHOUSE_INPUT_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** What is known about an input before anyone is asked. */
export type InputState =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'ask'; readonly input: InputDefinition }
  | Extract<Resolution, { ok: false }>;

function named(input: InputDefinition): string {
  return input.description ? `Input "${input.id}" (${input.description})` : `Input "${input.id}"`;
}

function fail(problem: string, unresolved = true): InputState {
  return { ok: false, problem, unresolved };
}

/** The definition of `${input:id}`, or why there is none. */
export function findInput(
  id: string,
  inputs: readonly InputDefinition[] | undefined,
): { readonly ok: true; readonly input: InputDefinition } | Extract<Resolution, { ok: false }> {
  if (inputs === undefined) {
    return {
      ok: false,
      unresolved: false,
      problem: `"\${input:${id}}" works only in a VS Code mcp.json with "inputs"; use \${VAR} here.`,
    };
  }
  const input = inputs.find((candidate) => candidate.id === id);
  if (input === undefined) {
    return { ok: false, unresolved: true, problem: `Input "${id}" is not defined in "inputs".` };
  }
  return { ok: true, input };
}

/** Resolves an input from the environment or its default, or says it must be asked. */
export function inputState(
  id: string,
  inputs: readonly InputDefinition[] | undefined,
  env: Readonly<Record<string, string | undefined>>,
  canAsk: boolean,
): InputState {
  const found = findInput(id, inputs);
  if (!found.ok) return found;
  const { input } = found;
  const variable = inputEnvName(id);
  const fromEnv = envValue(env, variable);
  if (fromEnv !== undefined && fromEnv !== '') {
    if (input.choices && !input.choices.some((choice) => choice.value === fromEnv)) {
      const values = input.choices.map((choice) => JSON.stringify(choice.value)).join(', ');
      return fail(`${variable} must be one of ${values} for input "${id}".`, false);
    }
    return { kind: 'value', value: fromEnv };
  }
  if (input.type === 'command') {
    return fail(
      `${named(input)} runs a VS Code command, which Gatehouse cannot do: set ${variable}.`,
    );
  }
  if (canAsk) return { kind: 'ask', input };
  if (input.default !== undefined) return { kind: 'value', value: input.default };
  return fail(
    `${named(input)} has no value: set ${variable}, or run Gatehouse from a terminal to be asked.`,
  );
}

/** Turns one answer into a value, or says why it is refused. */
function interpret(
  input: InputDefinition,
  answer: string,
): { ok: true; value: string } | { ok: false; retry: string } {
  const trimmed = answer.trim();
  if (trimmed === '') {
    if (input.default !== undefined) return { ok: true, value: input.default };
    return { ok: false, retry: 'An answer is required.' };
  }
  if (!input.choices) return { ok: true, value: answer };
  const number = /^\d+$/.test(trimmed) ? Number(trimmed) : 0;
  const choice =
    input.choices[number - 1] ??
    input.choices.find((option) => option.value === trimmed || option.label === trimmed);
  if (choice) return { ok: true, value: choice.value };
  return { ok: false, retry: `Please answer with a number from 1 to ${input.choices.length}.` };
}

/** Asks for an input, at most {@link MAX_ATTEMPTS} times. */
export async function askInput(
  input: InputDefinition,
  prompter: InputPrompter,
): Promise<Resolution> {
  let retry: string | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const question: InputQuestion = {
      id: input.id,
      message: input.description ?? `Value for input "${input.id}"`,
      password: input.password,
      ...(input.choices ? { choices: input.choices } : {}),
      ...(input.default !== undefined ? { default: input.default } : {}),
      ...(retry !== undefined ? { retry } : {}),
    };
    let answer: string;
    try {
      answer = await prompter.ask(question);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        unresolved: true,
        problem: `${named(input)} could not be read: ${reason}.`,
      };
    }
    const outcome = interpret(input, answer);
    if (outcome.ok) return { ok: true, value: outcome.value };
    retry = outcome.retry;
  }
  return {
    ok: false,
    unresolved: true,
    problem: `${named(input)} got no usable answer after ${MAX_ATTEMPTS} attempts; set ${inputEnvName(input.id)} to give it without a terminal.`,
  };
}
