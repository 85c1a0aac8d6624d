// From a running sandbox's `info` to the connection values of its service's client, so that
// `uzel sandbox` can print commands ready to paste. One small mapping per service.
import type { ServiceName } from '../core/errors.js';

type Info = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const nested = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;

/** Connection values (by `connection[].key`) for each way of connecting the sandbox offers. */
export const sandboxConnections: Partial<Record<ServiceName, (info: Info) => { label: string; values: Record<string, string | undefined> }[]>> = {
  bitrix24: (info) => [
    { label: 'webhook', values: { url: text(info.webhookUrl) ?? text(info.webhook) } },
    {
      label: 'OAuth',
      values: {
        url: text(info.portal) ?? text(info.url),
        token: text(info.accessToken) ?? text(nested(info.oauth, 'accessToken')),
      },
    },
  ],
};
