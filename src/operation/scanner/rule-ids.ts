/**
 * @module operation/scanner/rule-ids
 * Every rule id with what it finds, for documentation and `--help`-style listings.
 */
import type { RuleId } from './types.js';

export const RULE_IDS: Readonly<Record<RuleId, string>> = {
  'instruction-block':
    'text framed as instructions: <IMPORTANT>/<SYSTEM> tags, [SYSTEM] labels, chat-template tokens',
  'hidden-block': 'text hidden from the user: HTML comments, invisible styling, Markdown comments',
  'instruction-override': 'ignore-previous / precedence / role-play / disable-security phrasing',
  impersonation: 'text speaking as the user, system, developer or an administrator',
  secrecy: 'keeping actions from the user',
  'secret-access':
    'requests to read or hand over secrets (SSH keys, .env, cloud and MCP configs, shell history)',
  'context-harvest':
    'requests to put the system prompt, tool list, conversation or model identity into an argument',
  exfiltration:
    'sending data out: templated image URLs, URL templates with secrets, copies to outside addresses',
  'tool-steering':
    'steering tool choice and other tools: best-tool claims, use-instead, call-first, shadowing',
  'argument-tampering':
    'changing what the user asked: hidden recipients, altered amounts, extra purchases',
  'invisible-unicode':
    'tag characters, zero-width characters, bidi controls, variation-selector payloads',
  homoglyph: 'look-alike letters from other scripts in words and names',
  'ansi-escape': 'ANSI escape sequences and other control characters',
  padding: 'text pushed out of sight after long padding',
  'encoded-payload': 'base64, hex, percent or HTML-entity text that decodes to more instructions',
  'scan-limit': 'a definition too large or too deep to read whole',
};
