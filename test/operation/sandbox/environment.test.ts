import { describe, expect, it } from 'vitest';

import { sandboxEnvironment } from '../../../src/operation/sandbox/environment.js';

describe('sandboxEnvironment', () => {
  it("passes the allowlist, the declared variables and granted names; none of the host's secrets", () => {
    const env = sandboxEnvironment({
      host: {
        PATH: '/root/.pyenv/shims:/usr/bin',
        HOME: '/root',
        LANG: 'C.UTF-8',
        LC_TIME: 'de_DE.UTF-8',
        AWS_SECRET_ACCESS_KEY: 'host-secret',
        GITHUB_TOKEN: 'granted-token',
        SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
      },
      declared: { API_KEY: 'declared-secret', HOME: '/declared/home' },
      granted: ['GITHUB_TOKEN', 'NOT_SET_ON_HOST'],
    });
    expect(env).toEqual({
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/declared/home',
      TMPDIR: '/tmp',
      USER: 'sandbox',
      LOGNAME: 'sandbox',
      LANG: 'C.UTF-8',
      LC_TIME: 'de_DE.UTF-8',
      GITHUB_TOKEN: 'granted-token',
      API_KEY: 'declared-secret',
    });
  });

  it("puts a non-system command's folder first on PATH", () => {
    const env = sandboxEnvironment({
      host: {},
      declared: {},
      granted: [],
      extraPath: '/opt/node/bin',
    });
    expect(env.PATH).toBe('/opt/node/bin:/usr/local/bin:/usr/bin:/bin');
  });
});
