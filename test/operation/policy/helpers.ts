/** Builds a `Policy` from a gatehouse.yaml-shaped object, validated by the real schema. */
import {
  compilePolicy,
  type Policy,
  type PolicyRequest,
} from '../../../src/operation/policy/index.js';
import { GatehouseConfigSchema } from '../../../src/shared/config/schema.js';

export const SERVERS = {
  fs: { transport: 'stdio', command: 'fs-server' },
  web: { transport: 'stdio', command: 'web-server' },
  github: { transport: 'http', url: 'https://mcp.example.com/mcp' },
};

export function policyOf(policy: unknown, extra: Record<string, unknown> = {}): Policy {
  return compilePolicy(GatehouseConfigSchema.parse({ servers: SERVERS, ...extra, policy }));
}

export function call(overrides: Partial<PolicyRequest> = {}): PolicyRequest {
  return {
    principal: 'key:alice',
    server: 'fs',
    kind: 'tool',
    item: 'read_file',
    arguments: {},
    ...overrides,
  };
}
