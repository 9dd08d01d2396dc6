/**
 * @module shared/config/input-prompter
 * Asking the user for VS Code `${input:id}` values. {@link InputPrompter} is what `loadConfig`
 * needs; {@link createStreamPrompter} implements it on any readable/writable pair, and
 * `createTerminalPrompter` uses it on `/dev/tty`.
 */
import { StringDecoder } from 'node:string_decoder';

/** One question to put to the user. */
export interface InputQuestion {
  /** The input's id in the config file. */
  readonly id: string;
  /** The question: the input's `description`. */
  readonly message: string;
  /** Hide what is typed. */
  readonly password: boolean;
  /** `pickString` choices; the answer may be a choice's number, label or value. */
  readonly choices?: readonly { readonly label: string; readonly value: string }[];
  /** Offered: an empty answer takes it. */
  readonly default?: string;
  /** Why the previous answer was refused, if this is a repeated question. */
  readonly retry?: string;
}

/** Asks the user a question and returns the raw answer (without the line ending). */
export interface InputPrompter {
  ask(question: InputQuestion): Promise<string>;
}

/** A readable stream that may be a terminal (has `setRawMode`). */
export interface PromptInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  readonly readableEnded?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** The text written before the answer is read. */
export function renderQuestion(question: InputQuestion): string {
  const lines: string[] = [];
  if (question.retry !== undefined) lines.push(question.retry);
  const choices = question.choices ?? [];
  let prompt = question.message;
  if (choices.length > 0) {
    lines.push(question.message);
    choices.forEach((choice, index) => lines.push(`  ${index + 1}) ${choice.label}`));
    prompt = `Choose 1-${choices.length}`;
  }
  if (question.default !== undefined) {
    prompt += question.password ? ' (Enter keeps the default)' : ` [${question.default}]`;
  }
  lines.push(`${prompt}: `);
  return lines.join('\n');
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACES = new Set(['\u007f', '\b']);

/**
 * Reads answers line by line from `input`. For a password on a terminal, echo is turned off by
 * putting the terminal in raw mode while the answer is typed, so the secret never shows on
 * screen (shoulder surfing, terminal scrollback); the line is then edited here.
 */
export function createStreamPrompter(
  input: PromptInput,
  output: NodeJS.WritableStream,
): InputPrompter {
  const state: ReaderState = { buffered: '', ended: false, decoder: new StringDecoder('utf8') };
  return {
    async ask(question) {
      output.write(renderQuestion(question));
      const hidden = question.password && input.isTTY === true && input.setRawMode !== undefined;
      if (hidden) input.setRawMode?.(true);
      try {
        return await readLine(input, state, hidden);
      } finally {
        if (hidden) {
          input.setRawMode?.(false);
          output.write('\n');
        }
      }
    },
  };
}

interface ReaderState {
  buffered: string;
  ended: boolean;
  readonly decoder: StringDecoder;
}

/** The first line of `text` (line editing applied in raw mode) and what follows it. */
function takeLine(text: string, raw: boolean): { answer: string; rest: string } | undefined {
  let answer = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (char === '\n' || char === '\r') {
      const skip = char === '\r' && text[index + 1] === '\n' ? 2 : 1;
      return { answer, rest: text.slice(index + skip) };
    }
    if (raw && char === CTRL_C) throw new Error('input cancelled (Ctrl-C)');
    if (raw && char === CTRL_D && answer === '') throw new Error('input closed (Ctrl-D)');
    if (raw && BACKSPACES.has(char)) answer = answer.slice(0, -1);
    else answer += char;
  }
  return undefined;
}

function readLine(input: PromptInput, state: ReaderState, raw: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error: Error | undefined, answer?: string): void => {
      done = true;
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('error', onError);
      input.pause();
      if (answer !== undefined) resolve(answer);
      else reject(error ?? new Error('no answer'));
    };
    /** Resolves when a whole line is there; at the end of input, the partial line counts. */
    const check = (): void => {
      try {
        const text = state.ended && state.buffered !== '' ? `${state.buffered}\n` : state.buffered;
        const line = takeLine(text, raw);
        if (line) {
          state.buffered = line.rest;
          finish(undefined, line.answer);
        } else if (state.ended) {
          finish(new Error('the input was closed before an answer was given'));
        }
      } catch (error) {
        state.buffered = '';
        finish(error as Error);
      }
    };
    const onData = (chunk: Buffer | string): void => {
      state.buffered += typeof chunk === 'string' ? chunk : state.decoder.write(chunk);
      check();
    };
    const onEnd = (): void => {
      state.ended = true;
      state.buffered += state.decoder.end();
      check();
    };
    const onError = (error: Error): void => finish(error);
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
    if (input.readableEnded === true) state.ended = true;
    check();
    if (!done) input.resume();
  });
}
