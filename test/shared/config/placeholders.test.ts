import { describe, expect, it } from 'vitest';

import {
  escapeLiteral,
  hasPlaceholder,
  tokenize,
} from '../../../src/shared/config/placeholders.js';

describe('tokenize', () => {
  it('reports an unclosed placeholder', () => {
    expect(tokenize('abc ${HOME')).toEqual([
      { kind: 'text', text: 'abc ' },
      { kind: 'malformed', raw: '${HOME', problem: '"${" at character 5 is not closed by "}".' },
    ]);
  });

  it.each([
    '${}',
    '${:x}',
    '${env:}',
    '${input:}',
    '${1ABC}',
    '${config:editor.fontSize}',
    '${A B}',
  ])('reports %s as malformed', (text) => {
    const [token] = tokenize(text);
    expect(token?.kind).toBe('malformed');
  });

  it('reads every supported form', () => {
    const refs = tokenize(
      '${A}${B:-x y}${C:-}${env:D}${userHome}${workspaceFolder}${workspaceFolderBasename}${pathSeparator}${/}${input:github-pat}',
    ).map((token) => (token.kind === 'variable' ? token.ref : token));
    expect(refs).toEqual([
      { kind: 'env', name: 'A' },
      { kind: 'env', name: 'B', default: 'x y' },
      { kind: 'env', name: 'C', default: '' },
      { kind: 'env', name: 'D' },
      { kind: 'userHome' },
      { kind: 'workspaceFolder' },
      { kind: 'workspaceFolderBasename' },
      { kind: 'pathSeparator' },
      { kind: 'pathSeparator' },
      { kind: 'input', id: 'github-pat' },
    ]);
  });

  it('keeps text around placeholders and a lone $ as text', () => {
    expect(tokenize('Bearer ${TOKEN} $HOME costs $5')).toEqual([
      { kind: 'text', text: 'Bearer ' },
      { kind: 'variable', raw: '${TOKEN}', ref: { kind: 'env', name: 'TOKEN' } },
      { kind: 'text', text: ' $HOME costs $5' },
    ]);
  });

  it('reads $${ as a literal ${', () => {
    expect(tokenize('echo $${HOME}')).toEqual([{ kind: 'text', text: 'echo ${HOME}' }]);
    expect(hasPlaceholder('echo $${HOME}')).toBe(false);
  });
});

describe('escapeLiteral', () => {
  it('round-trips through tokenize', () => {
    const text = 'a ${b} $${c}';
    expect(tokenize(escapeLiteral(text))).toEqual([{ kind: 'text', text }]);
  });
});
