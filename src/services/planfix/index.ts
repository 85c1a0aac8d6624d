export {
  PlanfixClient,
  guessPlanfixAccess,
  planfixRateLimit,
  type PlanfixCallOptions,
  type PlanfixClientOptions,
  type PlanfixCommonOptions,
  type PlanfixExchange,
  type PlanfixRequestOptions,
} from './client.js';
export type { PlanfixAuth, PlanfixLoginAuth, PlanfixTokenAuth } from './auth.js';
export { planfixEndpoints, planfixErrorCodes, type PlanfixCodeInfo } from './codes.js';
export { planfixHint } from './answer.js';
export { signRequest as planfixSignRequest, signatureBase as planfixSignatureBase } from './signature.js';
export type { XmlTree as PlanfixXmlTree, XmlValue as PlanfixXmlValue } from './xml.js';
export { planfixCatalogue, planfixSections, type PlanfixCatalogue, type PlanfixMethods } from './catalogue.js';
export { planfixService } from './service.js';
export type { PlanfixSharedOptions } from './shared.js';
