import type { ExecutionContext } from '@nestjs/common';
import { applyDecorators, createParamDecorator, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
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
