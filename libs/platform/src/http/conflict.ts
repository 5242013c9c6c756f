import { problem, ProblemException } from './problem';

/** The version clients see (ETag, `version`): the number of events in the stream. */
export const versionOf = (revision: number): number => revision + 1;

/**
 * The one answer to a lost race (docs/http-conventions.md "Concurrency"): a client that sent
 * `If-Match` gets 412 STALE_VERSION, any other 409 CONCURRENT_MODIFICATION; with the current
 * version when it is known, so the client can reload and decide again.
 */
export function conflictProblem(
  options: { ifMatchSent: boolean; currentRevision?: number; what?: string } = { ifMatchSent: false },
): ProblemException {
  const what = options.what ?? 'record';
  const current =
    options.currentRevision !== undefined ? { currentVersion: versionOf(options.currentRevision) } : {};
  if (options.ifMatchSent)
    return new ProblemException(
      problem(412, `The ${what} changed while this command ran; reload it and try again`, {
        code: 'STALE_VERSION',
        ...current,
      }),
    );
  return new ProblemException(
    problem(409, `Someone else changed this ${what} at the same time; reload it and try again`, {
      code: 'CONCURRENT_MODIFICATION',
      ...current,
    }),
  );
}

/** A stale `If-Match`, noticed before the command ran: 412 with the version the record is at. */
export function staleVersionProblem(expected: number, actual: number): ProblemException {
  return new ProblemException(
    problem(
      412,
      `The record is at version ${versionOf(actual)}, not ${versionOf(expected)}; reload it and try again`,
      { code: 'STALE_VERSION', currentVersion: versionOf(actual) },
    ),
  );
}
