import { ApiKeyVerifier } from '../../../platform/auth/api-key';
import type { ContextRemoting } from '../../../platform/remote/contract-descriptor';
import { defineContract } from '../../../platform/remote/contract-descriptor';

/** Integration across processes: the platform's API-key check, which integration implements. */
export const INTEGRATION_REMOTING: ContextRemoting = {
  context: 'integration',
  contracts: [
    defineContract(ApiKeyVerifier, {
      servedBy: 'integration',
      name: 'integration.ApiKeyVerifier',
      version: 1,
      methods: { verify: 'query' },
    }),
  ],
  callbacks: [],
};
