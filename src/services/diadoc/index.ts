export {
  DiadocClient,
  diadocProductionUrl,
  type DiadocClientOptions,
  type DiadocCommonOptions,
  type DiadocDeprecation,
  type DiadocDepartment,
  type DiadocEmployee,
  type DiadocRequestOptions,
} from './client.js';
export type { DiadocAuth, DiadocBearerAuth, DiadocTokens } from './auth.js';
export { toBoxIdGuid } from './box-id.js';
export { parseDiadocJson, stringifyDiadocJson } from './json.js';
export {
  dateToTicks,
  ticksToDate,
  ticksToIsoString,
  toDiadocTimestamp,
  unixEpochTicks as diadocUnixEpochTicks,
  type DiadocTimestamp,
} from './ticks.js';
export { diadocCatalogue, diadocSections, type DiadocCatalogue, type DiadocMethods } from './catalogue.js';
export { diadocService } from './service.js';
export type { DiadocSharedOptions } from './shared.js';
