export { Bitrix24Client, rateLimits, type Bitrix24RateLimit, type Bitrix24ClientOptions, type Bitrix24CommonOptions, type RequestOptions } from './client.js';
export { authorizeUrl, defaultOAuthTokenUrl, type Bitrix24Auth, type Bitrix24Tokens, type OAuthApp } from './auth.js';
export type { Bitrix24Answer, Bitrix24Time } from './answer.js';
export type { BatchCommand, BatchCommands, BatchOptions, BatchResult } from './batch.js';
export type { ExportCheckpoint, ExportOptions } from './export.js';
export { bitrix24Catalogue, bitrix24Sections, type Bitrix24Catalogue, type Bitrix24Methods } from './catalogue.js';
export { bitrix24Service } from './service.js';
export type { Bitrix24SharedOptions } from './shared.js';
