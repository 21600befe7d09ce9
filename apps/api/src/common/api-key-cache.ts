import { Injectable } from '@nestjs/common';
import type { Role } from '@shakedown/core/contract';

export interface CachedKey {
  apiKeyId: string;
  orgId: string;
  /** The lesser of the key's role and its creator's role when it was looked up. */
  role: Role;
  createdById: string | null;
}

/** How long this process trusts a key lookup. A revocation is immediate in the process that revokes, and reaches the others within this time. */
export const API_KEY_CACHE_MS = 5_000;

/**
 * Recent API key lookups by key hash, so the CLI and CI polling a run cost no database round
 * trip per request for authentication. Unknown keys are never cached.
 */
@Injectable()
export class ApiKeyCache {
  private readonly entries = new Map<string, { key: CachedKey; until: number }>();

  get(keyHash: string, now = Date.now()): CachedKey | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry.key;
  }

  set(keyHash: string, key: CachedKey, now = Date.now()): void {
    if (this.entries.size >= 10_000) this.entries.clear();
    this.entries.set(keyHash, { key, until: now + API_KEY_CACHE_MS });
  }

  forget(apiKeyId: string): void {
    this.forgetWhere((key) => key.apiKeyId === apiKeyId);
  }

  /** Forgets the keys a user created in an organisation (their role there changed). */
  forgetCreatedBy(orgId: string, userId: string): void {
    this.forgetWhere((key) => key.orgId === orgId && key.createdById === userId);
  }

  private forgetWhere(matches: (key: CachedKey) => boolean): void {
    for (const [hash, entry] of this.entries) {
      if (matches(entry.key)) this.entries.delete(hash);
    }
  }
}
