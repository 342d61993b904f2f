import type { ContextRemoting } from '../../../platform/remote/contract-descriptor';
import { defineContract } from '../../../platform/remote/contract-descriptor';
import { IdentityApi } from './identity-api';

/** Identity across processes: who people are and whether they may act, all queries. */
export const IDENTITY_REMOTING: ContextRemoting = {
  context: 'identity',
  contracts: [
    defineContract(IdentityApi, {
      servedBy: 'identity',
      name: 'identity.IdentityApi',
      version: 1,
      methods: {
        findPublicUsers: 'query',
        findPublicUser: 'query',
        describeUsers: 'query',
        isActive: 'query',
        accountExists: 'query',
        accountRole: 'query',
        assertEmailVerified: 'query',
        findContacts: 'query',
      },
    }),
  ],
  callbacks: [],
};
