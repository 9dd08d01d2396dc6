/**
 * @module cli/commands/policy
 * `gatehouse policy explain -c FILE --identity ID (--tool PUBLIC_NAME | --server KEY --item NAME
 * [--kind KIND]) [--args JSON] [--annotations JSON] [--no-elicitation] [--json]`: what the policy
 * decides for one call, which rule decided, which constraint failed, and how every rule related
 * to the call. Starts no server: a public tool name is read back from the configuration, which
 * works for the plain form only (`--server`/`--item` otherwise). Exit 0 for allow or confirm,
 * 1 for deny.
 */
import type { Command } from 'commander';
import { z } from 'zod';

import type { PolicyItemKind, PolicyRequest } from '../../operation/policy/index.js';
import { compilePolicy, lookupPublicName, principalOf } from '../../operation/policy/index.js';
import { createTerminalPrompter, loadConfig } from '../../shared/config/index.js';
import { UsageError } from '../../shared/errors/index.js';
import { EXIT } from '../exit-codes.js';
import { writeJson, writeOut } from '../output.js';

interface ExplainOptions {
  config: string;
  identity: string;
  tool?: string;
  server?: string;
  item?: string;
  kind?: string;
  args: string;
  annotations?: string;
  elicitation: boolean;
  json?: boolean;
}

const ArgsSchema = z.record(z.string(), z.unknown());
const AnnotationsSchema = z.object({
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
});
const KindSchema = z.enum(['tool', 'prompt', 'resource']);

export function registerPolicyCommand(program: Command): void {
  const policy = program.command('policy').description('Inspect the access policy');
  policy
    .command('explain')
    .description('Show what the policy decides for one call, and why')
    .requiredOption('-c, --config <file>', 'gatehouse.yaml')
    .requiredOption('--identity <id>', 'a key id (or key:<id>), local, or local-user')
    .option('--tool <public-name>', 'the public tool name, e.g. filesystem__read_file')
    .option('--server <key>', 'the server key (with --item, instead of --tool)')
    .option('--item <name>', "the item's own name on its server (a resource's URI)")
    .option('--kind <kind>', 'tool, prompt or resource (with --server/--item)', 'tool')
    .option('--args <json>', 'the call arguments as a JSON object', '{}')
    .option('--annotations <json>', 'tool annotations, e.g. {"destructiveHint":true}')
    .option('--no-elicitation', 'the host cannot answer an elicitation')
    .option('--json', 'print the explanation as JSON')
    .action(async (options: ExplainOptions) => {
      process.exitCode = await explain(options);
    });
}

function parseJson<T>(flag: string, text: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${flag}: not valid JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${flag}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

async function explain(options: ExplainOptions): Promise<number> {
  const args = parseJson('--args', options.args, ArgsSchema);
  const annotations =
    options.annotations === undefined
      ? undefined
      : parseJson('--annotations', options.annotations, AnnotationsSchema);
  const byName = options.tool !== undefined;
  if (byName === (options.server !== undefined || options.item !== undefined)) {
    throw new UsageError('give either --tool PUBLIC_NAME, or --server KEY and --item NAME');
  }
  if (!byName && (options.server === undefined || options.item === undefined)) {
    throw new UsageError('--server and --item go together');
  }
  const kindParsed = KindSchema.safeParse(options.kind);
  if (!kindParsed.success)
    throw new UsageError(`--kind "${options.kind}": use tool, prompt or resource`);
  const prompter = createTerminalPrompter();
  const loaded = await loadConfig(options.config, {
    env: process.env,
    ...(prompter ? { prompter } : {}),
  });
  const policy = compilePolicy(loaded.config, { file: loaded.file });

  let server: string;
  let item: string;
  let kind: PolicyItemKind = kindParsed.data;
  if (options.tool !== undefined) {
    const found = lookupPublicName(loaded.config, options.tool);
    if (!found.ok) throw new UsageError(found.problem);
    ({ server, item } = found);
    kind = 'tool';
  } else {
    server = options.server as string;
    item = options.item as string;
    if (!Object.hasOwn(loaded.config.servers, server)) {
      throw new UsageError(`--server "${server}": no such server in ${loaded.file}`);
    }
  }
  const request: PolicyRequest = {
    principal: principalOf(options.identity),
    server,
    kind,
    item,
    arguments: kind === 'resource' && options.args === '{}' ? { uri: item } : args,
    ...(annotations === undefined ? {} : { annotations }),
    ...(options.elicitation ? {} : { canElicit: false }),
  };
  const { decision, trace, rule } = policy.explain(request);
  // Without elicitation the gateway refuses a confirm; show the same.
  const shown =
    decision.effect === 'confirm' && !options.elicitation
      ? policy.decide(request, Date.now())
      : decision;
  if (options.json) {
    writeJson({
      file: loaded.file,
      policy: policy.enabled,
      call: { ...request, ...(options.tool === undefined ? {} : { publicName: options.tool }) },
      decision: shown,
      ...(rule?.rateLimit === undefined ? {} : { rateLimit: rule.rateLimit }),
      rules: trace,
      warnings: policy.warnings,
    });
  } else {
    const from = options.tool === undefined ? '' : ` (public name ${options.tool})`;
    writeOut(`call: ${kind} "${item}" on server "${server}" as ${request.principal}${from}`);
    writeOut(`decision: ${shown.effect}`);
    if (shown.rule !== undefined) writeOut(`rule: ${shown.rule}`);
    writeOut(`reason: ${shown.reason}`);
    if (shown.constraint !== undefined) {
      const c = shown.constraint;
      writeOut(`failed constraint: ${c.type} on "${c.arg}": ${c.problem}`);
    }
    if (rule?.rateLimit !== undefined) {
      writeOut(
        `rate limit: ${rule.rateLimit.calls} calls per ${rule.rateLimit.perSeconds} s per identity`,
      );
    }
    if (!policy.enabled) writeOut('(no policy section in the configuration)');
    if (trace.length > 0) writeOut('rules:');
    for (const t of trace) {
      writeOut(
        `  ${t.rule} (${t.effect}): ${t.outcome}${t.detail === undefined ? '' : `: ${t.detail}`}`,
      );
    }
    for (const w of policy.warnings) writeOut(`warning: ${w}`);
  }
  return shown.effect === 'deny' ? EXIT.PROBLEMS : EXIT.OK;
}
