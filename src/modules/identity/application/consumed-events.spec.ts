import { UserReinstated as PublishedReinstated, UserSuspended as PublishedSuspended } from '../../trust';
import type { IntegrationEvent } from '../../../platform/events/integration-event';
import type { UserReinstatedPayload, UserSuspendedPayload } from './consumed-events';
import { UserReinstated, UserSuspended } from './consumed-events';

type PayloadOf<D> = D extends { create(payload: infer P): IntegrationEvent<unknown> } ? P : never;

describe("identity's declarations of the trust events it consumes", () => {
  it('name the published events, at the published versions', () => {
    expect([UserSuspended, UserReinstated].map((d) => `${d.type}@${d.version}`)).toEqual(
      [PublishedSuspended, PublishedReinstated].map((d) => `${d.type}@${d.version}`),
    );
  });

  it('read only payload members trust sends (checked by the type checker)', () => {
    const suspended: UserSuspendedPayload = {} as PayloadOf<typeof PublishedSuspended>;
    const reinstated: UserReinstatedPayload = {} as PayloadOf<typeof PublishedReinstated>;
    expect([suspended, reinstated]).toHaveLength(2);
  });
});
