/**
 * Linear-time patterns by construction: no pattern of the scanner's phrase data repeats a group
 * that itself holds an unbounded quantifier (the shape behind catastrophic backtracking), except
 * with a small fixed bound. Checked on the sources of every pattern the phrase modules export.
 */
import { describe, expect, it } from 'vitest';

import * as en from '../../../src/operation/scanner/phrases/en.js';
import * as zh from '../../../src/operation/scanner/phrases/zh.js';
import * as patterns from '../../../src/operation/scanner/text/patterns.js';

/** Small fixed repetition bounds are allowed around groups with unbounded quantifiers. */
const MAX_BOUND = 12;

/** Groups that repeat a group holding an unbounded quantifier more than MAX_BOUND times. */
function riskyGroups(source: string): string[] {
  const stack: { start: number; unbounded: boolean }[] = [];
  const risky: string[] = [];
  let unboundedHere = false;
  const quantifierAt = (
    i: number,
  ): { unbounded: boolean; max: number; length: number } | undefined => {
    const c = source[i];
    if (c === '*' || c === '+') return { unbounded: true, max: Infinity, length: 1 };
    if (c === '?') return { unbounded: false, max: 1, length: 1 };
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (m === null) return undefined;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    return { unbounded: max === Infinity, max, length: m[0].length };
  };
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\\') {
      i += 1;
      const q = quantifierAt(i + 1);
      if (q?.unbounded) unboundedHere = true;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j;
      const q = quantifierAt(i + 1);
      if (q?.unbounded) unboundedHere = true;
      continue;
    }
    if (c === '(') {
      stack.push({ start: i, unbounded: unboundedHere });
      unboundedHere = false;
      continue;
    }
    if (c === ')') {
      const open = stack.pop();
      const inner: boolean = unboundedHere;
      const q = quantifierAt(i + 1);
      if (inner && q !== undefined && q.max > MAX_BOUND)
        risky.push(source.slice(open?.start ?? 0, i + 1 + q.length));
      unboundedHere = (open?.unbounded ?? false) || inner || (q?.unbounded ?? false);
      continue;
    }
    const q = quantifierAt(i + 1);
    if (q?.unbounded) unboundedHere = true;
  }
  return risky;
}

function sources(module: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  const add = (name: string, value: unknown): void => {
    if (typeof value === 'string') out.push([name, value]);
    else if (value instanceof RegExp) out.push([name, value.source]);
    else if (Array.isArray(value)) value.forEach((v, i) => add(`${name}[${i}]`, v));
    else if (value !== null && typeof value === 'object' && 'source' in value)
      add(name, value.source);
  };
  for (const [name, value] of Object.entries(module)) add(name, value);
  return out;
}

describe('phrase patterns', () => {
  it('the checker catches nested unbounded repetition', () => {
    expect(riskyGroups('(a+)+')).toEqual(['(a+)+']);
    expect(riskyGroups('(?:[^ ]+ )*x')).toEqual(['(?:[^ ]+ )*']);
    expect(riskyGroups('(?:[^ ]+ ){0,3}x')).toEqual([]);
    expect(riskyGroups('a[^)]{0,20}?b')).toEqual([]);
  });

  it.each([...sources(en), ...sources(zh), ...sources(patterns)])(
    '%s has no nested unbounded repetition',
    (_name, source) => {
      expect(riskyGroups(source)).toEqual([]);
      expect(() => new RegExp(source)).not.toThrow();
    },
  );
});
