/**
 * @module operation/scanner/phrases/en/markers
 * English phrase data: instruction and role markers: tag names and bracket labels. Patterns read
 * normalised text (lowercase, single spaces, `\n` between sentences, confusables folded); every
 * gap is bounded (see phrases/table).
 */

/** Instruction and role markers: tag blocks, bracket labels and chat-template tokens. */
export const BLOCK_TAG_NAMES = [
  'important',
  'system',
  'sys',
  'instructions?',
  'information',
  'info',
  'secret',
  'hidden',
  'admin',
  'context',
  'priority',
  'override',
  'critical',
  'urgent',
  'attention',
  'note',
  'notice',
  'rules?',
  'directive',
  'assistant',
  'ai',
  'llm',
  'model',
  'developer',
  'prompt',
  'policy',
  'task',
  'tool_instructions?',
  'system[_-]message',
  'system[_-]override',
  'instruction[_-]override',
  'internal',
  'confidential',
  'thinking',
];

export const BRACKET_LABELS = [
  'important',
  'system',
  'sys',
  'admin',
  'instructions?',
  'note to (?:the )?(?:ai|assistant|model|llm)',
  'hidden',
  'secret',
  'priority',
  'critical',
  'urgent',
  'attention',
  'override',
  'system[_ ]override',
  'admin[_ ]override',
  'priority[_ ]instruction',
  'security[_ ]bypass',
  'system[_ ]directive',
  'system[_ ]note',
  '/?inst',
];
