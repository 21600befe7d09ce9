import { fillPath, type PathParamName } from './path-params';

// The names read from a template type are checked by the typecheck: a wrong one fails it.
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type _NamesFromTemplates = [
  Expect<Equal<PathParamName<'/runs/:id/cancel'>, 'id'>>,
  Expect<Equal<PathParamName<'/orgs/:orgId/members/:id'>, 'orgId' | 'id'>>,
  Expect<Equal<PathParamName<'/runs'>, never>>,
];

describe('fillPath', () => {
  it('puts each parameter in its place, URL-encoded', () => {
    expect(fillPath('/targets/:id/runs', { id: 'a b/c' })).toBe('/targets/a%20b%2Fc/runs');
    expect(fillPath('/orgs/:orgId/members/:id', { orgId: 'o', id: 'm' })).toBe('/orgs/o/members/m');
  });

  it('leaves a template without parameters as it is', () => {
    expect(fillPath('/findings/overview')).toBe('/findings/overview');
  });

  it('names a missing parameter instead of calling a wrong path', () => {
    expect(() => fillPath('/runs/:id', {})).toThrow('/runs/:id needs the path parameter id');
  });
});
