/** Every entry point imports check-environment first: a bad variable ends the start with its message alone. */
describe('check-environment, the first import of every process', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  function load(): { exit: jest.SpyInstance; written: string } {
    let written = '';
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as () => never);
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh load of the module is the point
      require('./check-environment');
    });
    return { exit, written };
  }

  it('stops with exit code 1 naming a payout tuning variable that modules read while they load', () => {
    process.env.PAYOUT_BACKOFF_MS = 'abc';
    const { exit, written } = load();
    expect(exit).toHaveBeenCalledWith(1);
    expect(written).toContain('PAYOUT_BACKOFF_MS');
    expect(written).not.toContain(' at ');
  });

  it('stops naming PAYOUT_CONCURRENCY when it is not a number', () => {
    process.env.PAYOUT_CONCURRENCY = 'abc';
    const { exit, written } = load();
    expect(exit).toHaveBeenCalledWith(1);
    expect(written).toContain('PAYOUT_CONCURRENCY');
  });

  it('lets a valid environment through', () => {
    delete process.env.PAYOUT_BACKOFF_MS;
    delete process.env.PAYOUT_CONCURRENCY;
    const { exit } = load();
    expect(exit).not.toHaveBeenCalled();
  });
});
