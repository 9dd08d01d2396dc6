import { describe, expect, it } from 'vitest';

import { parseRegistrySpec } from '../../../src/creation/index.js';
import { specAccepts } from '../../../src/creation/packages/package-spec.js';

describe('package specs', () => {
  it.each([
    'git+https://github.com/x/y.git',
    'github:x/y',
    'x/y',
    'https://example.com/pkg.tgz',
    './local-folder',
    'file:../pkg',
    'alias@npm:other@1',
    'npm:other@1',
    '',
    'Has Spaces',
  ])('refuses what the registry lock cannot cover: %j', (spec) => {
    expect(() => parseRegistrySpec(spec)).toThrow(
      expect.objectContaining({ code: 'PACKAGE_SPEC_UNSUPPORTED' }),
    );
  });

  it.each([
    ['@scope/pkg', '@scope/pkg', '*', 'range'],
    ['pkg@1.2.3', 'pkg', '1.2.3', 'version'],
    ['pkg@^2', 'pkg', '^2', 'range'],
    ['pkg@next', 'pkg', 'next', 'tag'],
  ])('parses %s', (raw, name, fetchSpec, type) => {
    expect(parseRegistrySpec(raw)).toEqual({ raw, name, fetchSpec, type });
  });

  it('a locked version answers a spec only when its range allows it', () => {
    expect(specAccepts(parseRegistrySpec('pkg@^1'), 'pkg', '1.4.0')).toBe(true);
    expect(specAccepts(parseRegistrySpec('pkg@^2'), 'pkg', '1.4.0')).toBe(false);
    expect(specAccepts(parseRegistrySpec('pkg'), 'pkg', '3.0.0')).toBe(true);
    expect(specAccepts(parseRegistrySpec('pkg@beta'), 'pkg', '3.0.0-beta.1')).toBe(true);
    expect(specAccepts(parseRegistrySpec('pkg'), 'other', '3.0.0')).toBe(false);
  });
});
