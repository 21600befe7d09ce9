import type { User } from '../generated/prisma/client';
import type { DbClient } from './db-client';

export interface CreateUserInput {
  email: string;
  name: string;
  passwordHash: string;
}

/** Users are not tenant data: an account spans organisations. */
export class UserRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): UserRepository {
    return new UserRepository(db);
  }

  findByEmail(email: string): Promise<User | null> {
    return this.db.user.findUnique({ where: { email: email.toLowerCase() } });
  }

  findById(id: string): Promise<User | null> {
    return this.db.user.findUnique({ where: { id } });
  }

  create(input: CreateUserInput): Promise<User> {
    return this.db.user.create({ data: { ...input, email: input.email.toLowerCase() } });
  }

  /** Queues a mail to the address in `MailOutbox` (sent by a mailer, once). */
  async queueMail(toEmail: string, template: 'account_exists'): Promise<void> {
    await this.db.mailOutbox.create({ data: { toEmail: toEmail.toLowerCase(), template } });
  }
}
