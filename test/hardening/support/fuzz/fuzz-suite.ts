import fc from 'fast-check';
import { signUp } from '../../../support/identity.factory';
import { WEBHOOK_SECRET } from '../../../support/payment.factory';
import { createTestApp, type TestApp } from '../../../support/test-app';
import { fetchDocument, type Operation, operationsOf } from '../api-document';
import { changedTables, type DbSnapshot, snapshotDatabase } from '../db-snapshot';
import { describeResponse, HARDENING_ENV, isProblem, send } from '../http';
import { answerOf } from '../../../support/contract-http';
import { openApiConformance } from '../../../support/openapi-conformance';
import { type FuzzCase, invalidRequests } from './invalid-request';
import { type UploadSamples, uploadSamples } from './multipart-cases';

/** Fixed unless FUZZ_SEED says otherwise, so a failure replays exactly; printed at the start. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_260_707);

export interface FuzzProfile {
  name: string;
  /** Generated invalid requests per operation (FUZZ_RUNS overrides). */
  runsPerOperation: number;
}

/**
 * For every operation of the served document: requests its schema refuses (fast-check, seeded), sent
 * with a valid access token. Every answer must be a 4xx problem+json within the request deadline;
 * afterwards the database must hold exactly what it held before (no row from an invalid request).
 */
export function defineFuzzSuite(profile: FuzzProfile): void {
  const runs = Number(process.env.FUZZ_RUNS ?? profile.runsPerOperation);

  describe(`hardening: schema fuzzing from the OpenAPI document (${profile.name} profile)`, () => {
    let t: TestApp;
    let token: string;
    let operations: Operation[];
    let before: DbSnapshot;
    let uploads: UploadSamples;
    const statuses: Record<number, number> = {};
    let sent = 0;

    beforeAll(async () => {
      t = await createTestApp({
        ...HARDENING_ENV,
        ACCESS_TOKEN_TTL_SECONDS: '3600',
        // Configured, so the webhook answers bad signatures (422) rather than "not configured" (503).
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      });
      token = (await signUp(t.http, { fullName: 'Fuzz Tester' })).accessToken;
      const document = await fetchDocument(t.http);
      operations = operationsOf(document);
      uploads = await uploadSamples();
      before = await snapshotDatabase(t.db);
      fc.configureGlobal({ seed: FUZZ_SEED, numRuns: runs, endOnFailure: true });
      console.log(`fuzz: seed ${FUZZ_SEED} (FUZZ_SEED=... to replay), ${runs} requests per operation`);
    });
    afterAll(async () => {
      fc.resetConfigureGlobal();
      console.log(
        `fuzz: ${sent} invalid requests over ${operations.length} operations; statuses ${JSON.stringify(statuses)}`,
      );
      await t.close();
    });

    it('answers every invalid request with a documented 4xx problem+json, never a 5xx or a hang', async () => {
      const failures: string[] = [];
      for (const op of operations) {
        const requests = invalidRequests(op, token, uploads);
        if (!requests) continue;
        const run = await fc.check(
          fc.asyncProperty(requests, async (c: FuzzCase) => {
            const res = await send(t.http, op, c.parts).catch((error: Error) => {
              throw new Error(`${op.key} with ${c.why}: no answer (${error.message})`);
            });
            sent++;
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
            if (res.status < 400 || res.status >= 500 || !isProblem(res))
              throw new Error(`${op.key} with ${c.why}: ${describeResponse(res)}`);
            const unlike = openApiConformance().check(answerOf(res));
            if (unlike.length > 0)
              throw new Error(`${op.key} with ${c.why}: not as documented: ${unlike.join('; ')}`);
          }),
        );
        if (run.failed) {
          const message =
            run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance);
          failures.push(
            `${message.slice(0, 500)} [replay: FUZZ_SEED=${run.seed}, path ${run.counterexamplePath}]`,
          );
        }
      }
      expect(failures).toEqual([]);
    }, 900_000);

    it('left no row behind: the database is as it was before the invalid requests', async () => {
      expect(changedTables(before, await snapshotDatabase(t.db))).toEqual([]);
    });
  });
}
