/**
 * @module creation/names/look-alike-data
 * The data behind the look-alike check, kept apart from the code so it can be read and extended
 * in one place: affixes that do not distinguish one server from another, hosting labels of
 * reverse-DNS namespaces, character sequences that look the same, and character pairs that look
 * nearly the same.
 *
 * Threat: typosquatting and name collision (a server or package whose name only looks like a
 * trusted one, so a person or an installer picks the wrong one).
 */

/**
 * Affixes stripped from server names and npm package names before comparison, as token
 * sequences (tokens are what separators split: `mcp-server-x`, `mcp_server_x` and `mcp.server.x`
 * all start with `mcp`, `server`). Longest first; stripped repeatedly from both ends, never down to
 * nothing. `@modelcontextprotocol/server-x` style scopes are handled by comparing the package name
 * without its scope (the scope is compared with namespaces instead).
 */
export const PRODUCT_AFFIXES: {
  readonly prefixes: readonly (readonly string[])[];
  readonly suffixes: readonly (readonly string[])[];
} = {
  prefixes: [
    ['model', 'context', 'protocol'],
    ['modelcontextprotocol'],
    ['mcp', 'server'],
    ['server', 'mcp'],
    ['mcpserver'],
    ['mcp'],
    ['server'],
  ],
  suffixes: [
    ['model', 'context', 'protocol'],
    ['modelcontextprotocol'],
    ['mcp', 'server'],
    ['server', 'mcp'],
    ['mcp', 'servers'],
    ['mcpserver'],
    ['mcp', 'srv'],
    ['mcp'],
    ['server'],
    ['servers'],
  ],
};

/**
 * A server name made only of these tokens (`mcp`, `mcp-server`, `servers`) says nothing about
 * which server it is: it is not compared (the namespace still is). Otherwise every
 * `io.github.<owner>/mcp-server` would resemble every other.
 */
export const GENERIC_TOKENS: readonly string[] = [
  'mcp',
  'mcps',
  'mcpserver',
  'server',
  'servers',
  'srv',
  'model',
  'context',
  'protocol',
  'modelcontextprotocol',
];

/** Affixes stripped from namespaces and npm scopes (`alice-mcp` is still `alice`). */
export const OWNER_AFFIXES: typeof PRODUCT_AFFIXES = {
  prefixes: [['mcp', 'server'], ['mcp'], ['server']],
  suffixes: [['mcp', 'server'], ['mcp'], ['server']],
};

/**
 * Affixes also stripped when glued to a word without a separator (`discordmcp`, `mcpweather`).
 * Only `mcp`: no word starts or ends with it, while `server` would eat `serverless`.
 */
export const GLUED_AFFIXES: readonly string[] = ['mcp'];

/** A glued affix is stripped only when at least this many characters remain. */
export const GLUED_MIN_REST = 3;

/**
 * Labels that name a code host rather than an owner in reverse-DNS namespaces
 * (`io.github.alice` belongs to `alice`). Dropped, after the top-level label, before comparing
 * namespaces, so `io.github.alice` and `com.alice` compare as `alice`.
 */
export const HOSTING_LABELS: readonly string[] = [
  'github',
  'gitlab',
  'bitbucket',
  'codeberg',
  'sourcehut',
  'gitee',
];

/**
 * Characters that look like another, beyond Unicode's confusables (TR39 already maps `0`→`O`,
 * `1`/`I`→`l` and `m`→`rn`, which is folded back to `m`): digits used as letters. Applied left to
 * right to lower-case skeleton text. Two names equal after folding are look-alikes (`githu6`,
 * `cloudf1are`). A `1` can also stand for `i` (`t1me`): names with a `1` get a second key where
 * it reads `i`.
 */
export const LOOK_ALIKE_FOLDS: readonly (readonly [from: string, to: string])[] = [
  ['rn', 'm'],
  ['0', 'o'],
  ['1', 'l'],
  ['2', 'z'],
  ['3', 'e'],
  ['4', 'a'],
  ['5', 's'],
  ['6', 'b'],
  ['7', 't'],
  ['8', 'b'],
  ['9', 'g'],
];

/**
 * Letter sequences that render like one letter (`vvhatsapp`, `clocker`/`docker`). Used for
 * equality only: in the edit distance they would turn a typing mistake into two edits.
 */
export const LOOK_ALIKE_SEQUENCES: readonly (readonly [from: string, to: string])[] = [
  ['vv', 'w'],
  ['cl', 'd'],
];

/**
 * Letter pairs that look nearly the same in most fonts but are both common in real names
 * (`mail`/`mall`): not folded, but a substitution between them costs {@link NEAR_EQUAL_COST}
 * instead of 1 in the edit distance.
 */
export const NEAR_EQUAL_PAIRS: readonly (readonly [string, string])[] = [
  ['i', 'l'],
  ['u', 'v'],
];

/** Cost of substituting one letter of a {@link NEAR_EQUAL_PAIRS} pair for the other. */
export const NEAR_EQUAL_COST = 0.5;

/**
 * Edit distance limits by the length (in characters of the compared key) of the longer of two
 * names: below the first `minLength` only equal keys match, because short names sit one edit
 * apart by chance (`git`/`gpt`, `tidb`/`tmdb`, `mssql`/`mysql`; measured by `npm run eval:names`). Ascending; the last limit that
 * applies wins. The index finds every pair within distance 1 (plus near-equal pairs), so no limit
 * may reach 2.
 */
export const EDIT_DISTANCE_LIMITS: readonly EditDistanceLimit[] = [
  { minLength: 6, maxDistance: 1 },
  { minLength: 10, maxDistance: 1.5 },
];

/** From `minLength` characters on, names up to `maxDistance` apart are similar. */
export interface EditDistanceLimit {
  readonly minLength: number;
  readonly maxDistance: number;
}
