// What the front ends (CLI, docs) know of Bitrix24: its catalogue and how to connect.
import type { ServiceDefinition } from '../../core/catalogue.js';
import { bitrix24Catalogue, bitrix24Sections } from './catalogue.js';
import { bitrix24Base } from './service-base.js';
export { tokenValues } from './service-base.js';

export const bitrix24Service: ServiceDefinition = {
  ...bitrix24Base,
  sections: bitrix24Sections,
  methods: Object.values(bitrix24Catalogue),
};
