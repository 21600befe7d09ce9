import { Module } from '@nestjs/common';

import { ApiKeysService } from './api-keys.service';
import { InvitationsService } from './invitations.service';
import { OrgsController } from './orgs.controller';
import { OrgsService } from './orgs.service';

@Module({
  controllers: [OrgsController],
  providers: [OrgsService, InvitationsService, ApiKeysService],
})
export class OrgsModule {}
