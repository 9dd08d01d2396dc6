/**
 * @module scripts/eval/datasets/read-json
 * Reads data set files (read only, in place: nothing is copied into the repository).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Parsed JSON of `dir/relative`. */
export function readJson(dir: string, relative: string): unknown {
  return JSON.parse(readFileSync(path.join(dir, relative), 'utf8')) as unknown;
}

/** Parsed JSON lines of `dir/relative`. */
export function readJsonLines(dir: string, relative: string): unknown[] {
  return readFileSync(path.join(dir, relative), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/** `value` as a record, or an empty one. */
export function rec(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** `value` as an array, or an empty one. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` as a string, or `''`. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
