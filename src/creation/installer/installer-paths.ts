/**
 * @module creation/installer/installer-paths
 * Where the installer keeps what it remembers, all in Gatehouse's owner-only state folder: the
 * witness (the last tree head seen per log), the log key pinned per registry URL, and the hashes
 * of the host config files `gatehouse install --client` wrote.
 */
import path from 'node:path';

/** The files of the installer's memory in `stateDir`. */
export interface InstallerPaths {
  readonly witnessFile: string;
  readonly logKeysFile: string;
  readonly clientRecordsFile: string;
}

/** The installer's files in `stateDir`. */
export function installerPaths(stateDir: string): InstallerPaths {
  return {
    witnessFile: path.join(stateDir, 'registry-witness.json'),
    logKeysFile: path.join(stateDir, 'registry-log-keys.json'),
    clientRecordsFile: path.join(stateDir, 'client-configs.json'),
  };
}
