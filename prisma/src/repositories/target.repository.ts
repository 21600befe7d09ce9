import type {
  Prisma,
  Schedule,
  Target,
  VerificationMethod,
  VerificationStatus,
} from '../generated/prisma/client';
import { type DbClient, type RowPage } from './db-client';
import { newestFirst, newestFirstPage } from './newest-first';

export type TargetWithSchedule = Target & { schedule: Schedule | null };

export interface TargetInput {
  name: string;
  baseUrl: string;
  /** The config document (validated by core) as `sealConfig` stores it: secrets masked. */
  config: Prisma.InputJsonValue;
  /** Its secrets, sealed by `sealConfig`. */
  secretsCiphertext: string;
}

export interface VerificationUpdate {
  status: VerificationStatus;
  method: VerificationMethod | null;
  verifiedAt: Date | null;
  checkedAt: Date;
  error: string | null;
}

export class TargetRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): TargetRepository {
    return new TargetRepository(db);
  }

  /** Throws Prisma's P2002 when the organisation already has a target of this name. */
  create(
    orgId: string,
    input: TargetInput & { verificationToken: string; verification?: VerificationUpdate },
  ): Promise<TargetWithSchedule> {
    const { verification, ...rest } = input;
    return this.db.target.create({
      data: {
        orgId,
        ...rest,
        ...(verification ? verificationData(verification) : {}),
      },
      include: { schedule: true },
    });
  }

  findForOrg(orgId: string, id: string): Promise<TargetWithSchedule | null> {
    return this.db.target.findFirst({ where: { orgId, id }, include: { schedule: true } });
  }

  async listForOrg(
    orgId: string,
    query: { name?: string; cursor?: string; limit: number },
  ): Promise<RowPage<TargetWithSchedule>> {
    const { after, ...order } = newestFirst(query);
    const rows = await this.db.target.findMany({
      where: {
        orgId,
        ...(query.name === undefined ? {} : { name: query.name }),
        ...after,
      },
      include: { schedule: true },
      ...order,
    });
    return newestFirstPage(rows, query.limit);
  }

  /** Replaces the config; a new base URL origin resets the verification. */
  async update(
    orgId: string,
    id: string,
    input: TargetInput & { verificationToken?: string; verification?: VerificationUpdate },
  ): Promise<TargetWithSchedule | null> {
    const { verification, ...rest } = input;
    const { count } = await this.db.target.updateMany({
      where: { orgId, id },
      data: { ...rest, ...(verification ? verificationData(verification) : {}) },
    });
    return count === 0 ? null : this.findForOrg(orgId, id);
  }

  /** Records the outcome of an ownership check (the API's verify, the worker's re-check). */
  async recordVerification(
    orgId: string,
    id: string,
    outcome: Pick<VerificationUpdate, 'status' | 'method' | 'error'>,
    now = new Date(),
  ): Promise<void> {
    const update = {
      ...outcome,
      verifiedAt: outcome.status === 'verified' ? now : null,
      checkedAt: now,
    };
    await this.db.target.updateMany({ where: { orgId, id }, data: verificationData(update) });
  }

  /** True when the target existed in the organisation (its runs and findings go with it). */
  async delete(orgId: string, id: string): Promise<boolean> {
    const { count } = await this.db.target.deleteMany({ where: { orgId, id } });
    return count > 0;
  }
}

function verificationData(update: VerificationUpdate) {
  return {
    verificationStatus: update.status,
    verificationMethod: update.method,
    verifiedAt: update.verifiedAt,
    verificationCheckedAt: update.checkedAt,
    verificationError: update.error,
  };
}
