import { describe, expect, it } from 'vitest';

import type { InputDefinition } from '../../../src/shared/config/inputs.js';
import { askInput, inputEnvName, inputState } from '../../../src/shared/config/inputs.js';
import { scripted } from './helpers.js';

const TOKEN: InputDefinition = {
  id: 'api.token',
  type: 'promptString',
  description: 'API token',
  password: true,
  path: ['inputs', 0],
};
const LEVEL: InputDefinition = {
  id: 'level',
  type: 'pickString',
  password: false,
  default: 'info',
  choices: [
    { label: 'debug', value: 'debug' },
    { label: 'Informative', value: 'info' },
  ],
  path: ['inputs', 1],
};
const COMMAND: InputDefinition = {
  id: 'pick',
  type: 'command',
  password: false,
  path: ['inputs', 2],
};
const INPUTS = [TOKEN, LEVEL, COMMAND];

describe('inputEnvName', () => {
  it('upper-cases the id and replaces every other character by _', () => {
    expect(inputEnvName('github-pat')).toBe('GATEHOUSE_INPUT_GITHUB_PAT');
    expect(inputEnvName('api.token v2')).toBe('GATEHOUSE_INPUT_API_TOKEN_V2');
  });
});

describe('inputState', () => {
  it('refuses unknown ids and command inputs without a value', () => {
    expect(inputState('nope', INPUTS, {}, true)).toMatchObject({ ok: false, unresolved: true });
    expect(inputState('pick', INPUTS, {}, true)).toMatchObject({
      ok: false,
      problem:
        'Input "pick" runs a VS Code command, which Gatehouse cannot do: set GATEHOUSE_INPUT_PICK.',
    });
  });

  it('refuses an environment value that is not one of the options', () => {
    expect(inputState('level', INPUTS, { GATEHOUSE_INPUT_LEVEL: 'loud' }, false)).toEqual({
      ok: false,
      unresolved: false,
      problem: 'GATEHOUSE_INPUT_LEVEL must be one of "debug", "info" for input "level".',
    });
  });

  it('takes a non-empty environment value first, then asks, then the default', () => {
    expect(inputState('api.token', INPUTS, { GATEHOUSE_INPUT_API_TOKEN: 't' }, true)).toEqual({
      kind: 'value',
      value: 't',
    });
    expect(inputState('api.token', INPUTS, { GATEHOUSE_INPUT_API_TOKEN: '' }, true)).toEqual({
      kind: 'ask',
      input: TOKEN,
    });
    expect(inputState('level', INPUTS, {}, false)).toEqual({ kind: 'value', value: 'info' });
    expect(inputState('pick', INPUTS, { GATEHOUSE_INPUT_PICK: 'x' }, false)).toEqual({
      kind: 'value',
      value: 'x',
    });
  });
});

describe('askInput', () => {
  it('reports a prompter that fails', async () => {
    expect(await askInput(TOKEN, scripted([new Error('input cancelled (Ctrl-C)')]))).toEqual({
      ok: false,
      unresolved: true,
      problem: 'Input "api.token" (API token) could not be read: input cancelled (Ctrl-C).',
    });
  });

  it('asks again after a refused choice, at most three times', async () => {
    const prompter = scripted(['7', 'loud', 'x']);
    expect(await askInput(LEVEL, prompter)).toMatchObject({ ok: false });
    expect(prompter.questions.map((question) => question.retry)).toEqual([
      undefined,
      'Please answer with a number from 1 to 2.',
      'Please answer with a number from 1 to 2.',
    ]);
  });

  it('takes a choice by number, value or label, and the default on an empty answer', async () => {
    expect(await askInput(LEVEL, scripted(['1']))).toEqual({ ok: true, value: 'debug' });
    expect(await askInput(LEVEL, scripted(['debug']))).toEqual({ ok: true, value: 'debug' });
    expect(await askInput(LEVEL, scripted(['Informative']))).toEqual({ ok: true, value: 'info' });
    expect(await askInput(LEVEL, scripted(['']))).toEqual({ ok: true, value: 'info' });
  });

  it('keeps a typed answer exactly, spaces included', async () => {
    const prompter = scripted(['', ' pass word ']);
    expect(await askInput(TOKEN, prompter)).toEqual({ ok: true, value: ' pass word ' });
    expect(prompter.questions[0]).toEqual({
      id: 'api.token',
      message: 'API token',
      password: true,
    });
  });
});
