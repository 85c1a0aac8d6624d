// What one server offers: the served services and, of their catalogues, the entries the access
// rule allows, found by any name an agent may use for them.
import { commandName, type AnyEntry } from '../core/catalogue.js';
import { echo } from '../core/echo.js';
import { namesOf } from '../core/policy.js';
import { UzelError, ValidationError } from '../core/errors.js';
import { isAllowed, whyDenied, type McpAccess } from './access.js';
import type { Served } from './call.js';
import { toolName } from './tool-names.js';

export interface Offered {
  served: Served;
  entry: AnyEntry;
  tool: string;
}

export class Offer {
  /** Allowed entries, in catalogue order. */
  readonly entries: Offered[] = [];
  private readonly all: Offered[] = [];
  private readonly serviceNames: ReadonlySet<string>;

  constructor(
    readonly served: readonly Served[],
    readonly access: McpAccess,
  ) {
    this.serviceNames = new Set(served.map((s) => s.service.id));
    for (const s of served) {
      for (const entry of s.service.methods) {
        const offered = { served: s, entry, tool: toolName(entry) };
        this.all.push(offered);
        if (isAllowed(access, entry, this.serviceNames)) this.entries.push(offered);
      }
    }
  }

  byTool(name: string): Offered | undefined {
    return this.entries.find((o) => o.tool === name);
  }

  /**
   * An allowed entry by any of its names (tool name, service/command, library, Russian or remote
   * name). A method the access rule denies is a UzelError saying why and which switch allows it;
   * an unknown name a ValidationError naming `path`.
   */
  resolve(name: unknown, path = 'method'): Offered {
    if (typeof name !== 'string' || name.trim() === '') throw new ValidationError([{ path, message: 'expected a method name, e.g. one search_methods gives' }]);
    const wanted = name.trim().toLowerCase();
    const matches = (o: Offered) => o.tool.toLowerCase() === wanted || namesOf(o.entry).some((n) => n.toLowerCase() === wanted);
    const found = this.entries.filter(matches);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      // Russian names repeat across services (ПолучитьСотрудника: Planfix and Diadoc).
      throw new ValidationError([{ path, message: `${echo(name)} names ${found.map((o) => o.tool).join(' and ')}: give one of these` }]);
    }
    const denied = this.all.find(matches);
    if (denied) throw new UzelError(whyDenied(this.access, denied.entry, this.serviceNames) ?? `${denied.tool} is not offered`);
    throw new ValidationError([{ path, message: `no method ${echo(name)} is offered here; search_methods finds methods by words` }]);
  }

  /** The CLI's name of an entry, service first: bitrix24/get-deals. */
  static label(entry: AnyEntry): string {
    return `${entry.service}/${commandName(entry)}`;
  }
}
