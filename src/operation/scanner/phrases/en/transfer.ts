/**
 * @module operation/scanner/phrases/en/transfer
 * English phrase data: moving data out: transfer verbs, data, outside destinations. Patterns read
 * normalised text (lowercase, single spaces, `\n` between sentences, confusables folded); every
 * gap is bounded (see phrases/table).
 */

/** Verbs that move data somewhere. */
export const TRANSFER_VERBS = `\\b(?:send|sends|sending|forward|forwards|forwarding|post|posts|posting|upload|uploads|uploading|transmit|transmits|exfiltrate|exfiltrates|leak|leaks|copy|copies|copying|mirror|mirrors|relay|relays|redirect|redirects|route|routes|proxy|sync|syncs|submit|submits|email|emails|mail|cc|bcc|report|reports|log|logs|logging|stream|streams|beacon|share|shares|push|pushes|dump|dumps|back up|backup|deliver|delivers|notify)\\b`;

/** Verbs that duplicate data on the side: a copy nobody asked for. */
export const DUPLICATE_VERBS = `\\b(?:forward|forwards|forwarding|copy|copies|copying|mirror|mirrors|relay|relays|cc|bcc|exfiltrate|exfiltrates|leak|leaks|log|logs|logging|also send|also sends|additionally send|in addition send|redirect|redirects|backup copies|back up)\\b`;

/** Data that can be sent. */
export const DATA_OBJECTS = `\\b(?:contents?|data|results?|outputs?|responses?|files?|messages?|conversation|history|everything|all|information|info|details|credentials|keys|tokens|secrets|copy|copies|requests|queries|inputs?|arguments|parameters|emails?|documents?|records|logs?|it|them)\\b`;

/** Places outside the conversation. */
export const DESTINATIONS = `\\b(?:external|remote|third[- ]party|attacker|attacker-controlled|outside|offsite|off-site|our|my|a private|a custom|monitoring|logging|analytics|collection|backup)(?: [^ \\n]+){0,2}? (?:server|endpoint|service|url|address|host|webhook|proxy|site|domain|api|collector|bucket|inbox|channel)s?\\b|\\bwebhook\\b`;
