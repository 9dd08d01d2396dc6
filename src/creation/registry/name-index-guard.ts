/**
 * @module creation/registry/name-index-guard
 * The {@link NameGuard} backed by `creation/names`: every registered server name, with its
 * namespace as owner and its npm identifiers, goes into a `NameIndex`; a candidate is checked
 * against every other owner's names. The index is rebuilt after each accepted release.
 */
import { NameIndex } from '../names/index.js';
import type { NameCandidate, NameGuard, NameGuardVerdict } from './name-guard.js';
import type { RegistryStore } from './store/registry-store.js';

/** Look-alike checks against the names of one registry store. */
export class NameIndexGuard implements NameGuard {
  private index: Promise<NameIndex> | undefined;

  constructor(private readonly store: RegistryStore) {}

  async check(candidate: NameCandidate): Promise<NameGuardVerdict> {
    this.index ??= this.build();
    const index = await this.index;
    return index.check({ name: candidate.name, owner: candidate.namespace, npm: candidate.npm });
  }

  invalidate(): void {
    this.index = undefined;
  }

  private async build(): Promise<NameIndex> {
    const names = await this.store.names();
    return new NameIndex(
      names.map((entry) => ({ name: entry.name, owner: entry.namespace, npm: entry.npm })),
    );
  }
}
