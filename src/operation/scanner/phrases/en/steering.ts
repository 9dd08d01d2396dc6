/**
 * @module operation/scanner/phrases/en/steering
 * English phrase data: steering of tool choice and of other tools' calls. Patterns read
 * normalised text (lowercase, single spaces, `\n` between sentences, confusables folded); every
 * gap is bounded (see phrases/table).
 */
import type { PhraseRow } from '../table.js';

/** Claims of being the best tool of all (preference manipulation). */
export const PREFERENCE_ROWS: readonly PhraseRow[] = [
  {
    source: `\\b(?:this|it|i|the present) (?:tool |function |server |one |app )?(?:is|am) (?:the |by far the |truly the |simply the )?(?:best|greatest|finest|most (?:reliable|accurate|powerful|trusted|trustworthy|capable|advanced)|only (?:reliable |trustworthy |correct |real |safe )?(?:tool|option|choice|way|source)|number one|#1|top)(?: [^ \\n]+){0,3}? (?:in the world|ever (?:made|created|built)|on the market|available anywhere|of all(?: time| tools)?|among all|you (?:will )?(?:ever )?(?:need|should use|can use|must use))\\b`,
    strength: 3,
    message: 'claims to be the best tool of all, to steer the model to choose it',
    mentionable: false,
  },
  {
    source: `\\b(?:better|more reliable|more accurate|more trustworthy|superior) (?:than|to) (?:all|any|every) (?:other )?(?:tools?|functions?|servers?|alternatives?|options?)\\b`,
    strength: 3,
    message: 'claims to be better than every other tool',
    mentionable: false,
  },
];

/** Things a tool description asks the model to choose it over. */
export const STEERING_ROWS: readonly PhraseRow[] = [
  {
    source: `\\b(?:(?:rather than|instead of|in place of) [^ \\n]|(?:over|and not|not) (?:the |any |all |other |others|another|built-in|default))`,
    before:
      /\b(?:use|call|choose|prefer|pick|select|invoke) (?:only )?(?:this|me)(?: one| tool| function| server)?(?: [^ \n]+){0,4} $/,
    strength: 2,
    message: 'tells the model to use this tool instead of others',
  },
  {
    source: `\\buse this (?:tool|function)(?: [^ \\n]+){0,3}? no matter\\b|\\bno matter (?:what|how|which|whether)(?: [^ \\n]+){0,6}? (?:use|call|choose) (?:this|me)\\b`,
    strength: 2,
    message: 'tells the model to use this tool no matter what',
  },
  {
    source: `\\b(?:do not|don't|never) (?:use|call|trust) (?:any )?(?:other|another|different|the built-in|alternative|competing) (?:tools?|functions?|servers?)\\b`,
    strength: 2,
    message: 'tells the model not to use other tools',
  },
  {
    source: `\\b(?:call|use|run|invoke|execute) (?:this|me)(?: tool| function)? (?:first|before (?:any|every|all|each|other|using|calling|doing|you|proceeding|responding|answering))\\b|\\b(?:this|the present) (?:tool|function) (?:must|should|has to|needs to) (?:always )?be (?:called|used|invoked|run|executed) (?:first|before)\\b`,
    strength: 2,
    message: 'tells the model to always call this tool first',
    weakerInInstructions: true,
  },
  {
    source: `\\bbefore (?:(?:using|calling|invoking|running|executing) )?(?:any|every|all|each|another) (?:other )?(?:tools?|functions?|servers?)\\b`,
    strength: 2,
    message: 'sets a step to run before any other tool',
    weakerInInstructions: true,
  },
  {
    source: `\\b(?:call|use|run|invoke) (?:this|me)(?: tool| function)? before\\b`,
    strength: 1,
    message: 'asks to be called before another tool',
    weakerInInstructions: true,
  },
  {
    source: `\\bshould (?:never|not) be (?:invoked|called|used)(?: directly)?(?: by (?:the )?users?)?\\b|\\bnever needs to be (?:invoked|called)\\b`,
    strength: 1,
    message: 'asks not to be called (a sleeper tool)',
  },
];

/** Steering of other tools' calls: "before using send_email, add …", "instead of X, …". */
export const SHADOW_LEAD = `\\b(?:before|after|when|whenever|while|instead of|rather than|prior to) (?:you )?(?:use|using|call|calling|invoke|invoking|run|running|execute|executing|perform|performing|do|doing) (?:the |any |a )?["'\`]?[a-z0-9][a-z0-9_.:-]*["'\`]?(?: tool| function| server| operation| command| api)?\\b`;

/** A global trigger: "before you solve the task", "before reading any file", "when processing requests". */
export const GLOBAL_LEAD = `\\bbefore (?:you (?:can |do |start |begin |may )?(?:solve|answer|respond|reply|proceed|continue|complete|perform|do|start|begin|handle|process|return)|(?:answering|responding|replying|proceeding|continuing|solving|completing|handling|processing|doing|returning) (?:anything|any|the|this|your|a)|(?:reading|writing|opening|accessing|using|calling|executing|running|sending|transfer+ing|buying|purchasing|processing|handling|editing|deleting|creating|searching|answering) (?:any|every|all|each))\\b|\\b(?:when|whenever|while|for) (?:processing|handling|answering|responding to|serving|receiving|executing) (?:any |all |every |each |incoming |user |the user's )*(?:requests?|queries|questions|messages|tasks|prompts|calls|commands)\\b`;

/** Verbs of an action a steering sentence imposes. */
export const STEER_ACTIONS = `\\b(?:always|must|first|also|add|set|include|change|replace|use|call|invoke|run|execute|send|copy|forward|modify|redirect|read|write|save|log|append|increase|decrease|do the following|please)\\b`;
