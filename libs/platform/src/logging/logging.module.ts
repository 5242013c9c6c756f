import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { redactDeep, redactNiks } from './nik-redaction';

/** Structured JSON logs (pino) with correlation ids; every line is scrubbed of NIKs. */
export function createLoggerModule(level: string) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      genReqId: (req: IncomingMessage) => {
        const given = req.headers['x-correlation-id'];
        return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
      },
      customProps: () => ({ service: 'bpu-claims' }),
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactNiks(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      formatters: {
        log: (object: Record<string, unknown>) => redactDeep(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args: unknown[], method: (...a: unknown[]) => void) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? redactNiks(a) : a)),
          );
        },
      },
    },
  });
}
