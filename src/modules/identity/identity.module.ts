import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ContextDatabaseModule } from '../../platform/database/context-database.module';
import { JWT_ALGORITHM } from '../../platform/auth/auth-user';
import { AppConfig } from '../../platform/config/app-config';
import { AccountDeletionService } from './application/account-deletion.service';
import { AccountMailer } from './application/account-mailer';
import { AccountTokens } from './application/account-tokens';
import { RoleAssignmentService } from './application/role-assignment.service';
import { AuthService } from './application/auth.service';
import { CredentialCheck } from './application/credential-check';
import { DataExportAssembler } from './application/data-export-assembler';
import { DataExportPurgeJob } from './application/data-export-purge.job';
import { DataExportsService } from './application/data-exports.service';
import { EmailChangeService } from './application/email-change.service';
import { EmailVerificationService } from './application/email-verification.service';
import { IdentityApiService } from './application/identity-api.service';
import { IdentityMailTemplatesRegistrar } from './application/mail/identity-mail-templates.registrar';
import { MfaEnrolmentService } from './application/mfa-enrolment.service';
import { MfaLoginService } from './application/mfa-login.service';
import { PasswordHasher } from './application/password-hasher';
import { PasswordRecoveryService } from './application/password-recovery.service';
import { PasswordResetSubscriber } from './application/password-reset.subscriber';
import { AccountSuspensionSubscriber } from './application/account-suspension.subscriber';
import { AvatarViews } from './application/avatar-views';
import { AvatarService } from './application/avatar.service';
import { ProfileService } from './application/profile.service';
import { SecondFactor } from './application/second-factor';
import { SessionsService } from './application/sessions.service';
import { TokenIssuer } from './application/token-issuer';
import { IdentityApi } from './contracts/identity-api';
import { AccountCredentialsController } from './http/account-credentials.controller';
import { AdminUsersController } from './http/admin-users.controller';
import { AccountDeletionController } from './http/account-deletion.controller';
import { AccountRecoveryController } from './http/account-recovery.controller';
import { AuthController } from './http/auth.controller';
import { AvatarController } from './http/avatar.controller';
import { DataExportsController } from './http/data-exports.controller';
import { DevAccountPagesController } from './http/dev-account-pages.controller';
import { MfaLoginController } from './http/mfa-login.controller';
import { MfaController } from './http/mfa.controller';
import { SessionsController } from './http/sessions.controller';
import { UsersController } from './http/users.controller';
import { AccountTokenEntity } from './persistence/account-token.entity';
import { DataExportEntity } from './persistence/data-export.entity';
import { MfaChallengeEntity } from './persistence/mfa-challenge.entity';
import { MfaRecoveryCodeEntity } from './persistence/mfa-recovery-code.entity';
import { MfaTotpEntity } from './persistence/mfa-totp.entity';
import { ProfileEntity } from './persistence/profile.entity';
import { RefreshTokenEntity } from './persistence/refresh-token.entity';
import { UserEntity } from './persistence/user.entity';

const entities = [
  UserEntity,
  ProfileEntity,
  RefreshTokenEntity,
  AccountTokenEntity,
  MfaTotpEntity,
  MfaRecoveryCodeEntity,
  MfaChallengeEntity,
  DataExportEntity,
];
const signIn = [AuthService, ProfileService, PasswordHasher, TokenIssuer, CredentialCheck];
const avatars = [AvatarService, AvatarViews];
// Email verification, email change, password reset and change, and the emails they send.
const recovery = [
  AccountTokens,
  AccountMailer,
  EmailVerificationService,
  EmailChangeService,
  PasswordRecoveryService,
  PasswordResetSubscriber,
  IdentityMailTemplatesRegistrar,
];
const sessionsAndMfa = [SecondFactor, MfaEnrolmentService, MfaLoginService, SessionsService];
const administration = [RoleAssignmentService, AccountSuspensionSubscriber];
// GDPR: erasure (art. 17) and export (art. 15, 20).
const privacy = [AccountDeletionService, DataExportsService, DataExportAssembler, DataExportPurgeJob];
const publicApi = { provide: IdentityApi, useClass: IdentityApiService };
const controllers = [
  AuthController,
  AvatarController,
  UsersController,
  AccountRecoveryController,
  AccountCredentialsController,
  SessionsController,
  MfaController,
  MfaLoginController,
  AccountDeletionController,
  DataExportsController,
  DevAccountPagesController,
  AdminUsersController,
];

// Global: other contexts inject the exported public API (the only export) without importing this
// module, so contexts depend on each other's contracts alone and never form module cycles.
@Global()
@Module({
  imports: [
    ContextDatabaseModule.forContext('identity', entities),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: {
          algorithm: JWT_ALGORITHM,
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
          expiresIn: config.ACCESS_TOKEN_TTL_SECONDS,
        },
        verifyOptions: {
          algorithms: [JWT_ALGORITHM],
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
        },
      }),
    }),
  ],
  controllers,
  providers: [
    ...signIn,
    ...avatars,
    ...recovery,
    ...sessionsAndMfa,
    ...privacy,
    ...administration,
    publicApi,
  ],
  exports: [IdentityApi],
})
export class IdentityModule {}
