import { describe, expect, it } from 'vitest';

import {
  buildNameTable,
  buildUriNamespaces,
  formatNamingLines,
  namingFindings,
  resolvePrefix,
  shortHash,
} from '../../../../src/operation/gateway/naming/index.js';

describe('naming report', () => {
  it('reports nothing when nothing changed', () => {
    expect(namingFindings({})).toEqual([]);
    expect(namingFindings({ prefixes: [{ serverKey: 'gh', ...resolvePrefix('gh') }] })).toEqual([]);
  });

  it('reports changed prefixes, clashes and URI issues as lines and JSON-ready objects', () => {
    const prefix = resolvePrefix('my server');
    const table = buildNameTable(
      [
        { key: 'github', prefix: 'gh', items: [{ kind: 'tool', name: 'search' }] },
        { key: 'gitlab', prefix: 'GH', items: [{ kind: 'tool', name: 'search' }] },
      ],
      { maxLength: 64 },
    );
    const uris = buildUriNamespaces([
      { key: 'one', prefix: '' },
      { key: 'two', prefix: '' },
    ]);
    const findings = namingFindings({
      prefixes: [{ serverKey: 'my server', ...prefix }],
      clashes: table.clashes,
      uriIssues: uris.issues,
    });
    const suffix = shortHash('gitlab', 4);
    expect(formatNamingLines(findings)).toEqual([
      'info: server "my server": prefix "my server" became "my-server": characters outside [A-Za-z0-9-] and repeated or outer "_" were replaced.',
      `warning: tool name clash (case): tool "search" of server "github" keeps gh__search; tool "search" of server "gitlab" becomes GH__search_${suffix}.`,
      `warning: servers "one", "two" all have an empty prefix, so none passes its resource URIs through; they use gatehouse://one-${shortHash('one')}/, gatehouse://two-${shortHash('two')}/.`,
    ]);
    expect(JSON.parse(JSON.stringify(findings))).toEqual(findings);
    expect(findings.map((f) => f.code)).toEqual([
      'prefix-changed',
      'name-clash',
      'several-empty-prefixes',
    ]);
    expect(findings[1]!.details).toEqual({
      kind: 'tool',
      type: 'case',
      members: [
        { serverKey: 'github', name: 'search', before: 'gh__search', after: 'gh__search' },
        {
          serverKey: 'gitlab',
          name: 'search',
          before: 'GH__search',
          after: `GH__search_${suffix}`,
        },
      ],
      resolution: `tool "search" of server "github" keeps gh__search; tool "search" of server "gitlab" becomes GH__search_${suffix}.`,
    });
  });

  it('keeps every line on one line, whatever the upstream names hold', () => {
    const table = buildNameTable(
      [
        { key: 'a\nb', prefix: 'p', items: [{ kind: 'prompt', name: 'x\n\u202e' }] },
        { key: 'c', prefix: 'p', items: [{ kind: 'prompt', name: 'x\n\u202e' }] },
      ],
      { maxLength: 64 },
    );
    const lines = formatNamingLines(namingFindings({ clashes: table.clashes }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\n\u202e]/);
  });
});
