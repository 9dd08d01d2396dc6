/**
 * @module scripts/eval/format
 * Formats generated JSON and Markdown with the repository's Prettier settings, so generated files
 * pass `prettier --check` like hand-written ones.
 */
import path from 'node:path';

import prettier from 'prettier';

async function options(root: string, file: string): Promise<prettier.Options> {
  return {
    ...((await prettier.resolveConfig(path.join(root, file))) ?? {}),
    filepath: path.join(root, file),
  };
}

/** `value` as Prettier-formatted JSON. */
export async function formatJson(root: string, value: unknown): Promise<string> {
  return prettier.format(JSON.stringify(value), await options(root, 'eval/results/latest.json'));
}

/** Markdown formatted as Prettier would in README.md. */
export async function formatMarkdown(root: string, markdown: string): Promise<string> {
  return prettier.format(markdown, await options(root, 'README.md'));
}
