// What a front end knows of Planfix before loading its catalogue: how to connect, and its index
// (service.ts adds the whole catalogue).
import type { ServiceBase } from '../../core/catalogue.js';
import { ValidationError } from '../../core/errors.js';
import { planfixIndex } from './catalogue-index.js';
import { PlanfixClient, type PlanfixClientOptions } from './client.js';
import { planfixEndpoints } from './codes.js';

/** Planfix before its catalogue is loaded: how to connect, and the index that loads one section on demand. */
export const planfixBase: ServiceBase = {
  id: 'planfix',
  title: { en: 'Planfix', ru: 'ПланФикс' },
  index: planfixIndex,
  connection: [
    {
      key: 'url',
      cli: 'url',
      short: 'u',
      env: 'UZEL_PLANFIX_URL',
      secret: false,
      description: {
        en: `XML API endpoint of the account's data centre (default ${planfixEndpoints.europe})`,
        ru: `Адрес XML API дата-центра аккаунта (по умолчанию ${planfixEndpoints.europe})`,
      },
    },
    {
      key: 'account',
      cli: 'account',
      short: 'a',
      env: 'UZEL_PLANFIX_ACCOUNT',
      secret: false,
      description: { en: 'Account name (name in name.planfix.com)', ru: 'Имя аккаунта (name в name.planfix.ru)' },
    },
    {
      key: 'apikey',
      cli: 'apikey',
      short: 'k',
      env: 'UZEL_PLANFIX_APIKEY',
      secret: true,
      description: { en: 'API key (Account management / API access)', ru: 'API Key (Управление аккаунтом / Доступ к API)' },
    },
    {
      key: 'token',
      cli: 'token',
      short: 't',
      env: 'UZEL_PLANFIX_TOKEN',
      secret: true,
      description: { en: 'Authorization token (token auth)', ru: 'Токен авторизации (авторизация по токену)' },
    },
    {
      key: 'login',
      cli: 'login',
      short: 'l',
      env: 'UZEL_PLANFIX_LOGIN',
      secret: false,
      description: { en: 'User login, with --password instead of a token', ru: 'Логин пользователя, с --password вместо токена' },
    },
    {
      key: 'password',
      cli: 'password',
      short: 'p',
      env: 'UZEL_PLANFIX_PASSWORD',
      secret: true,
      description: { en: 'User password (login auth)', ru: 'Пароль пользователя (авторизация по логину)' },
    },
    {
      key: 'signkey',
      cli: 'signkey',
      short: 's',
      env: 'UZEL_PLANFIX_SIGNKEY',
      secret: true,
      description: { en: 'Signature key: sign every request (optional)', ru: 'Ключ подписи: подписывать каждый запрос (необязательно)' },
    },
  ],
  connect(values, options = {}) {
    const common = {
      url: values.url || undefined,
      account: values.account ?? '',
      signatureKey: values.signkey || undefined,
      onDebug: options.onDebug,
      ...(options.fetch && { fetch: options.fetch }),
      // The bucket's numbers; a preset's name is refused by the client, which says what to give.
      ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit as PlanfixClientOptions['rateLimit'] } : {}),
    };
    const apiKey = values.apikey ?? '';
    if (values.token) return new PlanfixClient({ ...common, apiKey, token: values.token });
    if (values.login) return new PlanfixClient({ ...common, apiKey, login: values.login, password: values.password ?? '' });
    throw new ValidationError([{ path: 'token', message: 'give --token, or --login and --password' }]);
  },
};
