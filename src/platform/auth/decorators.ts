import type { ExecutionContext } from '@nestjs/common';
import { applyDecorators, createParamDecorator, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { ApiKeyScope, Integrator } from './api-key';
import type { AuthUser, Role } from './auth-user';

export const IS_PUBLIC = 'auth:isPublic';
export const REQUIRED_ROLES = 'auth:roles';

/** Marks public operations in the OpenAPI document; openapi.ts turns it into `security: []`. */
export const PUBLIC_EXTENSION = 'x-public';

/** The route needs no access token. Everything else does, by default. */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));

export const IS_OPTIONAL_AUTH = 'auth:isOptional';

/**
 * Anyone may call the route, but a caller who sends a token is identified (owners see their own
 * drafts). A header with a bad token is still a 401: a client with an expired token learns it
 * rather than silently seeing less. Documented as `security: [{}, {bearer: []}]`.
 */
export const OptionalAuth = () =>
  applyDecorators(SetMetadata(IS_OPTIONAL_AUTH, true), ApiExtension(PUBLIC_EXTENSION, 'optional'));

/** The caller when the route is @OptionalAuth(): undefined for anonymous calls. */
export const OptionalUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser | undefined =>
    ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user,
);

/** The route is for these roles only (403 for any other authenticated caller). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest<{ user: AuthUser }>().user,
);

export const API_KEY_ACCESS = 'auth:apiKey';
/** Marks operations open to integrators' keys in the OpenAPI document (openapi.ts reads it). */
export const API_KEY_EXTENSION = 'x-api-key';

export interface ApiKeyAccess {
  /** The scope a key needs here (403 without it). */
  scope: ApiKeyScope;
  /** Keys only: a user's access token is refused (403). Otherwise keys come in addition. */
  only: boolean;
}

const apiKeyAccess = (access: ApiKeyAccess) =>
  applyDecorators(SetMetadata(API_KEY_ACCESS, access), ApiExtension(API_KEY_EXTENSION, access));

/**
 * An integrator's key with `scope` may call the route too, as `X-Api-Key: osk_...` or
 * `Authorization: Bearer osk_...`; whoever could call it before still can, unchanged. A key makes
 * no user: @OptionalUser() stays undefined, so the caller sees what an anonymous one sees.
 */
export const AcceptsApiKey = (scope: ApiKeyScope) => apiKeyAccess({ scope, only: false });

/** Only an integrator's key with `scope` may call the route; a user's access token gets 403. */
export const ApiKeyOnly = (scope: ApiKeyScope) => apiKeyAccess({ scope, only: true });

/** The integrator behind the key of an @ApiKeyOnly() route (undefined elsewhere without a key). */
export const CurrentIntegrator = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Integrator =>
    ctx.switchToHttp().getRequest<{ integrator: Integrator }>().integrator,
);
