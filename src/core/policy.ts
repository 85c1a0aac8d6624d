// What a front end may let its callers do with the catalogue: the MCP server's read/write policy
// and the gateway's key allow lists are both this one rule, so the two never disagree about what
// "read-only" or "destructive" means.
import { commandName, touchesLocalFiles, type AnyEntry } from './catalogue.js';

/** What calling a method does: reads, changes, or removes/discards data. */
export type Effect = 'read' | 'write' | 'destructive';

// Verbs that lose data when carried out: delete, remove, trash, clear, … at a word's start in the
// English name or as a segment of the service's method (crm.deal.delete, POST /DeleteEmployee).
const destructiveWord = /^(delete|remove|trash|erase|clear|purge|destroy|unlink|drop)(?![a-z])/i;

function words(entry: AnyEntry): string[] {
  return [
    ...commandName(entry).split('-'),
    ...entry.remote.split(/[.\s/_]+/).flatMap((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ')),
  ].filter(Boolean);
}

/** The effect of calling an entry: its access, with writes that remove data marked destructive. */
export function effectOf(entry: AnyEntry): Effect {
  if (entry.access === 'read') return 'read';
  if (entry.destructive !== undefined) return entry.destructive ? 'destructive' : 'write';
  return words(entry).some((word) => destructiveWord.test(word)) ? 'destructive' : 'write';
}

export interface AccessPolicy {
  /** Services callers may reach; every service when absent. */
  services?: readonly string[];
  /**
   * Methods callers may call; every method of the allowed services when absent. A method is named
   * as the CLI names it, with or without its service: `bitrix24/get-deals`, `get-deals`; or by its
   * library name (`getDeals`), its Russian name (`ПолучитьСписокСделок`) or its remote method
   * (`crm.deal.list`).
   */
  methods?: readonly string[];
  /** Methods that change data may be called. */
  write: boolean;
  /** Methods that remove or discard data may be called (needs `write` too). */
  destructive: boolean;
  /**
   * Methods that read or write files on this machine by path (uploads from a path, downloads to
   * one) may be called. Off unless set: a remote caller must not reach the server's own files.
   */
  localFiles?: boolean;
}

/** Read-only: the default of every front end. */
export const readOnly: AccessPolicy = { write: false, destructive: false };

/** The names a policy may use for an entry. */
export function namesOf(entry: AnyEntry): string[] {
  const own = [commandName(entry), entry.name, entry.ruName, entry.remote];
  return [...own, ...own.map((name) => `${entry.service}/${name}`)];
}

/** Whether the policy lets callers call the entry. */
export function allows(policy: AccessPolicy, entry: AnyEntry): boolean {
  if (touchesLocalFiles(entry) && !policy.localFiles) return false;
  if (policy.services && !policy.services.includes(entry.service)) return false;
  if (policy.methods) {
    const names = new Set(namesOf(entry).map((n) => n.toLowerCase()));
    if (!policy.methods.some((m) => names.has(m.toLowerCase()))) return false;
  }
  const effect = effectOf(entry);
  if (effect === 'read') return true;
  if (!policy.write) return false;
  return effect !== 'destructive' || policy.destructive;
}

/** Why the policy refuses an entry, in words a caller can act on; undefined when it allows it. */
export function refusal(policy: AccessPolicy, entry: AnyEntry): string | undefined {
  if (allows(policy, entry)) return undefined;
  if (touchesLocalFiles(entry) && !policy.localFiles) return `${entry.service}/${commandName(entry)} reads or writes files on this machine by path, which is not offered to remote callers`;
  if (policy.services && !policy.services.includes(entry.service)) return `the service ${entry.service} is not allowed`;
  if (policy.methods && !allows({ ...policy, write: true, destructive: true }, entry)) return `${entry.service}/${commandName(entry)} is not in the allowed methods`;
  const effect = effectOf(entry);
  return effect === 'destructive'
    ? `${entry.service}/${commandName(entry)} removes data, and destructive methods are not allowed`
    : `${entry.service}/${commandName(entry)} changes data, and only reading is allowed`;
}
