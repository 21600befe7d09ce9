import { createRun, createTarget } from '../testing/factories';
import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';

describe('WebhookDeliveryRepository', () => {
  let world: TwoOrgs;
  let repository: WebhookDeliveryRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    repository = new WebhookDeliveryRepository(world.db);
  });

  afterAll(() => world.close());

  async function endpoint(orgId: string, events = ['run.completed', 'run.regressed']) {
    return world.db.webhookEndpoint.create({
      data: { orgId, url: 'https://hooks.example.test/in', events, secretCiphertext: 'x' },
    });
  }

  async function completedRun(orgId: string) {
    const target = await createTarget(world.db, orgId);
    return createRun(world.db, orgId, target.id, { status: 'completed' });
  }

  it('records a run’s events once, with one delivery per subscribed endpoint', async () => {
    const subscribed = await endpoint(world.a.orgId);
    await endpoint(world.a.orgId, ['run.failed']);
    await endpoint(world.b.orgId);
    const run = await completedRun(world.a.orgId);
    const events = [
      { id: 'msg_first', type: 'run.completed', payload: { n: 1 } },
      { id: 'msg_second', type: 'run.regressed', payload: { n: 2 } },
    ];
    const pending = await repository.recordRunEvents(world.a.orgId, run.id, events);
    expect(pending.map((row) => [row.endpointId, row.eventId]).sort()).toEqual([
      [subscribed.id, 'msg_first'],
      [subscribed.id, 'msg_second'],
    ]);
    // Again, with new ids (a retried job): the events keep their first ids, nothing is added.
    const again = await repository.recordRunEvents(
      world.a.orgId,
      run.id,
      events.map((event) => ({ ...event, id: `${event.id}_again` })),
    );
    expect(again.map((row) => row.id).sort()).toEqual(pending.map((row) => row.id).sort());
    expect(await world.db.webhookEvent.count({ where: { runId: run.id } })).toBe(2);
  });

  it('org B cannot record events on, or read the deliveries of, org A’s runs', async () => {
    await endpoint(world.a.orgId);
    const run = await completedRun(world.a.orgId);
    expect(
      await repository.recordRunEvents(world.b.orgId, run.id, [
        { id: 'msg_b', type: 'run.completed', payload: {} },
      ]),
    ).toEqual([]);
    const [delivery] = await repository.recordRunEvents(world.a.orgId, run.id, [
      { id: 'msg_a', type: 'run.completed', payload: {} },
    ]);
    expect(await repository.findDeliveryToSend(world.b.orgId, delivery!.id)).toBeNull();
    expect((await repository.findDeliveryToSend(world.a.orgId, delivery!.id))?.event.id).toBe(
      'msg_a',
    );
  });

  it('numbers attempts, and disables an endpoint after deliveries fail in a row', async () => {
    const hook = await endpoint(world.a.orgId, ['run.completed']);
    const deliveries = [];
    for (let i = 0; i < 2; i += 1) {
      const run = await completedRun(world.a.orgId);
      const [delivery] = await repository.recordRunEvents(world.a.orgId, run.id, [
        { id: `msg_fail_${i}`, type: 'run.completed', payload: {} },
      ]);
      deliveries.push(delivery!);
    }
    const startedAt = new Date();
    expect(await repository.beginAttempt(world.a.orgId, deliveries[0]!.id, startedAt)).toBe(1);
    expect(await repository.beginAttempt(world.a.orgId, deliveries[0]!.id, startedAt)).toBe(2);
    const options = { reason: 'answered 500', disableAfter: 2, countsAgainstEndpoint: true };
    expect(await repository.markFailed(world.a.orgId, deliveries[0]!.id, hook.id, options)).toEqual(
      {
        endpointDisabled: false,
      },
    );
    expect(await repository.markFailed(world.a.orgId, deliveries[1]!.id, hook.id, options)).toEqual(
      {
        endpointDisabled: true,
      },
    );
    expect(
      await world.db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } }),
    ).toMatchObject({
      enabled: false,
      consecutiveFailures: 2,
      disabledReason:
        'Disabled after 2 deliveries in a row failed every attempt. The last one: answered 500',
    });
  });

  it('org B cannot list the deliveries of org A’s endpoint', async () => {
    const hook = await endpoint(world.a.orgId);
    await repository.createTestDelivery(world.a.orgId, hook.id, { id: 'msg_listed', payload: {} });
    expect((await repository.listDeliveries(world.b.orgId, hook.id, { limit: 10 })).items).toEqual(
      [],
    );
    expect(
      (await repository.listDeliveries(world.a.orgId, hook.id, { limit: 10 })).items.map(
        (row) => row.event.type,
      ),
    ).toEqual(['webhook.test']);
  });
});
