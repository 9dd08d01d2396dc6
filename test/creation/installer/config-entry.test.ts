/**
 * The config entry an install writes, in each accepted format, keeping the rest of the file;
 * an entry under a key that holds another server is refused; grants need gatehouse.yaml. Also
 * the server arguments taken from `server.json`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { writeServerEntry } from '../../../src/creation/installer/config-entry.js';
import { installServer } from '../../../src/creation/installer/index.js';
import { serverArgsOf } from '../../../src/creation/installer/server-args.js';
import { loadConfig } from '../../../src/shared/config/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const dir = useTempDir('gatehouse-config-entry-');
let count = 0;
function file(name: string, text: string): string {
  const target = path.join(dir, `${count++}-${name}`);
  writeFileSync(target, text);
  return target;
}

const entry = { key: 'weather', args: ['-y', 'weather-mcp@1.2.0', '--units', 'metric'] };

describe('writeServerEntry', () => {
  it('gatehouse.yaml: adds a block entry (with grants), keeping comments and other servers', async () => {
    const yaml = file(
      'gatehouse.yaml',
      '# my gateway\ngateway:\n  listen: 127.0.0.1:8808 # keep me\nservers:\n  other: { transport: http, url: "https://x.example/mcp" }\n',
    );
    const written = await writeServerEntry(
      yaml,
      { ...entry, sandbox: { network: ['api.example.com:443'] } },
      false,
    );
    expect(written).toEqual({ format: 'gatehouse', replaced: false });
    const text = readFileSync(yaml, 'utf8');
    expect(text).toContain('# my gateway');
    expect(text).toContain('# keep me');
    const loaded = await loadConfig(yaml);
    expect(loaded.config.servers.weather).toMatchObject({
      transport: 'stdio',
      command: 'npx',
      args: entry.args,
      sandbox: { network: ['api.example.com:443'] },
    });
    expect(loaded.config.servers.other?.transport).toBe('http');
  });

  it('mcpServers and VS Code JSON: their own entry shapes, comments kept', async () => {
    const claude = file('claude.json', '{\n  // keep\n  "mcpServers": {}\n}\n');
    expect((await writeServerEntry(claude, entry, false)).format).toBe('mcpServers');
    expect(readFileSync(claude, 'utf8')).toContain('// keep');
    expect((await loadConfig(claude)).config.servers.weather).toMatchObject({
      command: 'npx',
      args: entry.args,
    });
    const vscode = file('mcp.json', '{"inputs": [], "servers": {}}');
    expect((await writeServerEntry(vscode, entry, false)).format).toBe('vscode');
    expect(JSON.parse(readFileSync(vscode, 'utf8')).servers.weather.type).toBe('stdio');
  });

  it("refuses to overwrite another server's key, replaces the same install's", async () => {
    const yaml = file(
      'taken.yaml',
      'servers:\n  weather: { transport: stdio, command: node, args: [w.js] }\n',
    );
    await expect(writeServerEntry(yaml, entry, false)).rejects.toMatchObject({
      code: 'INSTALL_CONFIG_CONFLICT',
      message: expect.stringContaining('already has a server "weather"'),
    });
    expect(readFileSync(yaml, 'utf8')).toContain('w.js');
    expect((await writeServerEntry(yaml, entry, true)).replaced).toBe(true);
    expect((await loadConfig(yaml)).config.servers.weather).toMatchObject({ command: 'npx' });
  });

  it('refuses grants for a client-format file (it has no place for them)', async () => {
    const claude = file('grants.json', '{"mcpServers": {}}');
    await expect(
      writeServerEntry(claude, { ...entry, sandbox: { read: ['/x'] } }, false),
    ).rejects.toThrow(/has no place for sandbox grants/);
  });
});

describe('installServer: checks made before anything is read from a registry', () => {
  const base = {
    configFile: '',
    lockFile: path.join(dir, 'none.lock'),
    registries: [{ url: 'http://127.0.0.1:9' }],
    stateDir: dir,
    packagesDir: dir,
    npmRegistry: 'http://127.0.0.1:9/',
  };

  it('refuses grants the config would refuse, a bad key, and no registry at all', async () => {
    const yaml = file('grants.yaml', 'servers: {}\n');
    await expect(
      installServer({
        ...base,
        configFile: yaml,
        name: 'io.github.alice/weather',
        grants: { network: ['not a host'] },
      }),
    ).rejects.toThrow(/sandbox grants: network grant "not a host": missing :port/);
    await expect(
      installServer({
        ...base,
        configFile: yaml,
        name: 'io.github.alice/weather',
        serverKey: '../x',
      }),
    ).rejects.toThrow(/cannot be a server key/);
    await expect(
      installServer({ ...base, configFile: yaml, name: 'io.github.alice/weather', registries: [] }),
    ).rejects.toThrow(/no registry to install from/);
    await expect(
      installServer({ ...base, configFile: yaml, name: 'weather' }),
    ).rejects.toMatchObject({
      code: 'USAGE',
    });
    expect(readFileSync(yaml, 'utf8')).toBe('servers: {}\n');
  });
});

describe('serverArgsOf', () => {
  it("takes fixed and default values of the package's arguments, then the user's", () => {
    const server = {
      packages: [
        {
          identifier: 'weather-mcp',
          packageArguments: [
            { type: 'positional', value: 'stdio' },
            { type: 'named', name: '--units', default: 'metric' },
            { type: 'named', name: '--token', isRequired: true },
            { type: 'positional', valueHint: 'optional' },
          ],
        },
      ],
    };
    expect(serverArgsOf(server, 'weather-mcp', ['--verbose'])).toEqual({
      args: ['stdio', '--units', 'metric', '--verbose'],
      missing: ['--token'],
    });
    expect(serverArgsOf(server, 'other', [])).toEqual({ args: [], missing: [] });
  });
});
