import { utcDay } from '../../../support/rental.factory';
import type { BolaRegistry } from './types';

/** Rentals, calendars and owner blocks. */
export const RENTAL: BolaRegistry = {
  'GET /api/v1/rentals/{id}': [
    {
      name: 'a requested rental (renter)',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const renter = await f.user();
        const rental = await f.rental(renter, await f.product(owner));
        return { owner: renter, params: { id: rental.id } };
      },
    },
  ],
  'PUT /api/v1/rentals/{id}': [
    {
      name: 'the renter cancelling',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const renter = await f.user();
        const rental = await f.rental(renter, await f.product(owner));
        return { owner: renter, params: { id: rental.id }, body: { status: 'cancelled' } };
      },
    },
    {
      name: 'the owner accepting',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const renter = await f.user();
        const rental = await f.rental(renter, await f.product(owner));
        return { owner, params: { id: rental.id }, body: { status: 'accepted' } };
      },
    },
    {
      name: 'the renter changing notes',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const renter = await f.user();
        const rental = await f.rental(renter, await f.product(owner));
        return { owner: renter, params: { id: rental.id }, body: { notes: 'Back door, please.' } };
      },
    },
  ],
  'GET /api/v1/users/{id}/owner-record': [
    {
      // Public on purpose: renters weigh a listing's policy against how often its owner cancels.
      name: "an owner's record, with an owner cancellation on it",
      exposure: 'public-read',
      setup: async (f) => {
        const owner = await f.user();
        const renter = await f.user();
        const rental = await f.rental(renter, await f.product(owner));
        await f.move(rental, owner, 'accepted');
        await f.move(rental, owner, 'cancelled');
        return { owner, params: { id: owner.id } };
      },
    },
  ],
  'GET /api/v1/products/{productId}/calendar': [
    {
      name: "an active product's calendar",
      exposure: 'public-read',
      setup: async (f) => {
        const owner = await f.user();
        const product = await f.product(owner);
        await f.rental(await f.user(), product);
        return { owner, params: { productId: product.id } };
      },
    },
    {
      // Others get 404 for the product itself, so its calendar must not reveal it either.
      name: "a paused product's calendar",
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const product = await f.product(owner, { status: 'paused' });
        return { owner, params: { productId: product.id } };
      },
    },
  ],
  'GET /api/v1/products/{productId}/blocks': [
    {
      name: "the owner's blocks",
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const product = await f.product(owner);
        await f.post(owner, `/api/v1/products/${product.id}/blocks`, {
          startDate: utcDay(30),
          endDate: utcDay(33),
        });
        return { owner, params: { productId: product.id } };
      },
    },
  ],
  'POST /api/v1/products/{productId}/blocks': [
    {
      name: 'blocking dates',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const product = await f.product(owner);
        return {
          owner,
          params: { productId: product.id },
          body: { startDate: utcDay(40), endDate: utcDay(43), reason: 'Holiday' },
        };
      },
    },
  ],
  'DELETE /api/v1/products/{productId}/blocks/{blockId}': [
    {
      name: 'freeing blocked dates',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const product = await f.product(owner);
        const block = await f.post<{ id: string }>(owner, `/api/v1/products/${product.id}/blocks`, {
          startDate: utcDay(50),
          endDate: utcDay(52),
        });
        return { owner, params: { productId: product.id, blockId: block.id } };
      },
    },
    {
      name: "another owner's block, through the intruder's own product",
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const product = await f.product(owner);
        const block = await f.post<{ id: string }>(owner, `/api/v1/products/${product.id}/blocks`, {
          startDate: utcDay(60),
          endDate: utcDay(62),
        });
        return {
          owner,
          params: { productId: product.id, blockId: block.id },
          intruderParams: async (intruder) => ({
            productId: (await f.product(intruder)).id,
            blockId: block.id,
          }),
        };
      },
    },
  ],
};
