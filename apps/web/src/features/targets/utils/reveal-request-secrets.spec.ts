import { maskSecret } from '@shakedown/core/config';

import { buildExchange } from '../../../testing/factories';
import { revealRequestSecrets } from './reveal-request-secrets';

const STORED = {
  version: 1,
  target: {
    name: 'shop',
    baseUrl: 'https://shop.example.com',
    tenants: {
      alice: {
        headers: { Authorization: 'Bearer alice-token-0001' },
        query: { key: 'alicekey-77' },
      },
      bob: { headers: { Authorization: 'Bearer bob-token-0002' } },
    },
  },
  routes: [{ id: 'r', method: 'GET', path: '/carts', headers: { 'X-Api-Key': '${SHOP_KEY}' } }],
};
/** As `GET /targets/:id` answers it (core's `maskConfigSecrets`). */
const MASKED = {
  ...STORED,
  target: {
    ...STORED.target,
    tenants: {
      alice: { headers: { Authorization: 'Bearer ****001' }, query: { key: '****-77' } },
      bob: { headers: { Authorization: 'Bearer ****002' } },
    },
  },
};

/** What the API's reveal answers, recording each pointer asked for (each is an audit entry). */
function revealer() {
  const asked: string[] = [];
  const reveal = (pointer: string) => {
    asked.push(pointer);
    const [, , , tenant, part, name] = pointer.split('/');
    const tenants = STORED.target.tenants as Record<string, Record<string, Record<string, string>>>;
    return Promise.resolve(tenants[tenant!]![part!]![name!]!);
  };
  return { asked, reveal };
}

describe('revealRequestSecrets', () => {
  it('starts from the masks the API really answers', () => {
    expect(maskSecret('Bearer alice-token-0001')).toBe('Bearer ****001');
    expect(maskSecret('Bearer bob-token-0002')).toBe('Bearer ****002');
    expect(maskSecret('alicekey-77')).toBe('****-77');
  });

  it('reveals nothing when a mask without a tail could be either tenant', async () => {
    const { asked, reveal } = revealer();
    const request = {
      method: 'GET',
      url: 'https://shop.example.com/',
      headers: { Authorization: 'Bearer ****' },
    };
    const result = await revealRequestSecrets(request, MASKED, reveal);
    expect(result.request.headers.Authorization).toBe('Bearer ****');
    expect(result.stillMasked).toEqual(['Authorization']);
    expect(asked).toEqual([]);
  });

  it("puts bob's stored token back, revealing only the secrets whose mask agrees", async () => {
    const { asked, reveal } = revealer();
    const { request } = buildExchange({
      request: {
        method: 'GET',
        url: 'https://shop.example.com/carts/1',
        headers: { Authorization: 'Bearer ****0002', Accept: 'application/json' },
      },
    });
    const result = await revealRequestSecrets(request, MASKED, reveal);
    expect(result.request.headers).toEqual({
      Authorization: 'Bearer bob-token-0002',
      Accept: 'application/json',
    });
    expect(result.stillMasked).toEqual([]);
    expect(asked).toEqual(['/target/tenants/bob/headers/Authorization']);
  });

  it('puts a query credential back and leaves what no stored secret matches masked', async () => {
    const { reveal } = revealer();
    const result = await revealRequestSecrets(
      {
        method: 'GET',
        url: 'https://shop.example.com/carts?key=****y-77&page=2',
        headers: { Cookie: 'sid=****abcd' },
      },
      MASKED,
      reveal,
    );
    expect(result.request.url).toBe('https://shop.example.com/carts?key=alicekey-77&page=2');
    expect(result.request.headers.Cookie).toBe('sid=****abcd');
    expect(result.stillMasked).toEqual(['Cookie']);
  });

  it('asks for nothing when the request holds no masked value', async () => {
    const { asked, reveal } = revealer();
    const request = { method: 'GET', url: 'https://shop.example.com/a b', headers: { A: '1' } };
    expect((await revealRequestSecrets(request, MASKED, reveal)).request).toEqual(request);
    expect(asked).toEqual([]);
  });
});
