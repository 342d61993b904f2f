import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  REPORT_REASONS,
  REPORT_RESOLUTIONS,
  REPORT_STATUSES,
  REPORT_TARGET_TYPES,
  SANCTION_KINDS,
  sqlList,
} from '../../src/modules/trust/domain/trust-vocabulary';
import { createEventTables, dropEventTables } from '../../src/platform/events/event-tables.migration';

export class CreateTrust1764000001300 implements MigrationInterface {
  name = 'CreateTrust1764000001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS trust');
    await q.query(`
      CREATE TABLE trust.blocks (
        blocker_id uuid NOT NULL,
        blocked_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_blocks PRIMARY KEY (blocker_id, blocked_id),
        CONSTRAINT chk_blocks_not_self CHECK (blocker_id <> blocked_id)
      )`);
    await q.query('CREATE INDEX ix_blocks_blocked ON trust.blocks (blocked_id)');
    await q.query(`
      CREATE TABLE trust.reports (
        id uuid NOT NULL,
        reporter_id uuid NOT NULL,
        target_type text NOT NULL,
        target_id uuid NOT NULL,
        target_user_id uuid,
        involved_user_ids uuid[] NOT NULL DEFAULT '{}',
        target_snapshot jsonb NOT NULL,
        reason text NOT NULL,
        note text,
        status text NOT NULL DEFAULT 'open',
        resolution text,
        resolution_reason text,
        resolution_note text,
        resolved_by uuid,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_reports PRIMARY KEY (id),
        CONSTRAINT chk_reports_target_type CHECK (target_type IN (${sqlList(REPORT_TARGET_TYPES)})),
        CONSTRAINT chk_reports_reason CHECK (reason IN (${sqlList(REPORT_REASONS)})),
        CONSTRAINT chk_reports_status CHECK (status IN (${sqlList(REPORT_STATUSES)})),
        CONSTRAINT chk_reports_resolution CHECK (resolution IN (${sqlList(REPORT_RESOLUTIONS)})),
        CONSTRAINT chk_reports_resolved
          CHECK ((status = 'open') = (resolved_at IS NULL) AND (status = 'open') = (resolution IS NULL)),
        CONSTRAINT chk_reports_note_length CHECK (char_length(note) <= 2000),
        CONSTRAINT chk_reports_resolution_reason_length CHECK (char_length(resolution_reason) <= 1000),
        CONSTRAINT chk_reports_resolution_note_length CHECK (char_length(resolution_note) <= 2000)
      )`);
    // One open report per reporter and target: a second one while the first is open is a 409.
    await q.query(`CREATE UNIQUE INDEX uq_reports_open_per_reporter ON trust.reports
      (reporter_id, target_type, target_id) WHERE status = 'open'`);
    await q.query('CREATE INDEX ix_reports_queue ON trust.reports (status, created_at, id)');
    await q.query('CREATE INDEX ix_reports_target ON trust.reports (target_type, target_id)');
    await q.query('CREATE INDEX ix_reports_reporter ON trust.reports (reporter_id, created_at, id)');
    await q.query('CREATE INDEX ix_reports_target_user ON trust.reports (target_user_id)');
    await q.query(`
      CREATE TABLE trust.sanctions (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        kind text NOT NULL,
        reason text NOT NULL,
        report_id uuid,
        imposed_by uuid,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        lifted_at timestamptz,
        lifted_by uuid,
        lift_note text,
        expired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_sanctions PRIMARY KEY (id),
        CONSTRAINT chk_sanctions_kind CHECK (kind IN (${sqlList(SANCTION_KINDS)})),
        CONSTRAINT chk_sanctions_ends CHECK ((kind = 'suspension') = (ends_at IS NOT NULL)),
        CONSTRAINT chk_sanctions_ends_after_start CHECK (ends_at IS NULL OR ends_at > starts_at),
        CONSTRAINT chk_sanctions_lift CHECK ((lifted_at IS NULL) OR kind <> 'warning'),
        CONSTRAINT chk_sanctions_lift_note CHECK (lift_note IS NULL OR lifted_at IS NOT NULL),
        CONSTRAINT chk_sanctions_expired CHECK (expired_at IS NULL OR (kind = 'suspension' AND lifted_at IS NULL)),
        CONSTRAINT chk_sanctions_text_length CHECK (char_length(reason) <= 2000 AND char_length(lift_note) <= 2000)
      )`);
    await q.query('CREATE INDEX ix_sanctions_user ON trust.sanctions (user_id, created_at, id)');
    // What the expiry job scans: suspensions whose end has not been dealt with yet, by their end.
    await q.query(`CREATE INDEX ix_sanctions_expiring ON trust.sanctions (ends_at)
      WHERE kind = 'suspension' AND lifted_at IS NULL AND expired_at IS NULL`);
    // Orders each user's restriction events for their subscribers (see trust.events.ts).
    await q.query('CREATE SEQUENCE trust.restriction_event_seq');
    await createEventTables(q, 'trust');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropEventTables(q, 'trust');
    await q.query('DROP SEQUENCE trust.restriction_event_seq');
    await q.query('DROP TABLE trust.sanctions');
    await q.query('DROP TABLE trust.reports');
    await q.query('DROP TABLE trust.blocks');
    await q.query('DROP SCHEMA trust');
  }
}
