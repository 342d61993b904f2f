import { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { IdentityModule } from './modules/identity';
import { AppConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { AuthPlatformModule } from './platform/auth/auth-platform.module';
import { DatabaseModule } from './platform/database/database.module';
import { HealthModule } from './platform/health/health.module';
import { HttpPlatformModule } from './platform/http/http-platform.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(databaseUrl),
        HttpPlatformModule,
        AuthPlatformModule,
        HealthModule,
        IdentityModule,
      ],
    };
  }
}
