// What the front ends (CLI, docs) know of Planfix: its catalogue and how to connect.
import type { ServiceDefinition } from '../../core/catalogue.js';
import { planfixCatalogue, planfixSections } from './catalogue.js';
import { planfixBase } from './service-base.js';

export const planfixService: ServiceDefinition = {
  ...planfixBase,
  sections: planfixSections,
  methods: Object.values(planfixCatalogue),
};
