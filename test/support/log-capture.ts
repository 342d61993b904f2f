import { Writable } from 'node:stream';

/** Collects every JSON log line the app writes (pass it as `logDestination` to createTestApp). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _: BufferEncoding, done: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  entries(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l));
  }
  text(): string {
    return this.lines.join('\n');
  }
}
