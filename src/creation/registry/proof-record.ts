/**
 * @module creation/registry/proof-record
 * The proof record of the official MCP registry's domain authentication: the line
 * `v=MCPv1; k=ed25519; p=<base64 of the raw 32-byte public key>`, served as a DNS TXT record on
 * the domain's apex or as the body of `https://<domain>/.well-known/mcp-registry-auth`. Gatehouse
 * reads and writes the same record, so a domain set up for the official registry proves the same
 * key here. `p` is standard base64; Gatehouse's own key format is base64url.
 */

/** What the official registry's records start with, and the one algorithm accepted here. */
const RECORD = /v=MCPv1;\s*k=([A-Za-z0-9-]+);\s*p=([A-Za-z0-9+/=]+)/g;

/** The proof record for an Ed25519 public key given in base64url. */
export function formatProofRecord(publicKey: string): string {
  return `v=MCPv1; k=ed25519; p=${Buffer.from(publicKey, 'base64url').toString('base64')}`;
}

/**
 * The Ed25519 keys (base64url) of every well-formed record in `text`. Records of other
 * algorithms or with a key that is not 32 bytes are skipped (they prove nothing here).
 */
export function proofKeysIn(text: string): string[] {
  const keys: string[] = [];
  for (const match of text.matchAll(RECORD)) {
    if (match[1] !== 'ed25519') continue;
    const raw = Buffer.from(match[2] ?? '', 'base64');
    if (raw.length !== 32 || raw.toString('base64') !== match[2]) continue;
    keys.push(raw.toString('base64url'));
  }
  return keys;
}
