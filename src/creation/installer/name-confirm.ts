/**
 * @module creation/installer/name-confirm
 * The look-alike check at install time: the name asked for (with its namespace as owner and its
 * npm identifier) is compared with every other owner's names the registry lists
 * (`creation/names`). When it resembles another owner's name (`review` or `reject`), the install
 * goes on only if the user typed the exact name a second time, `--confirm-name NAME`, byte for
 * byte; otherwise it is refused and the similar names are listed.
 *
 * Threat: typosquatting — `io.github.a1ice/weather` installed for `io.github.alice/weather`, a
 * name that reads the same but belongs to someone else. Retyping the exact name makes the user
 * look at it once more; a copy-pasted look-alike passes only if pasted twice on purpose.
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { NameCheck, NameEntry } from '../names/index.js';
import { NameIndex, ownerOf } from '../names/index.js';

/** The outcome of an accepted check: the verdict, and the warning to show if not `ok`. */
export interface NameConfirmation {
  readonly check: NameCheck;
  readonly warning?: string;
}

/** Options of {@link confirmName}. */
export interface ConfirmNameOptions {
  /** The server name asked for. */
  readonly name: string;
  /** Its namespace (the owner). */
  readonly namespace: string;
  /** Its npm identifier(s). */
  readonly npm: readonly string[];
  /** Every name the registry lists. */
  readonly registered: readonly NameEntry[];
  /** What the user typed with `--confirm-name`, if anything. */
  readonly confirmedName?: string;
}

/**
 * Checks the name; returns the verdict (with a warning when confirmed) or throws
 * `INSTALL_NAME_CONFUSABLE`.
 */
export function confirmName(options: ConfirmNameOptions): NameConfirmation {
  const check = new NameIndex(options.registered).check({
    name: options.name,
    owner: options.namespace,
    npm: [...options.npm],
  });
  if (check.verdict === 'ok') return { check };
  // One line per other name, with its owner and every way it resembles this one.
  const byName = new Map<string, Set<string>>();
  for (const s of check.similar) {
    const key = `${s.name} (owner ${ownerOf({ name: s.name, ...(s.owner ? { owner: s.owner } : {}) })})`;
    byName.set(key, (byName.get(key) ?? new Set()).add(s.reason));
  }
  const similar = [...byName]
    .slice(0, 5)
    .map(([other, reasons]) => `${other}: ${[...reasons].join(', ')}`)
    .concat(check.problems ?? [])
    .join('; ');
  const warning =
    `${options.name} looks like another owner's name (${check.verdict}): ${similar}. ` +
    'Make sure it is the server you mean.';
  if (options.confirmedName !== options.name) {
    throw new GatehouseError(
      ErrorCode.InstallNameConfusable,
      `${warning} Refused: to install it anyway, type the exact name again with ` +
        `--confirm-name ${options.name}`,
      { data: { name: options.name, verdict: check.verdict, similar: check.similar } },
    );
  }
  return { check, warning };
}
