/**
 * @module operation/scanner/phrases/en/context
 * English phrase data: the model's own context (system prompt, tools, conversation, identity) and
 * self-reference. Patterns read normalised text (lowercase, single spaces, `\n` between
 * sentences, confusables folded); every gap is bounded (see phrases/table).
 */

/** The model's own context: what a harvesting request asks to be put into an argument. */
export const CONTEXT_OBJECTS: readonly {
  readonly source: string;
  readonly what: 'prompt' | 'tools' | 'conversation' | 'model';
  /** Must match the words just before (see PhraseRow.before). */
  readonly before?: RegExp;
}[] = [
  { source: `\\bsystem (?:prompt|message|instructions?)s?\\b`, what: 'prompt' },
  {
    source: `\\b(?:instructions|prompt|directives|guidelines|rules|configuration|context)\\b`,
    what: 'prompt',
    before: /\byour (?:[^ \n]+ ){0,2}$/,
  },
  {
    source: `\\b(?:(?:the )?(?:names?|list|descriptions?|definitions?|schemas?) of (?:all |the |your |every )?(?:available |other )?tools|(?:available|other|all) tools(?: list)?|tools? (?:list|names|descriptions|definitions|catalog|inventory)|tools (?:that )?you (?:can use|have|have access to|are able to use|can call)|functions (?:that )?you (?:can call|have))\\b`,
    what: 'tools',
  },
  {
    source: `\\b(?:conversation|chat|dialog(?:ue)?)(?: (?:history|log|transcript|so far|context|messages))?\\b`,
    what: 'conversation',
    before: /\b(?:the|this|our|your|entire|full|whole|complete) (?:[^ \n]+ ){0,2}$/,
  },
  {
    source: `\\b(?:previous|prior|earlier|past|all|every|preceding) (?:user )?messages\\b|\\b(?:chat|conversation|message|dialog(?:ue)?) (?:history|log|transcript)\\b|\\beverything (?:the user|you) (?:said|wrote|asked|typed|saw)\\b|\\bcontext window\\b`,
    what: 'conversation',
  },
  {
    source: `\\b(?:name|identity|version|type) of (?:the |your )?(?:llm|model|ai|assistant|agent)(?: model)?\\b|\\b(?:llm|ai|language) model(?:'s)? (?:name|identity|version)\\b|\\b(?:which|what) (?:llm|model|ai) you are\\b|\\bwho you are\\b|\\byour (?:model|llm|ai) (?:name|identity|version)\\b`,
    what: 'model',
  },
];

/** The model or its session, referred to as the one being asked. */
export const SELF_REFERENCE = `\\b(?:your|yours|you (?:are|were|have|can|use|used|got|received|saw)|that (?:calls?|invokes?|uses?|is calling|is using) (?:this|the) (?:tool|function)|(?:current|calling|invoking) (?:model|agent|assistant|llm)|so far|this (?:conversation|chat|session)|who you are)\\b`;

/** Totality: the whole conversation, every message. */
export const TOTALITY = `\\b(?:full|entire|whole|complete|all|every|verbatim|so far|exact)\\b`;
