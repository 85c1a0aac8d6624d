// What a method handler gets and gives back.
import type { Params } from '../params.js';
import type { PortalState } from '../state.js';

export interface CallContext {
  userId: number;
  state: PortalState;
  nowSec: number;
  /** Who calls: a webhook, or an application (with its code) — app.info, scope and methods read it. */
  caller: { kind: 'webhook' | 'app'; scopes: ReadonlySet<string>; appCode?: string; credential?: string };
  /** The portal's address (no trailing slash), for the links some answers carry (DOWNLOAD_URL, uploadUrl). */
  baseUrl?: string;
}

export interface MethodResult {
  result: unknown;
  /** List methods: the count of the whole selection, absent with start=-1. */
  total?: number;
  next?: number;
  /** Rows produced and rows counted, for the processing-time model. */
  rows?: number;
  counted?: number;
}

export type MethodHandler = (params: Params, ctx: CallContext) => MethodResult;
