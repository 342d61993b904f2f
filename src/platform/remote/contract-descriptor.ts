import type { ContextName } from '../config/contexts';

/** An abstract class used as an injection token: a context's public API or one of its ports. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ContractToken<T = any> = abstract new (...args: never[]) => T;

/** A query may be retried (it changes nothing); a command is sent once per call. */
export type CallKind = 'query' | 'command';

type MethodsOf<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof T];

/**
 * How a contract travels between processes: the context whose process serves it, a name and a
 * version that travel with every call (a mismatch is refused), and each method's kind.
 */
export interface ContractDescriptor<T = unknown> {
  token: ContractToken<T>;
  /** The context that implements it (for a port, the one plugging into it, not the one defining it). */
  servedBy: ContextName;
  /** Unique and stable: `catalog.CatalogApi`. */
  name: string;
  version: number;
  methods: Record<string, CallKind>;
}

export function defineContract<T>(
  token: ContractToken<T>,
  definition: {
    servedBy: ContextName;
    name: string;
    version: number;
    methods: Record<MethodsOf<T> & string, CallKind>;
  },
): ContractDescriptor<T> {
  return { token, ...definition };
}

/** A function another context registers into a registry (an exporter, a content source). */
export type RegisteredCallback = (...args: never[]) => Promise<unknown>;

/**
 * A registry one context owns and others plug callbacks into (trust's reportable content sources,
 * the personal data exporters identity asks). Split apart, the registering context's process keeps
 * its callbacks and serves them; the owner's process registers remote stand-ins under the same keys.
 */
export interface CallbackRegistryDescriptor<R = unknown> {
  token: ContractToken<R>;
  /** The context whose process calls the callbacks. */
  owner: ContextName;
  name: string;
  version: number;
  register(registry: R, key: string, callback: RegisteredCallback): void;
  lookup(registry: R, key: string): RegisteredCallback | undefined;
  /**
   * A local stand-in for the registry where the owner does not run (callbacks are only kept, to be
   * served); omitted when the registry is provided in every process (platform's own).
   */
  collector?: () => R;
}

export function defineCallbackRegistry<R>(
  descriptor: CallbackRegistryDescriptor<R>,
): CallbackRegistryDescriptor<R> {
  return descriptor;
}

/** What a context offers across processes: its contracts and the callbacks it registers elsewhere. */
export interface ContextRemoting {
  context: ContextName;
  /** The contracts it defines: its public API, and its ports with the context that plugs into each. */
  contracts: ContractDescriptor[];
  /** `{ registry: 'trust.ReportableContentRegistry', keys: ['listing'] }` */
  callbacks: { registry: string; keys: string[] }[];
}
