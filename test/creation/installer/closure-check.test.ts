/**
 * Exact-closure mode of the package store (`compareClosure`): the tree npm builds, or a locked
 * tree, must be exactly the closure a release signed — no extra, missing or different package —
 * with bundled packages covered by their parent and optional packages of another platform
 * allowed to be missing on either side.
 */
import { describe, expect, it } from 'vitest';

import type { ClosureCandidate, ExpectedClosure } from '../../../src/creation/packages/index.js';
import { compareClosure } from '../../../src/creation/packages/index.js';

const sri = (c: string): string => `sha512-${c.repeat(86)}==`;

const expected: ExpectedClosure = {
  root: { name: 'weather-mcp', version: '1.0.0', integrity: sri('R') },
  closure: [
    { name: 'express', version: '5.2.1', integrity: sri('E') },
    { name: 'fsevents', version: '2.3.3', integrity: sri('F') },
    { name: 'zod', version: '4.1.0', integrity: sri('Z') },
  ],
  signedBy: 'io.github.alice/weather@1.0.0',
};

const tree: ClosureCandidate[] = [
  {
    location: 'node_modules/weather-mcp',
    name: 'weather-mcp',
    version: '1.0.0',
    integrity: sri('R'),
  },
  { location: 'node_modules/express', name: 'express', version: '5.2.1', integrity: sri('E') },
  {
    location: 'node_modules/chokidar',
    name: 'chokidar',
    version: '4.0.0',
    inBundle: true,
    optionalDependencies: { fsevents: '^2' },
  },
  { location: 'node_modules/zod', name: 'zod', version: '4.1.0', integrity: sri('Z') },
];

const problems = (candidates: ClosureCandidate[]): readonly string[] => {
  const result = compareClosure(candidates, expected);
  return result.ok ? [] : result.problems;
};

describe('compareClosure', () => {
  it('refuses an extra package, naming the signed version when there is one', () => {
    expect(
      problems([
        ...tree,
        { location: 'node_modules/evil', name: 'evil', version: '1.0.0', integrity: sri('X') },
      ]),
    ).toEqual(['evil@1.0.0 is not in the signed closure (an extra package)']);
    expect(problems(tree.map((p) => (p.name === 'zod' ? { ...p, version: '4.99.0' } : p)))).toEqual(
      [
        'zod@4.99.0 is not in the signed closure, which has zod@4.1.0',
        'zod@4.1.0 of the signed closure is missing from the tree',
      ],
    );
  });

  it('refuses a package whose integrity differs, and a changed root', () => {
    expect(
      problems(tree.map((p) => (p.name === 'express' ? { ...p, integrity: sri('X') } : p))),
    ).toEqual([
      `express@5.2.1: the registry announces ${sri('X')}, the release signed ${sri('E')}`,
    ]);
    expect(
      problems(tree.map((p) => (p.name === 'weather-mcp' ? { ...p, integrity: sri('X') } : p)))[0],
    ).toMatch(/^weather-mcp@1\.0\.0 \(sha512-X+==\) is not the signed weather-mcp@1\.0\.0/);
    expect(problems(tree.filter((p) => p.name !== 'weather-mcp'))).toEqual([
      'weather-mcp itself is not in the tree',
    ]);
  });

  it('refuses a missing package unless the tree knows it as optional (another platform)', () => {
    expect(problems(tree.filter((p) => p.name !== 'zod'))).toEqual([
      'zod@4.1.0 of the signed closure is missing from the tree',
    ]);
    // fsevents is missing but declared optional by chokidar; chokidar is bundled (not compared).
    expect(compareClosure(tree, expected)).toEqual({ ok: true });
    const withoutOptional = tree.map((p) => ({ ...p, optionalDependencies: undefined }));
    expect(problems(withoutOptional)).toEqual([
      'fsevents@2.3.3 of the signed closure is missing from the tree',
    ]);
  });
});
