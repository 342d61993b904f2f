import type { ContextRemoting } from '../../../platform/remote/contract-descriptor';
import { defineCallbackRegistry, defineContract } from '../../../platform/remote/contract-descriptor';
import type { ReportableContentSource, ReportableContentType } from './reportable-content';
import { ReportableContentRegistry } from './reportable-content';
import { TrustApi } from './trust-api';

/** Where trust does not run, the sources other contexts register are only kept, to be served. */
class ReportableContentCollector extends ReportableContentRegistry {
  private readonly sources = new Map<string, ReportableContentSource>();

  register(type: ReportableContentType, source: ReportableContentSource): void {
    this.sources.set(type, source);
  }

  sourceOf(type: string): ReportableContentSource | undefined {
    return this.sources.get(type);
  }
}

export const REPORTABLE_CONTENT_REGISTRY = defineCallbackRegistry<ReportableContentRegistry>({
  token: ReportableContentRegistry,
  owner: 'trust',
  name: 'trust.ReportableContentRegistry',
  version: 1,
  register: (registry, key, callback) =>
    registry.register(key as ReportableContentType, callback as ReportableContentSource),
  lookup: (registry, key) => (registry as ReportableContentCollector).sourceOf(key),
  collector: () => new ReportableContentCollector(),
});

/** Trust across processes: block and restriction checks, all queries. */
export const TRUST_REMOTING: ContextRemoting = {
  context: 'trust',
  contracts: [
    defineContract(TrustApi, {
      servedBy: 'trust',
      name: 'trust.TrustApi',
      version: 1,
      methods: { blockedBetween: 'query', whoBlocked: 'query', blockedWith: 'query', isRestricted: 'query' },
    }),
  ],
  callbacks: [{ registry: 'privacy.exporters', keys: ['trust'] }],
};
