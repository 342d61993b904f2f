/** One event third parties may read: its published type and version, and the schemas it travels with. */
export interface PublishedEvent {
  type: string;
  version: number;
  /** The envelope's schema name in the OpenAPI document (components.schemas). */
  schemaName: string;
  /** The payload's schema name (several events may share one). */
  payloadSchema: string;
  description: string;
  /** The resource whose events each webhook endpoint receives in order: `rental:<id>`. */
  resource(payload: Record<string, unknown>): string;
}
