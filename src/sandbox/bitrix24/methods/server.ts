// The basic methods every caller may use, whatever its scopes: server.time, app.info, profile,
// scope, methods (api-reference/common/system/*.md, api-reference/common/users/profile.md).
import { isoDate } from '../dates.js';
import { PortalError } from '../errors.js';
import { pick, toBool, toStr } from '../params.js';
import { allowed, portalScopes, scopesOf } from '../scopes.js';
import type { MethodHandler } from './types.js';

/**
 * Builds the basic methods; `methodNames` lists every method the portal serves (the `methods`
 * method reports them).
 */
export function serverMethods(methodNames: () => readonly string[]): Record<string, MethodHandler> {
  return {
    'server.time': (_params, ctx) => ({ result: isoDate(Math.floor(ctx.nowSec)) }),

    // app.info: only an application has one; a webhook call answers the page's only error.
    'app.info': (_params, ctx) => {
      if (ctx.caller.kind !== 'app') throw new PortalError(400, 'ACCESS_DENIED', 'Access denied! Application context required');
      return {
        result: {
          ID: 1,
          CODE: ctx.caller.appCode ?? '',
          VERSION: 1,
          STATUS: 'L',
          INSTALLED: true,
          PAYMENT_EXPIRED: 'N',
          DAYS: null,
          LANGUAGE_ID: 'ru',
          LICENSE: 'ru_ent250',
          LICENSE_TYPE: 'ent250',
          LICENSE_FAMILY: 'ent',
        },
      };
    },

    // profile: the caller's basics without any scope; an inactive user gets an empty object.
    profile: (_params, ctx) => {
      const user = ctx.state.users.get(ctx.userId);
      if (!user || !user.ACTIVE) return { result: [] };
      return {
        result: {
          ID: String(user.ID),
          ADMIN: user.ID === 1,
          NAME: user.NAME,
          LAST_NAME: user.LAST_NAME,
          PERSONAL_GENDER: user.PERSONAL_GENDER,
          TIME_ZONE: user.TIME_ZONE,
        },
      };
    },

    // scope: the caller's scopes, or with full=true every scope of the portal.
    scope: (params, ctx) => {
      const full = toBool(pick(params, 'full')) ?? false;
      return { result: full ? [...portalScopes] : portalScopes.filter((s) => ctx.caller.scopes.has(s)) };
    },

    // methods: the methods the caller may call; full=true all of them; scope=X those of one
    // scope, scope= (empty) the common ones that need no scope.
    methods: (params, ctx) => {
      const all = methodNames();
      const full = toBool(pick(params, 'full')) ?? false;
      const scope = pick(params, 'scope');
      let result: readonly string[];
      if (scope !== undefined) {
        const wanted = toStr(scope) ?? '';
        result = all.filter((m) => (wanted === '' ? scopesOf(m).length === 0 : scopesOf(m).includes(wanted)));
      } else {
        result = full ? all : all.filter((m) => allowed(m, ctx.caller.scopes));
      }
      return { result: [...result] };
    },
  };
}
