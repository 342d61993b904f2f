import type { ContextRemoting } from '../../../platform/remote/contract-descriptor';

/** Review offers no contract; it serves the callbacks it registers in identity's and trust's registries. */
export const REVIEW_REMOTING: ContextRemoting = {
  context: 'review',
  contracts: [],
  callbacks: [
    { registry: 'privacy.exporters', keys: ['review'] },
    { registry: 'trust.ReportableContentRegistry', keys: ['review'] },
  ],
};
