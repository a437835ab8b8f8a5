import { z } from 'zod';
import { NOTIFY_EVENTS } from '../contract/notify';
import { EnvNameSchema } from './schema-primitives';
import { typeError } from './zod-issues';

const DEFAULT_EVENTS = NOTIFY_EVENTS.filter((e) => e !== 'noop');

const UrlSchema = z
  .string({ error: typeError('an http:// or https:// URL') })
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), { error: 'expected an http:// or https:// URL' });

const EventsSchema = z
  .array(z.enum(NOTIFY_EVENTS))
  .min(1, { error: 'expected at least one event' })
  .default([...DEFAULT_EVENTS]);

/**
 * Where switch outcomes are sent. A `webhook` gets a signed JSON POST (docs/configuration.md has the
 * body); `ntfy` gets a push with a title, priority and tags by outcome.
 */
const TargetSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('webhook'),
      url: UrlSchema,
      /** Environment variable holding the HMAC-SHA256 key for the X-Morpheus-Signature-256 header. */
      secret_env: EnvNameSchema.optional(),
      events: EventsSchema,
    }),
    z.strictObject({
      type: z.literal('ntfy'),
      /** The topic's URL, e.g. https://ntfy.sh/my-lab-switches. */
      url: UrlSchema,
      /** Environment variable holding an ntfy access token (sent as a Bearer token). */
      token_env: EnvNameSchema.optional(),
      events: EventsSchema,
    }),
  ],
  { error: 'expected a notification target with type: webhook or type: ntfy' },
);

export const NotifySchema = z.array(TargetSchema, { error: typeError('a list of notification targets') });

export type NotifyTarget = z.output<typeof TargetSchema>;
