import { HttpError } from './http-io';

export interface Note {
  id: number;
  owner: string;
  title: string;
  body: string;
  pinned: boolean;
  priority: unknown;
  createdAt: string;
  updatedAt: string;
  /** Fields nobody asked for (the mass-assignment defect keeps them). */
  extra: Record<string, unknown>;
}

/** The demo keeps at most this much note text, dropping the oldest notes (memory stays bounded). */
const MAX_STORED_BYTES = 64 * 1024 ** 2;
const MAX_NOTES = 20_000;

/** The notes of every tenant, in memory and bounded. */
export class NoteStore {
  private readonly notes = new Map<number, Note>();
  private nextId = 1;
  private storedBytes = 0;

  create(owner: string, known: Partial<Note>, extra: Record<string, unknown>): Note {
    const now = new Date().toISOString();
    const note: Note = {
      id: this.nextId++,
      owner,
      title: known.title!,
      body: known.body ?? '',
      pinned: known.pinned ?? false,
      priority: known.priority ?? 0,
      createdAt: now,
      updatedAt: now,
      extra,
    };
    this.notes.set(note.id, note);
    this.storedBytes += note.body.length;
    while (
      (this.storedBytes > MAX_STORED_BYTES || this.notes.size > MAX_NOTES) &&
      this.notes.size > 1
    ) {
      const oldest = this.notes.values().next().value as Note;
      this.remove(oldest.id);
    }
    return note;
  }

  update(note: Note, known: Partial<Note>, extra: Record<string, unknown>): void {
    this.storedBytes -= note.body.length;
    Object.assign(note, known, {
      extra: { ...note.extra, ...extra },
      updatedAt: new Date().toISOString(),
    });
    this.storedBytes += note.body.length;
  }

  remove(id: number): void {
    const note = this.notes.get(id);
    if (!note) return;
    this.storedBytes -= note.body.length;
    this.notes.delete(id);
  }

  /** Note `id` when `tenant` owns it, or when `crossTenant` (a defect) lets anyone reach it; else 404. */
  findOwned(tenant: string, id: number, crossTenant: boolean): Note {
    const note = this.notes.get(id);
    if (!note || (note.owner !== tenant && !crossTenant))
      throw new HttpError(404, `note ${id} not found`);
    return note;
  }

  all(): Note[] {
    return [...this.notes.values()];
  }
}
