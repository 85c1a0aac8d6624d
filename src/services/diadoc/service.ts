// What the front ends (CLI, docs) know of Diadoc: its catalogue and how to connect.
import type { ServiceDefinition } from '../../core/catalogue.js';
import { diadocCatalogue, diadocSections } from './catalogue.js';
import { diadocBase } from './service-base.js';

export const diadocService: ServiceDefinition = {
  ...diadocBase,
  sections: diadocSections,
  methods: Object.values(diadocCatalogue),
};
