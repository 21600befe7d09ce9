import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id`: the package's enum is an ambient const enum, which isolated modules cannot read. */
const ARGON2ID_ALGORITHM = 2;

/** OWASP's argon2id baseline: 19 MiB of memory, 2 passes, one lane. */
const ARGON2ID = { algorithm: ARGON2ID_ALGORITHM, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

/** False for a wrong password and for a malformed hash alike. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
