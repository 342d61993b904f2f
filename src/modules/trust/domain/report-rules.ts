import type { ReportReason } from './trust-vocabulary';

/** A reporter's note: enough for context, never an essay (chk_reports_note_length holds it too). */
export const REPORT_NOTE_MAX_LENGTH = 2000;

/** One field's complaint, as the problem document's `errors` lists it. */
export interface FieldProblem {
  field: string;
  message: string;
}

const isBlank = (text: string | null | undefined) => text === null || text === undefined || !/\S/.test(text);

/**
 * What is wrong with a report's reason and note: `other` names no reason of its own, so the note
 * has to say what the problem is, or a moderator has nothing to go on.
 */
export function reportProblems(reason: ReportReason, note: string | null | undefined): FieldProblem[] {
  return reason === 'other' && isBlank(note)
    ? [{ field: 'note', message: 'note is required when reason is other' }]
    : [];
}
