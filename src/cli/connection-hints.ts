// Per-service data the generic CLI cannot read from the catalogue: which connection options an
// example command shows, and how a running sandbox's `info` maps to connection values (so that
// `uzel sandbox` prints commands ready to paste and the docs capture results). Data only.
import type { ServiceName } from '../core/errors.js';

type Info = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const nested = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;

/** Connection keys an example command shows (the usual way in); the first option when absent. */
export const exampleConnectionKeys: Partial<Record<ServiceName, string[]>> = {
  bitrix24: ['url'],
  planfix: ['account', 'apikey', 'token'],
  diadoc: ['clientid', 'token'],
};

export interface ConnectionWay {
  label: string;
  values: Record<string, string | undefined>;
}

/** Each way of connecting to a running sandbox, the usual one first. */
export const sandboxConnections: Partial<Record<ServiceName, (info: Info) => ConnectionWay[]>> = {
  bitrix24: (info) => [
    { label: 'webhook', values: { url: text(info.webhookUrl) } },
    // The address with its scheme: a --tls sandbox answers only https, which a bare host:port would not say.
    { label: 'OAuth', values: { url: text(info.url), token: text(info.accessToken) } },
  ],
  planfix: (info) => [
    { label: 'token', values: { url: text(info.url), account: text(info.account), apikey: text(info.apiKey), token: text(info.token) } },
    {
      label: 'login',
      values: { url: text(info.url), account: text(info.account), apikey: text(info.apiKey), login: text(info.login), password: text(info.password) },
    },
  ],
  diadoc: (info) => [
    { label: 'DiadocAuth token', values: { url: text(info.url), clientid: text(info.clientId), token: text(info.token) } },
    { label: 'login', values: { url: text(info.url), clientid: text(info.clientId), login: text(info.login), password: text(info.password) } },
    { label: 'OAuth', values: { url: text(info.url), bearer: text(nested(info.oauth, 'accessToken')) } },
  ],
};
