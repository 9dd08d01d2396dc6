/**
 * @module operation/scanner/text/extract
 * The text extraction walker: every string a model may read in a definition, with its JSON
 * pointer and its role. Poisoning hides anywhere a client forwards to the model: names, titles,
 * descriptions, every nested schema property (and its name), `enum`, `default`, `examples`,
 * annotations and `_meta`. The walk is bounded in depth and in the number of nodes it visits;
 * when a cap cuts it short, the caller reports it (fail closed: an unscanned part is not clean).
 */
import type { ScanLimits } from '../types.js';
import { childPointer } from './json-pointer.js';

/** What a string is in its definition; rules weigh some roles differently. */
export type FieldRole =
  | 'name'
  | 'title'
  | 'description'
  | 'text'
  | 'enum'
  | 'default'
  | 'example'
  | 'propertyName'
  | 'key'
  | 'uri'
  | 'pattern'
  | 'type'
  | 'instructions';

/** One string of a definition. */
export interface TextField {
  readonly pointer: string;
  readonly text: string;
  readonly role: FieldRole;
  /** Inside an input schema or prompt arguments: a value the model itself fills in. */
  readonly parameter: boolean;
  /** Under `annotations` or `_meta`. */
  readonly metadata: boolean;
}

/** The strings of a definition, and the cap that cut the walk short, if any. */
export interface Extraction {
  readonly fields: TextField[];
  readonly truncated?: string;
}

/** Member names whose children are property names (schema keywords that map names to schemas). */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
]);

/** Member names of MCP items and JSON Schema: not text in themselves. */
const KNOWN_KEYS = new Set([
  'name',
  'title',
  'description',
  'inputSchema',
  'outputSchema',
  'annotations',
  '_meta',
  'icons',
  'execution',
  'arguments',
  'required',
  'uri',
  'uriTemplate',
  'mimeType',
  'size',
  'type',
  'properties',
  'patternProperties',
  'additionalProperties',
  'items',
  'prefixItems',
  'enum',
  'const',
  'default',
  'examples',
  'example',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'multipleOf',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
  '$schema',
  '$id',
  '$ref',
  '$defs',
  'definitions',
  '$comment',
  'readOnly',
  'writeOnly',
  'deprecated',
  'nullable',
  'contentEncoding',
  'contentMediaType',
  'dependentSchemas',
  'dependentRequired',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'audience',
  'priority',
  'lastModified',
  'readOnlyHint',
  'destructiveHint',
  'idempotentHint',
  'openWorldHint',
  'taskSupport',
  'src',
  'sizes',
  'theme',
  'version',
  'websiteUrl',
]);

const ROLE_BY_KEY: Readonly<Record<string, FieldRole>> = {
  name: 'name',
  title: 'title',
  description: 'description',
  $comment: 'description',
  uri: 'uri',
  uriTemplate: 'uri',
  $ref: 'uri',
  $schema: 'uri',
  $id: 'uri',
  src: 'uri',
  websiteUrl: 'uri',
  pattern: 'pattern',
  type: 'type',
  format: 'type',
  mimeType: 'type',
  contentMediaType: 'type',
  contentEncoding: 'type',
  enum: 'enum',
  default: 'default',
  const: 'default',
  examples: 'example',
  example: 'example',
};

interface WalkState {
  readonly fields: TextField[];
  readonly limits: ScanLimits;
  nodes: number;
  truncated?: string;
}

interface Place {
  readonly pointer: string;
  readonly role: FieldRole;
  readonly parameter: boolean;
  readonly metadata: boolean;
  readonly depth: number;
}

/** Every string in `definition`, in document order, within the walk caps. */
export function extractText(
  definition: unknown,
  rootRole: FieldRole,
  limits: ScanLimits,
): Extraction {
  const state: WalkState = { fields: [], limits, nodes: 0 };
  walk(
    definition,
    { pointer: '', role: rootRole, parameter: false, metadata: false, depth: 0 },
    state,
  );
  return state.truncated === undefined
    ? { fields: state.fields }
    : { fields: state.fields, truncated: state.truncated };
}

function budget(state: WalkState): boolean {
  state.nodes += 1;
  if (state.nodes > state.limits.maxNodes) {
    state.truncated ??= `more than ${state.limits.maxNodes} JSON nodes`;
    return false;
  }
  return true;
}

function walk(value: unknown, place: Place, state: WalkState): void {
  if (!budget(state)) return;
  if (typeof value === 'string') {
    state.fields.push({
      pointer: place.pointer,
      text: value,
      role: place.role,
      parameter: place.parameter,
      metadata: place.metadata,
    });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (place.depth >= state.limits.maxDepth) {
    state.truncated ??= `nesting deeper than ${state.limits.maxDepth}`;
    return;
  }
  if (Array.isArray(value)) {
    // Array items keep the role of the member holding them (enum values, examples …).
    const role = place.role === 'name' || place.role === 'title' ? 'text' : place.role;
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      if (typeof item !== 'string' && (item === null || typeof item !== 'object')) continue;
      walk(
        item,
        {
          pointer: `${place.pointer}/${index}`,
          role,
          parameter: place.parameter,
          metadata: place.metadata,
          depth: place.depth + 1,
        },
        state,
      );
    }
    return;
  }
  const parentKey = lastToken(place.pointer);
  const namesMap = NAME_MAPS.has(parentKey);
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const child = object[key];
    if (
      typeof child !== 'string' &&
      (child === null || typeof child !== 'object') &&
      !namesMap &&
      KNOWN_KEYS.has(key)
    ) {
      continue;
    }
    const pointer = childPointer(place.pointer, key);
    if (namesMap || !KNOWN_KEYS.has(key)) {
      // A property name is read by the model as much as its description; an unknown key can
      // carry text too. Scan the key itself, pointed at its member.
      if (!budget(state)) return;
      state.fields.push({
        pointer,
        text: key,
        role: namesMap ? 'propertyName' : 'key',
        parameter: place.parameter,
        metadata: place.metadata,
      });
    }
    const parameter =
      place.parameter || (place.depth === 0 && (key === 'inputSchema' || key === 'arguments'));
    const metadata = place.metadata || key === 'annotations' || key === '_meta';
    const role: FieldRole = namesMap ? 'text' : (ROLE_BY_KEY[key] ?? 'text');
    walk(child, { pointer, role, parameter, metadata, depth: place.depth + 1 }, state);
  }
}

function lastToken(pointer: string): string {
  const slash = pointer.lastIndexOf('/');
  return slash < 0 ? '' : pointer.slice(slash + 1);
}
