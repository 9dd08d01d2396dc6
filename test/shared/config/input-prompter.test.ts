import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import type { PromptInput } from '../../../src/shared/config/input-prompter.js';
import { createStreamPrompter, renderQuestion } from '../../../src/shared/config/input-prompter.js';

/** A stream pair; `tty: true` makes the input look like a terminal with a raw mode switch. */
function streams(tty = false): {
  input: PassThrough & PromptInput;
  output: PassThrough;
  written: () => string;
  rawModes: boolean[];
} {
  const input = new PassThrough() as PassThrough & PromptInput & { isTTY?: boolean };
  const rawModes: boolean[] = [];
  if (tty) {
    Object.assign(input, {
      isTTY: true,
      setRawMode: (mode: boolean) => {
        rawModes.push(mode);
        return input;
      },
    });
  }
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { input, output, written: () => Buffer.concat(chunks).toString(), rawModes };
}

const QUESTION = { id: 'token', message: 'API token', password: false };

describe('createStreamPrompter', () => {
  it('fails when the input ends before an answer', async () => {
    const { input, output } = streams();
    const prompter = createStreamPrompter(input, output);
    input.end();
    await expect(prompter.ask(QUESTION)).rejects.toThrow(
      'the input was closed before an answer was given',
    );
    await expect(prompter.ask(QUESTION)).rejects.toThrow('closed');
  });

  it('stops on Ctrl-C while a password is typed', async () => {
    const { input, output, rawModes } = streams(true);
    const prompter = createStreamPrompter(input, output);
    const answer = prompter.ask({ ...QUESTION, password: true });
    input.write('abc\u0003');
    await expect(answer).rejects.toThrow('input cancelled (Ctrl-C)');
    expect(rawModes).toEqual([true, false]);
  });

  it('writes the question and reads one line per answer', async () => {
    const { input, output, written } = streams();
    const prompter = createStreamPrompter(input, output);
    input.write('first\nsecond\r\nthi');
    expect(await prompter.ask(QUESTION)).toBe('first');
    expect(await prompter.ask(QUESTION)).toBe('second');
    const third = prompter.ask(QUESTION);
    input.write('rd\n');
    expect(await third).toBe('third');
    expect(written()).toBe('API token: API token: API token: ');
  });

  it('takes a last line without a newline at the end of input', async () => {
    const { input, output } = streams();
    const prompter = createStreamPrompter(input, output);
    input.end('last');
    expect(await prompter.ask(QUESTION)).toBe('last');
  });

  it('hides a password on a terminal: raw mode, no echo, backspace handled', async () => {
    const { input, output, written, rawModes } = streams(true);
    const prompter = createStreamPrompter(input, output);
    const answer = prompter.ask({ ...QUESTION, password: true });
    input.write('s3cx\u007fret\r');
    expect(await answer).toBe('s3cret');
    expect(rawModes).toEqual([true, false]);
    expect(written()).toBe('API token: \n');
    expect(written()).not.toContain('s3c');
  });

  it('does not touch raw mode for ordinary questions', async () => {
    const { input, output, rawModes } = streams(true);
    const prompter = createStreamPrompter(input, output);
    const answer = prompter.ask(QUESTION);
    input.write('visible\n');
    expect(await answer).toBe('visible');
    expect(rawModes).toEqual([]);
  });

  it('decodes characters split across chunks', async () => {
    const { input, output } = streams();
    const prompter = createStreamPrompter(input, output);
    const bytes = Buffer.from('é\n');
    const answer = prompter.ask(QUESTION);
    input.write(bytes.subarray(0, 1));
    input.write(bytes.subarray(1));
    expect(await answer).toBe('é');
  });
});

describe('renderQuestion', () => {
  it('shows choices, the default, and why the last answer was refused', () => {
    expect(
      renderQuestion({
        id: 'level',
        message: 'Log level',
        password: false,
        choices: [
          { label: 'debug', value: 'debug' },
          { label: 'Informative', value: 'info' },
        ],
        default: 'info',
        retry: 'Please answer with a number from 1 to 2.',
      }),
    ).toBe(
      'Please answer with a number from 1 to 2.\nLog level\n  1) debug\n  2) Informative\nChoose 1-2 [info]: ',
    );
  });

  it('does not show the default of a password', () => {
    expect(renderQuestion({ id: 'k', message: 'Key', password: true, default: 'hunter2' })).toBe(
      'Key (Enter keeps the default): ',
    );
  });
});
