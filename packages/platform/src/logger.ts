import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout; one child per component. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-salestrail-identity"]'], remove: true },
  });
}
