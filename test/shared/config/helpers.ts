/** Shared by the config tests: real temp files, fixtures, a scripted prompter, failures. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, expect } from 'vitest';

import type { InputPrompter, InputQuestion } from '../../../src/shared/config/index.js';
import { ConfigError } from '../../../src/shared/errors/index.js';

/** The checked-in fixtures under `test/fixtures/config/`. */
export function fixture(relative: string): string {
  return fileURLToPath(new URL(`../../fixtures/config/${relative}`, import.meta.url));
}

/** A temp folder for this test file, and a writer of files inside it. */
export function tempFiles(): {
  dir: () => string;
  write: (name: string, text: string) => Promise<string>;
} {
  let root: string | undefined;
  let count = 0;
  afterAll(async () => {
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });
  const ensure = async (): Promise<string> =>
    (root ??= await mkdtemp(join(tmpdir(), 'gatehouse-config-')));
  return {
    dir: () => {
      if (root === undefined) throw new Error('no file written yet');
      return root;
    },
    /** Writes `text` to `<fresh folder>/<name>` and returns the absolute path. */
    async write(name, text) {
      const file = join(await ensure(), String(++count), name);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
      return file;
    },
  };
}

/** The ConfigError a promise fails with. */
export async function failure(promise: Promise<unknown>): Promise<ConfigError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

/** A prompter that answers from a list (an Error rejects) and records the questions. */
export function scripted(
  answers: (string | Error)[],
): InputPrompter & { questions: InputQuestion[] } {
  const questions: InputQuestion[] = [];
  return {
    questions,
    ask(question) {
      questions.push(question);
      const answer = answers.shift() ?? new Error('no more answers');
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}
