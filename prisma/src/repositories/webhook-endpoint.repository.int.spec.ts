import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';

describe('WebhookEndpointRepository', () => {
  let world: TwoOrgs;
  let webhooks: WebhookEndpointRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    webhooks = new WebhookEndpointRepository(world.db);
  });

  afterAll(() => world.close());

  it('org B cannot read, change or delete org A’s endpoint', async () => {
    const endpoint = await webhooks.createEndpoint(world.a.orgId, {
      url: 'https://hooks.example.test/a',
      description: '',
      events: ['run.completed'],
      enabled: true,
      secretCiphertext: 'v1.x.y.z',
    });
    expect(await webhooks.findEndpoint(world.b.orgId, endpoint.id)).toBeNull();
    expect(await webhooks.listEndpoints(world.b.orgId)).toEqual([]);
    expect(
      await webhooks.updateEndpoint(world.b.orgId, endpoint.id, { enabled: false }),
    ).toBeNull();
    expect(await webhooks.setSecret(world.b.orgId, endpoint.id, 'stolen')).toBe(false);
    expect(await webhooks.deleteEndpoint(world.b.orgId, endpoint.id)).toBe(false);
    expect((await webhooks.findEndpoint(world.a.orgId, endpoint.id))?.enabled).toBe(true);
  });
});
