/**
 * @module creation/packages/progress
 * Progress events of a package resolution, so the CLI can show what happens on a first start
 * (a cold install of a server takes seconds; later starts are offline and report `locked` only).
 */

/** One step of {@link resolvePackage}'s work on a spec. */
export type PackageProgress =
  /** Working out the tree: from the registry (`from: 'registry'`) or from the lock. */
  | { readonly type: 'resolving'; readonly spec: string; readonly from: 'registry' | 'lock' }
  /** One more tarball fetched (or found in the cache) and checked against its integrity. */
  | {
      readonly type: 'fetching';
      readonly spec: string;
      readonly done: number;
      readonly total: number;
      /** The `name@version` just fetched. */
      readonly package: string;
    }
  /** Unpacking the tree into the store (install scripts never run). */
  | { readonly type: 'installing'; readonly spec: string; readonly packages: number }
  /** Ready: the locked tree in the store was verified (`installed` when this call installed it). */
  | {
      readonly type: 'locked';
      readonly spec: string;
      readonly name: string;
      readonly version: string;
      readonly installed: boolean;
    };

/** Receives {@link PackageProgress} events. */
export type ProgressListener = (event: PackageProgress) => void;
