// server.time: the portal's clock, ISO 8601 with the portal's offset.
import { isoDate } from '../dates.js';
import type { MethodHandler } from './types.js';

export const serverMethods: Record<string, MethodHandler> = {
  'server.time': (_params, ctx) => ({ result: isoDate(Math.floor(ctx.nowSec)) }),
};
