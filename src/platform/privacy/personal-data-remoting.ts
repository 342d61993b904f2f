import { defineCallbackRegistry } from '../remote/contract-descriptor';
import type { ErasureBlockerSource, PersonalDataExporter } from './personal-data';
import { PersonalDataRegistry } from './personal-data';

/*
 * Identity asks every context for a person's data and for what stops their erasure. Split apart,
 * each context's process keeps its exporter and serves it; identity's process registers stand-ins
 * calling them. The registry itself is the platform's, present in every process.
 */
export const PERSONAL_DATA_EXPORTERS = defineCallbackRegistry<PersonalDataRegistry>({
  token: PersonalDataRegistry,
  owner: 'identity',
  name: 'privacy.exporters',
  version: 1,
  register: (registry, key, callback) => registry.registerExporter(key, callback as PersonalDataExporter),
  lookup: (registry, key) => registry.exporterOf(key),
});

export const ERASURE_BLOCKERS = defineCallbackRegistry<PersonalDataRegistry>({
  token: PersonalDataRegistry,
  owner: 'identity',
  name: 'privacy.erasure-blockers',
  version: 1,
  register: (registry, key, callback) =>
    registry.registerErasureBlockers(key, callback as ErasureBlockerSource),
  lookup: (registry, key) => registry.erasureBlockersOf(key),
});
