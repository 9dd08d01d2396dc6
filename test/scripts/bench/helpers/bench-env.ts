/**
 * A bench environment for tests: placeholder paths for the programs a test does not start (they
 * only appear in configs and command lines), real ones where the test passes them.
 */
import http from 'node:http';

import type { BenchEnv } from '../../../../scripts/bench/index.js';

export function benchEnv(workDir: string, real: Partial<BenchEnv> = {}): BenchEnv {
  return {
    node: process.execPath,
    everything: '/opt/everything/index.js',
    gatehouseCli: '/opt/gatehouse/main.js',
    nullRelay: '/opt/gatehouse/null-relay.js',
    gatehouseNodeArgs: [],
    supergateway: '/opt/supergateway/index.js',
    mcpProxy: '/opt/mcp-proxy/index.js',
    workDir,
    agent: new http.Agent(),
    ...real,
  };
}
