/**
 * @module creation/packages/npx-launch
 * Recognizes the `npx PACKAGE [args]` entries that client configs use to launch stdio servers,
 * so Gatehouse can resolve the package itself (outside the sandbox, from a lock) instead of
 * running npx at run time.
 *
 * Threat: npx flags change what runs and where it comes from (`--registry`, `-c 'shell string'`,
 * `--prefer-online`, several `-p`). Guessing their meaning could launch something other than
 * what the lock pins, so every flag not listed here is refused with a coded error naming it:
 * fail closed rather than guess. npm's own argument parser is not reused because it accepts every
 * npm config flag; the accepted set here is deliberately small and written by hand.
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';

/** A recognized npx launch: the package spec, an explicit bin (`-p pkg bin`), the server's args. */
export interface NpxLaunch {
  readonly kind: 'npx';
  /** The package spec as written, e.g. `@scope/pkg`, `pkg@1.2.3`, `pkg@^2`. */
  readonly spec: string;
  /** The bin to run, when named (`npx -p pkg bin-name`); otherwise chosen like npx does. */
  readonly bin?: string;
  /** The arguments after the package (or bin) name, passed to the server unchanged. */
  readonly argv: string[];
}

/** Result of {@link parseNpxLaunch}: an npx launch, or any other command. */
export type ParsedLaunch = NpxLaunch | { readonly kind: 'other' };

/** Flags that only make npx quiet or skip its install prompt: they do not change what runs. */
const IGNORED_FLAGS = new Set(['-y', '--yes', '--no-install', '-q', '--quiet']);

const NPX_NAMES = new Set(['npx', 'npx.cmd', 'npx.exe']);

/** True for `npx`, `npx.cmd`, `npx.exe` and absolute or relative paths ending in one of them. */
function isNpxCommand(command: string): boolean {
  const base = command.split(/[\\/]/).pop() ?? '';
  return NPX_NAMES.has(base.toLowerCase());
}

function unsupported(message: string, data: Record<string, unknown>): GatehouseError {
  return new GatehouseError(ErrorCode.NpxArgsUnsupported, message, { data });
}

/**
 * Parses a `command` + `args` pair as written in a client config.
 *
 * Accepted before the package: `-y`, `--yes`, `--no-install`, `-q`, `--quiet`, one package given
 * as `-p X`, `--package X` or `--package=X`, and `--`. Everything after the first positional
 * argument belongs to the server, as in npm 7+.
 *
 * @returns `{ kind: 'other' }` when `command` is not npx.
 * @throws GatehouseError `NPX_ARGS_UNSUPPORTED` for an unknown flag, several packages, or no
 *   package at all.
 * @example
 * parseNpxLaunch('npx', ['-y', '@modelcontextprotocol/server-filesystem', '/data'])
 * // → { kind: 'npx', spec: '@modelcontextprotocol/server-filesystem', argv: ['/data'] }
 */
export function parseNpxLaunch(command: string, args: readonly string[]): ParsedLaunch {
  if (!isNpxCommand(command)) return { kind: 'other' };
  const packages: string[] = [];
  let index = 0;
  let positionalOnly = false;
  while (index < args.length) {
    const arg = args[index] as string;
    if (positionalOnly || !arg.startsWith('-') || arg === '-') break;
    index += 1;
    if (arg === '--') {
      positionalOnly = true;
    } else if (IGNORED_FLAGS.has(arg)) {
      continue;
    } else if (arg === '-p' || arg === '--package') {
      const value = args[index];
      if (value === undefined || value.startsWith('-')) {
        throw unsupported(`npx ${arg} needs a package name after it`, { flag: arg });
      }
      packages.push(value);
      index += 1;
    } else if (arg.startsWith('--package=')) {
      packages.push(arg.slice('--package='.length));
    } else {
      throw unsupported(
        `npx flag "${arg}" is not supported by Gatehouse; remove it or launch the server ` +
          'with node and an installed path instead',
        { flag: arg },
      );
    }
  }
  const rest = args.slice(index);
  if (packages.length > 1) {
    throw unsupported(
      `npx with several packages (${packages.join(', ')}) is not supported; use one -p`,
      { packages },
    );
  }
  const [first, ...after] = rest;
  if (first === undefined || first === '') {
    throw unsupported(
      packages.length === 1
        ? `npx -p ${packages[0]} needs the name of the bin to run after it`
        : 'npx without a package to run',
      { args: [...args] },
    );
  }
  const packageSpec = packages[0];
  if (packageSpec !== undefined) {
    if (packageSpec === '') throw unsupported('npx --package= needs a package name', {});
    return { kind: 'npx', spec: packageSpec, bin: first, argv: after };
  }
  return { kind: 'npx', spec: first, argv: after };
}
