import { z } from 'zod';
import { ActorSchema } from './identity';

/** Services that write events to their outbox. Each keeps its own gap-free sequence. */
export const PRODUCERS = ['records', 'workflow'] as const;
export const ProducerSchema = z.enum(PRODUCERS);
export type Producer = z.infer<typeof ProducerSchema>;

/**
 * The envelope every domain event travels in. `version` is the aggregate's version after the change,
 * so a consumer can order events of one aggregate; `seq` is the producer's outbox sequence, gap-free
 * in commit order, so a consumer can detect a missing event and fetch it from the producer's history.
 */
export const envelopeShape = {
  id: z.string().uuid(),
  producer: ProducerSchema,
  seq: z.number().int().positive(),
  version: z.number().int().nonnegative(),
  occurredAt: z.string().datetime({ offset: true }),
  actor: ActorSchema,
  teamId: z.string().nullable(),
  aggregateId: z.string().min(1),
  /** The request id of the work that recorded the event (made at the gateway); absent for older events. */
  requestId: z.string().max(100).optional(),
  /** The W3C trace context of that work, when it was traced: consumers continue its trace. */
  trace: z.object({ traceparent: z.string().max(100), tracestate: z.string().max(512).optional() }).optional(),
};
