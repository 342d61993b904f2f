import type { ContextRemoting } from '../../../platform/remote/contract-descriptor';
import { defineContract } from '../../../platform/remote/contract-descriptor';
import { CatalogApi } from './catalog-api';
import { ListingQuota } from './listing-quota';

/** Catalog across processes: product snapshots; its listing-quota port is plugged by subscription. */
export const CATALOG_REMOTING: ContextRemoting = {
  context: 'catalog',
  contracts: [
    defineContract(CatalogApi, {
      servedBy: 'catalog',
      name: 'catalog.CatalogApi',
      version: 1,
      methods: { findProduct: 'query', findProducts: 'query' },
    }),
    defineContract(ListingQuota, {
      servedBy: 'subscription',
      name: 'catalog.ListingQuota',
      version: 1,
      methods: { assertCanActivateListing: 'query' },
    }),
  ],
  callbacks: [
    { registry: 'privacy.exporters', keys: ['catalog'] },
    { registry: 'trust.ReportableContentRegistry', keys: ['listing'] },
  ],
};
