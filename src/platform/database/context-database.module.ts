import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { ContextEntities } from './context-data-sources';
import { ContextDataSources } from './context-data-sources';

const CONTEXT_DATABASE = Symbol('CONTEXT_DATABASE');

/**
 * A context's database wiring, in place of `TypeOrmModule.forFeature`: inside the context's module
 * the DataSource token (what `@InjectDataSource()` asks for) is the context's own connection, which
 * logs in as its role, so every query the context makes is checked by the database. Nest resolves a
 * module's imports in order and stops at the first that exports the token, before the global
 * TypeORM module; test/platform/database-roles.e2e-spec.ts checks it.
 * The entities are also given to the app's DataSource, where platform code and tests read them.
 */
@Module({})
export class ContextDatabaseModule {
  static forContext(context: string, entities: ContextEntities): DynamicModule {
    return {
      module: ContextDatabaseModule,
      imports: [TypeOrmModule.forFeature(entities as Parameters<typeof TypeOrmModule.forFeature>[0])],
      providers: [
        // A value that differs per context, so Nest does not take two contexts' modules for one.
        { provide: CONTEXT_DATABASE, useValue: context },
        {
          provide: getDataSourceToken(),
          inject: [ContextDataSources],
          useFactory: (sources: ContextDataSources) => sources.open(context, entities),
        },
      ],
      exports: [getDataSourceToken()],
    };
  }
}
