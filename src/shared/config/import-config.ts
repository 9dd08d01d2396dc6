/**
 * @module shared/config/import-config
 * `importConfig`: turns any accepted configuration file into the equivalent gatehouse.yaml text.
 * Variables stay variables, so no secret is copied into the output; only `${userHome}`,
 * `${workspaceFolder}` (and `${workspaceFolderBasename}`, `${pathSeparator}`) are written out,
 * since they depend on where the source file was. `${input:id}` becomes
 * `${GATEHOUSE_INPUT_<ID>}` (with `:-default` when the input has one), with a comment.
 */
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve, sep } from 'node:path';

import type { ConfigIssue } from '../errors/index.js';
import { canonicalOutput, toYamlText } from './canonical-yaml.js';
import type { FoundIssue } from './config-issues.js';
import { throwIssues } from './config-issues.js';
import { FORMAT_TITLES, isRecord } from './detect-format.js';
import type { ExpansionProblem, Resolution, Resolver } from './expand.js';
import { expandTree } from './expand.js';
import { findInput, inputEnvName } from './inputs.js';
import { workspaceFolderOf } from './paths.js';
import { escapeLiteral, hasPlaceholder } from './placeholders.js';
import { readConfigFile } from './read-config-file.js';
import type { PathSegment } from './source-path.js';
import { translate } from './translate.js';
import { pathKey, validateConfig } from './validate-config.js';
import { resolveStatic } from './variables.js';

export interface ImportedConfig {
  /** gatehouse.yaml text that `loadConfig` reads to the same configuration as the source. */
  readonly yaml: string;
  readonly warnings: ConfigIssue[];
}

/** Paths of the strings that still hold placeholders. */
function placeholderPaths(
  value: unknown,
  path: PathSegment[] = [],
  found = new Set<string>(),
): Set<string> {
  if (typeof value === 'string' && hasPlaceholder(value)) found.add(pathKey(path));
  else if (Array.isArray(value))
    value.forEach((item: unknown, index) => placeholderPaths(item, [...path, index], found));
  else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) placeholderPaths(item, [...path, key], found);
  }
  return found;
}

/**
 * A relative `cwd`/`envFile`/`roots` path is made absolute from the source's folder, since the output may be
 * written elsewhere. One that starts with a placeholder is left as written.
 */
function anchorPath(value: string, sourceFolder: string): string {
  if (value.startsWith('${') || value.startsWith('~') || isAbsolute(value)) return value;
  if (!hasPlaceholder(value)) return escapeLiteral(resolve(sourceFolder, value));
  return `${escapeLiteral(sourceFolder)}${sep}${value}`;
}

function anchorServerPaths(tree: Record<string, unknown>, sourceFolder: string): void {
  const servers = isRecord(tree['servers']) ? tree['servers'] : {};
  for (const server of Object.values(servers)) {
    if (!isRecord(server)) continue;
    for (const field of ['cwd', 'envFile']) {
      const value = server[field];
      if (typeof value === 'string') server[field] = anchorPath(value, sourceFolder);
    }
    const roots = server['roots'];
    if (Array.isArray(roots)) {
      server['roots'] = roots.map((root: unknown) =>
        typeof root === 'string' && !URI.test(root) ? anchorPath(root, sourceFolder) : root,
      );
    }
  }
}

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Converts `file` to gatehouse.yaml text; throws a `ConfigError` if the file is not usable. */
export async function importConfig(
  file: string,
  options: { cwd?: string } = {},
): Promise<ImportedConfig> {
  const path = resolve(options.cwd ?? process.cwd(), file);
  const source = await readConfigFile(path);
  const t = translate(source.value, path);
  if (t.issues.length > 0) throwIssues(t.issues);
  const warnings = [...source.warnings, ...t.warnings];
  const context = { env: {}, userHome: homedir(), workspaceFolder: workspaceFolderOf(path) };
  const comments = new Map<string, { path: readonly PathSegment[]; text: string }>();

  const resolver: Resolver = (ref, at, raw): Resolution => {
    if (ref.kind === 'env') return { ok: true, value: raw, verbatim: true };
    if (ref.kind !== 'input') return resolveStatic(ref, context);
    const found = findInput(ref.id, t.inputs);
    if (!found.ok) return found;
    const { input } = found;
    const name = inputEnvName(ref.id);
    const fallback =
      input.default !== undefined && !input.default.includes('}') ? `:-${input.default}` : '';
    if (input.default !== undefined && fallback === '') {
      warnings.push({
        file: path,
        path: t.paths.format(at),
        problem: `The default of input "${ref.id}" contains "}" and cannot be written as a \${${name}:-default} fallback; it is left out.`,
      });
    }
    const previous = comments.get(pathKey(at));
    const note = `${raw} became \${${name}}: set ${name} to give it`;
    if (!previous?.text.includes(note)) {
      comments.set(pathKey(at), { path: at, text: previous ? `${previous.text}; ${note}` : note });
    }
    return { ok: true, value: `\${${name}${fallback}}`, verbatim: true };
  };

  const problems: ExpansionProblem[] = [];
  const tree = expandTree(t.tree, resolver, problems, { forOutput: true });
  const issues: FoundIssue[] = problems.map((problem) => ({
    ...problem,
    file: path,
    path: t.paths.format(problem.path),
  }));
  const skip = new Set([
    ...placeholderPaths(tree),
    ...problems.map((problem) => pathKey(problem.path)),
  ]);
  const checked = validateConfig(tree, path, t.paths, skip);
  if (!checked.ok) issues.push(...checked.issues);
  if (issues.length > 0 || !isRecord(tree)) throwIssues(issues);

  anchorServerPaths(tree, dirname(path));
  const header = [
    'gatehouse.yaml written by Gatehouse.',
    `Imported from ${path} (${FORMAT_TITLES[t.format]}).`,
    '${VAR} placeholders are expanded each time Gatehouse loads this file.',
  ].join('\n');
  return { yaml: toYamlText(canonicalOutput(tree), header, comments), warnings };
}
