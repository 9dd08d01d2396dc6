/**
 * @module creation/installer/install-types
 * The installer's options, progress events and result.
 */
import type { Logger } from '../../shared/logging/index.js';
import type { Release } from '../registry/index.js';
import type { SignedTreeHead } from '../transparency/index.js';

/** A registry to resolve names from, with its log key pinned or not. */
export interface RegistrySource {
  readonly url: string;
  /** Base64url Ed25519 key of the registry's transparency log; absent: pinned on first use. */
  readonly logPublicKey?: string;
}

/** One step of an install, for progress on stderr. */
export type InstallStep =
  'resolve' | 'history' | 'log' | 'names' | 'npm-signatures' | 'fetch' | 'definitions' | 'write';

/** A progress event: the step and a line for people. */
export interface InstallProgress {
  readonly step: InstallStep;
  readonly message: string;
}

/** Options of `installServer`. */
export interface InstallOptions {
  /** The server name, e.g. `io.github.alice/weather`. */
  readonly name: string;
  /** A semver range or version; default: the highest. */
  readonly range?: string;
  /** The Gatehouse config the entry is written into. */
  readonly configFile: string;
  /** `gatehouse.lock` (beside the config unless the config says otherwise). */
  readonly lockFile: string;
  readonly registries: readonly RegistrySource[];
  /** The config key; default: the name's last part. */
  readonly serverKey?: string;
  readonly allowUnsigned?: boolean;
  readonly allowDowngrade?: boolean;
  /** The name typed again, required when it looks like another owner's. */
  readonly confirmName?: string;
  /** Extra server arguments after those `server.json` gives. */
  readonly args?: readonly string[];
  /** `sandbox` grants for the config entry (gatehouse.yaml only). */
  readonly grants?: Record<string, unknown>;
  readonly stateDir: string;
  /** Where the package store and npm cache live. */
  readonly packagesDir: string;
  /** The npm registry when the release names none. */
  readonly npmRegistry: string;
  /**
   * An npm registry to fetch from instead of the one the release names (a mirror, e.g.
   * `gateway.packages.registry`): safe, since the signed integrities bind every byte.
   */
  readonly npmMirror?: string;
  /** How long the server may take to list its tools, in ms. */
  readonly timeoutMs?: number;
  readonly onProgress?: (event: InstallProgress) => void;
  readonly logger?: Logger;
}

/** A release resolved from a registry, verified (signed) or explicitly allowed (unsigned). */
export interface ResolvedRelease {
  readonly name: string;
  readonly version: string;
  readonly registry: string;
  /** `server.json` as served (and, when signed, as signed). */
  readonly server: Record<string, unknown>;
  readonly npm: {
    readonly identifier: string;
    readonly version: string;
    readonly registry?: string;
  };
  readonly signed?: {
    readonly release: Release;
    readonly signer: {
      readonly publicKey: string;
      readonly keyId: string;
      readonly namespace: string;
      readonly seq: number;
    };
    readonly log: {
      readonly logId: string;
      readonly index: number;
      readonly treeHead: SignedTreeHead;
    };
  };
  readonly warnings: readonly string[];
}

/** What an install did. */
export interface InstallResult {
  readonly name: string;
  readonly version: string;
  readonly serverKey: string;
  readonly configFile: string;
  readonly lockFile: string;
  readonly registry: string;
  readonly signed: boolean;
  readonly package: { readonly name: string; readonly version: string; readonly integrity: string };
  readonly closureSize: number;
  readonly signer?: { readonly keyId: string; readonly namespace: string };
  readonly log?: { readonly index: number; readonly treeSize: number; readonly rootHash: string };
  readonly npmSignatures: 'verified' | 'none-published';
  readonly definitionsHash: string;
  readonly toolCount: number;
  readonly warnings: readonly string[];
  /** Milliseconds per phase and in total. */
  readonly timings: Readonly<Record<'verify' | 'fetch' | 'definitions' | 'total', number>>;
}
