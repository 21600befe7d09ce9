import { Inject, Injectable } from '@nestjs/common';
import type { SessionResponse } from '@shakedown/core/contract';
import type { Response } from 'express';

import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { SignedIn } from './auth.service';
import { SESSION_COOKIE } from './tokens';

/** The session cookie: httpOnly, SameSite=Lax, `Secure` when configured, path `/`. */
@Injectable()
export class SessionCookies {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  set(response: Response, signedIn: SignedIn): SessionResponse {
    response.cookie(SESSION_COOKIE, signedIn.cookieValue, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.COOKIE_SECURE,
      path: '/',
      maxAge: signedIn.maxAgeSeconds * 1000,
    });
    return signedIn.session;
  }

  clear(response: Response): void {
    response.clearCookie(SESSION_COOKIE, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.COOKIE_SECURE,
      path: '/',
    });
  }
}
