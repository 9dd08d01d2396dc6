/**
 * @module creation/signing/signing-domains
 * One domain per kind of signed message. The domain is part of the signed bytes, so a signature
 * made for one kind can never verify as another (a key-rotation signature replayed as a release,
 * a tree head as a namespace claim). Adding a domain is backwards compatible; renaming one is not.
 */
export const SIGNING_DOMAINS = {
  /** A namespace claimed by its first owner key. */
  namespaceClaim: 'gatehouse/namespace-claim/v1',
  /** Another owner key added to a namespace, signed by a current owner key. */
  keyAddition: 'gatehouse/key-addition/v1',
  /** An owner key replaced (or removed), signed by a current owner key. */
  keyRotation: 'gatehouse/key-rotation/v1',
  /** A release: name, version, package coordinates, integrities, definitions hash. */
  release: 'gatehouse/release/v1',
  /** A version deprecated or yanked by an owner. */
  releaseStatus: 'gatehouse/release-status/v1',
  /** A signed tree head of the transparency log. */
  treeHead: 'gatehouse/tree-head/v1',
} as const;

export type SigningDomain = (typeof SIGNING_DOMAINS)[keyof typeof SIGNING_DOMAINS];
