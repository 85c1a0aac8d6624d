// What a front end knows of Bitrix24 before loading its catalogue: how to connect, and its index
// (service.ts adds the whole catalogue).
import type { ServiceBase } from '../../core/catalogue.js';
import { bitrix24Index } from './catalogue-index.js';
import { ConfigurationError } from '../../core/errors.js';
import { defaultOAuthTokenUrl, type Bitrix24Tokens } from './auth.js';
import { Bitrix24Client, offlineAnswer, type Bitrix24CommonOptions } from './client.js';

/** The connection values an OAuth exchange gives: the two tokens and when the access token expires. */
export function tokenValues(tokens: Bitrix24Tokens, nowSec = Date.now() / 1000): Record<string, string> {
  const expires = tokens.expires ?? (tokens.expiresIn !== undefined ? Math.floor(nowSec) + tokens.expiresIn : undefined);
  return { token: tokens.accessToken, refresh: tokens.refreshToken, ...(expires !== undefined ? { expires: String(expires) } : {}) };
}

/** Bitrix24 before its catalogue is loaded: how to connect, and the index that loads one section on demand. */
export const bitrix24Base: ServiceBase = {
  id: 'bitrix24',
  title: { en: 'Bitrix24', ru: 'Битрикс24' },
  index: bitrix24Index,
  connection: [
    {
      key: 'url',
      cli: 'url',
      short: 'u',
      env: 'UZEL_BITRIX24_URL',
      secret: true,
      description: {
        en: 'Incoming webhook URL, or the portal address when --token is given',
        ru: 'URL входящего вебхука или адрес портала при использовании --token',
      },
    },
    {
      key: 'token',
      cli: 'token',
      short: 't',
      // oint's table: in a method whose own parameter is -t (title, task), the token is -k.
      shortWhenTaken: 'k',
      env: 'UZEL_BITRIX24_TOKEN',
      secret: true,
      description: { en: 'OAuth access token, if not using a webhook', ru: 'Токен авторизации, если используется не вебхук' },
    },
  ],
  // An OAuth application's settings, kept in a profile only: a refresh rotates the refresh token,
  // and the new one must be written back (a token from an option or the environment would be spent).
  stored: [
    { key: 'clientid', cli: 'clientid', secret: false, description: { en: "The application's client_id", ru: 'client_id приложения' } },
    { key: 'clientsecret', cli: 'clientsecret', secret: true, description: { en: "The application's client_secret", ru: 'client_secret приложения' } },
    { key: 'refresh', cli: 'refresh', secret: true, description: { en: 'OAuth refresh token', ru: 'Токен обновления OAuth' } },
    { key: 'expires', cli: 'expires', secret: false, description: { en: 'When the access token expires (Unix seconds)', ru: 'Когда истекает токен доступа (Unix-секунды)' } },
    {
      key: 'tokenurl',
      cli: 'tokenurl',
      secret: false,
      description: { en: `OAuth token endpoint (default ${defaultOAuthTokenUrl})`, ru: `Адрес выдачи токенов OAuth (по умолчанию ${defaultOAuthTokenUrl})` },
    },
  ],
  answerOffline: (entry, parsed) => offlineAnswer(entry, parsed),
  connect(values, options = {}) {
    const url = values.url ?? '';
    if (!values.token && values.clientid) {
      throw new ConfigurationError(
        'the OAuth application is set up but there is no access token yet: exchange an authorization code first ' +
          '(npx uzel bitrix24 auth-link gives the link that yields a code; then npx uzel bitrix24 get-token --code CODE --profile NAME)',
      );
    }
    // A preset's name or the bucket's numbers; the client checks it and names what is wrong.
    const rateLimit = options.rateLimit as Bitrix24CommonOptions['rateLimit'];
    const common = {
      onDebug: options.onDebug,
      ...(options.onSecrets && { onSecrets: options.onSecrets }),
      ...(options.fetch && { fetch: options.fetch }),
      ...(rateLimit !== undefined ? { rateLimit } : {}),
    };
    if (!values.token) return new Bitrix24Client({ webhookUrl: url, ...common });
    const onValues = options.onValues;
    return new Bitrix24Client({
      portal: url,
      accessToken: values.token,
      ...common,
      ...(values.refresh && values.clientid && values.clientsecret
        ? {
            refreshToken: values.refresh,
            app: { clientId: values.clientid, clientSecret: values.clientsecret, ...(values.tokenurl ? { tokenUrl: values.tokenurl } : {}) },
            ...(onValues ? { onTokens: (tokens: Bitrix24Tokens) => onValues(tokenValues(tokens)) } : {}),
          }
        : {}),
    });
  },
};
