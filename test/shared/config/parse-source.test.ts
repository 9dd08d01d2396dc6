import { describe, expect, it } from 'vitest';

import { parseSource } from '../../../src/shared/config/parse-source.js';

const FILE = '/tmp/x/config.json';

describe('parseSource', () => {
  it('names line and column of a JSON syntax error', () => {
    const result = parseSource(
      '{\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}\n',
      FILE,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toEqual({
      file: FILE,
      path: '',
      problem: 'Invalid JSON at line 4, column 5: comma expected.',
    });
  });

  it('names line and column of a YAML syntax error', () => {
    const result = parseSource('servers:\n  a:\n    command: [x\n  b: 1\n', '/tmp/gatehouse.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.problem).toMatch(/^Invalid YAML at line \d+, column \d+: .+\.$/);
  });

  it('rejects duplicate YAML keys', () => {
    const result = parseSource('servers: {}\nservers: {}\n', '/tmp/gatehouse.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.problem).toMatch(/line 2, column 1: Map keys must be unique/);
  });

  it('rejects an empty file', () => {
    expect(parseSource(' \n', FILE)).toEqual({
      ok: false,
      issues: [{ file: FILE, path: '', problem: 'The file is empty.' }],
    });
  });

  it('accepts comments and trailing commas in JSON, as VS Code does', () => {
    const result = parseSource(
      '// servers\n{ "servers": { "a": { "type": "stdio", }, }, /* end */ }',
      FILE,
    );
    expect(result).toEqual({
      ok: true,
      value: { servers: { a: { type: 'stdio' } } },
      warnings: [],
    });
  });

  it('keeps the last of duplicate JSON keys, with a warning', () => {
    const result = parseSource('{ "a": 1,\n "a": 2 }', FILE);
    expect(result).toEqual({
      ok: true,
      value: { a: 2 },
      warnings: [
        {
          file: FILE,
          path: '',
          problem: 'Duplicate key "a" at line 2, column 2: the last one is used.',
        },
      ],
    });
  });

  it('makes "__proto__" an ordinary key, not a prototype', () => {
    for (const text of [
      '{ "__proto__": { "polluted": true } }',
      '__proto__:\n  polluted: true\n',
    ]) {
      const result = parseSource(text, FILE);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      const value = result.value as Record<string, unknown>;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.keys(value)).toEqual(['__proto__']);
      expect((value as { polluted?: boolean }).polluted).toBeUndefined();
    }
  });

  it('reads YAML, and JSON behind a byte order mark', () => {
    expect(parseSource('servers:\n  a: {transport: stdio}\n', FILE)).toMatchObject({
      ok: true,
      value: { servers: { a: { transport: 'stdio' } } },
    });
    expect(parseSource('\uFEFF{"mcpServers": {}}', FILE)).toMatchObject({
      ok: true,
      value: { mcpServers: {} },
    });
  });
});
