/**
 * What went wrong, in one line: an activity's failure wraps the activity's own error as its cause,
 * and that cause's message is the one that says something (Proxmox's answer, a refusal).
 */
export const failureMessage = (err: unknown): string => (err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err));
