// The public API of Uzel.
export * from './core/errors.js';
export { redact } from './core/redact.js';
export { Paginator, type Page } from './core/paging.js';
export { LeakyBucket, type LeakyBucketOptions } from './core/limiter.js';
export type { RetryOptions } from './core/retry.js';
export type { SharedOptions } from './core/shared-redis.js';
export type {
  AnyEntry,
  CallOptions,
  InputOf,
  MethodEntry,
  ParamSpec,
  ResultOf,
  ServiceDefinition,
  Text,
} from './core/catalogue.js';
export * from './services/bitrix24/index.js';
export * from './services/planfix/index.js';
export * from './services/diadoc/index.js';
