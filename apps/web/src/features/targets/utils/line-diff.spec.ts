import { hasChanges, lineDiff } from './line-diff';

describe('lineDiff', () => {
  it('keeps unchanged lines and marks the changed one as removed then added', () => {
    const lines = lineDiff('version: 1\nname: a\nroutes: []', 'version: 1\nname: b\nroutes: []');
    expect(lines).toEqual([
      { kind: 'same', text: 'version: 1' },
      { kind: 'removed', text: 'name: a' },
      { kind: 'added', text: 'name: b' },
      { kind: 'same', text: 'routes: []' },
    ]);
    expect(hasChanges(lines)).toBe(true);
  });

  it('finds insertions and says when nothing changed', () => {
    expect(lineDiff('a\nc', 'a\nb\nc').map((line) => line.kind)).toEqual(['same', 'added', 'same']);
    expect(hasChanges(lineDiff('a\nb', 'a\nb'))).toBe(false);
  });
});
