/**
 * @module operation/scanner/phrases/triggers
 * Trigger words: every English pattern of a rule contains at least one of its rule's words, so a
 * rule whose words are all absent from a text is skipped (Chinese text always runs the rules).
 * When a pattern is added to a table, its key word belongs here too; the rule tests check it.
 */

const words = (list: string): ReadonlySet<string> =>
  new Set(list.split(/\s+/).filter((w) => w !== ''));

export const OVERRIDE_TRIGGERS = words(`
  ignore disregard forget overrule discard abandon neglect follow obey listen comply precedence
  priority supersede supersedes superseding override overrides overriding instructions directives
  rules prompt now rest remainder act behave respond operate pretend roleplay role mode jailbreak
  jailbroken disable turn deactivate suspend bypass bypassing circumvent evade switch skip remove
  lift suspended disabled lifted bypassed waived removed off regardless without actually really
  longer`);

export const IMPERSONATION_TRIGGERS = words(`
  message note notice instruction request reminder signed am user task system sys admin developer
  root security priority context assistant allowed permitted authorized authorised granted cleared
  privileges privilege access rights permissions elevated session mode`);

export const SECRECY_TRIGGERS = words(`
  user users human person customer requester secret hidden confidential private present hide
  conceal secretly covertly surreptitiously stealthily invisibly silently quietly discreetly behind
  mention reveal disclose acknowledge say admit mentioned revealed disclosed shown shared visible
  knowing noticing`);

export const SECRET_TRIGGERS = words(`
  ssh id rsa dsa ecdsa ed25519 identity authorized private pem p12 pfx ppk keystore env process aws
  gcloud credentials azure kube kubeconfig docker service cloud npmrc pypirc netrc git pgpass
  github gitlab npm openai anthropic slack stripe gcp claude cursor cline mcp codeium history
  histfile lesshst etc passwd shadow sudoers gshadow seed recovery mnemonic wallet keychain cookie
  cookies api apikey apikeys access secret secrets auth bearer session refresh oauth personal
  client signing credential password passwords passphrase passphrases environment keys key token
  tokens`);

export const HARVEST_TRIGGERS = words(`
  prompt message messages instruction instructions directives guidelines rules configuration
  context tools tool functions conversation chat dialog dialogue history transcript log
  everything llm model ai assistant agent who`);

export const TRANSFER_TRIGGERS = words(`
  external remote third party attacker outside offsite off our my private custom monitoring
  logging analytics collection backup webhook exfiltrate exfiltrates exfiltrated exfiltrating
  exfiltration steal`);

export const PREFERENCE_TRIGGERS = words(`
  best greatest finest most only number top better superior reliable accurate trustworthy`);

export const STEERING_TRIGGERS = words(`
  use call choose prefer pick select invoke matter never don't do run execute before after when
  whenever while instead rather prior should needs processing handling answering responding
  serving receiving executing for`);

export const TAMPER_TRIGGERS = words(`
  increase decrease raise lower change modify alter replace double triple multiply inflate round
  adjust overwrite fix buy bought purchase purchased order ordered book booked transfer send add
  append insert inject`);

/** The trigger groups, one bit each. */
export const TRIGGER_GROUPS = {
  override: 1 << 0,
  impersonation: 1 << 1,
  secrecy: 1 << 2,
  secret: 1 << 3,
  harvest: 1 << 4,
  transfer: 1 << 5,
  preference: 1 << 6,
  steering: 1 << 7,
  tamper: 1 << 8,
} as const;

/** Each trigger word with the groups it belongs to. */
export const TRIGGER_BITS: ReadonlyMap<string, number> = (() => {
  const bits = new Map<string, number>();
  const groups: [ReadonlySet<string>, number][] = [
    [OVERRIDE_TRIGGERS, TRIGGER_GROUPS.override],
    [IMPERSONATION_TRIGGERS, TRIGGER_GROUPS.impersonation],
    [SECRECY_TRIGGERS, TRIGGER_GROUPS.secrecy],
    [SECRET_TRIGGERS, TRIGGER_GROUPS.secret],
    [HARVEST_TRIGGERS, TRIGGER_GROUPS.harvest],
    [TRANSFER_TRIGGERS, TRIGGER_GROUPS.transfer],
    [PREFERENCE_TRIGGERS, TRIGGER_GROUPS.preference],
    [STEERING_TRIGGERS, TRIGGER_GROUPS.steering],
    [TAMPER_TRIGGERS, TRIGGER_GROUPS.tamper],
  ];
  for (const [set, bit] of groups) for (const w of set) bits.set(w, (bits.get(w) ?? 0) | bit);
  return bits;
})();
