import { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** The one route label of every request no route matched (401 before routing, 404, 413 …). */
export const UNMATCHED_ROUTE = '<unmatched>';

/**
 * Times every request into `http_request_duration_seconds`, labelled by the route's pattern,
 * never by its raw path: a path is unbounded (one series per request) and may carry a NIK.
 */
export function httpMetricsMiddleware(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const pattern = req.route?.path as unknown;
      const route = typeof pattern === 'string' ? `${req.baseUrl ?? ''}${pattern}` : UNMATCHED_ROUTE;
      metrics.httpDuration.observe(
        { method: req.method, route, status: String(res.statusCode) },
        Number(process.hrtime.bigint() - start) / 1e9,
      );
    });
    next();
  };
}
