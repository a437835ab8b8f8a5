import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes every switch run carries, so the Web UI and `mode history` can filter runs
// by host and mode. A server must know them before a run uses them: `morpheus worker --dev-server`
// and the test setup register them; other servers need `temporal operator search-attribute create`.
export const HOST_ATTRIBUTE = defineSearchAttributeKey('MorpheusHost', SearchAttributeType.KEYWORD);
export const FROM_MODE_ATTRIBUTE = defineSearchAttributeKey('MorpheusFromMode', SearchAttributeType.KEYWORD);

/** MorpheusFromMode holds the running modes comma-separated, or `none`. */
export const fromModesValue = (modes: readonly string[]): string => modes.join(',') || 'none';
export const fromModesOf = (value: string | undefined): readonly string[] | undefined =>
  value === undefined ? undefined : value === 'none' ? [] : value.split(',');
export const TO_MODE_ATTRIBUTE = defineSearchAttributeKey('MorpheusToMode', SearchAttributeType.KEYWORD);
export const OUTCOME_ATTRIBUTE = defineSearchAttributeKey('MorpheusOutcome', SearchAttributeType.KEYWORD);
/** Who asked: `cli:alice@desktop`, `schedule:vr-friday`, `web-ui`; the Web UI can filter runs by it. */
export const REQUESTED_BY_ATTRIBUTE = defineSearchAttributeKey('MorpheusRequestedBy', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [HOST_ATTRIBUTE, FROM_MODE_ATTRIBUTE, TO_MODE_ATTRIBUTE, OUTCOME_ATTRIBUTE, REQUESTED_BY_ATTRIBUTE] as const;
