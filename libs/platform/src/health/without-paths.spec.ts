import { withoutPaths } from './health.controller';

describe('/health details never show where files are', () => {
  it('replaces absolute and relative paths, keeps the rest of the detail', () => {
    expect(withoutPaths('pglite (/srv/bpu/data/eventstore)')).toBe('pglite (<path>)');
    expect(withoutPaths("ENOENT: no such file, open './data/x.lock'")).toBe(
      "ENOENT: no such file, open '<path>'",
    );
    expect(withoutPaths('C:\\data\\store unreadable')).toBe('<path> unreadable');
    expect(withoutPaths('2/3 steps; connect ECONNREFUSED 127.0.0.1:5432')).toBe(
      '2/3 steps; connect ECONNREFUSED 127.0.0.1:5432',
    );
  });
});
