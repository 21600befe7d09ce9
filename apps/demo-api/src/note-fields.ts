import type { HasDefect } from './defects';
import { HttpError } from './http-io';
import type { Note } from './note-store';

/**
 * What a write may set, checked (all of it when not `partial`); with the schema defects, wrong
 * types pass and `extra` keeps the unknown fields.
 */
export function validateNote(
  input: unknown,
  partial: boolean,
  has: HasDefect,
): { known: Partial<Note>; extra: Record<string, unknown> } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new HttpError(400, 'the body must be a JSON object');
  }
  const { title, body, pinned, priority, ...rest } = input as Record<string, unknown>;
  const known: Partial<Note> = {};
  const lax = has('schema.wrong_type_accepted');
  // The defect checks types but not the ranges and lengths the schema declares.
  const unbounded = has('schema.constraint_violation_persisted');
  if (title !== undefined || !partial) {
    if (typeof title !== 'string' || (!unbounded && (title.length === 0 || title.length > 200))) {
      throw new HttpError(400, 'title must be a string of 1 to 200 characters');
    }
    known.title = title;
  }
  if (body !== undefined) {
    if (typeof body !== 'string') throw new HttpError(400, 'body must be a string');
    known.body = body;
  }
  if (pinned !== undefined) {
    if (typeof pinned !== 'boolean' && !lax) throw new HttpError(400, 'pinned must be a boolean');
    known.pinned = pinned as boolean;
  }
  if (priority !== undefined) {
    const integer = typeof priority === 'number' && Number.isInteger(priority);
    const inRange = integer && priority >= 0 && priority <= 5;
    if ((!integer && !lax) || (integer && !inRange && !unbounded)) {
      throw new HttpError(400, 'priority must be an integer from 0 to 5');
    }
    known.priority = priority;
  }
  // Correct: unknown fields are dropped. The defect keeps them (mass assignment).
  return { known, extra: has('schema.unknown_field_persisted') ? rest : {} };
}

/** A note as the API shows it: without its owner; a summary (in lists) without its body. */
export function presentNote(note: Note, summary = false): Record<string, unknown> {
  const { owner: _owner, extra, body, ...fields } = note;
  return summary ? { ...extra, ...fields } : { ...extra, ...fields, body };
}
