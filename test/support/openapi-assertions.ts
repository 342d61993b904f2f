/** An operation of the served OpenAPI document, as the contract tests read it. */
export type Operation = {
  tags?: string[];
  operationId?: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  parameters?: { name: string; in: string }[];
};

/** `true`: bearer token required; `false`: public; `'optional'`: anonymous or identified. */
export type Access = boolean | 'optional';

/**
 * The checks every context's contract test makes of one of its operations: its tag, its stable
 * operationId, how it is secured, and a problem+json body for each error status it can return.
 */
export function expectDocumentedOperation(
  operation: Operation | undefined,
  expected: { tag: string; operationId: string; access: Access; problems: string[] },
): void {
  expect(operation).toBeDefined();
  expect(operation!.tags).toEqual([expected.tag]);
  expect(operation!.operationId).toBe(expected.operationId);
  // Authenticated operations inherit the document-wide bearer requirement; public ones opt out.
  if (expected.access === 'optional') expect(operation!.security).toEqual([{}, { bearer: [] }]);
  else if (expected.access) expect(operation!.security).toBeUndefined();
  else expect(operation!.security).toEqual([]);
  for (const status of expected.problems) {
    expect(operation!.responses[status]?.content?.['application/problem+json']).toBeDefined();
  }
}

/** The operation documents an Idempotency-Key header (every money or message POST does). */
export function expectIdempotencyKey(operation: Operation | undefined): void {
  expect(operation?.parameters).toEqual(
    expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
  );
}

/** `path operationId` of every operation under `tag`, so a suite can check its list is complete. */
export function operationsTagged(paths: Record<string, Record<string, Operation>>, tag: string): string[] {
  return Object.entries(paths).flatMap(([path, ops]) =>
    Object.values(ops)
      .filter((o) => o.tags?.includes(tag))
      .map((o) => `${path} ${o.operationId}`),
  );
}
