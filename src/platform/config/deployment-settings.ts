import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import type { ContextName } from './contexts';
import { CONTEXT_NAMES, parseContextUrls, parseContexts } from './contexts';
import { ContextDatabaseSettings } from './context-database-settings';

/**
 * Which bounded contexts this process hosts and where the others are served: the same build runs as
 * the monolith (the default) or as any split. A base class of AppConfig, kept apart so no settings
 * file grows past one screenful.
 */
export class DeploymentSettings extends ContextDatabaseSettings {
  /** `identity,catalog`, or `all` (default): the contexts whose routes, jobs and migrations run here. */
  @IsString()
  CONTEXTS = 'all';

  /** `catalog=http://catalog:3000,...`: the process serving each context not hosted here. */
  @IsString()
  CONTEXT_URLS = '';

  /** Shared by the processes of a split to sign contract calls between them (≥ 32 characters). */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'INTERNAL_API_SECRET must be at least 32 characters' })
  INTERNAL_API_SECRET?: string;

  /** Deadline of one call to another process's contract, retries of idempotent queries included. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  CONTRACT_TIMEOUT_MS = 3000;

  /** The contexts this process hosts, in canonical order. */
  get hostedContexts(): ContextName[] {
    return parseContexts(this.CONTEXTS);
  }

  hosts(context: ContextName): boolean {
    return this.hostedContexts.includes(context);
  }

  /** True when at least one context runs in another process. */
  get isSplit(): boolean {
    return this.hostedContexts.length < CONTEXT_NAMES.length;
  }

  /**
   * `name` made this process's own in a split (`name:identity+catalog`): for platform work every
   * process does for its own contexts (pruning their tables, taking in their mail), which one
   * shared name would let whichever process claimed it first do for its contexts alone.
   */
  perProcess(name: string): string {
    return this.isSplit ? `${name}:${this.hostedContexts.join('+')}` : name;
  }

  /** Base URL of the process serving `context`, when it is not hosted here. */
  contextUrl(context: ContextName): string | undefined {
    return parseContextUrls(this.CONTEXT_URLS)[context];
  }
}

/** The first reason the deployment settings cannot work, or null. */
export function deploymentSettingsProblem(config: DeploymentSettings & { NATS_URL?: string }): string | null {
  let hosted: ContextName[];
  let urls: Partial<Record<ContextName, string>>;
  try {
    hosted = parseContexts(config.CONTEXTS);
  } catch (error) {
    return `CONTEXTS: ${(error as Error).message} (known: ${CONTEXT_NAMES.join(', ')})`;
  }
  try {
    urls = parseContextUrls(config.CONTEXT_URLS);
  } catch (error) {
    return `CONTEXT_URLS: ${(error as Error).message}`;
  }
  const remote = CONTEXT_NAMES.filter((name) => !hosted.includes(name));
  if (remote.length === 0) return null;
  const unserved = remote.filter((name) => !urls[name]);
  if (unserved.length > 0) return `CONTEXT_URLS must name the process serving ${unserved.join(', ')}`;
  if (!config.INTERNAL_API_SECRET) return 'INTERNAL_API_SECRET is required when CONTEXTS is not all';
  // Integration events cross processes only through JetStream; without it they would stay behind.
  if (!config.NATS_URL) return 'NATS_URL is required when CONTEXTS is not all';
  return null;
}
