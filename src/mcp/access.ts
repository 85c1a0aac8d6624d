// Which catalogue entries an MCP session may see and call: core/policy.ts's rule (effectOf,
// allows, refusal), composed so that writes and removals can be granted per service or per method
// while reading stays open to every allowed service — `--allow-write=planfix` lets an agent change
// Planfix, not Bitrix24.
import type { AnyEntry } from '../core/catalogue.js';
import { allows, refusal, type AccessPolicy } from '../core/policy.js';

/** A grant: every allowed method (true), none (false), or the named services and methods. */
export type Grant = boolean | readonly string[];

export interface McpAccess {
  /** Services served; every connected service when absent. */
  services?: readonly string[];
  /** Methods offered at all (reads included), as core/policy.ts names them; all when absent. */
  methods?: readonly string[];
  write: Grant;
  /** Methods that remove or discard data; a method needs a write grant too. */
  destructive: Grant;
}

function granted(grant: Grant, entry: AnyEntry, serviceNames: ReadonlySet<string>): boolean {
  if (typeof grant === 'boolean') return grant;
  if (grant.includes(entry.service)) return true;
  const methods = grant.filter((name) => !serviceNames.has(name));
  // The method names are matched by core's own rule (every name an entry is known by).
  return methods.length > 0 && allows({ methods, write: true, destructive: true, localFiles: true }, entry);
}

/** The core policy that decides one entry under the session's grants. */
export function policyFor(access: McpAccess, entry: AnyEntry, serviceNames: ReadonlySet<string>): AccessPolicy {
  const write = granted(access.write, entry, serviceNames);
  return {
    ...(access.services && { services: access.services }),
    ...(access.methods && { methods: access.methods }),
    write,
    destructive: write && granted(access.destructive, entry, serviceNames),
  };
}

export function isAllowed(access: McpAccess, entry: AnyEntry, serviceNames: ReadonlySet<string>): boolean {
  return allows(policyFor(access, entry, serviceNames), entry);
}

/** Why an entry is not offered, in words the agent's user can act on (with the switch that would allow it). */
export function whyDenied(access: McpAccess, entry: AnyEntry, serviceNames: ReadonlySet<string>): string | undefined {
  const reason = refusal(policyFor(access, entry, serviceNames), entry);
  if (reason === undefined) return undefined;
  if (/only reading is allowed/.test(reason)) return `${reason} (the server runs with --allow-write to allow it)`;
  if (/destructive methods are not allowed/.test(reason)) return `${reason} (the server runs with --allow-write and --allow-destructive to allow it)`;
  return reason;
}
