/**
 * @module creation/names
 * Public surface of creation/names: the look-alike name check used by the registry at publish and
 * by the installer, and the reader of a registry's name list. No wildcards.
 */
export { boundedDistance, maxDistanceFor } from './distance.js';
export type { EditDistanceLimit } from './look-alike-data.js';
export { EDIT_DISTANCE_LIMITS } from './look-alike-data.js';
export type { NameEntry } from './name-entry.js';
export { ownerOf } from './name-entry.js';
export type { NameIndexOptions, NameQuery } from './name-index.js';
export { NameIndex } from './name-index.js';
export type { NameField, NamePool, NameTerm, ParsedName } from './name-terms.js';
export { parseName, termsOf } from './name-terms.js';
export { readNamesFile } from './names-file.js';
export { lookFold, skeletonOf, stripInvisible } from './normalize.js';
export type { RegistryNamesOptions } from './registry-names.js';
export { fetchRegistryNames } from './registry-names.js';
export type { NameCheck, SimilarName, SimilarReason, Verdict } from './verdict.js';
