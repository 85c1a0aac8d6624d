// What the front ends (CLI, docs) know of Bitrix24: its catalogue and how to connect.
import type { ServiceDefinition } from '../../core/catalogue.js';
import { bitrix24Catalogue, bitrix24Sections } from './catalogue.js';
import { Bitrix24Client } from './client.js';

export const bitrix24Service: ServiceDefinition = {
  id: 'bitrix24',
  title: { en: 'Bitrix24', ru: 'Битрикс24' },
  sections: bitrix24Sections,
  methods: Object.values(bitrix24Catalogue),
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
      env: 'UZEL_BITRIX24_TOKEN',
      secret: true,
      description: { en: 'OAuth access token, if not using a webhook', ru: 'Токен авторизации, если используется не вебхук' },
    },
  ],
  connect(values, options = {}) {
    const url = values.url ?? '';
    return values.token
      ? new Bitrix24Client({ portal: url, accessToken: values.token, onDebug: options.onDebug })
      : new Bitrix24Client({ webhookUrl: url, onDebug: options.onDebug });
  },
};
