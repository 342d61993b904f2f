import { Extensions1764000000000 } from './1764000000000-extensions';
import { RateLimits1764000000010 } from './1764000000010-rate-limits';

export const PLATFORM_MIGRATIONS = [Extensions1764000000000, RateLimits1764000000010];
