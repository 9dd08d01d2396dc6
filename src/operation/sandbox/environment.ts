/**
 * @module operation/sandbox/environment
 * The environment a sandboxed server starts with: cleared, then a fixed allowlist, the server's own
 * declared variables (its `env`, including secrets) and the host variables its grants name. Threat:
 * a server reading the gateway's or the user's secrets from an inherited environment
 * (`AWS_SECRET_ACCESS_KEY`, `GITHUB_TOKEN`, other servers' keys).
 */

/** The private home inside every sandbox (a bounded tmpfs). */
export const SANDBOX_HOME = '/home/sandbox';

/** The in-sandbox PATH: system programs only, plus the folder of a non-system command. */
const BASE_PATH = '/usr/local/bin:/usr/bin:/bin';

/** Host variables that carry no secret and that programs need to behave (locale, time zone). */
const PASSED_FROM_HOST = /^(?:LANG|LANGUAGE|TZ|LC_[A-Z]+)$/;

export interface SandboxEnvironmentInput {
  /** The gateway's own environment (the host's). */
  readonly host: NodeJS.ProcessEnv;
  /** The server's declared variables (`env` and `envFile`), secrets included. */
  readonly declared: Readonly<Record<string, string>>;
  /** Host variables the server's grants pass through by name. */
  readonly granted: readonly string[];
  /** A folder to put in front of PATH (a non-system command's own `bin`). */
  readonly extraPath?: string;
}

/** The complete environment of the server; nothing else of the host's reaches it. */
export function sandboxEnvironment(input: SandboxEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {
    PATH: input.extraPath ? `${input.extraPath}:${BASE_PATH}` : BASE_PATH,
    HOME: SANDBOX_HOME,
    TMPDIR: '/tmp',
    USER: 'sandbox',
    LOGNAME: 'sandbox',
  };
  for (const [name, value] of Object.entries(input.host)) {
    if (value !== undefined && PASSED_FROM_HOST.test(name)) env[name] = value;
  }
  for (const name of input.granted) {
    const value = input.host[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...input.declared };
}

/** Names whose values `sandbox explain` must not print. */
export function secretNames(
  declared: Readonly<Record<string, string>>,
  granted: readonly string[],
): Set<string> {
  return new Set([...Object.keys(declared), ...granted]);
}
