import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { beforeAll, describe, expect, it } from 'vitest';

import { parseNpxLaunch, resolvePackage } from '../../../src/creation/index.js';
import { FILESYSTEM, freshState, useRegistry, useWorldReadableTempDir } from './store-helpers.js';

describe('resolvePackage: @modelcontextprotocol/server-filesystem from a client config entry', () => {
  const base = useWorldReadableTempDir();
  const state = freshState(base);
  let registry: Awaited<ReturnType<typeof useRegistry>>;

  beforeAll(async () => {
    registry = await useRegistry([FILESYSTEM]);
  });

  it('resolves `npx -y <pkg> <dir>` to its bin and runs it with the remaining args', async () => {
    const shared = path.join(base, 'shared');
    mkdirSync(shared);
    const launch = parseNpxLaunch('npx', ['-y', FILESYSTEM, shared]);
    if (launch.kind !== 'npx') throw new Error('expected an npx launch');
    const resolved = await resolvePackage(launch, { ...state, registry: registry.url });
    expect(resolved.bin).toBe('mcp-server-filesystem');
    expect(resolved.binPath).toBe(path.join(resolved.packageDir, 'dist/index.js'));
    expect(resolved.argv).toEqual([shared]);

    const client = new Client({ name: 'store-test', version: '1.0.0' });
    try {
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [resolved.binPath, ...resolved.argv],
          stderr: 'pipe',
        }),
      );
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('read_text_file');
    } finally {
      await client.close();
    }
  });

  it('`npx -p <pkg> <bin>` picks the named bin and refuses an unknown one, listing the bins', async () => {
    const named = await resolvePackage(
      { spec: FILESYSTEM, bin: 'mcp-server-filesystem', argv: [] },
      { ...state, registry: registry.url },
    );
    expect(named.bin).toBe('mcp-server-filesystem');
    await expect(
      resolvePackage(
        { spec: FILESYSTEM, bin: 'nope', argv: [] },
        { ...state, registry: registry.url },
      ),
    ).rejects.toMatchObject({
      code: 'PACKAGE_BIN_UNRESOLVED',
      message: expect.stringContaining('(its bins: mcp-server-filesystem)'),
    });
  });
});
