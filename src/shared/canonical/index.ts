/** Public surface of shared/canonical: RFC 8785 canonical JSON and its hash. */
export { canonicalJson, jcsHash } from './jcs.js';
