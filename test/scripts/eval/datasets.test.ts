/**
 * The data set loaders, on the shared data sets when they are present: what counts as poisoned,
 * benign and out of scope (see scripts/eval/datasets/*).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadMcpScan } from '../../../scripts/eval/datasets/mcp-scan.js';
import { loadMcpSecBench } from '../../../scripts/eval/datasets/mcpsecbench.js';
import { loadMsb } from '../../../scripts/eval/datasets/msb.js';
import { loadSafeMcp } from '../../../scripts/eval/datasets/safe-mcp.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const DATASETS = path.resolve(REPO_ROOT, '../shared/datasets/mcp-security');

describe.skipIf(!existsSync(DATASETS))('data set loaders', () => {
  it('MSB: every original tool is benign and carries each description injection once', () => {
    const items = loadMsb(DATASETS);
    const benign = items.filter((i) => i.label === 'benign');
    const injected = items.filter((i) => i.attackType === 'instruction injection');
    expect(injected.length).toBe(benign.length * 5);
    expect(
      items.filter((i) => i.attackType === 'name overlap').every((i) => i.label === 'out-of-scope'),
    ).toBe(true);
  });

  it('MCPSecBench: the poisoned rewrite is poisoned and the restoring one benign', () => {
    const items = loadMcpSecBench(DATASETS);
    const rewrites = items.filter((i) => i.id.includes('#rewrite'));
    expect(rewrites.map((i) => i.label).sort()).toEqual(['benign', 'poisoned']);
    expect(items.filter((i) => i.id.startsWith('mcpsecbench/tum/attacks_updated/'))).toHaveLength(
      5,
    );
  });

  it('SAFE-MCP: T1001 follows its expected labels and the source-dependent T1401 case is left out', () => {
    const items = loadSafeMcp(DATASETS);
    expect(
      items.filter((i) => i.id.startsWith('safe-mcp/T1001/') && i.label === 'poisoned'),
    ).toHaveLength(5);
    expect(items.some((i) => i.id.startsWith('safe-mcp/T1401/6-'))).toBe(false);
  });

  it('mcp-scan: store_value is the one poisoned definition', () => {
    expect(
      loadMcpScan(DATASETS)
        .filter((i) => i.label === 'poisoned')
        .map((i) => i.item.name),
    ).toEqual(['store_value']);
  });
});
