import { Controller, Inject } from '@nestjs/common';
import {
  WebhookEndpoints,
  type CreatedWebhookEndpoint,
  type CreateWebhookRequest,
  type PageQuery,
  type RotatedWebhookSecret,
  type UpdateWebhookRequest,
  type WebhookDelivery,
  type WebhookDeliveryList,
  type WebhookEndpoint,
  type WebhookEndpointList,
} from '@shakedown/core/contract';

import { Ctx, Endpoint, IdParam, ValidBody, ValidQuery } from '../common/endpoint';
import type { RequestContext } from '../common/request-context';
import { WebhooksService } from './webhooks.service';

@Controller()
export class WebhooksController {
  constructor(@Inject(WebhooksService) private readonly webhooks: WebhooksService) {}

  @Endpoint(WebhookEndpoints.list)
  list(@Ctx() ctx: RequestContext): Promise<WebhookEndpointList> {
    return this.webhooks.list(ctx);
  }

  @Endpoint(WebhookEndpoints.create)
  create(
    @Ctx() ctx: RequestContext,
    @ValidBody() body: CreateWebhookRequest,
  ): Promise<CreatedWebhookEndpoint> {
    return this.webhooks.create(ctx, body);
  }

  @Endpoint(WebhookEndpoints.get)
  get(@Ctx() ctx: RequestContext, @IdParam() id: string): Promise<WebhookEndpoint> {
    return this.webhooks.get(ctx, id);
  }

  @Endpoint(WebhookEndpoints.update)
  update(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @ValidBody() body: UpdateWebhookRequest,
  ): Promise<WebhookEndpoint> {
    return this.webhooks.update(ctx, id, body);
  }

  @Endpoint(WebhookEndpoints.delete)
  delete(@Ctx() ctx: RequestContext, @IdParam() id: string): Promise<void> {
    return this.webhooks.delete(ctx, id);
  }

  @Endpoint(WebhookEndpoints.rotateSecret)
  rotateSecret(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @ValidBody() _: object,
  ): Promise<RotatedWebhookSecret> {
    return this.webhooks.rotateSecret(ctx, id);
  }

  @Endpoint(WebhookEndpoints.test)
  test(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @ValidBody() _: object,
  ): Promise<WebhookDelivery> {
    return this.webhooks.test(ctx, id);
  }

  @Endpoint(WebhookEndpoints.deliveries)
  deliveries(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @ValidQuery() query: PageQuery,
  ): Promise<WebhookDeliveryList> {
    return this.webhooks.deliveries(ctx, id, query);
  }
}
