/**
 * @module operation/gateway/naming/host-commands
 * Data: how common hosts show MCP prompts as slash commands, and their own built-in commands.
 * Kept as data so a new host is one entry. `render` turns (the name the host gave Gatehouse in
 * its config, the prompt's public name) into what a user types. Command lists are the hosts'
 * documented built-ins as of late 2026; extend them as hosts add commands.
 */

export interface HostCommands {
  readonly host: string;
  /** What the user types for an MCP prompt. */
  readonly render: (gatewayName: string, promptName: string) => string;
  readonly builtins: readonly string[];
}

export const HOST_COMMANDS: readonly HostCommands[] = [
  {
    host: 'Claude Code',
    render: (gateway, prompt) => `/mcp__${gateway}__${prompt}`,
    builtins: [
      'add-dir',
      'agents',
      'bug',
      'clear',
      'compact',
      'config',
      'context',
      'cost',
      'doctor',
      'exit',
      'export',
      'help',
      'hooks',
      'ide',
      'init',
      'install-github-app',
      'login',
      'logout',
      'mcp',
      'memory',
      'model',
      'output-style',
      'permissions',
      'plugin',
      'pr-comments',
      'release-notes',
      'resume',
      'review',
      'rewind',
      'security-review',
      'status',
      'statusline',
      'terminal-setup',
      'todos',
      'upgrade',
      'usage',
      'vim',
    ],
  },
  {
    host: 'VS Code (Copilot Chat)',
    render: (gateway, prompt) => `/mcp.${gateway}.${prompt}`,
    builtins: [
      'clear',
      'explain',
      'fix',
      'fixTestFailure',
      'help',
      'new',
      'newNotebook',
      'search',
      'setupTests',
      'startDebugging',
      'tests',
    ],
  },
  {
    host: 'Cursor',
    render: (_gateway, prompt) => `/${prompt}`,
    builtins: ['clear', 'compact', 'help', 'model', 'new', 'reset', 'summarize'],
  },
  {
    host: 'Gemini CLI',
    render: (_gateway, prompt) => `/${prompt}`,
    builtins: [
      'about',
      'auth',
      'bug',
      'chat',
      'clear',
      'compress',
      'copy',
      'directory',
      'docs',
      'editor',
      'extensions',
      'help',
      'ide',
      'init',
      'mcp',
      'memory',
      'privacy',
      'quit',
      'restore',
      'settings',
      'stats',
      'theme',
      'tools',
      'vim',
    ],
  },
];
