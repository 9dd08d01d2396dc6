/**
 * @module cli/commands/import
 * `gatehouse import FILE [-o OUT]`: turn a client config (Claude Desktop, Cursor, Claude Code,
 * VS Code) into the equivalent gatehouse.yaml. Secrets stay as `${VAR}` placeholders.
 */
import { writeFile } from 'node:fs/promises';

import type { Command } from 'commander';

import { importConfig } from '../../shared/config/index.js';
import { writeErr, writeOut } from '../output.js';

interface ImportOptions {
  output?: string;
  force?: boolean;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Write the gatehouse.yaml equivalent of a client config file')
    .argument('<file>', 'claude_desktop_config.json, .mcp.json, mcp.json, .vscode/mcp.json, ...')
    .option('-o, --output <file>', 'write here instead of stdout')
    .option('--force', 'overwrite the output file if it exists')
    .action(async (file: string, options: ImportOptions) => {
      const { yaml, warnings } = await importConfig(file);
      for (const w of warnings) writeErr(`warning: ${w.file}: ${w.path}: ${w.problem}`);
      if (options.output === undefined) {
        writeOut(yaml);
        return;
      }
      await writeFile(options.output, yaml, { flag: options.force ? 'w' : 'wx' });
      writeErr(`wrote ${options.output}`);
    });
}
