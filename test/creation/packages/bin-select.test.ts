import { describe, expect, it } from 'vitest';

import { normalizeBins, selectBin } from '../../../src/creation/packages/bin-select.js';

const pkg = (bins: Record<string, string>, name = '@scope/tool') => ({
  name,
  version: '1.2.3',
  bins,
});

describe('bin selection like npx', () => {
  it.each([['../../etc/passwd'], ['/usr/bin/env'], ['dist/../../x.js'], ['C:\\Windows\\x.js']])(
    'refuses a bin path outside the package: %s',
    (target) => {
      expect(() => normalizeBins('pkg', { pkg: target })).toThrow('points outside the package');
    },
  );

  it('normalizes a string bin to the unscoped name and drops ./', () => {
    expect(normalizeBins('@scope/tool', './dist/cli.js')).toEqual({ tool: 'dist/cli.js' });
    expect(normalizeBins('pkg', { a: 'a.js', 'x/b': './b.js', c: 42 })).toEqual({
      a: 'a.js',
      b: 'b.js',
    });
    expect(normalizeBins('pkg', undefined)).toEqual({});
  });

  it('fails with a coded error listing the bins when several match no rule', () => {
    expect(() => selectBin(pkg({ a: 'a.js', b: 'b.js' }))).toThrow(
      /@scope\/tool@1\.2\.3 has several bins \(a, b\).*npx -p @scope\/tool <bin>/,
    );
    expect(() => selectBin(pkg({}))).toThrow('has no bin to run');
    expect(() => selectBin(pkg({ a: 'a.js' }), 'b')).toThrow('has no bin "b" (its bins: a)');
  });

  it('picks the only bin, else the unscoped name, else the named one', () => {
    expect(selectBin(pkg({ whatever: 'w.js' }))).toEqual({ bin: 'whatever', relativePath: 'w.js' });
    expect(selectBin(pkg({ a: 'a.js', tool: 't.js' }))).toEqual({
      bin: 'tool',
      relativePath: 't.js',
    });
    expect(selectBin(pkg({ a: 'a.js', tool: 't.js' }), 'a')).toEqual({
      bin: 'a',
      relativePath: 'a.js',
    });
  });
});
