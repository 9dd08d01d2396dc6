import { describe, expect, it } from 'vitest';

import { formatPath, SourcePaths } from '../../../src/shared/config/source-path.js';

describe('formatPath', () => {
  it('quotes keys that are not plain names', () => {
    expect(formatPath(['servers', 'my.server', 'env', 'A B'])).toBe(
      'servers["my.server"].env["A B"]',
    );
  });

  it('writes dotted keys and bracketed indexes', () => {
    expect(formatPath(['mcpServers', 'github', 'args', 1])).toBe('mcpServers.github.args[1]');
    expect(formatPath(['servers', 'x', 'headers', 'X-Api-Key'])).toBe(
      'servers.x.headers.X-Api-Key',
    );
    expect(formatPath([])).toBe('');
  });
});

describe('SourcePaths', () => {
  it('leaves unregistered paths unchanged', () => {
    expect(new SourcePaths().format(['servers', 'a', 'url'])).toBe('servers.a.url');
  });

  it('maps by the longest registered prefix', () => {
    const paths = new SourcePaths();
    paths.set(['servers'], ['mcpServers']);
    paths.set(['servers', 'api', 'transport'], ['mcpServers', 'api', 'type']);
    expect(paths.format(['servers', 'api', 'transport'])).toBe('mcpServers.api.type');
    expect(paths.format(['servers', 'api', 'args', 2])).toBe('mcpServers.api.args[2]');
  });
});
