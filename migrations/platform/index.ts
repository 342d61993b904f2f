import { Extensions1764000000000 } from './1764000000000-extensions';
import { RateLimits1764000000010 } from './1764000000010-rate-limits';
import { JobRuns1764000000810 } from './1764000000810-job-runs';
import { Mail1764000001100 } from './1764000001100-mail';
import { Audit1764000001200 } from './1764000001200-audit';
import { MailHeaders1764000002001 } from './1764000002001-mail-headers';

export const PLATFORM_MIGRATIONS = [
  Extensions1764000000000,
  RateLimits1764000000010,
  JobRuns1764000000810,
  Mail1764000001100,
  Audit1764000001200,
  MailHeaders1764000002001,
];
