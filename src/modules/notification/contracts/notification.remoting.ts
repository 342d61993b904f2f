import type { ContextRemoting } from '../../../platform/remote/contract-descriptor';

/** Notification offers no contract; it serves its personal-data exporter to identity's process. */
export const NOTIFICATION_REMOTING: ContextRemoting = {
  context: 'notification',
  contracts: [],
  callbacks: [{ registry: 'privacy.exporters', keys: ['notification'] }],
};
