import { IDENTITY_MIGRATIONS } from './identity';
import { PLATFORM_MIGRATIONS } from './platform';

/** Every migration, in the order they apply. Each context lists its own in its folder. */
export const ALL_MIGRATIONS = [...PLATFORM_MIGRATIONS, ...IDENTITY_MIGRATIONS];
