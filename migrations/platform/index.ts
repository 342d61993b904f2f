import { Extensions1764000000000 } from './1764000000000-extensions';

export const PLATFORM_MIGRATIONS = [Extensions1764000000000];
