/**
 * Lets timers and I/O run. PGlite answers queries as promise continuations, so a long loop of
 * queries never reaches the event loop's I/O phase on its own: the HTTP server would stop
 * answering (and drop its keep-alive sockets) until a 45,000-row import or payment finished.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
