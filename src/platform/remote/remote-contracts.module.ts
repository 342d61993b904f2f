import type { DynamicModule, FactoryProvider, OnModuleInit } from '@nestjs/common';
import { Global, Inject, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import type { ContextName } from '../config/contexts';
import { Metrics } from '../metrics/metrics';
import { ContractClient } from './contract-client';
import type { CallbackRegistryDescriptor, ContextRemoting, ContractDescriptor } from './contract-descriptor';
import { ContractServer, INTERNAL_PREFIX } from './contract-server';

const REMOTING = Symbol('REMOTING');

interface Remoting {
  contexts: ContextRemoting[];
  registries: CallbackRegistryDescriptor[];
}

/** An object of the contract's class whose every method is a call to the process serving it. */
function remoteImplementation(descriptor: ContractDescriptor, client: ContractClient): unknown {
  const implementation = Object.create(descriptor.token.prototype) as Record<string, unknown>;
  for (const [method, kind] of Object.entries(descriptor.methods))
    implementation[method] = (...args: unknown[]) =>
      client.call({
        context: descriptor.servedBy,
        path: `${INTERNAL_PREFIX}/contracts/${descriptor.name}/${method}`,
        version: descriptor.version,
        kind,
        args,
      });
  return implementation;
}

/**
 * Wires a process of a split: every contract of a context hosted elsewhere is provided by a remote
 * implementation under the same token, so consumers inject what they always injected; registries
 * whose owner runs elsewhere get a local collector; the contracts and callbacks of the contexts
 * hosted here are served to the other processes (ContractServer, mounted by createApp). The
 * monolith does not load this module at all.
 */
@Global()
@Module({})
export class RemoteContractsModule implements OnModuleInit {
  constructor(
    @Inject(REMOTING) private readonly remoting: Remoting,
    private readonly config: AppConfig,
    private readonly client: ContractClient,
    private readonly server: ContractServer,
    private readonly moduleRef: ModuleRef,
  ) {}

  static forRoot(config: AppConfig, remoting: Remoting): DynamicModule {
    const contracts: FactoryProvider[] = remoting.contexts
      .flatMap((c) => c.contracts)
      .filter((descriptor) => !config.hosts(descriptor.servedBy))
      .map((descriptor) => ({
        provide: descriptor.token,
        inject: [ContractClient],
        useFactory: (client: ContractClient) => remoteImplementation(descriptor, client),
      }));
    const collectors: FactoryProvider[] = remoting.registries
      .filter((r) => r.collector && !config.hosts(r.owner))
      .map((r) => ({ provide: r.token, useFactory: r.collector as () => unknown }));
    return {
      module: RemoteContractsModule,
      providers: [
        { provide: REMOTING, useValue: remoting },
        {
          provide: ContractClient,
          inject: [AppConfig, Metrics],
          useFactory: (c: AppConfig, metrics: Metrics) =>
            new ContractClient(
              (context) => c.contextUrl(context as ContextName),
              c.INTERNAL_API_SECRET as string,
              c.CONTRACT_TIMEOUT_MS,
              metrics.registry,
            ),
        },
        {
          provide: ContractServer,
          inject: [AppConfig, ModuleRef],
          useFactory: (c: AppConfig, moduleRef: ModuleRef) =>
            new ContractServer(c.INTERNAL_API_SECRET as string, moduleRef),
        },
        ...contracts,
        ...collectors,
      ],
      exports: [ContractServer, ...[...contracts, ...collectors].map((p) => p.provide)],
    };
  }

  onModuleInit(): void {
    for (const contract of this.remoting.contexts.flatMap((c) => c.contracts))
      if (this.config.hosts(contract.servedBy)) this.server.serveContract(contract);
    for (const registry of this.remoting.registries) {
      const instance = this.moduleRef.get(registry.token, { strict: false });
      if (!this.config.hosts(registry.owner)) {
        this.server.serveCallbacks(registry, instance);
        continue;
      }
      // The owner runs here: the callbacks other processes keep are registered as remote stand-ins.
      for (const context of this.remoting.contexts.filter((c) => !this.config.hosts(c.context)))
        for (const { keys } of context.callbacks.filter((cb) => cb.registry === registry.name))
          for (const key of keys)
            registry.register(instance, key, (...args: unknown[]) =>
              this.client.call({
                context: context.context,
                path: `${INTERNAL_PREFIX}/callbacks/${registry.name}/${key}`,
                version: registry.version,
                kind: 'query',
                args,
              }),
            );
    }
  }
}
