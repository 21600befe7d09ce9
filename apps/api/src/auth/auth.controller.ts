import { Controller, Inject, Res } from '@nestjs/common';
import {
  AuthEndpoints,
  type SessionList,
  type SessionResponse,
  type SignInRequest,
  type SignUpRequest,
} from '@shakedown/core/contract';
import type { Response } from 'express';

import { ClientInfo, Endpoint, IdParam, UserCtx, ValidBody } from '../common/endpoint';
import type { UserContext } from '../common/request-context';
import { AuthService, type ClientInfo as Client } from './auth.service';
import { SessionCookies } from './session-cookies';

@Controller()
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(SessionCookies) private readonly cookies: SessionCookies,
  ) {}

  @Endpoint(AuthEndpoints.signUp)
  signUp(
    @ValidBody() body: SignUpRequest,
    @ClientInfo() client: Client,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionResponse> {
    return this.auth.signUp(body, client).then((signedIn) => this.cookies.set(res, signedIn));
  }

  @Endpoint(AuthEndpoints.signIn)
  signIn(
    @ValidBody() body: SignInRequest,
    @ClientInfo() client: Client,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionResponse> {
    return this.auth.signIn(body, client).then((signedIn) => this.cookies.set(res, signedIn));
  }

  @Endpoint(AuthEndpoints.signOut)
  signOut(
    @UserCtx() ctx: UserContext,
    @ValidBody() _: object,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    return this.auth.signOut(ctx).then(() => this.cookies.clear(res));
  }

  @Endpoint(AuthEndpoints.session)
  session(@UserCtx() ctx: UserContext): Promise<SessionResponse> {
    return this.auth.current(ctx);
  }

  @Endpoint(AuthEndpoints.listSessions)
  listSessions(@UserCtx() ctx: UserContext): Promise<SessionList> {
    return this.auth.list(ctx);
  }

  @Endpoint(AuthEndpoints.revokeSession)
  revokeSession(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<void> {
    return this.auth.revoke(ctx, id);
  }
}
