// What a method handler gets and gives back.
import type { Params } from '../params.js';
import type { PortalState } from '../state.js';

export interface CallContext {
  userId: number;
  state: PortalState;
  nowSec: number;
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
