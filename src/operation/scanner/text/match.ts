/**
 * @module operation/scanner/text/match
 * Small helpers the phrase rules share, all over normalised text (lowercase, one space between
 * words, `\n` between sentences). Every loop is capped; every regular expression given here must
 * be global and free of nested unbounded quantifiers (linear time by construction).
 */

/** The matches of a global `re` in `text`, at most `cap` of them. */
export function findAll(re: RegExp, text: string, cap = 16): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  while (out.length < cap) {
    const m = re.exec(text);
    if (m === null) break;
    out.push(m);
    if (m[0].length === 0) re.lastIndex += 1;
  }
  re.lastIndex = 0;
  return out;
}

/** [start, end) of the sentence holding `pos`. */
export function sentenceAt(text: string, pos: number): [number, number] {
  const start = text.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
  const nl = text.indexOf('\n', pos);
  return [pos > 0 && text[pos - 1] === '\n' ? pos : start, nl < 0 ? text.length : nl];
}

/** No sentence break between `a` and `b`. */
export function sameSentence(text: string, a: number, b: number): boolean {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const nl = text.indexOf('\n', lo);
  return nl < 0 || nl >= hi;
}

const NEGATION =
  /(?:^|[^a-z'])(?:not|never|no|don't|doesn't|won't|cannot|can't|nor|without|neither|不会|不能|不要|不|从不|绝不|无需)(?: [a-z'-]+){0,3} ?$/;

/** A negation ("never", "does not", "不会") in the few words before `start`. */
export function negatedBefore(text: string, start: number): boolean {
  const [sentenceStart] = sentenceAt(text, start);
  const from = Math.max(sentenceStart, start - 40);
  return NEGATION.test(text.slice(from, start));
}

const QUOTES = '"\'`“”‘’«»「」『』';
const DETECTION =
  /\b(?:detect(?:s|ed|ing|ion|or)?|classif(?:y|ies|ied|ier|ication)|flag(?:s|ged|ging)?|identif(?:y|ies|ied|ication)|scan(?:s|ning)? for|check(?:s|ing)? for|look(?:s|ing)? for|filter(?:s|ing)? (?:out )?|guard(?:s|ing)? against|protect(?:s|ing)? against|defend(?:s|ing)? against|warn(?:s|ing)? (?:about|of|against)|recogni[sz]e(?:s|d)?|spot(?:s|ting)?|catch(?:es)?|score(?:s|d)?|rate(?:s|d)?|explain(?:s|ed)? how|describ(?:es|ed|ing) how|documentation|discuss(?:es|ed)?)\b|检测|识别|过滤|防范|扫描/;
const EXAMPLE_TAIL =
  /^["'`”’]? ?(?:patterns?|attempts?|phrases?|strings?|examples?|tags?|markers?|keywords?|signatures?)\b/;
const EXAMPLE_LEAD =
  /(?:\b(?:such as|like|e\.g|eg|for example|for instance|including|examples?(?: of)?|patterns?|phrases?|strings?|attempts? (?:like|such as|to))|例如|比如|诸如|如) ?:? ?$/;

/**
 * The phrase at [start, end) is talked about, not said: it is quoted, or its sentence is about
 * detecting such text, or an example list leads up to it. A prompt-injection classifier's
 * description quotes attack phrases; a poisoned description says them.
 */
export function isMention(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 3), start);
  const after = text.slice(end, end + 3);
  const quotedBefore = [...before].some((c) => QUOTES.includes(c));
  const quotedAfter = [...after].some((c) => QUOTES.includes(c));
  if (quotedBefore && quotedAfter) return true;
  const [sentenceStart] = sentenceAt(text, start);
  const lead = text.slice(Math.max(sentenceStart, start - 160), start);
  if (DETECTION.test(lead)) return true;
  if (EXAMPLE_TAIL.test(text.slice(end, end + 24))) return true;
  return EXAMPLE_LEAD.test(text.slice(Math.max(sentenceStart, start - 24), start));
}

const LEAD_IN =
  /(?:^|[^a-z])(?:you (?:must|should|need to|have to|are required to|shall|will need to|are to|are expected to|will|can now)|(?:must|should|shall|need to|have to)(?: (?:first|also|always|then|immediately))?|please|kindly|make sure (?:to|you)|be sure to|remember to|(?:do not|don't) forget to|first(?: of all)?|then|and then|also|always|immediately|now|next|finally|afterwards|after that|secretly|silently|quietly|it is (?:mandatory|required|essential|critical|important) (?:that you|to)|(?:use|using) (?:the )?[a-z0-9_.-]+(?: tool| function)? to|before [^\n]{1,80},|请|务必|必须|先|然后|一定要|你需要|你必须|需要)(?: (?:also|first|then|always|immediately|now|just|simply|carefully|quickly|again))?,? ?$/;
const OPENER_JUNK = /<[^>\n]{0,40}>|\[[^\]\n]{0,40}\]|<!--|-->/g;
const OPENER = /^[^a-z]*(?:[a-z_]{1,20} ?:[^a-z]*)?$/;

/** How `verbStart` is addressed: an explicit instruction, a bare imperative opening a sentence, or neither. */
export function directiveForm(text: string, verbStart: number): 'explicit' | 'initial' | 'none' {
  const [sentenceStart] = sentenceAt(text, verbStart);
  const lead = text.slice(Math.max(sentenceStart, verbStart - 90), verbStart);
  if (LEAD_IN.test(lead)) return 'explicit';
  const opener = text.slice(sentenceStart, verbStart);
  if (opener.length <= 48 && OPENER.test(opener.replace(OPENER_JUNK, ' '))) {
    return 'initial';
  }
  return 'none';
}
