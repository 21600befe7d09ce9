import { twoOrgs, type TwoOrgs } from '../../test/repository-harness';
import { WebhookRepository } from './webhook.repository';

describe('WebhookRepository', () => {
  let world: TwoOrgs;
  let webhooks: WebhookRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    webhooks = new WebhookRepository(world.db);
  });

  afterAll(() => world.close());

  it('org B cannot read, change, delete or list deliveries of org A’s endpoint', async () => {
    const endpoint = await webhooks.createEndpoint(world.a.orgId, {
      url: 'https://hooks.example.test/a',
      description: '',
      events: ['run.completed'],
      enabled: true,
      secretCiphertext: 'v1.x.y.z',
    });
    await webhooks.createTestDelivery(world.a.orgId, endpoint.id, { id: 'msg_a', payload: {} });
    expect(await webhooks.findEndpoint(world.b.orgId, endpoint.id)).toBeNull();
    expect(await webhooks.listEndpoints(world.b.orgId)).toEqual([]);
    expect(
      await webhooks.updateEndpoint(world.b.orgId, endpoint.id, { enabled: false }),
    ).toBeNull();
    expect(await webhooks.setSecret(world.b.orgId, endpoint.id, 'stolen')).toBe(false);
    expect(await webhooks.deleteEndpoint(world.b.orgId, endpoint.id)).toBe(false);
    expect(
      (await webhooks.listDeliveries(world.b.orgId, endpoint.id, { limit: 10 })).items,
    ).toEqual([]);
    expect(
      (await webhooks.listDeliveries(world.a.orgId, endpoint.id, { limit: 10 })).items.map(
        (row) => row.event.type,
      ),
    ).toEqual(['webhook.test']);
  });
});
