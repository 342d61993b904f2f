import { CreateIdentity1764000000100 } from './1764000000100-create-identity';

export const IDENTITY_MIGRATIONS = [CreateIdentity1764000000100];
