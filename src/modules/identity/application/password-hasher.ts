import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { AppConfig } from '../../../platform/config/app-config';
import { CpuPool } from '../../../platform/workers/cpu-pool';

// Runs inside the worker threads: a cost-12 bcrypt is ~0.3 s of CPU.
const BCRYPT_WORKER = `
  const bcrypt = require('bcryptjs');
  function handle(task) {
    return task.op === 'hash' ? bcrypt.hashSync(task.password, task.cost) : bcrypt.compareSync(task.password, task.hash);
  }`;

/** Below the request path's priority: logins wait for CPU rather than every other request (cpu-pool.ts). */
const BCRYPT_NICENESS = 10;

@Injectable()
export class PasswordHasher implements OnApplicationShutdown {
  private readonly pool = new CpuPool(
    BCRYPT_WORKER,
    Math.max(1, availableParallelism() - 1),
    BCRYPT_NICENESS,
  );
  private dummyHash?: Promise<string>;

  constructor(private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return this.pool.run<string>({ op: 'hash', password, cost: this.config.BCRYPT_COST });
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.pool.run<boolean>({ op: 'compare', password, hash });
  }

  /** Spends the same work as a real check, so an unknown email answers as slowly as a wrong password. */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('not-a-real-password-0');
    await this.verify(password, await this.dummyHash);
    return false;
  }

  /** After the HTTP server has drained (Nest closes it before this hook), so no request loses its hash. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }
}
