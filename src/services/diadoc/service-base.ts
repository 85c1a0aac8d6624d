// What a front end knows of Diadoc before loading its catalogue: how to connect, and its index
// (service.ts adds the whole catalogue).
import type { ServiceBase } from '../../core/catalogue.js';
import { ConfigurationError } from '../../core/errors.js';
import { diadocIndex } from './catalogue-index.js';
import { DiadocClient, diadocProductionUrl } from './client.js';

/** Diadoc before its catalogue is loaded: how to connect, and the index that loads one section on demand. */
export const diadocBase: ServiceBase = {
  id: 'diadoc',
  title: { en: 'Kontur Diadoc', ru: 'Контур.Диадок' },
  index: diadocIndex,
  connection: [
    {
      key: 'url',
      cli: 'url',
      env: 'UZEL_DIADOC_URL',
      secret: false,
      description: {
        en: `API address (default ${diadocProductionUrl}; test environments differ)`,
        ru: `Адрес API (по умолчанию ${diadocProductionUrl}; у тестовых сред свой)`,
      },
    },
    {
      key: 'clientid',
      cli: 'clientid',
      env: 'UZEL_DIADOC_CLIENTID',
      secret: true,
      description: {
        en: 'Developer key (ddauth_api_client_id), with --token or --login/--password',
        ru: 'Ключ разработчика (ddauth_api_client_id), вместе с --token или --login/--password',
      },
    },
    {
      key: 'token',
      cli: 'token',
      env: 'UZEL_DIADOC_TOKEN',
      secret: true,
      description: { en: 'Authorization token (ddauth_token) obtained earlier', ru: 'Полученный ранее авторизационный токен (ddauth_token)' },
    },
    {
      key: 'login',
      cli: 'login',
      env: 'UZEL_DIADOC_LOGIN',
      secret: false,
      description: { en: 'Diadoc login, to obtain a token with --password', ru: 'Логин Диадока для получения токена вместе с --password' },
    },
    {
      key: 'password',
      cli: 'password',
      env: 'UZEL_DIADOC_PASSWORD',
      secret: true,
      description: { en: 'Diadoc password, with --login', ru: 'Пароль Диадока, вместе с --login' },
    },
    {
      key: 'bearer',
      cli: 'bearer',
      env: 'UZEL_DIADOC_BEARER',
      secret: true,
      description: {
        en: 'OAuth / OpenID Connect access token (Authorization: Bearer), instead of the developer key and token',
        ru: 'Токен доступа OAuth / OpenID Connect (Authorization: Bearer) вместо ключа разработчика и токена',
      },
    },
  ],
  connect(values, options = {}) {
    const common = { onDebug: options.onDebug, ...(values.url && { url: values.url }), ...(options.fetch && { fetch: options.fetch }) };
    if (values.bearer) return new DiadocClient({ bearer: values.bearer, ...common });
    const clientId = values.clientid;
    if (!clientId) {
      throw new ConfigurationError('Diadoc needs --clientid (the developer key) with --token or --login/--password, or else --bearer');
    }
    if (values.token) return new DiadocClient({ clientId, token: values.token, ...common });
    if (values.login && values.password) return new DiadocClient({ clientId, login: values.login, password: values.password, ...common });
    throw new ConfigurationError(
      values.login || values.password
        ? 'Diadoc needs both --login and --password'
        : 'Diadoc needs --token, or --login with --password, or --bearer',
    );
  },
};
