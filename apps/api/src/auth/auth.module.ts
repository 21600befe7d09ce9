import { Module } from '@nestjs/common';

import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { SessionCookies } from './session-cookies';

@Module({ controllers: [AuthController], providers: [AuthService, SessionCookies] })
export class AuthModule {}
