import { describe, expect, it } from 'vitest';

import { parseNpxLaunch } from '../../../src/creation/index.js';
import { ErrorCode, GatehouseError } from '../../../src/shared/errors/index.js';

const EVERYTHING = '@modelcontextprotocol/server-everything';

describe('parseNpxLaunch', () => {
  it.each([
    ['npx', ['--registry=https://evil.example', 'pkg'], '--registry=https://evil.example'],
    ['npx', ['-c', 'echo hi'], '-c'],
    ['npx', ['--call', 'echo hi'], '--call'],
    ['npx', ['--prefer-online', 'pkg'], '--prefer-online'],
    ['npx', ['-y', '--ignore-existing', 'pkg'], '--ignore-existing'],
    ['npx', ['--no', 'pkg'], '--no'],
    ['/usr/bin/npx', ['-yq', 'pkg'], '-yq'],
  ])('fails closed on an unknown flag, naming it: %s %j', (command, args, flag) => {
    let error: unknown;
    try {
      parseNpxLaunch(command, args);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GatehouseError);
    expect((error as GatehouseError).code).toBe(ErrorCode.NpxArgsUnsupported);
    expect((error as GatehouseError).message).toContain(`"${flag}"`);
  });

  it.each([
    [['-y'], 'without a package'],
    [[], 'without a package'],
    [['--yes', '--'], 'without a package'],
    [['-p', 'a', '-p', 'b', 'bin'], 'several packages'],
    [['--package=pkg'], 'needs the name of the bin'],
    [['-p'], 'needs a package name'],
    [['-p', '--yes', 'pkg'], 'needs a package name'],
    [['--package='], 'needs the name of the bin'],
  ])('refuses launches it cannot pin: %j (%s)', (args, message) => {
    expect(() => parseNpxLaunch('npx', args)).toThrow(message);
  });

  it.each([
    // command, args, expected spec, bin, argv
    ['npx', ['-y', EVERYTHING], EVERYTHING, undefined, []],
    ['npx', ['-y', EVERYTHING, 'stdio'], EVERYTHING, undefined, ['stdio']],
    ['npx', ['--yes', 'pkg@1.2.3', '--port', '3'], 'pkg@1.2.3', undefined, ['--port', '3']],
    ['npx', ['@scope/pkg@^2', '-y'], '@scope/pkg@^2', undefined, ['-y']],
    ['npx', ['-q', '--quiet', '--no-install', 'pkg'], 'pkg', undefined, []],
    ['npx', ['-y', '--', 'pkg', '--flag'], 'pkg', undefined, ['--flag']],
    ['npx', ['-p', 'pkg@1', 'pkg-cli', 'a', 'b'], 'pkg@1', 'pkg-cli', ['a', 'b']],
    ['npx', ['--package', '@s/p', 'bin'], '@s/p', 'bin', []],
    ['npx', ['-y', '--package=@s/p@3', '--', 'bin', '-x'], '@s/p@3', 'bin', ['-x']],
    ['npx.cmd', ['-y', 'pkg'], 'pkg', undefined, []],
    ['C:\\Program Files\\nodejs\\npx.cmd', ['pkg'], 'pkg', undefined, []],
    ['/usr/local/bin/npx', ['-y', 'pkg', 'x'], 'pkg', undefined, ['x']],
    ['NPX.EXE', ['pkg'], 'pkg', undefined, []],
  ])('%s %j → spec, bin and server args', (command, args, spec, bin, argv) => {
    const parsed = parseNpxLaunch(command, args);
    expect(parsed).toEqual(
      bin === undefined ? { kind: 'npx', spec, argv } : { kind: 'npx', spec, bin, argv },
    );
  });

  it.each([
    ['node', ['server.js']],
    ['npm', ['exec', 'pkg']],
    ['/usr/bin/npxx', ['pkg']],
    ['uvx', ['mcp-server-fetch']],
    ['/opt/npx/node', ['x']],
  ])('leaves other commands alone: %s', (command, args) => {
    expect(parseNpxLaunch(command, args)).toEqual({ kind: 'other' });
  });

  it('does not alias the caller’s args array', () => {
    const args = ['-y', 'pkg', 'a'];
    const parsed = parseNpxLaunch('npx', args);
    args[2] = 'changed';
    expect(parsed).toEqual({ kind: 'npx', spec: 'pkg', argv: ['a'] });
  });
});
