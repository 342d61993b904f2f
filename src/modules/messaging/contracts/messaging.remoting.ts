import type { ContextRemoting } from '../../../platform/remote/contract-descriptor';

/** Messaging offers no contract; it serves the callbacks it registers in identity's and trust's registries. */
export const MESSAGING_REMOTING: ContextRemoting = {
  context: 'messaging',
  contracts: [],
  callbacks: [
    { registry: 'privacy.exporters', keys: ['messaging'] },
    { registry: 'trust.ReportableContentRegistry', keys: ['message'] },
  ],
};
